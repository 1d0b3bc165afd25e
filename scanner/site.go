package scanner

import "github.com/beiancheck/beiancheck/rules"

// pageGroup is checked page-viewports of a result handed to a check across
// pages, with their indexes in res.Pages to attach its findings.
type pageGroup struct {
	pages  []*rules.Page
	judged []*rules.Judgement
	idx    []int
}

func (g *pageGroup) add(res *Result, i int) {
	g.pages = append(g.pages, res.Pages[i].Page)
	g.judged = append(g.judged, res.Pages[i].Judgement)
	g.idx = append(g.idx, i)
}

func (g *pageGroup) attach(res *Result, fs []rules.SiteFinding) {
	for _, sf := range fs {
		p := &res.Pages[g.idx[sf.Index]]
		p.Findings = append(p.Findings, Finding{Finding: sf.Finding})
	}
}

// checked reports whether a page-viewport was measured and judged.
func checked(p *PageResult) bool { return p.Status.Checked() && p.Page != nil }

// checkSite adds ICP014 findings where a page-viewport's main number
// differs from the most common one of its site (Target.Site). Pages held
// to an expected number are left out: the per-page check compared them
// with it already.
func (o *Options) checkSite(res *Result) {
	sites := map[string]*pageGroup{}
	var order []string
	for i := range res.Pages {
		p := &res.Pages[i]
		if !checked(p) || o.expectFor(p.Target) != "" {
			continue
		}
		g := sites[p.Target.Site]
		if g == nil {
			g = &pageGroup{}
			sites[p.Target.Site] = g
			order = append(order, p.Target.Site)
		}
		g.add(res, i)
	}
	for _, site := range order {
		g := sites[site]
		g.attach(res, rules.CheckSite(site, g.pages, g.judged, &o.Rules))
	}
}

// checkRun adds the run-wide findings (CTX001 once per run); res.Pages
// must be in report order.
func checkRun(res *Result, o *rules.Options) {
	var g pageGroup
	for i := range res.Pages {
		if checked(&res.Pages[i]) {
			g.add(res, i)
		}
	}
	g.attach(res, rules.CheckRun(g.pages, g.judged, o))
}
