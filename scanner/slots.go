package scanner

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Slot is a render's hold on one of the run's rendering slots (there are
// Options.Concurrency). An engine parks it while its page only waits on
// the network (a server that has not sent the document yet, or sends it
// slowly), so that a silent server does not keep other pages from
// rendering, and resumes it before the page works again. Park and Resume
// alternate, are called by one goroutine at a time, and never after
// Render returned; an engine that never parks holds its slot throughout.
type Slot interface {
	// Park gives the slot up: another page may render meanwhile. quiet
	// says the server sends little or nothing (a dead backend, a
	// trickle): the page's next viewport may start meanwhile too. A
	// document streaming in fast is not quiet: its renderer is busy with
	// it, and a second one beside it would hold the page in memory twice.
	// Parking a parked slot does nothing.
	Park(quiet bool)
	// Resume takes a slot back, waiting for one (a render resuming goes
	// before new ones, and goes on without a slot after a short wait); it
	// returns ctx's error when ctx ends first (the render is ending
	// anyway). Resuming a slot not parked does nothing. A render may end
	// parked.
	Resume(ctx context.Context) error
}

// resumeWithin bounds the wait of a parked render for a slot once its
// document is in. Past it, the render goes on beside the ones holding the
// slots, one page over Concurrency for a while, rather than spend its own
// timeout waiting: a page that never yields holds its slot until
// --timeout. Renders coming back from a park get the next slot freed
// before new ones.
var resumeWithin = 2 * time.Second

// parkedPerSlot bounds the extra workers that take the place of parked
// renders: at most Concurrency × parkedPerSlot pages wait on the network
// beside the Concurrency that render.
const parkedPerSlot = 2

// pool is a run's rendering slots and the count of its workers: Scan
// starts a worker when a parked render leaves a slot free and no worker
// is idle, and a worker leaves after a page when there are more workers
// than slots and parked renders.
type pool struct {
	free chan struct{} // one token per slot not held
	// back hands a token freed straight to a render resuming (unbuffered:
	// only when one waits).
	back   chan struct{}
	parked atomic.Int64
	// live are the workers started and not left; idle those waiting for a
	// page.
	live, idle atomic.Int64
	// wake tells Scan that a render parked (it may start a worker).
	wake chan struct{}
	n    int64
}

func newPool(concurrency int) *pool {
	n := max(1, concurrency)
	p := &pool{free: make(chan struct{}, n), back: make(chan struct{}), wake: make(chan struct{}, 1), n: int64(n)}
	for range n {
		p.free <- struct{}{}
	}
	return p
}

// want is the number of workers the run should have now: one per slot,
// and one per parked render up to the bound.
func (p *pool) want() int64 {
	return p.n + min(p.parked.Load(), p.n*parkedPerSlot)
}

// grow reports whether Scan should start a worker for a page waiting to
// be sent: none is idle and parked renders leave room for one. It counts
// the worker as live.
func (p *pool) grow() bool {
	if p.idle.Load() > 0 || p.live.Load() >= p.want() {
		return false
	}
	p.live.Add(1)
	return true
}

// shrink reports whether a worker that finished a page should leave, and
// counts it gone when it should.
func (p *pool) shrink() bool {
	for {
		l := p.live.Load()
		if l <= p.want() {
			return false
		}
		if p.live.CompareAndSwap(l, l-1) {
			return true
		}
	}
}

// acquire waits for a free slot; the slot returned is held until its
// release. A free slot is taken even when ctx has ended, so that the
// render says how it ends then, as without slots.
func (p *pool) acquire(ctx context.Context) (*slot, error) {
	select {
	case <-p.free:
		return &slot{p: p, held: true}, nil
	default:
	}
	select {
	case <-p.free:
		return &slot{p: p, held: true}, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for a rendering slot: %w", context.Cause(ctx))
	}
}

// put frees a token: to a render resuming if one waits, else to the pool.
func (p *pool) put() {
	select {
	case p.back <- struct{}{}:
	default:
		p.free <- struct{}{}
	}
}

// slot is one render's Slot: held (a token), parked, or neither (released,
// or borrowed after resumeWithin: going on without a token).
type slot struct {
	p  *pool
	mu sync.Mutex
	// inPark says the slot is parked; held that it holds a token.
	held, inPark bool
	// parked, when set, is called at each quiet park (the worker starts
	// the page's next viewport then).
	parked func()
}

func (s *slot) Park(quiet bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.held {
		return
	}
	s.held, s.inPark = false, true
	s.p.parked.Add(1)
	s.p.put()
	select {
	case s.p.wake <- struct{}{}:
	default: // Scan has a wake-up pending already
	}
	if quiet && s.parked != nil {
		s.parked()
	}
}

func (s *slot) Resume(ctx context.Context) error {
	s.mu.Lock()
	parked := s.inPark
	s.mu.Unlock()
	if !parked {
		return nil
	}
	timer := time.NewTimer(resumeWithin)
	defer timer.Stop()
	held := true
	select {
	case <-s.p.free:
	case <-s.p.back:
	case <-timer.C:
		held = false // borrowed: the page goes on without a token
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held, s.inPark = held, false
	s.p.parked.Add(-1)
	return nil
}

// release ends the slot's hold, parked or not.
func (s *slot) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held {
		s.p.put()
	}
	if s.inPark {
		s.p.parked.Add(-1)
	}
	s.held, s.inPark = false, false
}
