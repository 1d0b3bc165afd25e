package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// SummaryOptions changes what WriteSummaryWith lists.
type SummaryOptions struct {
	// Notes lists note-level findings too; they are always counted.
	Notes bool
}

// WriteSummary writes the short summary for people: a table of the pages,
// one line per error and warning, one per page that could not be checked,
// and the totals. It never writes colour codes.
func WriteSummary(w io.Writer, r *scanner.Result) error {
	return WriteSummaryWith(w, r, SummaryOptions{})
}

// WriteSummaryWith is WriteSummary with options.
func WriteSummaryWith(w io.Writer, r *scanner.Result, opts SummaryOptions) error {
	r = sortedCopy(r)
	// The summary is built in memory and written at once: tabwriter holds
	// text back until it is flushed, and one Write has one error to check.
	var buf bytes.Buffer
	if err := writeSummary(&buf, r, opts); err != nil {
		return err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

func writeSummary(buf *bytes.Buffer, r *scanner.Result, opts SummaryOptions) error {
	if len(r.Blocked) > 0 {
		fmt.Fprintf(buf, "measured without %s (--block): blocked images and fonts can move the footer\n\n", strings.Join(r.Blocked, ", "))
	}
	if c := CountBaseline(r); c != (BaselineCounts{}) {
		fmt.Fprintf(buf, "compared with the baseline: %d new, %d unchanged, %d fixed\n\n", c.New, c.Unchanged, c.Absent)
	}
	if len(r.Pages) > 0 {
		// The number goes last: tabwriter counts runes, and a Chinese
		// character takes two columns on a terminal.
		tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "URL\tVIEWPORT\tSTATUS\tERRORS\tWARNINGS\tNOTES\tNUMBER")
		for i := range r.Pages {
			p := &r.Pages[i]
			switch {
			case p.Status == scanner.StatusSkipped:
				continue // counted by reason below
			case notChecked(p):
				fmt.Fprintf(tw, "%s\t%s\tERROR\t-\t-\t-\t-\n", oneLine(displayURL(p)), p.Viewport)
				continue
			}
			status := "ok"
			if !p.Compliant() {
				status = "FAIL"
			}
			e, wn, n := countLevels(p.Findings)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\n",
				oneLine(displayURL(p)), p.Viewport, status, e, wn, n, primaryNumber(p))
		}
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("write summary: %w", err)
		}
	}

	var lines bytes.Buffer
	tw := tabwriter.NewWriter(&lines, 0, 0, 2, ' ', 0)
	for i := range r.Pages {
		p := &r.Pages[i]
		if notChecked(p) {
			fmt.Fprintf(tw, "ERROR\t\t%s\t%s: %s\n", p.Viewport, oneLine(displayURL(p)), oneLine(p.Error))
		}
	}
	for i := range r.Pages {
		p := &r.Pages[i]
		for _, f := range p.Findings {
			if f.Level == rules.LevelNote && !opts.Notes {
				continue
			}
			where := displayURL(p)
			if f.Path != "" && f.Line > 0 {
				where = f.Path + ":" + strconv.Itoa(f.Line)
			}
			if f.Selector != "" {
				where += " " + f.Selector
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s: %s\n", f.Rule, f.Level, p.Viewport, oneLine(where), oneLine(f.Message))
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	if lines.Len() > 0 {
		buf.WriteString("\n")
		buf.Write(lines.Bytes())
	}

	s := r.Summary()
	if buf.Len() > 0 {
		buf.WriteString("\n")
	}
	if s.Skipped > 0 {
		fmt.Fprintf(buf, "skipped: %s\n", skipReasons(r))
	}
	checked := s.Pages - s.Skipped
	fmt.Fprintf(buf, "%s: %d compliant, %d not compliant, %d not checked; %s\n",
		plural(checked, "page-viewport"), s.Compliant, s.NotCompliant, s.Failed, levelCounts(s))
	return nil
}

// skipReasons counts skipped page-viewports by reason kind (the text
// before the first colon), most common first.
func skipReasons(r *scanner.Result) string {
	count := map[string]int{}
	for _, p := range r.Pages {
		if p.Status == scanner.StatusSkipped {
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

// oneLine keeps a value from breaking the table: tabs and line breaks
// become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f':
			return ' '
		}
		return r
	}, s)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
