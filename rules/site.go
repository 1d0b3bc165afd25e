package rules

// The site-consistency rule (ICP014): one main number across the pages
// and viewports of a site, and the expected one when given. Checked on
// each page (a second number) and across a site (CheckSite).

var icp014 = &Rule{
	ID:    "ICP014",
	Name:  "FilingNumberConsistent",
	Title: "different main numbers across pages or viewports, or not the expected number",
	Level: LevelWarning,
	Fix:   "Show one filing number across the site (the one the filing system lists for this domain).",
	Help: `A site shows one main filing number on every page and at every screen width. A second number
on the page, a mobile footer with another number, or a number that differs from ` + "`--expect`" + ` (an
error then) usually means a copied template.`,
	Check: func(p *Pass) {
		f := p.primary()
		if f == nil {
			return
		}
		if exp := p.Options.Expect; exp != "" && !sameNumber(f.Filing, exp) {
			p.ReportLevelf(LevelError, subject(f), "%s differs from the expected number %s at %s", f.Number, exp, p.Page.Viewport.Name)
		}
		seen := map[string]bool{f.Main: true}
		for i := range p.Judged.Filings {
			o := &p.Judged.Filings[i]
			if o.Kind != KindICP || !o.Valid || seen[o.Main] {
				continue
			}
			seen[o.Main] = true
			p.Reportf(subject(o), "the page also shows %s, a different main number from its primary %s", o.Number, f.Number)
		}
	},
}

// sameNumber compares a number with an expected one: the whole number when
// the expectation carries a site suffix, else the main number.
func sameNumber(f Filing, expect string) bool {
	e, ok := ParseFiling(expect, 9999)
	if !ok {
		return f.Number == expect
	}
	if e.Site != "" {
		return f.Number == e.Number
	}
	return f.Main == e.Main
}

// SiteFinding is an ICP014 finding for one page of a site.
type SiteFinding struct {
	Index   int // index into the pages given to CheckSite
	Finding Finding
}

// CheckSite compares the primary numbers of the page-viewports of one
// site (named site in the message: an origin, or the local directory
// given): those whose main number differs from the most common one get an
// ICP014 finding. With an expected number the per-page check already
// reports differences, so CheckSite reports nothing.
func CheckSite(site string, pages []*Page, judged []*Judgement, o *Options) []SiteFinding {
	if o.Expect != "" {
		return nil
	}
	count := map[string]int{}
	for _, j := range judged {
		if f := j.PrimaryFiling(); f != nil && f.Kind == KindICP {
			count[f.Main]++
		}
	}
	common := ""
	for m, n := range count {
		if n > count[common] || (n == count[common] && m < common) {
			common = m
		}
	}
	if len(count) < 2 {
		return nil
	}
	r := Lookup("ICP014")
	var out []SiteFinding
	for i, j := range judged {
		f := j.PrimaryFiling()
		if f == nil || f.Kind != KindICP || f.Main == common {
			continue
		}
		var fs []Finding
		pass := &Pass{Rule: r, Page: pages[i], Options: o, Judged: j, findings: &fs}
		pass.Reportf(subject(f), "%s differs from %s, the main number of %d other page-viewports of the site %s", f.Number, common, count[common], site)
		for _, x := range fs {
			out = append(out, SiteFinding{Index: i, Finding: x})
		}
	}
	return out
}
