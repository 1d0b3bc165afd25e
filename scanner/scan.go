// Package scanner renders pages in headless Chromium, turns each page and
// viewport into a rules.Page, runs the rules and gathers one Result. It owns
// everything that touches a browser, the network or files.
package scanner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/beiancheck/beiancheck/rules"
)

// Options configure a scan.
type Options struct {
	Viewports []rules.Viewport
	// Timeout bounds one page at one viewport, load to last measurement.
	Timeout time.Duration
	// Concurrency is the number of tabs rendering at once.
	Concurrency int
	Rules       rules.Options
	// Local is the server that serves local targets, used to turn its
	// loopback URLs back into file paths; nil when there is none.
	Local *LocalServer
	// Version is beiancheck's version for the report.
	Version string
}

// job is one target at one viewport.
type job struct {
	index    int
	target   Target
	viewport rules.Viewport
}

// Scan renders every target at every viewport with a bounded pool of tabs
// and checks the pages. A page that could not be loaded or measured is a
// result with status "error", never a pass. Scan returns ctx's error when
// the run was cancelled; the result then holds what was done.
func Scan(ctx context.Context, b *Browser, targets []Target, o Options) (*Result, error) {
	jobs := make(chan job)
	var results []PageResult
	for _, t := range targets {
		for _, v := range o.Viewports {
			results = append(results, PageResult{Target: t, URL: t.Display, FinalURL: t.Display, Viewport: v.Name, Status: StatusError, Error: "not scanned: run cancelled"})
		}
	}
	n := max(1, min(o.Concurrency, len(results)))
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			var t *tab
			defer func() {
				if t != nil {
					t.close()
				}
			}()
			for j := range jobs {
				var err error
				if t == nil {
					if t, err = b.newTab(); err != nil {
						results[j.index] = failed(j, err)
						continue
					}
				}
				r, err := t.render(ctx, j.target, j.viewport, o.Timeout, &o.Rules)
				if err != nil {
					// A tab that failed may be stuck in a hostile page:
					// the next page gets a fresh one.
					t.close()
					t = nil
					pr := failed(j, err)
					if r != nil {
						pr.HTTPStatus = r.httpStatus
						pr.FinalURL = o.displayURL(r.finalURL, j.target)
					}
					results[j.index] = pr
					continue
				}
				results[j.index] = o.check(j, r)
			}
		})
	}
	i := 0
feed:
	for _, t := range targets {
		for _, v := range o.Viewports {
			select {
			case jobs <- job{index: i, target: t, viewport: v}:
				i++
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()

	res := &Result{Tool: Tool{Name: "beiancheck", Version: o.Version}, Browser: b.Product, BrowserPath: b.Path, Pages: results}
	checkSite(res, &o.Rules)
	locateFindings(res)
	res.Sort()
	return res, ctx.Err()
}

func failed(j job, err error) PageResult {
	return PageResult{
		Target: j.target, URL: j.target.Display, FinalURL: j.target.Display, Viewport: j.viewport.Name,
		Status: StatusError, Error: err.Error(), Filings: []rules.JudgedFiling{}, Findings: []Finding{},
	}
}

// check runs the rules on a rendered page.
func (o *Options) check(j job, r *rendered) PageResult {
	p := r.page
	p.URL = j.target.Display
	p.FinalURL = o.displayURL(r.finalURL, j.target)
	p.Entry = j.target.Entry
	judged, fs := rules.Check(p, &o.Rules)
	pr := PageResult{
		Target: j.target, URL: p.URL, FinalURL: p.FinalURL, Viewport: j.viewport.Name,
		Status: StatusOK, HTTPStatus: r.httpStatus, Page: p, Judgement: judged,
		Filings: judged.Filings, Findings: make([]Finding, 0, len(fs)),
	}
	if pr.Filings == nil {
		pr.Filings = []rules.JudgedFiling{}
	}
	for _, f := range fs {
		pr.Findings = append(pr.Findings, Finding{Finding: f})
	}
	return pr
}

// displayURL turns a loopback URL of a local file back into its path, so
// reports hold no random port.
func (o *Options) displayURL(u string, t Target) string {
	if o.Local == nil || !strings.HasPrefix(u, o.Local.Base()+"/") {
		return u
	}
	if u == t.URL {
		return t.Display
	}
	rest := strings.TrimPrefix(u, o.Local.Base()+"/")
	if _, after, ok := strings.Cut(rest, "/"); ok {
		base := strings.TrimSuffix(t.Display, t.name)
		return base + after
	}
	return u
}

// checkSite adds ICP014 findings where a page-viewport's main number
// differs from the most common one of its site.
func checkSite(res *Result, o *rules.Options) {
	type group struct {
		pages  []*rules.Page
		judged []*rules.Judgement
		idx    []int
	}
	sites := map[string]*group{}
	var order []string
	for i := range res.Pages {
		p := &res.Pages[i]
		if p.Status != StatusOK || p.Page == nil {
			continue
		}
		g := sites[p.Target.Site]
		if g == nil {
			g = &group{}
			sites[p.Target.Site] = g
			order = append(order, p.Target.Site)
		}
		g.pages = append(g.pages, p.Page)
		g.judged = append(g.judged, p.Judgement)
		g.idx = append(g.idx, i)
	}
	for _, site := range order {
		g := sites[site]
		for _, sf := range rules.CheckSite(g.pages, g.judged, o) {
			p := &res.Pages[g.idx[sf.Index]]
			p.Findings = append(p.Findings, Finding{Finding: sf.Finding})
		}
	}
}

// ErrPagesFailed reports that some targets could not be checked.
var ErrPagesFailed = errors.New("some pages could not be loaded or measured")

// Failed lists the page-viewports that could not be checked.
func (r *Result) Failed() []string {
	var out []string
	for _, p := range r.Pages {
		if p.Status != StatusOK {
			out = append(out, fmt.Sprintf("%s [%s]: %s", p.URL, p.Viewport, p.Error))
		}
	}
	return out
}
