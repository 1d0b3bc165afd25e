package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// blockSite serves a page with an image, a web font and a video, behind
// basic auth on /secure, and counts the requests of each path.
func blockSite(t *testing.T) (*httptest.Server, func(path string) int) {
	var mu sync.Mutex
	hits := map[string]int{}
	page := `<!doctype html><html><head><meta charset="utf-8">
<style>@font-face{font-family:Site;src:url(/site.woff2) format("woff2")} body{margin:0;font-family:Site,sans-serif}</style></head>
<body><main><h1>产品</h1><img src="/logo.png" width="120" height="40" alt="标志"><video src="/intro.mp4" width="320" height="180" autoplay muted></video></main>
<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer></body></html>`
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/secure", func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "qa" || p != "s3cret" {
			w.Header().Set("WWW-Authenticate", `Basic realm="staging"`)
			http.Error(w, "auth", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	for _, p := range []string{"/logo.png", "/site.woff2", "/intro.mp4"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("x")) })
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		return hits[path]
	}
}

func TestBlock(t *testing.T) {
	type report struct {
		Blocked []string `json:"blocked"`
		Pages   []struct {
			Status    string
			Compliant bool
			Filings   []struct{ Number string }
		} `json:"pages"`
	}
	scan := func(t *testing.T, url string, args ...string) report {
		t.Helper()
		out := filepath.Join(t.TempDir(), "r.json")
		code, _, stderr := runCLI(t, append([]string{"scan", "--quiet", "--viewport", "desktop", "--json", out, url}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var r report
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Pages) != 1 || r.Pages[0].Status != "ok" || !r.Pages[0].Compliant || len(r.Pages[0].Filings) != 1 {
			t.Fatalf("page not checked as before: %+v\n%s", r.Pages, stderr)
		}
		return r
	}

	t.Run("loads everything by default", func(t *testing.T) {
		srv, hits := blockSite(t)
		r := scan(t, srv.URL+"/")
		if r.Blocked != nil {
			t.Errorf("blocked = %v without --block", r.Blocked)
		}
		for _, p := range []string{"/logo.png", "/site.woff2"} {
			if hits(p) == 0 {
				t.Errorf("%s not loaded without --block", p)
			}
		}
	})
	t.Run("blocked classes never reach the server", func(t *testing.T) {
		srv, hits := blockSite(t)
		r := scan(t, srv.URL+"/", "--block", "media, Images,fonts,images")
		if want := []string{"fonts", "images", "media"}; !slices.Equal(r.Blocked, want) {
			t.Errorf("blocked = %v, want %v", r.Blocked, want)
		}
		for _, p := range []string{"/logo.png", "/site.woff2", "/intro.mp4"} {
			if n := hits(p); n != 0 {
				t.Errorf("%s requested %d times with --block", p, n)
			}
		}
	})
	t.Run("with basic auth", func(t *testing.T) {
		srv, hits := blockSite(t)
		scan(t, srv.URL+"/secure", "--block", "images", "--auth", "qa:s3cret")
		if hits("/logo.png") != 0 {
			t.Error("image loaded with --block images --auth")
		}
		if hits("/site.woff2") == 0 {
			t.Error("font not loaded: only images were blocked")
		}
	})
	t.Run("unknown class is a usage error", func(t *testing.T) {
		code, _, stderr := runCLI(t, "scan", "--block", "images,css", "http://127.0.0.1:1/")
		if code != 2 || !strings.Contains(stderr, `unknown resource class "css"`) {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}
