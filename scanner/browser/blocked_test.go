package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
)

// proxiedBrowser starts a browser whose requests go through an egress
// proxy that allows the given URLs' host:ports only.
func proxiedBrowser(t *testing.T, allow ...string) *browser.Browser {
	t.Helper()
	path, err := browser.FindChrome("")
	if err != nil {
		t.Skipf("no browser: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	e := &scanner.Egress{}
	for _, u := range allow {
		if err := e.Policy.Allow(u); err != nil {
			t.Fatal(err)
		}
	}
	px, err := scanner.StartProxy(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = px.Close() })
	b, err := browser.Start(ctx, path, browser.ThroughProxy(px))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// scanOne scans one URL at the desktop viewport, one tab, with the rules
// of year, and returns its one page-viewport.
func scanOne(t *testing.T, b scanner.Renderer, url string, timeout time.Duration, year int) scanner.PageResult {
	t.Helper()
	vs, _ := scanner.ParseViewports("desktop")
	res, err := scanner.Scan(context.Background(), b, []scanner.Target{{URL: url, Display: url, Entry: true}},
		scanner.Options{Viewports: vs, Timeout: timeout, Concurrency: 1, Rules: rules.DefaultOptions(year)})
	if err != nil || len(res.Pages) != 1 {
		t.Fatalf("scan %s: %v %+v", url, err, res)
	}
	return res.Pages[0]
}

// TestBlockedRequestsPerPage scans two pages at once (two tabs) whose
// subresources on another loopback port (plain HTTP, an https image and
// a WebSocket, both tunnels) are refused: each page-viewport lists exactly
// its own, with the kind and the reason, and the other servers see none.
func TestBlockedRequestsPerPage(t *testing.T) {
	var otherHits atomic.Int32
	count := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { otherHits.Add(1) })
	other := httptest.NewServer(count)
	defer other.Close()
	otherTLS := httptest.NewTLSServer(count)
	defer otherTLS.Close()
	o, ot := other.URL, otherTLS.URL
	ws := "ws" + strings.TrimPrefix(o, "http")
	pages := map[string]string{
		"/a": `<img src="` + o + `/a.png"><img src="` + ot + `/a-tls.png"><script>fetch("` + o + `/a-fetch").catch(function(){});
try { new WebSocket("` + ws + `/a-ws") } catch (e) {}</script>`,
		"/b": `<iframe src="` + o + `/b-frame"></iframe><link rel="stylesheet" href="` + o + `/b.css"><script src="` + o + `/b.js"></script>`,
	}
	// Both first pages are held until both were asked for, so that the
	// two tabs load at once.
	var arrived sync.WaitGroup
	arrived.Add(2)
	var once sync.Map
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if _, again := once.LoadOrStore(r.URL.Path, true); !again {
			arrived.Done()
			done := make(chan struct{})
			go func() { arrived.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML("", "<main>x</main>"+body+footerHTML))
	}))
	defer target.Close()
	b := proxiedBrowser(t, target.URL)
	vs, _ := scanner.ParseViewports("mobile,desktop")
	var targets []scanner.Target
	for _, p := range []string{"/a", "/b"} {
		targets = append(targets, scanner.Target{URL: target.URL + p, Display: target.URL + p, Entry: true})
	}
	res, err := scanner.Scan(context.Background(), b, targets, scanner.Options{
		Viewports: vs, Timeout: 20 * time.Second, Concurrency: 2, Rules: rules.DefaultOptions(2026)})
	if err != nil || len(res.Pages) != 4 {
		t.Fatalf("scan: %v %+v", err, res.Pages)
	}
	why := func(u string) string {
		return "loopback address " + strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://") + " is not a target"
	}
	want := map[string][]scanner.BlockedRequest{
		"/a": {
			{URL: o + "/a-fetch", Kind: "fetch", Reason: why(o)},
			{URL: o + "/a.png", Kind: "image", Reason: why(o)},
			{URL: ot + "/a-tls.png", Kind: "image", Reason: why(ot)},
			{URL: ws + "/a-ws", Kind: "websocket", Reason: why(o)},
		},
		"/b": {
			{URL: o + "/b-frame", Kind: "iframe", Reason: why(o)},
			{URL: o + "/b.css", Kind: "stylesheet", Reason: why(o)},
			{URL: o + "/b.js", Kind: "script", Reason: why(o)},
		},
	}
	for _, p := range res.Pages {
		w := want[strings.TrimPrefix(p.URL, target.URL)]
		if p.Status != scanner.StatusOK {
			t.Errorf("%s [%s]: status %q error %q", p.URL, p.Viewport, p.Status, p.Error)
		}
		if p.BlockedRequests != len(w) || !reflect.DeepEqual(p.BlockedList, w) {
			t.Errorf("%s [%s]: %d blocked %+v\nwant %d %+v", p.URL, p.Viewport, p.BlockedRequests, p.BlockedList, len(w), w)
		}
	}
	if total := res.BlockedTotal(); total != 14 {
		t.Errorf("run total %d, want 14", total)
	}
	if n := otherHits.Load(); n != 0 {
		t.Errorf("the other servers got %d requests", n)
	}
}

// TestBlockedHTTPSDocument renders a target that redirects to an https
// address on another loopback port: the refused tunnel makes the page an
// error that says why, as a refused plain HTTP document does, and lists
// the document as blocked.
func TestBlockedHTTPSDocument(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { otherHits.Add(1) }))
	defer other.Close()
	target := httptest.NewServer(http.RedirectHandler(other.URL+"/in", http.StatusFound))
	defer target.Close()
	p := scanOne(t, proxiedBrowser(t, target.URL), target.URL+"/", 15*time.Second, 2026)
	reason := "loopback address " + other.Listener.Addr().String() + " is not a target"
	if p.Status != scanner.StatusError || p.Error != "load: blocked: "+reason {
		t.Errorf("status %q error %q, want error %q", p.Status, p.Error, "load: blocked: "+reason)
	}
	wantList := []scanner.BlockedRequest{{URL: other.URL + "/in", Kind: "document", Reason: reason}}
	if p.BlockedRequests != 1 || !reflect.DeepEqual(p.BlockedList, wantList) {
		t.Errorf("blocked %d %+v, want %+v", p.BlockedRequests, p.BlockedList, wantList)
	}
	if n := otherHits.Load(); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
}
