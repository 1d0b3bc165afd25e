package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// JSONSchemaVersion is the version of the JSON report's shape. It changes
// only when a field is removed or changes meaning; adding fields does not.
const JSONSchemaVersion = 1

// JSONReport is the JSON report: the contract that scripts and the
// baseline feature read. The field set of these structs is the contract;
// fields may be added, none renamed or dropped.
type JSONReport struct {
	SchemaVersion int      `json:"schema_version"`
	Tool          JSONTool `json:"tool"`
	Browser       string   `json:"browser"`
	// NoSandbox is true when the browser ran without its own sandbox
	// (beiancheck running as root); absent when it had it.
	NoSandbox bool `json:"no_sandbox,omitempty"`
	// Blocked are the resource classes the browser did not load
	// (--block); absent when everything was loaded.
	Blocked []string `json:"blocked,omitempty"`
	// BrowserRestarts is how many times the browser was restarted after
	// its process died; absent when it never died.
	BrowserRestarts int `json:"browser_restarts,omitempty"`
	// BrowserRecycles is how many times the browser was replaced by a new
	// one between pages (--recycle-pages, --max-browser-rss); absent when
	// it never was. Not a crash.
	BrowserRecycles int `json:"browser_recycles,omitempty"`
	// WebViewHosts are the business domains (业务域名) of the web-view
	// pages of a mini-program project; absent without one.
	WebViewHosts []JSONWebViewHost `json:"webview_hosts,omitempty"`
	Pages        []JSONPage        `json:"pages"`
	Summary      JSONSummary       `json:"summary"`
}

// JSONWebViewHost is one web-view host: whether every URL the project
// writes for it is https://, whether a filing number showed on one of its
// checked page-viewports (ICP016 when not), and how many page-viewports it
// has and were checked.
type JSONWebViewHost struct {
	Host    string `json:"host"`
	HTTPS   bool   `json:"https"`
	Filed   bool   `json:"filed"`
	Pages   int    `json:"pages"`
	Checked int    `json:"checked"`
}

func jsonWebViewHosts(hosts []rules.WebViewHost) []JSONWebViewHost {
	var out []JSONWebViewHost
	for _, h := range hosts {
		out = append(out, JSONWebViewHost{Host: h.Host, HTTPS: h.HTTPS, Filed: h.Filed, Pages: h.Pages, Checked: h.Checked})
	}
	return out
}

// JSONTool names the program that wrote the report.
type JSONTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// JSONPage is one target at one viewport. URL is the URL the user gave,
// or for a local file its path, rather than the loopback URL the file was
// served under (which changes from run to run); FinalURL is where the
// browser ended up. Error is empty when Status is "ok". Compliant is true
// when the page was checked and has no error-level finding.
type JSONPage struct {
	URL      string `json:"url"`
	FinalURL string `json:"final_url"`
	// Path is the local file's path for a file target.
	Path       string `json:"path,omitempty"`
	Viewport   string `json:"viewport"`
	Status     string `json:"status"`
	Error      string `json:"error"`
	HTTPStatus int    `json:"http_status,omitempty"`
	// Attempts is the number of times the page-viewport was rendered
	// when a transient failure was tried again (--retries): absent when
	// it was rendered once, or never.
	Attempts  int           `json:"attempts,omitempty"`
	Compliant bool          `json:"compliant"`
	Filings   []JSONFiling  `json:"filings"`
	Findings  []JSONFinding `json:"findings"`
	// Fixed are the baseline's findings this run no longer has.
	Fixed []JSONFinding `json:"fixed,omitempty"`
	// Evidence names the screenshots (relative to --artifacts).
	Evidence *JSONEvidence `json:"evidence,omitempty"`
	// ElapsedMS is the time the page-viewport took; only --jsonl lines
	// carry it, so that reports stay deterministic.
	ElapsedMS int64 `json:"elapsed_ms,omitempty"`
	// BrowserCrashes is how many times the browser died while the
	// page-viewport rendered (it was then rendered again, alone).
	BrowserCrashes int `json:"browser_crashes,omitempty"`
	// Source is where a mini-program project gives the URL (its
	// web-view), for pages found by discovery.
	Source *scanner.SourceRef `json:"source,omitempty"`
	// BlockedRequests counts the distinct requests of the page that the
	// egress policy refused (an inward address that is not a target);
	// BlockedRequestList holds the first scanner.MaxBlockedListed of them,
	// sorted by URL, kind and reason. Both are absent when none was.
	BlockedRequests    int           `json:"blocked_requests,omitempty"`
	BlockedRequestList []JSONBlocked `json:"blocked_request_list,omitempty"`
}

// JSONBlocked is one request the egress policy refused: its URL (without
// credentials), its kind (document, iframe, image, script, stylesheet,
// xhr, fetch, websocket, …) and why.
type JSONBlocked struct {
	URL    string `json:"url"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

// JSONEvidence names a page-viewport's screenshots.
type JSONEvidence struct {
	Footer    string `json:"footer,omitempty"`
	Thumbnail string `json:"thumbnail,omitempty"`
	Error     string `json:"error,omitempty"`
}

// JSONFiling is one number found in the page's rendered text, with the
// attributes DOMAIN.md §2 defines. Number is the normalised form, Raw the
// text as the page has it.
type JSONFiling struct {
	Kind           string  `json:"kind"`
	Number         string  `json:"number"`
	Raw            string  `json:"raw"`
	Primary        bool    `json:"primary"`
	Valid          bool    `json:"valid"`
	InFooter       bool    `json:"in_footer"`
	Centered       bool    `json:"centered"`
	CenterOffsetPx float64 `json:"center_offset_px"`
	Linked         bool    `json:"linked"`
	Href           string  `json:"href"`
	Visible        bool    `json:"visible"`
	Selector       string  `json:"selector"`

	Form              string      `json:"form,omitempty"`
	Main              string      `json:"main,omitempty"`
	Province          string      `json:"province,omitempty"`
	Site              string      `json:"site,omitempty"`
	Suffix            string      `json:"suffix,omitempty"`
	CenterTolerancePx float64     `json:"center_tolerance_px,omitempty"`
	LinkProblem       string      `json:"link_problem,omitempty"`
	Invisible         string      `json:"invisible,omitempty"`
	FontSizePx        float64     `json:"font_size_px,omitempty"`
	Contrast          float64     `json:"contrast,omitempty"`
	Gradient          string      `json:"gradient,omitempty"`
	Animated          string      `json:"animated,omitempty"`
	Issues            []JSONIssue `json:"issues,omitempty"`
}

// JSONIssue is a format problem of a number, as the parser saw it.
type JSONIssue struct {
	Rule    string `json:"rule"`
	Level   string `json:"level"`
	Message string `json:"message"`
}

// JSONFinding is one rule finding. URL is its page's URL as JSONPage.URL
// gives it. Path and Line place it in a local file; both are absent for
// URL targets.
type JSONFinding struct {
	Rule     string `json:"rule"`
	Level    string `json:"level"`
	Message  string `json:"message"`
	Selector string `json:"selector"`
	Number   string `json:"number"`
	Fix      string `json:"fix,omitempty"`
	Viewport string `json:"viewport,omitempty"`
	URL      string `json:"url,omitempty"`
	Snippet  string `json:"snippet,omitempty"`
	Path     string `json:"path,omitempty"`
	Line     int    `json:"line,omitempty"`
	// Baseline is new, unchanged or absent when the run was compared with
	// a baseline report.
	Baseline string `json:"baseline,omitempty"`
}

// JSONSummary counts the report: page-viewports, findings by level,
// page-viewports that failed to load (Failed), were skipped by choice
// (Skipped), and were checked and compliant or not. Pages - Skipped =
// Compliant + NotCompliant + Failed.
type JSONSummary struct {
	Pages        int `json:"pages"`
	Errors       int `json:"errors"`
	Warnings     int `json:"warnings"`
	Notes        int `json:"notes"`
	Failed       int `json:"failed"`
	Skipped      int `json:"skipped"`
	Compliant    int `json:"compliant"`
	NotCompliant int `json:"not_compliant"`
	// BlockedRequests is the sum of the pages' blocked_requests; absent
	// when none was blocked.
	BlockedRequests int `json:"blocked_requests,omitempty"`
}

// jsonSummary is the JSON contract's copy of a result's counts.
func jsonSummary(s scanner.Summary) JSONSummary {
	return JSONSummary{
		Pages: s.Pages, Errors: s.Errors, Warnings: s.Warnings, Notes: s.Notes,
		Failed: s.Failed, Skipped: s.Skipped, Compliant: s.Compliant, NotCompliant: s.NotCompliant,
	}
}

// NewJSONReport converts a result into the JSON report's shape, pages and
// findings in canonical order.
func NewJSONReport(r *scanner.Result) *JSONReport {
	r = sortedCopy(r)
	rep := &JSONReport{
		SchemaVersion:   JSONSchemaVersion,
		Tool:            JSONTool{Name: cmp.Or(r.Tool.Name, toolName), Version: r.Tool.Version},
		Browser:         r.Browser,
		NoSandbox:       r.NoSandbox,
		Blocked:         r.Blocked,
		WebViewHosts:    jsonWebViewHosts(r.WebViewHosts),
		BrowserRestarts: r.BrowserRestarts,
		BrowserRecycles: r.BrowserRecycles,
		Pages:           make([]JSONPage, 0, len(r.Pages)),
		Summary:         jsonSummary(r.Summary()),
	}
	rep.Summary.BlockedRequests = r.BlockedTotal()
	for i := range r.Pages {
		rep.Pages = append(rep.Pages, jsonPage(&r.Pages[i]))
	}
	return rep
}

func jsonPage(p *scanner.PageResult) JSONPage {
	jp := JSONPage{
		URL:            displayURL(p),
		FinalURL:       sanitize.URL(p.FinalURL),
		Path:           p.Target.Path,
		Source:         p.Target.SourceRef,
		Viewport:       p.Viewport,
		Status:         string(p.Status),
		Error:          sanitize.Credentials(p.Error),
		HTTPStatus:     p.HTTPStatus,
		BrowserCrashes: p.BrowserCrashes,
		Compliant:      p.Compliant(),
		Attempts:       retried(p.Attempts),
		Filings:        make([]JSONFiling, 0, len(p.Filings)),
		Findings:       make([]JSONFinding, 0, len(p.Findings)),
	}
	for _, f := range p.Filings {
		jf := JSONFiling{
			Kind:              string(f.Kind),
			Number:            f.Number,
			Raw:               f.Raw,
			Primary:           f.Primary,
			Valid:             f.Valid,
			InFooter:          f.InFooter,
			Centered:          f.Centered,
			CenterOffsetPx:    finite(f.CenterOffsetPx),
			Linked:            f.Linked,
			Href:              sanitize.URL(f.Href),
			Visible:           f.Visible,
			Selector:          f.Selector,
			Form:              string(f.Form),
			Main:              f.Main,
			Province:          f.Province,
			Site:              f.Site,
			Suffix:            f.Suffix,
			CenterTolerancePx: finite(f.CenterTolerancePx),
			LinkProblem:       string(f.LinkProblem),
			Invisible:         f.Invisible,
			FontSizePx:        finite(f.FontSize),
			Contrast:          finite(f.Contrast),
			Gradient:          f.Gradient,
			Animated:          f.Animated,
		}
		for _, is := range f.Issues {
			jf.Issues = append(jf.Issues, JSONIssue{Rule: is.Rule, Level: string(is.Level), Message: is.Message})
		}
		jp.Filings = append(jp.Filings, jf)
	}
	for _, f := range p.Findings {
		jp.Findings = append(jp.Findings, jsonFinding(p, f))
	}
	for _, f := range p.Fixed {
		jp.Fixed = append(jp.Fixed, jsonFinding(p, f))
	}
	if ev := p.Evidence; ev != (scanner.Evidence{}) {
		jp.Evidence = &JSONEvidence{Footer: ev.Footer, Thumbnail: ev.Thumbnail, Error: ev.Error}
	}
	jp.BlockedRequests = p.BlockedRequests
	for _, b := range p.BlockedList {
		jp.BlockedRequestList = append(jp.BlockedRequestList, JSONBlocked{URL: sanitize.URL(b.URL), Kind: b.Kind, Reason: b.Reason})
	}
	return jp
}

// retried is a page-viewport's attempts for the report: 0 (left out) for
// one attempt, so that the report of a run without retries is unchanged.
func retried(attempts int) int {
	if attempts > 1 {
		return attempts
	}
	return 0
}

func jsonFinding(p *scanner.PageResult, f scanner.Finding) JSONFinding {
	return JSONFinding{
		Rule:     f.Rule,
		Level:    string(f.Level),
		Message:  f.Message,
		Selector: f.Selector,
		Number:   f.Number,
		Fix:      f.Fix,
		Viewport: f.Viewport,
		URL:      cmp.Or(displayURL(p), sanitize.URL(f.URL)),
		Snippet:  f.Snippet,
		Path:     f.Path,
		Line:     f.Line,
		Baseline: f.Baseline,
	}
}

// WriteJSON writes the JSON report, indented by two spaces. HTML is not
// escaped, so Chinese text and markup in snippets stay readable.
func WriteJSON(w io.Writer, r *scanner.Result) error {
	return encodeJSON(w, NewJSONReport(r))
}

// ReadJSON decodes a report written by WriteJSON. It rejects a report of
// another schema version; unknown fields are ignored, as later versions
// may add some.
func ReadJSON(r io.Reader) (*JSONReport, error) {
	var rep struct {
		JSONReport
		Runs json.RawMessage `json:"runs"` // only to tell a SARIF log
	}
	if err := json.NewDecoder(r).Decode(&rep); err != nil {
		return nil, fmt.Errorf("read JSON report: %w", err)
	}
	if rep.SchemaVersion == 0 && rep.Runs != nil {
		return nil, fmt.Errorf("read JSON report: this is a SARIF log; give the JSON report that --json wrote")
	}
	if rep.SchemaVersion == 0 && rep.Pages == nil {
		return nil, fmt.Errorf("read JSON report: no schema_version and no pages: not a beiancheck JSON report (--json)")
	}
	if rep.SchemaVersion != JSONSchemaVersion {
		return nil, fmt.Errorf("read JSON report: schema_version %d, want %d", rep.SchemaVersion, JSONSchemaVersion)
	}
	return &rep.JSONReport, nil
}

// WriteJSONLine writes one page-viewport as a single line of JSON, the
// shape of a pages[] item, for --jsonl: a run that is killed keeps every
// line written before.
func WriteJSONLine(w io.Writer, p *scanner.PageResult) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	jp := jsonPage(p)
	jp.ElapsedMS = p.Elapsed.Milliseconds()
	if err := enc.Encode(jp); err != nil {
		return fmt.Errorf("write JSON line: %w", err)
	}
	return nil
}
