package scanner

import (
	"cmp"
	"slices"
)

// Baseline is an earlier run a result is compared with: its findings by
// page-viewport, as its JSON report holds them (report.ReadBaseline).
type Baseline struct {
	Pages []BaselinePage
}

// BaselinePage is one page-viewport of a baseline. URL and Path are as the
// JSON report gives them; PageKey(URL, Path) matches it with this run's
// page.
type BaselinePage struct {
	URL, Path, Viewport string
	Findings            []Finding
}

// baselineKey identifies a finding across runs: rule, page key (PageKey:
// the normalised URL or the file path), viewport and number, never the CSS
// selector (markup changes move it).
type baselineKey struct {
	rule, url, viewport, number string
}

// ApplyBaseline compares r with an earlier run before any report is
// written: each finding becomes new or unchanged, and each finding of the
// baseline that a page checked in this run no longer has is added to that
// page's Fixed list as absent. Pages not checked in this run (failed,
// skipped, not scanned) say nothing about their old findings, which are
// left out.
func (r *Result) ApplyBaseline(base *Baseline) {
	old := map[baselineKey][]Finding{}
	for _, p := range base.Pages {
		for _, f := range p.Findings {
			k := baselineKey{f.Rule, PageKey(p.URL, p.Path), p.Viewport, f.Number}
			old[k] = append(old[k], f)
		}
	}
	for i := range r.Pages {
		p := &r.Pages[i]
		p.Fixed = nil
		url := PageKey(p.URL, p.Target.Path)
		seen := map[baselineKey]int{}
		for k := range p.Findings {
			f := &p.Findings[k]
			key := baselineKey{f.Rule, url, p.Viewport, f.Number}
			// Two findings under one key (two numbers on the page with the
			// same rule) are matched one for one.
			if seen[key] < len(old[key]) {
				f.Baseline = BaselineUnchanged
			} else {
				f.Baseline = BaselineNew
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
				f.URL, f.Viewport, f.Baseline = p.URL, p.Viewport, BaselineAbsent
				p.Fixed = append(p.Fixed, f)
			}
		}
		slices.SortFunc(p.Fixed, func(a, b Finding) int {
			return cmp.Or(cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Number, b.Number), cmp.Compare(a.Message, b.Message))
		})
	}
}
