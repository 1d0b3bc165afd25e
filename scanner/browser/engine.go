package browser

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// Browser, its visits and its tabs are the Chromium engine behind
// scanner's interfaces.
var (
	_ scanner.Renderer = (*Browser)(nil)
	_ scanner.Session  = (*session)(nil)
	_ scanner.Tab      = (*tab)(nil)
)

// Engine names the browser for the report.
func (b *Browser) Engine() scanner.Engine {
	return scanner.Engine{Product: b.Product, Path: b.Path, NoSandbox: b.noSandbox}
}

// Open creates a browser context per viewport holding req's cookies (see
// openVisits); the session's tabs carry req's headers, credentials and
// blocked classes.
func (b *Browser) Open(ctx context.Context, vs []rules.Viewport, req scanner.Request) (scanner.Session, error) {
	s := &session{b: b, vs: vs, req: req, pins: map[context.Context]int{}, retiring: map[context.Context]func(){}}
	if err := s.reopen(ctx, b.running()); err != nil {
		return nil, err
	}
	return s, nil
}

// reopen opens the session's visits in the browser bctx belongs to, with
// the cookies of every origin Origins holds by now (later ones: see seed).
// The caller holds s.mu, or is Open.
func (s *session) reopen(ctx, bctx context.Context) error {
	origins := s.req.Origins.List()
	visits, dispose, err := s.b.openVisits(ctx, bctx, s.vs, s.req.Cookies, origins)
	if err != nil {
		return err
	}
	s.bctx, s.visits, s.dispose, s.seeded = bctx, visits, dispose, map[string]bool{}
	for _, o := range origins {
		s.seeded[o] = true
	}
	return nil
}

// seed sets the cookies for rawURL's origin in every visit when the crawl
// admitted that origin after the visits were opened, before its first
// page is loaded.
func (s *session) seed(ctx context.Context, rawURL string) error {
	o := scanner.Origin(rawURL)
	if len(s.req.Cookies) == 0 || s.req.Origins == nil || o == "" || !s.req.Origins.Has(o) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seeded[o] {
		return nil
	}
	cctx, cancel := context.WithCancel(s.bctx)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	for _, v := range s.visits {
		if err := setCookies(cctx, v.id, s.req.Cookies, []string{o}); err != nil {
			return lost(s.bctx, fmt.Errorf("%s: %w", v.viewport.Name, err))
		}
	}
	s.seeded[o] = true
	return nil
}

// session is one run's visits, in the running browser: when its process
// died, the next tab asked for restarts it and opens the visits again.
type session struct {
	b   *Browser
	vs  []rules.Viewport
	req scanner.Request

	mu      sync.Mutex
	bctx    context.Context // the browser process the visits are in
	visits  []*visit
	dispose func()
	// seeded holds the origins whose cookies the visits have.
	seeded map[string]bool
	// renders counts the renders since the browser started; recycles the
	// times it was recycled (see Recycle).
	renders, recycles int
	// overRSS is how long the browser's memory has been past
	// Recycle.MaxRSS.
	overRSS sustained
	// pins counts the renders, tab openings and captures using each
	// browser process (by its context); retiring holds the stop of each
	// recycled browser still pinned, called with its last pin (see pin).
	pins     map[context.Context]int
	retiring map[context.Context]func()
}

// Tab opens a tab in the viewport's browser context.
func (s *session) Tab(ctx context.Context, v rules.Viewport) (scanner.Tab, error) {
	bctx, visits, release, err := s.pin(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	for _, vis := range visits {
		if vis.viewport.Name == v.Name {
			t, err := s.b.newTab(bctx, vis, s.req)
			if err != nil {
				return nil, lost(bctx, err) // not a nil *tab in a non-nil Tab
			}
			t.s = s
			return t, nil
		}
	}
	return nil, fmt.Errorf("open tab: no visit at viewport %s", v.Name)
}

// currentLocked returns the session's browser and visits, restarting the
// browser and opening the visits again when its process has died. The
// caller holds s.mu.
func (s *session) currentLocked(ctx context.Context) (context.Context, []*visit, error) {
	if s.bctx.Err() == nil {
		return s.bctx, s.visits, nil
	}
	bctx, err := s.b.revive(s.bctx)
	if err != nil {
		return nil, nil, fmt.Errorf("open tab: %w", err)
	}
	if err := s.reopen(ctx, bctx); err != nil {
		return nil, nil, fmt.Errorf("open tab after a browser restart: %w", err)
	}
	return bctx, s.visits, nil
}

// Restarts is how many times the browser was restarted.
func (s *session) Restarts() int { return s.b.Restarts() }

// Recycles is how many times the session's browser was recycled.
func (s *session) Recycles() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recycles
}

// Close disposes of the visits, and so of their tabs.
func (s *session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispose()
}

// lost marks err as the browser's death when the process bctx belongs to
// has died.
func lost(bctx context.Context, err error) error {
	if err == nil || bctx.Err() == nil {
		return err
	}
	return fmt.Errorf("%w: %w", scanner.ErrBrowserLost, err)
}

// Render renders the target at the tab's viewport.
func (t *tab) Render(ctx context.Context, target scanner.Target, o scanner.RenderOptions) (*scanner.Rendered, error) {
	if err := t.s.recycleIfDue(ctx); err != nil {
		return nil, err
	}
	// The browser rendered in runs until the render is done, even when it
	// is recycled meanwhile.
	bctx, visits, release, err := t.s.pin(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	if err := t.renew(bctx, visits); err != nil {
		return nil, err
	}
	if err := t.s.seed(ctx, target.URL); err != nil {
		return nil, err
	}
	t.guard.reset(o.Redirect)
	t.blocked.reset()
	r, err := t.render(ctx, target, o)
	err = lost(t.bctx, err)
	t.blocked.settle(ctx)
	bs, doc := t.blocked.result()
	if to, status, why := t.guard.result(); to != "" {
		// The redirect was not followed: the page is where it pointed.
		return &scanner.Rendered{FinalURL: to, HTTPStatus: status, Skip: "redirected out of scope (" + why + ") to " + to, Blocked: bs}, nil
	} else if doc != "" {
		// The document (or a redirect's next hop) was refused: plain
		// HTTP by the proxy's answer, a tunnel (https) by its memory.
		return &scanner.Rendered{FinalURL: target.URL, Blocked: bs}, fmt.Errorf("load: blocked: %s", doc)
	}
	if r == nil && len(bs) == 0 {
		return nil, err
	} else if r == nil {
		return &scanner.Rendered{Blocked: bs}, err // nothing else known
	}
	return &scanner.Rendered{Page: r.page, Judgement: r.judgement, FinalURL: r.finalURL, HTTPStatus: r.httpStatus, Links: r.links, Skip: r.skip, Blocked: bs}, err
}

// Evidence draws the measurement over the page and captures it.
func (t *tab) Evidence(ctx context.Context, a *scanner.Artifacts, pr *scanner.PageResult, timeout time.Duration) (scanner.Evidence, error) {
	release, ok := t.s.pinTab(t)
	if !ok {
		return scanner.Evidence{}, errors.New("capture: the browser that rendered the page is gone (recycled or restarted since)")
	}
	defer release()
	return t.evidence(ctx, a, pr, timeout)
}

// Close closes the tab.
func (t *tab) Close() { t.close() }
