// Package report writes a scanner.Result in the formats beiancheck offers,
// one file per format: JSON and JSON lines (json.go, the machine contract
// with its own structs), SARIF (sarif.go, code scanning), the text summary
// (text.go), Markdown (markdown.go), HTML (html.go with html.tmpl and
// html.css), JUnit XML (junit.go) and GitHub annotations (annotations.go).
// Every writer is a func(io.Writer, *scanner.Result) error (some with an
// options value), reads the result without changing it, orders its output
// deterministically and returns the first write error, because a truncated
// report would read as a pass. Helpers the writers share are in report.go;
// where a page sits in a repository (file paths, pseudo paths) is in
// location.go; reading a baseline and counting its changes in baseline.go.
package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// toolName is the name every report gives the program, whatever the
// result says, so that code scanning keeps one category across versions.
const toolName = "beiancheck"

// sortedCopy returns a copy of r whose pages and findings are in the
// canonical order of scanner.Result.Sort; r itself is left alone because
// the caller may still be using it.
func sortedCopy(r *scanner.Result) *scanner.Result {
	c := *r
	c.Pages = slices.Clone(r.Pages)
	for i := range c.Pages {
		c.Pages[i].Findings = slices.Clone(c.Pages[i].Findings)
	}
	c.Sort()
	return &c
}

// catalogue is the rule catalogue of the run in ID order: the levels in
// force when the run recorded them, the defaults otherwise.
func catalogue(r *scanner.Result) []*rules.Rule {
	cat := r.Rules
	if cat == nil {
		cat = rules.All()
	}
	cat = slices.Clone(cat)
	slices.SortStableFunc(cat, func(a, b *rules.Rule) int { return cmp.Compare(a.ID, b.ID) })
	return cat
}

// displayURL is what a report shows for a page: the URL or path the user
// gave rather than the loopback URL a local file was served under.
// Credentials written into the URL are shown as "***" (sanitize.URL).
func displayURL(p *scanner.PageResult) string {
	if p.Target.Display != "" {
		return sanitize.URL(p.Target.Display)
	}
	return sanitize.URL(p.URL)
}

// judgedHost is the host (and port) a checked page was judged on when it
// is not its target's (the target redirected or navigated elsewhere), or
// "": the verdict is that host's page, not the target's.
func judgedHost(p *scanner.PageResult) string {
	if !p.Status.Checked() || p.Target.Path != "" {
		return ""
	}
	from, err1 := url.Parse(sanitize.URL(p.URL))
	to, err2 := url.Parse(sanitize.URL(p.FinalURL))
	if err1 != nil || err2 != nil || from.Host == "" || to.Host == "" || strings.EqualFold(from.Host, to.Host) {
		return ""
	}
	return strings.ToLower(to.Host)
}

// judgedURL is the page's URL as displayed, followed by the host judged
// when it is another.
func judgedURL(p *scanner.PageResult) string {
	if h := judgedHost(p); h != "" {
		return displayURL(p) + " (judged " + h + ")"
	}
	return displayURL(p)
}

// finite maps NaN and infinities, which JSON cannot carry, to 0 so that one
// unmeasurable value does not cost the whole report.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// ruleTally counts a run's findings of one rule.
type ruleTally struct {
	id     string
	levels []rules.Level // most severe first
	count  int
}

// ruleTallies counts findings by rule, most severe rule first, then by ID.
func ruleTallies(r *scanner.Result) []*ruleTally {
	byID := map[string]*ruleTally{}
	var tallies []*ruleTally
	for i := range r.Pages {
		for _, f := range r.Pages[i].Findings {
			t := byID[f.Rule]
			if t == nil {
				t = &ruleTally{id: f.Rule}
				byID[f.Rule] = t
				tallies = append(tallies, t)
			}
			t.count++
			if !slices.Contains(t.levels, f.Level) {
				t.levels = append(t.levels, f.Level)
			}
		}
	}
	for _, t := range tallies {
		slices.SortFunc(t.levels, func(a, b rules.Level) int {
			return cmp.Or(cmp.Compare(b.Rank(), a.Rank()), cmp.Compare(a, b))
		})
	}
	slices.SortFunc(tallies, func(a, b *ruleTally) int {
		return cmp.Or(cmp.Compare(b.levels[0].Rank(), a.levels[0].Rank()), cmp.Compare(a.id, b.id))
	})
	return tallies
}

// levelCounts is "N errors, N warnings, N notes" for a run.
func levelCounts(s scanner.Summary) string {
	return plural(s.Errors, "error") + ", " + plural(s.Warnings, "warning") + ", " + plural(s.Notes, "note")
}

// truncate cuts s to at most n runes, the last one an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// notScanned counts the page-viewports a cancelled run never started;
// reports count them in one line instead of a row each.
func notScanned(r *scanner.Result) int {
	n := 0
	for i := range r.Pages {
		if r.Pages[i].NotScanned() {
			n++
		}
	}
	return n
}

// notScannedLine is the one line standing for the page-viewports never
// started, "" when there are none; it says why (run cancelled, run
// deadline), as their errors do.
func notScannedLine(r *scanner.Result) string {
	n := notScanned(r)
	if n == 0 {
		return ""
	}
	why := scanner.NotScannedReason
	for i := range r.Pages {
		if r.Pages[i].NotScanned() {
			why = r.Pages[i].Error
			break
		}
	}
	return plural(n, "page-viewport") + " " + why
}

// ScreenshotWarning says how many page-viewports lost their screenshots
// and the first reason (the verdicts stand: screenshots are evidence, not
// measurement), "" when every screenshot asked for was written. The first
// is the first in (URL, viewport) order.
func ScreenshotWarning(r *scanner.Result) string {
	r = sortedCopy(r)
	n, first := 0, ""
	for i := range r.Pages {
		if e := r.Pages[i].Evidence.Error; e != "" {
			if n == 0 {
				first = e
			}
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return "screenshots of " + plural(n, "page-viewport") + " could not be written: " + first
}

// skipReasons counts skipped page-viewports by reason kind (the text
// before the first colon), most common first.
func skipReasons(r *scanner.Result) string {
	count := map[string]int{}
	for _, p := range r.Pages {
		if p.Status.Skipped() {
			kind, _, _ := strings.Cut(p.Error, ":")
			count[kind]++
		}
	}
	kinds := make([]string, 0, len(count))
	for k := range count {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(a, b)) })
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", count[k], oneLine(k))
	}
	return strings.Join(parts, ", ") + " (page-viewports; see the JSON report)"
}

// skipHints are the hints of skipped targets that were meant as something
// else (a sitemap or robots.txt given as a page: "did you mean --sitemap"),
// one per URL, in report order.
func skipHints(r *scanner.Result) []string {
	var out []string
	for _, p := range r.Pages {
		if !p.Status.Skipped() {
			continue
		}
		_, hint, ok := strings.Cut(p.Error, scanner.SkipHint)
		if !ok {
			continue
		}
		line := "hint: " + displayURL(&p) + " looks like " + hint
		if !slices.Contains(out, line) {
			out = append(out, line)
		}
	}
	return out
}

// primaryNumber is the number the page is judged on, "-" when none.
func primaryNumber(p *scanner.PageResult) string {
	for _, f := range p.Filings {
		if f.Primary {
			return f.Number
		}
	}
	return "-"
}

func countLevels(fs []scanner.Finding) (errors, warnings, notes int) {
	for _, f := range fs {
		switch f.Level {
		case rules.LevelError:
			errors++
		case rules.LevelWarning:
			warnings++
		case rules.LevelNote:
			notes++
		}
	}
	return errors, warnings, notes
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// findingPlace is where a finding is: the local file and line, or the
// page's URL.
func findingPlace(p *scanner.PageResult, f scanner.Finding) string {
	if f.Path != "" && f.Line > 0 {
		return cleanFilePath(f.Path) + ":" + strconv.Itoa(f.Line)
	}
	return cmp.Or(f.Path, displayURL(p), f.URL)
}

// findingFix is the finding's own fix or, failing that, its rule's.
func findingFix(f scanner.Finding, cat map[string]*rules.Rule) string {
	if f.Fix != "" {
		return f.Fix
	}
	if rule := cat[f.Rule]; rule != nil {
		return rule.Fix
	}
	return ""
}

// notChecked reports whether a page-viewport was to be checked and was
// not: it failed to load or be measured, or has a status this package
// does not know, which must not read as a pass. A page skipped by choice
// (robots.txt, scope, limits) is neither checked nor failed.
func notChecked(p *scanner.PageResult) bool {
	return !p.Status.Checked() && !p.Status.Skipped()
}

// rulesByID indexes the run's catalogue by ID; the first of a duplicated
// ID wins, as in the SARIF rules array.
func rulesByID(r *scanner.Result) map[string]*rules.Rule {
	cat := catalogue(r)
	m := make(map[string]*rules.Rule, len(cat))
	for _, rule := range cat {
		if _, ok := m[rule.ID]; !ok {
			m[rule.ID] = rule
		}
	}
	return m
}

// encodeJSON writes v as indented JSON without HTML escaping.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
