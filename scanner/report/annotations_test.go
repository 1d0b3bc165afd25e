package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

func writeAnnotationLines(t *testing.T, r *scanner.Result) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAnnotations(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if out != "" && !strings.HasSuffix(out, "\n") {
		t.Errorf("output does not end in a newline: %q", out)
	}
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// command is a workflow command read back as the runner reads it.
type command struct {
	name    string
	props   map[string]string
	message string
}

// parseCommand splits "::name k=v,k=v::message" and undoes the toolkit's
// escaping; it fails on a line the runner would not read as one command.
func parseCommand(t *testing.T, line string) command {
	t.Helper()
	rest, ok := strings.CutPrefix(line, "::")
	head, msg, ok2 := strings.Cut(rest, "::")
	if !ok || !ok2 || strings.ContainsAny(line, "\r\n") {
		t.Fatalf("not a workflow command: %q", line)
	}
	c := command{props: map[string]string{}}
	name, props, _ := strings.Cut(head, " ")
	c.name = name
	if props != "" {
		for kv := range strings.SplitSeq(props, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("property %q of %q has no value", kv, line)
			}
			c.props[k] = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(v)
		}
	}
	c.message = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(msg)
	return c
}

func TestWriteAnnotationsGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAnnotations(&buf, sampleResult()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "annotations.txt.golden", buf.Bytes())
}

func TestWriteAnnotations(t *testing.T) {
	lines := writeAnnotationLines(t, sampleResult())
	var got []string
	for _, l := range lines {
		c := parseCommand(t, l)
		got = append(got, c.name+" "+c.props["title"])
	}
	want := []string{
		"error beiancheck: page not checked (desktop)",
		"error ICP003 filing number not centred (mobile)",
		"error ICP004 filing number not linked to the MIIT filing system (mobile)",
		"warning ICP009 filing number hard to read (mobile)",
		"warning ICP011 filing number malformed or lenient (mobile)",
		"warning PSB001 public-security filing link wrong (mobile, desktop)",
		"notice beiancheck",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("annotations:\n got %q\nwant %q", got, want)
	}

	icp003 := parseCommand(t, lines[1])
	if icp003.props["file"] != demoPath || icp003.props["line"] != "42" {
		t.Errorf("ICP003 in the local file placed at %v", icp003.props)
	}
	wantMsg := "line centre is 143 px left of page centre; tolerance 8 px\n" +
		"Fix: centre the line holding the number (text-align: center on its block)\n" +
		"Page: fixtures/demo/index.html (mobile)"
	if icp003.message != wantMsg {
		t.Errorf("ICP003 message = %q, want %q", icp003.message, wantMsg)
	}
	icp004 := parseCommand(t, lines[2])
	if _, ok := icp004.props["file"]; ok {
		t.Errorf("a URL target's finding has a file: %v", icp004.props)
	}
	if _, ok := icp004.props["line"]; ok {
		t.Errorf("a URL target's finding has a line: %v", icp004.props)
	}
	if !strings.HasSuffix(icp004.message, "\nPage: "+aboutURL+" (mobile)") || !strings.Contains(icp004.message, "\nFix: wrap the number") {
		t.Errorf("ICP004 message lacks the URL or the fix: %q", icp004.message)
	}
	if n := parseCommand(t, lines[6]); n.message != "2 more findings (2 notes) are in the SARIF report and the job summary" {
		t.Errorf("notice = %q", n.message)
	}

	if skipped := writeAnnotationLines(t, withSkipped()); fmt.Sprint(skipped) != fmt.Sprint(lines) {
		t.Errorf("pages skipped by choice changed the annotations:\n%s", strings.Join(skipped, "\n"))
	}

	empty := writeAnnotationLines(t, emptyResult())
	if len(empty) != 1 || empty[0] != "" {
		t.Errorf("empty result wrote %q", empty)
	}
}

// cappedResult has nErr error and nWarn warning findings, each on its own
// page so that none merge, and nNote notes.
func cappedResult(nErr, nWarn, nNote int) *scanner.Result {
	r := sampleResult()
	r.Pages = nil
	add := func(i int, level rules.Level, rule string) {
		u := fmt.Sprintf("https://www.example.com/%s/%02d", level, i)
		r.Pages = append(r.Pages, scanner.PageResult{
			Target: scanner.Target{URL: u, Display: u}, URL: u, Viewport: "mobile", Status: scanner.StatusOK,
			Findings: []scanner.Finding{{Finding: rules.Finding{Rule: rule, Level: level, Message: "m", URL: u, Viewport: "mobile"}}},
		})
	}
	// Warnings first, so that severity, not input order, puts errors first.
	for i := range nWarn {
		add(i, rules.LevelWarning, "ICP009")
	}
	for i := range nNote {
		add(i, rules.LevelNote, "ICP007")
	}
	for i := range nErr {
		add(i, rules.LevelError, "ICP003")
	}
	return r
}

func TestWriteAnnotationsCap(t *testing.T) {
	lines := writeAnnotationLines(t, cappedResult(25, 25, 4))
	count := map[string]int{}
	var order []string
	for _, l := range lines {
		c := parseCommand(t, l)
		count[c.name]++
		if len(order) == 0 || order[len(order)-1] != c.name {
			order = append(order, c.name)
		}
	}
	if count["error"] != 10 || count["warning"] != 10 || count["notice"] != 1 || len(lines) != 21 {
		t.Errorf("commands = %v in %d lines, want 10 errors, 10 warnings, 1 notice", count, len(lines))
	}
	if fmt.Sprint(order) != "[error warning notice]" {
		t.Errorf("command order = %v, want errors, then warnings, then the notice", order)
	}
	notice := parseCommand(t, lines[len(lines)-1])
	if want := "34 more findings (15 errors, 15 warnings, 4 notes) are in the SARIF report and the job summary"; notice.message != want {
		t.Errorf("notice = %q, want %q", notice.message, want)
	}
	if notice.props["title"] != "beiancheck" || len(notice.props) != 1 {
		t.Errorf("notice properties = %v", notice.props)
	}
	first := parseCommand(t, lines[0])
	if !strings.Contains(first.message, "https://www.example.com/error/00") {
		t.Errorf("first annotation is not the first error: %q", first.message)
	}

	// Nothing left out: no notice.
	for _, l := range writeAnnotationLines(t, cappedResult(10, 3, 0)) {
		if strings.HasPrefix(l, "::notice") {
			t.Errorf("a notice with nothing left out: %q", l)
		}
	}

	// Pages not checked are errors, first, and counted when left out.
	r := cappedResult(1, 0, 0)
	for i := range 11 {
		u := fmt.Sprintf("https://down.example/%02d", i)
		r.Pages = append(r.Pages, scanner.PageResult{Target: scanner.Target{URL: u, Display: u}, URL: u,
			Viewport: "mobile", Status: scanner.StatusError, Error: "net::ERR_NAME_NOT_RESOLVED"})
	}
	lines = writeAnnotationLines(t, r)
	if len(lines) != 11 || !strings.Contains(lines[0], "page not checked") || !strings.Contains(lines[9], "page not checked") {
		t.Fatalf("pages not checked:\n%s", strings.Join(lines, "\n"))
	}
	if want := "1 more finding (1 error) and 1 more page-viewport not checked are in the SARIF report and the job summary"; parseCommand(t, lines[10]).message != want {
		t.Errorf("notice = %q, want %q", parseCommand(t, lines[10]).message, want)
	}
}

func TestWriteAnnotationsDedup(t *testing.T) {
	r := cappedResult(0, 0, 0)
	u := "https://www.example.com/"
	finding := func(vp, msg string, line int) scanner.Finding {
		return scanner.Finding{Finding: rules.Finding{Rule: "ICP003", Level: rules.LevelError, Message: msg, URL: u, Viewport: vp,
			Fix: "centre it"}, Path: "site/index.html", Line: line}
	}
	for _, vp := range []string{"desktop", "mobile"} {
		r.Pages = append(r.Pages, scanner.PageResult{Target: scanner.Target{URL: u, Display: u, Path: "site/index.html"},
			URL: u, Viewport: vp, Status: scanner.StatusOK,
			Findings: []scanner.Finding{finding(vp, "line centre is off", 7)}})
	}
	lines := writeAnnotationLines(t, r)
	if len(lines) != 1 {
		t.Fatalf("the same finding at two viewports gave %d annotations:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	c := parseCommand(t, lines[0])
	if c.props["title"] != "ICP003 filing number not centred (mobile, desktop)" || c.props["file"] != "site/index.html" || c.props["line"] != "7" {
		t.Errorf("merged annotation properties = %v", c.props)
	}
	if want := "line centre is off\nFix: centre it\nPage: " + u + " (mobile, desktop)"; c.message != want {
		t.Errorf("merged message = %q, want %q", c.message, want)
	}

	// Different messages at the two viewports are both kept, each with
	// its viewport; a second finding of the rule at one viewport merges.
	r.Pages[0].Findings[0].Message = "12 px left"
	r.Pages[1].Findings[0].Message = "143 px left"
	r.Pages[1].Findings = append(r.Pages[1].Findings, finding("mobile", "143 px left", 8))
	lines = writeAnnotationLines(t, r)
	if len(lines) != 1 {
		t.Fatalf("%d annotations, want 1:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	if want := "mobile: 143 px left\ndesktop: 12 px left\nFix: centre it\nPage: " + u + " (mobile, desktop)"; parseCommand(t, lines[0]).message != want {
		t.Errorf("merged message = %q, want %q", parseCommand(t, lines[0]).message, want)
	}

	// Another rule, or another page, is another annotation.
	r.Pages[0].Findings[0].Rule = "ICP008"
	if lines := writeAnnotationLines(t, r); len(lines) != 2 {
		t.Errorf("two rules gave %d annotations", len(lines))
	}
}

func TestWriteAnnotationsEscaping(t *testing.T) {
	r := cappedResult(1, 0, 0)
	f := &r.Pages[0].Findings[0]
	f.Message = "100% off\r\nsecond line: a, b"
	f.Path, f.Line = "site/a:b,c%.html", 3
	f.Fix = "fix, then: done"
	lines := writeAnnotationLines(t, r)
	if len(lines) != 1 {
		t.Fatalf("%d lines: a line break escaped the command:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	wantLine := "::error file=site/a%3Ab%2Cc%25.html,line=3,title=ICP003 filing number not centred (mobile)::" +
		"100%25 off  second line: a, b%0AFix: fix, then: done%0APage: https://www.example.com/error/00 (mobile)"
	if lines[0] != wantLine {
		t.Errorf("annotation =\n%s\nwant\n%s", lines[0], wantLine)
	}
	c := parseCommand(t, lines[0])
	// A message is one line: its own line breaks are spaces.
	if c.props["file"] != "site/a:b,c%.html" || !strings.HasPrefix(c.message, "100% off  second line: a, b\n") {
		t.Errorf("read back: file %q, message %q", c.props["file"], c.message)
	}

	r.Pages[0].Viewport, f.Viewport = "wide,1920:1080", "wide,1920:1080"
	c = parseCommand(t, writeAnnotationLines(t, r)[0])
	if c.props["title"] != "ICP003 filing number not centred (wide,1920:1080)" || c.props["line"] != "3" {
		t.Errorf("a title with , and : read back as %v", c.props)
	}
}

func TestWriteAnnotationsWriteErrors(t *testing.T) {
	checkWriteErrors(t, WriteAnnotations)
}
