package scanner

import (
	"context"
	"time"

	"github.com/beiancheck/beiancheck/rules"
)

// Renderer is an engine that renders targets into measured pages: the
// Chromium browser (package scanner/browser) today; a remote browser pool
// or a browser-free static engine would plug in here. Scan drives it.
type Renderer interface {
	// Engine names the engine for the report.
	Engine() Engine
	// Open starts a run's visits, one per viewport, each holding req's
	// cookies: nothing a page stores at one viewport is seen at another.
	Open(ctx context.Context, vs []rules.Viewport, req Request) (Session, error)
}

// Engine is what a report says rendered its pages.
type Engine struct {
	Product string // "Chromium/156.0.8078.73"
	Path    string
}

// Session is the open visits of one run; Close ends them and their tabs.
type Session interface {
	// Tab opens a tab at one of the run's viewports, which a worker reuses
	// across pages.
	Tab(ctx context.Context, v rules.Viewport) (Tab, error)
	Close()
}

// Tab renders one page at a time at its viewport. A tab whose render
// failed is closed and replaced: it may be stuck in a hostile page.
type Tab interface {
	// Render loads the target, lets it settle and measures it. A render
	// that got a response but failed returns what it knows with the error.
	Render(ctx context.Context, t Target, o RenderOptions) (*Rendered, error)
	// Evidence captures screenshots of the page last rendered, judged as
	// pr, into a.
	Evidence(ctx context.Context, a *Artifacts, pr *PageResult, timeout time.Duration) (Evidence, error)
	Close()
}

// RenderOptions are what one render is asked for.
type RenderOptions struct {
	// Timeout bounds the page, load to last measurement.
	Timeout time.Duration
	// Links asks for the links of the rendered page.
	Links bool
	// Judge judges a measured page for the engine to decide whether it
	// needs a second look (Judgement.Settled): the judgement of the page
	// returned comes back in Rendered, so that no page is judged twice.
	// Without it every page gets the second look.
	Judge func(*rules.Page) *rules.Judgement
	// Redirect says why the page's document may not be redirected to to
	// (out of the crawl's scope), or "": a refused redirect is not
	// followed, and the render returns its target as FinalURL with Skip
	// saying why. Nil follows every redirect.
	Redirect func(to string) string
}

// Rendered is what one render of a page at a viewport gives.
type Rendered struct {
	Page *rules.Page // nil when the page was not measured
	// Judgement is Page's, made by RenderOptions.Judge; nil when the
	// engine did not judge the page it returns.
	Judgement  *rules.Judgement
	FinalURL   string
	HTTPStatus int
	Links      []string // <a href> of the rendered DOM, when asked for
	// Skip says why the target is not a page to check (its response is
	// not HTML, or it redirects out of scope); Page is nil then.
	Skip string
	// Blocked are the requests of this render that the egress policy
	// refused, in any order, repeats allowed.
	Blocked []BlockedRequest
}
