package rules

import "fmt"

// The web-view rule (CTX001): a page emulated as a WeChat mini-program
// web-view, where the MIIT link does not open. It is judged once per run
// (CheckRun), not per page.

var ctx001 = &Rule{
	ID:    "CTX001",
	Name:  "MiniProgramWebView",
	Title: "in a mini-program web-view the MIIT link cannot be followed unless it is a business domain",
	Level: LevelNote,
	Fix:   "Nothing to change on the page; keep the link (the law asks for it) and expect it not to open inside WeChat.",
	Help: `This viewport emulates a WeChat mini-program ` + "`<web-view>`" + `. There a link only navigates to the
mini-program's business domains (业务域名), so a tap on the MIIT link does nothing; the law still asks for
the link, and the page outside WeChat needs it. The note holds for every such page alike, so it is
reported once per run: on the first page-viewport (in URL order) emulated as a web-view whose primary
number links to MIIT, with the count of the others.`,
	// CheckRun reports it, once per run.
}

// CheckRun runs the run-wide rules over the page-viewports of a run, given
// in the order of the report (URL, then viewport): CTX001 once, on the
// first page-viewport emulated as a mini-program web-view whose primary
// number links to MIIT.
func CheckRun(pages []*Page, judged []*Judgement, o *Options) []SiteFinding {
	first, n := -1, 0
	for i, j := range judged {
		f := j.PrimaryFiling()
		if f == nil || !pages[i].Viewport.MiniProgram || !f.Linked {
			continue
		}
		if first < 0 {
			first = i
		}
		n++
	}
	if first < 0 {
		return nil
	}
	f := judged[first].PrimaryFiling()
	var fs []Finding
	pass := &Pass{Rule: Lookup("CTX001"), Page: pages[first], Options: o, Judged: judged[first], findings: &fs}
	msg := "%s links to %s, which a mini-program web-view does not open unless it is a business domain"
	if n > 1 {
		others := "1 other page-viewport"
		if n > 2 {
			others = fmt.Sprintf("%d other page-viewports", n-1)
		}
		msg += "; the same holds for the " + others + " of this run emulated as a web-view (reported once per run)"
	}
	pass.Reportf(subject(f), msg, f.Number, f.Href)
	out := make([]SiteFinding, 0, len(fs))
	for _, x := range fs {
		out = append(out, SiteFinding{Index: first, Finding: x})
	}
	return out
}
