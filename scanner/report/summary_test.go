package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// manyPages is a run of n URLs at desktop: every tenth page fails ICP003
// (its number is off centre), the rest comply.
func manyPages(n int) *scanner.Result {
	r := &scanner.Result{Tool: scanner.Tool{Name: "beiancheck", Version: "v1.2.3"}, Rules: sampleRules()}
	good := rules.JudgedFiling{
		Filing:  rules.Filing{Kind: rules.KindICP, Form: rules.FormICP, Number: "京ICP备2021012345号-1", Main: "京ICP备2021012345号"},
		Primary: true, Valid: true, InFooter: true, Centered: true, Linked: true, Visible: true,
	}
	for i := range n {
		u := fmt.Sprintf("https://example.com/p%04d", i)
		f := good
		f.Centered = i%10 != 0
		p := scanner.PageResult{Target: scanner.Target{URL: u, Display: u}, URL: u, FinalURL: u, Viewport: "desktop",
			Status: scanner.StatusOK, Findings: []scanner.Finding{}, Judgement: judged(f)}
		if i%10 == 0 {
			p.Findings = append(p.Findings, scanner.Finding{Finding: rules.Finding{Rule: "ICP003", Level: rules.LevelError,
				Message: "line centre is 40 px left of page centre; tolerance 8 px", URL: u, Viewport: "desktop", Selector: "footer > p"}})
		}
		r.Pages = append(r.Pages, p)
	}
	return r
}

func summaryOf(t *testing.T, r *scanner.Result, o SummaryOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSummaryWith(&buf, r, o); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// tableRows counts the rows of the summary's page table.
func tableRows(out string) int {
	n := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "https://example.com/p") || strings.HasPrefix(l, "fixtures/") || strings.HasPrefix(l, "https://www.example.com") {
			n++
		}
	}
	return n
}

func TestSummaryRows(t *testing.T) {
	const hint = "; --summary all to list every one\n"
	for _, c := range []struct {
		name  string
		pages int
		rows  SummaryRows
		want  int    // table rows
		line  string // the "showing" line, "" for none
	}{
		{"auto, small run", 50, "", 50, ""},
		{"auto, large run", 51, SummaryAuto, 6, "showing 6 failing of 51 page-viewports" + hint},
		{"all", 400, SummaryAll, 400, ""},
		{"failures", 20, SummaryFailures, 2, "showing 2 failing of 20 page-viewports" + hint},
		{"none", 20, SummaryNone, 0, "showing none of 20 page-viewports" + hint},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := summaryOf(t, manyPages(c.pages), SummaryOptions{Rows: c.rows})
			if got := tableRows(out); got != c.want {
				t.Errorf("%d table rows, want %d:\n%s", got, c.want, out)
			}
			if got := strings.Contains(out, "showing "); got != (c.line != "") || c.line != "" && !strings.Contains(out, c.line) {
				t.Errorf("want the line %q:\n%s", c.line, out)
			}
			// Finding lines follow the rows: none for compliant pages
			// left out, all of the failing ones.
			lines := strings.Count(out, "ICP003  error")
			if want := (c.pages + 9) / 10; c.rows == SummaryNone && lines != 0 || c.rows != SummaryNone && lines != want {
				t.Errorf("%d ICP003 lines:\n%s", lines, out)
			}
			if c.rows == SummaryNone && strings.Contains(out, "URL  ") {
				t.Errorf("--summary none printed the table:\n%s", out)
			}
			totals := fmt.Sprintf("%d page-viewports: %d compliant, %d not compliant, 0 not checked;", c.pages, c.pages-(c.pages+9)/10, (c.pages+9)/10)
			if !strings.Contains(out, totals) {
				t.Errorf("totals %q missing:\n%s", totals, out)
			}
		})
	}
	// A page that could not be checked is a failure: failures lists it.
	out := summaryOf(t, sampleResult(), SummaryOptions{Rows: SummaryFailures})
	if tableRows(out) != 3 || !strings.Contains(out, "ERR_CONNECTION_REFUSED") || !strings.Contains(out, "showing 3 failing of 4 page-viewports") {
		t.Errorf("failures on the sample:\n%s", out)
	}
	for _, s := range []string{"all", "failures", "none", "auto"} {
		if v, err := ParseSummaryRows(s); err != nil || string(v) != s {
			t.Errorf("ParseSummaryRows(%q) = %q, %v", s, v, err)
		}
	}
	for _, s := range []string{"", "All", "fail", "errors"} {
		if _, err := ParseSummaryRows(s); err == nil {
			t.Errorf("ParseSummaryRows(%q) accepted", s)
		}
	}
}

// cancelled is the sample with 1,000 more URLs at two viewports that a
// cancelled run never started.
func cancelled() *scanner.Result {
	r := sampleResult()
	for i := range 1000 {
		u := fmt.Sprintf("https://example.com/q%04d", i)
		for _, vp := range []string{"mobile", "desktop"} {
			r.Pages = append(r.Pages, scanner.PageResult{Target: scanner.Target{URL: u, Display: u}, URL: u, FinalURL: u,
				Viewport: vp, Status: scanner.StatusError, Error: scanner.NotScannedReason,
				Filings: []rules.JudgedFiling{}, Findings: []scanner.Finding{}})
		}
	}
	return r
}

func TestSummaryNotScanned(t *testing.T) {
	const line = "2000 page-viewports not scanned: run cancelled"
	out := summaryOf(t, cancelled(), SummaryOptions{Rows: SummaryAll})
	if n := strings.Count(out, "not scanned"); n != 1 || !strings.Contains(out, line+"\n") {
		t.Errorf("%d mentions of not scanned, want the one line %q:\n%s", n, line, out)
	}
	if strings.Contains(out, "example.com/q") || strings.Contains(out, "showing") {
		t.Errorf("pages not scanned are listed:\n%s", out)
	}
	// They are not a pass.
	if !strings.HasSuffix(out, "2004 page-viewports: 1 compliant, 2 not compliant, 2001 not checked; 2 errors, 4 warnings, 2 notes\n") {
		t.Errorf("totals:\n%s", out)
	}

	var md bytes.Buffer
	if err := WriteMarkdown(&md, cancelled()); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(md.String(), "not scanned"); n != 1 || !strings.Contains(md.String(), line) || strings.Contains(md.String(), "example.com/q") {
		t.Errorf("Markdown: %d mentions of not scanned, want one line %q:\n%s", n, line, md.String())
	}
	// The JSON report still lists each one.
	var js bytes.Buffer
	if err := WriteJSON(&js, cancelled()); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(js.String(), `"error": "not scanned: run cancelled"`); n != 2000 {
		t.Errorf("the JSON report lists %d page-viewports not scanned, want 2000", n)
	}
}

func TestSummaryBaselineGolden(t *testing.T) {
	checkGolden(t, "summary-baseline.txt.golden", []byte(summaryOf(t, baselineSample(), SummaryOptions{})))
	var md bytes.Buffer
	if err := WriteMarkdown(&md, baselineSample()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "summary-baseline.md.golden", md.Bytes())
}

func TestSummaryBaseline(t *testing.T) {
	out := summaryOf(t, baselineSample(), SummaryOptions{Rows: SummaryNone})
	for _, want := range []string{
		"compared with the baseline: 3 new, 5 unchanged, 1 fixed\n",
		"new    ICP003  error  mobile   fixtures/demo/index.html:42 footer > p: line centre is 143 px left of page centre; tolerance 8 px\n",
		"new    ICP007  note   desktop  fixtures/demo/index.html:42 footer > p > a: link uses http://beian.miit.gov.cn/; prefer https\n",
		"new    ICP004  error  mobile   https://www.example.com:8443/about?x=1#top #copyright > span: number \"粤ICP备2023123456号\" is not inside a link\n",
		"fixed  ICP004  error  mobile   fixtures/demo/index.html:42 footer > p: number \"京ICP备2021012345号-1\" is not inside a link\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "unchanged  ") {
		t.Errorf("unchanged findings are listed:\n%s", out)
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, baselineSample()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Compared with the baseline: 3 new, 5 unchanged, 1 fixed.",
		"### New since the baseline\n\n- error **ICP003** (mobile) fixtures/demo/index.html:42 footer &gt; p: line centre is 143 px left",
		"- note **ICP007** (desktop) fixtures/demo/index.html:42",
		"### Fixed since the baseline\n\n- error **ICP004** (mobile) fixtures/demo/index.html:42 footer &gt; p: number \"京ICP备2021012345号-1\" is not inside a link",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}

	// Long lists are cut with a count of the rest.
	r := manyPages(300)
	for i := range r.Pages {
		p := &r.Pages[i]
		for k := range p.Findings {
			p.Findings[k].Baseline = scanner.BaselineNew
		}
		if i%25 == 1 {
			p.Fixed = []scanner.Finding{{Finding: rules.Finding{Rule: "ICP004", Level: rules.LevelError, Message: "not linked",
				URL: p.URL, Viewport: p.Viewport}, Baseline: scanner.BaselineAbsent}}
		}
	}
	out = summaryOf(t, r, SummaryOptions{})
	if n, m := strings.Count(out, "\nnew "), strings.Count(out, "\nfixed "); n != 10 || m != 10 {
		t.Errorf("%d new and %d fixed lines, want 10 of each:\n%s", n, m, out)
	}
	if !strings.Contains(out, "… 20 more new and 2 more fixed (see the JSON report)\n") {
		t.Errorf("no count of the rest:\n%s", out)
	}
	md.Reset()
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(md.String(), "- error **ICP003**"); n != 30 {
		t.Errorf("%d new ICP003 findings in Markdown, want 30:\n%s", n, md.String())
	}
	r = manyPages(700) // 70 new findings: 50 listed
	for i := range r.Pages {
		for k := range r.Pages[i].Findings {
			r.Pages[i].Findings[k].Baseline = scanner.BaselineNew
		}
	}
	md.Reset()
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	newPart, _, _ := strings.Cut(md.String()[strings.Index(md.String(), "### New since the baseline"):], "### Rules")
	if n := strings.Count(newPart, "\n- error "); n != mdBaselineMax || !strings.Contains(newPart, "… 20 more new findings in the JSON report") {
		t.Errorf("%d new findings listed, want %d and a count of the rest:\n%s", n, mdBaselineMax, newPart)
	}
}

func TestSummaryScreenshotsNotWritten(t *testing.T) {
	r := sampleResult()
	const cause = "write screenshot: mkdir /proc/x: no such file or directory"
	r.Pages[3].Evidence.Error = cause // the first in (URL, viewport) order
	r.Pages[1].Evidence.Error = "write screenshot: another"
	want := "screenshots of 2 page-viewports could not be written: " + cause
	if got := ScreenshotWarning(r); got != want {
		t.Errorf("ScreenshotWarning = %q, want %q", got, want)
	}
	if got := ScreenshotWarning(sampleResult()); got != "" {
		t.Errorf("ScreenshotWarning of a run with its screenshots = %q", got)
	}
	if out := summaryOf(t, r, SummaryOptions{}); strings.Count(out, "could not be written") != 1 || !strings.Contains(out, want+"\n") {
		t.Errorf("summary lacks %q once:\n%s", want, out)
	}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), mdText(want)) {
		t.Errorf("Markdown lacks %q:\n%s", mdText(want), md.String())
	}
	if out := writeHTML(t, r, HTMLOptions{}); !strings.Contains(out, `<p class="v-skipped" data-testid="screenshots">`+want+`</p>`) {
		t.Errorf("HTML lacks %q", want)
	}
}
