package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
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
	// A browser of its own: the test kills every renderer of it.
	b := ownBrowser(t)
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
			if p.Status != scanner.StatusError || !strings.Contains(p.Error, "renderer killed (SIGKILL)") {
				t.Errorf("%s: status %q error %q, want the renderer crash", p.URL, p.Status, p.Error)
			}
		} else if p.Status != scanner.StatusOK {
			t.Errorf("%s after the crash: status %q error %q, want ok", p.URL, p.Status, p.Error)
		}
	}
}

// TestBrowserKilledMidScan kills the browser process itself (SIGKILL, by
// PID) in the middle of a 200-page scan, two pages at a time: the browser is
// restarted, the pages in flight are rendered again, every page ends
// exactly once and checked, the restart is counted, and no process of
// either browser is left once the run is closed.
func TestBrowserKilledMidScan(t *testing.T) {
	b := ownBrowser(t)
	first := b.PID()
	var requests atomic.Int32
	var kids []int // the killed browser's other processes
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" {
			http.NotFound(w, r)
			return
		}
		if requests.Add(1) == 100 {
			kids = browsertest.Descendants(first)
			_ = syscall.Kill(first, syscall.SIGKILL)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(pageHTML("", "<main><p>"+r.URL.Path+"</p></main>"+footerHTML)))
	}))
	defer srv.Close()
	var targets []scanner.Target
	for i := range 200 {
		u := fmt.Sprintf("%s/p%02d", srv.URL, i)
		targets = append(targets, scanner.Target{URL: u, Display: u, Entry: true, Site: "s"})
	}
	vs, _ := scanner.ParseViewports("desktop")
	res, err := scanner.Scan(context.Background(), b, targets, scanner.Options{
		Viewports: vs, Timeout: 20 * time.Second, Concurrency: 2, Rules: rules.DefaultOptions(time.Now().Year()),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Close() // its handlers have ended: kids is written
	seen := map[string]int{}
	crashed := 0
	for _, p := range res.Pages {
		seen[p.URL]++
		crashed += p.BrowserCrashes
		if !p.Status.Checked() || !p.Compliant() {
			t.Errorf("%s: %s %q compliant=%v, want checked and compliant", p.URL, p.Status, p.Error, p.Compliant())
		}
	}
	for _, tg := range targets {
		if seen[tg.URL] != 1 {
			t.Errorf("%s ended %d times, want once", tg.URL, seen[tg.URL])
		}
	}
	if res.BrowserRestarts != 1 || crashed < 1 {
		t.Errorf("browser restarts %d, page-viewports rendered again %d; want 1 restart and at least one page again", res.BrowserRestarts, crashed)
	}
	second := b.PID()
	if second == first || second == 0 {
		t.Fatalf("browser PID %d after the kill, want a new process (was %d)", second, first)
	}
	b.Close()
	deadline := time.Now().Add(5 * time.Second)
	for browsertest.Alive(second) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if browsertest.Alive(first) || browsertest.Alive(second) {
		t.Errorf("a browser outlived the run: first alive %v, second alive %v", browsertest.Alive(first), browsertest.Alive(second))
	}
	if len(kids) == 0 {
		t.Error("the killed browser had no child processes to check")
	}
	for _, pid := range kids {
		if browsertest.Alive(pid) {
			t.Errorf("process %d of the killed browser outlived the run", pid)
		}
	}
}

// TestHeapCap renders a page that keeps about 200 MiB of objects alive
// before it writes its footer: under a 64 MiB cap (WithHeapCap) its
// renderer runs out of memory, and the error names the cap; under the
// default cap the page is checked. (Fifty such arrays, as here before, are
// about 500 MiB: near the 512 MiB cap, where a page whose scripts hold the
// thread for 5 s is rightly called out of memory, as it was once beside the
// other packages' tests.)
func TestHeapCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(pageHTML(`<script>var kept=[];for(var k=0;k<20;k++){var a=new Array(1<<19);for(var i=0;i<a.length;i++){a[i]={i:i}}kept.push(a)}</script>`, footerHTML)))
	}))
	defer srv.Close()
	vs, _ := scanner.ParseViewports("desktop")
	for _, c := range []struct {
		name string
		opts []browser.BrowserOption
		want string // the error; "" for a checked page
	}{
		{"64 MiB", []browser.BrowserOption{browser.WithHeapCap(64 << 20)}, "renderer out of memory or failed a fatal check (SIGTRAP; its JavaScript heap is capped at 64 MiB)"},
		{"default", nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := ownBrowser(t, c.opts...)
			res, err := scanner.Scan(context.Background(), b, []scanner.Target{{URL: srv.URL, Display: srv.URL, Entry: true, Site: "heap"}},
				scanner.Options{Viewports: vs, Timeout: 60 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(time.Now().Year())})
			if err != nil {
				t.Fatal(err)
			}
			p := res.Pages[0]
			t.Logf("%s: %s %q", c.name, p.Status, p.Error)
			if c.want == "" && p.Status != scanner.StatusOK {
				t.Errorf("status %s, error %q; want the page checked", p.Status, p.Error)
			}
			if c.want != "" && (p.Status != scanner.StatusError || p.Error != c.want) {
				t.Errorf("status %s, error %q; want error %q", p.Status, p.Error, c.want)
			}
		})
	}
}
