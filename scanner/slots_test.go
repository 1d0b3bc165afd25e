package scanner_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/scanner"
)

// A render that parks on a silent server lets the other pages render in
// its place: with one slot, the pages after the silent one all end before
// it, and never more than one render works at a time.
func TestScanParkedRenderLetsOthersRender(t *testing.T) {
	pages := map[string]fakePage{}
	urls := addPages(pages, nil, "silent", 1, fakePage{parks: time.Minute})
	urls = addPages(pages, urls, "p", 6, fakePage{})
	e := newFake(pages)
	o := fakeOptions(nil)
	var ended []string
	o.OnPage = func(r scanner.PageResult, _ int) {
		ended = append(ended, r.URL)
		if len(ended) == len(urls)-1 {
			close(e.unpark) // every other page ended: the server answers
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res := scanFakeCtx(t, ctx, e, o, urls...)
	if last := ended[len(ended)-1]; last != "https://ex.com/silent0" {
		t.Errorf("pages ended in the order %v, want the silent page last", ended)
	}
	for _, p := range res.Pages {
		if p.Status != scanner.StatusOK {
			t.Errorf("%s: %s %q, want ok", p.URL, p.Status, p.Error)
		}
	}
	if e.maxWorking != 1 {
		t.Errorf("at most %d renders worked at once, want 1 (the one slot)", e.maxWorking)
	}
}

// Parked renders are bounded: with one slot, at most 1 + 2 pages (2
// viewports each) are in flight however many wait on their servers, each
// page is rendered once, and every tab is closed at the end.
func TestScanParkedRendersBounded(t *testing.T) {
	pages := map[string]fakePage{}
	urls := addPages(pages, nil, "slow", 12, fakePage{parks: 150 * time.Millisecond})
	urls = addPages(pages, urls, "p", 6, fakePage{})
	e := newFake(pages)
	o := fakeOptions(nil)
	o.Viewports = bothViewports
	res := scanFakeCtx(t, context.Background(), e, o, urls...)
	if e.maxWorking != 1 {
		t.Errorf("at most %d renders worked at once, want 1", e.maxWorking)
	}
	if e.maxInflight > 6 || e.maxInflight < 3 {
		t.Errorf("at most %d renders were in flight at once, want 3 to 6 (1 slot + 2 parked pages, at 2 viewports)", e.maxInflight)
	}
	if len(res.Pages) != len(urls)*2 {
		t.Errorf("%d page-viewports, want %d", len(res.Pages), len(urls)*2)
	}
	seen := map[string]int{}
	for _, r := range e.renders {
		seen[r[:strings.LastIndex(r, " tab")]]++ // "URL viewport"
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%s rendered %d times, want once", k, n)
		}
	}
	if e.tabsOpened <= 2 {
		t.Errorf("%d tabs opened: no worker was added for the parked renders", e.tabsOpened)
	}
	if ok := slices.IndexFunc(res.Pages, func(p scanner.PageResult) bool { return p.Status != scanner.StatusOK }); ok >= 0 {
		t.Errorf("%s: %s %q, want ok", res.Pages[ok].URL, res.Pages[ok].Status, res.Pages[ok].Error)
	}
}

// A render back from a park does not spend its timeout waiting for a slot
// that a page busy for long holds: after a short wait it goes on beside
// it, so the parked page ends long before the busy one.
func TestScanResumeDoesNotWaitForBusyPage(t *testing.T) {
	defer scanner.SetResumeWithin(200 * time.Millisecond)()
	pages := map[string]fakePage{}
	urls := addPages(pages, nil, "slow", 1, fakePage{parks: 100 * time.Millisecond})
	urls = addPages(pages, urls, "busy", 1, fakePage{holds: 3 * time.Second})
	e := newFake(pages)
	o := fakeOptions(nil)
	began := time.Now()
	endedAt := map[string]time.Duration{}
	o.OnPage = func(r scanner.PageResult, _ int) { endedAt[r.URL] = time.Since(began) }
	res := scanFakeCtx(t, context.Background(), e, o, urls...)
	slow, busy := endedAt["https://ex.com/slow0"], endedAt["https://ex.com/busy0"]
	if slow > 2*time.Second || slow >= busy {
		t.Errorf("the parked page ended %s into the run, the busy one %s: it waited for the busy page's slot", slow, busy)
	}
	for _, p := range res.Pages {
		if p.Status != scanner.StatusOK {
			t.Errorf("%s: %s %q, want ok", p.URL, p.Status, p.Error)
		}
	}
}

// addPages adds n pages like p, https://ex.com/NAME0 and on, to pages and
// their URLs to urls.
func addPages(pages map[string]fakePage, urls []string, name string, n int, p fakePage) []string {
	for i := range n {
		u := fmt.Sprintf("https://ex.com/%s%d", name, i)
		pages[u] = p
		urls = append(urls, u)
	}
	return urls
}

// The viewports of a page render one after the other, unless one parks: a
// silent server's page starts its next viewport while the first waits, so
// its waits overlap, and a normal page's viewports never render at once
// (a heavy page would be in memory twice).
func TestScanViewportsOverlapOnlyWhenParked(t *testing.T) {
	const park, hold = 400 * time.Millisecond, 150 * time.Millisecond
	e := newFake(map[string]fakePage{
		"https://ex.com/silent": {parks: park},
		"https://ex.com/busy":   {holds: hold},
	})
	o := fakeOptions(nil)
	o.Viewports = bothViewports
	o.Concurrency = 2
	began := time.Now()
	res := scanFakeCtx(t, context.Background(), e, o, "https://ex.com/silent", "https://ex.com/busy")
	took := time.Since(began)
	checkOutcome(t, res, "https://ex.com/silent mobile ok", "https://ex.com/silent desktop ok",
		"https://ex.com/busy mobile ok", "https://ex.com/busy desktop ok")
	at := map[string]time.Time{}
	for i, r := range e.renders {
		at[r[:strings.LastIndex(r, " tab")]] = e.renderedAt[i]
	}
	if d := at["https://ex.com/silent desktop"].Sub(at["https://ex.com/silent mobile"]); d < 0 || d >= park {
		t.Errorf("the silent page's desktop render started %v after its mobile one, want while the mobile one was parked (%v)", d, park)
	}
	if d := at["https://ex.com/busy desktop"].Sub(at["https://ex.com/busy mobile"]); d < hold {
		t.Errorf("the busy page's desktop render started %v after its mobile one, want after it ended (%v)", d, hold)
	}
	if e.maxWorking > 2 {
		t.Errorf("%d renders worked at once, want at most the 2 slots", e.maxWorking)
	}
	if took >= 2*park {
		t.Errorf("the scan took %v: the silent page's parks did not overlap (%v each)", took, park)
	}
}
