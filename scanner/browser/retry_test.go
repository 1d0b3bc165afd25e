package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// TestTransientFailuresAreRetried scans, with one retry, a page whose
// server answers its first request with 500 and later ones with a
// compliant page: both viewports are ok with the same verdict (without the
// retry the phone got an error and the desktop a pass). A 503 asking
// Retry-After: 1 is tried again no sooner than a second later; a 404 is
// not tried again.
func TestTransientFailuresAreRetried(t *testing.T) {
	b := testBrowser(t)
	var mu sync.Mutex
	seen := map[string][]time.Time{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path] = append(seen[r.URL.Path], time.Now())
		first := len(seen[r.URL.Path]) == 1
		mu.Unlock()
		switch {
		case r.URL.Path == "/missing":
			http.NotFound(w, r)
			return
		case r.URL.Path == "/flicker" && first:
			http.Error(w, "flicker", http.StatusInternalServerError)
			return
		case r.URL.Path == "/busy" && first:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML("", footerHTML))
	}))
	defer srv.Close()
	vs, err := scanner.ParseViewports("mobile,desktop")
	if err != nil {
		t.Fatal(err)
	}
	var targets []scanner.Target
	for _, p := range []string{"/flicker", "/busy", "/missing"} {
		targets = append(targets, scanner.Target{URL: srv.URL + p, Display: p, Entry: true, Site: "s"})
	}
	res, err := scanner.Scan(context.Background(), b, targets, scanner.Options{
		Viewports: vs, Timeout: 15 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(time.Now().Year()),
		Retry: scanner.Retry{Retries: 1, Backoff: 100 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range res.Pages {
		got[p.URL+" "+p.Viewport] = fmt.Sprintf("%s compliant=%v attempts=%d %s", p.Status, p.Compliant(), p.Attempts, p.Error)
	}
	want := map[string]string{
		"/flicker mobile":  "ok compliant=true attempts=2 ",
		"/flicker desktop": "ok compliant=true attempts=1 ",
		"/busy mobile":     "ok compliant=true attempts=2 ",
		"/busy desktop":    "ok compliant=true attempts=1 ",
		"/missing mobile":  "error compliant=false attempts=1 HTTP 404 Not Found",
		"/missing desktop": "error compliant=false attempts=1 HTTP 404 Not Found",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if busy := seen["/busy"]; len(busy) < 2 || busy[1].Sub(busy[0]) < 900*time.Millisecond {
		t.Errorf("/busy requested at %v: want the second request a second after the first (Retry-After: 1)", busy)
	}
}
