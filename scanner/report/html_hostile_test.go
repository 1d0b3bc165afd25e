package report

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
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
