package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestSitemapAutoWithoutSitemap checks that --sitemap auto on a site with
// neither a Sitemap: line in robots.txt nor a /sitemap.xml warns and scans
// the given targets, while an explicit --sitemap that fails stays an error.
func TestSitemapAutoWithoutSitemap(t *testing.T) {
	needBrowser(t)
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(compliantPage))
		case "/robots.txt":
			w.Write([]byte("User-agent: *\nDisallow:\n"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	t.Chdir(t.TempDir())
	code, _, stderr := runCLI(t, "scan", "--sitemap", "auto", "--viewport", "desktop", "--quiet", "--json", "r.json", srv.URL+"/")
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s", code, stderr)
	}
	if want := "beiancheck: warning: --sitemap auto: no sitemap found at " + srv.URL + "/sitemap.xml (HTTP 404); scanning the given targets"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	var rep struct {
		Pages []struct{ URL, Status string }
	}
	readJSON(t, "r.json", &rep)
	if len(rep.Pages) != 1 || rep.Pages[0].Status != "ok" {
		t.Errorf("pages %+v, want the target checked", rep.Pages)
	}
	mu.Lock()
	if hits["/"] == 0 || hits["/sitemap.xml"] != 1 {
		t.Errorf("server saw %v, want / and one /sitemap.xml", hits)
	}
	mu.Unlock()

	code, _, stderr = runCLI(t, "scan", "--sitemap", srv.URL+"/sitemap.xml", "--viewport", "desktop", "--quiet", srv.URL+"/")
	if code != exitSetup || !strings.Contains(stderr, "HTTP 404") {
		t.Errorf("explicit --sitemap that fails: exit %d, %q; want exit 2", code, stderr)
	}
}
