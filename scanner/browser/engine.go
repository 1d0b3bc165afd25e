package browser

import (
	"context"
	"fmt"
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
func (b *Browser) Engine() scanner.Engine { return scanner.Engine{Product: b.Product, Path: b.Path} }

// Open creates a browser context per viewport holding req's cookies (see
// openVisits); the session's tabs carry req's headers, credentials and
// blocked classes.
func (b *Browser) Open(ctx context.Context, vs []rules.Viewport, req scanner.Request) (scanner.Session, error) {
	visits, dispose, err := b.openVisits(ctx, vs, req.Cookies, req.Origins)
	if err != nil {
		return nil, err
	}
	return &session{b: b, visits: visits, dispose: dispose, req: req}, nil
}

// session is one run's visits.
type session struct {
	b       *Browser
	visits  []*visit
	dispose func()
	req     scanner.Request
}

// Tab opens a tab in the viewport's browser context.
func (s *session) Tab(_ context.Context, v rules.Viewport) (scanner.Tab, error) {
	for _, vis := range s.visits {
		if vis.viewport.Name == v.Name {
			t, err := s.b.newTab(vis, s.req)
			if err != nil {
				return nil, err // not a nil *tab in a non-nil Tab
			}
			return t, nil
		}
	}
	return nil, fmt.Errorf("open tab: no visit at viewport %s", v.Name)
}

// Close disposes of the visits, and so of their tabs.
func (s *session) Close() { s.dispose() }

// Render renders the target at the tab's viewport.
func (t *tab) Render(ctx context.Context, target scanner.Target, o scanner.RenderOptions) (*scanner.Rendered, error) {
	t.guard.reset(o.Redirect)
	t.blocked.reset()
	r, err := t.render(ctx, target, o.Timeout, o.Judge, o.Links)
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
	return t.evidence(ctx, a, pr, timeout)
}

// Close closes the tab.
func (t *tab) Close() { t.close() }
