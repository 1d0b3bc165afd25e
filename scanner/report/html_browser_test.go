package report

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
)

var htmlScreenshots = flag.String("html-screenshots", "", "write PNGs of the HTML reports of the browser test, at 1280 and 360 px wide, to this directory")

// htmlTestChrome finds the browser for the browser test: without one the
// test fails in CI and skips loudly elsewhere.
func htmlTestChrome(t *testing.T) string {
	t.Helper()
	path, err := browser.FindChrome("")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser test needs Chromium in CI: %v", err)
		}
		fmt.Fprintf(os.Stderr, "\n*** SKIPPING BROWSER TEST %s: %v ***\n\n", t.Name(), err)
		t.Skipf("SKIPPED: no browser: %v", err)
	}
	return path
}

// TestHTMLInBrowser opens reports in headless Chromium from file: URLs
// and checks what a reader sees: no console error or exception, no
// dialog, the counts of the result, the screenshots decoded, the filters
// working, and no horizontal scrolling on a phone.
func TestHTMLInBrowser(t *testing.T) {
	path := htmlTestChrome(t)
	dir := t.TempDir()
	artifacts := filepath.Join(dir, "artifacts")
	withEvidence := baselineSample()
	for _, p := range withEvidence.Pages {
		for rel, size := range map[string][2]int{p.Evidence.Footer: {640, 120}, p.Evidence.Thumbnail: {60, 160}} {
			if rel == "" {
				continue
			}
			file := filepath.Join(artifacts, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, pngBytes(t, size[0], size[1]), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	readArtifact := func(rel string) ([]byte, error) { return fs.ReadFile(os.DirFS(artifacts), rel) }

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}

	for _, c := range []struct {
		name   string
		r      *scanner.Result
		o      HTMLOptions
		images int
	}{
		{"sample", sampleResult(), HTMLOptions{}, 0},
		{"hostile", hostileResult(), HTMLOptions{ReadArtifact: readArtifact}, 0},
		{"linked", withEvidence, HTMLOptions{ArtifactsBase: "artifacts/"}, 6},
		{"embedded", withEvidence, HTMLOptions{ReadArtifact: readArtifact}, 6},
		// Embedded and linked, the artifacts directory not beside the
		// report: the images still show.
		{"embedded-linked", withEvidence, HTMLOptions{ArtifactsBase: "gone/", ReadArtifact: readArtifact}, 6},
		{"empty", emptyResult(), HTMLOptions{}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(dir, c.name+".html")
			if err := os.WriteFile(file, []byte(writeHTML(t, c.r, c.o)), 0o644); err != nil {
				t.Fatal(err)
			}
			checkReportInBrowser(t, bctx, file, c.r, c.images)
		})
	}
}

const consoleEnd = "beiancheck-html-test-end"

func checkReportInBrowser(t *testing.T, bctx context.Context, file string, r *scanner.Result, images int) {
	tctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	ctx, cancelTab := chromedp.NewContext(tctx)
	var wg sync.WaitGroup
	defer wg.Wait() // after the tab is closed, which ends both loops below
	defer cancelTab()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}

	var (
		mu      sync.Mutex
		logged  []chromedp.ConsoleMessage
		dialogs []string
	)
	ended := make(chan struct{})
	messages := chromedp.Console(ctx)
	wg.Go(func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Text == consoleEnd {
				close(ended)
				continue
			}
			mu.Lock()
			logged = append(logged, m)
			mu.Unlock()
		}
	})
	opened := chromedp.Events(ctx, page.JavascriptDialogOpening)
	wg.Go(func() {
		for ev, err := range opened {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, string(ev.Type)+": "+ev.Message)
			mu.Unlock()
			// Dismiss it, or the page stays blocked until the timeout.
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})

	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(file))); err != nil {
		t.Fatal(err)
	}
	eval := func(js string, v any) {
		t.Helper()
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js))
		if err == nil {
			err = json.Unmarshal(raw, v)
		}
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
	}

	var shown map[string]string
	eval(`Object.fromEntries([...document.querySelectorAll("[data-testid]")].map(e => [e.dataset.testid, e.textContent]))`, &shown)
	s := r.Summary()
	want := map[string]string{
		"verdict": htmlVerdictOf(s).Headline, "count-errors": strconv.Itoa(s.Errors), "count-warnings": strconv.Itoa(s.Warnings),
		"count-notes": strconv.Itoa(s.Notes), "count-compliant": strconv.Itoa(s.Compliant), "count-checked": strconv.Itoa(s.Pages - s.Skipped),
		"count-failed": strconv.Itoa(s.Failed), "count-skipped": strconv.Itoa(s.Skipped),
	}
	if c := CountBaseline(r); c != (BaselineCounts{}) {
		want["count-new"], want["count-unchanged"], want["count-absent"] = strconv.Itoa(c.New), strconv.Itoa(c.Unchanged), strconv.Itoa(c.Absent)
	}
	if line := ScreenshotWarning(r); line != "" {
		want["screenshots"] = line
	}
	if line := notScannedLine(r); line != "" {
		want["not-scanned"] = line
	}
	if fmt.Sprint(shown) != fmt.Sprint(want) {
		t.Errorf("the report shows %v, want %v", shown, want)
	}

	var got struct {
		Scripts, Findings, Visible int
		Images                     []struct {
			Src   string
			Width int
		}
	}
	eval(`({
		scripts: document.scripts.length,
		findings: document.querySelectorAll(".finding").length,
		visible: [...document.querySelectorAll(".finding")].filter(e => getComputedStyle(e).display !== "none").length,
		images: [...document.images].map(i => ({src: i.src.slice(0, 60), width: i.naturalWidth})),
	})`, &got)
	total := 0
	for _, p := range r.Pages {
		total += len(p.Findings)
	}
	if got.Scripts != 0 || got.Findings != total || got.Visible != total {
		t.Errorf("%d scripts, %d findings, %d visible; want 0, %d, %d", got.Scripts, got.Findings, got.Visible, total, total)
	}
	if len(got.Images) != images {
		t.Errorf("%d images, want %d", len(got.Images), images)
	}
	for _, img := range got.Images {
		if img.Width == 0 {
			t.Errorf("image %s did not load", img.Src)
		}
	}
	screenshot(t, ctx, "")

	if total > 0 && s.Notes > 0 {
		checkFilters(t, ctx, eval)
	}

	// On a phone nothing may scroll sideways.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	var widths struct{ Scroll, Client int }
	eval(`({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})`, &widths)
	if widths.Scroll > widths.Client {
		t.Errorf("at 360 px the page is %d px wide", widths.Scroll)
	}
	screenshot(t, ctx, "-phone")

	// Everything the page logged arrives before the marker.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`console.info(`+strconv.Quote(consoleEnd)+`)`)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ended:
	case <-ctx.Done():
		t.Fatal("the console end marker never arrived")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, m := range logged {
		if m.IsException() || m.Type == chromedp.ConsoleError {
			t.Errorf("console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1)
		} else {
			t.Logf("console %s: %s", m.Type, m.Text)
		}
	}
	for _, d := range dialogs {
		t.Errorf("a dialog opened: %s", d)
	}
}

// screenshot writes the tab as -html-screenshots/<report><suffix>.png.
func screenshot(t *testing.T, ctx context.Context, suffix string) {
	t.Helper()
	if *htmlScreenshots == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(t.Name(), "TestHTMLInBrowser/") + suffix + ".png"
	if err := os.WriteFile(filepath.Join(*htmlScreenshots, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkFilters unticks Notes and checks that notes, and page-viewports
// with nothing else, disappear while errors stay; then the viewport filter.
func checkFilters(t *testing.T, ctx context.Context, eval func(string, any)) {
	t.Helper()
	click := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
	}
	type state struct {
		Notes, Errors, Sections []string
		Checked                 bool
	}
	read := func() state {
		var s state
		eval(`(() => {
			const d = sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).display);
			// A page-viewport with a level the filters do not know (mask 8
			// and up) stays.
			return {notes: d(".finding.lvl-note"), errors: d(".finding.lvl-error"),
				sections: d(".pv").filter((_, i) => +document.querySelectorAll(".pv")[i].className.match(/lm-(\d+)/)[1] < 8),
				checked: document.getElementById("fl-note").checked};
		})()`, &s)
		return s
	}
	all := func(xs []string, want string) bool {
		for _, x := range xs {
			if (x == "none") != (want == "none") {
				return false
			}
		}
		return len(xs) > 0
	}
	before := read()
	if !all(before.Notes, "block") || !before.Checked {
		t.Fatalf("notes are not shown at first: %+v", before)
	}
	click(`label[for="fl-note"]`)
	after := read()
	if after.Checked || !all(after.Notes, "none") || !all(after.Errors, "block") {
		t.Errorf("after unticking Notes: %+v", after)
	}
	click(`label[for="fl-warning"]`)
	click(`label[for="fl-error"]`)
	if s := read(); !all(s.Sections, "none") {
		t.Errorf("with every level unticked, page-viewports shown: %v", s.Sections)
	}
	for _, l := range []string{"error", "warning", "note"} {
		click(`label[for="fl-` + l + `"]`)
	}
	if s := read(); !all(s.Notes, "block") || !all(s.Sections, "block") {
		t.Errorf("after ticking every level again: %+v", s)
	}
	var vp struct{ Hidden, Shown int }
	click(`label[for="fv-0"]`)
	eval(`(() => {
		const s = [...document.querySelectorAll(".pv")].map(e => getComputedStyle(e).display);
		return {hidden: s.filter(d => d === "none").length, shown: s.filter(d => d !== "none").length};
	})()`, &vp)
	if vp.Hidden == 0 || vp.Shown == 0 {
		t.Errorf("unticking the first viewport hides %d and shows %d page-viewports", vp.Hidden, vp.Shown)
	}
	click(`label[for="fv-0"]`)
}
