package report

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

func writeHTML(t *testing.T, r *scanner.Result, o HTMLOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r, o); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// baselineSample is the sample compared with a baseline, with evidence
// screenshots for the page-viewports that were checked: three findings
// new, five unchanged and one fixed.
func baselineSample() *scanner.Result {
	r := sampleResult()
	states := map[string]string{"ICP004": scanner.BaselineNew, "ICP007": scanner.BaselineNew, "ICP003": scanner.BaselineNew}
	for i := range r.Pages {
		p := &r.Pages[i]
		if p.Status != scanner.StatusOK {
			continue
		}
		name := strings.NewReplacer("/", "_", ":", "_", "?", "_", "#", "_").Replace(displayURL(p)) + "-" + p.Viewport
		p.Evidence = scanner.Evidence{Footer: "shots/" + name + "-footer.png", Thumbnail: "shots/" + name + "-thumb.png"}
		for k := range p.Findings {
			p.Findings[k].Baseline = cmp.Or(states[p.Findings[k].Rule], scanner.BaselineUnchanged)
		}
		if p.Viewport == "mobile" && p.Target.Path != "" {
			p.Fixed = []scanner.Finding{{Finding: rules.Finding{Rule: "ICP004", Level: rules.LevelError, URL: p.URL, Viewport: p.Viewport,
				Selector: "footer > p", Number: "京ICP备2021012345号-1", Message: `number "京ICP备2021012345号-1" is not inside a link`},
				Path: p.Target.Path, Line: 42, Baseline: scanner.BaselineAbsent}}
		}
	}
	return r
}

func TestWriteHTMLGolden(t *testing.T) {
	checkGolden(t, "report.html.golden", []byte(writeHTML(t, sampleResult(), HTMLOptions{})))
	checkGolden(t, "report-baseline.html.golden", []byte(writeHTML(t, baselineSample(), HTMLOptions{ArtifactsBase: "artifacts"})))
	checkGolden(t, "empty.html.golden", []byte(writeHTML(t, emptyResult(), HTMLOptions{})))
}

func TestWriteHTML(t *testing.T) {
	r := sampleResult()
	before := writeHTML(t, r, HTMLOptions{})
	if again := writeHTML(t, r, HTMLOptions{}); again != before {
		t.Error("two writes of one result differ")
	}
	if r.Pages[0].Viewport != "desktop" || r.Pages[1].Findings[0].Rule != "ICP011" {
		t.Error("WriteHTML reordered the caller's result")
	}
	doc := parseHTML(t, before)
	for id, want := range map[string]string{
		"verdict": "3 of 4 page-viewports fail", "count-errors": "2", "count-warnings": "4", "count-notes": "2",
		"count-compliant": "1", "count-checked": "4", "count-failed": "1", "count-skipped": "0",
	} {
		if got := testIDText(doc, id); got != want {
			t.Errorf("data-testid=%s shows %q, want %q", id, got, want)
		}
	}
	if got := testIDText(doc, "count-new"); got != "" {
		t.Errorf("a run without a baseline shows a diff section (new = %q)", got)
	}
	if n := len(findAll(doc, hasClass("finding"))); n != 8 {
		t.Errorf("%d findings shown, want 8", n)
	}
	if strings.Contains(before, "<script") {
		t.Error("the report has a script")
	}
	for _, want := range []string{
		`<a href="https://github.com/beiancheck/beiancheck#icp003" rel="noopener noreferrer" target="_blank">ICP003</a>`,
		`<code>fixtures/demo/index.html:42</code>`,
		`<a href="https://www.example.com:8443/about?x=1#top" rel="noopener noreferrer" target="_blank">`,
		`<pre class="snippet"><code>&lt;p class=&#34;beian&#34;&gt;&lt;a href=&#34;https://beian.miit.gov.cn/&#34;`,
		`navigate https://www.example.com:8443/about?x=1#top: net::ERR_CONNECTION_REFUSED`,
	} {
		if !strings.Contains(before, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	// A local file is shown as text, never as a link.
	if strings.Contains(before, `href="fixtures/`) {
		t.Error("a local file path is linked")
	}
}

func TestWriteHTMLBaseline(t *testing.T) {
	doc := parseHTML(t, writeHTML(t, baselineSample(), HTMLOptions{ArtifactsBase: "artifacts/"}))
	for id, want := range map[string]string{"count-new": "3", "count-unchanged": "5", "count-absent": "1"} {
		if got := testIDText(doc, id); got != want {
			t.Errorf("data-testid=%s shows %q, want %q", id, got, want)
		}
	}
	// The diff comes right after the verdict.
	var order []string
	for _, s := range findAll(doc, func(n *html.Node) bool { return n.Data == "section" && attr(n, "id") != "" }) {
		order = append(order, attr(s, "id"))
	}
	if len(order) < 4 || strings.Join(order[:4], ",") != "baseline,rules,pages,findings" {
		t.Errorf("sections in order %v, want baseline first", order)
	}
	var newRules []string
	for _, a := range findAll(doc, hasClass("brief-link")) {
		newRules = append(newRules, attr(a, "href")+" "+textOf(a))
	}
	if want := []string{"#f-0 error ICP003 filing number not centred",
		"#f-3 note ICP007 filing link uses http",
		"#f-6 error ICP004 filing number not linked to the MIIT filing system"}; strings.Join(newRules, "|") != strings.Join(want, "|") {
		t.Errorf("new findings listed:\n%s\nwant:\n%s", strings.Join(newRules, "\n"), strings.Join(want, "\n"))
	}
	var imgs []string
	for _, img := range findAll(doc, func(n *html.Node) bool { return n.Data == "img" }) {
		imgs = append(imgs, attr(img, "src"))
	}
	if len(imgs) != 6 || imgs[0] != "artifacts/shots/fixtures_demo_index.html-mobile-footer.png" {
		t.Errorf("images %q, want 6 under artifacts/", imgs)
	}
}

// pngBytes is a w×h PNG with a stripe, so that it is not blank.
func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			c := color.RGBA{0xf2, 0xf4, 0xf7, 0xff}
			if y > h/3 && y < 2*h/3 {
				c = color.RGBA{0x17, 0x5c, 0xd3, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteHTMLEmbedsArtifacts(t *testing.T) {
	shot := pngBytes(t, 8, 4)
	r := baselineSample()
	r.Pages[1].Evidence.Thumbnail = "../outside.png"
	r.Pages[2].Evidence.Thumbnail = "shots/missing.png"
	r.Pages[3].Evidence = scanner.Evidence{Footer: "shots/page.html", Error: "screenshot: <b>timeout</b>"}
	var asked []string
	out := writeHTML(t, r, HTMLOptions{ReadArtifact: func(rel string) ([]byte, error) {
		asked = append(asked, rel)
		switch {
		case strings.HasSuffix(rel, "missing.png"):
			return nil, fs.ErrNotExist
		case strings.HasSuffix(rel, ".html"):
			return []byte("<!DOCTYPE html><script>alert(1)</script>"), nil
		}
		return shot, nil
	}})
	for _, rel := range asked {
		if strings.Contains(rel, "..") {
			t.Errorf("ReadArtifact asked for %q, outside the artifacts directory", rel)
		}
	}
	if n := strings.Count(out, `src="data:image/png;base64,`); n != 2 {
		t.Errorf("%d images embedded, want 2", n)
	}
	for _, want := range []string{
		`screenshot &#34;../outside.png&#34; is outside the artifacts directory`,
		`screenshot could not be read: file does not exist`,
		`screenshot shots/page.html is not an image (text/html; charset=utf-8)`,
		`Screenshots not taken: screenshot: &lt;b&gt;timeout&lt;/b&gt;`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	if strings.Contains(out, "alert") || strings.Contains(out, `href="data:`) {
		t.Error("a non-image artifact reached the report")
	}

	// Without a reader and a base, images are linked by their relative path.
	out = writeHTML(t, baselineSample(), HTMLOptions{})
	if !strings.Contains(out, `<img src="shots/fixtures_demo_index.html-mobile-footer.png"`) {
		t.Error("images are not linked by their relative path")
	}
}

// TestWriteHTMLEmbedsAndLinks checks the report of a run with
// --artifacts: each screenshot is in the file as a PNG data: URI and links
// to its full-size file; one too large to embed is shown from the file.
func TestWriteHTMLEmbedsAndLinks(t *testing.T) {
	small := pngBytes(t, 24, 12)
	// Noise does not compress: over the embedding cap.
	img := image.NewRGBA(image.Rect(0, 0, 300, 300))
	x := uint32(1)
	for i := range img.Pix {
		x = x*1664525 + 1013904223
		img.Pix[i] = byte(x >> 24)
	}
	var large bytes.Buffer
	if err := png.Encode(&large, img); err != nil {
		t.Fatal(err)
	}
	if large.Len() <= htmlEmbedMax {
		t.Fatalf("the large PNG has %d bytes, not over %d", large.Len(), htmlEmbedMax)
	}
	r := baselineSample()
	out := writeHTML(t, r, HTMLOptions{ArtifactsBase: "artifacts", ReadArtifact: func(rel string) ([]byte, error) {
		if strings.HasSuffix(rel, "fixtures_demo_index.html-desktop-footer.png") {
			return large.Bytes(), nil
		}
		return small, nil
	}})
	doc := parseHTML(t, out)
	imgs := findAll(doc, func(n *html.Node) bool { return n.Data == "img" })
	if len(imgs) != 6 {
		t.Fatalf("%d images, want 6", len(imgs))
	}
	embedded := 0
	for _, n := range imgs {
		src := attr(n, "src")
		a := n.Parent
		if a == nil || a.Data != "a" || !strings.HasPrefix(attr(a, "href"), "artifacts/shots/") || !strings.HasSuffix(attr(a, "href"), ".png") {
			t.Errorf("image %.40s does not link to its file", src)
		}
		b64, ok := strings.CutPrefix(src, "data:image/png;base64,")
		if !ok {
			if src != "artifacts/shots/fixtures_demo_index.html-desktop-footer.png" {
				t.Errorf("image src %q: want a data: URI, or the file for the large one", src)
			}
			continue
		}
		embedded++
		raw, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(raw))
		if err != nil || cfg.Width != 24 || cfg.Height != 12 {
			t.Errorf("embedded image: %v, %dx%d; want the 24x12 PNG", err, cfg.Width, cfg.Height)
		}
	}
	if embedded != 5 {
		t.Errorf("%d images embedded, want 5", embedded)
	}
	if !strings.Contains(out, "img-src data:") || strings.Contains(out, "script-src") {
		t.Error("the CSP does not allow data: images, or allows scripts")
	}
}

const (
	hostileURL    = `https://evil.example/"><script>alert(1)</script>`
	hostileImg    = `<img src=x onerror=alert(1)>`
	hostileStyle  = `</style><script>alert(2)</script>`
	hostileScheme = `javascript:alert(1)`
)

func TestWebURL(t *testing.T) {
	for in, want := range map[string]bool{
		"https://beian.miit.gov.cn/":   true,
		"HTTP://Example.com/a?b#c":     true,
		"javascript:alert(1)":          false,
		"JavaScript://example.com/%0a": false,
		"data:text/html,<b>":           false,
		"//evil.example/":              false,
		"http:/no-host":                false,
		"fixtures/demo/index.html":     false,
		" https://example.com/":        false,
		"file:///etc/passwd":           false,
	} {
		if got := webURL(in) != ""; got != want {
			t.Errorf("webURL(%q) links: %v, want %v", in, got, want)
		}
	}
}

func TestWriteHTMLWriteErrors(t *testing.T) {
	checkWriteErrors(t, func(w io.Writer, r *scanner.Result) error { return WriteHTML(w, r, HTMLOptions{}) })
}
