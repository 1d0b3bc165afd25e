// Package browser is the Chromium engine behind scanner.Renderer: it finds
// and starts Chromium (chromedp), opens a browser context per viewport for
// each run (a visit with its own cache, cookie jar and storage) and tabs in
// them that emulate the viewport's screen and user agent, intercept
// requests (headers, basic auth, blocked resource classes), load, settle
// and measure a page with the embedded scripts (*.js) and capture evidence
// screenshots.
package browser

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// ChromeEnv names the environment variable that points at the browser.
const ChromeEnv = "BEIANCHECK_CHROME"

// DefaultHeapCap caps the JavaScript heap of each renderer unless
// WithHeapCap says otherwise. Real pages use tens of MiB; the two
// viewports' renderers of a memory bomb stop near 2 x 512 MiB instead of
// the 4.4 GiB they reached uncapped.
const DefaultHeapCap = 512 << 20

// Browser is one running Chromium shared by every tab of a run. When the
// browser process dies (killed, out of memory, a crash), the next tab asked
// for restarts it (see revive), up to maxRestarts times in a run.
type Browser struct {
	Path    string
	Product string // "Chromium/156.0.8078.73"
	// noSandbox: started with --no-sandbox (as root).
	noSandbox bool
	// heapCap is each renderer's JavaScript heap cap in bytes (0: none).
	heapCap int64
	// Recycle restarts the browser between pages of a long run; set it
	// before Open.
	Recycle Recycle
	// refused says why the egress proxy refused a URL's host:port (nil
	// without the proxy).
	refused func(rawURL string) string
	// launch starts one browser process: its context, ended when the
	// process dies, and the function that stops it and waits for it.
	launch func() (context.Context, context.CancelFunc, error)

	mu       sync.Mutex
	ctx      context.Context // of the running process
	cancel   context.CancelFunc
	restarts int
	closed   bool
	// retired are the stops of the processes recycled (see replace), which
	// stop in the background (stopping counts them) once their last page
	// is done, and at the latest in Close.
	retired  []context.CancelFunc
	stopping sync.WaitGroup
}

// maxRestarts bounds the browser restarts of one run: a run whose
// browser keeps dying ends its remaining pages as errors instead.
const maxRestarts = 10

// chromeFlags are the flags of every browser beiancheck starts.
func chromeFlags(path string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("headless", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-hang-monitor", true),
		chromedp.Flag("disable-popup-blocking", true),
		// No page opens a window: popups, target=_blank links clicked by
		// script and forms posted to new windows would outlive their
		// opener and keep running on the scanner's time. The headless
		// shell obeys it; the full browser's headless mode ignores it
		// (there hooks.js's window.open is all that holds).
		chromedp.Flag("block-new-web-contents", true),
		chromedp.Flag("disable-prompt-on-repost", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints,InterestFeedContentSuggestions"),
		chromedp.Flag("enable-features", portBoundCookies),
		// Background tabs must render like foreground ones: lazy footers,
		// IntersectionObserver and timers.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-ipc-flooding-protection", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("lang", "zh-CN"),
		// A desktop has a mouse: (hover: hover) and (pointer: fine), which
		// headless Chromium, with no pointing device, answers no to, so a
		// desktop-only bar shown behind @media (hover: hover) was never
		// drawn. The phone's tabs emulate touch, which sets them back to
		// none and coarse there.
		chromedp.Flag("blink-settings", "primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4"),
	}
}

// heapFlag is the flag that caps each renderer's JavaScript heap at
// capBytes (in whole MiB, V8's unit): a page that allocates without end
// kills its own renderer at the cap, fast, instead of swapping the machine.
func heapFlag(capBytes int64) chromedp.ExecAllocatorOption {
	return chromedp.Flag("js-flags", fmt.Sprintf("--max-old-space-size=%d", capBytes>>20))
}

// Start starts Chromium eagerly, with no deadline: the browser lives
// until Close or until ctx ends. Tabs get their own deadlines.
func Start(ctx context.Context, path string, extra ...BrowserOption) (*Browser, error) {
	opts := chromeFlags(path)
	noSandbox := os.Geteuid() == 0
	if noSandbox {
		opts = append(opts, chromedp.NoSandbox)
	}
	cfg := startConfig{flags: opts, heapCap: DefaultHeapCap}
	for _, o := range extra {
		o(&cfg)
	}
	opts = cfg.flags
	if cfg.heapCap > 0 {
		opts = append(opts, heapFlag(cfg.heapCap))
	}
	launch := func() (context.Context, context.CancelFunc, error) {
		// A profile folder of its own, which a later run removes if this
		// one is killed (profile.go).
		profile, err := newProfile(os.TempDir())
		if err != nil {
			return nil, nil, err
		}
		popts := append(slices.Clip(opts), chromedp.UserDataDir(filepath.Join(profile, chromeDir)))
		actx, acancel := chromedp.NewExecAllocator(context.WithoutCancel(ctx), popts...)
		bctx, bcancel := chromedp.NewContext(actx)
		// The allocator's cancel waits for the browser's main process to exit.
		cancel := sync.OnceFunc(func() { bcancel(); acancel(); removeProfile(profile) })
		stop := context.AfterFunc(ctx, cancel)
		if err := chromedp.Do(bctx); err != nil {
			stop()
			cancel()
			return nil, nil, fmt.Errorf("start browser %s: %w", path, err)
		}
		return bctx, func() { stop(); cancel() }, nil
	}
	bctx, cancel, err := launch()
	if err != nil {
		return nil, err
	}
	v, err := chromedp.CallBrowser(bctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("browser version: %w", err)
	}
	product := v.Product
	if _, ver, ok := strings.Cut(product, "/"); ok {
		product = "Chromium/" + ver
	}
	return &Browser{Path: path, Product: product, noSandbox: noSandbox, heapCap: cfg.heapCap, refused: cfg.refused, launch: launch, ctx: bctx, cancel: cancel}, nil
}

// running returns the context of the running browser process.
func (b *Browser) running() context.Context {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ctx
}

// revive returns the running browser's context; when the process that
// dead belongs to has died and no one has restarted it yet, it starts a
// new one first.
func (b *Browser) revive(dead context.Context) (context.Context, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.closed:
		return nil, errors.New("the browser was closed")
	case b.ctx != dead || b.ctx.Err() == nil:
		return b.ctx, nil
	case b.restarts == maxRestarts:
		return nil, fmt.Errorf("the browser died %d times in this run; not restarted again", maxRestarts+1)
	}
	b.cancel() // reap what is left of the old process
	ctx, cancel, err := b.launch()
	if err != nil {
		return nil, fmt.Errorf("restart the browser: %w", err)
	}
	b.ctx, b.cancel = ctx, cancel
	b.restarts++
	return ctx, nil
}

// Restarts is how many times the browser was restarted after its process
// died.
func (b *Browser) Restarts() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.restarts
}

// PID is the running browser's main process id.
func (b *Browser) PID() int {
	if c := chromedp.FromContext(b.running()); c != nil && c.Browser != nil && c.Browser.Process() != nil {
		return c.Browser.Process().Pid
	}
	return 0
}

// Close stops the browser and waits for its processes to end.
func (b *Browser) Close() {
	b.mu.Lock()
	b.closed = true
	b.cancel()
	retired := b.retired
	b.retired = nil
	b.mu.Unlock()
	for _, stop := range retired {
		stop() // a stop already begun waits for its end
	}
	b.stopping.Wait()
}

// visit is one viewport's browser context, kept for a run: its own HTTP
// cache, cookie jar, storage and service workers, so that nothing a page
// stored at one viewport answers or changes the visit at another (DOMAIN
// §2, "each viewport is its own visit"). Every tab of the viewport opens in
// it.
type visit struct {
	viewport rules.Viewport
	id       cdp.BrowserContextID
}

// openVisits creates a browser context per viewport, each holding the
// cookies (for origins: see setCookies) and refusing downloads (a non-HTML target is skipped by its
// Content-Type, never saved). dispose disposes of them, and so of their tabs.
func (b *Browser) openVisits(ctx, bctx context.Context, vs []rules.Viewport, cookies []scanner.Cookie, origins []string) (visits []*visit, dispose func(), err error) {
	cctx, cancel := context.WithCancel(bctx)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	dispose = func() {
		// The run's ctx may be done (Ctrl-C): dispose with the browser's,
		// bounded. A failure leaves a context that ends with the browser.
		dctx, cancel := context.WithTimeout(bctx, 5*time.Second)
		defer cancel()
		for _, v := range visits {
			_, _ = chromedp.CallBrowser(dctx, target.DisposeBrowserContext, target.DisposeBrowserContextParams{BrowserContextID: v.id})
		}
	}
	for _, v := range vs {
		res, err := chromedp.CallBrowser(cctx, target.CreateBrowserContext, target.CreateBrowserContextParams{})
		if err != nil {
			dispose()
			return nil, nil, fmt.Errorf("create the browser context of %s: %w", v.Name, err)
		}
		visits = append(visits, &visit{viewport: v, id: res.BrowserContextID})
		if _, err := chromedp.CallBrowser(cctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorDeny, BrowserContextID: res.BrowserContextID,
		}); err != nil {
			dispose()
			return nil, nil, fmt.Errorf("refuse downloads at %s: %w", v.Name, err)
		}
		if err := setCookies(cctx, res.BrowserContextID, cookies, origins); err != nil {
			dispose()
			return nil, nil, fmt.Errorf("%s: %w", v.Name, err)
		}
	}
	return visits, dispose, nil
}

// setCookies puts cookies in one browser context's store, for its tabs.
// With origins (the targets'), each cookie is set for each origin whose
// host its domain matches, as a host-only cookie bound to the origin's
// scheme and port (see portBoundCookies), so that neither another port of
// the host nor another subdomain gets it; a cookie no origin matches is
// not set. Without origins, as given.
func setCookies(ctx context.Context, id cdp.BrowserContextID, cs []scanner.Cookie, origins []string) error {
	if len(cs) == 0 {
		return nil
	}
	var params []*network.CookieParam
	for _, c := range cs {
		p := network.CookieParam{Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path, Secure: c.Secure, HTTPOnly: c.HTTPOnly}
		if !c.Expires.IsZero() {
			p.Expires = cdp.TimeSinceEpoch(float64(c.Expires.Unix()))
		}
		if origins == nil {
			params = append(params, &p)
			continue
		}
		params = append(params, cookieForOrigins(p, origins)...)
	}
	if len(params) == 0 {
		return nil
	}
	if _, err := chromedp.CallBrowser(ctx, storage.SetCookies, storage.SetCookiesParams{Cookies: params, BrowserContextID: id}); err != nil {
		return fmt.Errorf("set cookies: %w", err)
	}
	return nil
}

// portBoundCookies are the Chromium features that bind a cookie to the
// scheme and port it was set for (the sourceScheme and sourcePort of
// network.CookieParam); without them a cookie for a host goes to every
// port of it, whatever the source port says.
const portBoundCookies = "EnablePortBoundCookies,EnableSchemeBoundCookies"

// cookieForOrigins is p set for each origin whose host p's domain matches
// (the host itself or a subdomain of it), host-only and bound to the
// origin's scheme and port. A secure cookie is set for https origins only.
func cookieForOrigins(p network.CookieParam, origins []string) []*network.CookieParam {
	domain := strings.ToLower(strings.TrimPrefix(p.Domain, "."))
	var out []*network.CookieParam
	for _, o := range origins {
		u, err := url.Parse(o)
		if err != nil {
			continue
		}
		host := strings.ToLower(u.Hostname())
		if host != domain && !strings.HasSuffix(host, "."+domain) {
			continue
		}
		if p.Secure && u.Scheme != "https" {
			continue
		}
		port, err := strconv.Atoi(u.Port())
		if err != nil {
			continue
		}
		c := p
		c.Domain = "" // host-only: the URL's host alone
		c.URL = u.Scheme + "://" + u.Host + cmp.Or(c.Path, "/")
		c.SourcePort = int64(port)
		c.SourceScheme = network.CookieSourceSchemeNonSecure
		if u.Scheme == "https" {
			c.SourceScheme = network.CookieSourceSchemeSecure
		}
		out = append(out, &c)
	}
	return out
}
