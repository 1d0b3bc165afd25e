package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// MarkdownLimit is the most bytes WriteMarkdown writes. GitHub refuses a
// job summary over 1 MiB per step, and then shows none of it; the margin
// leaves room for what other steps append to the same summary.
const MarkdownLimit = 900 << 10

// mdValueMax is the most runes of one value (a URL, a message) that the
// summary shows: a data: URL or a pasted stack trace would otherwise push
// every other row out. The JSON and SARIF reports carry the whole value.
const mdValueMax = 500

// mdBaselineMax is the most new, and the most fixed, findings the summary
// lists; the rest are counted.
const mdBaselineMax = 50

// WriteMarkdown writes the result as a GitHub job summary: a title, a
// one-line verdict, what changed since a baseline (the new and the fixed
// findings, mdBaselineMax of each), a table by rule, a table by
// page-viewport and the pages that could not be checked followed by the
// error and warning findings, most severe first. Page-viewports a
// cancelled run never started are one line, not a row each. Everything taken from a page is escaped,
// so a hostile page cannot inject markup. The summary never exceeds
// MarkdownLimit bytes: rows are dropped from the end of the longest parts
// and a line says how many are left to the SARIF and JSON reports.
func WriteMarkdown(w io.Writer, r *scanner.Result) error {
	if _, err := io.WriteString(w, newMarkdownDoc(sortedCopy(r)).render(MarkdownLimit)); err != nil {
		return fmt.Errorf("write Markdown summary: %w", err)
	}
	return nil
}

// markdownDoc is a summary before it is cut to size: a top that is always
// kept and sections whose rows may be dropped.
type markdownDoc struct {
	top      string
	sections []mdSection
}

// mdSection is a part of the summary that can be cut short from the end.
type mdSection struct {
	head string   // heading and table header, kept whole
	rows []string // each ends in "\n"
	// total counts the rows before any were left out beforehand (0: no
	// cap, len(rows)).
	total int
	// more is the paragraph standing for the rows after the first kept;
	// it is longest for kept == 0.
	more func(kept int) string
}

func newMarkdownDoc(r *scanner.Result) *markdownDoc {
	var top strings.Builder
	top.WriteString("## " + mdText(cmp.Or(r.Tool.Name, toolName)))
	if r.Tool.Version != "" {
		top.WriteString(" " + mdText(r.Tool.Version))
	}
	top.WriteString(": ICP filing display\n\n" + markdownVerdict(r) + "\n")
	if line := notScannedLine(r); line != "" {
		top.WriteString("\n⏹️ " + mdText(line) + "\n")
	}
	if line := ScreenshotWarning(r); line != "" {
		top.WriteString("\n📷 " + mdText(line) + "\n")
	}
	if c := CountBaseline(r); c != (BaselineCounts{}) {
		fmt.Fprintf(&top, "\nCompared with the baseline: %d new, %d unchanged, %d fixed.\n", c.New, c.Unchanged, c.Absent)
	}
	if len(r.Blocked) > 0 {
		top.WriteString("\nMeasured without " + mdText(strings.Join(r.Blocked, ", ")) + " (`--block`): blocked images and fonts can move the footer.\n")
	}

	d := &markdownDoc{top: top.String()}
	added, fixed := baselineChanges(r)
	cat := rulesByID(r)
	for _, s := range []mdSection{
		mdBaselineSection("New since the baseline", "new", added, cat),
		mdBaselineSection("Fixed since the baseline", "fixed", fixed, cat),
		mdRuleSection(r), mdPageSection(r), mdFindingSection(r),
	} {
		if len(s.rows) > 0 {
			d.sections = append(d.sections, s)
		}
	}
	return d
}

// markdownVerdict is the one-line outcome of the run, and a line counting
// the page-viewports skipped by choice, by reason, when there are any.
func markdownVerdict(r *scanner.Result) string {
	s := r.Summary()
	counts := levelCounts(s)
	var verdict string
	switch checked := s.Pages - s.Skipped; {
	case checked == 0:
		verdict = "⚠️ no page-viewports were checked"
	case checked > s.Compliant:
		verdict = fmt.Sprintf("❌ %d of %s fail: %d not compliant, %d not checked; %s",
			checked-s.Compliant, plural(checked, "page-viewport"), s.NotCompliant, s.Failed, counts)
	case checked == 1:
		verdict = "✅ the page-viewport complies; " + counts
	default:
		verdict = fmt.Sprintf("✅ all %d page-viewports comply; %s", checked, counts)
	}
	if s.Skipped > 0 {
		verdict += "\n\n⏭️ skipped: " + mdText(skipReasons(r))
	}
	return verdict
}

// mdRuleSection counts findings by rule, most severe rule first.
func mdRuleSection(r *scanner.Result) mdSection {
	tallies := ruleTallies(r)
	cat := rulesByID(r)
	s := mdSection{
		head: "\n### Rules\n\n| Rule | Level | Title | Findings |\n| --- | --- | --- | ---: |\n",
		more: func(kept int) string {
			return "\n… " + plural(len(tallies)-kept, "more rule") + " in the SARIF/JSON report\n"
		},
	}
	for _, t := range tallies {
		id, title := mdText(t.id), ""
		if rule := cat[t.id]; rule != nil {
			id = "[" + id + "](" + rule.URL() + ")"
			title = mdText(rule.Title)
		}
		levels := make([]string, len(t.levels))
		for i, l := range t.levels {
			levels[i] = mdText(string(l))
		}
		s.rows = append(s.rows, fmt.Sprintf("| %s | %s | %s | %d |\n", id, strings.Join(levels, ", "), title, t.count))
	}
	return s
}

// mdPageSection is the table of page-viewports in canonical order; those
// skipped by choice are counted under the verdict instead.
func mdPageSection(r *scanner.Result) mdSection {
	var rows []string
	for i := range r.Pages {
		p := &r.Pages[i]
		switch {
		case p.Status.Skipped() || p.NotScanned():
			continue
		case notChecked(p):
			rows = append(rows, fmt.Sprintf("| %s | %s | ⛔ not checked | - | - | - | - |\n",
				mdText(displayURL(p)), mdText(p.Viewport)))
			continue
		}
		status := "✅ ok"
		if !p.Compliant() {
			status = "❌ fail"
		}
		e, wn, n := countLevels(p.Findings)
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s | %d | %d | %d |\n",
			mdText(displayURL(p)), mdText(p.Viewport), status, mdText(primaryNumber(p)), e, wn, n))
	}
	return mdSection{
		head: "\n### Pages\n\n| URL | Viewport | Status | Number | Errors | Warnings | Notes |\n" +
			"| --- | --- | --- | --- | ---: | ---: | ---: |\n",
		rows: rows,
		more: func(kept int) string {
			return "\n… " + plural(len(rows)-kept, "more page-viewport") + " in the SARIF/JSON report\n"
		},
	}
}

// mdFindingSection lists the pages that could not be checked, then the
// error findings, then the warnings, each in canonical order. Notes are
// counted in the tables only.
func mdFindingSection(r *scanner.Result) mdSection {
	cat := rulesByID(r)
	var failed, errs, warns []string
	for i := range r.Pages {
		p := &r.Pages[i]
		if notChecked(p) && !p.NotScanned() {
			failed = append(failed, fmt.Sprintf("- ⛔ **not checked** (%s) %s: %s\n",
				mdText(p.Viewport), mdText(displayURL(p)), mdText(sanitize.Credentials(p.Error))))
		}
		for _, f := range p.Findings {
			var line string
			switch f.Level {
			case rules.LevelError:
				line = "- ❌ "
			case rules.LevelWarning:
				line = "- ⚠️ "
			default:
				continue
			}
			line += mdFinding(p, f, cat)
			if f.Level == rules.LevelError {
				errs = append(errs, line)
			} else {
				warns = append(warns, line)
			}
		}
	}
	rows := slices.Concat(failed, errs, warns)
	return mdSection{
		head: "\n### Errors and warnings\n\n",
		rows: rows,
		more: func(kept int) string {
			pages := max(len(failed)-kept, 0)
			text := "\n… " + plural(len(rows)-kept-pages, "more finding")
			if pages > 0 {
				text += " and " + plural(pages, "more page-viewport") + " not checked"
			}
			return text + " in the SARIF/JSON report\n"
		},
	}
}

// mdFinding is a finding after its icon: rule, viewport, place, selector,
// message and fix, ending in "\n".
func mdFinding(p *scanner.PageResult, f scanner.Finding, cat map[string]*rules.Rule) string {
	line := fmt.Sprintf("**%s** (%s) %s", mdText(f.Rule), mdText(cmp.Or(f.Viewport, p.Viewport)), mdText(findingPlace(p, f)))
	if f.Selector != "" {
		line += " " + mdText(f.Selector)
	}
	line += ": " + mdText(f.Message)
	if fix := findingFix(f, cat); fix != "" {
		line += " — **Fix:** " + mdText(fix)
	}
	return line + "\n"
}

// mdBaselineSection lists findings new or fixed since the baseline, at
// most mdBaselineMax, each with its level.
func mdBaselineSection(title, state string, changes []baselineChange, cat map[string]*rules.Rule) mdSection {
	s := mdSection{
		head:  "\n### " + title + "\n\n",
		total: len(changes),
		more: func(kept int) string {
			return "\n… " + plural(len(changes)-kept, "more "+state+" finding") + " in the JSON report\n"
		},
	}
	for _, ch := range changes[:min(len(changes), mdBaselineMax)] {
		s.rows = append(s.rows, "- "+mdText(string(ch.finding.Level))+" "+mdFinding(ch.page, ch.finding, cat))
	}
	return s
}

// render writes the whole summary when it fits in limit. Otherwise each
// section gets a fair share of the room left by the top, the headings and
// the "more" lines (a section needing less than an even share keeps all
// its rows), and keeps the rows that fit in its share.
func (d *markdownDoc) render(limit int) string {
	kept := make([]int, len(d.sections))
	for i, s := range d.sections {
		kept[i] = len(s.rows)
	}
	if out := d.join(kept); len(out) <= limit {
		return out
	}
	budget := limit - len(d.top)
	sizes := make([]int, len(d.sections))
	for i, s := range d.sections {
		budget -= len(s.head) + len(s.more(0))
		for _, row := range s.rows {
			sizes[i] += len(row)
		}
	}
	for i, share := range fairShares(sizes, max(budget, 0)) {
		used, n := 0, 0
		for _, row := range d.sections[i].rows {
			if used+len(row) > share {
				break
			}
			used += len(row)
			n++
		}
		kept[i] = n
	}
	return d.join(kept)
}

// join writes the top and each section with its first kept[i] rows.
func (d *markdownDoc) join(kept []int) string {
	var b strings.Builder
	b.WriteString(d.top)
	for i, s := range d.sections {
		b.WriteString(s.head)
		for _, row := range s.rows[:kept[i]] {
			b.WriteString(row)
		}
		if kept[i] < max(len(s.rows), s.total) {
			b.WriteString(s.more(kept[i]))
		}
	}
	return b.String()
}

// fairShares splits budget among parts of the given sizes by water
// filling: taken from the smallest up, a part gets what it needs or an
// even share of what is left, whichever is less.
func fairShares(sizes []int, budget int) []int {
	order := make([]int, len(sizes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sizes[a], sizes[b]) })
	shares := make([]int, len(sizes))
	for k, i := range order {
		shares[i] = min(sizes[i], budget/(len(order)-k))
		budget -= shares[i]
	}
	return shares
}

// mdText makes a value safe to place inside a table cell or a list item:
// tabs and line breaks become spaces, other control and bidi characters
// visible escapes (sanitize.Text), HTML's
// special characters become entities, and the ASCII punctuation that
// Markdown gives a meaning inside a line (emphasis, code, links, images,
// tables, strikethrough, math) is backslash-escaped. Values longer than
// mdValueMax runes are cut with an ellipsis.
func mdText(s string) string {
	s = sanitize.Text(truncate(s, mdValueMax))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case strings.ContainsRune("\\`*_[]()|!~$#{}", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
