package browser_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/fixtures"
	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
)

// scanFixturePages scans some pages of fixtures/pages at both viewports
// (screenshots of every page-viewport when artifacts is set) and returns
// the results by page name.
func scanFixturePages(t *testing.T, names []string, artifacts string) map[string][]scanner.PageResult {
	t.Helper()
	b := testBrowser(t)
	srv, err := scanner.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	targets := scanner.MountTargets(srv, os.DirFS(path.Join("..", "..", "fixtures", "pages")), "fixtures/pages", names)
	for i := range targets {
		targets[i].Site = targets[i].Display
	}
	vs, err := scanner.ParseViewports("mobile,desktop")
	if err != nil {
		t.Fatal(err)
	}
	o := scanner.Options{Viewports: vs, Timeout: 30 * time.Second, Concurrency: 2, Rules: rules.DefaultOptions(time.Now().Year())}
	if artifacts != "" {
		o.Artifacts = &scanner.Artifacts{Dir: artifacts, When: scanner.ScreenshotsAll}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	res, err := scanner.Scan(ctx, b, targets, o)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]scanner.PageResult{}
	for _, p := range res.Pages {
		out[strings.TrimPrefix(p.URL, "fixtures/pages/")] = append(out[strings.TrimPrefix(p.URL, "fixtures/pages/")], p)
	}
	return out
}

// TestScriptsSurviveDOMSwaps renders pages that swap their DOM while
// beiancheck's scripts wait in them: <body> taken out and put back,
// <html> replaced, the document rewritten with document.open(), an app
// shell's scroller replaced. Every page-viewport must be checked (no error
// of settle, quiet, late, probe or overlay), screenshots included, and
// judged on the footer the page ends with.
func TestScriptsSurviveDOMSwaps(t *testing.T) {
	want := map[string]string{ // page -> primary number
		"clean-document-rewritten.html":          "浙ICP备2022034567号-2",
		"icp004-body-swapped.html":               "沪ICP备2020012345号-3",
		"icp003-html-replaced.html":              "苏ICP备2023045678号-1",
		"clean-app-shell-scroller-replaced.html": "粤ICP备2021056789号-1",
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	got := scanFixturePages(t, names, t.TempDir())
	for name, number := range want {
		pages := got[name]
		if len(pages) != 2 {
			t.Errorf("%s: %d page-viewports, want 2", name, len(pages))
			continue
		}
		for _, p := range pages {
			if p.Status != scanner.StatusOK {
				t.Errorf("%s [%s]: not checked: %s", name, p.Viewport, p.Error)
				continue
			}
			if p.Evidence.Error != "" || p.Evidence.Footer == "" {
				t.Errorf("%s [%s]: screenshots %+v", name, p.Viewport, p.Evidence)
			}
			pf := p.Judgement.PrimaryFiling()
			if pf == nil || pf.Number != number || !pf.InFooter || !pf.Visible {
				t.Errorf("%s [%s]: primary %+v, want %s visible in the footer", name, p.Viewport, pf, number)
			}
		}
	}
}

// TestLayersOverTheNumber follows DOMAIN §2 visible: a layer over the
// number covers it only at an effective opacity of 0.5 or more (its
// opacity times its ancestors' times the alpha of its paint) with normal
// blending. Fainter layers (a translucent gradient, a noise image at
// opacity .3, a shade of 0.8 × 0.6) and blending ones (a dark-mode
// difference layer, a transparent layer whose text lies elsewhere) let
// the text show and go into the contrast; real
// covers (a modal mask, a tab bar, a banner, a bar at exactly 0.5) still
// fail. Each page's want comments must be met one-to-one.
func TestLayersOverTheNumber(t *testing.T) {
	names := []string{
		"clean-translucent-gradient-overlay.html", "clean-blend-difference-layer.html", "clean-noise-layer.html",
		"clean-nested-opacity-dock.html", "clean-transparent-canvas-overlay.html", "clean-gradient-over-colour.html",
		"icp008-half-opacity-dock.html", "icp008-modal-mask.html", "icp008-translucent-veil-low-contrast.html",
		"icp008-mobile-tabbar-covers.html", "icp008-late-consent-banner.html", "clean-toast-layer-text-elsewhere.html",
	}
	got := scanFixturePages(t, names, "")
	vs, _ := scanner.ParseViewports("mobile,desktop")
	for _, name := range names {
		src, err := os.ReadFile(path.Join("..", "..", "fixtures", "pages", name))
		if err != nil {
			t.Fatal(err)
		}
		wants, err := fixtures.ParseWants(bytes.NewReader(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var findings []scanner.Finding
		for _, p := range got[name] {
			if p.Status != scanner.StatusOK {
				t.Errorf("%s [%s]: not checked: %s", name, p.Viewport, p.Error)
			}
			// CTX001 is a run-wide note, checked by TestFixtures.
			for _, f := range p.Findings {
				if f.Rule != "CTX001" {
					findings = append(findings, f)
				}
			}
		}
		for _, problem := range matchWants(wants, findings, vs) {
			t.Errorf("%s: %s", name, problem)
		}
	}
}

// TestHiddenNumberScreenshotCaption scans a page whose number is
// display:none with --artifacts: the footer screenshot's overlay must say
// why the number is not shown and outline where it is, its nearest
// displayed ancestor (a display:none element has no box).
func TestHiddenNumberScreenshotCaption(t *testing.T) {
	dir := t.TempDir()
	got := scanFixturePages(t, []string{"icp008-display-none.html"}, dir)
	pages := got["icp008-display-none.html"]
	if len(pages) != 2 {
		t.Fatalf("%d page-viewports, want 2", len(pages))
	}
	for _, p := range pages {
		ev := p.Evidence
		if p.Status != scanner.StatusOK || ev.Error != "" || ev.Footer == "" {
			t.Fatalf("[%s] status %q error %q evidence %+v", p.Viewport, p.Status, p.Error, ev)
		}
		for _, want := range []string{
			p.Viewport + ": 京ICP备2021012345号-1 not displayed: display:none on footer.site-footer > div.container > p.beian",
			"; outlined: nearest displayed ancestor div.container",
		} {
			if !strings.Contains(ev.Caption, want) {
				t.Errorf("[%s] caption %q, want it to contain %q", p.Viewport, ev.Caption, want)
			}
		}
		if st, err := os.Stat(path.Join(dir, ev.Footer)); err != nil || st.Size() == 0 {
			t.Errorf("[%s] footer screenshot: %v", p.Viewport, err)
		}
	}
}

// scanPaths scans paths of the server at base, each an entry page of its
// own site, at both viewports, and returns every page-viewport (failing
// the test unless each path has both).
func scanPaths(t *testing.T, b *browser.Browser, base string, paths ...string) []scanner.PageResult {
	t.Helper()
	var targets []scanner.Target
	for _, p := range paths {
		targets = append(targets, scanner.Target{URL: base + p, Display: base + p, Entry: true, Site: p})
	}
	vs, _ := scanner.ParseViewports("mobile,desktop")
	res, err := scanner.Scan(context.Background(), b, targets, scanner.Options{
		Viewports: vs, Timeout: 20 * time.Second, Concurrency: 2, Rules: rules.DefaultOptions(time.Now().Year()),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 2*len(targets) {
		t.Fatalf("%d page-viewports, want %d", len(res.Pages), 2*len(targets))
	}
	return res.Pages
}

// TestSelfNavigatingPageIsChecked renders pages that leave for another
// page after load (location.replace) while beiancheck's scripts wait:
// during settle's wait for an animation, and during the wait for the
// page's short timeouts (late.js). The evaluation's context is destroyed;
// the page it went to must be measured and judged, not reported "not
// checked".
func TestSelfNavigatingPageIsChecked(t *testing.T) {
	b := testBrowser(t)
	var mu sync.Mutex
	hits := map[string]int{}
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits[r.URL.Path]++
			mu.Unlock()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	anim := `<style>.a{animation:x 1.2s}@keyframes x{from{opacity:.2}to{opacity:1}}</style>`
	mux.HandleFunc("/during-settle", page(pageHTML(anim, `<p class="a">跳转中</p><script>setTimeout(function(){location.replace("/zh")}, 300)</script>`)))
	// A compliant page of its own, then /zh: the number judged is /zh's.
	mux.HandleFunc("/during-late", page(pageHTML("", strings.Replace(footerHTML, "2021012345号-1", "2021099999号-9", 1)+
		`<script>setTimeout(function(){location.replace("/zh")}, 1600)</script>`)))
	// A page that leaves as soon as it has loaded, for a page slow to
	// answer: the first measurement sees the page being left.
	mux.HandleFunc("/on-load", page(pageHTML("", strings.Replace(footerHTML, "2021012345号-1", "2021099999号-9", 1)+
		`<script>addEventListener("load", function(){setTimeout(function(){location.replace("/zh")}, 0)})</script>`)))
	zh := page(pageHTML("", footerHTML))
	mux.HandleFunc("/zh", func(w http.ResponseWriter, r *http.Request) {
		// The page left by /during-late stays displayed until this answers:
		// measured meanwhile, it would be judged instead of /zh.
		if strings.HasSuffix(r.Referer(), "/during-late") || strings.HasSuffix(r.Referer(), "/on-load") {
			time.Sleep(700 * time.Millisecond)
		}
		zh(w, r)
	})
	// A page that navigates itself to a missing page, whose 404 template
	// carries the site's compliant footer: an error, as a server redirect
	// to a 404 is, never a pass.
	mux.HandleFunc("/to-missing", page(pageHTML(anim, `<p class="a">跳转中</p><script>setTimeout(function(){location.replace("/gone")}, 300)</script>`)))
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, pageHTML("", footerHTML))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, p := range scanPaths(t, b, srv.URL, "/during-settle", "/during-late", "/on-load", "/to-missing") {
		if strings.HasSuffix(p.URL, "/to-missing") {
			if p.Status != scanner.StatusError || !strings.HasPrefix(p.Error, "HTTP 404 Not Found") || p.Compliant() {
				t.Errorf("%s [%s]: status %s %q compliant=%v, want the error HTTP 404 of the page it navigated to", p.URL, p.Viewport, p.Status, p.Error, p.Compliant())
			}
			continue
		}
		if p.Status != scanner.StatusOK {
			t.Errorf("%s [%s]: not checked: %s", p.URL, p.Viewport, p.Error)
			continue
		}
		if p.FinalURL != srv.URL+"/zh" {
			t.Errorf("%s [%s]: final URL %q, want %s/zh", p.URL, p.Viewport, p.FinalURL, srv.URL)
		}
		if pf := p.Judgement.PrimaryFiling(); pf == nil || pf.Number != "京ICP备2021012345号-1" || !pf.InFooter || !pf.Linked || !pf.Visible || !pf.Centered {
			t.Errorf("%s [%s]: primary %+v, want the compliant footer of /zh", p.URL, p.Viewport, pf)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if hits["/zh"] < 6 {
		t.Errorf("server saw /zh %d times, want one visit per page-viewport (6)", hits["/zh"])
	}
}

// TestEndlessAnimationHeldAtStart scans a footer whose number scrolls in
// an endless ticker, three times: on one page the number is there at once,
// on another a script adds it 1.5 s after load (the ticker running
// meanwhile), so it is measured later; on the third the ticker lies in a
// component's shadow root and its number comes late too. The ticker is measured at its
// start each time: the same offset at each viewport, and the number's
// filing names the animation. Measured where the ticker happened to be,
// the two offsets differed by the distance it ran in between.
func TestEndlessAnimationHeldAtStart(t *testing.T) {
	b := testBrowser(t)
	const head = `<style>footer{text-align:center;font-size:14px;padding:20px}.tk{overflow:hidden;white-space:nowrap}` +
		`.tk span{display:inline-block;animation:ticker 4s linear infinite}` +
		`@keyframes ticker{from{transform:translateX(100%)}to{transform:translateX(-100%)}}</style>`
	const number = `<a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a>`
	mux := http.NewServeMux()
	mux.HandleFunc("/at-once", htmlHandler(pageHTML(head, `<footer><div class="tk"><span>欢迎光临 `+number+`</span></div></footer>`)))
	mux.HandleFunc("/late", htmlHandler(pageHTML(head, `<footer><div class="tk"><span id="s">欢迎光临 </span></div></footer>`+
		`<script>setTimeout(function(){document.getElementById("s").insertAdjacentHTML("beforeend", '`+number+`')}, 1500)</script>`)))
	// The same ticker inside a component's open shadow root, whose
	// animations the document's getAnimations() does not list.
	mux.HandleFunc("/component-late", htmlHandler(pageHTML("", `<footer><div id="host"></div></footer>`+
		`<script>var r=document.getElementById("host").attachShadow({mode:"open"});`+
		`r.innerHTML='`+strings.ReplaceAll(head, "'", `\'`)+`<footer><div class="tk"><span id="s">欢迎光临 </span></div></footer>';`+
		`setTimeout(function(){r.getElementById("s").insertAdjacentHTML("beforeend", '`+number+`')}, 1500)</script>`)))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	offsets := map[string]map[string]float64{} // viewport -> path -> offset
	for _, p := range scanPaths(t, b, srv.URL, "/at-once", "/late", "/component-late") {
		if p.Status != scanner.StatusOK {
			t.Errorf("%s [%s]: not checked: %s", p.URL, p.Viewport, p.Error)
			continue
		}
		pf := p.Judgement.PrimaryFiling()
		if pf == nil || pf.Number != "京ICP备2021012345号-1" {
			t.Errorf("%s [%s]: primary %+v, want the ticker's number", p.URL, p.Viewport, pf)
			continue
		}
		if !strings.HasPrefix(pf.Animated, "ticker on ") {
			t.Errorf("%s [%s]: animated %q, want the ticker named", p.URL, p.Viewport, pf.Animated)
		}
		if p.Compliant() {
			t.Errorf("%s [%s]: compliant, want the number measured at the ticker's start (off centre)", p.URL, p.Viewport)
		}
		if offsets[p.Viewport] == nil {
			offsets[p.Viewport] = map[string]float64{}
		}
		offsets[p.Viewport][strings.TrimPrefix(p.URL, srv.URL)] = pf.CenterOffsetPx
	}
	for v, o := range offsets {
		if len(o) != 3 || math.Abs(o["/at-once"]-o["/late"]) > 1 || math.Abs(o["/at-once"]-o["/component-late"]) > 1 {
			t.Errorf("[%s] centre offsets %v, want the same at every page (the ticker held at its start)", v, o)
		}
	}
}
