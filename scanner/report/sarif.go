package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

const (
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	// informationURI is where the tool's documentation lives.
	informationURI = "https://github.com/beiancheck/beiancheck"
	// srcRoot is the base that code scanning resolves relative paths
	// against: the checkout root.
	srcRoot = "%SRCROOT%"
)

// The SARIF log, as much of it as beiancheck fills. Field names follow
// the SARIF 2.1.0 schema; optional members are omitted when empty.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool              sarifTool         `json:"tool"`
		Invocations       []sarifInvocation `json:"invocations"`
		AutomationDetails sarifAutomation   `json:"automationDetails"`
		Results           []sarifResult     `json:"results"`
		// Properties lists the web-view hosts of a mini-program project.
		Properties *sarifRunBag `json:"properties,omitempty"`
	}
	sarifRunBag struct {
		WebViewHosts []JSONWebViewHost `json:"webviewHosts"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		Version         string      `json:"version,omitempty"`
		SemanticVersion string      `json:"semanticVersion,omitempty"`
		InformationURI  string      `json:"informationUri"`
		Rules           []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string              `json:"id"`
		Name                 string              `json:"name,omitempty"`
		ShortDescription     sarifMessage        `json:"shortDescription"`
		FullDescription      sarifMessage        `json:"fullDescription"`
		Help                 sarifMultiformat    `json:"help"`
		HelpURI              string              `json:"helpUri"`
		DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
		Properties           sarifRuleProperties `json:"properties"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifMultiformat struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfiguration struct {
		// Enabled is set only to switch a rule off; SARIF's default is true.
		Enabled *bool  `json:"enabled,omitempty"`
		Level   string `json:"level"`
	}
	sarifRuleProperties struct {
		Tags []string `json:"tags"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
		Properties                 *sarifRunProperties `json:"properties,omitempty"`
	}
	// sarifRunProperties says how the pages were rendered when it differs
	// from a user's browser.
	sarifRunProperties struct {
		Blocked []string `json:"blocked,omitempty"` // resource classes not loaded (--block)
		// BrowserRestarts counts the restarts of a browser that died.
		BrowserRestarts int `json:"browserRestarts,omitempty"`
		// BrowserRecycles counts the browsers replaced between pages.
		BrowserRecycles int `json:"browserRecycles,omitempty"`
		// BlockedRequests counts the requests of every page that the
		// egress policy refused (the JSON report lists them).
		BlockedRequests int `json:"blockedRequests,omitempty"`
		// NoSandbox is true when the browser ran without its own
		// sandbox (as root).
		NoSandbox bool `json:"noSandbox,omitempty"`
	}
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifAutomation struct {
		ID string `json:"id"`
	}
	sarifResult struct {
		RuleID string `json:"ruleId"`
		// RuleIndex is absent when the rule is not in the catalogue.
		RuleIndex           *int              `json:"ruleIndex,omitempty"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		// BaselineState is new or unchanged when the run was compared
		// with a baseline.
		BaselineState string                `json:"baselineState,omitempty"`
		Properties    sarifResultProperties `json:"properties"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           sarifRegion           `json:"region"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
	}
	sarifResultProperties struct {
		Viewport string `json:"viewport"`
		URL      string `json:"url"`
		Path     string `json:"path,omitempty"`
		Selector string `json:"selector,omitempty"`
		Snippet  string `json:"snippet,omitempty"`
		Number   string `json:"number,omitempty"`
		// Screenshot is the page-viewport's evidence PNG, relative to
		// the artifacts directory.
		Screenshot string `json:"screenshot,omitempty"`
	}
)

// semverPattern is the regular expression of semver.org, with the "v"
// that Go versions carry allowed in front.
var semverPattern = regexp.MustCompile(`^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
	`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// WriteSARIF writes the result as a SARIF 2.1.0 log that GitHub code
// scanning accepts: the whole rule catalogue with the levels in force,
// one result per finding, and pages that could not be checked as
// execution notifications. No location carries an http(s) URI: local
// files are placed at their path and line, URL targets at a pseudo path
// "host/path", with the real URL in the message and properties. URLs
// show no credentials (sanitize.URL); the messages, which code scanning
// shows to people, have control and bidi characters as visible escapes,
// while the properties keep the page's text exactly.
func WriteSARIF(w io.Writer, r *scanner.Result) error {
	return encodeJSON(w, newSARIFLog(r))
}

func newSARIFLog(r *scanner.Result) *sarifLog {
	cat := catalogue(r)
	driver := sarifDriver{
		Name:           toolName,
		Version:        r.Tool.Version,
		InformationURI: informationURI,
		Rules:          make([]sarifRule, 0, len(cat)),
	}
	if semverPattern.MatchString(r.Tool.Version) {
		driver.SemanticVersion = strings.TrimPrefix(r.Tool.Version, "v")
	}
	// The rules array must hold unique items: the first of a duplicated ID
	// wins.
	cat = slices.CompactFunc(cat, func(a, b *rules.Rule) bool { return a.ID == b.ID })
	index := make(map[string]int, len(cat))
	for i, rule := range cat {
		index[rule.ID] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(rule))
	}

	results := []sarifResult{}
	notes := []sarifNotification{}
	for i := range r.Pages {
		p := &r.Pages[i]
		if notChecked(p) {
			loc, _ := pageLocation(p, "", 0)
			notes = append(notes, sarifNotification{
				Level:     "error",
				Message:   sarifMessage{Text: sanitize.Text(displayURL(p) + " [" + p.Viewport + "]: " + sanitize.Credentials(p.Error))},
				Locations: []sarifLocation{loc},
			})
		}
		for _, f := range p.Findings {
			results = append(results, sarifResultOf(p, f, cat, index))
		}
	}
	slices.SortStableFunc(results, compareResults)
	slices.SortStableFunc(notes, func(a, b sarifNotification) int {
		return cmp.Compare(a.Message.Text, b.Message.Text)
	})
	notes = slices.CompactFunc(notes, func(a, b sarifNotification) bool {
		return a.Message.Text == b.Message.Text // SARIF wants unique notifications
	})

	var props *sarifRunProperties
	if n := r.BlockedTotal(); len(r.Blocked) > 0 || n > 0 || r.BrowserRestarts > 0 || r.BrowserRecycles > 0 || r.NoSandbox {
		props = &sarifRunProperties{Blocked: r.Blocked, BlockedRequests: n, BrowserRestarts: r.BrowserRestarts, BrowserRecycles: r.BrowserRecycles, NoSandbox: r.NoSandbox}
	}
	return &sarifLog{
		Schema:  sarifSchemaURI,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: driver},
			Invocations: []sarifInvocation{{
				ExecutionSuccessful:        len(notes) == 0,
				ToolExecutionNotifications: notes,
				Properties:                 props,
			}},
			AutomationDetails: sarifAutomation{ID: toolName + "/"},
			Results:           results,
			Properties:        runBag(r),
		}},
	}
}

func sarifRuleOf(rule *rules.Rule) sarifRule {
	title := cmp.Or(rule.Title, rule.ID)
	sr := sarifRule{
		ID:               rule.ID,
		Name:             rule.Name,
		ShortDescription: sarifMessage{Text: title},
		FullDescription:  sarifMessage{Text: cmp.Or(firstParagraph(rule.Help), title)},
		Help:             sarifMultiformat{Text: cmp.Or(rule.Help, title), Markdown: rule.Help},
		HelpURI:          rule.URL(),
		Properties:       sarifRuleProperties{Tags: []string{"compliance", ruleFamily(rule.ID)}},
	}
	if rule.Level == rules.LevelOff {
		off := false
		sr.DefaultConfiguration = sarifConfiguration{Enabled: &off, Level: "none"}
	} else {
		sr.DefaultConfiguration = sarifConfiguration{Level: sarifLevel(rule.Level)}
	}
	return sr
}

func sarifResultOf(p *scanner.PageResult, f scanner.Finding, cat []*rules.Rule, index map[string]int) sarifResult {
	loc, identity := pageLocation(p, f.Path, f.Line)
	fix := f.Fix
	var ruleIndex *int
	if i, ok := index[f.Rule]; ok {
		ruleIndex = &i
		fix = cmp.Or(fix, cat[i].Fix)
	}
	viewport := cmp.Or(f.Viewport, p.Viewport)
	pageURL := cmp.Or(displayURL(p), sanitize.URL(f.URL))
	text := f.Message
	if fix != "" {
		text += " — Fix: " + fix
	}
	if loc.PhysicalLocation.ArtifactLocation.URIBaseID == srcRoot && p.Target.SourceRef == nil {
		text += " (" + viewport + ")"
	} else {
		judged := ""
		if h := judgedHost(p); h != "" {
			judged = ", judged " + h
		}
		text += " (" + pageURL + judged + ", " + viewport + ")"
	}
	return sarifResult{
		RuleID:    f.Rule,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(f.Level),
		Message:   sarifMessage{Text: sanitize.Text(text)},
		Locations: []sarifLocation{loc},
		PartialFingerprints: map[string]string{
			"primaryLocationLineHash": fingerprint(f.Rule, identity, viewport, f.Number),
		},
		BaselineState: f.Baseline,
		Properties: sarifResultProperties{
			Viewport:   viewport,
			URL:        pageURL,
			Path:       cmp.Or(f.Path, p.Target.Path),
			Selector:   f.Selector,
			Snippet:    f.Snippet,
			Number:     f.Number,
			Screenshot: p.Evidence.Footer,
		},
	}
}

// pageLocation places a finding (or a failed page, with path "" and line
// 0) and returns the identity its fingerprint uses. A local file is its
// path: the loopback URL it was served under changes from run to run. A
// URL target is its key (scanner.PageKey of the URL as displayed, so
// without credentials), placed at a pseudo path.
func pageLocation(p *scanner.PageResult, path string, line int) (sarifLocation, string) {
	path = cmp.Or(path, p.Target.Path)
	if path != "" {
		uri, base := fileURI(path)
		return sarifLocation{PhysicalLocation: sarifPhysicalLocation{
			ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: base},
			Region:           sarifRegion{StartLine: max(line, 1)},
		}}, cleanFilePath(path)
	}
	u := displayURL(p)
	return sarifLocation{PhysicalLocation: sarifPhysicalLocation{
		ArtifactLocation: sarifArtifactLocation{URI: pseudoPath(u)},
		Region:           sarifRegion{StartLine: 1},
	}}, scanner.PageKey(u, "")
}

// fingerprint identifies a finding across runs, whatever its message or
// selector says: the rule, where (normalised URL or file path), the
// viewport and the number it is about.
func fingerprint(rule, where, viewport, number string) string {
	sum := sha256.Sum256([]byte(rule + "\x00" + where + "\x00" + viewport + "\x00" + number))
	return hex.EncodeToString(sum[:])[:16] + ":1"
}

func compareResults(a, b sarifResult) int {
	la, lb := a.Locations[0].PhysicalLocation, b.Locations[0].PhysicalLocation
	return cmp.Or(
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(la.ArtifactLocation.URI, lb.ArtifactLocation.URI),
		cmp.Compare(la.Region.StartLine, lb.Region.StartLine),
		scanner.CompareViewports(a.Properties.Viewport, b.Properties.Viewport),
		cmp.Compare(a.Message.Text, b.Message.Text),
		cmp.Compare(a.Properties.Selector, b.Properties.Selector),
		cmp.Compare(a.Properties.Number, b.Properties.Number),
		cmp.Compare(a.Properties.URL, b.Properties.URL),
	)
}

// sarifLevel maps a finding level to SARIF's; an unknown level is shown
// as a warning rather than dropped.
func sarifLevel(l rules.Level) string {
	switch l {
	case rules.LevelError, rules.LevelWarning, rules.LevelNote:
		return string(l)
	case rules.LevelOff:
		return "none"
	}
	return "warning"
}

// ruleFamily is the lower-case letter prefix of a rule ID: "icp", "psb",
// "ctx".
func ruleFamily(id string) string {
	i := strings.IndexFunc(id, func(r rune) bool { return r < 'A' || r > 'Z' })
	if i < 0 {
		i = len(id)
	}
	return cmp.Or(strings.ToLower(id[:i]), "beiancheck")
}

// firstParagraph is the text up to the first blank line.
func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// runBag is the run's property bag: the web-view hosts, or nil.
func runBag(r *scanner.Result) *sarifRunBag {
	if len(r.WebViewHosts) == 0 {
		return nil
	}
	return &sarifRunBag{WebViewHosts: jsonWebViewHosts(r.WebViewHosts)}
}
