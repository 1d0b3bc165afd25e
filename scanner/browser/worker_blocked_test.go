package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
)

// TestWorkerRequestsBlocked scans, in one tab, a page whose dedicated
// worker fetches from another loopback port and opens a WebSocket there
// (both refused: listed as the page's, kind worker/…), a page whose 50
// workers each fetch and end (the page shows its footer only once every
// worker answered, so a worker left paused would make it fail), and a
// clean page after them (nothing of the workers is its).
func TestWorkerRequestsBlocked(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { otherHits.Add(1) }))
	defer other.Close()
	o := other.URL
	ws := "ws" + strings.TrimPrefix(o, "http")
	// Each page shows its footer when its workers have all answered.
	waitFor := func(n int, start string) string {
		return `<main>x</main><div id=f hidden>` + footerHTML + `</div><script>var left=` + fmt.Sprint(n) +
			`; function done(){ if (--left === 0) document.getElementById("f").hidden = false }` + start + `</script>`
	}
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/w.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprintf(w, `fetch(%q).then(go, go); function go(){ var s = new WebSocket(%q);
s.onerror = s.onclose = function(){ postMessage("x") } }`, o+"/from-worker", ws+"/worker-ws")
			return
		case "/each.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprintf(w, `fetch(%q + "?" + Math.random()).then(end, end); function end(){ postMessage("x"); close() }`, o+"/storm")
			return
		}
		var body string
		switch r.URL.Path {
		case "/worker":
			body = waitFor(1, `new Worker("/w.js").onmessage = done;`)
		case "/storm":
			body = waitFor(50, `for (var i = 0; i < 50; i++) new Worker("/each.js").onmessage = done;`)
		case "/clean":
			body = "<main>x</main>" + footerHTML
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML("", body))
	}))
	defer target.Close()
	b := proxiedBrowser(t, target.URL)
	vs, _ := scanner.ParseViewports("desktop")
	var targets []scanner.Target
	for _, p := range []string{"/worker", "/storm", "/clean"} {
		targets = append(targets, scanner.Target{URL: target.URL + p, Display: target.URL + p, Entry: true})
	}
	res, err := scanner.Scan(context.Background(), b, targets, scanner.Options{
		Viewports: vs, Timeout: 20 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(2026)})
	if err != nil || len(res.Pages) != 3 {
		t.Fatalf("scan: %v %+v", err, res.Pages)
	}
	why := "loopback address " + strings.TrimPrefix(o, "http://") + " is not a target"
	for _, p := range res.Pages {
		if p.Status != scanner.StatusOK || !p.Compliant() {
			t.Errorf("%s: status %q error %q compliant %v: a worker was left paused or the page broke", p.URL, p.Status, p.Error, p.Compliant())
		}
		switch strings.TrimPrefix(p.URL, target.URL) {
		case "/worker":
			want := []scanner.BlockedRequest{
				{URL: o + "/from-worker", Kind: "worker/fetch", Reason: why},
				{URL: ws + "/worker-ws", Kind: "worker/websocket", Reason: why},
			}
			if !reflect.DeepEqual(p.BlockedList, want) {
				t.Errorf("/worker: blocked %+v\nwant %+v", p.BlockedList, want)
			}
		case "/storm":
			if p.BlockedRequests < 1 || p.BlockedRequests > 50 {
				t.Errorf("/storm: %d blocked, want 1 to 50 (the followed workers' fetches)", p.BlockedRequests)
			}
			for _, bl := range p.BlockedList {
				if bl.Kind != "worker/fetch" || !strings.HasPrefix(bl.URL, o+"/storm?") {
					t.Errorf("/storm: blocked %+v", bl)
				}
			}
		case "/clean":
			if p.BlockedRequests != 0 {
				t.Errorf("/clean: blocked %+v: another page's worker requests", p.BlockedList)
			}
		}
	}
	if n := otherHits.Load(); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
}

// TestWorkerAttachFallback makes every worker attach miss its bound: the
// worker must still run (its page shows the footer only once the worker
// answered), unfollowed, so none of its requests is listed.
func TestWorkerAttachFallback(t *testing.T) {
	defer browser.SetAttachWithin(time.Nanosecond)()
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer other.Close()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/w.js" {
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprintf(w, `fetch(%q).then(done, done); function done(){ postMessage("x") }`, other.URL+"/from-worker")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML("", `<main>x</main><div id=f hidden>`+footerHTML+`</div><script>
new Worker("/w.js").onmessage = function(){ document.getElementById("f").hidden = false }</script>`))
	}))
	defer target.Close()
	p := scanOne(t, proxiedBrowser(t, target.URL), target.URL+"/", 20*time.Second, 2026)
	if p.Status != scanner.StatusOK || !p.Compliant() {
		t.Errorf("status %q error %q compliant %v: the worker was left paused", p.Status, p.Error, p.Compliant())
	}
	if p.BlockedRequests != 0 {
		t.Errorf("blocked %+v: the worker was followed, so the fallback was not what ran", p.BlockedList)
	}
}
