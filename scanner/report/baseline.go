package report

import (
	"fmt"
	"io"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

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

// ReadBaseline reads a baseline: the JSON report of an earlier run, for
// scanner.Result.ApplyBaseline.
func ReadBaseline(r io.Reader, name string) (*scanner.Baseline, error) {
	rep, err := ReadJSON(r)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", name, err)
	}
	base := &scanner.Baseline{Pages: make([]scanner.BaselinePage, 0, len(rep.Pages))}
	for _, p := range rep.Pages {
		bp := scanner.BaselinePage{URL: p.URL, Path: p.Path, Viewport: p.Viewport}
		for _, f := range p.Findings {
			bp.Findings = append(bp.Findings, scanner.Finding{
				Finding: rules.Finding{
					Rule: f.Rule, Level: rules.Level(f.Level), Message: f.Message,
					Selector: f.Selector, Snippet: f.Snippet, Number: f.Number, Fix: f.Fix,
				},
				Path: f.Path, Line: f.Line,
			})
		}
		base.Pages = append(base.Pages, bp)
	}
	return base, nil
}
