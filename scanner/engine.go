package scanner

import (
	"context"
	"errors"
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
	// NoSandbox says the browser runs without its own sandbox (as root,
	// where Chromium needs --no-sandbox): a page's code is then confined
	// only by the process and the machine.
	NoSandbox bool
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
	// Reset stops the page last rendered once the worker is done with
	// it: nothing that page scheduled may reach the next render (a timer
	// that navigates would take the tab from the next page). An error
	// means the tab is not fit for another page; the worker closes it.
	Reset(ctx context.Context) error
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
	// Slot is the rendering slot the render holds, which the engine may
	// park while the page waits on its server; nil: none to park.
	Slot Slot
	// parked is the worker's notice of a quiet park, which Scan sets on
	// the slot it gives the render (the engine sees only Slot).
	parked func()
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

// TransientError marks a render's failure as one that may not happen on the
// next attempt: the network or the server failed for a moment (a connection
// refused or reset, no answer within the timeout, HTTP 5xx or 429 for the
// document). The engine decides what is transient, since only it knows its
// errors; Scan tries such a page-viewport again (Options.Retry). Every
// other error is final: a 404, a load the egress policy refused, a renderer
// that crashed, a page that timed out once it answered.
type TransientError struct {
	Err error
	// RetryAfter is the wait the server asked for (its Retry-After
	// header), 0 when it asked for none.
	RetryAfter time.Duration
}

func (e *TransientError) Error() string { return e.Err.Error() }

func (e *TransientError) Unwrap() error { return e.Err }

// ErrBrowserLost marks a render that ended because the browser itself died
// (its process killed or crashed), not because of the page alone. The
// session restarts the browser for the next tab; the scanner renders the
// page-viewport again, alone (see isolation), and never as a transient
// failure (Options.Retry), even when wrapped in one.
var ErrBrowserLost = errors.New("the browser process exited")

// Restarter is a Session that can say how many times it restarted its
// browser (Result.BrowserRestarts).
type Restarter interface {
	Restarts() int
}

// Recycler is a Session that can say how many times it recycled its
// browser between pages (Result.BrowserRecycles).
type Recycler interface {
	Recycles() int
}
