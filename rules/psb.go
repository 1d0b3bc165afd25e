package rules

import "fmt"

var psb001 = &Rule{
	ID:    "PSB001",
	Name:  "PublicSecurityNumberLink",
	Title: "公网安备 link wrong, legacy, missing or with another code",
	Level: LevelWarning,
	Fix:   "Link the 公网安备 number to https://beian.mps.gov.cn/#/query/webSearch?code=<its 14 digits>.",
	Help: `The public-security filing number (公网安备) links to the MPS system with its own 14 digits. The old
www.beian.gov.cn portal was reported unreachable in 2025; a link to the portal home, a code that differs
from the number shown, or no link are warnings; a link to the MIIT (ICP) system is an error.

` + "```html" + `
<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143" target="_blank">
  <img src="/beian-police.png" alt="" width="14" height="14"> 京公网安备11010502030143号</a>
` + "```",
	Check: func(p *Pass) {
		for i := range p.Judged.Filings {
			f := &p.Judged.Filings[i]
			if f.Kind != KindPSB {
				continue
			}
			v := f.psb
			if v.Problem == "" {
				continue
			}
			level := p.Rule.Level
			if v.ToMIIT {
				level = LevelError
			}
			p.ReportLevelf(level, subject(f), "%s at %s: %s", f.Number, p.Page.Viewport.Name, v.Problem)
		}
	},
}

var psb002 = &Rule{
	ID:    "PSB002",
	Name:  "PublicSecurityNumberFormat",
	Title: "公网安备 number malformed",
	Level: LevelWarning,
	Fix:   "Copy the 公网安备 number exactly as issued: province, 公网安备, 14 digits, 号.",
	Help:  `A 公网安备 number has 14 digits whose first two name the province (京 11, 沪 31, 粤 44 …).`,
	Check: func(p *Pass) {
		for i := range p.Judged.Filings {
			f := &p.Judged.Filings[i]
			if f.Kind != KindPSB {
				continue
			}
			for _, is := range f.Issues {
				if is.Rule == "PSB002" {
					p.Reportf(subject(f), "%s: %s", f.Number, is.Message)
				}
			}
		}
	},
}

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
