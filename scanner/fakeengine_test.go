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
	tabsOpened int
	tabsOpen   int
	sessions   int // sessions open
	judged     map[string]*rules.Judgement
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
	return &fakeTab{e: e, v: v, id: e.tabsOpened}, nil
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
	closed bool
}

func (t *fakeTab) Render(ctx context.Context, target scanner.Target, o scanner.RenderOptions) (*scanner.Rendered, error) {
	e := t.e
	e.mu.Lock()
	if t.closed {
		e.mu.Unlock()
		return nil, errors.New("render on a closed tab")
	}
	e.renders = append(e.renders, fmt.Sprintf("%s %s tab%d", target.URL, t.v.Name, t.id))
	p, ok := e.pages[target.URL]
	e.mu.Unlock()
	if e.started != nil {
		e.started <- target.URL
	}
	switch {
	case !ok:
		return nil, errors.New("load: no such page")
	case p.wait:
		<-ctx.Done()
		return nil, fmt.Errorf("load: %w", ctx.Err())
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

func (t *fakeTab) Close() {
	t.e.mu.Lock()
	defer t.e.mu.Unlock()
	if !t.closed {
		t.closed = true
		t.e.tabsOpen--
	}
}

func newFake(pages map[string]fakePage) *fakeEngine {
	return &fakeEngine{pages: pages, judged: map[string]*rules.Judgement{}}
}

var bothViewports = []rules.Viewport{
	{Name: "mobile", Width: 375, Height: 812, Scale: 2, MiniProgram: true},
	{Name: "desktop", Width: 1366, Height: 768, Scale: 1},
}
