package main

import (
	"bytes"
	"compress/gzip"
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

// sitePage is a page of the test site with the given links.
func sitePage(links ...string) string {
	var sb strings.Builder
	for _, l := range links {
		fmt.Fprintf(&sb, `<li><a href="%s">%s</a></li>`, l, l)
	}
	return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0"><main><h1>站点</h1><ul>` + sb.String() + `</ul></main>
<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer>
<script>fetch("/xhr").catch(function(){})</script></body></html>`
}

// testSite is a loopback site that records what reached it.
type testSite struct {
	*httptest.Server
	mu      sync.Mutex
	hits    map[string]int
	headers map[string][]string // path -> X-Beian-Test header values seen
	cookies map[string][]string // path -> session cookie values seen
	auth    []string            // Authorization header values on /secure
}

func newTestSite(t *testing.T) *testSite {
	s := &testSite{hits: map[string]int{}, headers: map[string][]string{}, cookies: map[string][]string{}}
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nDisallow: /private/\nSitemap: %s/sitemap_index.xml\n", s.URL)
	})
	mux.HandleFunc("/sitemap_index.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/pages.xml.gz</loc></sitemap></sitemapindex>`, s.URL)
	})
	mux.HandleFunc("/pages.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		fmt.Fprintf(zw, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/</loc></url><url><loc>%s/a</loc></url><url><loc>https://prod.example.com/b</loc></url></urlset>`, s.URL, s.URL)
		zw.Close()
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(buf.Bytes())
	})
	mux.HandleFunc("/", page(sitePage("/a", "/b", "/private/x", "/doc.pdf", "https://elsewhere.example/", "/missing", "/moved-in", "/moved-out")))
	mux.HandleFunc("/a", page(sitePage("/a/deep", "/home.html")))
	mux.HandleFunc("/home.html", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/", http.StatusMovedPermanently) })
	mux.HandleFunc("/a/deep", page(sitePage("/a/deep/deeper")))
	mux.HandleFunc("/a/deep/deeper", page(sitePage()))
	mux.HandleFunc("/b", page(sitePage("/")))
	mux.HandleFunc("/private/x", page(sitePage()))
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/moved-in", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("/moved-out", func(w http.ResponseWriter, r *http.Request) {
		// localhost is another host than 127.0.0.1: out of host scope.
		http.Redirect(w, r, strings.Replace(s.URL, "127.0.0.1", "localhost", 1)+"/b", http.StatusFound)
	})
	mux.HandleFunc("/secure", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.auth = append(s.auth, r.Header.Get("Authorization"))
		s.mu.Unlock()
		if u, p, ok := r.BasicAuth(); !ok || u != "qa" || p != "s3cret" {
			w.Header().Set("WWW-Authenticate", `Basic realm="staging"`)
			http.Error(w, "auth", http.StatusUnauthorized)
			return
		}
		page(sitePage())(w, r)
	})
	mux.HandleFunc("/xhr", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "{}") })
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		if v := r.Header.Get("X-Beian-Test"); v != "" {
			s.headers[r.URL.Path] = append(s.headers[r.URL.Path], v)
		}
		if c, err := r.Cookie("session"); err == nil {
			s.cookies[r.URL.Path] = append(s.cookies[r.URL.Path], c.Value)
		}
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

type siteReport struct {
	Pages []struct {
		URL, FinalURL, Viewport, Status, Error string
	} `json:"pages"`
	Summary struct{ Pages, Failed, Skipped int } `json:"summary"`
}

func scanSite(t *testing.T, args ...string) (int, siteReport, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runCLI(t, append([]string{"scan", "--quiet", "--viewport", "desktop", "--json", out, "--level", "CTX001=off"}, args...)...)
	var rep siteReport
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no report (exit %d): %v\n%s", code, err, stderr)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return code, rep, stderr
}

// statuses maps each URL path to "status[: reason]" and fails on a URL
// reported twice for one viewport.
func statuses(t *testing.T, s *testSite, rep siteReport) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range rep.Pages {
		key := strings.TrimPrefix(p.URL, s.URL)
		if _, dup := out[key]; dup {
			t.Errorf("%s reported twice", p.URL)
		}
		out[key] = p.Status
		if p.Error != "" {
			out[key] += ": " + p.Error
		}
	}
	return out
}

func TestCrawl(t *testing.T) {
	needBrowser(t)
	s := newTestSite(t)
	code, rep, stderr := scanSite(t, "--crawl", "--max-depth", "2", "--header", "X-Beian-Test: yes", "--cookie", "session=abc@127.0.0.1", s.URL+"/")
	if code != exitFailed {
		t.Errorf("exit %d, want %d (the 404 page)\n%s", code, exitFailed, stderr)
	}
	got := statuses(t, s, rep)
	want := map[string]string{
		"/":                          "ok",
		"/a":                         "ok",
		"/b":                         "ok",
		"/a/deep":                    "ok",
		"/a/deep/deeper":             "skipped: max-depth",
		"/private/x":                 "skipped: robots.txt",
		"/doc.pdf":                   "skipped: non-HTML",
		"https://elsewhere.example/": "skipped: out of scope: off-host",
		"/missing":                   "error: HTTP 404",
		"/home.html":                 "skipped: same page",
		"/moved-out":                 "skipped: redirected out of scope",
		"https://beian.miit.gov.cn/": "skipped: out of scope: off-host",
	}
	for path, w := range want {
		if g, ok := got[path]; !ok || !strings.HasPrefix(g, w) {
			t.Errorf("%s: %q, want %q…", path, g, w)
		}
	}
	// /moved-in redirects to /b, rendered at the same time by the other
	// tab: whichever ends second is the same page as the first.
	if g := got["/moved-in"]; g != "ok" && !strings.HasPrefix(g, "skipped: same page") {
		t.Errorf("/moved-in: %q", g)
	}
	if len(got) != len(want)+1 {
		t.Errorf("%d URLs reported, want %d: %v", len(got), len(want), got)
	}
	s.mu.Lock()
	if s.hits["/private/x"] != 0 {
		t.Error("robots.txt disallowed /private/x, yet it was fetched")
	}
	for _, path := range []string{"/", "/a", "/xhr"} {
		if !slices.Contains(s.headers[path], "yes") {
			t.Errorf("%s: header X-Beian-Test not received (got %v)", path, s.headers[path])
		}
		if !slices.Contains(s.cookies[path], "abc") {
			t.Errorf("%s: cookie session not received (got %v)", path, s.cookies[path])
		}
	}
	s.mu.Unlock()

	// Limits: max-pages counts the target; robots ignored.
	_, rep, _ = scanSite(t, "--crawl", "--max-pages", "2", "--ignore-robots", s.URL+"/")
	got = statuses(t, s, rep)
	scanned := 0
	for _, st := range got {
		if !strings.HasPrefix(st, "skipped") {
			scanned++
		}
	}
	if scanned != 2 || !strings.HasPrefix(got["/b"], "skipped: max-pages") {
		t.Errorf("--max-pages 2: %d pages scanned, /b %q; %v", scanned, got["/b"], got)
	}

	// Include and exclude.
	_, rep, _ = scanSite(t, "--crawl", "--include", `/a`, "--exclude", `deep`, s.URL+"/")
	got = statuses(t, s, rep)
	if got["/a"] != "ok" || !strings.HasPrefix(got["/b"], "skipped: out of scope: not included") || !strings.HasPrefix(got["/a/deep"], "skipped: out of scope: excluded") {
		t.Errorf("include/exclude: %v", got)
	}
}

func TestSitemapAndLists(t *testing.T) {
	needBrowser(t)
	s := newTestSite(t)
	// --sitemap auto finds the index in robots.txt; the index lists a
	// gzipped urlset holding a production URL rewritten to the test host.
	prod := "https://prod.example.com=" + s.URL
	code, rep, stderr := scanSite(t, "--sitemap", "auto", "--rewrite-host", prod, s.URL+"/a")
	if code != exitOK {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	got := statuses(t, s, rep)
	for _, path := range []string{"/", "/a", "/b"} {
		if got[path] != "ok" {
			t.Errorf("%s: %q, want ok (%v)", path, got[path], got)
		}
	}
	if len(got) != 3 {
		t.Errorf("%d URLs, want 3 (deduplicated): %v", len(got), got)
	}

	list := filepath.Join(t.TempDir(), "urls.txt")
	os.WriteFile(list, []byte("# staging\n"+s.URL+"/b\n\n"+s.URL+"/b#top\n"+s.URL+"/secure  # needs auth\n"), 0o644)
	code, rep, stderr = scanSite(t, "--urls", list, "--auth", "qa:s3cret")
	got = statuses(t, s, rep)
	if code != exitOK || got["/b"] != "ok" || got["/secure"] != "ok" || len(got) != 2 {
		t.Errorf("--urls with --auth: exit %d, %v\n%s", code, got, stderr)
	}
	s.mu.Lock()
	sent := slices.ContainsFunc(s.auth, func(a string) bool { return strings.HasPrefix(a, "Basic ") })
	s.mu.Unlock()
	if !sent {
		t.Error("basic auth never reached /secure")
	}

	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte(s.URL+"/b\nnot a url\n"), 0o644)
	if code, _, stderr := runCLI(t, "scan", "--urls", bad); code != exitSetup || !strings.Contains(stderr, "line 2") {
		t.Errorf("bad --urls line: exit %d, %q", code, stderr)
	}
}

func TestJSONLines(t *testing.T) {
	needBrowser(t)
	s := newTestSite(t)
	lines := filepath.Join(t.TempDir(), "pages.jsonl")
	code, _, stderr := runCLI(t, "scan", "--quiet", "--jsonl", lines, s.URL+"/a", s.URL+"/b")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(lines)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var p struct{ URL, Viewport, Status string }
		if err := json.Unmarshal([]byte(l), &p); err != nil || p.Status != "ok" {
			t.Errorf("line %q: %v", l, err)
		}
		n++
	}
	if n != 4 {
		t.Errorf("%d JSON lines, want 4 (2 pages × 2 viewports)", n)
	}
}
