package scanner

import (
	"fmt"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner/discover"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

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
	// replayed counts the pages of a --state journal replayed while they
	// are still in the queue (replay removes them at its end).
	replayed int
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
// of each.
func (f *frontier) record(rs []PageResult) {
	// The page being recorded is no longer in flight, so its results not
	// yet appended count apart from the queue and the pages in flight.
	total := len(f.results) + len(rs) + (len(f.queue)-f.replayed+f.inflight)*len(f.o.Viewports)
	for _, r := range rs {
		f.results = append(f.results, r)
		if f.o.OnPage != nil {
			f.o.OnPage(r, total)
		}
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
		f.o.Request.Origins.Add(key) // its credentials, when the run has some
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
