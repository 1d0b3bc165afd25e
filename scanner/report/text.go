package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// SummaryRows says which page-viewports the summary lists, in its table
// and its finding lines (--summary).
type SummaryRows string

const (
	// SummaryAuto lists every page-viewport up to SummaryAutoMax checked,
	// the failing ones above.
	SummaryAuto     SummaryRows = "auto"
	SummaryAll      SummaryRows = "all"
	SummaryFailures SummaryRows = "failures" // page-viewports that fail or were not checked
	SummaryNone     SummaryRows = "none"     // the totals only
)

// SummaryAutoMax is the most page-viewports SummaryAuto lists in full.
const SummaryAutoMax = 50

// summaryBaselineMax is the most new, and the most fixed, findings the
// summary lists; the rest are counted.
const summaryBaselineMax = 10

// ParseSummaryRows reads --summary.
func ParseSummaryRows(s string) (SummaryRows, error) {
	switch v := SummaryRows(s); v {
	case SummaryAuto, SummaryAll, SummaryFailures, SummaryNone:
		return v, nil
	}
	return "", fmt.Errorf("unknown summary mode %q (want all, failures, none or auto)", s)
}

// SummaryOptions changes what WriteSummaryWith lists.
type SummaryOptions struct {
	// Notes lists note-level findings too; they are always counted.
	Notes bool
	// Rows selects the page-viewports listed; empty is SummaryAuto.
	Rows SummaryRows
}

// WriteSummary writes the short summary for people: what changed since a
// baseline, a table of the pages, one line per error and warning, one per
// page that could not be checked, and the totals; above SummaryAutoMax
// page-viewports only the failing ones are listed. It never writes colour
// codes.
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

// writeSummary writes the text summary of r into buf: the table, the
// finding lines and the totals.
func writeSummary(buf *bytes.Buffer, r *scanner.Result, opts SummaryOptions) error {
	if len(r.Blocked) > 0 {
		fmt.Fprintf(buf, "measured without %s (--block): blocked images and fonts can move the footer\n\n", strings.Join(r.Blocked, ", "))
	}
	if err := writeBaselineChanges(buf, r); err != nil {
		return err
	}
	s := r.Summary()
	// Page-viewports never started (a cancelled run) are one line below,
	// not a row each.
	listable := s.Pages - s.Skipped - notScanned(r)
	rows := opts.Rows
	if rows == "" || rows == SummaryAuto {
		rows = SummaryAll
		if listable > SummaryAutoMax {
			rows = SummaryFailures
		}
	}
	listed := func(p *scanner.PageResult) bool {
		switch {
		case p.Status.Skipped() || p.NotScanned():
			return false // counted below
		case rows == SummaryAll:
			return true
		case rows == SummaryFailures:
			return !p.Compliant()
		}
		return false
	}
	shown, err := writeSummaryTable(buf, r, listed)
	if err != nil {
		return err
	}
	if err := writeSummaryLines(buf, r, listed, opts.Notes); err != nil {
		return err
	}
	if buf.Len() > 0 && !bytes.HasSuffix(buf.Bytes(), []byte("\n\n")) {
		buf.WriteString("\n")
	}
	if shown < listable {
		showing := strconv.Itoa(shown) + " failing"
		if rows == SummaryNone {
			showing = "none"
		}
		fmt.Fprintf(buf, "showing %s of %s; --summary all to list every one\n", showing, plural(listable, "page-viewport"))
	}
	writeSummaryTotals(buf, r, s)
	return nil
}

// writeSummaryTable writes a row for each listed page-viewport and returns
// how many it wrote.
func writeSummaryTable(buf *bytes.Buffer, r *scanner.Result, listed func(*scanner.PageResult) bool) (int, error) {
	shown := 0
	for i := range r.Pages {
		if listed(&r.Pages[i]) {
			shown++
		}
	}
	if shown == 0 {
		return 0, nil
	}
	// The number goes last: tabwriter counts runes, and a Chinese
	// character takes two columns on a terminal.
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "URL\tVIEWPORT\tSTATUS\tERRORS\tWARNINGS\tNOTES\tNUMBER")
	for i := range r.Pages {
		p := &r.Pages[i]
		switch {
		case !listed(p):
			continue
		case notChecked(p):
			counts := "-\t-\t-"
			if len(p.Findings) > 0 {
				// A finding of the project's source (ICP015).
				e, wn, n := countLevels(p.Findings)
				counts = fmt.Sprintf("%d\t%d\t%d", e, wn, n)
			}
			fmt.Fprintf(tw, "%s\t%s\tERROR\t%s\t-\n", oneLine(displayURL(p)), p.Viewport, counts)
			continue
		}
		status := "ok"
		if !p.Compliant() {
			status = "FAIL"
		}
		e, wn, n := countLevels(p.Findings)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\n",
			oneLine(judgedURL(p)), p.Viewport, status, e, wn, n, oneLine(primaryNumber(p)))
	}
	if err := tw.Flush(); err != nil {
		return 0, fmt.Errorf("write summary: %w", err)
	}
	return shown, nil
}

// writeSummaryLines writes, after a blank line, the load error of each
// listed page-viewport not checked and each finding of the listed ones
// (notes only when asked).
func writeSummaryLines(buf *bytes.Buffer, r *scanner.Result, listed func(*scanner.PageResult) bool, notes bool) error {
	var lines bytes.Buffer
	tw := tabwriter.NewWriter(&lines, 0, 0, 2, ' ', 0)
	for i := range r.Pages {
		p := &r.Pages[i]
		if listed(p) && notChecked(p) {
			fmt.Fprintf(tw, "ERROR\t\t%s\t%s: %s\n", p.Viewport, oneLine(displayURL(p)), oneLine(sanitize.Credentials(p.Error)))
		}
	}
	for i := range r.Pages {
		p := &r.Pages[i]
		if !listed(p) {
			continue
		}
		for _, f := range p.Findings {
			if f.Level == rules.LevelNote && !notes {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.Rule, f.Level, p.Viewport, summaryFinding(p, f))
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	if lines.Len() > 0 {
		buf.WriteString("\n")
		buf.Write(lines.Bytes())
	}
	return nil
}

// writeSummaryTotals writes the closing lines: pages not scanned, skipped,
// screenshot trouble, and the counts.
func writeSummaryTotals(buf *bytes.Buffer, r *scanner.Result, s scanner.Summary) {
	if line := notScannedLine(r); line != "" {
		fmt.Fprintln(buf, line)
	}
	if s.Skipped > 0 {
		fmt.Fprintf(buf, "skipped: %s\n", skipReasons(r))
		for _, h := range skipHints(r) {
			fmt.Fprintln(buf, oneLine(h))
		}
	}
	if line := ScreenshotWarning(r); line != "" {
		fmt.Fprintln(buf, oneLine(line))
	}
	if line := restartLine(r); line != "" {
		fmt.Fprintln(buf, line)
	}
	if r.BrowserRecycles > 0 {
		fmt.Fprintf(buf, "browser: recycled %s between pages (--recycle-pages, --max-browser-rss); not a crash\n", plural(r.BrowserRecycles, "time"))
	}
	if r.NoSandbox {
		fmt.Fprintln(buf, "browser: ran without Chromium's sandbox (--no-sandbox, as root): run as another user to keep it")
	}
	if len(r.WebViewHosts) > 0 {
		fmt.Fprintf(buf, "web-view hosts (业务域名): %s\n", webViewHostsLine(r.WebViewHosts))
	}
	if n := r.BlockedTotal(); n > 0 {
		fmt.Fprintf(buf, "blocked: %s to inward addresses that are not targets (listed in the JSON report; --allow-private allows them)\n", plural(n, "request"))
	}
	checked := s.Pages - s.Skipped
	fmt.Fprintf(buf, "%s: %d compliant, %d not compliant, %d not checked; %s\n",
		plural(checked, "page-viewport"), s.Compliant, s.NotCompliant, s.Failed, levelCounts(s))
}

// summaryFinding is a finding's place and message on one line.
func summaryFinding(p *scanner.PageResult, f scanner.Finding) string {
	where := judgedURL(p)
	if f.Path != "" && f.Line > 0 {
		where = f.Path + ":" + strconv.Itoa(f.Line)
	}
	if f.Selector != "" {
		where += " " + f.Selector
	}
	return oneLine(where) + ": " + oneLine(f.Message)
}

// writeBaselineChanges writes the baseline counts and, one line each, the
// findings new and fixed since the baseline, at most summaryBaselineMax
// of each; nothing without a baseline.
func writeBaselineChanges(buf *bytes.Buffer, r *scanner.Result) error {
	c := CountBaseline(r)
	if c == (BaselineCounts{}) {
		return nil
	}
	fmt.Fprintf(buf, "compared with the baseline: %d new, %d unchanged, %d fixed\n", c.New, c.Unchanged, c.Absent)
	added, fixed := baselineChanges(r)
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	for _, list := range []struct {
		state   string
		changes []baselineChange
	}{{"new", added}, {"fixed", fixed}} {
		for _, ch := range list.changes[:min(len(list.changes), summaryBaselineMax)] {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", list.state, ch.finding.Rule, ch.finding.Level, ch.page.Viewport, summaryFinding(ch.page, ch.finding))
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	var more []string
	if n := len(added) - summaryBaselineMax; n > 0 {
		more = append(more, fmt.Sprintf("%d more new", n))
	}
	if n := len(fixed) - summaryBaselineMax; n > 0 {
		more = append(more, fmt.Sprintf("%d more fixed", n))
	}
	if len(more) > 0 {
		fmt.Fprintf(buf, "… %s (see the JSON report)\n", strings.Join(more, " and "))
	}
	buf.WriteString("\n")
	return nil
}

// oneLine keeps a value from breaking the table or driving the terminal:
// tabs and line breaks become spaces, control and bidi characters visible
// escapes (sanitize.Text).
func oneLine(s string) string { return sanitize.Text(s) }

// restartLine says how often the browser died and was restarted, and how
// many page-viewports were rendered again because of it; "" when it never
// died.
func restartLine(r *scanner.Result) string {
	if r.BrowserRestarts == 0 {
		return ""
	}
	again := 0
	for _, p := range r.Pages {
		if p.BrowserCrashes > 0 {
			again++
		}
	}
	return fmt.Sprintf("browser: its process died and was restarted %s; %s rendered again, alone",
		plural(r.BrowserRestarts, "time"), plural(again, "page-viewport"))
}

// webViewHostsLine lists the web-view hosts, each with what ICP015 and
// ICP016 judged: "h5.example.com (https, filed, 3 page-viewports)".
func webViewHostsLine(hosts []rules.WebViewHost) string {
	var parts []string
	for _, h := range hosts {
		scheme, filed := "https", "filed"
		if !h.HTTPS {
			scheme = "http"
		}
		switch {
		case h.Checked == 0:
			filed = "not checked"
		case !h.Filed:
			filed = "no filing number"
		}
		parts = append(parts, fmt.Sprintf("%s (%s, %s, %s)", oneLine(h.Host), scheme, filed, plural(h.Pages, "page-viewport")))
	}
	return strings.Join(parts, ", ")
}
