// Package scanner renders pages in headless Chromium, turns each page and
// viewport into a rules.Page, runs the rules and gathers one Result. It owns
// everything that touches a browser, the network or files.
package scanner

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner/discover"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// Options configure a scan.
type Options struct {
	Viewports []rules.Viewport
	// Timeout bounds one page at one viewport, load to last measurement.
	Timeout time.Duration
	// Concurrency is the number of pages rendering at once: one worker
	// each, holding one tab per viewport.
	Concurrency int
	Rules       rules.Options
	// Expect are the numbers expected per host (--expect HOST=NUMBER); a
	// page of a host without an entry is held to Rules.Expect.
	Expect Expectations
	// Local is the server that serves local targets, used to turn its
	// loopback URLs back into file paths; nil when there is none.
	Local *LocalServer
	// Version is beiancheck's version for the report.
	Version string
	// Crawl, when set, follows the links of rendered pages.
	Crawl *Crawl
	// Request is what every request of the browser carries.
	Request Request
	// Rate limits page loads per host (nil: no limit).
	Rate *HostLimiter
	// RequireAll makes every page an entry page (ICP001 at error level),
	// crawled ones included.
	RequireAll bool
	// OnPage is called, from one goroutine, as each page-viewport ends
	// (checked, failed or skipped), before site-wide checks, for --jsonl;
	// never for those a cancelled run did not start.
	OnPage func(PageResult)
	// Progress, when set, is told of every page-viewport that ends, and
	// at once of those a cancelled run did not start.
	Progress *Progress
	// Maps point findings of URL pages at their source templates.
	Maps []SourceMap
	// Artifacts, when set, receives evidence screenshots.
	Artifacts *Artifacts
}

// Crawl configures following links breadth-first from the targets.
type Crawl struct {
	MaxDepth int // links of pages at this depth are not followed
	// MaxPages caps the pages scanned, targets included; links found past
	// it are reported as skipped.
	MaxPages int
	Scope    discover.Scope
	// Robots, when set, is obeyed for crawled pages.
	Robots *discover.Robots
	// Rewrites map hosts of discovered links (production to staging).
	Rewrites []discover.Rewrite
}

// pageDone is what a worker reports for one target: a result per viewport
// and the links its rendered pages hold.
type pageDone struct {
	target   Target
	results  []PageResult
	finalURL string
	links    []string
}

// Scan renders every target at every viewport with a bounded pool of tabs
// and checks the pages; with Crawl it follows links breadth-first. One
// goroutine (this one) owns the frontier; the run ends when the frontier is
// empty and nothing is in flight. Every URL seen ends in the result once
// per viewport: checked, failed or skipped with the reason. Scan returns
// ctx's error when the run was cancelled; the result then holds what was
// done, and pages not started are errors with NotScannedReason.
func Scan(ctx context.Context, r Renderer, targets []Target, o Options) (*Result, error) {
	f := newFrontier(targets, &o)
	visits, err := r.Open(ctx, o.Viewports, o.Request)
	if err != nil {
		// No page can be loaded: each is an error saying why, not a pass.
		for _, t := range f.queue {
			f.record(skippedOrFailed(t, o.Viewports, StatusError, err.Error()))
		}
		f.queue = nil
	} else {
		defer visits.Close()
	}
	jobs := make(chan Target)
	done := make(chan pageDone)
	var wg sync.WaitGroup
	for range max(1, o.Concurrency) {
		wg.Go(func() { o.worker(ctx, visits, jobs, done) })
	}

	cancelled := false
	for {
		var send chan Target
		var next Target
		if !cancelled && len(f.queue) > 0 {
			send, next = jobs, f.queue[0]
		}
		if f.inflight == 0 && (cancelled || len(f.queue) == 0) {
			break
		}
		select {
		case send <- next:
			f.queue = f.queue[1:]
			f.inflight++
		case d := <-done:
			f.inflight--
			f.finish(d)
		case <-ctx.Done():
			cancelled = true
		}
	}
	close(jobs)
	wg.Wait()
	// Pages never started are listed in the result, but they did not
	// finish: OnPage (--jsonl) does not see them, and Progress counts them
	// at once.
	notScanned := len(f.results)
	for _, t := range f.queue {
		f.results = append(f.results, skippedOrFailed(t, o.Viewports, StatusError, NotScannedReason)...)
	}
	o.Progress.NotScanned(len(f.results) - notScanned)

	eng := r.Engine()
	res := &Result{Tool: Tool{Name: "beiancheck", Version: o.Version}, Browser: eng.Product, BrowserPath: eng.Path, Blocked: o.Request.Block, Pages: f.results}
	// Pages first in report order: the run-wide checks pick the first
	// page-viewport that qualifies, so the output is deterministic.
	res.Sort()
	o.checkSite(res)
	checkRun(res, &o.Rules)
	locateFindings(res, o.Maps)
	res.Sort()
	return res, ctx.Err()
}

// frontier is the crawl's state, owned by Scan's goroutine.
type frontier struct {
	o     *Options
	queue []Target
	seen  map[string]bool
	// landed maps the final URL of each page checked to the URL asked for
	// (itself when there was no redirect).
	landed   map[string]string
	admit    int // pages admitted for scanning
	inflight int // pages being rendered
	results  []PageResult
}

func newFrontier(targets []Target, o *Options) *frontier {
	f := &frontier{o: o, seen: map[string]bool{}, landed: map[string]string{}}
	var skips []Target
	for _, t := range targets {
		if t.Skip != "" {
			skips = append(skips, t)
			continue
		}
		key := t.Key()
		if f.seen[key] {
			continue
		}
		f.seen[key] = true
		f.admit++
		f.queue = append(f.queue, t)
	}
	// Recorded once the queue is known, so that progress counts them
	// against the whole run.
	for _, t := range skips {
		f.record(skippedOrFailed(t, o.Viewports, StatusSkipped, t.Skip))
	}
	return f
}

// record adds the results of one page (one per viewport), telling OnPage
// and Progress of each.
func (f *frontier) record(rs []PageResult) {
	// The page being recorded is no longer in flight, so its results not
	// yet appended count apart from the queue and the pages in flight.
	total := len(f.results) + len(rs) + (len(f.queue)+f.inflight)*len(f.o.Viewports)
	for _, r := range rs {
		if f.o.OnPage != nil {
			f.o.OnPage(r)
		}
		f.results = append(f.results, r)
		f.o.Progress.Page(r, total)
	}
}

// finish records a page and queues, or reports as skipped, the links it
// holds.
func (f *frontier) finish(d pageDone) {
	// A page the server redirected (/a/index.html to /a/, http to https)
	// is the page at its final URL: a crawled link that lands on a page
	// already checked is reported as that page, and a link to where a
	// checked page landed is not scanned again.
	fin, err1 := discover.NormalizeURL(d.finalURL)
	req, err2 := discover.NormalizeURL(d.target.URL)
	if err1 == nil && err2 == nil && d.target.Path == "" && req != fin {
		if first := f.landed[fin]; first != "" && d.target.Crawled {
			d.results = skippedOrFailed(d.target, f.o.Viewports, StatusSkipped, "same page: redirects to "+fin+", checked as "+first)
		} else if first == "" {
			f.landed[fin] = req
		}
	}
	if err1 == nil && f.landed[fin] == "" {
		f.landed[fin] = fin
	}
	f.record(d.results)
	c := f.o.Crawl
	if c == nil || len(d.links) == 0 || d.target.Path != "" {
		// Local directories are scanned whole already; their links point
		// at the loopback server.
		return
	}
	start := d.target.Start
	if start == "" {
		// A target starts its own crawl: scope follows where it landed
		// (http to https, apex to www).
		start = d.finalURL
	}
	for _, link := range d.links {
		key, err := discover.NormalizeURL(discover.ApplyRewrites(c.Rewrites, link))
		if err != nil || f.seen[key] {
			continue
		}
		f.seen[key] = true
		if first := f.landed[key]; first != "" && first != key {
			t := Target{URL: key, Display: sanitize.URL(key), Site: d.target.Site, Crawled: true}
			f.record(skippedOrFailed(t, f.o.Viewports, StatusSkipped, "same page: "+first+" redirects here"))
			continue
		}
		t := Target{URL: key, Display: sanitize.URL(key), Site: d.target.Site, Start: start, Depth: d.target.Depth + 1, Crawled: true,
			Entry: f.o.RequireAll}
		reason := ""
		if ok, why := c.Scope.In(start, key); !ok {
			reason = "out of scope: " + why
		} else if ok, why := discover.LikelyHTML(key); !ok {
			reason = why
		} else if d.target.Depth >= c.MaxDepth {
			reason = fmt.Sprintf("max-depth: found at depth %d, limit %d", t.Depth, c.MaxDepth)
		} else if c.MaxPages > 0 && f.admit >= c.MaxPages {
			reason = fmt.Sprintf("max-pages: limit %d reached", c.MaxPages)
		}
		if reason != "" {
			f.record(skippedOrFailed(t, f.o.Viewports, StatusSkipped, reason))
			continue
		}
		f.admit++
		f.queue = append(f.queue, t)
	}
}

// skippedOrFailed is a result per viewport for a page that was not
// rendered.
func skippedOrFailed(t Target, vs []rules.Viewport, status Status, reason string) []PageResult {
	out := make([]PageResult, 0, len(vs))
	for _, v := range vs {
		out = append(out, PageResult{
			Target: t, URL: t.Display, FinalURL: t.Display, Viewport: v.Name, Status: status, Error: sanitize.Credentials(reason),
			Filings: []rules.JudgedFiling{}, Findings: []Finding{},
		})
	}
	return out
}

// worker renders targets with one tab per viewport, each in its
// viewport's browser context and reused across pages; a tab that failed is
// replaced (it may be stuck in a hostile page).
func (o *Options) worker(ctx context.Context, visits Session, jobs <-chan Target, done chan<- pageDone) {
	tabs := make([]Tab, len(o.Viewports))
	defer func() {
		for _, t := range tabs {
			if t != nil {
				t.Close()
			}
		}
	}()
	for target := range jobs {
		d := pageDone{target: target}
		if skip := o.robotsSkip(ctx, target); skip != "" {
			d.results = skippedOrFailed(target, o.Viewports, StatusSkipped, skip)
			done <- d
			continue
		}
		links := map[string]bool{}
		for i, v := range o.Viewports {
			var err error
			if tabs[i] == nil {
				if tabs[i], err = visits.Tab(ctx, v); err != nil {
					d.results = append(d.results, failed(target, v, err))
					continue
				}
			}
			t := tabs[i]
			if err := o.Rate.Wait(ctx, target.URL); err != nil {
				d.results = append(d.results, failed(target, v, err))
				continue
			}
			began := time.Now()
			r, err := t.Render(ctx, target, RenderOptions{Timeout: o.Timeout, Links: o.Crawl != nil, Judge: o.judge(target)})
			if r != nil && r.FinalURL != "" {
				d.finalURL = r.FinalURL
			}
			if err == nil && o.Crawl != nil && target.Crawled {
				if ok, why := o.Crawl.Scope.In(target.Start, r.FinalURL); !ok {
					d.results = append(d.results, skipped(target, v, "redirected out of scope ("+why+") to "+r.FinalURL))
					continue
				}
			}
			if err == nil && r.Skip != "" {
				pr := skipped(target, v, r.Skip)
				pr.HTTPStatus = r.HTTPStatus
				d.results = append(d.results, pr)
				continue
			}
			if err != nil {
				t.Close()
				tabs[i] = nil
				pr := failed(target, v, err)
				if r != nil {
					pr.HTTPStatus = r.HTTPStatus
					pr.FinalURL = o.displayURL(r.FinalURL, target)
				}
				d.results = append(d.results, pr)
				continue
			}
			for _, l := range r.Links {
				links[l] = true
			}
			pr := o.check(target, v, r)
			pr.Elapsed = time.Since(began)
			if o.Artifacts.wants(&pr) {
				ev, err := t.Evidence(ctx, o.Artifacts, &pr, o.Timeout)
				if err != nil {
					ev.Error = err.Error()
				}
				pr.Evidence = ev
			}
			d.results = append(d.results, pr)
		}
		for l := range links {
			d.links = append(d.links, l)
		}
		slices.Sort(d.links)
		done <- d
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
	return func(p *rules.Page) *rules.Judgement { return rules.Judge(p, ro) }
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

// pageGroup is checked page-viewports of a result handed to a check across
// pages, with their indexes in res.Pages to attach its findings.
type pageGroup struct {
	pages  []*rules.Page
	judged []*rules.Judgement
	idx    []int
}

func (g *pageGroup) add(res *Result, i int) {
	g.pages = append(g.pages, res.Pages[i].Page)
	g.judged = append(g.judged, res.Pages[i].Judgement)
	g.idx = append(g.idx, i)
}

func (g *pageGroup) attach(res *Result, fs []rules.SiteFinding) {
	for _, sf := range fs {
		p := &res.Pages[g.idx[sf.Index]]
		p.Findings = append(p.Findings, Finding{Finding: sf.Finding})
	}
}

// checked reports whether a page-viewport was measured and judged.
func checked(p *PageResult) bool { return p.Status.Checked() && p.Page != nil }

// checkSite adds ICP014 findings where a page-viewport's main number
// differs from the most common one of its site (Target.Site). Pages held
// to an expected number are left out: the per-page check compared them
// with it already.
func (o *Options) checkSite(res *Result) {
	sites := map[string]*pageGroup{}
	var order []string
	for i := range res.Pages {
		p := &res.Pages[i]
		if !checked(p) || o.expectFor(p.Target) != "" {
			continue
		}
		g := sites[p.Target.Site]
		if g == nil {
			g = &pageGroup{}
			sites[p.Target.Site] = g
			order = append(order, p.Target.Site)
		}
		g.add(res, i)
	}
	for _, site := range order {
		g := sites[site]
		g.attach(res, rules.CheckSite(site, g.pages, g.judged, &o.Rules))
	}
}

// checkRun adds the run-wide findings (CTX001 once per run); res.Pages
// must be in report order.
func checkRun(res *Result, o *rules.Options) {
	var g pageGroup
	for i := range res.Pages {
		if checked(&res.Pages[i]) {
			g.add(res, i)
		}
	}
	g.attach(res, rules.CheckRun(g.pages, g.judged, o))
}
