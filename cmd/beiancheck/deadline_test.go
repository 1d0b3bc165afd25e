package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMaxDuration scans a page that never finishes loading (its document
// arrives, a script it waits for never does, so its render holds the one
// slot), then others, with a run deadline far shorter than the page
// timeout: the run ends at the deadline with exit 3, the reports are
// written, and every page-viewport not finished is "not scanned: run
// deadline".
func TestMaxDuration(t *testing.T) {
	needBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hang":
			fmt.Fprint(w, `<!doctype html><html><body><script src="/never.js"></script></body></html>`)
			return
		case "/never.js":
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><body><footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer></body></html>`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "r.json")
	start := time.Now()
	code, _, stderr := runCLI(t, "scan", "--viewport", "mobile,desktop", "--concurrency", "1", "--timeout", "60s",
		"--max-duration", "3s", "--level", "CTX001=off", "--json", out, srv.URL+"/hang", srv.URL+"/a", srv.URL+"/b")
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the scan took %v with --max-duration 3s", d)
	}
	if code != exitFailed {
		t.Errorf("exit %d, want %d\n%s", code, exitFailed, stderr)
	}
	var rep struct {
		Pages []corpusPage `json:"pages"`
	}
	readJSON(t, out, &rep)
	if len(rep.Pages) != 6 {
		t.Fatalf("%d page-viewports in the report, want 6", len(rep.Pages))
	}
	for _, p := range rep.Pages {
		if p.Status != "error" || p.Error != "not scanned: run deadline" {
			t.Errorf("%s at %s: %s %q, want error \"not scanned: run deadline\"", p.URL, p.Viewport, p.Status, p.Error)
		}
	}
	for _, want := range []string{"6 page-viewports not scanned: run deadline", "--max-duration 3s"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
}
