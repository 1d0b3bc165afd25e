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
	testBrowser(t)
	path, err := browser.FindChrome("")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		rc       browser.Recycle
		pages    int
		browsers int // distinct browser processes that served the pages
	}{
		{"every 3 pages", browser.Recycle{Pages: 3}, 10, 3},
		{"over 1 byte", browser.Recycle{MaxRSS: 1}, 4, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := browser.Start(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
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
				Viewports: vs, Timeout: 20 * time.Second, Concurrency: 2, Rules: rules.DefaultOptions(time.Now().Year()),
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
