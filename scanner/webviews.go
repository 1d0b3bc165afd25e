package scanner

import "github.com/beiancheck/beiancheck/rules"

// checkWebViews adds the mini-program findings (ICP015, ICP016) over the
// checked page-viewports of targets found in a mini-program project
// (Target.SourceRef); res.Pages must be in report order.
func checkWebViews(res *Result, o *rules.Options) {
	var g pageGroup
	var views []string
	for i := range res.Pages {
		p := &res.Pages[i]
		if checked(p) && p.Target.SourceRef != nil {
			g.add(res, i)
			views = append(views, p.Target.SourceRef.URL)
		}
	}
	if len(views) > 0 {
		g.attach(res, rules.CheckWebViews(views, g.pages, g.judged, o))
	}
}
