package scanner_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/discover"
)

// The frontier's tests drive Scan with a fake engine: no browser, no
// network, milliseconds.

func fakeOptions(crawl *scanner.Crawl) scanner.Options {
	return scanner.Options{
		Viewports: bothViewports[:1], Timeout: time.Second, Concurrency: 1,
		Rules: rules.DefaultOptions(2026), Crawl: crawl, Version: "test",
	}
}

func crawlOf(depth, pages int) *scanner.Crawl {
	return &scanner.Crawl{MaxDepth: depth, MaxPages: pages, Scope: discover.Scope{Mode: discover.ScopeHost}}
}

// scanFake runs Scan on the fake engine from one target and checks that
// it leaves no tab or session open.
func scanFake(t *testing.T, e *fakeEngine, o scanner.Options, urls ...string) *scanner.Result {
	t.Helper()
	return scanFakeCtx(t, context.Background(), e, o, urls...)
}

// scanFakeCtx is scanFake in ctx.
func scanFakeCtx(t *testing.T, ctx context.Context, e *fakeEngine, o scanner.Options, urls ...string) *scanner.Result {
	t.Helper()
	var targets []scanner.Target
	for _, u := range urls {
		tg := scanner.URLTarget(u, true)
		tg.Site = "https://ex.com"
		targets = append(targets, tg)
	}
	res, err := scanner.Scan(ctx, e, targets, o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkClosed(t)
	return res
}

func (e *fakeEngine) checkClosed(t *testing.T) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.tabsOpen != 0 || e.sessions != 0 {
		t.Errorf("after Scan: %d tabs and %d sessions open, want none", e.tabsOpen, e.sessions)
	}
}

// outcome lists a result's page-viewports as "URL viewport status: error".
func outcome(res *scanner.Result) []string {
	var out []string
	for _, p := range res.Pages {
		s := fmt.Sprintf("%s %s %s", p.URL, p.Viewport, p.Status)
		if p.Error != "" {
			s += ": " + p.Error
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func checkOutcome(t *testing.T, res *scanner.Result, want ...string) {
	t.Helper()
	got := outcome(res)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("pages:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestScanRedirectFolding checks that a crawled link landing on a page
// already checked is reported as that page, and that a link to where a
// checked page landed is not scanned again.
func TestScanRedirectFolding(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/":    {final: "https://ex.com/home", links: []string{"https://ex.com/home", "https://ex.com/new", "https://ex.com/old"}},
		"https://ex.com/new": {},
		"https://ex.com/old": {final: "https://ex.com/new"},
	})
	res := scanFake(t, e, fakeOptions(crawlOf(3, 0)), "https://ex.com/")
	checkOutcome(t, res,
		"https://ex.com/ mobile ok",
		"https://ex.com/home mobile skipped: same page: https://ex.com/ redirects here",
		"https://ex.com/new mobile ok",
		"https://ex.com/old mobile skipped: same page: redirects to https://ex.com/new, checked as https://ex.com/new",
	)
	if got := len(e.renders); got != 3 {
		t.Errorf("%d renders, want 3 (/, /new, /old): %v", got, e.renders)
	}
}

// TestScanScope checks that links out of scope, and crawled pages
// redirected out of it, are skipped with the reason.
func TestScanScope(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/":     {links: []string{"https://other.com/x", "https://ex.com/away", "https://ex.com/in", "https://ex.com/file.pdf"}},
		"https://ex.com/in":   {},
		"https://ex.com/away": {final: "https://other.com/away"},
	})
	res := scanFake(t, e, fakeOptions(crawlOf(3, 0)), "https://ex.com/")
	checkOutcome(t, res,
		"https://ex.com/ mobile ok",
		"https://ex.com/in mobile ok",
		"https://ex.com/away mobile skipped: redirected out of scope (off-host) to https://other.com/away",
		"https://other.com/x mobile skipped: out of scope: off-host",
		"https://ex.com/file.pdf mobile skipped: "+likelyHTMLWhy(t, "https://ex.com/file.pdf"),
	)
}

func likelyHTMLWhy(t *testing.T, u string) string {
	ok, why := discover.LikelyHTML(u)
	if ok {
		t.Fatalf("%s is likely HTML", u)
	}
	return why
}

// TestScanMaxDepth checks that links of pages at the depth limit are
// reported as skipped, not scanned.
func TestScanMaxDepth(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/":  {links: []string{"https://ex.com/1"}},
		"https://ex.com/1": {links: []string{"https://ex.com/2"}},
		"https://ex.com/2": {},
	})
	res := scanFake(t, e, fakeOptions(crawlOf(1, 0)), "https://ex.com/")
	checkOutcome(t, res,
		"https://ex.com/ mobile ok",
		"https://ex.com/1 mobile ok",
		"https://ex.com/2 mobile skipped: max-depth: found at depth 2, limit 1",
	)
}

// TestScanMaxPages checks that the page cap counts the targets and that
// links found past it are reported as skipped.
func TestScanMaxPages(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/":  {links: []string{"https://ex.com/1", "https://ex.com/2", "https://ex.com/3"}},
		"https://ex.com/1": {},
		"https://ex.com/2": {},
		"https://ex.com/3": {},
	})
	res := scanFake(t, e, fakeOptions(crawlOf(5, 2)), "https://ex.com/")
	checkOutcome(t, res,
		"https://ex.com/ mobile ok",
		"https://ex.com/1 mobile ok",
		"https://ex.com/2 mobile skipped: max-pages: limit 2 reached",
		"https://ex.com/3 mobile skipped: max-pages: limit 2 reached",
	)
}

// TestScanRobots checks that a crawled page robots.txt disallows is
// skipped without a render, and that a target is scanned whatever
// robots.txt says.
func TestScanRobots(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/private/a": {links: []string{"https://ex.com/private/b", "https://ex.com/public"}},
		"https://ex.com/private/b": {},
		"https://ex.com/public":    {},
	})
	fetch := func(ctx context.Context, u string) (io.ReadCloser, error) {
		if u != "https://ex.com/robots.txt" {
			return nil, fmt.Errorf("unexpected fetch %s", u)
		}
		return io.NopCloser(strings.NewReader("User-agent: *\nDisallow: /private/\n")), nil
	}
	c := crawlOf(3, 0)
	c.Robots = discover.NewRobots(fetch, "beiancheck")
	res := scanFake(t, e, fakeOptions(c), "https://ex.com/private/a")
	got := outcome(res)
	if len(got) != 3 || !strings.HasPrefix(got[1], "https://ex.com/private/b mobile skipped: robots.txt") ||
		got[0] != "https://ex.com/private/a mobile ok" || got[2] != "https://ex.com/public mobile ok" {
		t.Errorf("pages %q, want the target and /public checked, /private/b skipped by robots.txt", got)
	}
	for _, r := range e.renders {
		if strings.HasPrefix(r, "https://ex.com/private/b ") {
			t.Errorf("rendered %s, which robots.txt disallows", r)
		}
	}
}

// TestScanResetsTabs checks that a worker leaves each page before its tab
// renders the next (the fake fails a render on a tab never reset), and
// that a tab that cannot leave its page is closed and replaced: the next
// page is not rendered beside what the last one left running.
func TestScanResetsTabs(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/a":     {},
		"https://ex.com/stuck": {sticks: true},
		"https://ex.com/b":     {},
		"https://ex.com/c":     {},
	})
	res := scanFake(t, e, fakeOptions(nil), "https://ex.com/a", "https://ex.com/stuck", "https://ex.com/b", "https://ex.com/c")
	checkOutcome(t, res,
		"https://ex.com/a mobile ok",
		"https://ex.com/b mobile ok",
		"https://ex.com/c mobile ok",
		"https://ex.com/stuck mobile ok",
	)
	want := []string{"https://ex.com/a mobile tab1", "https://ex.com/stuck mobile tab1", "https://ex.com/b mobile tab2", "https://ex.com/c mobile tab2"}
	if !slices.Equal(e.renders, want) {
		t.Errorf("renders %q, want %q (a new tab after the stuck page, then reused)", e.renders, want)
	}
	if e.tabsOpen != 0 {
		t.Errorf("%d tabs left open", e.tabsOpen)
	}
}

// TestScanReplacesFailedTabs checks that a tab whose render failed is
// closed and the next page gets a new one, and that a tab that fails to
// open fails only its page.
func TestScanReplacesFailedTabs(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/a":   {},
		"https://ex.com/bad": {fail: "load: net::ERR_CONNECTION_RESET"},
		"https://ex.com/b":   {},
		"https://ex.com/c":   {},
	})
	res := scanFake(t, e, fakeOptions(nil), "https://ex.com/a", "https://ex.com/bad", "https://ex.com/b", "https://ex.com/c")
	checkOutcome(t, res,
		"https://ex.com/a mobile ok",
		"https://ex.com/bad mobile error: load: net::ERR_CONNECTION_RESET",
		"https://ex.com/b mobile ok",
		"https://ex.com/c mobile ok",
	)
	want := []string{"https://ex.com/a mobile tab1", "https://ex.com/bad mobile tab1", "https://ex.com/b mobile tab2", "https://ex.com/c mobile tab2"}
	if !slices.Equal(e.renders, want) {
		t.Errorf("renders %q, want %q (a new tab after the failure, then reused)", e.renders, want)
	}
	for _, p := range res.Pages {
		if p.URL == "https://ex.com/bad" && p.HTTPStatus != 500 {
			t.Errorf("failed page: HTTP status %d, want the 500 the engine saw", p.HTTPStatus)
		}
	}

	e = newFake(map[string]fakePage{"https://ex.com/a": {}, "https://ex.com/b": {}})
	e.tabFails = 1
	res = scanFake(t, e, fakeOptions(nil), "https://ex.com/a", "https://ex.com/b")
	checkOutcome(t, res,
		"https://ex.com/a mobile error: open tab: refused",
		"https://ex.com/b mobile ok",
	)
}

// TestScanEngineWontOpen checks that a run whose engine cannot open its
// visits ends with every page an error saying why, never a pass.
func TestScanEngineWontOpen(t *testing.T) {
	e := newFake(nil)
	e.openErr = errors.New("create the browser context of mobile: gone")
	res := scanFake(t, e, fakeOptions(crawlOf(2, 0)), "https://ex.com/a", "https://ex.com/b")
	checkOutcome(t, res,
		"https://ex.com/a mobile error: create the browser context of mobile: gone",
		"https://ex.com/b mobile error: create the browser context of mobile: gone",
	)
	if res.Browser != "Fake/1.0" || res.BrowserPath != "/fake" {
		t.Errorf("result names engine %q at %q, want the fake's", res.Browser, res.BrowserPath)
	}
}

// TestScanJudgesOnce checks that the judgement the engine made to decide
// on a second look is the one the rules ran on, not a second one.
func TestScanJudgesOnce(t *testing.T) {
	e := newFake(map[string]fakePage{"https://ex.com/": {}})
	o := fakeOptions(nil)
	o.Viewports = bothViewports
	res := scanFake(t, e, o, "https://ex.com/")
	if len(res.Pages) != 2 {
		t.Fatalf("%d page-viewports, want 2", len(res.Pages))
	}
	for _, p := range res.Pages {
		j := e.judged[p.URL+" "+p.Viewport]
		if j == nil || p.Judgement != j {
			t.Errorf("%s %s: the result's judgement is not the engine's (%p, engine %p)", p.URL, p.Viewport, p.Judgement, j)
		}
	}
}

// TestScanCancelled cancels a run while its first page renders: that page
// and the pages not started end as not-scanned errors (the page's own
// "context canceled" would blame it), Scan returns the
// cancellation, and no tab, session or goroutine is left.
func TestScanCancelled(t *testing.T) {
	before := runtime.NumGoroutine()
	e := newFake(map[string]fakePage{
		"https://ex.com/slow": {wait: true},
		"https://ex.com/a":    {},
		"https://ex.com/b":    {},
	})
	e.started = make(chan string, 16)
	o := fakeOptions(nil)
	o.Viewports = bothViewports
	var told []string
	o.OnPage = func(p scanner.PageResult, total int) {
		told = append(told, fmt.Sprintf("%s %s %d not-scanned=%v", p.URL, p.Viewport, total, p.NotScanned()))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-e.started
		cancel()
	}()
	var targets []scanner.Target
	for _, u := range []string{"https://ex.com/slow", "https://ex.com/a", "https://ex.com/b"} {
		targets = append(targets, scanner.URLTarget(u, true))
	}
	res, err := scanner.Scan(ctx, e, targets, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Scan: %v, want context.Canceled", err)
	}
	e.checkClosed(t)
	checkOutcome(t, res,
		"https://ex.com/slow mobile error: "+scanner.NotScannedReason,
		"https://ex.com/slow desktop error: "+scanner.NotScannedReason,
		"https://ex.com/a mobile error: "+scanner.NotScannedReason,
		"https://ex.com/a desktop error: "+scanner.NotScannedReason,
		"https://ex.com/b mobile error: "+scanner.NotScannedReason,
		"https://ex.com/b desktop error: "+scanner.NotScannedReason,
	)
	want := []string{
		"https://ex.com/slow mobile 6 not-scanned=true", "https://ex.com/slow desktop 6 not-scanned=true",
		"https://ex.com/a mobile 6 not-scanned=true", "https://ex.com/a desktop 6 not-scanned=true",
		"https://ex.com/b mobile 6 not-scanned=true", "https://ex.com/b desktop 6 not-scanned=true",
	}
	if !slices.Equal(told, want) {
		t.Errorf("OnPage told:\n\t%s\nwant:\n\t%s", strings.Join(told, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, r := range e.renders {
		if !strings.HasPrefix(r, "https://ex.com/slow ") {
			t.Errorf("rendered %s after the run was cancelled", r)
		}
	}
	// Scan's workers are gone when it returns; the test's own goroutine
	// (the canceller) ends right after cancel.
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Scan, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
