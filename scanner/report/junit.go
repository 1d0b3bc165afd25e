package report

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// The JUnit XML that GitLab, Jenkins and Bitbucket read: the element and
// attribute names of the Ant/Jenkins schema. Counts on testsuites and
// testsuite count test cases (page-viewports), as the schema defines
// them, not failure elements.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       string          `xml:"time,attr"`
		Properties []junitProperty `xml:"properties>property"`
		Cases      []junitCase     `xml:"testcase"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Classname string `xml:"classname,attr"`
		Name      string `xml:"name,attr"`
		// File is the local file's path; readers that annotate sources use
		// it.
		File      string         `xml:"file,attr,omitempty"`
		Time      string         `xml:"time,attr"`
		Skipped   *junitProblem  `xml:"skipped"`
		Error     *junitProblem  `xml:"error"`
		Failures  []junitProblem `xml:"failure"`
		SystemOut string         `xml:"system-out,omitempty"`
	}
	junitProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",chardata"`
	}
)

// junitLoadError is the type of the <error> of a page that could not be
// loaded or measured.
const junitLoadError = "PageNotChecked"

// WriteJUnit writes the result as JUnit XML: one test suite, one test
// case per page-viewport (classname "beiancheck.<viewport>", name the
// page's URL or path), a <failure> per error-level finding typed with the
// rule ID (a page not compliant without one gets a NotCompliant
// <failure>), an <error> for a page that could not be checked (never a pass),
// <skipped> with the reason for a page skipped by choice, and the
// warnings and notes in <system-out>. A test case's time is the
// page-viewport's Elapsed in seconds (three decimals, 0.000 for a page
// not rendered), the suite's the sum of its cases; there is no timestamp,
// so the output depends on the result alone. Every value has its control
// and bidi characters as visible escapes (sanitize.Text): XML 1.0 cannot
// carry most C0 characters, and encoding/xml would write U+FFFD instead.
func WriteJUnit(w io.Writer, r *scanner.Result) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(newJUnitSuites(sortedCopy(r))); err != nil {
		return fmt.Errorf("write JUnit report: %w", err)
	}
	buf.WriteString("\n")
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write JUnit report: %w", err)
	}
	return nil
}

func newJUnitSuites(r *scanner.Result) *junitSuites {
	cat := rulesByID(r)
	suite := junitSuite{Name: toolName, Cases: make([]junitCase, 0, len(r.Pages))}
	if r.Tool.Version != "" {
		suite.Properties = append(suite.Properties, junitProperty{Name: "version", Value: r.Tool.Version})
	}
	if r.Browser != "" {
		suite.Properties = append(suite.Properties, junitProperty{Name: "browser", Value: r.Browser})
	}
	var total time.Duration
	for i := range r.Pages {
		c := junitCaseOf(&r.Pages[i], cat)
		total += max(r.Pages[i].Elapsed, 0)
		suite.Tests++
		switch {
		case c.Skipped != nil:
			suite.Skipped++
		case c.Error != nil:
			suite.Errors++
		case len(c.Failures) > 0:
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Time = junitTime(total)
	return &junitSuites{
		Name: toolName, Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Time: suite.Time,
		Suites: []junitSuite{suite},
	}
}

func junitCaseOf(p *scanner.PageResult, cat map[string]*rules.Rule) junitCase {
	c := junitCase{
		Classname: toolName + "." + p.Viewport,
		Name:      sanitize.Text(displayURL(p)),
		File:      sanitize.Text(cleanFilePath(p.Target.Path)),
		Time:      junitTime(p.Elapsed),
	}
	switch {
	case p.Status.Skipped():
		c.Skipped = &junitProblem{Message: sanitize.Text(sanitize.Credentials(p.Error))}
	case notChecked(p):
		msg := sanitize.Text(cmp.Or(sanitize.Credentials(p.Error), "page not checked (status "+strconv.Quote(string(p.Status))+")"))
		c.Error = &junitProblem{Message: msg, Type: junitLoadError, Text: msg}
	}
	var out []string
	for _, f := range p.Findings {
		if f.Level == rules.LevelError {
			c.Failures = append(c.Failures, junitProblem{Message: sanitize.Text(f.Message), Type: sanitize.Text(f.Rule), Text: junitDetail(p, f, cat)})
			continue
		}
		line := string(f.Level) + " " + f.Rule + " " + findingPlace(p, f)
		if f.Selector != "" {
			line += " " + f.Selector
		}
		line += ": " + f.Message
		if fix := findingFix(f, cat); fix != "" {
			line += " (fix: " + fix + ")"
		}
		out = append(out, sanitize.Text(line))
	}
	if len(out) > 0 {
		c.SystemOut = strings.Join(out, "\n") + "\n"
	}
	if p.Status.Checked() && !p.Compliant() && len(c.Failures) == 0 {
		// Not compliant with no error-level finding (a level lowered or
		// switched off, ICP001 a warning on a crawled page): still a
		// failing test case, since compliant is a fact about the page.
		msg := "not compliant: " + unmet(p)
		c.Failures = append(c.Failures, junitProblem{Message: msg, Type: junitNotCompliant, Text: msg + "\nat: " + displayURL(p)})
	}
	return c
}

// junitTime is a duration in seconds with three decimals, as JUnit
// readers expect; a negative one (a clock step) counts as 0.
func junitTime(d time.Duration) string {
	return strconv.FormatFloat(max(d, 0).Seconds(), 'f', 3, 64)
}

// junitNotCompliant is the type of the <failure> of a page that is not
// compliant but has no error-level finding.
const junitNotCompliant = "NotCompliant"

// unmet says which parts of compliant a page's primary number fails.
func unmet(p *scanner.PageResult) string {
	if p.Judgement == nil {
		return "not checked"
	}
	words := map[string]string{"found": "no well-formed filing or licence number", "in_footer": "not in the footer region",
		"centered": "not centred", "linked": "not linked to beian.miit.gov.cn", "visible": "not visible"}
	var out []string
	for _, u := range p.Judgement.Unmet() {
		out = append(out, words[u])
	}
	return strings.Join(out, ", ")
}

// junitDetail is the text of a failure: the message, where, the selector
// and the fix, one to a line.
func junitDetail(p *scanner.PageResult, f scanner.Finding, cat map[string]*rules.Rule) string {
	lines := []string{f.Message, "at: " + findingPlace(p, f)}
	if f.Selector != "" {
		lines = append(lines, "selector: "+f.Selector)
	}
	if f.Number != "" {
		lines = append(lines, "number: "+f.Number)
	}
	if fix := findingFix(f, cat); fix != "" {
		lines = append(lines, "fix: "+fix)
	}
	for i, l := range lines {
		lines[i] = sanitize.Text(l)
	}
	return strings.Join(lines, "\n")
}
