package browser_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/fixtures"
	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// TestFixtures runs every fixture page through the real scanner in
// Chromium at the viewports of its directory (mobile and desktop; in dark/
// their dark modes too). Each page's want comments (read from the file on
// disk) must be consumed one-to-one by its findings; a leftover want or an
// unexpected finding fails, and a page without wants must be clean.
func TestFixtures(t *testing.T) {
	for _, d := range fixtures.Dirs {
		t.Run(d.Name, func(t *testing.T) { runFixtureDir(t, d.Name, d.Viewports) })
	}
}

func runFixtureDir(t *testing.T, dir, viewportList string) {
	b := testBrowser(t)
	root := path.Join("..", "..", "fixtures", dir)
	fsys := os.DirFS(root)
	names, err := scanner.PageNames(fsys)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := scanner.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	targets := scanner.MountTargets(srv, fsys, "fixtures/"+dir, names)
	if dir != "demo" {
		// Each fixture page is a site of its own (the demo pages are one
		// site): their numbers need not agree.
		for i := range targets {
			targets[i].Site = targets[i].Display
		}
	}
	viewports, err := scanner.ParseViewports(viewportList)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, err := scanner.Scan(ctx, b, targets, scanner.Options{
		Viewports: viewports, Timeout: 30 * time.Second, Concurrency: 2,
		Rules: rules.DefaultOptions(time.Now().Year()), Local: srv,
	})
	if err != nil {
		t.Fatal(err)
	}
	checkRunNote(t, res)
	byURL := map[string][]scanner.PageResult{}
	for _, p := range res.Pages {
		// CTX001 is a run-wide note (once per run), not a finding of the
		// page it is attached to: checkRunNote checked it.
		p.Findings = slices.DeleteFunc(slices.Clone(p.Findings), func(f scanner.Finding) bool { return f.Rule == "CTX001" })
		byURL[p.URL] = append(byURL[p.URL], p)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(name, path.Ext(name)), func(t *testing.T) {
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			wants, err := fixtures.ParseWants(bytes.NewReader(src))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			pages := byURL["fixtures/"+dir+"/"+name]
			if len(pages) != len(viewports) {
				t.Fatalf("%d page results, want %d", len(pages), len(viewports))
			}
			var got []scanner.Finding
			for _, p := range pages {
				if p.Status != scanner.StatusOK {
					t.Errorf("%s [%s] not checked: %s", name, p.Viewport, p.Error)
				}
				got = append(got, p.Findings...)
			}
			checkProbeGolden(t, dir, name, pages)
			for _, problem := range matchWants(wants, got, viewports) {
				t.Error(problem)
			}
			if t.Failed() {
				for _, p := range pages {
					t.Logf("%s: %s", p.Viewport, describePage(p))
				}
			}
		})
	}
}

// checkRunNote asserts CTX001 as its rule says: exactly once in the run, on
// the first page-viewport in report order that is emulated as a
// mini-program web-view and whose primary number links to MIIT.
func checkRunNote(t *testing.T, res *scanner.Result) {
	t.Helper()
	first, n := "", 0
	for _, p := range res.Pages {
		if p.Page == nil || !p.Page.Viewport.MiniProgram {
			continue
		}
		if f := p.Judgement.PrimaryFiling(); f != nil && f.Linked {
			if first == "" {
				first = p.URL + " [" + p.Viewport + "]"
			}
			n++
		}
	}
	var got []string
	for _, p := range res.Pages {
		for _, f := range p.Findings {
			if f.Rule == "CTX001" {
				got = append(got, p.URL+" ["+p.Viewport+"]")
			}
		}
	}
	switch {
	case n == 0 && len(got) > 0:
		t.Errorf("CTX001 on %v, but no web-view page links to MIIT", got)
	case n > 0 && (len(got) != 1 || got[0] != first):
		t.Errorf("CTX001 on %v, want once, on %s (the first of %d web-view page-viewports linking to MIIT)", got, first, n)
	}
}

// matchWants consumes each want with exactly one finding and returns what
// is left over on either side.
func matchWants(wants []fixtures.Want, got []scanner.Finding, viewports []rules.Viewport) []string {
	type want struct {
		fixtures.Want
		viewport string
	}
	var ws []want
	for _, w := range wants {
		if w.Viewport != "" {
			ws = append(ws, want{w, w.Viewport})
			continue
		}
		for _, v := range viewports {
			ws = append(ws, want{w, v.Name})
		}
	}
	used := make([]bool, len(got))
	var problems []string
	// Wants with a pattern are the most specific: match them first.
	for pass := 0; pass < 2; pass++ {
		for i := range ws {
			w := &ws[i]
			if (w.Pattern != nil) != (pass == 0) || w.Rule == "" {
				continue
			}
			found := false
			for k, f := range got {
				if used[k] || f.Rule != w.Rule || f.Viewport != w.viewport {
					continue
				}
				if w.Pattern != nil && !w.Pattern.MatchString(f.Message) {
					continue
				}
				used[k], found = true, true
				break
			}
			if !found {
				pat := ""
				if w.Pattern != nil {
					pat = fmt.Sprintf(" %q", w.Pattern.String())
				}
				problems = append(problems, fmt.Sprintf("line %d: want %s %s%s: no such finding", w.Line, w.viewport, w.Rule, pat))
			}
			w.Rule = ""
		}
	}
	for k, f := range got {
		if !used[k] {
			problems = append(problems, fmt.Sprintf("unexpected %s %s %s: %s", f.Viewport, f.Level, f.Rule, f.Message))
		}
	}
	return problems
}

func describePage(p scanner.PageResult) string {
	var sb strings.Builder
	for _, f := range p.Filings {
		fmt.Fprintf(&sb, "\n  %s primary=%v valid=%v footer=%v centred=%v(%.1f) linked=%v visible=%v(%s) sel=%s",
			f.Number, f.Primary, f.Valid, f.InFooter, f.Centered, f.CenterOffsetPx, f.Linked, f.Visible, f.Invisible, f.Selector)
		if c := f.Candidate; c != nil && c.Footer.ContentBelow != "" {
			fmt.Fprintf(&sb, " below=%s", c.Footer.ContentBelow)
		}
	}
	for _, f := range p.Findings {
		fmt.Fprintf(&sb, "\n  -> %s %s %s", f.Rule, f.Level, f.Message)
	}
	return sb.String()
}
