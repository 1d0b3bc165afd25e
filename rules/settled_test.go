package rules

import "testing"

// TestJudgementSettled checks the decision an engine measures a page
// again on: only a valid, visible number in the footer region settles it.
func TestJudgementSettled(t *testing.T) {
	const num = "京ICP备2021012345号-1"
	mod := func(raw string, f func(c *TextCandidate)) TextCandidate {
		c := footerNumber(raw)
		f(&c)
		return c
	}
	tests := []struct {
		name string
		page *Page
		want bool
	}{
		{name: "compliant footer", page: mobilePage(footerNumber(num)), want: true},
		{name: "unlinked but in the footer, visible and valid", page: mobilePage(mod(num, func(c *TextCandidate) { c.Link = Link{} })), want: true},
		{name: "no number yet", page: mobilePage(), want: false},
		{name: "only a 公网安备 number", page: mobilePage(footerNumber("京公网安备11010502030143号")), want: false},
		{name: "hidden (faded out until scrolled to)", page: mobilePage(mod(num, func(c *TextCandidate) { c.Hidden = "opacity:0" })), want: false},
		{name: "content below it", page: mobilePage(mod(num, func(c *TextCandidate) { c.Footer.ContentBelow = "main > p" })), want: false},
		{name: "a placeholder that is not a valid number", page: mobilePage(footerNumber("京ICP备12345678号-1")), want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Judge(tt.page, testOptions()).Settled(); got != tt.want {
				t.Errorf("Settled() = %v, want %v", got, tt.want)
			}
		})
	}
}
