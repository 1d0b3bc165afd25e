package report

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

var htmlScreenshots = flag.String("html-screenshots", "", "write PNGs of the HTML reports of the browser test, at 1280 and 360 px wide, to this directory")

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

// hostileResult puts markup, a style breakout and script URLs in every
// value a page controls, and in some that it does not.
func hostileResult() *scanner.Result {
	evil := scanner.Target{URL: hostileURL, Display: hostileURL, Entry: true}
	js := scanner.Target{URL: hostileScheme, Display: hostileScheme}
	hostileFinding := func(t scanner.Target, vp, rule string, lvl rules.Level) scanner.Finding {
		return scanner.Finding{Finding: rules.Finding{
			Rule: rule, Level: lvl, URL: hostileScheme, Viewport: vp,
			Message:  "measured " + hostileImg + " and " + hostileStyle,
			Selector: `a[href^='` + hostileScheme + `'] ` + hostileImg,
			Snippet:  `<a href="` + hostileScheme + `" onclick="alert(1)">` + hostileImg + `</a>` + hostileStyle,
			Number:   "粤ICP备" + hostileImg,
			Fix:      hostileStyle + " fix " + hostileImg,
		}, Path: hostileImg, Line: 3, Baseline: scanner.BaselineNew}
	}
	filing := rules.JudgedFiling{Filing: rules.Filing{Kind: rules.KindICP, Number: hostileImg}, Primary: true, Href: hostileScheme}
	cat := sampleRules()
	cat[0].Title = hostileImg + " title " + hostileStyle
	return &scanner.Result{
		Tool:    scanner.Tool{Name: hostileImg, Version: "<script>alert(4)</script>"},
		Browser: hostileStyle,
		Rules:   cat,
		Pages: []scanner.PageResult{
			{Target: evil, URL: hostileURL, FinalURL: hostileScheme, Viewport: "mobile", Status: scanner.StatusOK,
				Filings: []rules.JudgedFiling{filing},
				Findings: []scanner.Finding{
					hostileFinding(evil, "mobile", "ICP004", rules.LevelError),
					hostileFinding(evil, "mobile", hostileImg, rules.Level(hostileStyle)),
					hostileFinding(evil, "mobile", "ICP007", rules.LevelNote),
				},
				Fixed: []scanner.Finding{hostileFinding(evil, "mobile", "ICP003", rules.LevelError)},
				Evidence: scanner.Evidence{Footer: `"><img src=x onerror=alert(1)>.png`, Thumbnail: hostileScheme,
					Error: hostileStyle}},
			{Target: js, URL: hostileScheme, FinalURL: "data:text/html,<script>alert(5)</script>", Viewport: hostileStyle,
				Status: scanner.StatusOK, Filings: []rules.JudgedFiling{filing},
				Findings: []scanner.Finding{hostileFinding(js, hostileStyle, "ICP009", rules.LevelWarning)}},
			{Target: evil, URL: hostileURL, Viewport: "desktop", Status: scanner.StatusError, Error: "navigate: " + hostileImg + hostileStyle},
			{Target: js, URL: hostileScheme, Viewport: "desktop", Status: scanner.StatusSkipped, Error: "robots.txt: " + hostileImg},
		},
	}
}

// htmlElements are the elements the report is made of; anything else in
// the output came from a page.
var htmlElements = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true, "input": true, "div": true,
	"header": true, "main": true, "footer": true, "section": true, "article": true, "h1": true, "h2": true, "h3": true,
	"p": true, "span": true, "small": true, "strong": true, "a": true, "dl": true, "dt": true, "dd": true, "ul": true,
	"li": true, "details": true, "summary": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true,
	"td": true, "pre": true, "code": true, "figure": true, "figcaption": true, "img": true, "label": true,
}

// checkInert fails unless the report is inert markup: only the report's
// own elements, one style sheet, no script, no event handler attribute,
// no script URL.
func checkInert(t *testing.T, out string) {
	t.Helper()
	doc := parseHTML(t, out)
	styles := 0
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		if !htmlElements[n.Data] {
			t.Errorf("element <%s> in the report", n.Data)
		}
		if n.Data == "style" {
			styles++
			if css := textOf(n); strings.Contains(css, "alert") || strings.Contains(css, "<") {
				t.Errorf("page text in the style sheet: %q", css[max(0, strings.Index(css, "alert")-80):])
			}
		}
		if n.Data == "meta" && attr(n, "http-equiv") != "" && attr(n, "http-equiv") != "Content-Security-Policy" {
			t.Errorf("meta http-equiv=%q", attr(n, "http-equiv"))
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			val := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, a.Val))
			switch {
			case strings.HasPrefix(key, "on"):
				t.Errorf("<%s %s=%q>: an event handler", n.Data, a.Key, a.Val)
			case key == "style":
				t.Errorf("<%s style=%q>: an inline style", n.Data, a.Val)
			case key == "href" || key == "src" || key == "action" || key == "formaction":
				if strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") ||
					(strings.HasPrefix(val, "data:") && !(key == "src" && strings.HasPrefix(val, "data:image/png;base64,"))) {
					t.Errorf("<%s %s=%q>: a script or data URL", n.Data, a.Key, a.Val)
				}
			}
		}
	}
	if styles != 1 {
		t.Errorf("%d style elements, want 1", styles)
	}
}

func TestWriteHTMLHostile(t *testing.T) {
	r := hostileResult()
	for _, o := range []HTMLOptions{
		{}, {ArtifactsBase: "artifacts/"},
		{ReadArtifact: func(string) ([]byte, error) { return nil, errors.New(hostileImg) }},
	} {
		out := writeHTML(t, r, o)
		checkInert(t, out)
		doc := parseHTML(t, out)
		// The values are shown, as text.
		text := textOf(doc)
		for _, want := range []string{hostileURL, hostileImg, hostileStyle, hostileScheme, "<script>alert(4)</script>"} {
			if !strings.Contains(text, want) {
				t.Errorf("the report does not show %q as text", want)
			}
		}
		for _, a := range findAll(doc, func(n *html.Node) bool { return n.Data == "a" }) {
			if href := attr(a, "href"); strings.Contains(href, "evil.example") && strings.ContainsAny(href, `"<>`) {
				t.Errorf("link %q is not escaped", href)
			}
		}
	}
	// A level the filters do not know keeps its page-viewport visible.
	if out := writeHTML(t, r, HTMLOptions{}); !strings.Contains(out, `class="pv vp-0 lm-13"`) {
		t.Error("the page-viewport with an unknown level is not marked lm-13")
	}
	checkInert(t, writeHTML(t, sampleResult(), HTMLOptions{}))
}

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

// htmlTestChrome finds the browser for the browser test: without one the
// test fails in CI and skips loudly elsewhere.
func htmlTestChrome(t *testing.T) string {
	t.Helper()
	path, err := scanner.FindChrome("")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser test needs Chromium in CI: %v", err)
		}
		fmt.Fprintf(os.Stderr, "\n*** SKIPPING BROWSER TEST %s: %v ***\n\n", t.Name(), err)
		t.Skipf("SKIPPED: no browser: %v", err)
	}
	return path
}

// TestHTMLInBrowser opens reports in headless Chromium from file: URLs
// and checks what a reader sees: no console error or exception, no
// dialog, the counts of the result, the screenshots decoded, the filters
// working, and no horizontal scrolling on a phone.
func TestHTMLInBrowser(t *testing.T) {
	path := htmlTestChrome(t)
	dir := t.TempDir()
	artifacts := filepath.Join(dir, "artifacts")
	withEvidence := baselineSample()
	for _, p := range withEvidence.Pages {
		for rel, size := range map[string][2]int{p.Evidence.Footer: {640, 120}, p.Evidence.Thumbnail: {60, 160}} {
			if rel == "" {
				continue
			}
			file := filepath.Join(artifacts, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, pngBytes(t, size[0], size[1]), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	readArtifact := func(rel string) ([]byte, error) { return fs.ReadFile(os.DirFS(artifacts), rel) }

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}

	for _, c := range []struct {
		name   string
		r      *scanner.Result
		o      HTMLOptions
		images int
	}{
		{"sample", sampleResult(), HTMLOptions{}, 0},
		{"hostile", hostileResult(), HTMLOptions{ReadArtifact: readArtifact}, 0},
		{"linked", withEvidence, HTMLOptions{ArtifactsBase: "artifacts/"}, 6},
		{"embedded", withEvidence, HTMLOptions{ReadArtifact: readArtifact}, 6},
		// Embedded and linked, the artifacts directory not beside the
		// report: the images still show.
		{"embedded-linked", withEvidence, HTMLOptions{ArtifactsBase: "gone/", ReadArtifact: readArtifact}, 6},
		{"empty", emptyResult(), HTMLOptions{}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(dir, c.name+".html")
			if err := os.WriteFile(file, []byte(writeHTML(t, c.r, c.o)), 0o644); err != nil {
				t.Fatal(err)
			}
			checkReportInBrowser(t, bctx, file, c.r, c.images)
		})
	}
}

const consoleEnd = "beiancheck-html-test-end"

func checkReportInBrowser(t *testing.T, bctx context.Context, file string, r *scanner.Result, images int) {
	tctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	ctx, cancelTab := chromedp.NewContext(tctx)
	var wg sync.WaitGroup
	defer wg.Wait() // after the tab is closed, which ends both loops below
	defer cancelTab()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}

	var (
		mu      sync.Mutex
		logged  []chromedp.ConsoleMessage
		dialogs []string
	)
	ended := make(chan struct{})
	messages := chromedp.Console(ctx)
	wg.Go(func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Text == consoleEnd {
				close(ended)
				continue
			}
			mu.Lock()
			logged = append(logged, m)
			mu.Unlock()
		}
	})
	opened := chromedp.Events(ctx, page.JavascriptDialogOpening)
	wg.Go(func() {
		for ev, err := range opened {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, string(ev.Type)+": "+ev.Message)
			mu.Unlock()
			// Dismiss it, or the page stays blocked until the timeout.
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})

	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(file))); err != nil {
		t.Fatal(err)
	}
	eval := func(js string, v any) {
		t.Helper()
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js))
		if err == nil {
			err = json.Unmarshal(raw, v)
		}
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
	}

	var shown map[string]string
	eval(`Object.fromEntries([...document.querySelectorAll("[data-testid]")].map(e => [e.dataset.testid, e.textContent]))`, &shown)
	s := r.Summary()
	want := map[string]string{
		"verdict": htmlVerdictOf(s).Headline, "count-errors": strconv.Itoa(s.Errors), "count-warnings": strconv.Itoa(s.Warnings),
		"count-notes": strconv.Itoa(s.Notes), "count-compliant": strconv.Itoa(s.Compliant), "count-checked": strconv.Itoa(s.Pages - s.Skipped),
		"count-failed": strconv.Itoa(s.Failed), "count-skipped": strconv.Itoa(s.Skipped),
	}
	if c := CountBaseline(r); c != (BaselineCounts{}) {
		want["count-new"], want["count-unchanged"], want["count-absent"] = strconv.Itoa(c.New), strconv.Itoa(c.Unchanged), strconv.Itoa(c.Absent)
	}
	if line := ScreenshotWarning(r); line != "" {
		want["screenshots"] = line
	}
	if line := notScannedLine(r); line != "" {
		want["not-scanned"] = line
	}
	if fmt.Sprint(shown) != fmt.Sprint(want) {
		t.Errorf("the report shows %v, want %v", shown, want)
	}

	var got struct {
		Scripts, Findings, Visible int
		Images                     []struct {
			Src   string
			Width int
		}
	}
	eval(`({
		scripts: document.scripts.length,
		findings: document.querySelectorAll(".finding").length,
		visible: [...document.querySelectorAll(".finding")].filter(e => getComputedStyle(e).display !== "none").length,
		images: [...document.images].map(i => ({src: i.src.slice(0, 60), width: i.naturalWidth})),
	})`, &got)
	total := 0
	for _, p := range r.Pages {
		total += len(p.Findings)
	}
	if got.Scripts != 0 || got.Findings != total || got.Visible != total {
		t.Errorf("%d scripts, %d findings, %d visible; want 0, %d, %d", got.Scripts, got.Findings, got.Visible, total, total)
	}
	if len(got.Images) != images {
		t.Errorf("%d images, want %d", len(got.Images), images)
	}
	for _, img := range got.Images {
		if img.Width == 0 {
			t.Errorf("image %s did not load", img.Src)
		}
	}
	screenshot(t, ctx, "")

	if total > 0 && s.Notes > 0 {
		checkFilters(t, ctx, eval)
	}

	// On a phone nothing may scroll sideways.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	var widths struct{ Scroll, Client int }
	eval(`({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})`, &widths)
	if widths.Scroll > widths.Client {
		t.Errorf("at 360 px the page is %d px wide", widths.Scroll)
	}
	screenshot(t, ctx, "-phone")

	// Everything the page logged arrives before the marker.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`console.info(`+strconv.Quote(consoleEnd)+`)`)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ended:
	case <-ctx.Done():
		t.Fatal("the console end marker never arrived")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, m := range logged {
		if m.IsException() || m.Type == chromedp.ConsoleError {
			t.Errorf("console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1)
		} else {
			t.Logf("console %s: %s", m.Type, m.Text)
		}
	}
	for _, d := range dialogs {
		t.Errorf("a dialog opened: %s", d)
	}
}

// screenshot writes the tab as -html-screenshots/<report><suffix>.png.
func screenshot(t *testing.T, ctx context.Context, suffix string) {
	t.Helper()
	if *htmlScreenshots == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(t.Name(), "TestHTMLInBrowser/") + suffix + ".png"
	if err := os.WriteFile(filepath.Join(*htmlScreenshots, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkFilters unticks Notes and checks that notes, and page-viewports
// with nothing else, disappear while errors stay; then the viewport filter.
func checkFilters(t *testing.T, ctx context.Context, eval func(string, any)) {
	t.Helper()
	click := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
	}
	type state struct {
		Notes, Errors, Sections []string
		Checked                 bool
	}
	read := func() state {
		var s state
		eval(`(() => {
			const d = sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).display);
			// A page-viewport with a level the filters do not know (mask 8
			// and up) stays.
			return {notes: d(".finding.lvl-note"), errors: d(".finding.lvl-error"),
				sections: d(".pv").filter((_, i) => +document.querySelectorAll(".pv")[i].className.match(/lm-(\d+)/)[1] < 8),
				checked: document.getElementById("fl-note").checked};
		})()`, &s)
		return s
	}
	all := func(xs []string, want string) bool {
		for _, x := range xs {
			if (x == "none") != (want == "none") {
				return false
			}
		}
		return len(xs) > 0
	}
	before := read()
	if !all(before.Notes, "block") || !before.Checked {
		t.Fatalf("notes are not shown at first: %+v", before)
	}
	click(`label[for="fl-note"]`)
	after := read()
	if after.Checked || !all(after.Notes, "none") || !all(after.Errors, "block") {
		t.Errorf("after unticking Notes: %+v", after)
	}
	click(`label[for="fl-warning"]`)
	click(`label[for="fl-error"]`)
	if s := read(); !all(s.Sections, "none") {
		t.Errorf("with every level unticked, page-viewports shown: %v", s.Sections)
	}
	for _, l := range []string{"error", "warning", "note"} {
		click(`label[for="fl-` + l + `"]`)
	}
	if s := read(); !all(s.Notes, "block") || !all(s.Sections, "block") {
		t.Errorf("after ticking every level again: %+v", s)
	}
	var vp struct{ Hidden, Shown int }
	click(`label[for="fv-0"]`)
	eval(`(() => {
		const s = [...document.querySelectorAll(".pv")].map(e => getComputedStyle(e).display);
		return {hidden: s.filter(d => d === "none").length, shown: s.filter(d => d !== "none").length};
	})()`, &vp)
	if vp.Hidden == 0 || vp.Shown == 0 {
		t.Errorf("unticking the first viewport hides %d and shows %d page-viewports", vp.Hidden, vp.Shown)
	}
	click(`label[for="fv-0"]`)
}

// parseHTML parses a report as a browser would.
func parseHTML(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

func hasClass(class string) func(*html.Node) bool {
	return func(n *html.Node) bool { return strings.Contains(" "+attr(n, "class")+" ", " "+class+" ") }
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf is the text content of n, spaces collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// testIDText is the text of the element with the data-testid, "" if none.
func testIDText(doc *html.Node, id string) string {
	for _, n := range findAll(doc, func(n *html.Node) bool { return attr(n, "data-testid") == id }) {
		return textOf(n)
	}
	return ""
}
