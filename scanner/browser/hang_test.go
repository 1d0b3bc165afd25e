package browser_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/scanner"
)

// TestHungPage loads a page whose inline script never ends: it ends as
// "page unresponsive" once its scripts have held the main thread for
// Chromium's 15 s, well before its 45 s timeout. A page whose scripts keep
// the thread just as busy in 100 ms tasks while an image holds its load
// for 17 s is not hung: it answers between tasks, and is checked.
func TestHungPage(t *testing.T) {
	b := testBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow.png":
			select {
			case <-time.After(17 * time.Second):
			case <-r.Context().Done():
			}
			w.WriteHeader(http.StatusNoContent)
			return
		case "/loop":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(pageHTML("", footerHTML+`<script>while(true){}</script>`)))
		case "/chunks":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(pageHTML("", footerHTML+`<img src="/slow.png" width="1" height="1"><script>
(function chunk(){ const t = Date.now(); while (Date.now() - t < 100) {} setTimeout(chunk, 0) })()
</script>`)))
		}
	}))
	t.Cleanup(srv.Close) // after the parallel subtests
	for _, c := range []struct{ path, want string }{{"/loop", "page unresponsive: its scripts ran for "}, {"/chunks", ""}} {
		t.Run(strings.TrimPrefix(c.path, "/"), func(t *testing.T) {
			t.Parallel()
			tab := desktopTab(t, b)
			u := srv.URL + c.path
			began := time.Now()
			r, err := tab.Render(context.Background(), scanner.Target{URL: u, Display: u, Entry: true}, scanner.RenderOptions{Timeout: 45 * time.Second})
			took := time.Since(began)
			switch {
			case c.want == "" && (err != nil || r.Page == nil || len(r.Page.Texts) == 0):
				t.Errorf("%s: %v after %s, want the page measured", c.path, err, took)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("%s: %v after %s, want an error with %q", c.path, err, took, c.want)
			case c.want != "" && took > 35*time.Second:
				t.Errorf("%s ended after %s: the hang was not seen before the timeout", c.path, took)
			}
		})
	}
}
