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
			checkRenderEnd(t, c.path, c.want, r, err, time.Since(began), 35*time.Second)
		})
	}
}

// TestEndlessDocument loads a document whose HTML never ends: once it has
// passed 300,000 elements its load ends as "page too large", well before
// its 60 s timeout, instead of growing its renderer by a gigabyte; the
// other page, 200,000 spans, is checked. The parse is CPU-bound: alone it
// passes the bound in about 12 s, beside the other packages' tests on two
// cores it took 18 s, hence the margins.
func TestEndlessDocument(t *testing.T) {
	b := testBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/spans" {
			_, _ = w.Write([]byte(pageHTML("", `<div id="m"></div><script>var m=document.getElementById("m");for(var i=0;i<200000;i++){var s=document.createElement("span");s.textContent="字";m.appendChild(s)}</script>`+footerHTML)))
			return
		}
		serveEndless(w, r)
	}))
	defer srv.Close()
	for _, c := range []struct{ path, want string }{{"/endless", "page too large: its document passed 300000 elements"}, {"/spans", ""}} {
		tab := desktopTab(t, b)
		u := srv.URL + c.path
		began := time.Now()
		r, err := tab.Render(context.Background(), scanner.Target{URL: u, Display: u, Entry: true}, scanner.RenderOptions{Timeout: 60 * time.Second})
		checkRenderEnd(t, c.path, c.want, r, err, time.Since(began), 35*time.Second)
		tab.Close()
	}
}

// checkRenderEnd checks a render that took took: measured when want is
// "", else ended by an error containing want within limit.
func checkRenderEnd(t *testing.T, path, want string, r *scanner.Rendered, err error, took, limit time.Duration) {
	t.Helper()
	switch {
	case want == "" && (err != nil || r.Page == nil || len(r.Page.Texts) == 0):
		t.Errorf("%s: %v after %s, want the page measured", path, err, took)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Errorf("%s: %v after %s, want an error with %q", path, err, took, want)
	case want != "" && took > limit:
		t.Errorf("%s ended after %s: the watch did not end it well before the timeout", path, took)
	default:
		t.Logf("%s: %v after %s", path, err, took.Round(time.Millisecond))
	}
}

// serveEndless sends an HTML document that never ends, fast, until the
// client goes away.
func serveEndless(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(`<!doctype html><html><head><meta charset="utf-8"></head><body>`))
	chunk := []byte(strings.Repeat("<p>没完没了</p>\n", 1024))
	for r.Context().Err() == nil {
		if _, err := w.Write(chunk); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		time.Sleep(time.Millisecond)
	}
}
