package main

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

var errorsAs = errors.As

type report struct {
	machine, browser, cmd string
	concurrency           int
	bare, scan, pa11y     figures
	pa11yErr              error
	mix                   *mixVerdict // nil when -mix 0
}

func (r *report) markdown() string {
	var b strings.Builder
	b.WriteString("# Benchmarks\n\nWritten by `make bench` (cmd/beiancheck-bench): a generated local site of pages with realistic footers,\n" +
		"three ~97 KB images and a 100 KB web font each (about 400 KB), 5% of footers filled by a timer, and a sitemap,\n" +
		"served on 127.0.0.1. Contestants use the same browser binary and tab count. (a) is the floor: navigate and\n" +
		"evaluate `1` at both viewports. (b) is `beiancheck scan --sitemap` at both viewports. (c) is pa11y-ci on a subset.\n" +
		"(a) and (b) run on the same pages. Per-page times of (b) come from the `elapsed_ms` of `--jsonl`. Memory is\n" +
		"sampled once a second for every contestant, over its process and all its Chromium processes ((a): the\n" +
		"browser's processes only; PSS from /proc/PID/smaps_rollup, RSS from /proc/PID/status).\n\n")
	fmt.Fprintf(&b, "## Latest run\n\n- machine: %s\n- browser: %s\n- tabs: %d for every contestant\n- command: `%s`\n\n", r.machine, r.browser, r.concurrency, r.cmd)
	b.WriteString("| contestant | units | wall | units/s | p50 | p95 | peak PSS | peak RSS | failures |\n|---|---|---|---|---|---|---|---|---|\n")
	row := func(name, unit string, f figures) {
		pss, rss := "-", "-"
		if f.peakPSS > 0 {
			pss, rss = mib(f.peakPSS), mib(f.peakRSS)
		}
		p50, p95 := "-", "-"
		if len(f.perPage) > 0 {
			p50, p95 = ms(f.pct(0.5)), ms(f.pct(0.95))
		}
		fmt.Fprintf(&b, "| %s | %d %s | %s | %.2f | %s | %s | %s | %s | %d |\n", name, f.pages, unit, f.wall.Round(100*time.Millisecond), f.rate(), p50, p95, pss, rss, f.failures)
	}
	if r.bare.pages > 0 {
		row("(a) bare chromedp loop", "page-viewports", r.bare)
	}
	row("(b) beiancheck scan --sitemap", "page-viewports", r.scan)
	if r.pa11yErr == nil && r.pa11y.pages > 0 {
		row("(c) pa11y-ci", "pages", r.pa11y)
	}
	b.WriteString("\n")
	if r.bare.pages > 0 {
		fmt.Fprintf(&b, "- b/a (page-viewports per second): **%.0f%%** (target ≥ 75%%)\n", 100*r.scan.rate()/r.bare.rate())
	}
	switch {
	case r.pa11yErr != nil:
		fmt.Fprintf(&b, "- b/c: not measured: %v\n", r.pa11yErr)
	case r.pa11y.pages > 0:
		// beiancheck renders each page twice (two viewports); compare pages.
		fmt.Fprintf(&b, "- b/c (pages per second, beiancheck at both viewports): **%.1f×** (target ≥ 10×)\n", (r.scan.rate()/2)/r.pa11y.rate())
		if r.bare.pages > 0 {
			// The most any tool that renders both viewports could reach.
			fmt.Fprintf(&b, "- a/c, the bound on b/c (the bare loop at both viewports against pa11y-ci): %.1f×\n", (r.bare.rate()/2)/r.pa11y.rate())
		}
	}
	if r.mix != nil {
		b.WriteString(r.mix.markdown())
	}
	return b.String()
}

func mib(kib int64) string { return fmt.Sprintf("%.0f MiB", float64(kib)/1024) }
func ms(d time.Duration) string {
	return fmt.Sprintf("%d ms", d.Milliseconds())
}
