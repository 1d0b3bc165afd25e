package browser_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// TestRejectedAuthIsAskedOnce checks, server-side, that wrong --auth
// credentials are sent at most once per page-viewport, and that the page
// is then an error saying so; right credentials still pass.
func TestRejectedAuthIsAskedOnce(t *testing.T) {
	b := testBrowser(t)
	var mu sync.Mutex
	attempts := map[string]int{} // path -> requests carrying Authorization
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			mu.Lock()
			attempts[r.URL.Path]++
			mu.Unlock()
		}
		if u, p, ok := r.BasicAuth(); r.URL.Path == "/open" && ok && u == "qa" && p == "s3cret" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(pageHTML("", footerHTML)))
			return
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="staging"`)
		http.Error(w, "auth", http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	vs, _ := scanner.ParseViewports("mobile,desktop")
	scan := func(user, password string, paths ...string) *scanner.Result {
		t.Helper()
		var targets []scanner.Target
		for _, p := range paths {
			targets = append(targets, scanner.Target{URL: srv.URL + p, Display: srv.URL + p, Entry: true, Site: "auth"})
		}
		res, err := scanner.Scan(context.Background(), b, targets, scanner.Options{
			Viewports: vs, Timeout: 15 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(time.Now().Year()),
			Request: scanner.Request{User: user, Password: password},
		})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	res := scan("qa", "wrong", "/closed")
	mu.Lock()
	got := attempts["/closed"]
	mu.Unlock()
	t.Logf("wrong credentials: %d requests carried them", got)
	if got > len(vs) {
		t.Errorf("the server got %d requests with credentials, want at most one per page-viewport (%d)", got, len(vs))
	}
	if len(res.Pages) != len(vs) {
		t.Fatalf("%d page-viewports, want %d", len(res.Pages), len(vs))
	}
	for _, p := range res.Pages {
		if p.Status != scanner.StatusError || p.Error != "HTTP 401: credentials rejected" || p.Compliant() {
			t.Errorf("[%s]: status %q error %q, want error %q", p.Viewport, p.Status, p.Error, "HTTP 401: credentials rejected")
		}
	}

	res = scan("qa", "s3cret", "/open")
	for _, p := range res.Pages {
		if p.Status != scanner.StatusOK || !p.Compliant() {
			t.Errorf("/open [%s] with the right credentials: status %q error %q findings %v", p.Viewport, p.Status, p.Error, p.Findings)
		}
	}
	mu.Lock()
	got = attempts["/open"]
	mu.Unlock()
	if got == 0 {
		t.Error("the right credentials never reached the server")
	}
}
