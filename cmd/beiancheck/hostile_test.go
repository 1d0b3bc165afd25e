package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/fixtures/hostile"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser/browsertest"
)

// hostileTimeout is the --timeout of the corpus scans: long enough for a
// normal page on a loaded machine, short enough to bound the hanging cases.
const hostileTimeout = 10 * time.Second

// heavyCases are the corpus cases whose own work takes much of a page's
// default --timeout on a loaded machine: the memory bomb dies at the heap cap
// after about 10 s alone, the 200,000 spans take about 9 s a viewport to load,
// lay out and probe alone (21 s measured beside the memory bomb).
// They are scanned apart from the others, at the default --timeout, beside
// normal pages; the deep DOM is with them because it is the other big DOM.
var heavyCases = map[string]bool{
	"deep-dom":        true,
	"memory-bomb":     true,
	"many-text-nodes": true,
}

// hostileOnly narrows TestHostileCorpus to some cases, to look at one
// alone: go test -run TestHostileCorpus ./cmd/beiancheck -args -hostile.only=memory-bomb,busy-loop
var hostileOnly = flag.String("hostile.only", "", "comma-separated corpus `cases` TestHostileCorpus scans (default: all)")

// corpusPage is one page-viewport of a corpus scan.
type corpusPage struct {
	URL       string `json:"url"`
	Viewport  string `json:"viewport"`
	Status    string `json:"status"`
	Error     string `json:"error"`
	Compliant bool   `json:"compliant"`
	Findings  []struct {
		Rule string `json:"rule"`
	} `json:"findings"`
	ElapsedMS int64 `json:"elapsed_ms"`
	Attempts  int   `json:"attempts"`
}

// verdict is what a normal page's result must keep when hostile pages
// run beside it.
func (p corpusPage) verdict() string {
	var rules []string
	for _, f := range p.Findings {
		rules = append(rules, f.Rule)
	}
	slices.Sort(rules)
	return p.Status + " compliant=" + strconv.FormatBool(p.Compliant) + " " + strings.Join(rules, ",")
}

// hostileScan serves a fresh corpus, scans paths at both viewports and
// returns the page-viewports of the JSON report keyed by path and
// viewport, with elapsed_ms from the JSONL journal, and the wall time.
func hostileScan(t *testing.T, paths []string, timeout time.Duration) (map[string][]corpusPage, time.Duration, *hostile.Corpus) {
	t.Helper()
	corpus := hostile.NewCorpus()
	srv := httptest.NewServer(corpus)
	defer srv.Close()
	dir := t.TempDir()
	report, journal := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.jsonl")
	args := []string{"scan", "--quiet", "--viewport", "mobile,desktop", "--concurrency", "2",
		"--timeout", timeout.String(), "--level", "CTX001=off", "--json", report, "--jsonl", journal}
	for _, p := range paths {
		args = append(args, srv.URL+p)
	}
	stop := watchBrowsers(t)
	start := time.Now()
	code, _, stderr := runCLI(t, args...)
	wall := time.Since(start)
	stop()
	var rep struct {
		Pages []corpusPage `json:"pages"`
	}
	readJSON(t, report, &rep)
	t.Logf("scan of %d URLs: exit %d in %v", len(paths), code, wall.Round(time.Millisecond))
	if code == exitSetup {
		t.Fatalf("scan failed to start\n%s", stderr)
	}
	elapsed := map[string]int64{}
	f, err := os.Open(journal)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var p corpusPage
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("journal line %q: %v", sc.Text(), err)
		}
		elapsed[p.URL+" "+p.Viewport] = p.ElapsedMS
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	got := map[string][]corpusPage{}
	for _, p := range rep.Pages {
		p.ElapsedMS = elapsed[p.URL+" "+p.Viewport]
		path := strings.TrimPrefix(p.URL, srv.URL)
		got[path+" "+p.Viewport] = append(got[path+" "+p.Viewport], p)
	}
	for _, p := range paths {
		for _, vp := range []string{"mobile", "desktop"} {
			if n := len(got[p+" "+vp]); n != 1 {
				t.Errorf("%s at %s: %d results, want exactly 1", p, vp, n)
			}
		}
	}
	if len(rep.Pages) != 2*len(paths) {
		t.Errorf("%d page-viewports in the report, want %d", len(rep.Pages), 2*len(paths))
	}
	return got, wall, corpus
}

// watchBrowsers records, until the returned func is called, every browser
// process below this test process; the func then fails the test for each
// one still alive. Polling catches processes that a dying parent leaves to
// init, which a look after the run would miss.
func watchBrowsers(t *testing.T) func() {
	t.Helper()
	seen := map[int]string{}
	var mu sync.Mutex
	look := func() {
		for _, pid := range browsertest.Descendants(os.Getpid()) {
			b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
			if err != nil || !strings.Contains(strings.ToLower(string(b)), "chrom") {
				continue
			}
			mu.Lock()
			seen[pid] = strings.ReplaceAll(string(b), "\x00", " ")
			mu.Unlock()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			look()
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		t.Helper()
		cancel()
		<-done
		look()
		if len(seen) == 0 {
			t.Error("no browser process seen: the watch is blind")
		}
		for pid, cmdline := range seen {
			if browsertest.Alive(pid) {
				t.Errorf("browser process %d outlived run(): %.200s", pid, cmdline)
			}
		}
	}
}

// TestHostileCorpus scans the hostile corpus mixed with normal pages:
// every URL is accounted for once per viewport, each hostile case gets its
// correct outcome within its timeout, every normal page gets the verdict
// it gets alone, and no browser process outlives run().
func TestHostileCorpus(t *testing.T) {
	needBrowser(t)
	if testing.Short() {
		t.Skip("the corpus scan takes a minute or more")
	}
	normals := hostile.Normals()
	var normalPaths []string
	for _, n := range normals {
		normalPaths = append(normalPaths, n.Path)
	}
	alone, _, _ := hostileScan(t, normalPaths, hostileTimeout)
	for _, n := range normals {
		for _, vp := range []string{"mobile", "desktop"} {
			ps := alone[n.Path+" "+vp]
			if len(ps) != 1 || ps[0].Status != "ok" || ps[0].Compliant != n.Compliant {
				t.Fatalf("normal page %s at %s alone: %+v, want ok compliant=%v", n.Path, vp, ps, n.Compliant)
			}
		}
	}
	var quick, heavy []hostile.Case
	only := strings.Split(*hostileOnly, ",")
	for _, c := range hostile.Cases() {
		switch {
		case *hostileOnly != "" && !slices.Contains(only, c.Name):
		case heavyCases[c.Name]:
			heavy = append(heavy, c)
		default:
			quick = append(quick, c)
		}
	}
	for _, run := range []struct {
		name    string
		cases   []hostile.Case
		timeout time.Duration
	}{{"quick", quick, hostileTimeout}, {"heavy", heavy, defaultTimeout}} {
		t.Run(run.name, func(t *testing.T) {
			if len(run.cases) == 0 {
				t.Skip("no case of this run in -hostile.only")
			}
			corpusRun(t, run.cases, normalPaths, alone, run.timeout)
		})
	}
}

// corpusRun scans cases mixed with the normal pages at timeout and checks
// the outcomes against the verdicts the normal pages got alone.
func corpusRun(t *testing.T, cases []hostile.Case, normalPaths []string, alone map[string][]corpusPage, timeout time.Duration) {
	// A normal page follows every second hostile one, so that normal pages
	// run after (and beside) hostile ones all through the scan.
	var mixed []string
	next := 0
	for i, c := range cases {
		mixed = append(mixed, c.Path)
		if i%2 == 1 && next < len(normalPaths) {
			mixed = append(mixed, normalPaths[next])
			next++
		}
	}
	mixed = append(mixed, normalPaths[next:]...)
	got, wall, corpus := hostileScan(t, mixed, timeout)
	// A page may overrun its timeout by the time the scanner takes to give
	// the tab up and record the error: each attempt of a page-viewport takes
	// at most bound, and the retry's backoff is added (elapsed_ms counts
	// every attempt). The run as a whole is bounded too: the page-viewports
	// that may end in an error each take at most bound, two at a time, and
	// the rest of the run a minute.
	bound := timeout + 5*time.Second
	slow := 0
	for _, c := range cases {
		if c.Want.Error != nil {
			slow += 2
		}
	}
	if limit := time.Duration(slow/2+1)*bound + time.Minute; wall > limit {
		t.Errorf("the scan took %v, more than %v", wall, limit)
	}
	for _, c := range cases {
		for _, vp := range []string{"mobile", "desktop"} {
			for _, p := range got[c.Path+" "+vp] {
				t.Logf("%s at %s: %s, error %q, %d ms", c.Name, vp, p.verdict(), p.Error, p.ElapsedMS)
				if !c.Want.Accepts(p.Status, p.Error, p.Compliant) {
					t.Errorf("%s at %s: status %q, error %q, compliant %v; want %v (%s)",
						c.Name, vp, p.Status, p.Error, p.Compliant, c.Want, c.Why)
				}
				n := max(1, p.Attempts)
				limit := time.Duration(n)*bound + time.Duration(n-1)*scanner.DefaultMaxBackoff
				if d := time.Duration(p.ElapsedMS) * time.Millisecond; d > limit {
					t.Errorf("%s at %s took %v in %d attempts, more than %v", c.Name, vp, d, n, limit)
				}
				if p.Status == "error" && p.ElapsedMS == 0 {
					t.Errorf("%s at %s: an error without elapsed_ms in the journal", c.Name, vp)
				}
			}
		}
	}
	// A popup sends a request every 20 ms while it lives; one closed at
	// once (or never opened) sends a few at most.
	storm := slices.ContainsFunc(cases, func(c hostile.Case) bool { return c.Name == "window-open-storm" })
	if most, popups := corpus.PopupBeacons(); storm && most > 10 {
		t.Errorf("window.open storm: a popup sent %d requests (%d popups sent any): popups outlive their opener", most, popups)
	} else if storm {
		t.Logf("window.open storm: %d popups sent requests, at most %d each", popups, most)
	}
	for _, n := range normalPaths {
		for _, vp := range []string{"mobile", "desktop"} {
			want := alone[n+" "+vp][0].verdict()
			for _, p := range got[n+" "+vp] {
				if p.verdict() != want {
					t.Errorf("normal page %s at %s beside hostile pages: %s (error %q), alone: %s", n, vp, p.verdict(), p.Error, want)
				}
			}
		}
	}
}
