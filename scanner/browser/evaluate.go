package browser

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/scanner/browser/probe"
)

// worldName names the isolated world the measurements run in: the page's
// DOM, but built-ins of its own, so a page that replaces Array.prototype.map,
// getComputedStyle or getBoundingClientRect (to break scrapers, or by
// accident) can neither break the probe nor make it measure what is not
// displayed. hooks.js and late.js stay in the page's world: they watch the
// page's own timers and navigations.
const worldName = "beiancheck"

// pageWorld is the frame argument of evaluateFollowing for the page's own
// world.
const pageWorld cdp.FrameID = ""

// measure settles the page (scrolls to the bottom, finishes animations) and
// runs the probe, after waiting for a quiet DOM when quiet is set, in an
// isolated world of the tab's main frame; then it reads what hooks.js
// noted in the page's world.
func (t *tab) measure(ctx context.Context, quiet bool) (*probed, error) {
	js, what := settleProbeJS, "scroll, settle and probe"
	if quiet {
		js, what = quietSettleProbeJS, "wait for a quiet DOM, settle and probe"
		// A footer filled from a request (a site-config API answering in
		// 2–4 s) leaves the DOM quiet while the request is in flight: wait
		// for the page's requests first. Only the deadline makes this wait
		// fail the page; a page whose world cannot be read is waited for as
		// before.
		if _, _, err := evaluateFollowing[int](ctx, pageWorld, requestsJS); err != nil && ctx.Err() != nil {
			return nil, fmt.Errorf("wait for the page's requests: %w", err)
		}
	}
	raw, _, err := evaluateFollowing[[]byte](ctx, t.guard.frame, js)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	a, err := probe.Decode(raw)
	if err != nil {
		return nil, err
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[hooked](hookedJS))
	switch {
	case navigatedAway(err):
		a.Leaving = true
	case err != nil:
		return nil, fmt.Errorf("read the page's timers: %w", err)
	default:
		// A page whose document changed since the probe ran has left it.
		a.LateDue, a.Leaving = st.LateDue, st.Leaving || st.URL != a.FinalURL
	}
	return a, nil
}

// hooked is what hooks.js noted of the page's timers and navigations.
type hooked struct {
	LateDue float64 `json:"late_due"`
	Leaving bool    `json:"leaving"`
	URL     string  `json:"url"`
}

// hookedJS reads it in the page's world.
const hookedJS = `(() => {
  const bc = window.__beiancheck;
  return { late_due: bc ? bc.lastDue() : 0, leaving: bc ? bc.leaving() : false, url: location.href };
})()`

// navigationRetries is how many times an evaluation starts again on the
// page a self-navigating page went to.
const navigationRetries = 4

// loadedJS resolves once the document has loaded, or after 5 s (a page
// that calls document.open() erases the listener).
const loadedJS = `new Promise((r) => {
  if (document.readyState === 'complete') return r(true);
  addEventListener('load', () => r(true), { once: true });
  const { setTimeout } = window.__beiancheck || window; // called unbound, as a timer must be
  setTimeout(() => r(false), 5000);
})`

// requestsJS waits, in the page's world, until none of the page's fetch
// and XMLHttpRequest calls is in flight (hooks.js counts them), at most
// quietBudget; it returns how many still are.
var requestsJS = fmt.Sprintf(`new Promise((r) => {
  const bc = window.__beiancheck;
  if (!bc || !bc.requests) return r(0);
  const { setTimeout } = bc; // called unbound, as a timer must be
  const until = Date.now() + %d;
  const look = () => (bc.requests() === 0 || Date.now() >= until ? r(bc.requests()) : setTimeout(look, 100));
  look();
})`, quietBudget.Milliseconds())

// evaluateFollowing evaluates an expression that settles in the page (and
// awaits its promise): in a new isolated world of frame, or in the page's
// own world when frame is pageWorld. A page that navigates itself while it
// runs (a redirect by location.replace after load, a reload) destroys the
// evaluation's context: then it waits for the new document to load and
// evaluates again there, a few times at most. navigated says it did.
func evaluateFollowing[T any](ctx context.Context, frame cdp.FrameID, js string) (v T, navigated bool, err error) {
	for try := 0; ; try++ {
		v, err = evaluateIn[T](ctx, frame, js)
		if err == nil || !navigatedAway(err) || ctx.Err() != nil {
			return v, navigated, err
		}
		if try == navigationRetries {
			return v, navigated, fmt.Errorf("the page kept navigating (%d navigations while it was measured): %w", try+1, err)
		}
		navigated = true
		select {
		case <-ctx.Done():
			return v, navigated, err
		case <-time.After(200 * time.Millisecond):
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](loadedJS, chromedp.EvalAwaitPromise)); err != nil && !navigatedAway(err) {
			return v, navigated, err
		}
	}
}

// evaluateIn evaluates once, in a new isolated world of frame (a world
// lives as long as its document: each evaluation makes its own) or in the
// page's world.
func evaluateIn[T any](ctx context.Context, frame cdp.FrameID, js string) (T, error) {
	opts := []chromedp.EvaluateOption{chromedp.EvalAwaitPromise}
	if frame != pageWorld {
		w, err := chromedp.Call(ctx, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frame, WorldName: worldName})
		if err != nil {
			var zero T
			return zero, fmt.Errorf("create the isolated world: %w", err)
		}
		opts = append(opts, func(p *runtime.EvaluateParams) { p.ContextID = w.ExecutionContextID })
	}
	return chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
}

// navigatedAway reports whether an evaluation failed because the page
// left the document it ran in.
func navigatedAway(err error) bool {
	var e *cdproto.Error
	if !errors.As(err, &e) {
		return false
	}
	return strings.Contains(e.Message, "navigated or closed") || strings.Contains(e.Message, "Execution context was destroyed") ||
		strings.Contains(e.Message, "Cannot find context") || strings.Contains(e.Message, "No frame for given id")
}
