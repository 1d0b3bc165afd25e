package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNonHTMLTargets checks that what a target is follows from the
// Content-Type of its response, whatever the input (argument or sitemap)
// and the URL's extension: a PDF, an image, plain text, a sitemap and
// robots.txt are skipped with the reason, at both viewports, and the run
// does not exit 3 for them, unless nothing at all was checked. The summary
// says "did you mean --sitemap" once per URL.
func TestNonHTMLTargets(t *testing.T) {
	needBrowser(t)
	pdf := "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
	var srv *httptest.Server
	serve := func(ctype, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			fmt.Fprint(w, strings.ReplaceAll(body, "BASE", srv.URL))
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", serve("text/html; charset=utf-8", sitePage()))
	mux.HandleFunc("/doc.pdf", serve("application/pdf", pdf))
	mux.HandleFunc("/download", serve("application/pdf", pdf))
	mux.HandleFunc("/logo", serve("image/png", png))
	mux.HandleFunc("/notes.txt", serve("text/plain; charset=utf-8", "京ICP备2021012345号-1\n"))
	mux.HandleFunc("/robots.txt", serve("text/plain; charset=utf-8", "User-agent: *\nAllow: /\n"))
	mux.HandleFunc("/sitemap.xml", serve("application/xml", `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>BASE/</loc></url><url><loc>BASE/doc.pdf</loc></url><url><loc>BASE/download</loc></url></urlset>`))
	mux.HandleFunc("/feed", serve("text/xml", `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>BASE/sitemap.xml</loc></sitemap></sitemapindex>`))
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	want := map[string]string{
		"/":           "ok",
		"/doc.pdf":    "skipped: not HTML: application/pdf",
		"/download":   "skipped: not HTML: application/pdf",
		"/logo":       "skipped: not HTML: image/png",
		"/notes.txt":  "skipped: not HTML: text/plain",
		"/robots.txt": "skipped: not HTML: text/plain, looks like robots.txt: did you mean --sitemap auto?",
		"/sitemap.xml": "skipped: not HTML: application/xml, looks like a sitemap: did you mean --sitemap " +
			srv.URL + "/sitemap.xml?",
		"/feed": "skipped: not HTML: text/xml, looks like a sitemap: did you mean --sitemap " + srv.URL + "/feed?",
	}
	scan := func(args ...string) (int, map[string]string, string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "r.json")
		code, _, stderr := runCLI(t, append([]string{"scan", "--quiet", "--viewport", "mobile,desktop", "--json", out, "--level", "CTX001=off"}, args...)...)
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("no report (exit %d): %v\n%s", code, err, stderr)
		}
		var rep struct {
			Pages []struct{ URL, Viewport, Status, Error string } `json:"pages"`
		}
		if err := json.Unmarshal(raw, &rep); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, p := range rep.Pages {
			s := p.Status
			if p.Error != "" {
				s += ": " + p.Error
			}
			key := strings.TrimPrefix(p.URL, srv.URL)
			if prev, ok := got[key]; ok && prev != s {
				t.Errorf("%s: %q at one viewport, %q at the other", key, prev, s)
			}
			got[key] = s
			if len(rep.Pages) > 0 && p.Viewport == "" {
				t.Errorf("%s: no viewport", key)
			}
		}
		return code, got, stderr
	}

	var args []string
	for p := range want {
		args = append(args, srv.URL+p)
	}
	code, got, stderr := scan(args...)
	for p, w := range want {
		if got[p] != w {
			t.Errorf("target %s: %q, want %q", p, got[p], w)
		}
	}
	if code != exitOK {
		t.Errorf("targets: exit %d, want %d (skipped pages are not failures)\n%s", code, exitOK, stderr)
	}

	// A sitemap and robots.txt given as the only targets check nothing: no
	// pass, and the summary says once per URL what was meant.
	code, _, stderr = runCLI(t, "scan", "--viewport", "mobile,desktop", "--level", "CTX001=off", "--annotations", "none",
		srv.URL+"/sitemap.xml", srv.URL+"/robots.txt")
	if code != exitFailed || !strings.Contains(stderr, "no page-viewport was checked: all 4 were skipped") {
		t.Errorf("a sitemap and robots.txt alone: exit %d, want %d and the reason\n%s", code, exitFailed, stderr)
	}
	for _, hint := range []string{
		"hint: " + srv.URL + "/sitemap.xml looks like a sitemap: did you mean --sitemap " + srv.URL + "/sitemap.xml?",
		"hint: " + srv.URL + "/robots.txt looks like robots.txt: did you mean --sitemap auto?",
	} {
		if strings.Count(stderr, hint) != 1 {
			t.Errorf("the summary does not say once %q:\n%s", hint, stderr)
		}
	}

	code, got, stderr = scan("--sitemap", srv.URL+"/sitemap.xml")
	for _, p := range []string{"/", "/doc.pdf", "/download"} {
		if got[p] != want[p] {
			t.Errorf("sitemap entry %s: %q, want %q", p, got[p], want[p])
		}
	}
	if code != exitOK {
		t.Errorf("--sitemap: exit %d, want %d\n%s", code, exitOK, stderr)
	}
}
