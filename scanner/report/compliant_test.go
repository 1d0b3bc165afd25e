package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// notCompliantResult is one checked page whose number is not linked while
// ICP004 was lowered to a warning: no error-level finding, yet not
// compliant.
func notCompliantResult() *scanner.Result {
	f := rules.JudgedFiling{
		Filing:  rules.Filing{Kind: rules.KindICP, Form: rules.FormICP, Number: "京ICP备2021012345号-1", Main: "京ICP备2021012345号"},
		Primary: true, Valid: true, InFooter: true, Centered: true, Visible: true, LinkProblem: rules.LinkNone,
	}
	t := scanner.Target{URL: "https://example.com/", Display: "https://example.com/", Entry: true}
	return &scanner.Result{
		Tool: scanner.Tool{Name: "beiancheck", Version: "v1.2.3"}, Rules: sampleRules(),
		Pages: []scanner.PageResult{{
			Target: t, URL: t.Display, FinalURL: t.Display, Viewport: "desktop", Status: scanner.StatusOK,
			Filings: []rules.JudgedFiling{f}, Judgement: judged(f),
			Findings: []scanner.Finding{{Finding: rules.Finding{Rule: "ICP004", Level: rules.LevelWarning,
				Message: "京ICP备2021012345号-1 is not linked at desktop", URL: t.Display, Viewport: "desktop"}}},
		}},
	}
}

// TestNotCompliantWithoutErrors: a page that is not compliant fails in
// every report, although no finding is at error level.
func TestNotCompliantWithoutErrors(t *testing.T) {
	r := notCompliantResult()
	s := readJUnit(t, writeJUnit(t, r))
	if s.Failures != 1 || len(s.Suites[0].Cases) != 1 {
		t.Fatalf("failures = %d, want 1 failing test case", s.Failures)
	}
	c := s.Suites[0].Cases[0]
	if len(c.Failures) != 1 || c.Failures[0].Type != "NotCompliant" || !strings.Contains(c.Failures[0].Message, "not linked to beian.miit.gov.cn") {
		t.Errorf("failures %+v, want one NotCompliant failure saying the number is not linked", c.Failures)
	}
	var buf bytes.Buffer
	if err := WriteSummary(&buf, r); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "1 page-viewport: 0 compliant, 1 not compliant, 0 not checked") || !strings.Contains(out, "FAIL") {
		t.Errorf("summary does not count the page as not compliant:\n%s", out)
	}
	buf.Reset()
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, `"compliant": false`) || !strings.Contains(out, `"not_compliant": 1`) {
		t.Errorf("JSON report calls the page compliant:\n%s", out)
	}
	if md := markdownVerdict(r); !strings.HasPrefix(md, "❌ 1 of 1 page-viewport fail: 1 not compliant") {
		t.Errorf("Markdown verdict %q", md)
	}
	if v := htmlVerdictOf(r.Summary()); v.Class != "fail" {
		t.Errorf("HTML verdict %+v, want fail", v)
	}
}
