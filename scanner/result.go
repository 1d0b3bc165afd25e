package scanner

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"github.com/beiancheck/beiancheck/rules"
)

// Status is what became of a page-viewport: checked, failed or skipped.
// Writers ask its predicates rather than compare strings.
type Status string

// The statuses of a page-viewport, as the JSON report spells them.
const (
	StatusOK    Status = "ok"
	StatusError Status = "error"
	// StatusSkipped marks a URL found but deliberately not scanned
	// (robots.txt, scope, limits, non-HTML); Error holds the reason.
	StatusSkipped Status = "skipped"
)

// Checked reports whether the page was rendered and judged.
func (s Status) Checked() bool { return s == StatusOK }

// Failed reports whether the page could not be checked: an error, or a
// cancelled run's page not scanned. It has no verdict, never a pass.
func (s Status) Failed() bool { return s == StatusError }

// Skipped reports whether the page was found but deliberately not scanned.
func (s Status) Skipped() bool { return s == StatusSkipped }

// SkipHint joins a skipped target's reason to what the target looks like
// it was meant as ("not HTML: application/xml, looks like a sitemap: did
// you mean --sitemap …?"); the summary repeats what follows it.
const SkipHint = ", looks like "

// NotScannedReason is the Error of a page-viewport that a cancelled run
// never started.
const NotScannedReason = "not scanned: run cancelled"

// RunDeadlineReason is the Error of a page-viewport not finished when the
// run's deadline (Options.MaxDuration) passed: never started, or ended
// before it was done.
const RunDeadlineReason = "not scanned: run deadline"

// ErrRunDeadline is what Scan returns when the run's deadline passed.
var ErrRunDeadline = errors.New("run deadline passed")

// Result is everything one run found. Every report writer reads it.
type Result struct {
	Tool    Tool   `json:"tool"`
	Browser string `json:"browser"` // product and version, "Chromium/156.0.8078.73"
	// BrowserPath is the binary that measured the pages.
	BrowserPath string `json:"browser_path,omitempty"`
	// NoSandbox says the browser ran without its own sandbox (Engine).
	NoSandbox bool `json:"no_sandbox,omitempty"`
	// Blocked are the resource classes the browser did not load (--block):
	// the pages were measured without them.
	Blocked []string     `json:"blocked,omitempty"`
	Pages   []PageResult `json:"pages"`
	// BrowserRestarts is how many times the browser was restarted after
	// its process died.
	BrowserRestarts int `json:"browser_restarts,omitempty"`
	// BrowserRecycles is how many times the browser was replaced by a new
	// one between pages (--recycle-pages, --max-browser-rss).
	BrowserRecycles int `json:"browser_recycles,omitempty"`
	// WebViewHosts are the hosts of the web-view pages of a mini-program
	// project (the 业务域名), as ICP016 judged them; nil without one.
	WebViewHosts []rules.WebViewHost `json:"-"`
	// Rules is the catalogue with the levels in force for this run.
	Rules []*rules.Rule `json:"-"`
}

// Tool names this program.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// PageResult is one target at one viewport.
type PageResult struct {
	Target   Target `json:"-"`
	URL      string `json:"url"`
	FinalURL string `json:"final_url"`
	Viewport string `json:"viewport"`
	Status   Status `json:"status"`
	Error    string `json:"error,omitempty"`
	// HTTPStatus is the status code of the document response (0 for file:
	// or when no response arrived).
	HTTPStatus int `json:"http_status,omitempty"`
	// Attempts is the number of times the page-viewport's render was
	// tried: more than 1 when a transient failure was retried, 0 when it
	// was not tried (skipped, not scanned).
	Attempts int                  `json:"attempts,omitempty"`
	Filings  []rules.JudgedFiling `json:"filings"`
	Findings []Finding            `json:"findings"`
	// Fixed are the findings of the baseline report that this run no
	// longer finds (baseline state "absent"); they count for nothing.
	Fixed []Finding `json:"fixed,omitempty"`
	// Evidence holds the screenshots taken of the page-viewport, when
	// --artifacts asked for them.
	Evidence Evidence `json:"evidence,omitzero"`
	// BrowserCrashes is how many times the browser died while this
	// page-viewport rendered: 1 when it died under it (or under another
	// page beside it) and the page was rendered again, alone, on a
	// restarted browser; 2 when it died again then (the error says
	// "crashed the browser (twice)").
	BrowserCrashes int `json:"browser_crashes,omitempty"`
	// BlockedRequests counts the distinct requests of the page that the
	// egress policy refused (BlockedRequest); BlockedList holds the first
	// MaxBlockedListed of them in (URL, kind, reason) order.
	BlockedRequests int              `json:"blocked_requests,omitempty"`
	BlockedList     []BlockedRequest `json:"blocked_request_list,omitempty"`
	// Elapsed is how long the page-viewport took, load to last
	// measurement, every attempt included; for a page that failed, until
	// it failed (0 for one never rendered). Reports that must be
	// deterministic leave it out.
	Elapsed time.Duration `json:"-"`
	// Page and Judgement are what the rules saw and decided (nil for a
	// page that failed).
	Page      *rules.Page      `json:"-"`
	Judgement *rules.Judgement `json:"-"`
}

// BlockedRequest is a request of a page that the egress policy refused
// (an inward address that is not a target): its URL, the kind of request
// (document, iframe, image, script, stylesheet, xhr, fetch, websocket, …,
// as the engine names resource types) and why.
type BlockedRequest struct {
	URL    string `json:"url"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

// MaxBlockedListed is the most blocked requests a page-viewport lists;
// BlockedRequests counts them all.
const MaxBlockedListed = 20

// CompareBlocked orders blocked requests by URL, kind and reason.
func CompareBlocked(a, b BlockedRequest) int {
	return cmp.Or(cmp.Compare(a.URL, b.URL), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Reason, b.Reason))
}

// SetBlocked records the blocked requests of the page-viewport: their
// distinct count, and the first MaxBlockedListed in CompareBlocked order.
func (p *PageResult) SetBlocked(bs []BlockedRequest) {
	bs = slices.Clone(bs)
	slices.SortFunc(bs, CompareBlocked)
	bs = slices.Compact(bs)
	p.BlockedRequests = len(bs)
	p.BlockedList = nil
	if len(bs) > 0 {
		p.BlockedList = bs[:min(len(bs), MaxBlockedListed)]
	}
}

// BlockedTotal is the number of blocked requests of every page-viewport.
func (r *Result) BlockedTotal() int {
	n := 0
	for i := range r.Pages {
		n += r.Pages[i].BlockedRequests
	}
	return n
}

// Evidence names the screenshot files of a page-viewport, as paths
// relative to the artifacts directory (slash-separated).
type Evidence struct {
	// Footer is a PNG of the footer region with overlays drawn by the
	// browser: the number's text box, its line box, the page's centre line,
	// the measured offset, and the covering element.
	Footer string `json:"footer,omitempty"`
	// Thumbnail is a small PNG of the whole page.
	Thumbnail string `json:"thumbnail,omitempty"`
	// Caption is the text drawn over the footer screenshot: the measured
	// offset, why the number cannot be seen, and what is outlined (for a
	// number with no box, its nearest displayed ancestor). Not in the
	// reports: the screenshot shows it.
	Caption string `json:"-"`
	// Error says why screenshots asked for could not be taken.
	Error string `json:"error,omitempty"`
}

// Baseline states of a finding compared with a previous report.
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
	BaselineAbsent    = "absent" // in the baseline, gone now: fixed
)

// Finding is a rule finding placed in the source: for a local file the
// file's path (relative to the working directory) and the line of the
// element; for a URL, nothing (writers derive a pseudo path).
type Finding struct {
	rules.Finding
	Path string `json:"path,omitempty"`
	Line int    `json:"line,omitempty"`
	// Baseline is new, unchanged or absent when the run was compared with a
	// baseline report; empty otherwise.
	Baseline string `json:"baseline,omitempty"`
}

// Compliant reports whether the page-viewport was checked and its primary
// number is compliant as DOMAIN §2 defines it (rules.Judgement.Compliant:
// found ∧ in_footer ∧ centered ∧ linked ∧ visible). Findings and their
// levels do not enter: --level changes the exit code, never this. A page
// not checked is never compliant.
func (p *PageResult) Compliant() bool {
	return p.Status.Checked() && p.Judgement != nil && p.Judgement.Compliant()
}

// NotScanned reports whether the page-viewport was never started because
// the run was cancelled, or not finished by the run's deadline: an error
// (never a pass) that reports count in one line rather than list.
func (p *PageResult) NotScanned() bool {
	return p.Status.Failed() && (p.Error == NotScannedReason || p.Error == RunDeadlineReason)
}

// Summary counts a result.
type Summary struct {
	Pages    int `json:"pages"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notes    int `json:"notes"`
	// Failed counts page-viewports that could not be loaded or measured.
	Failed int `json:"failed"`
	// Skipped counts page-viewports found but not scanned, by choice.
	Skipped int `json:"skipped"`
	// Compliant counts page-viewports checked and compliant
	// (PageResult.Compliant); NotCompliant those checked and not
	// compliant, with or without an error-level finding. Pages - Skipped
	// = Compliant + NotCompliant + Failed.
	Compliant    int `json:"compliant"`
	NotCompliant int `json:"not_compliant"`
}

// Summary counts pages, findings by level and failures.
func (r *Result) Summary() Summary {
	s := Summary{Pages: len(r.Pages)}
	for i := range r.Pages {
		p := &r.Pages[i]
		switch {
		case p.Status.Skipped():
			s.Skipped++
			continue
		case p.Status.Failed():
			s.Failed++
		case p.Compliant():
			s.Compliant++
		default:
			s.NotCompliant++
		}
		// A page not checked can still carry a finding of the project's
		// source (ICP015 on a web-view URL not deployed yet).
		for _, f := range p.Findings {
			switch f.Level {
			case rules.LevelError:
				s.Errors++
			case rules.LevelWarning:
				s.Warnings++
			case rules.LevelNote:
				s.Notes++
			}
		}
	}
	return s
}

// MaxLevel is the most severe finding level of the run ("" when none);
// with newOnly, of the findings a baseline did not have.
func (r *Result) MaxLevel(newOnly bool) rules.Level {
	var m rules.Level
	for _, p := range r.Pages {
		for _, f := range p.Findings {
			if newOnly && f.Baseline != BaselineNew {
				continue
			}
			if f.Level.Rank() > m.Rank() {
				m = f.Level
			}
		}
	}
	return m
}

// Sort puts pages in (URL, viewport) order and findings in (rule, selector,
// number, message) order so that output is deterministic.
func (r *Result) Sort() {
	slices.SortStableFunc(r.Pages, func(a, b PageResult) int {
		return cmp.Or(cmp.Compare(a.URL, b.URL), CompareViewports(a.Viewport, b.Viewport))
	})
	for i := range r.Pages {
		slices.SortStableFunc(r.Pages[i].Findings, func(a, b Finding) int {
			return cmp.Or(cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Selector, b.Selector),
				cmp.Compare(a.Number, b.Number), cmp.Compare(a.Message, b.Message))
		})
	}
}

// CompareViewports orders viewports mobile, desktop, mobile-dark,
// desktop-dark, then others by name.
func CompareViewports(a, b string) int {
	return cmp.Or(cmp.Compare(viewportRank(a), viewportRank(b)), cmp.Compare(a, b))
}

func viewportRank(name string) int {
	switch name {
	case "mobile":
		return 0
	case "desktop":
		return 1
	case "mobile-dark":
		return 2
	case "desktop-dark":
		return 3
	}
	return 4
}

// Failed lists the page-viewports that could not be checked.
func (r *Result) Failed() []string {
	var out []string
	for _, p := range r.Pages {
		if p.Status.Failed() {
			out = append(out, p.URL+" ["+p.Viewport+"]: "+p.Error)
		}
	}
	return out
}
