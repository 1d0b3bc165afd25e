// Package scanner turns targets into one Result. It gathers the targets
// (URLs, local files and folders served on loopback, each with its key),
// drives an engine through a small interface (Renderer, Session, Tab; the
// Chromium engine is package scanner/browser) with a bounded pool of
// workers and a breadth-first crawl frontier (scope, depth, page cap,
// robots.txt, redirects, cancellation), runs the rules on every measured
// page and across pages (site and run checks), applies a baseline and
// points findings at source templates. It never imports a browser: what
// requests carry, cookies, rate limits, the egress policy and proxy and the
// evidence settings are values an engine reads.
package scanner

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner/discover"
)

// Options configure a scan.
type Options struct {
	Viewports []rules.Viewport
	// Timeout bounds one page at one viewport, load to last measurement.
	Timeout time.Duration
	// Concurrency is the number of pages rendering at once: one worker
	// each, holding one tab per viewport. A render whose page waits on
	// its server parks (see Slot), and another worker renders meanwhile:
	// up to 2 × Concurrency pages wait so beside the ones rendering.
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
	// Rate limits page loads per host (nil: no limit); retries wait for
	// it too.
	Rate *HostLimiter
	// Retry tries page-viewports that failed for a transient reason again.
	Retry Retry
	// MaxDuration, when positive, bounds the whole run: when it passes,
	// the page-viewports not finished end as RunDeadlineReason and Scan
	// returns ErrRunDeadline.
	MaxDuration time.Duration
	// RequireAll makes every page an entry page (ICP001 at error level),
	// crawled ones included.
	RequireAll bool
	// OnPage is called, from Scan's goroutine, as each page-viewport ends
	// (checked, failed or skipped), before site-wide checks (--jsonl, the
	// progress display); total is the number of page-viewports the run
	// holds so far, this one included (a crawl grows it). When a cancelled
	// run leaves pages not started, it is called last for each of them
	// (PageResult.NotScanned), with the run's final total.
	OnPage func(r PageResult, total int)
	// Maps point findings of URL pages at their source templates.
	Maps []SourceMap
	// Artifacts, when set, receives evidence screenshots.
	Artifacts *Artifacts

	isolation *isolation // set by Scan
	pool      *pool      // set by Scan
	scrub     *scrubber  // set by Scan: the credential values pages must not echo into reports
	// State, when set, is the --state journal: the pages it holds are
	// replayed (not rendered again) and every page that ends while the run
	// goes on is appended to it.
	State *State
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

// Scan renders every target at every viewport with a bounded pool of tabs
// and checks the pages; with Crawl it follows links breadth-first. One
// goroutine (this one) owns the frontier; the run ends when the frontier is
// empty and nothing is in flight. Every URL seen ends in the result once
// per viewport: checked, failed or skipped with the reason. Scan returns
// ctx's error when the run was cancelled; the result then holds what was
// done, and pages not started are errors with NotScannedReason. When
// Options.MaxDuration passes first, it returns ErrRunDeadline, and the
// page-viewports not finished are errors with RunDeadlineReason.
func Scan(ctx context.Context, r Renderer, targets []Target, o Options) (*Result, error) {
	if o.MaxDuration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, o.MaxDuration, ErrRunDeadline)
		defer cancel()
	}
	f := newFrontier(targets, &o)
	o.isolation = &isolation{}
	o.scrub = newScrubber(o.Request)
	f.replay(o.State)
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
	o.pool = newPool(o.Concurrency)
	start := func() { wg.Go(func() { o.worker(ctx, visits, jobs, done) }) }
	for range o.pool.n {
		o.pool.live.Add(1)
		start()
	}

	cancelled := false
	stop := ctx.Done() // nil once told: a closed channel would spin the loop
	for {
		var send chan Target
		var next Target
		if !cancelled && len(f.queue) > 0 {
			send, next = jobs, f.queue[0]
			if o.pool.grow() {
				// Parked renders leave a slot free and every worker busy.
				start()
			}
		}
		if f.inflight == 0 && (cancelled || len(f.queue) == 0) {
			break
		}
		select {
		case <-o.pool.wake: // a render parked: start a worker if one is wanted
		case send <- next:
			o.pool.idle.Add(-1) // here, not in the worker: grow must see it at once
			f.queue = f.queue[1:]
			f.inflight++
		case d := <-done:
			f.inflight--
			if ctx.Err() == nil {
				// A page that ended because the run was cancelled is
				// scanned again on resume.
				o.State.record(d)
			}
			f.finish(d)
		case <-stop:
			cancelled, stop = true, nil
		}
	}
	close(jobs)
	wg.Wait()
	// Pages never started are listed in the result, and told after every
	// page that ended.
	var notStarted []PageResult
	for _, t := range f.queue {
		notStarted = append(notStarted, skippedOrFailed(t, o.Viewports, StatusError, notScannedReason(ctx))...)
	}
	f.queue = nil
	f.record(notStarted)

	res := o.result(r.Engine(), visits, f.results)
	return res, runError(ctx, res)
}

// result is the run's Result from its page-viewports, checked across
// pages.
func (o *Options) result(eng Engine, visits Session, pages []PageResult) *Result {
	res := &Result{Tool: Tool{Name: "beiancheck", Version: o.Version}, Browser: eng.Product, BrowserPath: eng.Path, NoSandbox: eng.NoSandbox, Blocked: o.Request.Block, Pages: pages}
	if rs, ok := visits.(Restarter); ok {
		res.BrowserRestarts = rs.Restarts()
	}
	if rc, ok := visits.(Recycler); ok {
		res.BrowserRecycles = rc.Recycles()
	}
	// Pages first in report order: the run-wide checks pick the first
	// page-viewport that qualifies, so the output is deterministic.
	res.Sort()
	o.checkSite(res)
	checkRun(res, &o.Rules)
	checkWebViews(res, &o.Rules)
	locateFindings(res, o.Maps)
	res.Sort()
	return res
}

// notScannedReason is why a run's page-viewports were not scanned: its
// deadline passed, or it was cancelled.
func notScannedReason(ctx context.Context) string {
	if deadlinePassed(ctx) {
		return RunDeadlineReason
	}
	return NotScannedReason
}

func deadlinePassed(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), ErrRunDeadline)
}

// runError is Scan's error: the run's cancellation, or ErrRunDeadline when
// its deadline left page-viewports not scanned (one that passes after the
// last page ended leaves nothing to say).
func runError(ctx context.Context, res *Result) error {
	err := context.Cause(ctx)
	if errors.Is(err, ErrRunDeadline) && !slices.ContainsFunc(res.Pages, func(p PageResult) bool { return p.NotScanned() }) {
		return nil
	}
	return err
}
