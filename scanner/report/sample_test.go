package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sampleRules is a catalogue as a run holds it: levels in force, one rule
// switched off, deliberately out of ID order.
func sampleRules() []*rules.Rule {
	return []*rules.Rule{
		{ID: "ICP004", Name: "FilingNumberLinked", Title: "filing number not linked to the MIIT filing system",
			Help: "Art. 13 asks for a link to the filing system.\n\nWrap the number:\n\n```html\n<a href=\"https://beian.miit.gov.cn/\" target=\"_blank\">京ICP备04000001号-1</a>\n```",
			Fix:  "wrap the number in <a href=\"https://beian.miit.gov.cn/\">", Level: rules.LevelError},
		{ID: "ICP003", Name: "FilingNumberCentered", Title: "filing number not centred",
			Help: "The number is shown at the centre of the bottom of the homepage.\n\nCentre the line with `text-align: center`.",
			Fix:  "centre the line holding the number (text-align: center on its block)", Level: rules.LevelError},
		{ID: "ICP007", Name: "FilingLinkHTTPS", Title: "filing link uses http",
			Help: "Prefer `https://beian.miit.gov.cn/`.", Fix: "link to https://beian.miit.gov.cn/", Level: rules.LevelNote},
		{ID: "ICP009", Name: "FilingNumberReadable", Title: "filing number hard to read",
			Help: "Text under 12 px or below 3:1 contrast is hard to read.", Fix: "use at least 12 px and a contrast of 3:1", Level: rules.LevelWarning},
		{ID: "ICP011", Name: "FilingNumberFormat", Title: "filing number malformed or lenient",
			Help: "Show the number as the filing system lists it.", Fix: "write the number as 粤ICP备2023123456号", Level: rules.LevelWarning},
		{ID: "ICP013", Name: "AppSuffixOnSite", Title: "app suffix shown as a website number",
			Help: "An `-1A` or `-1X` suffix belongs to an App or mini-program.", Level: rules.LevelOff},
		{ID: "PSB001", Name: "PoliceFilingLinked", Title: "public-security filing link wrong",
			Help: "Link to `https://beian.mps.gov.cn/#/query/webSearch?code=<14 digits>`.", Fix: "link to the MPS query page with the same code", Level: rules.LevelWarning},
		{ID: "CTX001", Name: "MiniProgramWebView", Title: "page emulated as a mini-program web-view",
			Help: "Inside a web-view the MIIT link cannot be followed unless it is a business domain.", Level: rules.LevelNote},
	}
}

const (
	demoPath     = "fixtures/demo/index.html"
	demoLoopback = "http://127.0.0.1:41234/demo/index.html"
	aboutURL     = "https://www.example.com:8443/about?x=1#top"
	snippet      = `<p class="beian"><a href="https://beian.miit.gov.cn/" target="_blank">京ICP备2021012345号-1</a></p>`
)

// sampleResult is two targets at two viewports: a local file (mobile and
// desktop), a URL target at mobile and the same URL failing at desktop.
// As the scanner does, pages and findings carry the target's Display URL,
// not the loopback URL a local file is served under. Pages and findings
// are out of order on purpose.
func sampleResult() *scanner.Result {
	demo := scanner.Target{URL: demoLoopback, Display: demoPath, Path: demoPath, Entry: true}
	about := scanner.Target{URL: aboutURL, Display: aboutURL, Entry: true}
	icp := rules.JudgedFiling{
		Filing: rules.Filing{Kind: rules.KindICP, Form: rules.FormICP, Number: "京ICP备2021012345号-1",
			Main: "京ICP备2021012345号", Province: "京", Digits: "2021012345", Site: "1"},
		Raw: "京ICP备 2021012345号－1", Selector: "footer > p > a", Primary: true, Valid: true, InFooter: true,
		CenterOffsetPx: -143.5, CenterTolerancePx: 8, Linked: true, Href: "https://beian.miit.gov.cn/",
		Visible: true, FontSize: 11, Contrast: 4.5,
	}
	psb := rules.JudgedFiling{
		Filing: rules.Filing{Kind: rules.KindPSB, Form: rules.FormPSB, Number: "京公网安备11010502030143号",
			Main: "京公网安备11010502030143号", Province: "京", Digits: "11010502030143"},
		Raw: "京公网安备 11010502030143号", Selector: "footer > p > a:nth-child(2)", Valid: true, InFooter: true,
		Centered: true, CenterTolerancePx: 8, Linked: true,
		Href: "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030144", Visible: true, FontSize: 12, Contrast: 4.5,
	}
	icpDesktop := icp
	icpDesktop.Centered, icpDesktop.CenterOffsetPx, icpDesktop.FontSize = true, 0.5, 12
	icpDesktop.Href = "http://beian.miit.gov.cn/"
	gd := rules.JudgedFiling{
		Filing: rules.Filing{Kind: rules.KindICP, Form: rules.FormICP, Number: "粤ICP备2023123456号",
			Main: "粤ICP备2023123456号", Province: "粤", Digits: "2023123456",
			Issues: []rules.Issue{{Rule: "ICP011", Level: rules.LevelWarning, Message: "spaces inside the number"}}},
		Raw: "粤ICP备 2023 123456号", Selector: "#copyright > span", Primary: true, Valid: true, InFooter: true,
		Centered: true, CenterOffsetPx: 2.25, CenterTolerancePx: 8, LinkProblem: rules.LinkNone, Visible: true, FontSize: 14, Contrast: 12.6,
	}
	finding := func(t scanner.Target, vp, rule string, lvl rules.Level, sel, num, msg, fix string, line int) scanner.Finding {
		return scanner.Finding{
			Finding: rules.Finding{Rule: rule, Level: lvl, Message: msg, URL: t.Display, Viewport: vp,
				Selector: sel, Snippet: snippet, Number: num, Fix: fix},
			Path: t.Path, Line: line,
		}
	}
	return &scanner.Result{
		Tool:        scanner.Tool{Name: "beiancheck", Version: "v1.2.3"},
		Browser:     "Chromium/156.0.8078.73",
		BrowserPath: "/usr/bin/chromium",
		Rules:       sampleRules(),
		Pages: []scanner.PageResult{
			{
				Target: about, URL: aboutURL, Viewport: "desktop", Status: scanner.StatusError,
				Error: "navigate https://www.example.com:8443/about?x=1#top: net::ERR_CONNECTION_REFUSED",
			},
			{
				Target: about, URL: aboutURL, FinalURL: "https://www.example.com:8443/about/?x=1", Viewport: "mobile",
				Status: scanner.StatusOK, HTTPStatus: 200, Filings: []rules.JudgedFiling{gd}, Judgement: judged(gd),
				Findings: []scanner.Finding{
					finding(about, "mobile", "ICP011", rules.LevelWarning, "#copyright > span", "粤ICP备2023123456号",
						"spaces inside the number; normalised: 粤ICP备2023123456号", "write the number as 粤ICP备2023123456号", 0),
					finding(about, "mobile", "ICP004", rules.LevelError, "#copyright > span", "粤ICP备2023123456号",
						`number "粤ICP备2023123456号" is not inside a link`, `wrap the number in <a href="https://beian.miit.gov.cn/">`, 0),
					finding(about, "mobile", "CTX001", rules.LevelNote, "", "",
						"emulated as a mini-program web-view: beian.miit.gov.cn opens only if it is a business domain", "", 0),
				},
			},
			{
				Target: demo, URL: demoPath, FinalURL: demoPath, Viewport: "desktop", Status: scanner.StatusOK,
				Filings: []rules.JudgedFiling{icpDesktop, psb}, Judgement: judged(icpDesktop, psb),
				Findings: []scanner.Finding{
					finding(demo, "desktop", "PSB001", rules.LevelWarning, "footer > p > a:nth-child(2)", "京公网安备11010502030143号",
						"link code 11010502030144 differs from the number shown", "link to the MPS query page with the same code", 43),
					finding(demo, "desktop", "ICP007", rules.LevelNote, "footer > p > a", "京ICP备2021012345号-1",
						"link uses http://beian.miit.gov.cn/; prefer https", "link to https://beian.miit.gov.cn/", 42),
				},
			},
			{
				Target: demo, URL: demoPath, FinalURL: demoPath, Viewport: "mobile", Status: scanner.StatusOK,
				Filings: []rules.JudgedFiling{icp, psb}, Judgement: judged(icp, psb),
				Findings: []scanner.Finding{
					finding(demo, "mobile", "ICP009", rules.LevelWarning, "footer > p > a", "京ICP备2021012345号-1",
						"font size 11 px is below 12 px", "use at least 12 px and a contrast of 3:1", 42),
					finding(demo, "mobile", "ICP003", rules.LevelError, "footer > p", "京ICP备2021012345号-1",
						"line centre is 143 px left of page centre; tolerance 8 px", "centre the line holding the number (text-align: center on its block)", 42),
					finding(demo, "mobile", "PSB001", rules.LevelWarning, "footer > p > a:nth-child(2)", "京公网安备11010502030143号",
						"link code 11010502030144 differs from the number shown", "link to the MPS query page with the same code", 43),
				},
			},
		},
	}
}

// judged is the judgement of a checked page whose first filing is the
// primary one, as the scanner attaches it (it decides compliant).
func judged(fs ...rules.JudgedFiling) *rules.Judgement {
	return &rules.Judgement{Filings: fs, Primary: 0}
}

// emptyResult is a run that checked nothing.
func emptyResult() *scanner.Result {
	return &scanner.Result{Tool: scanner.Tool{Name: "beiancheck", Version: "(devel)"}, Rules: sampleRules()}
}

// checkGolden compares got with testdata/name, or rewrites the file under
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (-want +got; go test -update rewrites it):\n%s", file, lineDiff(string(want), string(got)))
	}
}

// lineDiff is a small line diff (longest common subsequence) showing
// changed lines with two lines of context.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var ops []line
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, line{' ', x[i]})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, line{'-', x[i]})
			i++
		default:
			ops = append(ops, line{'+', y[j]})
			j++
		}
	}
	const context = 2
	var out strings.Builder
	last := -1
	for k, op := range ops {
		near := false
		for d := max(0, k-context); d <= min(len(ops)-1, k+context); d++ {
			if ops[d].op != ' ' {
				near = true
				break
			}
		}
		if !near {
			continue
		}
		if last >= 0 && k > last+1 {
			out.WriteString("...\n")
		}
		last = k
		out.WriteByte(op.op)
		out.WriteString(" " + op.text + "\n")
	}
	return out.String()
}

// failingWriter accepts n bytes, then fails.
type failingWriter struct{ n int }

var errWriterFull = errors.New("writer full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	n := w.n
	w.n = 0
	return n, errWriterFull
}
