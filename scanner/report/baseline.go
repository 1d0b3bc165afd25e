package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// baselineKey identifies a finding across runs: rule, page key
// (scanner.PageKey: the normalised URL or the file path),
// viewport and number, never the CSS selector (markup changes move it).
type baselineKey struct {
	rule, url, viewport, number string
}

// ApplyBaseline compares a run with a previous JSON report: each finding
// becomes new or unchanged, and each finding of the baseline that a page
// checked in this run no longer has is added to that page's Fixed list as
// absent. Pages not checked in this run (failed, skipped, not scanned) say
// nothing about their old findings, which are left out.
func ApplyBaseline(r *scanner.Result, base *JSONReport) {
	old := map[baselineKey][]JSONFinding{}
	for _, p := range base.Pages {
		for _, f := range p.Findings {
			k := baselineKey{f.Rule, scanner.PageKey(p.URL, p.Path), p.Viewport, f.Number}
			old[k] = append(old[k], f)
		}
	}
	for i := range r.Pages {
		p := &r.Pages[i]
		p.Fixed = nil
		url := scanner.PageKey(p.URL, p.Target.Path)
		seen := map[baselineKey]int{}
		for k := range p.Findings {
			f := &p.Findings[k]
			key := baselineKey{f.Rule, url, p.Viewport, f.Number}
			// Two findings under one key (two numbers on the page with the
			// same rule) are matched one for one.
			if seen[key] < len(old[key]) {
				f.Baseline = scanner.BaselineUnchanged
			} else {
				f.Baseline = scanner.BaselineNew
			}
			seen[key]++
		}
		if !p.Status.Checked() {
			continue
		}
		for key, fs := range old {
			if key.url != url || key.viewport != p.Viewport {
				continue
			}
			for _, f := range fs[min(seen[key], len(fs)):] {
				p.Fixed = append(p.Fixed, scanner.Finding{
					Finding: rules.Finding{
						Rule: f.Rule, Level: rules.Level(f.Level), Message: f.Message, URL: p.URL,
						Viewport: p.Viewport, Selector: f.Selector, Snippet: f.Snippet, Number: f.Number, Fix: f.Fix,
					},
					Path: f.Path, Line: f.Line, Baseline: scanner.BaselineAbsent,
				})
			}
		}
		slices.SortFunc(p.Fixed, func(a, b scanner.Finding) int {
			return cmp.Or(cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Number, b.Number), cmp.Compare(a.Message, b.Message))
		})
	}
}

// BaselineCounts counts findings by baseline state.
type BaselineCounts struct{ New, Unchanged, Absent int }

// CountBaseline counts a run compared with a baseline.
func CountBaseline(r *scanner.Result) BaselineCounts {
	var c BaselineCounts
	for _, p := range r.Pages {
		for _, f := range p.Findings {
			switch f.Baseline {
			case scanner.BaselineNew:
				c.New++
			case scanner.BaselineUnchanged:
				c.Unchanged++
			}
		}
		c.Absent += len(p.Fixed)
	}
	return c
}

// baselineChange is a finding new since the baseline or fixed since it,
// with its page.
type baselineChange struct {
	page    *scanner.PageResult
	finding scanner.Finding
}

// baselineChanges lists the findings new since the baseline and those
// fixed since it, in the result's order (sort it first).
func baselineChanges(r *scanner.Result) (added, fixed []baselineChange) {
	for i := range r.Pages {
		p := &r.Pages[i]
		for _, f := range p.Findings {
			if f.Baseline == scanner.BaselineNew {
				added = append(added, baselineChange{p, f})
			}
		}
		for _, f := range p.Fixed {
			fixed = append(fixed, baselineChange{p, f})
		}
	}
	return added, fixed
}

// ReadBaseline reads a baseline (a JSON report of an earlier run).
func ReadBaseline(r io.Reader, name string) (*JSONReport, error) {
	rep, err := ReadJSON(r)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", name, err)
	}
	return rep, nil
}
