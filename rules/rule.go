package rules

import (
	"fmt"
	"strings"
)

// Level is the severity of a finding.
type Level string

const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNote    Level = "note"
	// LevelOff disables a rule when given as an override.
	LevelOff Level = "off"
)

// Rank orders levels: error 3, warning 2, note 1, anything else 0.
func (l Level) Rank() int {
	switch l {
	case LevelError:
		return 3
	case LevelWarning:
		return 2
	case LevelNote:
		return 1
	}
	return 0
}

// ParseLevel reads a level name; "off" is accepted only when allowOff.
func ParseLevel(s string, allowOff bool) (Level, error) {
	switch l := Level(strings.ToLower(strings.TrimSpace(s))); l {
	case LevelError, LevelWarning, LevelNote:
		return l, nil
	case LevelOff:
		if allowOff {
			return l, nil
		}
	}
	if allowOff {
		return "", fmt.Errorf("unknown level %q (want error, warning, note or off)", s)
	}
	return "", fmt.Errorf("unknown level %q (want error, warning or note)", s)
}

// Rule is one check. Rules are values listed by All, in ID order.
type Rule struct {
	ID    string // "ICP003": stable, never reused
	Name  string // "FilingNumberCentered": differs from ID
	Title string // one line, lower case, no period
	// Help says why the rule matters and how to fix it, in Markdown, with
	// corrected markup.
	Help  string
	Fix   string // one sentence: the fix, for findings
	Level Level  // default level
	// Check runs on one page. Nil for rules that only a site-wide or
	// run-wide check reports (CTX001, see CheckRun).
	Check func(*Pass)
}

// URL is the documentation anchor of the rule in the README.
func (r *Rule) URL() string {
	return "https://github.com/beiancheck/beiancheck#" + strings.ToLower(r.ID)
}

// Finding is one problem found on one page at one viewport.
type Finding struct {
	Rule     string `json:"rule"`
	Level    Level  `json:"level"`
	Message  string `json:"message"`
	URL      string `json:"url"`
	Viewport string `json:"viewport"`
	Selector string `json:"selector,omitempty"`
	Snippet  string `json:"snippet,omitempty"`
	Number   string `json:"number,omitempty"`
	Fix      string `json:"fix,omitempty"`
}

// Options are the tunables of a run. The zero value is not useful: start
// from DefaultOptions.
type Options struct {
	// Year is the current year, for the "future year" check. Rules read no
	// clock.
	Year int
	// CenterTolerancePx and CenterTolerancePct give the centring tolerance:
	// max(px, pct% of client width).
	CenterTolerancePx  float64
	CenterTolerancePct float64
	MinFontPx          float64 // below: not visible (ICP008)
	ReadableFontPx     float64 // below: hard to read (ICP009)
	MinContrast        float64 // below: not visible (ICP008)
	ReadableContrast   float64 // below: hard to read (ICP009)
	// Expect is the number the site must show (normalised by the caller
	// with ParseFiling); empty for none.
	Expect string
	// Levels overrides rule levels by ID; LevelOff disables a rule.
	Levels map[string]Level
}

// DefaultOptions returns the thresholds of DOMAIN.md for the given year.
func DefaultOptions(year int) Options {
	return Options{
		Year:               year,
		CenterTolerancePx:  8,
		CenterTolerancePct: 2,
		MinFontPx:          10,
		ReadableFontPx:     12,
		MinContrast:        2,
		ReadableContrast:   3,
	}
}

// CenterTolerance is the centring tolerance for a page of the given
// client width.
func (o *Options) CenterTolerance(clientWidth float64) float64 {
	return max(o.CenterTolerancePx, clientWidth*o.CenterTolerancePct/100)
}

// Pass is one rule running on one page. It stamps the rule, level, page and
// viewport on every finding, so a rule cannot mislabel what it reports.
type Pass struct {
	Rule    *Rule
	Page    *Page
	Options *Options
	// Judged is the page's analysis, computed once and shared by all rules.
	Judged *Judgement

	findings *[]Finding
}

// Subject names the element and number a finding is about.
type Subject struct {
	Selector string
	Snippet  string
	Number   string
}

// Reportf reports a finding at the rule's level.
func (p *Pass) Reportf(s Subject, format string, args ...any) {
	p.ReportLevelf(p.Rule.Level, s, format, args...)
}

// ReportLevelf reports a finding at a level the rule chose for this case
// (ICP001 on an inner page, PSB001 pointing at MIIT). A level override
// given by the user wins over both.
func (p *Pass) ReportLevelf(level Level, s Subject, format string, args ...any) {
	if o, ok := p.Options.Levels[p.Rule.ID]; ok {
		level = o
	}
	if level == LevelOff {
		return
	}
	*p.findings = append(*p.findings, Finding{
		Rule:     p.Rule.ID,
		Level:    level,
		Message:  fmt.Sprintf(format, args...),
		URL:      p.Page.URL,
		Viewport: p.Page.Viewport.Name,
		Selector: s.Selector,
		Snippet:  s.Snippet,
		Number:   s.Number,
		Fix:      p.Rule.Fix,
	})
}
