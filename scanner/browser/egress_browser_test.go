package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
)

// TestBrowserRefusesOtherPort scans a loopback target whose page loads an
// <img>, an <iframe>, a fetch(), a window.open and a WebSocket on a second
// loopback port. Through the proxy the second server is never hit; without
// it (--allow-private) it is.
func TestBrowserRefusesOtherPort(t *testing.T) {
	path, err := browser.FindChrome("")
	if err != nil {
		t.Skipf("no browser: %v", err)
	}
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
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
<script>fetch("` + o + `/fetch").catch(function(){}); window.open("` + o + `/popup");
try { new WebSocket("ws` + o[len("http"):] + `/ws") } catch (e) {}</script>
<footer style="text-align:center"><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></footer></body></html>`

	for _, allow := range []bool{false, true} {
		otherHits.Store(0)
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
		time.Sleep(500 * time.Millisecond) // the popup's load
		b.Close()
		cancel()
		if err != nil || len(res.Pages) != 1 || res.Pages[0].Status != scanner.StatusOK {
			t.Fatalf("allow=%v: scan: %v %+v", allow, err, res.Pages)
		}
		n := otherHits.Load()
		if !allow && n != 0 {
			t.Errorf("through the proxy the other port got %d requests", n)
		}
		if allow && n < 4 {
			t.Errorf("without the proxy the other port got only %d requests, want img, iframe, fetch, popup, ws", n)
		}
	}
}
