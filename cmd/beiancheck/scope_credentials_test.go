package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// credentialLog records, server-side, each request a loopback server gets
// and which of the scan's credentials it carried.
type credentialLog struct {
	mu   sync.Mutex
	seen map[string][]string // path -> "header", "cookie", "auth" per request
}

func (l *credentialLog) record(r *http.Request) {
	var got []string
	if r.Header.Get("X-Beian-Test") == "yes" {
		got = append(got, "header")
	}
	if strings.Contains(strings.Join(r.Header.Values("Cookie"), ";"), "s3cret") {
		got = append(got, "cookie")
	}
	if u, p, ok := r.BasicAuth(); ok && u == "qa" && p == "s3cret" {
		got = append(got, "auth")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]string{}
	}
	l.seen[r.URL.Path] = append(l.seen[r.URL.Path], strings.Join(got, "+"))
}

func (l *credentialLog) get(path string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.seen[path]...)
}

// credentialServer asks for basic auth (so that the browser's answer is
// seen) and serves a compliant page linking to links and loading imgs.
func credentialServer(log *credentialLog, page func() string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.record(r)
		if _, _, ok := r.BasicAuth(); !ok {
			w.Header().Set("WWW-Authenticate", `Basic realm="staging"`)
			http.Error(w, "auth", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page())
	}))
}

// TestCredentialsFollowScope crawls a loopback target whose page links to
// a page on a second loopback port and loads images from that port and a
// third. The three servers record every request: --scope site (one site:
// the same IP) admits the second port's page, which then gets --header,
// --cookie and --auth; the third port, never admitted, gets none of them;
// with --scope host the second port is off-host and gets none either.
func TestCredentialsFollowScope(t *testing.T) {
	needBrowser(t)
	const footer = `<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer>`
	var logA, logB, logC credentialLog
	c := credentialServer(&logC, func() string { return "" })
	defer c.Close()
	b := credentialServer(&logB, func() string {
		return `<!doctype html><html><body><main>b</main><img src="` + c.URL + `/from-b.png">` + footer + `</body></html>`
	})
	defer b.Close()
	a := credentialServer(&logA, func() string {
		return `<!doctype html><html><body><main><a href="` + b.URL + `/page">b</a></main>
<img src="` + b.URL + `/img.png"><img src="` + c.URL + `/img.png">` + footer + `</body></html>`
	})
	defer a.Close()

	for _, scope := range []string{"site", "host"} {
		logA, logB, logC = credentialLog{}, credentialLog{}, credentialLog{}
		code, stdout, stderr := runCLI(t, "scan", "--json", "-", "--viewport", "desktop", "--level", "CTX001=off",
			"--allow-private", "--crawl", "--scope", scope, "--max-depth", "1",
			"--header", "X-Beian-Test: yes", "--cookie", "sid=s3cret@127.0.0.1", "--auth", "qa:s3cret", a.URL+"/")
		if code != exitOK {
			t.Errorf("--scope %s: exit %d\n%s", scope, code, stderr)
		}
		var rep struct {
			Pages []struct{ URL, Status, Error string }
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("--scope %s: no JSON report: %v\n%s", scope, err, stderr)
		}
		status := map[string]string{}
		for _, p := range rep.Pages {
			status[p.URL] = p.Status + " " + p.Error
		}
		if got := logA.get("/"); !slices.Contains(got, "header+cookie+auth") {
			t.Errorf("--scope %s: the target got %q, want a request with all three credentials", scope, got)
		}
		page := logB.get("/page")
		switch scope {
		case "site":
			if s := status[b.URL+"/page"]; !strings.HasPrefix(s, "ok") {
				t.Errorf("--scope site: %s/page: %q, want it scanned", b.URL, s)
			}
			if !slices.Contains(page, "header+cookie+auth") {
				t.Errorf("--scope site: the admitted page got %q, want a request with all three credentials", page)
			}
		case "host":
			if s := status[b.URL+"/page"]; !strings.HasPrefix(s, "skipped out of scope") {
				t.Errorf("--scope host: %s/page: %q, want skipped out of scope", b.URL, s)
			}
			if len(page) != 0 {
				t.Errorf("--scope host: the off-host page was requested: %q", page)
			}
			for _, got := range logB.get("/img.png") {
				if got != "" {
					t.Errorf("--scope host: the off-host image got %q", got)
				}
			}
		}
		n := 0
		for _, path := range []string{"/img.png", "/from-b.png"} {
			for _, got := range logC.get(path) {
				n++
				if got != "" {
					t.Errorf("--scope %s: the third port got %q on %s", scope, got, path)
				}
			}
		}
		if n == 0 {
			t.Errorf("--scope %s: the third port got no request: the test shows nothing", scope)
		}
	}
}
