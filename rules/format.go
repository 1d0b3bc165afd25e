package rules

import (
	"strings"
)

var icp011 = &Rule{
	ID:    "ICP011",
	Name:  "FilingNumberFormat",
	Title: "malformed or lenient-only number format",
	Level: LevelWarning,
	Fix:   "Write the number exactly as the filing system shows it, e.g. 京ICP备2021012345号-1.",
	Help: `The number should read exactly as MIIT issued it: province, ` + "`ICP备`" + `, the digits, ` + "`号`" + `,
then the site number (` + "`-1`" + `). A missing 号, the legacy ` + "`-1号`" + ` order, spaces inside the number or a
non-standard province abbreviation (贵/云/秦 for 黔/滇/陕) still match, but leniently.`,
	Check: func(p *Pass) { reportIssues(p, "ICP011") },
}

var icp012 = &Rule{
	ID:    "ICP012",
	Name:  "FilingNumberPlausible",
	Title: "implausible number: wrong digit count, future year or placeholder",
	Level: LevelError,
	Fix:   "Replace the placeholder or mistyped number with the number the filing system issued.",
	Help: `A filing number has 8 digits (before 2020: two-digit year and six digits) or 10 digits (a year from
2020 on and six digits). Placeholders such as ` + "`XXXXXXXX`" + `, ` + "`12345678`" + ` or one digit repeated are
template text left in, and a year in the future cannot have been issued.`,
	Check: func(p *Pass) { reportIssues(p, "ICP012") },
}

// reportIssues reports the primary number's format issues of one rule as
// one finding.
func reportIssues(p *Pass, rule string) {
	f := p.primary()
	if f == nil {
		return
	}
	var msgs []string
	for _, is := range f.Issues {
		if is.Rule == rule {
			msgs = append(msgs, is.Message)
		}
	}
	if len(msgs) == 0 {
		return
	}
	p.Reportf(subject(f), "%s (shown as %q): %s", f.Number, f.Raw, strings.Join(msgs, "; "))
}

var icp013 = &Rule{
	ID:    "ICP013",
	Name:  "FilingNumberSiteSuffix",
	Title: "app or mini-program number shown as a website's number",
	Level: LevelNote,
	Fix:   "Show the website's own filing number (the site suffix without a letter).",
	Help: `Numbers ending in ` + "`-NA`" + ` belong to an App and ` + "`-NX`" + ` to a mini-program. A website shows its
own site number, e.g. ` + "`京ICP备2021012345号-1`" + `.`,
	Check: func(p *Pass) {
		f := p.primary()
		if f == nil || (f.Suffix != "A" && f.Suffix != "X") {
			return
		}
		what := map[string]string{"A": "an App", "X": "a mini-program"}[f.Suffix]
		p.Reportf(subject(f), "%s ends in -%s%s, the number of %s, not of a website", f.Number, f.Site, f.Suffix, what)
	},
}
