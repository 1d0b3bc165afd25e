package rules

import "slices"

// Check runs every rule on one page and returns its judgement and
// findings, in rule order.
func Check(p *Page, o *Options) (*Judgement, []Finding) {
	j := Judge(p, o)
	return j, CheckJudged(p, j, o)
}

// CheckJudged runs every rule on a page already judged with o (Judge),
// and returns the findings in rule order.
func CheckJudged(p *Page, j *Judgement, o *Options) []Finding {
	var out []Finding
	for _, r := range All() {
		if r.Check == nil {
			continue
		}
		pass := &Pass{Rule: r, Page: p, Options: o, Judged: j, findings: &out}
		r.Check(pass)
	}
	return out
}

// subject names a judged number in a finding.
func subject(f *JudgedFiling) Subject {
	return Subject{Selector: f.Selector, Snippet: f.Snippet, Number: f.Number}
}

// primary returns the page's primary number when it is the subject of the
// layout and link rules, else nil.
func (p *Pass) primary() *JudgedFiling { return p.Judged.PrimaryFiling() }

// hasTextNumber reports whether the page's text holds an ICP filing or
// licence number (hidden or not).
func (j *Judgement) hasTextNumber() bool {
	return slices.ContainsFunc(j.Filings, func(f JudgedFiling) bool { return f.Kind != KindPSB })
}
