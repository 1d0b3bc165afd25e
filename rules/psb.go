package rules

import "iter"

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
		for f := range displayedPSB(p) {
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
		for f := range displayedPSB(p) {
			for _, is := range f.Issues {
				if is.Rule == "PSB002" {
					p.Reportf(subject(f), "%s: %s", f.Number, is.Message)
				}
			}
		}
	},
}

// displayedPSB yields the page's 公网安备 numbers that a reader sees. The PSB
// rules judge the number shown: a copy the page does not display (a
// display:none legacy footer, a transparent placeholder filled later, a
// mobile-only block at desktop) is listed in the report with its cause but
// draws no link or format warning, as nobody can follow or misread it.
func displayedPSB(p *Pass) iter.Seq[*JudgedFiling] {
	return func(yield func(*JudgedFiling) bool) {
		for i := range p.Judged.Filings {
			f := &p.Judged.Filings[i]
			if f.Kind == KindPSB && f.Visible && !yield(f) {
				return
			}
		}
	}
}
