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
	"github.com/beiancheck/beiancheck/scanner/browser"
	"github.com/beiancheck/beiancheck/scanner/browser/browsertest"
)

// TestRecycle scans with a browser recycled every 3 page-viewports, and
// with one recycled whenever it holds more than a byte: every page is
// checked, each served by the browser the rule says, and no recycled
// browser is left running.
func TestRecycle(t *testing.T) {
	for _, c := range []struct {
		name  string
		rc    browser.Recycle
		pages int
		// One tab at a time above 1 byte: two renders starting together
		// see the same browser due, and the first one replaces it for both.
		tabs     int
		browsers int // distinct browser processes that served the pages
		recycles int // the first render above 1 byte replaces the first browser
	}{
		{"every 3 pages", browser.Recycle{Pages: 3}, 10, 2, 3, 2},
		{"over 1 byte", browser.Recycle{MaxRSS: 1}, 4, 1, 4, 4},
		// Past the bound, but not for long: no recycling.
		{"over 1 byte, not for an hour", browser.Recycle{MaxRSS: 1, Over: time.Hour}, 4, 1, 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := ownBrowser(t)
			b.Recycle = c.rc
			var mu sync.Mutex
			served := map[int]bool{}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				served[b.PID()] = true
				mu.Unlock()
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_, _ = w.Write([]byte(pageHTML("", "<main><p>"+r.URL.Path+"</p></main>"+footerHTML)))
			}))
			defer srv.Close()
			var targets []scanner.Target
			for i := range c.pages {
				u := fmt.Sprintf("%s/p%02d", srv.URL, i)
				targets = append(targets, scanner.Target{URL: u, Display: u, Entry: true, Site: "s"})
			}
			vs, _ := scanner.ParseViewports("desktop")
			res, err := scanner.Scan(context.Background(), b, targets, scanner.Options{
				Viewports: vs, Timeout: 20 * time.Second, Concurrency: c.tabs, Rules: rules.DefaultOptions(time.Now().Year()),
			})
			if err != nil {
				t.Fatal(err)
			}
			srv.Close()
			for _, p := range res.Pages {
				if !p.Status.Checked() || !p.Compliant() || p.BrowserCrashes != 0 {
					t.Errorf("%s: %s %q compliant=%v crashes=%d, want checked and compliant, no crash", p.URL, p.Status, p.Error, p.Compliant(), p.BrowserCrashes)
				}
			}
			if res.BrowserRecycles != c.recycles {
				t.Errorf("%d recycles counted, want %d", res.BrowserRecycles, c.recycles)
			}
			if res.BrowserRestarts != 0 {
				t.Errorf("%d restarts counted: a recycling is not a crash", res.BrowserRestarts)
			}
			if len(served) != c.browsers {
				t.Errorf("pages served by %d browser processes, want %d", len(served), c.browsers)
			}
			current := b.PID()
			for pid := range served {
				if pid != current && browsertest.Alive(pid) {
					t.Errorf("recycled browser %d is still running", pid)
				}
			}
		})
	}
}

// TestRecycleGoesOnBesidePagesInFlight recycles the browser after every
// page-viewport while one page waits for an image the server holds back:
// the other tab's pages render meanwhile, each in a newer browser, instead
// of waiting for the slow page; the slow page then ends checked in the
// browser it started in, which stops once it is done.
func TestRecycleGoesOnBesidePagesInFlight(t *testing.T) {
	b := ownBrowser(t)
	b.Recycle = browser.Recycle{Pages: 1}
	held, free := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var mu sync.Mutex
	served := map[string]int{} // path → the browser's PID when served
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served[r.URL.Path] = b.PID()
		mu.Unlock()
		if r.URL.Path == "/hold.png" {
			once.Do(func() { close(held) })
			select {
			case <-free:
			case <-r.Context().Done():
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		body := "<main><p>" + r.URL.Path + "</p></main>"
		if r.URL.Path == "/slow" {
			body += `<img src="/hold.png" width="10" height="10">`
		}
		_, _ = w.Write([]byte(pageHTML("", body+footerHTML)))
	}))
	defer srv.Close()
	letGo := sync.OnceFunc(func() { close(free) })
	defer letGo() // before the server closes: its held request returns
	vs, _ := scanner.ParseViewports("desktop")
	ctx := context.Background()
	s, err := b.Open(ctx, vs, scanner.Request{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	slow, err := s.Tab(ctx, vs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fast, err := s.Tab(ctx, vs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	ro := scanner.RenderOptions{Timeout: 20 * time.Second}
	target := func(p string) scanner.Target {
		return scanner.Target{URL: srv.URL + p, Display: srv.URL + p, Entry: true}
	}
	slowDone := make(chan error, 1)
	go func() {
		r, err := slow.Render(ctx, target("/slow"), ro)
		if err == nil && (r.Page == nil || len(r.Page.Texts) == 0) {
			err = fmt.Errorf("no filing number measured")
		}
		slowDone <- err
	}()
	select {
	case <-held:
	case err := <-slowDone:
		t.Fatalf("the slow page ended before its image was held: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("the slow page never asked for its image")
	}
	first := b.PID()
	for i := range 3 {
		// A render waiting for the slow one would wait until its image
		// is let go, after this loop: bounded, so that the test fails.
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		r, err := fast.Render(rctx, target(fmt.Sprintf("/p%d", i)), ro)
		cancel()
		if err != nil || r.Page == nil || len(r.Page.Texts) == 0 {
			t.Fatalf("page %d beside the slow one: %v (want it measured while the slow page waits)", i, err)
		}
	}
	mu.Lock()
	for i := range 3 {
		if p := served[fmt.Sprintf("/p%d", i)]; p == first || p == served["/slow"] {
			t.Errorf("/p%d served by browser %d: want a recycled one, not %d of /slow", i, p, served["/slow"])
		}
	}
	slowPID := served["/slow"]
	mu.Unlock()
	select {
	case <-slowDone:
		t.Fatal("the slow page ended before its image was let go")
	default:
	}
	letGo()
	if err := <-slowDone; err != nil {
		t.Errorf("the slow page, in the browser recycled under it: %v (want it checked)", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for browsertest.Alive(slowPID) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if browsertest.Alive(slowPID) {
		t.Errorf("the recycled browser %d still runs after its last page", slowPID)
	}
}
