package scanner

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// pageDone is what a worker reports for one target: a result per viewport
// and the links its rendered pages hold.
type pageDone struct {
	target   Target
	results  []PageResult
	finalURL string
	links    []string
}

// worker renders targets with one tab per viewport, each in its
// viewport's browser context and reused across pages; a tab that failed is
// replaced (it may be stuck in a hostile page). Scan starts one per
// rendering slot, and one more for each render parked on a silent server
// (see pool); a worker the run no longer needs leaves after its page.
func (o *Options) worker(ctx context.Context, visits Session, jobs <-chan Target, done chan<- pageDone) {
	tabs := make([]Tab, len(o.Viewports))
	defer func() {
		for _, t := range tabs {
			if t != nil {
				t.Close()
			}
		}
	}()
	for {
		o.pool.idle.Add(1) // Scan counts it busy when it sends the page
		target, ok := <-jobs
		if !ok {
			return
		}
		done <- o.page(ctx, visits, tabs, target)
		if o.pool.shrink() {
			return // more workers than slots and parked renders
		}
	}
}

// page renders a target at every viewport in the worker's tabs, one after
// the other, except that a viewport whose render parks quietly (its
// server has sent little or nothing, see Slot) lets the next one start
// meanwhile: a silent server's timeouts, and their retries, are waited out
// once for the page, not once per viewport. Normal pages render their
// viewports in turn, so a heavy page is not held in memory twice at once.
func (o *Options) page(ctx context.Context, visits Session, tabs []Tab, target Target) pageDone {
	d := pageDone{target: target}
	if skip := o.robotsSkip(ctx, target); skip != "" {
		d.results = skippedOrFailed(target, o.Viewports, StatusSkipped, skip)
		return d
	}
	results := make([]viewportResult, len(o.Viewports))
	found := make([][]string, len(o.Viewports))
	var wg sync.WaitGroup
	for i, v := range o.Viewports {
		parked, ended := make(chan struct{}), make(chan struct{})
		wg.Go(func() {
			defer close(ended)
			results[i], found[i] = o.viewport(ctx, visits, &tabs[i], target, v, sync.OnceFunc(func() { close(parked) }))
		})
		select {
		case <-ended:
		case <-parked:
		}
	}
	wg.Wait()
	links := map[string]bool{}
	for i, pr := range results {
		for _, l := range found[i] {
			links[l] = true
		}
		if pr.renderedURL != "" {
			d.finalURL = pr.renderedURL
		}
		d.results = append(d.results, pr.PageResult)
	}
	for l := range links {
		d.links = append(d.links, l)
	}
	slices.Sort(d.links)
	return d
}

// viewport renders a target at v in *tab and resets the tab for the next
// page (closing and clearing it when it is not fit for one); it returns the
// result and the links of the page. parked is called when a render parks
// quietly.
func (o *Options) viewport(ctx context.Context, visits Session, tab *Tab, target Target, v rules.Viewport, parked func()) (viewportResult, []string) {
	var pr viewportResult
	var ls []string
	if !deadlinePassed(ctx) {
		pr, ls = o.renderAt(ctx, visits, tab, target, v, parked)
	}
	if *tab != nil {
		if err := (*tab).Reset(ctx); err != nil {
			// A page stuck in a loop of its own, or one too heavy to keep.
			(*tab).Close()
			*tab = nil
		}
	}
	if ctx.Err() != nil && !pr.Status.Checked() && !pr.Status.Skipped() {
		// Ended by the run's deadline or cancellation (Ctrl-C, whose
		// SIGINT reaches the browser too), not by the page: its error
		// ("the browser process exited", "context canceled") would blame
		// the page or the browser.
		attempts := pr.Attempts
		pr = viewportResult{PageResult: failed(target, v, errors.New(notScannedReason(ctx)))}
		pr.Attempts = attempts
	}
	pr.SetBlocked(pr.blocked)
	return pr, ls
}

// viewportResult is one viewport's result of a target, with the final URL
// the engine reported (as loaded, not as displayed) when it reported one.
type viewportResult struct {
	PageResult
	renderedURL string
	blocked     []BlockedRequest // the render's requests the egress policy refused
}

// renderAt renders a target at one viewport and checks the page, trying
// again after a transient failure (Options.Retry); it returns the result,
// with its attempts, and the links of the page. parked is called when a
// render parks its slot quietly.
func (o *Options) renderAt(ctx context.Context, visits Session, tab *Tab, target Target, v rules.Viewport, parked func()) (viewportResult, []string) {
	began := time.Now()
	for attempt := 1; ; attempt++ {
		out, links, err := o.renderOnce(ctx, visits, tab, target, v, parked)
		if out.Attempts = attempt; attempt > 1 && out.Status.Checked() || out.Status == StatusError {
			// The page-viewport took every attempt and the waits between;
			// a page that failed took them too (a timeout its --timeout,
			// once per attempt).
			out.Elapsed = time.Since(began)
		}
		wait, again := o.Retry.next(ctx, attempt, err)
		if !again || sleep(ctx, wait) != nil {
			return out, links
		}
	}
}

// renderOnce renders a target at one viewport in the worker's tab for it
// (opened when there is none, closed and cleared when the render fails)
// and checks the page; it returns the result, the links of the page and
// the render's error, which decides a retry.
func (o *Options) renderOnce(ctx context.Context, visits Session, tab *Tab, target Target, v rules.Viewport, parked func()) (out viewportResult, links []string, err error) {
	if *tab == nil {
		if *tab, err = visits.Tab(ctx, v); err != nil {
			return viewportResult{PageResult: failed(target, v, err)}, nil, err
		}
	}
	if err := o.Rate.Wait(ctx, target.URL); err != nil {
		return viewportResult{PageResult: failed(target, v, err)}, nil, err
	}
	began := time.Now()
	r, crashes, err := o.renderIsolated(ctx, visits, tab, target, v, RenderOptions{Timeout: o.Timeout, Links: o.Crawl != nil, Judge: o.judge(target), Redirect: o.redirect(target), parked: parked})
	defer func() { out.BrowserCrashes = crashes }()
	// What the page put in its text, names, links, URLs and errors is
	// scrubbed of the credential values before anything reports it.
	o.scrub.rendered(r)
	err = o.scrub.err(err)
	if r != nil {
		out.renderedURL, out.blocked = r.FinalURL, r.Blocked
	}
	if err == nil && o.Crawl != nil && target.Crawled {
		if ok, why := o.Crawl.Scope.In(target.Start, r.FinalURL); !ok {
			out.PageResult = skipped(target, v, "redirected out of scope ("+why+") to "+r.FinalURL)
			out.HTTPStatus, out.FinalURL = r.HTTPStatus, o.displayURL(r.FinalURL, target)
			return out, nil, nil
		}
	}
	if err == nil && r.Skip != "" {
		out.PageResult = skipped(target, v, r.Skip)
		out.HTTPStatus = r.HTTPStatus
		return out, nil, nil
	}
	if err != nil {
		if *tab != nil {
			(*tab).Close()
			*tab = nil
		}
		out.PageResult = failed(target, v, err)
		if r != nil {
			out.HTTPStatus = r.HTTPStatus
			out.FinalURL = o.displayURL(r.FinalURL, target)
		}
		return out, nil, err
	}
	out.PageResult = o.check(target, v, r)
	out.Elapsed = time.Since(began)
	if o.Artifacts.wants(&out.PageResult) {
		// Without a rendering slot: workers are bounded anyway. A browser
		// recycled since the render is gone, and the capture with it.
		ev, err := (*tab).Evidence(ctx, o.Artifacts, &out.PageResult, o.Timeout)
		if err != nil {
			ev.Error = err.Error()
		}
		out.Evidence = ev
	}
	return out, r.Links, nil
}

// redirect judges a crawled target's document redirects against its
// crawl's scope before the browser follows them; nil for other targets.
func (o *Options) redirect(t Target) func(string) string {
	if o.Crawl == nil || !t.Crawled {
		return nil
	}
	return func(to string) string {
		if ok, why := o.Crawl.Scope.In(t.Start, to); !ok {
			return why
		}
		return ""
	}
}

// robotsSkip returns why robots.txt forbids a crawled page, or "".
func (o *Options) robotsSkip(ctx context.Context, t Target) string {
	if o.Crawl == nil || o.Crawl.Robots == nil || !t.Crawled {
		return ""
	}
	ok, why, err := o.Crawl.Robots.Allowed(ctx, t.URL)
	switch {
	case err != nil:
		return "robots.txt: " + err.Error()
	case !ok:
		return why
	}
	return ""
}

func failed(t Target, v rules.Viewport, err error) PageResult {
	return skippedOrFailed(t, []rules.Viewport{v}, StatusError, err.Error())[0]
}

func skipped(t Target, v rules.Viewport, reason string) PageResult {
	return skippedOrFailed(t, []rules.Viewport{v}, StatusSkipped, reason)[0]
}

// check runs the rules on a rendered page.
func (o *Options) check(t Target, v rules.Viewport, r *Rendered) PageResult {
	p := r.Page
	p.URL = t.Display
	p.FinalURL = o.displayURL(r.FinalURL, t)
	p.Entry = t.Entry
	ro := o.rulesFor(t)
	judged := r.Judgement
	if judged == nil {
		judged = rules.Judge(p, ro)
	}
	fs := rules.CheckJudged(p, judged, ro)
	pr := PageResult{
		Target: t, URL: p.URL, FinalURL: p.FinalURL, Viewport: v.Name,
		Status: StatusOK, HTTPStatus: r.HTTPStatus, Page: p, Judgement: judged,
		Filings: judged.Filings, Findings: make([]Finding, 0, len(fs)),
	}
	if pr.Filings == nil {
		pr.Filings = []rules.JudgedFiling{}
	}
	for i := range pr.Filings {
		// A local page's relative link resolves to the loopback server.
		pr.Filings[i].Href = o.displayURL(pr.Filings[i].Href, t)
	}
	for _, f := range fs {
		pr.Findings = append(pr.Findings, Finding{Finding: f})
	}
	return pr
}

// displayURL turns a loopback URL of a local file back into its path, so
// reports hold neither the random port nor the secret path prefix; another
// URL of the local server is shown as its path alone, any other URL without
// its credentials.
func (o *Options) displayURL(u string, t Target) string {
	if o.Local == nil {
		return sanitize.URL(u)
	}
	rest, ok := strings.CutPrefix(u, o.Local.Origin())
	if !ok || (rest != "" && !strings.ContainsAny(rest[:1], "/?#")) {
		return sanitize.URL(u)
	}
	if u == t.URL {
		return t.Display
	}
	if tree, ok := strings.CutPrefix(rest, "/"+o.Local.secret+"/"); ok {
		if _, after, ok := strings.Cut(tree, "/"); ok {
			return strings.TrimSuffix(t.Display, t.name) + after
		}
	}
	// Another URL of the server (a page's link to "/"): its path, without
	// the secret.
	rest = strings.TrimPrefix(rest, "/"+o.Local.secret)
	if !strings.HasPrefix(rest, "/") {
		rest = "/" + rest
	}
	return rest
}

// rulesFor is the rules' options for a target's pages.
func (o *Options) rulesFor(t Target) *rules.Options {
	ro := o.Rules
	ro.Expect = o.expectFor(t)
	return &ro
}

// judge is how a target's pages are judged, for the engine's decision to
// measure again and then for the rules.
func (o *Options) judge(t Target) func(*rules.Page) *rules.Judgement {
	ro := o.rulesFor(t)
	return func(p *rules.Page) *rules.Judgement {
		o.scrub.value(p) // before any finding quotes the page
		return rules.Judge(p, ro)
	}
}

// expectFor is the number a target's pages must show: its host's
// --expect HOST=NUMBER, else the plain --expect, else "".
func (o *Options) expectFor(t Target) string {
	if t.Path == "" {
		if n := o.Expect.For(t.URL); n != "" {
			return n
		}
	}
	return o.Rules.Expect
}
