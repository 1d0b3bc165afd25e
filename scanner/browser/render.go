package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser/probe"
	"github.com/beiancheck/beiancheck/scanner/discover"
)

// Waits of one render. Each is bounded; all of them also end with the
// page's deadline.
const (
	settleRounds = 12
	settleBudget = 4 * time.Second
	quietFor     = 1500 * time.Millisecond
	quietBudget  = 5 * time.Second
	// lateHorizon: short timeouts due this long after navigation are
	// waited for when the page changes once they fire (an overlay shown
	// by one), and the page is measured again.
	lateHorizon = 2 * time.Second
)

// tab is one browser tab that a worker reuses across pages, at one
// viewport for its whole life, in that viewport's browser context.
type tab struct {
	s        *session
	bctx     context.Context // the browser process the tab is in
	ctx      context.Context
	cancel   context.CancelFunc
	viewport rules.Viewport
	auth     *challenges // nil without --auth
	guard    *guard      // the main frame's redirects and egress refusals
	blocked  *blockedLog // the page's requests the egress refused
	// crashed ends when the tab's renderer dies (see watchCrash); its cause
	// says how it ended.
	crashed context.Context
	// stopped says Reset disabled the scripts of the page the tab holds.
	stopped bool
	// heapCap is the renderer's JavaScript heap cap (0: none).
	heapCap int64
	// hung ends the render in flight with its cause (see watchHang).
	hung context.CancelCauseFunc
}

// newTab opens a tab in the visit's browser context that emulates its
// viewport, answers JavaScript dialogs by itself (an unanswered alert hangs
// navigation) and defines the web-view environment before page scripts run.
func (b *Browser) newTab(bctx context.Context, vis *visit, req scanner.Request) (*tab, error) {
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithExistingBrowserContext(vis.id))
	_, ver, _ := strings.Cut(b.Product, "/")
	v := vis.viewport
	add := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		// chromedp enables the DOM, CSS and Log domains on every tab;
		// beiancheck reads the page with its own scripts, and those domains
		// only make the browser track and send every style sheet, node and
		// console message.
		for _, c := range []cdp.Command[cdp.Empty, cdp.Empty]{css.Disable, dom.Disable, log.Disable} {
			if _, err := cdp.Call(ctx, t, c, cdp.Empty{}); err != nil {
				return fmt.Errorf("%s: %w", c.Method, err)
			}
		}
		// The script time that tells a hung page (watchHang).
		if _, err := cdp.Call(ctx, t, performance.Enable, performance.EnableParams{}); err != nil {
			return fmt.Errorf("%s: %w", performance.Enable.Method, err)
		}
		hooks := probe.Hooks(lateHorizon)
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: hooks})
		return err
	})
	if err := chromedp.Do(ctx, add); err != nil {
		cancel()
		return nil, fmt.Errorf("open tab: %w", err)
	}
	if err := chromedp.Do(ctx, emulate(v, ver)); err != nil {
		cancel()
		return nil, fmt.Errorf("open tab: emulate %s: %w", v.Name, err)
	}
	auth, guard, err := apply(ctx, req, b.refused)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("open tab: %w", err)
	}
	if err := chromedp.Listen(ctx, guard.log.event); err != nil {
		cancel()
		return nil, fmt.Errorf("open tab: %w", err)
	}
	if err := watchWorkers(ctx, guard.log); err != nil {
		cancel()
		return nil, fmt.Errorf("open tab: follow workers: %w", err)
	}
	// hooks.js answers the page's dialogs itself; this handler answers the
	// ones it cannot reach (a dialog opened before the hooks ran).
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	crashed := watchCrash(ctx, b.heapCap)
	return &tab{bctx: bctx, ctx: ctx, cancel: cancel, viewport: v, auth: auth, guard: guard, blocked: guard.log, crashed: crashed, heapCap: b.heapCap}, nil
}

func (t *tab) close() { t.cancel() }

// rendered is what one render of a page at a viewport gives.
type rendered struct {
	page       *rules.Page
	judgement  *rules.Judgement // of page, when judge judged it
	finalURL   string
	httpStatus int
	links      []string // <a href> of the rendered DOM, when asked for
	// skip says why the target is not a page to check (its response is
	// not HTML); page is nil then.
	skip string
}

// render loads the target at the tab's viewport, settles it and measures
// it; o.Judge decides whether the first measurement needs a second look. The
// page has its own deadline; ctx cancels it early (Ctrl-C).
func (t *tab) render(ctx context.Context, target scanner.Target, o scanner.RenderOptions) (*rendered, error) {
	pctx, cancel := context.WithTimeout(t.ctx, o.Timeout)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	defer context.AfterFunc(t.crashed, cancel)()
	hung, ended := context.WithCancelCause(context.Background())
	defer ended(nil)
	defer context.AfterFunc(hung, cancel)()
	t.hung = ended
	out, err := t.renderIn(pctx, target, o)
	if cause := context.Cause(t.crashed); err != nil && errors.Is(cause, errRendererCrashed) {
		return out, cause
	}
	if cause := context.Cause(hung); err != nil && cause != nil {
		return out, cause // the watch ended the load (hung, too large)
	}
	return out, err
}

// renderIn is render within the page's context pctx.
func (t *tab) renderIn(pctx context.Context, target scanner.Target, o scanner.RenderOptions) (*rendered, error) {
	timeout := o.Timeout
	t.auth.reset()
	doc, err := t.documentResponse(pctx)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	out, loaded, err := t.load(pctx, target, timeout, doc, o.Slot)
	if !loaded {
		return out, err
	}
	m, j, err := t.measureSettled(pctx, timeout, o.Judge)
	if err != nil {
		return out, err
	}
	// The last measurement's: the page may have navigated itself since the
	// first.
	out.finalURL = m.FinalURL
	// A page that navigated itself (location.replace) is judged on where
	// it went, so that document's status counts as a server redirect's
	// would: a 404 page with the site's footer is not a pass.
	if ev := doc(); ev != nil && ev.Response != nil && sameDocument(ev.Response.URL, out.finalURL) {
		out.httpStatus = int(ev.Response.Status)
		if ev.Response.Status >= 400 {
			return out, httpError(ev.Response.Status, ev.Response.Headers, " (after the page navigated to "+out.finalURL+")")
		}
	}
	p := &m.Page
	p.Viewport = t.viewport
	out.page, out.judgement = p, j
	if o.Links {
		dom, err := chromedp.Run(pctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
		if err != nil {
			return out, fmt.Errorf("read rendered DOM: %w", timeoutCause(pctx, err, timeout))
		}
		if out.links, err = discover.ExtractLinks(out.finalURL, strings.NewReader(dom)); err != nil {
			return out, fmt.Errorf("links of the rendered DOM: %w", err)
		}
	}
	return out, nil
}

// load navigates to the target and reads its response: loaded says the
// response is a page to measure; otherwise out says why not (an HTTP error
// with err, a response that is not HTML with out.skip). The render's slot
// is parked while the document keeps it waiting (see parkWhileSilent).
func (t *tab) load(pctx context.Context, target scanner.Target, timeout time.Duration, doc func() *network.EventResponseReceived, slot scanner.Slot) (out *rendered, loaded bool, err error) {
	if err := t.start(pctx); err != nil {
		return nil, false, fmt.Errorf("load: %w", timeoutCause(pctx, err, timeout))
	}
	stop := t.parkWhileSilent(pctx, slot)
	unwatch := t.watchHang(pctx, t.hung)
	resp, err := chromedp.Run(pctx, chromedp.NavigateResponse(target.URL))
	unwatch()
	if serr := stop(err == nil); err == nil {
		err = serr // the deadline passed while it waited for a slot
	}
	if err != nil {
		// The browser aborts the navigation to a response it does not
		// display (a PDF in the headless shell, any download); its
		// Content-Type still says what the target is.
		ev := doc()
		if ev == nil || ev.Response == nil || isHTML(ev.Response.MimeType) || pctx.Err() != nil {
			answered := ev != nil && ev.Response != nil
			return nil, false, loadError(pctx, err, fmt.Errorf("load: %w", timeoutCause(pctx, err, timeout)), answered)
		}
		resp = ev.Response
	}
	out = &rendered{}
	if resp == nil {
		return out, true, nil
	}
	out.httpStatus = int(resp.Status)
	if resp.Status == http.StatusUnauthorized && t.auth.wasRejected() {
		return out, false, errors.New("HTTP 401: credentials rejected")
	}
	if resp.Status >= 400 {
		return out, false, httpError(resp.Status, resp.Headers, "")
	}
	if !isHTML(resp.MimeType) {
		out.finalURL = resp.URL
		root := ""
		if err == nil && isXML(resp.MimeType) {
			// A sitemap says so by its root element, whatever its URL
			// (the browser shows XML as an HTML tree: read the source).
			root = xmlRoot(pctx, doc)
		}
		out.skip = notHTML(resp.MimeType, target.URL, root)
		return out, false, nil
	}
	return out, true, nil
}

// measureSettled measures the loaded page, and again when it needs a
// second look; j is the judgement of the measurement returned, when judge
// made it (nil otherwise: the page was measured again after it).
func (t *tab) measureSettled(pctx context.Context, timeout time.Duration, judge func(*rules.Page) *rules.Judgement) (m *probed, j *rules.Judgement, err error) {
	m, err = t.measure(pctx, false)
	if err != nil {
		return nil, nil, timeoutCause(pctx, err, timeout)
	}
	// Pages that fill their footer from a timer or a request (or swap a
	// placeholder for the real number), or fade it in once it scrolls into
	// view: when nothing, nothing in the footer, nothing visible or nothing
	// valid was found yet, wait for the DOM to go quiet and measure again.
	m.Viewport = t.viewport
	if judge != nil {
		j = judge(&m.Page)
	}
	if j == nil || !j.Settled() {
		if m, err = t.measure(pctx, true); err != nil {
			return nil, nil, timeoutCause(pctx, err, timeout)
		}
		j = nil
	}
	// An overlay that a short timeout shows after load (a consent banner,
	// an "open the app" bar) can cover a footer found good: when such
	// timeouts are pending, wait for them and, if the page changed,
	// measure again. A page that had started to leave when measured is
	// waited for the same way, and measured again wherever it went (its
	// new document may have arrived before the wait began, which then
	// runs there).
	if m.LateDue > 0 || m.Leaving {
		// A page that navigated meanwhile is another page: measure it.
		changed, navigated, err := evaluateFollowing[bool](pctx, pageWorld, lateWaitJS)
		if err != nil {
			return nil, nil, fmt.Errorf("wait for the page's timeouts: %w", timeoutCause(pctx, err, timeout))
		}
		if changed || navigated || m.Leaving {
			if m, err = t.measure(pctx, false); err != nil {
				return nil, nil, timeoutCause(pctx, err, timeout)
			}
			j = nil
		}
	}
	return m, j, nil
}

// The evaluations of a measurement, each one round trip: settle then
// probe, or wait for a quiet DOM, settle, then probe; and the wait for late
// timeouts.
var (
	settleProbeJS      = probe.SettleProbe(settleRounds, settleBudget)
	quietSettleProbeJS = probe.QuietSettleProbe(quietFor, quietBudget, settleRounds, settleBudget)
	// lateWaitJS waits for the page's pending short timeouts and says
	// whether the document changed meanwhile.
	lateWaitJS = probe.LateWait(lateHorizon)
)

// probed is what the probe returns: the page snapshot and what the scanner
// decides its waits with.
type probed = probe.Answer

// emulate sets the screen, touch, pointer and user agent of a viewport, as
// its device shows them to the page's scripts, its CSS and its server
// (chromeVersion: the browser's, for the user agent). Headless Chromium
// otherwise reports an 800×600 screen and Linux x86_64 as its platform on
// both viewports, which sites that pick a template by screen.width or
// navigator.platform read as the wrong device. Hover and pointer: the
// browser's flags (a mouse) and, on the phone, touch emulation.
func emulate(v rules.Viewport, chromeVersion string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(v.Width), Height: int64(v.Height), DeviceScaleFactor: v.Scale, Mobile: v.MiniProgram,
			ScreenWidth: int64(v.Width), ScreenHeight: int64(v.Height),
		})
		if err != nil {
			return err
		}
		touch := emulation.SetTouchEmulationEnabledParams{Enabled: v.MiniProgram}
		if v.MiniProgram {
			touch.MaxTouchPoints = 5
		}
		if _, err := cdp.Call(ctx, t, emulation.SetTouchEmulationEnabled, touch); err != nil {
			return err
		}
		_, err = cdp.Call(ctx, t, emulation.SetUserAgentOverride, userAgentOverride(v, chromeVersion))
		if err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, colourScheme(v)); err != nil {
			return err
		}
		_, err = cdp.Call(ctx, t, page.SetFontFamilies, page.SetFontFamiliesParams{FontFamilies: &cjkFonts})
		return err
	})
}

// colourScheme is the colour scheme a viewport prefers: dark for the dark
// viewports, else light, said explicitly so that no desktop theme of the
// machine running the browser leaks into the pages.
func colourScheme(v rules.Viewport) emulation.SetEmulatedMediaParams {
	scheme := "light"
	if v.Dark {
		scheme = "dark"
	}
	return emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}
}

// cjkFonts are the default font families of a tab. A phone or a desktop in
// China sets its text in a CJK system font (PingFang SC, HarmonyOS Sans,
// Noto Sans CJK, Microsoft YaHei); Chromium's own default on Linux is
// DejaVu, which has no Han glyph, so every Chinese run of text went through
// font fallback: the first layout of 200,000 short Chinese spans took 19.6 s
// against 4.6 s with these. The Noto CJK families come with fonts-noto-cjk
// (what doctor asks for); where they are missing Chromium keeps its own.
var cjkFonts = page.FontFamilies{
	Standard:  "Noto Sans CJK SC",
	SansSerif: "Noto Sans CJK SC",
	Serif:     "Noto Serif CJK SC",
	Fixed:     "Noto Sans Mono CJK SC",
}

// timeoutCause turns the deadline of a page into a readable error.
func timeoutCause(ctx context.Context, err error, timeout time.Duration) error {
	if ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("timeout after %s: %w", timeout, err)
	}
	return err
}
