package browser_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// TestNoWindowOpens renders a page that opens new windows without
// window.open (a target=_blank link clicked by script, every 50 ms) and
// with it: the page is checked and no window it asked for ever loads.
func TestNoWindowOpens(t *testing.T) {
	b := testBrowser(t)
	if !strings.Contains(b.Path, "headless-shell") {
		t.Skipf("SKIP: %s is not the headless shell; the full browser's headless mode ignores --block-new-web-contents", b.Path)
	}
	var popups atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/opener", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(pageHTML("", footerHTML+`<script>setInterval(function(){
			var a = document.createElement("a"); a.href = "/popup"; a.target = "_blank"; document.body.appendChild(a); a.click();
			window.open("/popup");
		}, 50)</script>`)))
	})
	mux.HandleFunc("/popup", func(w http.ResponseWriter, r *http.Request) {
		popups.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><p>popup</p>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	vs, _ := scanner.ParseViewports("mobile,desktop")
	res, err := scanner.Scan(context.Background(), b, []scanner.Target{{URL: srv.URL + "/opener", Display: srv.URL + "/opener", Entry: true, Site: "s"}}, scanner.Options{
		Viewports: vs, Timeout: 20 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(time.Now().Year()),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pages {
		if !p.Status.Checked() || !p.Compliant() {
			t.Errorf("%s [%s]: %s %q compliant=%v, want checked and compliant", p.URL, p.Viewport, p.Status, p.Error, p.Compliant())
		}
	}
	srv.Close()
	if n := popups.Load(); n != 0 {
		t.Errorf("the page opened %d windows that loaded; want none", n)
	}
}
