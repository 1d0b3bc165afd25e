package scanner_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// stateSite is a crawl of 12 pages whose footers carry numbers: most show
// one, the last ones another (ICP014 across the site), one is linked to
// MIIT at the mobile web-view (CTX001 once per run), one fails.
func stateSite() map[string]fakePage {
	num := func(n string, linked bool) []rules.TextCandidate {
		c := rules.TextCandidate{Raw: n, Selector: "footer > p", Box: rules.Rect{Left: 100, Top: 1900, Right: 275, Bottom: 1916},
			Line: rules.Rect{Left: 100, Top: 1900, Right: 275, Bottom: 1916}, FontSize: 14, Contrast: 12.5,
			Footer: rules.Footer{Region: "footer", RegionKind: "footer"}}
		if linked {
			c.Link = rules.Link{Anchor: true, HasHref: true, RawHref: "https://beian.miit.gov.cn/", Href: "https://beian.miit.gov.cn/"}
		}
		return []rules.TextCandidate{c}
	}
	pages := map[string]fakePage{}
	for i := range 12 {
		u := fmt.Sprintf("https://ex.com/p%d", i)
		p := fakePage{texts: num("京ICP备2021012345号-1", i%3 == 0)}
		if i >= 9 {
			p.texts = num("沪ICP备2020000001号", false)
		}
		for _, k := range []int{2*i + 1, 2*i + 2} {
			if k < 12 {
				p.links = append(p.links, fmt.Sprintf("https://ex.com/p%d", k))
			}
		}
		p.links = append(p.links, "https://other.example/", "https://ex.com/file.pdf")
		if i == 5 {
			p.fail = "load: HTTP 500"
		}
		pages[u] = p
	}
	pages["https://ex.com/p0"] = fakePage{texts: pages["https://ex.com/p0"].texts, links: pages["https://ex.com/p0"].links, final: "https://ex.com/p0/"}
	return pages
}

func stateOptions() scanner.Options {
	o := fakeOptions(crawlOf(5, 100))
	o.Viewports = bothViewports
	return o
}

var testHeader = scanner.StateHeader{Version: "test", Config: map[string]string{"viewport": "mobile,desktop"}}

// comparable strips what differs between runs by design: timings.
func comparable(res *scanner.Result) *scanner.Result {
	for i := range res.Pages {
		res.Pages[i].Elapsed = 0
	}
	return res
}

// TestStateResumeEqualsUninterrupted cuts a crawl after some pages, resumes
// it from its journal and compares the result with a run never cut: the
// same pages, verdicts, findings (the site-wide ICP014 and the run-wide
// CTX001 included), with none of the journaled pages rendered again.
func TestStateResumeEqualsUninterrupted(t *testing.T) {
	whole := comparable(scanFake(t, newFake(stateSite()), stateOptions(), "https://ex.com/p0"))
	if len(whole.Pages) < 24 {
		t.Fatalf("the site holds %d page-viewports, want at least 24", len(whole.Pages))
	}
	found := map[string]bool{}
	for _, p := range whole.Pages {
		for _, f := range p.Findings {
			found[f.Rule] = true
		}
	}
	if !found["ICP014"] || !found["CTX001"] {
		t.Fatalf("the site's findings %v lack the site-wide ICP014 or the run-wide CTX001", found)
	}
	for _, cut := range []int{1, 3, 7, 10} {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "state")
			st, err := scanner.OpenState(dir, testHeader, scanner.StateNew)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			o := stateOptions()
			o.State = st
			ended := 0
			o.OnPage = func(p scanner.PageResult, total int) {
				if p.Status.Checked() {
					if ended++; ended == 2*cut {
						cancel()
					}
				}
			}
			tg := scanner.URLTarget("https://ex.com/p0", true)
			if _, err := scanner.Scan(ctx, newFake(stateSite()), []scanner.Target{tg}, o); !errors.Is(err, context.Canceled) {
				t.Fatalf("cut run: %v, want cancelled", err)
			}
			st.Close()

			st, err = scanner.OpenState(dir, testHeader, scanner.StateResume)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if st.Records() < cut {
				t.Fatalf("journal holds %d pages, want at least %d", st.Records(), cut)
			}
			o = stateOptions()
			o.State = st
			e := newFake(stateSite())
			got := comparable(scanFake(t, e, o, "https://ex.com/p0"))
			if st.Dropped != 0 {
				t.Errorf("%d journaled pages dropped", st.Dropped)
			}
			if !reflect.DeepEqual(got, whole) {
				t.Errorf("resumed result differs from the uninterrupted one:\n%s", diffPages(got, whole))
			}
			if n, want := len(e.renders), len(whole.Pages)-2*st.Records(); n > want {
				t.Errorf("resumed run rendered %d page-viewports, want at most %d (journaled pages again?)", n, want)
			}
		})
	}
}

func diffPages(a, b *scanner.Result) string {
	var out []string
	for i := range max(len(a.Pages), len(b.Pages)) {
		var pa, pb scanner.PageResult
		if i < len(a.Pages) {
			pa = a.Pages[i]
		}
		if i < len(b.Pages) {
			pb = b.Pages[i]
		}
		if !reflect.DeepEqual(pa, pb) {
			out = append(out, fmt.Sprintf("#%d got  %s %s %s %q findings %v\n   want %s %s %s %q findings %v",
				i, pa.URL, pa.Viewport, pa.Status, pa.Error, pa.Findings, pb.URL, pb.Viewport, pb.Status, pb.Error, pb.Findings))
		}
	}
	return strings.Join(out, "\n")
}

// TestStateTornLine resumes a journal whose last line a kill cut: the line
// is ignored and cut off, the pages before it are kept.
func TestStateTornLine(t *testing.T) {
	dir := journalOf(t, 4)
	path := filepath.Join(dir, scanner.StateFile)
	b, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(b), "\n")
	whole := len(b)
	torn := string(b) + lines[2][:len(lines[2])/2]
	if err := os.WriteFile(path, []byte(torn), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := scanner.OpenState(dir, testHeader, scanner.StateResume)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !st.Torn || st.Records() != 4 {
		t.Errorf("torn %v, %d records; want torn and 4", st.Torn, st.Records())
	}
	if b, _ := os.ReadFile(path); len(b) != whole {
		t.Errorf("journal is %d bytes after the resume opened it, want the %d of its whole lines", len(b), whole)
	}

	// A damaged line before the last is not a torn write: refused.
	damaged := strings.Join(lines[:2], "") + "{\"key\":\n" + strings.Join(lines[2:], "")
	if err := os.WriteFile(path, []byte(damaged), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := scanner.OpenState(dir, testHeader, scanner.StateResume); err == nil || !strings.Contains(err.Error(), "line 3 is damaged") {
		t.Errorf("damaged journal: %v, want line 3 is damaged", err)
	}
}

// journalOf writes the journal of a run of n pages without links.
func journalOf(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	st, err := scanner.OpenState(dir, testHeader, scanner.StateOverwrite)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]fakePage{}
	var urls []string
	for i := range n {
		u := fmt.Sprintf("https://user:s3cr3t@ex.com/q%d", i)
		pages[u] = fakePage{texts: stateSite()["https://ex.com/p1"].texts}
		urls = append(urls, u)
	}
	o := stateOptions()
	o.Crawl, o.State = nil, st
	scanFake(t, newFake(pages), o, urls...)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestStateRefuses checks what a journal is not opened for: another
// configuration or version (naming what differs), a folder holding
// anything for a new journal, a resume with no journal.
func TestStateRefuses(t *testing.T) {
	dir := journalOf(t, 2)
	other := scanner.StateHeader{Version: "test", Config: map[string]string{"viewport": "mobile", "timeout": "5s"}}
	_, err := scanner.OpenState(dir, other, scanner.StateResume)
	if !errors.Is(err, scanner.ErrStateDiffers) || !strings.Contains(err.Error(), `timeout: journal "", now "5s"; viewport: journal "mobile,desktop", now "mobile"`) {
		t.Errorf("other configuration: %v", err)
	}
	_, err = scanner.OpenState(dir, scanner.StateHeader{Version: "v2", Config: testHeader.Config}, scanner.StateResume)
	if !errors.Is(err, scanner.ErrStateDiffers) || !strings.Contains(err.Error(), `version "test" wrote it, this is "v2"`) {
		t.Errorf("other version: %v", err)
	}
	if _, err := scanner.OpenState(dir, testHeader, scanner.StateNew); err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("new journal over one: %v", err)
	}
	// Nothing to resume (killed before the header was written): a new
	// journal.
	empty := t.TempDir()
	if st, err := scanner.OpenState(empty, testHeader, scanner.StateResume); err != nil || st.Records() != 0 {
		t.Errorf("resume without a journal: %v", err)
	} else {
		st.Close()
	}
	if h, err := scanner.ReadStateHeader(empty); err != nil || h.Version != "test" {
		t.Errorf("the journal started by a resume has header %+v (%v)", h, err)
	}
	st, err := scanner.OpenState(dir, testHeader, scanner.StateOverwrite)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if st, err = scanner.OpenState(dir, testHeader, scanner.StateResume); err != nil || st.Records() != 0 {
		t.Errorf("overwritten journal: %v, %d records", err, st.Records())
	}
	st.Close()
}

// TestStateHoldsNoCredentials: a URL's password is never written.
func TestStateHoldsNoCredentials(t *testing.T) {
	dir := journalOf(t, 3)
	b, err := os.ReadFile(filepath.Join(dir, scanner.StateFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "s3cr3t") {
		t.Errorf("journal holds the password:\n%s", b)
	}
	if !strings.Contains(string(b), `"raw":"京ICP备2021012345号-1"`) {
		t.Errorf("journal holds no page:\n%.500s", b)
	}
}

// BenchmarkStateJournal is the journal's cost per page (two viewports,
// a footer number, encoding, write and fsync): a fake scan of 100 pages
// with --state, less the same scan without it.
func BenchmarkStateJournal(b *testing.B) {
	pages := map[string]fakePage{}
	var targets []scanner.Target
	for i := range 100 {
		u := fmt.Sprintf("https://ex.com/b%d", i)
		pages[u] = fakePage{texts: stateSite()["https://ex.com/p1"].texts}
		targets = append(targets, scanner.URLTarget(u, true))
	}
	for _, journal := range []bool{false, true} {
		b.Run(fmt.Sprintf("journal=%v", journal), func(b *testing.B) {
			for b.Loop() {
				o := stateOptions()
				o.Crawl = nil
				if journal {
					st, err := scanner.OpenState(b.TempDir(), testHeader, scanner.StateNew)
					if err != nil {
						b.Fatal(err)
					}
					o.State = st
					defer st.Close()
				}
				if _, err := scanner.Scan(context.Background(), newFake(pages), targets, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
