package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSitemapChildOnOtherPortRefused: a sitemap index on the target's
// loopback port names a child sitemap on another loopback port; the fetcher
// refuses to connect there (asserted server-side) unless --allow-private.
func TestSitemapChildOnOtherPortRefused(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://inside.example/</loc></url></urlset>`)
	}))
	defer other.Close()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/child.xml</loc></sitemap><sitemap><loc>%s/own.xml</loc></sitemap></sitemapindex>`, other.URL, "http://"+r.Host)
	}))
	defer target.Close()

	for _, allow := range []bool{false, true} {
		otherHits.Store(0)
		in := inputConfig{sitemaps: []string{target.URL + "/index.xml"}, allowPrivate: allow}
		p, err := in.parse()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		_, err = in.targets(context.Background(), p, nil, nil, strings.NewReader(""), &stderr)
		if err != nil && allow {
			t.Fatalf("allow-private: %v", err)
		}
		got := otherHits.Load()
		if !allow {
			if got != 0 {
				t.Errorf("the other port got %d requests", got)
			}
			if !strings.Contains(stderr.String(), "is not a target") {
				t.Errorf("no refusal named on stderr: %q", stderr.String())
			}
		} else if got == 0 {
			t.Error("with --allow-private the other port was not reached")
		}
	}
}

// TestScanKeepsBrowserOffOtherPorts scans a loopback target whose page
// loads an image and an iframe from a second loopback port, and a target
// that redirects there: scan sends the browser through the egress proxy,
// so the second server sees no request (asserted server-side) and the
// redirected page is an error saying it was blocked; with --allow-private
// the second server is reached.
func TestScanKeepsBrowserOffOtherPorts(t *testing.T) {
	needBrowser(t)
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8") // a page to judge
		fmt.Fprint(w, "inside")
	}))
	defer other.Close()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, other.URL+"/", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><body><main>x</main><img src="%s/img.png"><iframe src="%s/frame"></iframe>
<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer></body></html>`, other.URL, other.URL)
	}))
	defer target.Close()

	for _, allow := range []bool{false, true} {
		otherHits.Store(0)
		args := []string{"scan", "--json", "-", "--viewport", "desktop", "--level", "CTX001=off"}
		if allow {
			args = append(args, "--allow-private")
		}
		_, stdout, stderr := runCLI(t, append(args, target.URL+"/", target.URL+"/moved")...)
		var rep struct {
			Pages []struct {
				URL, Status, Error string
				Blocked            int                                  `json:"blocked_requests"`
				List               []struct{ URL, Kind, Reason string } `json:"blocked_request_list"`
			} `json:"pages"`
			Summary struct {
				Blocked int `json:"blocked_requests"`
			} `json:"summary"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("allow=%v: no JSON report: %v\n%s", allow, err, stderr)
		}
		// Refused: the image and the iframe of /, the document of /moved.
		wantBlocked := map[string]int{target.URL + "/": 2, target.URL + "/moved": 1}
		if allow {
			wantBlocked = map[string]int{}
		}
		for _, p := range rep.Pages {
			if p.Blocked != wantBlocked[p.URL] || len(p.List) != p.Blocked {
				t.Errorf("allow=%v: %s: %d blocked requests %+v, want %d", allow, p.URL, p.Blocked, p.List, wantBlocked[p.URL])
			}
		}
		total, line := rep.Summary.Blocked, "blocked: 3 requests to inward addresses that are not targets"
		if !allow && (total != 3 || !strings.Contains(stderr, line)) {
			t.Errorf("summary.blocked_requests = %d, want 3, and the summary saying %q:\n%s", total, line, stderr)
		}
		// With --allow-private /moved is judged on the other port.
		judged := "/moved (judged " + other.Listener.Addr().String() + ")"
		if strings.Contains(stderr, judged) != allow {
			t.Errorf("allow=%v: the summary says %q: %v\n%s", allow, judged, !allow, stderr)
		}
		n := otherHits.Load()
		for _, p := range rep.Pages {
			blocked := strings.Contains(p.Error, "blocked: loopback address "+other.Listener.Addr().String()+" is not a target")
			switch {
			case p.URL == target.URL+"/" && p.Status != "ok":
				t.Errorf("allow=%v: %s: status %q error %q, want ok", allow, p.URL, p.Status, p.Error)
			case p.URL == target.URL+"/moved" && !allow && (p.Status != "error" || !blocked):
				t.Errorf("%s: status %q error %q, want an error saying it was blocked", p.URL, p.Status, p.Error)
			case p.URL == target.URL+"/moved" && allow && blocked:
				t.Errorf("--allow-private: %s still blocked", p.URL)
			}
		}
		if !allow && n != 0 {
			t.Errorf("the other port got %d requests", n)
		}
		if allow && n < 3 {
			t.Errorf("with --allow-private the other port got %d requests, want the image, the iframe and the redirect", n)
		}
	}
}

// TestHeaderOnlyToTargetOrigins scans a loopback target whose page loads
// an image, an iframe and a fetch() from a second loopback port (reached:
// --allow-private): --header reaches the target, and the second server
// sees it on no request (asserted server-side).
func TestHeaderOnlyToTargetOrigins(t *testing.T) {
	needBrowser(t)
	var mu sync.Mutex
	otherHits, otherHeaders, targetHeaders := 0, 0, 0
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		otherHits++
		if r.Header.Get("X-Beian-Test") != "" {
			otherHeaders++
		}
		mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		fmt.Fprint(w, "inside")
	}))
	defer other.Close()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if r.Header.Get("X-Beian-Test") == "yes" {
			targetHeaders++
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><body><main>x</main><img src="%s/img.png"><iframe src="%s/frame"></iframe>
<script>fetch("%s/fetch").catch(function(){})</script>
<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer></body></html>`, other.URL, other.URL, other.URL)
	}))
	defer target.Close()
	code, _, stderr := runCLI(t, "scan", "--quiet", "--viewport", "desktop", "--level", "CTX001=off", "--allow-private", "--header", "X-Beian-Test: yes", target.URL+"/")
	time.Sleep(300 * time.Millisecond) // a late fetch
	mu.Lock()
	defer mu.Unlock()
	if code != exitOK {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if targetHeaders == 0 {
		t.Error("the target never got the header")
	}
	if otherHits < 2 {
		t.Errorf("the other port got %d requests, want the image, the iframe and the fetch", otherHits)
	}
	if otherHeaders != 0 {
		t.Errorf("the other port got the header on %d of %d requests", otherHeaders, otherHits)
	}
}

// TestCookieOnlyToTargetOrigins scans a loopback target whose page loads
// an image, an iframe and a fetch() from a second loopback port (reached:
// --allow-private) and a target that redirects there: --cookie for the
// host 127.0.0.1 reaches the target's port, and the second server, which
// records every Cookie header it gets, never sees it (cookies are not
// bound to a port in browsers: a cookie for a host goes to all its ports).
func TestCookieOnlyToTargetOrigins(t *testing.T) {
	needBrowser(t)
	var mu sync.Mutex
	var otherCookies []string
	otherHits, targetCookies := 0, 0
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		otherHits++
		otherCookies = append(otherCookies, r.Header.Values("Cookie")...)
		mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><body><main>x</main><footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer></body></html>`)
	}))
	defer other.Close()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("sid"); err == nil && c.Value == "s3cret" {
			mu.Lock()
			targetCookies++
			mu.Unlock()
		}
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><body><main>x</main><img src="%s/img.png"><iframe src="%s/frame"></iframe>
<script>fetch("%s/fetch", {credentials: "include"}).catch(function(){})</script>
<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer></body></html>`, other.URL, other.URL, other.URL)
	}))
	defer target.Close()
	code, _, stderr := runCLI(t, "scan", "--quiet", "--viewport", "desktop", "--level", "CTX001=off", "--allow-private",
		"--cookie", "sid=s3cret@127.0.0.1", target.URL+"/", target.URL+"/moved")
	time.Sleep(300 * time.Millisecond) // a late fetch
	mu.Lock()
	defer mu.Unlock()
	if code != exitOK {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if targetCookies == 0 {
		t.Error("the target never got the cookie")
	}
	if otherHits < 3 {
		t.Errorf("the other port got %d requests, want the image, the iframe, the fetch and the redirect", otherHits)
	}
	for _, c := range otherCookies {
		if strings.Contains(c, "s3cret") {
			t.Errorf("the other port got the cookie: %q", c)
		}
	}
}

// TestAuthOnlyToTargetOrigins scans a loopback target that asks for basic
// auth and whose page loads an image and an iframe from a second loopback
// port (reached: --allow-private) that asks too: the target gets --auth,
// the second server, which records every Authorization header, never does.
func TestAuthOnlyToTargetOrigins(t *testing.T) {
	needBrowser(t)
	var mu sync.Mutex
	otherHits, otherAuth, targetAuth := 0, 0, 0
	challenge := func(w http.ResponseWriter) {
		w.Header().Set("WWW-Authenticate", `Basic realm="staging"`)
		http.Error(w, "auth", http.StatusUnauthorized)
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		otherHits++
		if r.Header.Get("Authorization") != "" {
			otherAuth++
		}
		mu.Unlock()
		challenge(w)
	}))
	defer other.Close()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "qa" || p != "s3cret" {
			challenge(w)
			return
		}
		mu.Lock()
		targetAuth++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><body><main>x</main><img src="%s/img.png"><iframe src="%s/frame"></iframe>
<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer></body></html>`, other.URL, other.URL)
	}))
	defer target.Close()
	code, _, stderr := runCLI(t, "scan", "--quiet", "--viewport", "desktop", "--level", "CTX001=off", "--allow-private",
		"--auth", "qa:s3cret", target.URL+"/")
	mu.Lock()
	defer mu.Unlock()
	if code != exitOK {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if targetAuth == 0 {
		t.Error("the target never got the credentials")
	}
	if otherHits < 2 {
		t.Errorf("the other port got %d requests, want the image and the iframe", otherHits)
	}
	if otherAuth != 0 {
		t.Errorf("the other port got the credentials on %d of %d requests", otherAuth, otherHits)
	}
}
