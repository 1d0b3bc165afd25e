package browser

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/beiancheck/beiancheck/scanner/browser/proc"
)

// Recycle says when a long run's browser is restarted between pages: a
// browser grows over thousands of pages (caches, renderers kept for
// reuse, fragmented heaps), and a fresh one renders the rest as fast as
// the first. Zero values turn each trigger off.
type Recycle struct {
	// Pages restarts the browser after this many page-viewports.
	Pages int
	// MaxRSS restarts it, between pages, when the resident memory of its
	// processes passes this many bytes, and has stayed past it for Over.
	MaxRSS int64
	// Over is how long the memory must stay past MaxRSS (0: at once). A
	// heavy page in flight (a memory bomb at its heap cap, 200,000 spans)
	// raises it until the page ends, and a recycling then only starts a new
	// browser beside the old one, which finishes that page; memory that
	// outlives every page in flight (the page timeout) is the browser's.
	Over time.Duration
}

// sustained tells whether a condition has held for a while.
type sustained struct{ since time.Time }

// holds records whether the condition holds at now, and reports whether
// it has held, without a break, for at least d.
func (s *sustained) holds(cond bool, now time.Time, d time.Duration) bool {
	switch {
	case !cond:
		s.since = time.Time{}
		return false
	case s.since.IsZero():
		s.since = now
	}
	return now.Sub(s.since) >= d
}

// recycleIfDue replaces the session's browser with a new one when its
// Recycle says so, and opens the visits again in the new browser; tabs of
// the old one open again in the new one at their next render (renew). The
// old browser is not waited for: its renders in flight end in it, and it
// stops when the last of them is done (see pin). A recycling that waited
// for them, holding new renders back, stopped the whole run for as long as
// its slowest page: a page in a loop of its own until --timeout, each time
// a memory bomb took the browser past --max-browser-rss.
func (s *session) recycleIfDue(ctx context.Context) error {
	rc := s.b.Recycle
	if rc.Pages <= 0 && rc.MaxRSS <= 0 {
		return nil
	}
	s.mu.Lock()
	s.renders++
	cur := s.bctx
	s.mu.Unlock()
	if !s.due(rc) {
		return nil
	}
	return s.recycle(ctx, cur)
}

// recycle replaces the browser cur belongs to, unless another render did
// it meanwhile or it died (currentLocked restarts it then).
func (s *session) recycle(ctx, cur context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bctx != cur || cur.Err() != nil {
		return nil
	}
	bctx, stop, err := s.b.replace(cur)
	if err != nil {
		return fmt.Errorf("recycle the browser: %w", err)
	}
	if err := s.reopen(ctx, bctx); err != nil {
		// The visits are still those of the old browser: stopped, it is
		// replaced by the new one at the next tab (see currentLocked).
		stop()
		return fmt.Errorf("open the visits after recycling the browser: %w", err)
	}
	if s.pins[cur] > 0 {
		s.retiring[cur] = stop
	} else {
		stop()
	}
	s.renders, s.overRSS = 0, sustained{}
	s.recycles++
	return nil
}

// due reports whether the browser is due for recycling.
func (s *session) due(rc Recycle) bool {
	s.mu.Lock()
	n := s.renders
	s.mu.Unlock()
	if rc.Pages > 0 && n > rc.Pages {
		return true
	}
	if rc.MaxRSS <= 0 {
		return false
	}
	over := proc.TreeRSS(s.b.PID()) > rc.MaxRSS
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.overRSS.holds(over, time.Now(), rc.Over)
}

// pin returns the running browser and the session's visits in it
// (restarting it when its process died, see currentLocked), pinned until
// release: a recycled browser keeps running while a render, a tab's
// opening or a capture has it pinned.
func (s *session) pin(ctx context.Context) (bctx context.Context, visits []*visit, release func(), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bctx, visits, err = s.currentLocked(ctx); err != nil {
		return nil, nil, nil, err
	}
	return bctx, visits, s.pinLocked(bctx), nil
}

// pinTab pins the browser a tab was opened in, for work on the page it
// holds; ok is false when that browser is neither the running one nor a
// recycled one still pinned (it is stopped, or stopping).
func (s *session) pinTab(t *tab) (release func(), ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.bctx != s.bctx && s.retiring[t.bctx] == nil {
		return nil, false
	}
	return s.pinLocked(t.bctx), true
}

// pinLocked counts a pin on bctx; release drops it and stops a recycled
// browser with its last pin. The caller holds s.mu.
func (s *session) pinLocked(bctx context.Context) (release func()) {
	s.pins[bctx]++
	return sync.OnceFunc(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.pins[bctx]--; s.pins[bctx] > 0 {
			return
		}
		delete(s.pins, bctx)
		if stop := s.retiring[bctx]; stop != nil {
			delete(s.retiring, bctx)
			stop()
		}
	})
}

// renew opens the tab again, in place, in the browser bctx (the pinned
// one, with its visits) when it is not the one the tab was opened in (it
// was recycled or restarted).
func (t *tab) renew(bctx context.Context, visits []*visit) error {
	if bctx == t.bctx {
		return nil
	}
	for _, vis := range visits {
		if vis.viewport.Name == t.viewport.Name {
			nt, err := t.s.b.newTab(bctx, vis, t.s.req)
			if err != nil {
				return lost(bctx, err)
			}
			t.close()
			nt.s = t.s
			*t = *nt
			return nil
		}
	}
	return fmt.Errorf("open tab: no visit at viewport %s", t.viewport.Name)
}

// replace starts a new browser in place of the one cur belongs to and
// returns it, with stop, which stops the old one in the background: its
// pages in flight go on meanwhile, while new ones render in the new
// browser. Close stops it too, if stop was not called by then. When cur is
// not the running browser, someone else replaced it already: its stop is
// theirs, and stop does nothing.
func (b *Browser) replace(cur context.Context) (_ context.Context, stop func(), err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, nil, fmt.Errorf("the browser was closed")
	}
	if b.ctx != cur {
		return b.ctx, func() {}, nil
	}
	ctx, cancel, err := b.launch()
	if err != nil {
		return nil, nil, fmt.Errorf("start a new browser: %w", err)
	}
	old := b.cancel
	b.ctx, b.cancel = ctx, cancel
	b.retired = append(b.retired, old)
	return ctx, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if !b.closed { // else Close stops it
			b.stopping.Go(old)
		}
	}, nil
}
