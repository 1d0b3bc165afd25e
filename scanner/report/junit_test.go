package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/scanner"
)

// The JUnit shape as a reader sees it, declared apart from the writer's
// types so that a mistake in those does not hide itself.
type (
	readSuites struct {
		XMLName  xml.Name    `xml:"testsuites"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Suites   []readSuite `xml:"testsuite"`
	}
	readSuite struct {
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Time     string     `xml:"time,attr"`
		Cases    []readCase `xml:"testcase"`
	}
	readCase struct {
		Classname string        `xml:"classname,attr"`
		Name      string        `xml:"name,attr"`
		Time      string        `xml:"time,attr"`
		Errors    []readProblem `xml:"error"`
		Failures  []readProblem `xml:"failure"`
		Skipped   []readProblem `xml:"skipped"`
		SystemOut string        `xml:"system-out"`
	}
	readProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

func writeJUnit(t *testing.T, r *scanner.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readJUnit(t *testing.T, out []byte) *readSuites {
	t.Helper()
	if !bytes.HasPrefix(out, []byte(xml.Header)) {
		t.Errorf("output does not start with the XML header: %q", out[:min(len(out), 60)])
	}
	var s readSuites
	if err := xml.Unmarshal(out, &s); err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, out)
	}
	if len(s.Suites) != 1 {
		t.Fatalf("%d test suites, want 1", len(s.Suites))
	}
	return &s
}

func TestWriteJUnitGolden(t *testing.T) {
	checkGolden(t, "report.junit.xml.golden", writeJUnit(t, sampleResult()))
}

func TestWriteJUnit(t *testing.T) {
	s := readJUnit(t, writeJUnit(t, sampleResult()))
	suite := s.Suites[0]
	if suite.Name != "beiancheck" || suite.Time != "0.000" {
		t.Errorf("suite name %q, time %q", suite.Name, suite.Time)
	}
	for _, c := range []struct {
		what string
		got  [3]int
	}{{"testsuites", [3]int{s.Tests, s.Failures, s.Errors}}, {"testsuite", [3]int{suite.Tests, suite.Failures, suite.Errors}}} {
		if want := [3]int{4, 2, 1}; c.got != want {
			t.Errorf("%s tests, failures, errors = %v, want %v", c.what, c.got, want)
		}
	}
	if len(suite.Cases) != 4 {
		t.Fatalf("%d test cases, want one per page-viewport", len(suite.Cases))
	}
	byCase := map[string]readCase{}
	for _, c := range suite.Cases {
		if c.Time != "0.000" || len(c.Skipped) > 0 {
			t.Errorf("%s %s: time %q, skipped %v", c.Classname, c.Name, c.Time, c.Skipped)
		}
		byCase[c.Classname+" "+c.Name] = c
	}

	failed := byCase["beiancheck.desktop "+aboutURL]
	if len(failed.Errors) != 1 || len(failed.Failures) != 0 {
		t.Errorf("the page that failed to load has errors %v, failures %v; want one <error>", failed.Errors, failed.Failures)
	} else if e := failed.Errors[0]; !strings.Contains(e.Message, "net::ERR_CONNECTION_REFUSED") || e.Type != junitLoadError {
		t.Errorf("load error = %+v", e)
	}

	demo := byCase["beiancheck.mobile "+demoPath]
	if len(demo.Failures) != 1 || len(demo.Errors) != 0 {
		t.Fatalf("%s at mobile: failures %v, errors %v; want the ICP003 failure", demoPath, demo.Failures, demo.Errors)
	}
	f := demo.Failures[0]
	if f.Type != "ICP003" || f.Message != "line centre is 143 px left of page centre; tolerance 8 px" {
		t.Errorf("failure type %q, message %q", f.Type, f.Message)
	}
	for _, want := range []string{f.Message + "\n", "\nselector: footer > p\n", "\nfix: centre the line holding the number (text-align: center on its block)", "at: fixtures/demo/index.html:42"} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("failure text lacks %q:\n%s", want, f.Text)
		}
	}
	if out := demo.SystemOut; !strings.Contains(out, "warning ICP009 ") || !strings.Contains(out, "warning PSB001 ") || strings.Contains(out, "ICP003") {
		t.Errorf("system-out of %s at mobile = %q, want the two warnings only", demoPath, out)
	}

	passed := byCase["beiancheck.desktop "+demoPath]
	if len(passed.Failures)+len(passed.Errors) != 0 || !strings.Contains(passed.SystemOut, "note ICP007 ") {
		t.Errorf("compliant page: failures %v, errors %v, system-out %q", passed.Failures, passed.Errors, passed.SystemOut)
	}
	about := byCase["beiancheck.mobile "+aboutURL]
	if len(about.Failures) != 1 || about.Failures[0].Type != "ICP004" || !strings.Contains(about.SystemOut, "note CTX001 ") {
		t.Errorf("%s at mobile: %+v", aboutURL, about)
	}
}

func TestWriteJUnitSkipped(t *testing.T) {
	s := readJUnit(t, writeJUnit(t, withSkipped()))
	if s.Tests != 6 || s.Failures != 2 || s.Errors != 1 {
		t.Errorf("tests, failures, errors = %d, %d, %d; want 6, 2, 1", s.Tests, s.Failures, s.Errors)
	}
	var skipped int
	for _, c := range s.Suites[0].Cases {
		if len(c.Skipped) > 0 {
			skipped++
			if c.Skipped[0].Message != "robots.txt: disallowed for beiancheck" || len(c.Errors)+len(c.Failures) != 0 {
				t.Errorf("skipped case = %+v", c)
			}
		}
	}
	if skipped != 2 {
		t.Errorf("%d skipped cases, want 2", skipped)
	}
	if out := string(writeJUnit(t, withSkipped())); !strings.Contains(out, `<testsuite name="beiancheck" tests="6" failures="2" errors="1" skipped="2" time="0.000">`) {
		t.Errorf("suite counts:\n%s", out)
	}
}

// TestWriteJUnitTimes checks that each page-viewport's measured time is
// written on its test case, in seconds with three decimals, and that the
// suites carry the sum.
func TestWriteJUnitTimes(t *testing.T) {
	r := sampleResult()
	r.Pages[1].Elapsed = 1234567 * time.Microsecond // about at mobile
	r.Pages[2].Elapsed = 250 * time.Millisecond     // demo at desktop
	r.Pages[3].Elapsed = 2 * time.Second            // demo at mobile
	s := readJUnit(t, writeJUnit(t, r))
	want := map[string]string{
		"beiancheck.mobile " + aboutURL:  "1.235",
		"beiancheck.desktop " + aboutURL: "0.000", // not loaded
		"beiancheck.desktop " + demoPath: "0.250",
		"beiancheck.mobile " + demoPath:  "2.000",
	}
	for _, c := range s.Suites[0].Cases {
		if got := c.Time; got != want[c.Classname+" "+c.Name] {
			t.Errorf("%s %s: time %q, want %q", c.Classname, c.Name, got, want[c.Classname+" "+c.Name])
		}
	}
	if got := s.Suites[0].Time; got != "3.485" {
		t.Errorf("testsuite time %q, want 3.485", got)
	}
	out := string(writeJUnit(t, r))
	if !strings.Contains(out, `<testsuites name="beiancheck" tests="4" failures="2" errors="1" time="3.485">`) {
		t.Errorf("testsuites time is not the sum:\n%s", out)
	}
}

func TestWriteJUnitEmpty(t *testing.T) {
	s := readJUnit(t, writeJUnit(t, emptyResult()))
	if s.Tests != 0 || s.Failures != 0 || s.Errors != 0 || len(s.Suites[0].Cases) != 0 {
		t.Errorf("empty result: %+v", s)
	}
}

// TestWriteJUnitEscaping feeds markup, a CDATA end, quotes and characters
// XML cannot carry through every field a page controls.
func TestWriteJUnitEscaping(t *testing.T) {
	const hostile = `</failure><error message="x">]]>&amp; "q" 'a' <![CDATA[`
	r := sampleResult()
	p := &r.Pages[3] // the local file at mobile
	p.Target.Display = hostile
	p.Viewport = `mobile"><x y="`
	p.Findings[1].Message = hostile + "\x00\x1b\nnext line" // ICP003, an error
	p.Findings[1].Selector = hostile
	r.Pages[0].Error = hostile + "\x0c"

	s := readJUnit(t, writeJUnit(t, r))
	if s.Tests != 4 || s.Failures != 2 || s.Errors != 1 {
		t.Errorf("tests, failures, errors = %d, %d, %d; want 4, 2, 1", s.Tests, s.Failures, s.Errors)
	}
	var found bool
	for _, c := range s.Suites[0].Cases {
		if c.Name != hostile {
			continue
		}
		found = true
		if c.Classname != `beiancheck.mobile"><x y="` || len(c.Failures) != 1 {
			t.Fatalf("hostile case = %+v", c)
		}
		// Control characters are shown as escapes, a line break as a space.
		if want := hostile + `\x00\x1b next line`; c.Failures[0].Message != want {
			t.Errorf("message = %q, want %q", c.Failures[0].Message, want)
		}
		if !strings.Contains(c.Failures[0].Text, "selector: "+hostile) {
			t.Errorf("failure text = %q", c.Failures[0].Text)
		}
	}
	if !found {
		t.Errorf("no test case is named %q", hostile)
	}
}

func TestWriteJUnitWriteErrors(t *testing.T) {
	checkWriteErrors(t, WriteJUnit)
}
