package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// uaSite serves, from the same URLs, a linked footer to phones (the
// mini-program user agent) and an unlinked one to desktops, as servers in
// China do by User-Agent without Vary. It counts the document requests of
// each kind of user agent, and the cookies that came back.
type uaSite struct {
	*httptest.Server
	mu      sync.Mutex
	docs    map[string]int  // "mobile /a" -> document requests
	cookied map[string]bool // "desktop /a" -> a request carried the cookie
}

const unlinkedFooterHTML = `<footer style="text-align:center;color:#555;font-size:14px"><p>京ICP备2021012345号-1</p></footer>`

// newUASite starts the site; caching says what the pages send along:
// "plain", "validators" (ETag and Last-Modified, answered 304),
// "max-age" (Cache-Control: max-age=3600), "cookie" (the phone page sets
// a cookie, and a request with that cookie gets the linked footer whatever
// its user agent) or "storage" (the same with localStorage, in the page).
func newUASite(t *testing.T, caching string) *uaSite {
	s := &uaSite{docs: map[string]int{}, cookied: map[string]bool{}}
	modified := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind := "desktop"
		if ua := r.UserAgent(); strings.Contains(ua, "MicroMessenger") && strings.Contains(ua, "miniProgram") {
			kind = "mobile"
		}
		_, cerr := r.Cookie("visited")
		s.mu.Lock()
		s.docs[kind+" "+r.URL.Path]++
		if cerr == nil {
			s.cookied[kind+" "+r.URL.Path] = true
		}
		s.mu.Unlock()
		footer := unlinkedFooterHTML
		if kind == "mobile" || (caching == "cookie" && cerr == nil) {
			footer = footerHTML
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch caching {
		case "validators":
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Last-Modified", modified.Format(http.TimeFormat))
			if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") != "" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		case "max-age":
			w.Header().Set("Cache-Control", "max-age=3600")
		case "cookie":
			if kind == "mobile" {
				http.SetCookie(w, &http.Cookie{Name: "visited", Value: "1", Path: "/", MaxAge: 3600})
			}
		case "storage":
			// The phone page remembers the visit in localStorage; a page
			// that finds the mark shows the linked footer.
			footer = `<div id="f">` + footer + `</div><script>
if (localStorage.getItem("visited")) document.getElementById("f").innerHTML = ` + "`" + footerHTML + "`" + `;
if (/MicroMessenger/.test(navigator.userAgent)) localStorage.setItem("visited", "1");
</script>`
		}
		fmt.Fprint(w, pageHTML("", footer))
	}))
	t.Cleanup(s.Close)
	return s
}

// TestViewportsAreSeparateVisits checks, server-side, that each viewport
// is its own visit (DOMAIN §2): the desktop page is what the server sends to
// a desktop, never the phone's page from a shared cache or cookie jar, in
// either viewport order.
func TestViewportsAreSeparateVisits(t *testing.T) {
	b := testBrowser(t)
	for _, caching := range []string{"plain", "validators", "max-age", "cookie", "storage"} {
		for _, order := range []string{"mobile,desktop", "desktop,mobile"} {
			t.Run(caching+"/"+order, func(t *testing.T) {
				s := newUASite(t, caching)
				vs, err := scanner.ParseViewports(order)
				if err != nil {
					t.Fatal(err)
				}
				// Two pages in one tab pair: a cookie set on the first phone
				// visit would reach the second desktop visit whatever the
				// order.
				var targets []scanner.Target
				for _, p := range []string{"/a", "/b"} {
					targets = append(targets, scanner.Target{URL: s.URL + p, Display: s.URL + p, Entry: true, Site: "ua"})
				}
				res, err := scanner.Scan(context.Background(), b, targets, scanner.Options{
					Viewports: vs, Timeout: 15 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(time.Now().Year()),
				})
				if err != nil {
					t.Fatal(err)
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				for _, p := range []string{"/a", "/b"} {
					for _, kind := range []string{"mobile", "desktop"} {
						if s.docs[kind+" "+p] == 0 {
							t.Errorf("%s: no %s request reached the server (requests %v)", p, kind, s.docs)
						}
					}
					if s.cookied["desktop "+p] {
						t.Errorf("%s: the desktop visit sent the cookie the phone visit got", p)
					}
				}
				if len(res.Pages) != 4 {
					t.Fatalf("%d page-viewports, want 4", len(res.Pages))
				}
				for _, p := range res.Pages {
					if p.Status != scanner.StatusOK {
						t.Errorf("%s [%s]: %s %s", p.URL, p.Viewport, p.Status, p.Error)
						continue
					}
					unlinked := slices.ContainsFunc(p.Findings, func(f scanner.Finding) bool { return f.Rule == "ICP004" })
					switch p.Viewport {
					case "mobile":
						if unlinked || !p.Compliant() {
							t.Errorf("%s [mobile]: not compliant (%v), want the phone's linked footer", p.URL, p.Findings)
						}
					case "desktop":
						if !unlinked || p.Compliant() {
							t.Errorf("%s [desktop]: no ICP004, want the desktop's unlinked footer judged (a false pass)", p.URL)
						}
					}
				}
			})
		}
	}
}

// TestViewportEmulatesItsDevice checks that each viewport looks like its
// device to the page's scripts, its CSS and its server, as the templates
// of real sites tell them apart: the screen (a "screen.width < 1024: phone"
// switch), hover and pointer media queries (a desktop-only bar behind
// (hover: hover)), navigator.platform (the common "Win/Mac/X11: PC"
// snippet) and the user-agent client hints (navigator.userAgentData,
// Sec-CH-UA-Mobile), and the colour scheme (light, dark for the dark
// viewports: prefers-color-scheme). Headless Chromium reports an 800×600
// screen, no hover and Linux x86_64 on both.
func TestViewportEmulatesItsDevice(t *testing.T) {
	b := testBrowser(t)
	var mu sync.Mutex
	facts := map[string]string{} // viewport (told by the UA and the scheme) → what its page reported
	hints := map[string]string{} // viewport → the document request's client hints
	kind := func(r *http.Request) string {
		if strings.Contains(r.UserAgent(), "MicroMessenger") {
			return "mobile"
		}
		return "desktop"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/env", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hints[kind(r)] = "mobile=" + r.Header.Get("Sec-CH-UA-Mobile") + " platform=" + r.Header.Get("Sec-CH-UA-Platform")
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0"><main><h1>示例</h1><p>正文</p></main>`+footerHTML+`<script>
var d = navigator.userAgentData;
var q = function (m) { return matchMedia(m).matches ? "y" : "n"; };
fetch("/facts?" + new URLSearchParams({
  screen: screen.width + "x" + screen.height,
  hover: q("(hover: hover)") + q("(any-hover: hover)"),
  pointer: q("(pointer: fine)") + q("(pointer: coarse)"),
  platform: navigator.platform,
  uadata: d ? d.mobile + " " + d.platform : "none",
  scheme: q("(prefers-color-scheme: dark)") == "y" ? "dark" : q("(prefers-color-scheme: light)") == "y" ? "light" : "none"
}));
</script></body></html>`)
	})
	mux.HandleFunc("/facts", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		mu.Lock()
		vp := kind(r)
		if q.Get("scheme") == "dark" {
			vp += "-dark"
		}
		facts[vp] = fmt.Sprintf("screen=%s hover=%s pointer=%s platform=%s uadata=%s scheme=%s",
			q.Get("screen"), q.Get("hover"), q.Get("pointer"), q.Get("platform"), q.Get("uadata"), q.Get("scheme"))
		mu.Unlock()
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	vs, _ := scanner.ParseViewports("mobile,desktop,mobile-dark,desktop-dark")
	res, err := scanner.Scan(context.Background(), b, []scanner.Target{{URL: srv.URL + "/env", Display: srv.URL + "/env", Entry: true, Site: "env"}}, scanner.Options{
		Viewports: vs, Timeout: 15 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(time.Now().Year()),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pages {
		if p.Status != scanner.StatusOK {
			t.Errorf("[%s]: %s %s", p.Viewport, p.Status, p.Error)
		}
	}
	want := map[string]struct{ facts, hints string }{
		"mobile":       {"screen=375x812 hover=nn pointer=ny platform=Linux aarch64 uadata=true Android scheme=light", `mobile=?1 platform="Android"`},
		"desktop":      {"screen=1366x768 hover=yy pointer=yn platform=Win32 uadata=false Windows scheme=light", `mobile=?0 platform="Windows"`},
		"mobile-dark":  {"screen=375x812 hover=nn pointer=ny platform=Linux aarch64 uadata=true Android scheme=dark", `mobile=?1 platform="Android"`},
		"desktop-dark": {"screen=1366x768 hover=yy pointer=yn platform=Win32 uadata=false Windows scheme=dark", `mobile=?0 platform="Windows"`},
	}
	mu.Lock()
	defer mu.Unlock()
	for vp, w := range want {
		if facts[vp] != w.facts {
			t.Errorf("%s: the page saw %q, want %q", vp, facts[vp], w.facts)
		}
		// The server tells the devices apart, not their colour schemes.
		if h := hints[strings.TrimSuffix(vp, "-dark")]; h != w.hints {
			t.Errorf("%s: the server got client hints %q, want %q", vp, h, w.hints)
		}
	}
}
