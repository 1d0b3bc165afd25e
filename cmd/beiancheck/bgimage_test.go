package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackgroundImageErrorBodies: a footer's background picture the server
// answers with an error is judged by what the browser paints, not by the
// status. A 404 page (text/html) paints nothing, so white text over it is
// white on white; a 404 whose body is a picture (a CDN's placeholder,
// served text/html) is painted as any picture, both under the number (the
// contrast stays unknown, not a failure) and over it (a decoration strip
// that hides it).
func TestBackgroundImageErrorBodies(t *testing.T) {
	needBrowser(t)
	var pic bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for x := 0; x < 4; x++ {
		for y := 0; y < 4; y++ {
			img.Set(x, y, color.RGBA{0x1c, 0x2b, 0x36, 0xff})
		}
	}
	if err := png.Encode(&pic, img); err != nil {
		t.Fatal(err)
	}
	footer := func(bg, over string) string {
		return `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>示例</title></head>
<body style="margin:0;font-size:16px;background:#fff">
<main style="padding:16px"><h1>示例科技</h1><p>我们提供企业服务。</p></main>
<footer style="position:relative;text-align:center;padding:24px;color:#fff;background:url(` + bg + `) center/cover no-repeat">
<p><a href="https://beian.miit.gov.cn/" style="color:#fff">京ICP备2021012345号-1</a></p>` + over + `
</footer></body></html>`
	}
	strip := `<div style="position:absolute;left:0;right:0;top:0;bottom:0;pointer-events:none;background:url(/img/placeholder.png) center/cover"></div>`
	pages := map[string]string{
		"/missing.html":     footer("/img/missing.jpg", ""),
		"/placeholder.html": footer("/img/placeholder.png", ""),
		"/covered.html":     footer("/img/dark.png", strip),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case pages[r.URL.Path] != "":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, pages[r.URL.Path])
		case r.URL.Path == "/img/dark.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(pic.Bytes())
		case r.URL.Path == "/img/placeholder.png":
			// The placeholder a CDN answers a missing picture with.
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			w.Write(pic.Bytes())
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "r.json")
	_, _, stderr := runCLI(t, "scan", "--quiet", "--viewport", "mobile", "--level", "CTX001=off", "--annotations", "none",
		"--fail-on", "none", "--json", out, srv.URL+"/missing.html", srv.URL+"/placeholder.html", srv.URL+"/covered.html")
	var rep struct {
		Pages []struct {
			URL, Status, Error string
			Compliant          bool `json:"compliant"`
			Findings           []struct{ Rule, Message string }
		} `json:"pages"`
	}
	readJSON(t, out, &rep)
	if len(rep.Pages) != 3 {
		t.Fatalf("%d pages, want 3\n%s", len(rep.Pages), stderr)
	}
	for _, p := range rep.Pages {
		var got []string
		for _, f := range p.Findings {
			got = append(got, f.Rule+": "+f.Message)
		}
		all := strings.Join(got, "\n")
		if p.Status != "ok" {
			t.Errorf("%s: %s %s", p.URL, p.Status, p.Error)
			continue
		}
		switch {
		case strings.HasSuffix(p.URL, "/missing.html"):
			if p.Compliant || !strings.Contains(all, "ICP008") || !strings.Contains(all, "/img/missing.jpg\"): HTTP 404) did not load") {
				t.Errorf("missing.html: compliant=%v, findings:\n%s\nwant ICP008 naming the picture that did not load", p.Compliant, all)
			}
		case strings.HasSuffix(p.URL, "/placeholder.html"):
			if !p.Compliant || strings.Contains(all, "did not load") {
				t.Errorf("placeholder.html: compliant=%v, findings:\n%s\nwant compliant: the 404's body is a picture, painted", p.Compliant, all)
			}
		case strings.HasSuffix(p.URL, "/covered.html"):
			if p.Compliant || !strings.Contains(all, "ICP008") || !strings.Contains(all, "covered by") {
				t.Errorf("covered.html: compliant=%v, findings:\n%s\nwant ICP008 covered: the strip's 404 body is a picture over the number", p.Compliant, all)
			}
		}
	}
}
