package browser_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
)

// TestBrowserRefusesOtherPort scans a loopback target whose page loads an
// <img>, an <iframe>, a fetch(), a style sheet and a WebSocket on a second
// loopback port (window.open opens nothing since hooks.js answers it). Through the proxy the second server is never hit; without
// it (--allow-private) it is.
func TestBrowserRefusesOtherPort(t *testing.T) {
	path, err := browser.FindChrome("")
	if err != nil {
		t.Skipf("no browser: %v", err)
	}
	var otherHits atomic.Int32
	var mu sync.Mutex
	paths := map[string]bool{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		mu.Lock()
		paths[r.URL.Path] = true
		mu.Unlock()
		fmt.Fprint(w, "inside")
	}))
	defer other.Close()
	var page string
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer target.Close()
	o := other.URL
	page = `<!doctype html><html><body><main>x</main><img src="` + o + `/img.png"><iframe src="` + o + `/frame"></iframe>
<script>fetch("` + o + `/fetch").catch(function(){}); </script><link rel="stylesheet" href="` + o + `/style.css"><script>
try { new WebSocket("ws` + o[len("http"):] + `/ws") } catch (e) {}</script>
<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer></body></html>`

	for _, allow := range []bool{false, true} {
		otherHits.Store(0)
		mu.Lock()
		clear(paths)
		mu.Unlock()
		ctx, cancel := context.WithCancel(context.Background())
		var opts []browser.BrowserOption
		if !allow {
			e := &scanner.Egress{}
			if err := e.Policy.Allow(target.URL); err != nil {
				t.Fatal(err)
			}
			px, err := scanner.StartProxy(ctx, e)
			if err != nil {
				t.Fatal(err)
			}
			defer px.Close()
			opts = append(opts, browser.ThroughProxy(px))
		}
		b, err := browser.Start(ctx, path, opts...)
		if err != nil {
			t.Fatal(err)
		}
		vs, _ := scanner.ParseViewports("desktop")
		res, err := scanner.Scan(ctx, b, []scanner.Target{{URL: target.URL + "/", Display: target.URL + "/", Entry: true}},
			scanner.Options{Viewports: vs, Timeout: 20 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(2026)})
		time.Sleep(500 * time.Millisecond) // late subresources
		b.Close()
		cancel()
		if err != nil || len(res.Pages) != 1 || res.Pages[0].Status != scanner.StatusOK {
			t.Fatalf("allow=%v: scan: %v %+v", allow, err, res.Pages)
		}
		n := otherHits.Load()
		if !allow && n != 0 {
			t.Errorf("through the proxy the other port got %d requests", n)
		}
		if allow {
			mu.Lock()
			for _, want := range []string{"/img.png", "/frame", "/fetch", "/style.css", "/ws"} {
				if !paths[want] {
					t.Errorf("without the proxy the other port never got %s (got %v): the test page does not reach it", want, paths)
				}
			}
			mu.Unlock()
		}
	}
}

// TestRedirectCheckedBeforeFollowed renders a target that redirects to a
// second loopback server: a redirect the render refuses is not followed
// (the second server sees no request) and the render says where it
// pointed; without a judge it is followed.
func TestRedirectCheckedBeforeFollowed(t *testing.T) {
	b := testBrowser(t)
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML("", footerHTML))
	}))
	defer other.Close()
	target := httptest.NewServer(http.RedirectHandler(other.URL+"/b", http.StatusFound))
	defer target.Close()
	ctx := context.Background()
	tab := desktopTab(t, b)
	tg := scanner.Target{URL: target.URL + "/moved", Display: target.URL + "/moved"}
	refuse := func(to string) string {
		if strings.HasPrefix(to, other.URL) {
			return "off-host"
		}
		return ""
	}
	r, err := tab.Render(ctx, tg, scanner.RenderOptions{Timeout: 15 * time.Second, Redirect: refuse})
	if err != nil {
		t.Fatalf("refused redirect: %v", err)
	}
	if n := otherHits.Load(); n != 0 {
		t.Errorf("the redirect was refused, yet its target got %d requests", n)
	}
	if r.FinalURL != other.URL+"/b" || r.HTTPStatus != http.StatusFound || r.Skip != "redirected out of scope (off-host) to "+other.URL+"/b" {
		t.Errorf("refused redirect: final %q status %d skip %q", r.FinalURL, r.HTTPStatus, r.Skip)
	}
	// The tab is reused: the next render without a judge follows.
	r, err = tab.Render(ctx, tg, scanner.RenderOptions{Timeout: 15 * time.Second})
	if err != nil || r.FinalURL != other.URL+"/b" || r.Skip != "" || r.Page == nil {
		t.Fatalf("followed redirect: %v %+v", err, r)
	}
	if otherHits.Load() == 0 {
		t.Error("the redirect was followed, yet its target got no request")
	}
}

// TestProxyRefusalsArePageErrors renders through the egress proxy a
// target that redirects to another loopback port (refused: the page is an
// error saying so, the other server sees nothing) and an allowed target
// where nothing listens (the browser's connection refused, not the
// proxy's 502).
func TestProxyRefusalsArePageErrors(t *testing.T) {
	path, err := browser.FindChrome("")
	if err != nil {
		t.Skipf("no browser: %v", err)
	}
	var otherHits atomic.Int32
	var mu sync.Mutex
	paths := map[string]bool{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		mu.Lock()
		paths[r.URL.Path] = true
		mu.Unlock()
		fmt.Fprint(w, "inside")
	}))
	defer other.Close()
	target := httptest.NewServer(http.RedirectHandler(other.URL+"/", http.StatusFound))
	defer target.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close() // nothing listens there now

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := &scanner.Egress{}
	for _, u := range []string{target.URL, closed} {
		if err := e.Policy.Allow(u); err != nil {
			t.Fatal(err)
		}
	}
	px, err := scanner.StartProxy(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	defer px.Close()
	b, err := browser.Start(ctx, path, browser.ThroughProxy(px))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	vs, _ := scanner.ParseViewports("desktop")
	res, err := scanner.Scan(ctx, b, []scanner.Target{
		{URL: target.URL + "/", Display: target.URL + "/", Entry: true},
		{URL: closed, Display: closed, Entry: true},
	}, scanner.Options{Viewports: vs, Timeout: 15 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(2026)})
	if err != nil || len(res.Pages) != 2 {
		t.Fatalf("scan: %v %+v", err, res.Pages)
	}
	for _, p := range res.Pages {
		want := "blocked: loopback address " + other.Listener.Addr().String() + " is not a target"
		if p.URL == closed {
			want = "ERR_CONNECTION_REFUSED"
		}
		if p.Status != scanner.StatusError || !strings.Contains(p.Error, want) {
			t.Errorf("%s: status %q error %q, want an error with %q", p.URL, p.Status, p.Error, want)
		}
	}
	if n := otherHits.Load(); n != 0 {
		t.Errorf("the other port got %d requests", n)
	}
}
