package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
)

// TestResetStopsTheLastPage checks what a worker relies on between pages:
// after Reset nothing the last page scheduled runs (its beacon every 50 ms
// stops, and with it any timer that would navigate the tab away from the
// next page, which then measures the wrong document), the tab renders
// the next page with scripts on, and a page busy in a loop of its own
// after it was measured makes Reset fail within its bound, so that the
// worker replaces the tab.
func TestResetStopsTheLastPage(t *testing.T) {
	b := testBrowser(t)
	var beacons atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/beacons", htmlHandler(pageHTML("", footerHTML+`<script>setInterval(function(){fetch("/beacon")},50)</script>`)))
	mux.HandleFunc("/beacon", func(w http.ResponseWriter, r *http.Request) { beacons.Add(1) })
	mux.HandleFunc("/scripted", htmlHandler(pageHTML("", `<footer id="f" style="text-align:center"></footer>
<script>document.getElementById("f").innerHTML='<a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a>'</script>`)))
	mux.HandleFunc("/hangs-later", htmlHandler(pageHTML("", footerHTML+`<script>setTimeout(function(){for(;;){}},2500)</script>`)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx := context.Background()
	tab := desktopTab(t, b)
	render := func(path string) *scanner.Rendered {
		t.Helper()
		return renderMeasured(t, tab, srv.URL+path, 15*time.Second)
	}

	render("/beacons")
	time.Sleep(300 * time.Millisecond)
	if beacons.Load() == 0 {
		t.Fatal("the page sent no beacon while the tab held it: the check below is blind")
	}
	if err := tab.Reset(ctx); err != nil {
		t.Fatalf("reset: %v", err)
	}
	before := beacons.Load()
	time.Sleep(500 * time.Millisecond)
	if n := beacons.Load() - before; n > 1 { // one may have been in flight
		t.Errorf("the last page sent %d beacons after Reset: its timers run on", n)
	}

	r := render("/scripted")
	o := rules.DefaultOptions(time.Now().Year())
	j := rules.Judge(r.Page, &o)
	if pf := j.PrimaryFiling(); pf == nil || !pf.Linked || !pf.InFooter {
		t.Errorf("the page after Reset: primary filing %+v, want the number its script writes (scripts enabled again)", pf)
	}
	if err := tab.Reset(ctx); err != nil {
		t.Fatalf("reset: %v", err)
	}

	render("/hangs-later")
	time.Sleep(3 * time.Second) // its loop has started
	began := time.Now()
	if err := tab.Reset(ctx); err == nil {
		t.Error("Reset of a tab whose page is busy in a loop succeeded")
	} else if d := time.Since(began); d > 8*time.Second {
		t.Errorf("Reset of a busy tab took %v (%v)", d, err)
	} else {
		t.Logf("busy tab: %v after %v", err, d.Round(time.Millisecond))
	}
}

// TestResetLetsHeavyPagesGo checks that a tab whose page holds a big heap
// or a big DOM is not kept for the next page (it would keep that memory
// beside the pages rendered next): Reset says so, and the worker closes it.
func TestResetLetsHeavyPagesGo(t *testing.T) {
	b := testBrowser(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/light", htmlHandler(pageHTML("", "<p>首页</p>"+footerHTML)))
	// About 100 MiB of live objects, a few nodes.
	mux.HandleFunc("/heap", htmlHandler(pageHTML("", `<script>window.keep=[];for(var i=0;i<25;i++){var a=new Array(1<<18);for(var j=0;j<a.length;j++){a[j]={j:j}}keep.push(a)}</script>`+footerHTML)))
	// 30,000 spans (60,000 nodes with their text), a small heap.
	mux.HandleFunc("/dom", htmlHandler(pageHTML("", `<div id="many"></div><script>var m=document.getElementById("many");for(var i=0;i<30000;i++){var s=document.createElement("span");s.textContent="第"+i;m.appendChild(s)}</script>`+footerHTML)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx := context.Background()
	for _, c := range []struct{ path, want string }{
		{"/light", ""},
		{"/heap", "MiB of JavaScript heap"},
		{"/dom", "DOM nodes"},
	} {
		tab := desktopTab(t, b)
		tg := scanner.Target{URL: srv.URL + c.path, Display: srv.URL + c.path}
		if r, err := tab.Render(ctx, tg, scanner.RenderOptions{Timeout: 20 * time.Second}); err != nil || r.Page == nil {
			t.Fatalf("render %s: %v %+v", c.path, err, r)
		}
		err := tab.Reset(ctx)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: Reset: %v, want the tab kept", c.path, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: Reset: %v, want the tab let go (%q)", c.path, err, c.want)
		default:
			t.Logf("%s: %v", c.path, err)
		}
		tab.Close()
	}
}

// TestResetPurgesAGrownHeap checks that a kept tab does not carry the
// pages it left: their heaps stay in its renderer until a full collection
// (about 1 MiB each here, 180 KiB for a page of the generated site). Once a
// stopped page's heap in use passes 8 MiB, Reset has it collected, the tab
// is kept, and it renders the next page as before.
func TestResetPurgesAGrownHeap(t *testing.T) {
	b := testBrowser(t)
	mux := http.NewServeMux()
	// About 1 MiB of objects, garbage once the tab leaves the page.
	mux.HandleFunc("/grows", htmlHandler(pageHTML("", `<script>window.keep=[];for(var j=0;j<32768;j++){keep.push({j:j})}</script>`+footerHTML)))
	mux.HandleFunc("/light", htmlHandler(pageHTML("", "<p>首页</p>"+footerHTML)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx := context.Background()
	tab := desktopTab(t, b)
	render := func(path string) *scanner.Rendered {
		t.Helper()
		return renderMeasured(t, tab, srv.URL+path, 20*time.Second)
	}
	purged := false
	var peak int64
	for i := 0; i < 40 && !purged; i++ {
		render(fmt.Sprintf("/grows?%d", i))
		before := browser.HeapUsed(ctx, tab)
		peak = max(peak, before)
		if err := tab.Reset(ctx); err != nil {
			t.Fatalf("Reset after page %d: %v, want the tab kept", i, err)
		}
		after := browser.HeapUsed(ctx, tab)
		if before >= 8<<20 {
			if after < 0 || after > before/4 {
				t.Fatalf("page %d: heap in use %d KiB before Reset, %d KiB after: want it collected", i, before>>10, after>>10)
			}
			t.Logf("page %d: heap in use %d KiB before Reset, %d KiB after", i, before>>10, after>>10)
			purged = true
		}
	}
	if !purged {
		t.Fatalf("40 pages of 1 MiB each grew the heap to %d KiB at most: the check is blind", peak>>10)
	}
	r := render("/light")
	o := rules.DefaultOptions(time.Now().Year())
	if pf := rules.Judge(r.Page, &o).PrimaryFiling(); pf == nil || !pf.Linked || !pf.InFooter {
		t.Errorf("the page after the purge: primary filing %+v, want the linked footer number", pf)
	}
}

// renderMeasured renders url in tab and fails the test unless the page was
// measured.
func renderMeasured(t *testing.T, tab scanner.Tab, url string, timeout time.Duration) *scanner.Rendered {
	t.Helper()
	r, err := tab.Render(context.Background(), scanner.Target{URL: url, Display: url}, scanner.RenderOptions{Timeout: timeout})
	if err != nil || r.Page == nil {
		t.Fatalf("render %s: %v %+v", url, err, r)
	}
	return r
}
