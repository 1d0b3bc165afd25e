package report

import (
	"bytes"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

func baselinePage(url, viewport string, status scanner.Status, fs ...scanner.Finding) scanner.PageResult {
	return scanner.PageResult{URL: url, FinalURL: url, Viewport: viewport, Status: status, Findings: fs, Filings: []rules.JudgedFiling{}}
}

func finding(rule, number, selector string, level rules.Level) scanner.Finding {
	return scanner.Finding{Finding: rules.Finding{Rule: rule, Number: number, Selector: selector, Level: level, Message: rule + " message"}}
}

func TestApplyBaseline(t *testing.T) {
	const n = "京ICP备2021012345号-1"
	before := &scanner.Result{Pages: []scanner.PageResult{
		baselinePage("https://Example.com:443/a#x", "mobile", scanner.StatusOK,
			finding("ICP003", n, "footer > p", rules.LevelError),
			finding("ICP004", n, "footer > p", rules.LevelError)),
		baselinePage("https://example.com/b", "desktop", scanner.StatusOK, finding("ICP009", n, "footer", rules.LevelWarning)),
		baselinePage("https://example.com/gone", "mobile", scanner.StatusOK, finding("ICP001", "", "body", rules.LevelError)),
	}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, before); err != nil {
		t.Fatal(err)
	}
	base, err := ReadBaseline(&buf, "before.json")
	if err != nil {
		t.Fatal(err)
	}
	after := &scanner.Result{Pages: []scanner.PageResult{
		// ICP003 unchanged although the selector moved; ICP004 fixed; a new ICP009.
		baselinePage("https://example.com/a", "mobile", scanner.StatusOK,
			finding("ICP003", n, "footer.new > p", rules.LevelError),
			finding("ICP009", n, "footer.new > p", rules.LevelWarning)),
		// The same finding at another viewport is new.
		baselinePage("https://example.com/b", "mobile", scanner.StatusOK, finding("ICP009", n, "footer", rules.LevelWarning)),
		baselinePage("https://example.com/b", "desktop", scanner.StatusOK),
		// A page that failed says nothing about its old findings.
		baselinePage("https://example.com/gone", "mobile", scanner.StatusError),
	}}
	after.ApplyBaseline(base)
	states := func(fs []scanner.Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Rule+":"+f.Baseline)
		}
		return out
	}
	want := [][2][]string{
		{{"ICP003:unchanged", "ICP009:new"}, {"ICP004:absent"}},
		{{"ICP009:new"}, nil},
		{nil, {"ICP009:absent"}},
		{nil, nil},
	}
	for i, p := range after.Pages {
		if got := states(p.Findings); !equal(got, want[i][0]) {
			t.Errorf("page %d findings %v, want %v", i, got, want[i][0])
		}
		if got := states(p.Fixed); !equal(got, want[i][1]) {
			t.Errorf("page %d fixed %v, want %v", i, got, want[i][1])
		}
	}
	if c := CountBaseline(after); c != (BaselineCounts{New: 2, Unchanged: 1, Absent: 2}) {
		t.Errorf("counts %+v", c)
	}
	if got := after.MaxLevel(true); got != rules.LevelWarning {
		t.Errorf("MaxLevel(new only) = %q, want warning (the only new findings are ICP009)", got)
	}
	if got := after.MaxLevel(false); got != rules.LevelError {
		t.Errorf("MaxLevel = %q, want error", got)
	}
	if s := after.Summary(); s.Errors != 1 || s.Warnings != 2 {
		t.Errorf("summary %+v: fixed findings must not count", s)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
