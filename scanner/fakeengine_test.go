package scanner_test

// The fake engine the frontier tests drive Scan with (scan_test.go).

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// fakePage is what the fake engine serves at a URL.
type fakePage struct {
	final string // where the page lands; "" for its own URL
	links []string
	fail  string                // the render fails with this error
	wait  bool                  // the render blocks until its ctx ends
	texts []rules.TextCandidate // what the page measures
	// kills: rendering the page kills the browser; in the first browser
	// it first waits for a lingering render to be in flight. lingers: a
	// render in the first browser lasts until that browser dies (or its
	// ctx ends) and fails with it; in a restarted browser it does not
	// linger. Waiting on each other, not for a fixed time, keeps the page
	// beside the killer in flight whichever the machine starts first (a
	// 1 s linger flaked in CI).
	kills, lingers bool
	// errs fail the first renders of the URL, at any viewport, one each
	// in order (a flickering server); later renders succeed.
	errs []error
	// parks: the render parks its slot for this long (a silent server),
	// or until the engine's unpark is closed, or its ctx ends.
	parks time.Duration
	// holds: the render works (holding its slot) this long.
	holds time.Duration
	// sticks: the tab cannot leave the page (Reset fails), as a page busy
	// in a loop of its own after it was measured.
	sticks bool
}

// fakeEngine is a scanner.Renderer over a map of pages. It records every
// render and every tab, so tests see what the frontier asked for.
type fakeEngine struct {
	pages    map[string]fakePage
	openErr  error
	tabFails int // the first tabFails tabs fail to open
	started  chan string

	mu         sync.Mutex
	renders    []string // "URL viewport tab#" in order
	renderedAt []time.Time
	served     map[string]int // renders per URL
	tabsOpened int
	tabsOpen   int
	sessions   int // sessions open
	judged     map[string]*rules.Judgement
	// gen counts the browser's deaths; a tab opened before the last one
	// is dead. died is closed at each death (and replaced).
	gen  int
	died chan struct{}
	// unpark, when closed, ends every parking render's wait.
	unpark chan struct{}
	// lingering is closed when a lingering render is in flight.
	lingering     chan struct{}
	lingeringOnce sync.Once
	// working are the renders in flight not parked, inflight all of them;
	// the max* are the most seen at once.
	working, maxWorking, inflight, maxInflight int
}

func (e *fakeEngine) Engine() scanner.Engine {
	return scanner.Engine{Product: "Fake/1.0", Path: "/fake"}
}

func (e *fakeEngine) Open(ctx context.Context, vs []rules.Viewport, req scanner.Request) (scanner.Session, error) {
	if e.openErr != nil {
		return nil, e.openErr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sessions++
	return &fakeSession{e: e}, nil
}

type fakeSession struct{ e *fakeEngine }

func (s *fakeSession) Tab(ctx context.Context, v rules.Viewport) (scanner.Tab, error) {
	e := s.e
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.tabFails > 0 {
		e.tabFails--
		return nil, errors.New("open tab: refused")
	}
	e.tabsOpened++
	e.tabsOpen++
	return &fakeTab{e: e, v: v, id: e.tabsOpened, gen: e.gen}, nil
}

// Restarts is how many times the fake browser died (and was restarted).
func (s *fakeSession) Restarts() int {
	s.e.mu.Lock()
	defer s.e.mu.Unlock()
	return s.e.gen
}

// kill kills the fake browser: every tab open is dead.
func (e *fakeEngine) kill() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.gen++
	close(e.died)
	e.died = make(chan struct{})
}

// dead reports whether the browser died since tab t was opened.
func (t *fakeTab) dead() bool {
	t.e.mu.Lock()
	defer t.e.mu.Unlock()
	return t.gen != t.e.gen
}

func (s *fakeSession) Close() {
	s.e.mu.Lock()
	defer s.e.mu.Unlock()
	s.e.sessions--
}

type fakeTab struct {
	e      *fakeEngine
	v      rules.Viewport
	id     int
	gen    int // of the browser it was opened in
	closed bool
	// last is the page the tab holds: rendered and not yet left (Reset).
	last string
}

func (t *fakeTab) Render(ctx context.Context, target scanner.Target, o scanner.RenderOptions) (*scanner.Rendered, error) {
	e := t.e
	e.mu.Lock()
	if t.closed {
		e.mu.Unlock()
		return nil, errors.New("render on a closed tab")
	}
	if t.last != "" {
		e.mu.Unlock()
		return nil, fmt.Errorf("render on a tab still holding %s (never reset)", t.last)
	}
	t.last = target.URL
	e.renders = append(e.renders, fmt.Sprintf("%s %s tab%d", target.URL, t.v.Name, t.id))
	e.renderedAt = append(e.renderedAt, time.Now())
	p, ok := e.pages[target.URL]
	died := e.died
	n := e.served[target.URL]
	e.served[target.URL]++
	e.mu.Unlock()
	if e.started != nil {
		e.started <- target.URL
	}
	e.count(1, 1)
	defer e.count(-1, -1)
	if p.parks > 0 {
		if err := e.park(ctx, p.parks, o.Slot); err != nil {
			return nil, fmt.Errorf("load: %w", err)
		}
	}
	time.Sleep(p.holds)
	switch {
	case t.dead():
		return nil, fmt.Errorf("%w: open tab: dead", scanner.ErrBrowserLost)
	case p.kills:
		if t.gen == 0 {
			select {
			case <-e.lingering:
			case <-ctx.Done():
				return nil, fmt.Errorf("load: %w", ctx.Err())
			}
		}
		e.kill()
		return nil, fmt.Errorf("%w: load: websocket closed", scanner.ErrBrowserLost)
	case p.lingers && t.gen == 0:
		e.lingeringOnce.Do(func() { close(e.lingering) })
		select {
		case <-died:
			return nil, fmt.Errorf("%w: load: context canceled", scanner.ErrBrowserLost)
		case <-ctx.Done():
			return nil, fmt.Errorf("load: %w", ctx.Err())
		}
	}
	switch {
	case !ok:
		return nil, errors.New("load: no such page")
	case p.wait:
		<-ctx.Done()
		return nil, fmt.Errorf("load: %w", ctx.Err())
	case n < len(p.errs):
		return &scanner.Rendered{FinalURL: target.URL, HTTPStatus: 503}, p.errs[n]
	case p.fail != "":
		return &scanner.Rendered{FinalURL: target.URL, HTTPStatus: 500}, errors.New(p.fail)
	}
	final := p.final
	if final == "" {
		final = target.URL
	}
	page := &rules.Page{Viewport: t.v, ClientWidth: float64(t.v.Width), DocumentHeight: 2000, Texts: slices.Clone(p.texts)}
	r := &scanner.Rendered{Page: page, FinalURL: final, HTTPStatus: 200}
	if o.Links {
		r.Links = p.links
	}
	if o.Judge != nil {
		r.Judgement = o.Judge(page)
		e.mu.Lock()
		e.judged[target.URL+" "+t.v.Name] = r.Judgement
		e.mu.Unlock()
	}
	return r, nil
}

func (t *fakeTab) Evidence(context.Context, *scanner.Artifacts, *scanner.PageResult, time.Duration) (scanner.Evidence, error) {
	return scanner.Evidence{}, nil
}

func (t *fakeTab) Reset(context.Context) error {
	t.e.mu.Lock()
	defer t.e.mu.Unlock()
	if t.e.pages[t.last].sticks {
		return fmt.Errorf("leave the page: %s is stuck", t.last)
	}
	t.last = ""
	return nil
}

func (t *fakeTab) Close() {
	t.e.mu.Lock()
	defer t.e.mu.Unlock()
	if !t.closed {
		t.closed = true
		t.e.tabsOpen--
	}
}

func newFake(pages map[string]fakePage) *fakeEngine {
	return &fakeEngine{pages: pages, judged: map[string]*rules.Judgement{}, died: make(chan struct{}), served: map[string]int{}, unpark: make(chan struct{}), lingering: make(chan struct{})}
}

// count adds to the renders working and in flight, keeping the maxima.
func (e *fakeEngine) count(working, inflight int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.working += working
	e.inflight += inflight
	e.maxWorking = max(e.maxWorking, e.working)
	e.maxInflight = max(e.maxInflight, e.inflight)
}

// park parks the render's slot for d, or until unpark is closed, then
// resumes it, as an engine waiting on a silent server does.
func (e *fakeEngine) park(ctx context.Context, d time.Duration, s scanner.Slot) error {
	if s == nil {
		return errors.New("the render has no slot to park")
	}
	e.count(-1, 0) // before another render can take the slot
	s.Park(true)
	select {
	case <-time.After(d):
	case <-e.unpark:
	case <-ctx.Done():
	}
	if err := s.Resume(ctx); err != nil {
		return err
	}
	e.count(1, 0)
	return nil
}

var bothViewports = []rules.Viewport{
	{Name: "mobile", Width: 375, Height: 812, Scale: 2, MiniProgram: true},
	{Name: "desktop", Width: 1366, Height: 768, Scale: 1},
}
