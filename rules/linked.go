package rules

import "strings"

const linkHelpExample = "```html\n<a href=\"https://beian.miit.gov.cn/\" target=\"_blank\" rel=\"noopener\">京ICP备2021012345号-1</a>\n```"

var icp004 = &Rule{
	ID:    "ICP004",
	Name:  "FilingNumberLinked",
	Title: "number not linked to the MIIT filing system",
	Level: LevelError,
	Fix:   `Wrap the number in <a href="https://beian.miit.gov.cn/">.`,
	Help: `The number must link to the MIIT filing system so the public can check it; a missing link alone
draws a fine of 5,000–10,000 RMB (Art. 25). An ` + "`href=\"#\"`" + `, a ` + "`javascript:`" + ` URL or an onclick
` + "`window.open`" + ` with no href is not a link: crawlers, screen readers and the regulator's checks see none.
A licence number (ICP证, B2-) shown alone is held to this at warning level.

` + linkHelpExample,
	Check: func(p *Pass) {
		f := p.primary()
		if f == nil {
			return
		}
		l := f.linkPart
		var why string
		switch f.LinkProblem {
		case LinkNone:
			why = "it is not inside an <a href>"
			if f.split() {
				why = "its part " + quote(l.Text) + " is not inside an <a href>; the whole number must link to " + MIITHost
			}
		case LinkDead:
			why = "its link " + quote(l.RawHref) + " goes nowhere"
		case LinkOnClick:
			why = "only an onclick handler opens a page (" + clip(l.OnClick, 80) + "); there is no href"
		case LinkBlocked:
			why = "its link to " + MIITHost + " cannot be clicked: " + l.Blocked
		default:
			return
		}
		if f.split() && f.LinkProblem != LinkNone {
			why = "its part " + quote(l.Text) + ": " + why
		}
		level := p.Rule.Level
		if f.Kind == KindLicence {
			level = LevelWarning
		}
		p.ReportLevelf(level, subject(f), "%s is not linked at %s: %s", f.Number, p.Page.Viewport.Name, why)
	},
}

var icp005 = &Rule{
	ID:    "ICP005",
	Name:  "FilingNumberLinkHost",
	Title: "linked to a host other than beian.miit.gov.cn",
	Level: LevelError,
	Fix:   "Point the link at https://beian.miit.gov.cn/ (the police system's www.beian.gov.cn / beian.mps.gov.cn is for the 公网安备 number only).",
	Help: `Only ` + "`beian.miit.gov.cn`" + ` counts. Linking the ICP number to the public-security system
(www.beian.gov.cn, beian.mps.gov.cn) is a common, reported mistake; third-party lookups and look-alike hosts
such as ` + "`beian.miit.gov.cn.example.com`" + ` do not count either.

` + linkHelpExample,
	Check: func(p *Pass) {
		f := p.primary()
		// A licence need not link to MIIT: sites link it to a picture of
		// the licence (DOMAIN §2).
		if f == nil || f.Kind == KindLicence || (f.LinkProblem != LinkOther && f.LinkProblem != LinkPolice) {
			return
		}
		// Another host is named alone (a local server's port stays out of
		// reports); MIIT's own host on another port is named with it.
		what, where := "another host", f.link.Host
		switch {
		case f.LinkProblem == LinkPolice:
			what = "the public-security (公安) filing system"
		case f.link.Host == MIITHost:
			what, where = "a port the filing system does not serve", f.link.Host+":"+f.link.Port
		case schemeless(f.linkPart.RawHref):
			// href="beian.miit.gov.cn": a path on the page's own site.
			what = "the href " + quote(strings.TrimSpace(f.linkPart.RawHref)) + " has no https://, so it is a path on this site"
		}
		if f.split() {
			p.Reportf(subject(f), "%s runs through several links at %s: its part %s links to %s (%s), not %s; every part must link there",
				f.Number, p.Page.Viewport.Name, quote(f.linkPart.Text), where, what, MIITHost)
			return
		}
		p.Reportf(subject(f), "%s links to %s (%s) at %s, not %s", f.Number, where, what, p.Page.Viewport.Name, MIITHost)
	},
}

var icp006 = &Rule{
	ID:    "ICP006",
	Name:  "FilingNumberLinkRetired",
	Title: "linked to a retired MIIT host",
	Level: LevelError,
	Fix:   "Replace the retired host with https://beian.miit.gov.cn/.",
	Help: `www.miitbeian.gov.cn was retired in 2019 and www.beian.miit.gov.cn stopped answering around 2020;
old templates still carry them, and the link then goes nowhere.

` + linkHelpExample,
	Check: func(p *Pass) {
		f := p.primary()
		if f == nil || f.Kind == KindLicence || f.LinkProblem != LinkRetired {
			return
		}
		part := ""
		if f.split() {
			part = " (its part " + quote(f.linkPart.Text) + ")"
		}
		p.Reportf(subject(f), "%s%s links to the retired host %s at %s; use https://%s/", f.Number, part, f.link.Host, p.Page.Viewport.Name, MIITHost)
	},
}

var icp007 = &Rule{
	ID:    "ICP007",
	Name:  "FilingNumberLinkHTTPS",
	Title: "link uses http instead of https",
	Level: LevelNote,
	Fix:   "Use https://beian.miit.gov.cn/.",
	Help: `An http link to beian.miit.gov.cn counts as linked, but the site redirects to https and mixed
content warnings follow on https pages. Prefer the https URL.

` + linkHelpExample,
	Check: func(p *Pass) {
		f := p.primary()
		if f == nil || !f.Linked || !f.link.HTTP {
			return
		}
		p.Reportf(subject(f), "%s links over http (%s) at %s; prefer https", f.Number, f.Href, p.Page.Viewport.Name)
	},
}

// split reports whether the number's text runs through more than one link
// (or partly outside links).
func (f *JudgedFiling) split() bool { return len(f.Candidate.Links) > 1 }

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// schemeless says whether an href names a filing-system host without a
// scheme or "//" (href="beian.miit.gov.cn/"), which resolves as a path.
func schemeless(raw string) bool {
	h := strings.ToLower(strings.TrimSpace(raw))
	for _, host := range []string{MIITHost, "www." + MIITHost} {
		if h == host || strings.HasPrefix(h, host+"/") {
			return true
		}
	}
	return false
}
