package rules

import "slices"

// All returns the rule catalogue in DOMAIN §5 order (ICP, PSB, CTX, each
// by number). Each call returns fresh
// values, so a caller may change levels on its copy.
func All() []*Rule {
	rs := []*Rule{
		icp001, icp002, icp003, icp004, icp005, icp006, icp007, icp008,
		icp009, icp010, icp011, icp012, icp013, icp014,
		psb001, psb002, ctx001,
	}
	out := make([]*Rule, len(rs))
	for i, r := range rs {
		c := *r
		out[i] = &c
	}
	return out
}

// Lookup returns the rule with the given ID, or nil.
func Lookup(id string) *Rule {
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Check runs every rule on one page and returns its judgement and
// findings, in rule order.
func Check(p *Page, o *Options) (*Judgement, []Finding) {
	j := Judge(p, o)
	var out []Finding
	for _, r := range All() {
		if r.Check == nil {
			continue
		}
		pass := &Pass{Rule: r, Page: p, Options: o, Judged: j, findings: &out}
		r.Check(pass)
	}
	return j, out
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
