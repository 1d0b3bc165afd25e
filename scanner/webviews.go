package scanner

import "github.com/beiancheck/beiancheck/rules"

// checkWebViews adds the mini-program findings (ICP015, ICP016) over the
// page-viewports of targets found in a mini-program project
// (Target.SourceRef), and records the web-view hosts they were judged
// from in res.WebViewHosts; res.Pages must be in report order.
func checkWebViews(res *Result, o *rules.Options) {
	var views []string
	var pages []*rules.Page
	var judged []*rules.Judgement
	var idx []int
	for i := range res.Pages {
		p := &res.Pages[i]
		if p.Target.SourceRef == nil {
			continue
		}
		views, idx = append(views, p.Target.SourceRef.URL), append(idx, i)
		if checked(p) {
			pages, judged = append(pages, p.Page), append(judged, p.Judgement)
		} else {
			// Not checked: the page names where its findings belong.
			bare := &rules.Page{URL: p.URL, FinalURL: p.FinalURL, Viewport: rules.Viewport{Name: p.Viewport}}
			pages, judged = append(pages, bare), append(judged, nil)
		}
	}
	if len(views) == 0 {
		return
	}
	fs, hosts := rules.CheckWebViews(views, pages, judged, o)
	for _, sf := range fs {
		p := &res.Pages[idx[sf.Index]]
		p.Findings = append(p.Findings, Finding{Finding: sf.Finding})
	}
	res.WebViewHosts = hosts
}
