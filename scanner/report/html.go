package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// HTMLOptions says how WriteHTML refers to the evidence screenshots, whose
// paths a result gives relative to the artifacts directory.
type HTMLOptions struct {
	// ArtifactsBase is the path from the report file to the artifacts
	// directory ("artifacts/"), a missing final slash added: each image
	// links to its full-size file there, and an image not embedded is
	// shown from that file.
	ArtifactsBase string
	// ReadArtifact reads an artifact by its slash-separated path relative
	// to the artifacts directory, to embed images of at most htmlEmbedMax
	// bytes as data: URIs, so that the report shows them without the
	// artifacts directory. Nil links the images instead.
	ReadArtifact func(rel string) ([]byte, error)
}

// htmlValueMax is the most runes of one value (a message, a snippet, an
// error) the report shows; the JSON report carries the whole value.
const htmlValueMax = 4000

// htmlEmbedMax is the largest image embedded as a data: URI (200 KiB): a
// thumbnail or a footer crop is far smaller, and a report of many
// page-viewports stays small enough to open and mail. A bigger image is
// left to the artifacts directory.
const htmlEmbedMax = 200 << 10

//go:embed html.tmpl
var htmlTemplateText string

//go:embed html.css
var htmlCSS string

// htmlTemplate is parsed once. html/template escapes every value by its
// context (text, attribute, URL, CSS), so nothing a page says can become
// markup; the style sheet is parsed as template text with no actions.
var htmlTemplate = func() *template.Template {
	t := template.Must(template.New("report").Parse(htmlTemplateText))
	template.Must(t.New("css").Parse(htmlCSS))
	return t
}()

// WriteHTML writes the result as one self-contained HTML page for people:
// the verdict, what changed since a baseline, tables by rule and by
// page-viewport, then the findings grouped by page-viewport with their
// evidence screenshots. Filters by level and viewport work with CSS alone
// (no script), and a Content-Security-Policy forbids scripts and remote
// loads, so the file works offline and where scripts are blocked. The page
// is built in memory and written at once.
func WriteHTML(w io.Writer, r *scanner.Result, o HTMLOptions) error {
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, newHTMLDoc(sortedCopy(r), o)); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

// htmlDoc is what the template shows; every string in it is plain text
// that the template escapes.
type htmlDoc struct {
	Tool, Browser string
	Blocked       string // resource classes not loaded (--block)
	Verdict       htmlVerdict
	Summary       scanner.Summary
	Checked       int
	Skipped       string // the skip reasons, counted
	NotScanned    string // the page-viewports a cancelled run never started, counted
	Screenshots   string // the screenshots that could not be written, counted
	Baseline      *htmlBaseline
	Rules         []htmlRuleRow
	Pages         []htmlPageRow
	Levels        []htmlFilter
	Viewports     []htmlFilter
	Sections      []*htmlSection
	Findings      int
}

type htmlVerdict struct{ Class, Headline, Detail string }

// htmlFilter is a checkbox of the filter bar: its element id and the
// class of what it hides, both made here from fixed words and indexes.
type htmlFilter struct {
	ID, Class, Label string
	Index, Count     int
}

type htmlBaseline struct {
	New, Unchanged, Absent int
	NewFindings            []*htmlFinding
	Fixed                  []*htmlFinding
}

type htmlRuleRow struct {
	ID, Href, Title string
	Levels          []htmlLevel
	Count           int
}

// htmlLevel is a level's text and its class (one of a fixed few).
type htmlLevel struct{ Text, Class string }

type htmlPageRow struct {
	URL                     htmlLink
	Viewport, Number        string
	Status, StatusClass     string
	Detail                  string // the error or the skip reason
	Anchor                  string // the id of its findings, if any
	Checked                 bool
	Errors, Warnings, Notes int
}

// htmlLink is a URL shown as text, with Href set only for http(s).
type htmlLink struct{ Text, Href string }

type htmlSection struct {
	Anchor, FilterClass, LevelClass string
	URL, FinalURL                   htmlLink
	Viewport, Number                string
	Status, StatusClass             string
	HTTPStatus                      int
	Footer, Thumbnail               *htmlImage
	EvidenceError                   string
	Findings                        []*htmlFinding
}

// htmlImage is an evidence screenshot: Src is a path under the artifacts
// directory (a string the template checks) or a data: URI built here from
// an image's bytes (a template.URL). Note says why there is no image.
type htmlImage struct {
	Src  any
	Href string // the file, to open at full size; none for data: URIs
	Note string
}

type htmlFinding struct {
	Anchor                    string
	Rule, RuleHref, Title     string
	Level, LevelClass         string
	Viewport                  string
	URL                       htmlLink
	Source                    string // file:line of a local file
	Selector, Snippet, Number string
	Message, Fix              string
	Baseline, BaselineClass   string
}

func newHTMLDoc(r *scanner.Result, o HTMLOptions) *htmlDoc {
	s := r.Summary()
	d := &htmlDoc{
		Tool:    strings.TrimSpace(cmp.Or(r.Tool.Name, toolName) + " " + r.Tool.Version),
		Browser: r.Browser,
		Blocked: strings.Join(r.Blocked, ", "),
		Summary: s,
		Checked: s.Pages - s.Skipped,
	}
	d.Verdict = htmlVerdictOf(s)
	if c := CountBaseline(r); c != (BaselineCounts{}) {
		d.Baseline = &htmlBaseline{New: c.New, Unchanged: c.Unchanged, Absent: c.Absent}
	}
	if s.Skipped > 0 {
		d.Skipped = skipReasons(r)
	}
	d.NotScanned = notScannedLine(r)
	d.Screenshots = clip(ScreenshotWarning(r))
	cat := rulesByID(r)
	d.Rules = htmlRules(r, cat)
	d.Levels = []htmlFilter{
		{ID: "fl-error", Class: "lvl-error", Label: "Errors", Count: s.Errors},
		{ID: "fl-warning", Class: "lvl-warning", Label: "Warnings", Count: s.Warnings},
		{ID: "fl-note", Class: "lvl-note", Label: "Notes", Count: s.Notes},
	}

	vpIndex := map[string]int{}
	n := 0
	for i := range r.Pages {
		p := &r.Pages[i]
		anchor := ""
		if len(p.Findings) > 0 {
			anchor = "pv-" + strconv.Itoa(i)
			vi, ok := vpIndex[p.Viewport]
			if !ok {
				vi = len(d.Viewports)
				vpIndex[p.Viewport] = vi
				d.Viewports = append(d.Viewports, htmlFilter{
					ID: "fv-" + strconv.Itoa(vi), Class: "vp-" + strconv.Itoa(vi), Label: p.Viewport, Index: vi,
				})
			}
			d.Viewports[vi].Count += len(p.Findings)
			sec := htmlSectionOf(p, o)
			sec.Anchor, sec.FilterClass = anchor, d.Viewports[vi].Class
			levels := 0
			for _, f := range p.Findings {
				hf := htmlFindingOf(p, f, cat, n)
				n++
				levels |= levelBit(f.Level)
				sec.Findings = append(sec.Findings, hf)
				if f.Baseline == scanner.BaselineNew {
					d.Baseline.NewFindings = append(d.Baseline.NewFindings, hf)
				}
			}
			sec.LevelClass = "lm-" + strconv.Itoa(levels)
			d.Sections = append(d.Sections, sec)
		}
		if !p.NotScanned() {
			d.Pages = append(d.Pages, htmlPageRowOf(p, anchor))
		}
		for _, f := range p.Fixed {
			d.Baseline.Fixed = append(d.Baseline.Fixed, htmlFindingOf(p, f, cat, -1))
		}
	}
	d.Findings = n
	slices.SortStableFunc(d.Viewports, func(a, b htmlFilter) int { return scanner.CompareViewports(a.Label, b.Label) })
	return d
}

func htmlVerdictOf(s scanner.Summary) htmlVerdict {
	counts := levelCounts(s)
	switch checked := s.Pages - s.Skipped; {
	case checked == 0:
		return htmlVerdict{"none", "No page-viewports were checked", counts}
	case checked > s.Compliant:
		return htmlVerdict{"fail", fmt.Sprintf("%d of %s fail", checked-s.Compliant, plural(checked, "page-viewport")),
			fmt.Sprintf("%d not compliant, %d not checked; %s", s.NotCompliant, s.Failed, counts)}
	case checked == 1:
		return htmlVerdict{"pass", "The page-viewport complies", counts}
	default:
		return htmlVerdict{"pass", fmt.Sprintf("All %d page-viewports comply", checked), counts}
	}
}

// htmlRules counts findings by rule, most severe rule first.
func htmlRules(r *scanner.Result, cat map[string]*rules.Rule) []htmlRuleRow {
	tallies := ruleTallies(r)
	out := make([]htmlRuleRow, 0, len(tallies))
	for _, t := range tallies {
		row := htmlRuleRow{ID: t.id, Count: t.count}
		if rule := cat[t.id]; rule != nil {
			row.Href, row.Title = webURL(rule.URL()), rule.Title
		}
		for _, l := range t.levels {
			row.Levels = append(row.Levels, htmlLevel{string(l), levelClass(l)})
		}
		out = append(out, row)
	}
	return out
}

func htmlPageRowOf(p *scanner.PageResult, anchor string) htmlPageRow {
	row := htmlPageRow{URL: link(displayURL(p)), Viewport: p.Viewport, Anchor: anchor}
	switch {
	case p.Status.Skipped():
		row.Status, row.StatusClass, row.Detail = "skipped", "skipped", clip(p.Error)
	case notChecked(p):
		row.Status, row.StatusClass, row.Detail = "not checked", "failed", clip(p.Error)
	default:
		row.Checked, row.Number = true, clip(primaryNumber(p))
		row.Errors, row.Warnings, row.Notes = countLevels(p.Findings)
		row.Status = pageStatus(p)
		row.StatusClass = row.Status
	}
	return row
}

// pageStatus is a checked page's status, which is also its CSS class.
func pageStatus(p *scanner.PageResult) string {
	if p.Compliant() {
		return "ok"
	}
	return "fail"
}

func htmlSectionOf(p *scanner.PageResult, o HTMLOptions) *htmlSection {
	sec := &htmlSection{
		URL: link(displayURL(p)), Viewport: p.Viewport, Number: clip(primaryNumber(p)),
		HTTPStatus: p.HTTPStatus, EvidenceError: clip(p.Evidence.Error),
	}
	sec.Status = pageStatus(p)
	sec.StatusClass = sec.Status
	if fin := sanitize.URL(p.FinalURL); fin != "" && fin != sanitize.URL(p.URL) && fin != displayURL(p) {
		sec.FinalURL = link(fin)
	}
	sec.Footer = htmlImageOf(p.Evidence.Footer, o)
	sec.Thumbnail = htmlImageOf(p.Evidence.Thumbnail, o)
	return sec
}

func htmlFindingOf(p *scanner.PageResult, f scanner.Finding, cat map[string]*rules.Rule, n int) *htmlFinding {
	hf := &htmlFinding{
		Rule: f.Rule, Level: string(f.Level), LevelClass: levelClass(f.Level),
		Viewport: cmp.Or(f.Viewport, p.Viewport), URL: link(cmp.Or(displayURL(p), sanitize.URL(f.URL))),
		Selector: clip(f.Selector), Snippet: clip(f.Snippet), Number: clip(f.Number),
		Message: clip(f.Message), Fix: clip(findingFix(f, cat)), Baseline: f.Baseline,
	}
	if n >= 0 {
		hf.Anchor = "f-" + strconv.Itoa(n)
	}
	if rule := cat[f.Rule]; rule != nil {
		hf.RuleHref, hf.Title = webURL(rule.URL()), rule.Title
	}
	if f.Path != "" {
		hf.Source = findingPlace(p, f)
	}
	switch f.Baseline {
	case scanner.BaselineNew, scanner.BaselineUnchanged:
		hf.BaselineClass = f.Baseline
	case scanner.BaselineAbsent:
		hf.Baseline, hf.BaselineClass = "fixed", "absent"
	case "":
	default:
		hf.BaselineClass = "other"
	}
	return hf
}

// htmlImageOf refers to an artifact: the image itself as a data: URI when
// ReadArtifact reads one small enough, linking to the full-size file under
// ArtifactsBase when there is one; otherwise the file under ArtifactsBase.
// A path that leaves the artifacts directory is not followed.
func htmlImageOf(rel string, o HTMLOptions) *htmlImage {
	if rel == "" {
		return nil
	}
	clean := path.Clean(strings.ReplaceAll(rel, `\`, "/"))
	if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") || strings.ContainsRune(clean, 0) {
		return &htmlImage{Note: fmt.Sprintf("screenshot %q is outside the artifacts directory", clip(rel))}
	}
	href := ""
	if o.ArtifactsBase != "" || o.ReadArtifact == nil {
		base := o.ArtifactsBase
		if base != "" && !strings.HasSuffix(base, "/") {
			base += "/"
		}
		href = base + escapePath(clean)
	}
	if o.ReadArtifact == nil {
		return &htmlImage{Src: href, Href: href}
	}
	src, note, large := embedImage(clean, o.ReadArtifact)
	switch {
	case src != "":
		return &htmlImage{Src: src, Href: href}
	case large && href != "":
		// Too large to embed: shown from the file.
		return &htmlImage{Src: href, Href: href}
	}
	return &htmlImage{Note: note}
}

// embedImage reads an artifact as a data: URI, or says why it cannot and
// whether that is only its size.
func embedImage(clean string, read func(string) ([]byte, error)) (src template.URL, note string, large bool) {
	data, err := read(clean)
	switch {
	case err != nil:
		return "", "screenshot could not be read: " + clip(err.Error()), false
	case len(data) > htmlEmbedMax:
		return "", fmt.Sprintf("screenshot %s is too large to embed (%d bytes); see the artifacts directory", clean, len(data)), true
	}
	switch mime := http.DetectContentType(data); mime {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		// The bytes are base64 and the type is one of ours, so the URI
		// cannot carry markup or script.
		return template.URL("data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data)), "", false
	default:
		return "", fmt.Sprintf("screenshot %s is not an image (%s)", clean, mime), false
	}
}

// link shows a URL as text and links it only when it is http(s): a page
// may name a javascript: or data: URL, which must stay text.
func link(raw string) htmlLink {
	raw = sanitize.URL(raw)
	return htmlLink{Text: clip(raw), Href: webURL(raw)}
}

// webURL is raw when it is an absolute http(s) URL with a host, "" otherwise.
func webURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return ""
	}
	return raw
}

// levelClass maps a level to a fixed class name, never to the level's own
// text.
func levelClass(l rules.Level) string {
	switch l {
	case rules.LevelError, rules.LevelWarning, rules.LevelNote:
		return string(l)
	}
	return "other"
}

// levelBit is the bit of a level in a page-viewport's level mask; the
// style sheet hides a page-viewport whose every level is filtered out. A
// level the filters do not know sets a bit no rule hides.
func levelBit(l rules.Level) int {
	switch l {
	case rules.LevelError:
		return 1
	case rules.LevelWarning:
		return 2
	case rules.LevelNote:
		return 4
	}
	return 8
}

// clip cuts a value to htmlValueMax runes.
//
// Credentials written in a URL become "***" and control and bidi
// characters visible escapes (sanitize), so that a page cannot reorder
// or hide what the report shows.
func clip(s string) string {
	return sanitize.Text(truncate(sanitize.Credentials(s), htmlValueMax))
}
