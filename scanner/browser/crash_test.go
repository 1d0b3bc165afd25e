package browser_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"

	"github.com/beiancheck/beiancheck/scanner/browser/browsertest"
)

// TestRendererCrashEndsThePageAtOnce kills the renderer of a page that is
// still loading: the page ends in a renderer crash error as soon as the
// browser says so, not at its timeout, and the next page of the same
// browser renders.
func TestRendererCrashEndsThePageAtOnce(t *testing.T) {
	testBrowser(t) // skip or fail as the other browser tests do
	path, err := browser.FindChrome("")
	if err != nil {
		t.Fatal(err)
	}
	// A browser of its own: the test kills every renderer of it.
	b, err := browser.Start(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ok := hostileSite(t)
	loading := make(chan struct{}, 1)
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!doctype html><html><head><title>slow</title></head><body><p>"))
		w.(http.Flusher).Flush()
		select {
		case loading <- struct{}{}:
		default:
		}
		<-r.Context().Done()
	}))
	defer hang.Close()
	go func() {
		<-loading
		time.Sleep(500 * time.Millisecond)
		for _, pid := range browsertest.Descendants(b.PID()) {
			if cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline"); strings.Contains(string(cmd), "--type=renderer") {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}()
	vs, _ := scanner.ParseViewports("desktop")
	targets := []scanner.Target{
		{URL: hang.URL + "/slow", Display: hang.URL + "/slow", Entry: true, Site: "slow"},
		{URL: ok.URL + "/ok", Display: ok.URL + "/ok", Entry: true, Site: "hostile"},
	}
	const timeout = 20 * time.Second
	began := time.Now()
	res, err := scanner.Scan(context.Background(), b, targets, scanner.Options{
		Viewports: vs, Timeout: timeout, Concurrency: 1, Rules: rules.DefaultOptions(time.Now().Year()),
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(began); d > timeout/2 {
		t.Errorf("the scan took %v: the crash was noticed at the page's timeout", d)
	}
	for _, p := range res.Pages {
		t.Logf("%s: %s %q", p.URL, p.Status, p.Error)
		if strings.HasSuffix(p.URL, "/slow") {
			if p.Status != scanner.StatusError || !strings.Contains(p.Error, "renderer out of memory or crashed") {
				t.Errorf("%s: status %q error %q, want the renderer crash", p.URL, p.Status, p.Error)
			}
		} else if p.Status != scanner.StatusOK {
			t.Errorf("%s after the crash: status %q error %q, want ok", p.URL, p.Status, p.Error)
		}
	}
}
