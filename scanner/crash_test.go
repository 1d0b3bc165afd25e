package scanner_test

import (
	"strings"
	"testing"
	"time"
)

// TestScanIsolatesTheCulprit checks what a browser crash does to a run:
// the page rendering beside the one that killed the browser is rendered
// again, alone, and passes; the page that kills it again alone is the
// culprit, reported "crashed the browser (twice)"; pages after them are
// unaffected, and the restarts are counted.
func TestScanIsolatesTheCulprit(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/beside": {lingers: true},
		"https://ex.com/killer": {kills: true},
		"https://ex.com/a":      {},
		"https://ex.com/b":      {},
	})
	o := fakeOptions(nil)
	o.Concurrency = 2
	o.Timeout = time.Minute // the beside page waits for the killer to start
	res := scanFake(t, e, o, "https://ex.com/beside", "https://ex.com/killer", "https://ex.com/a", "https://ex.com/b")
	crashes := map[string]int{}
	for _, p := range res.Pages {
		crashes[p.URL] = p.BrowserCrashes
		if p.URL == "https://ex.com/killer" {
			if !strings.HasPrefix(p.Error, "crashed the browser (twice): the browser process exited") {
				t.Errorf("culprit: %s %q, want crashed the browser (twice)", p.Status, p.Error)
			}
			continue
		}
		if !p.Status.Checked() {
			t.Errorf("%s: %s %q, want checked", p.URL, p.Status, p.Error)
		}
	}
	want := map[string]int{"https://ex.com/beside": 1, "https://ex.com/killer": 2, "https://ex.com/a": 0, "https://ex.com/b": 0}
	for u, n := range want {
		if crashes[u] != n {
			t.Errorf("%s: browser_crashes %d, want %d", u, crashes[u], n)
		}
	}
	if res.BrowserRestarts != 2 {
		t.Errorf("browser restarts %d, want 2", res.BrowserRestarts)
	}
}
