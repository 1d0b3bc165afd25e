package scanner_test

import (
	"context"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// scanFixturePages scans some pages of fixtures/pages at both viewports
// (screenshots of every page-viewport when artifacts is set) and returns
// the results by page name.
func scanFixturePages(t *testing.T, names []string, artifacts string) map[string][]scanner.PageResult {
	t.Helper()
	b := testBrowser(t)
	srv, err := scanner.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	targets := scanner.MountTargets(srv, os.DirFS(path.Join("..", "fixtures", "pages")), "fixtures/pages", names)
	for i := range targets {
		targets[i].Site = targets[i].Display
	}
	vs, err := scanner.ParseViewports("mobile,desktop")
	if err != nil {
		t.Fatal(err)
	}
	o := scanner.Options{Viewports: vs, Timeout: 30 * time.Second, Concurrency: 2, Rules: rules.DefaultOptions(time.Now().Year())}
	if artifacts != "" {
		o.Artifacts = &scanner.Artifacts{Dir: artifacts, When: scanner.ScreenshotsAll}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	res, err := scanner.Scan(ctx, b, targets, o)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]scanner.PageResult{}
	for _, p := range res.Pages {
		out[strings.TrimPrefix(p.URL, "fixtures/pages/")] = append(out[strings.TrimPrefix(p.URL, "fixtures/pages/")], p)
	}
	return out
}

// TestScriptsSurviveDOMSwaps renders pages that swap their DOM while
// beiancheck's scripts wait in them: <body> taken out and put back,
// <html> replaced, the document rewritten with document.open(), an app
// shell's scroller replaced. Every page-viewport must be checked (no error
// of settle, quiet, late, probe or overlay), screenshots included, and
// judged on the footer the page ends with.
func TestScriptsSurviveDOMSwaps(t *testing.T) {
	want := map[string]string{ // page -> primary number
		"clean-document-rewritten.html":          "浙ICP备2022034567号-2",
		"icp004-body-swapped.html":               "沪ICP备2020012345号-3",
		"icp003-html-replaced.html":              "苏ICP备2023045678号-1",
		"clean-app-shell-scroller-replaced.html": "粤ICP备2021056789号-1",
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	got := scanFixturePages(t, names, t.TempDir())
	for name, number := range want {
		pages := got[name]
		if len(pages) != 2 {
			t.Errorf("%s: %d page-viewports, want 2", name, len(pages))
			continue
		}
		for _, p := range pages {
			if p.Status != scanner.StatusOK {
				t.Errorf("%s [%s]: not checked: %s", name, p.Viewport, p.Error)
				continue
			}
			if p.Evidence.Error != "" || p.Evidence.Footer == "" {
				t.Errorf("%s [%s]: screenshots %+v", name, p.Viewport, p.Evidence)
			}
			pf := p.Judgement.PrimaryFiling()
			if pf == nil || pf.Number != number || !pf.InFooter || !pf.Visible {
				t.Errorf("%s [%s]: primary %+v, want %s visible in the footer", name, p.Viewport, pf, number)
			}
		}
	}
}
