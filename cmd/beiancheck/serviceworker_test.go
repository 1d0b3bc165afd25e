package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestServiceWorkerCannotAnswerLaterPages: a service worker that one page
// of an origin registers (a PWA's offline cache, or a third-party script)
// would answer the next page in the tab, a 404 included, with a compliant
// footer the server never sent. Pages are loaded from the network: the
// 404 stays an error and the server gets the request.
func TestServiceWorkerCannotAnswerLaterPages(t *testing.T) {
	needBrowser(t)
	var swServed, fakeAsked atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/reg.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The footer is written once the worker controls the page, so the
		// page is measured with the worker active.
		fmt.Fprint(w, strings.Replace(compliantPage, "<footer", `<script>
navigator.serviceWorker.register('/sw.js', {scope: '/'}).then(function () { return navigator.serviceWorker.ready; })
  .then(function () { document.getElementById('ready').textContent = 'ready'; });
</script><p id="ready"></p><footer`, 1))
	})
	mux.HandleFunc("/sw.js", func(w http.ResponseWriter, r *http.Request) {
		swServed.Add(1)
		w.Header().Set("Content-Type", "text/javascript")
		page, _ := json.Marshal(compliantPage)
		fmt.Fprintf(w, `self.addEventListener('install', function (e) { self.skipWaiting(); });
self.addEventListener('activate', function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', function (e) {
  if (e.request.url.indexOf('/fake') >= 0) {
    e.respondWith(new Response(%s, {status: 200, headers: {'Content-Type': 'text/html; charset=utf-8'}}));
  }
});`, page)
	})
	mux.HandleFunc("/fake.html", func(w http.ResponseWriter, r *http.Request) {
		fakeAsked.Add(1)
		http.NotFound(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runCLI(t, "scan", "--quiet", "--concurrency", "1", "--viewport", "mobile", "--level", "CTX001=off",
		"--annotations", "none", "--json", out, srv.URL+"/reg.html", srv.URL+"/fake.html")
	var rep struct {
		Pages []struct {
			URL, Status, Error string
			HTTPStatus         int  `json:"http_status"`
			Compliant          bool `json:"compliant"`
		} `json:"pages"`
	}
	readJSON(t, out, &rep)
	if swServed.Load() == 0 {
		t.Fatalf("the service worker was never fetched: the test did not register it\n%s", stderr)
	}
	for _, p := range rep.Pages {
		if strings.HasSuffix(p.URL, "/fake.html") && (p.Status != "error" || p.HTTPStatus != 404 || p.Compliant) {
			t.Errorf("fake.html: %s %q http %d compliant=%v, want the server's 404 as an error", p.Status, p.Error, p.HTTPStatus, p.Compliant)
		}
		if strings.HasSuffix(p.URL, "/reg.html") && !p.Compliant {
			t.Errorf("reg.html not compliant: %+v", p)
		}
	}
	if fakeAsked.Load() == 0 {
		t.Errorf("the server never got /fake.html: the service worker answered it")
	}
	if code != exitFailed {
		t.Errorf("exit %d, want %d (the 404)\n%s", code, exitFailed, stderr)
	}
}
