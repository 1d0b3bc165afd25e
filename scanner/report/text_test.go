package report

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
)

func TestWriteSummaryGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSummary(&buf, sampleResult()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "summary.txt.golden", buf.Bytes())
}

func TestWriteSummary(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSummary(&buf, sampleResult()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	const totals = "4 page-viewports: 1 compliant, 2 not compliant, 1 not checked; 2 errors, 4 warnings, 2 notes\n"
	if !strings.HasSuffix(out, totals) {
		t.Errorf("summary does not end with the totals %q:\n%s", totals, out)
	}
	for _, want := range []string{
		"ICP003  error    mobile   fixtures/demo/index.html:42 footer > p: line centre is 143 px left of page centre; tolerance 8 px",
		"ERROR  ", "FAIL", "net::ERR_CONNECTION_REFUSED",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "CTX001") || strings.Contains(out, "ICP007") {
		t.Errorf("summary lists notes by default:\n%s", out)
	}
	if strings.Contains(out, "\x1b") {
		t.Error("summary has escape codes")
	}

	buf.Reset()
	if err := WriteSummaryWith(&buf, sampleResult(), SummaryOptions{Notes: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "CTX001") {
		t.Errorf("Notes: true does not list notes:\n%s", buf.String())
	}

	buf.Reset()
	if err := WriteSummary(&buf, emptyResult()); err != nil {
		t.Fatal(err)
	}
	if want := "0 page-viewports: 0 compliant, 0 not compliant, 0 not checked; 0 errors, 0 warnings, 0 notes\n"; buf.String() != want {
		t.Errorf("empty summary = %q, want %q", buf.String(), want)
	}
}

// TestWritersReportWriteErrors checks that a writer that stops accepting
// bytes makes every report fail: a truncated report is a silent pass.
func TestWritersReportWriteErrors(t *testing.T) {
	writers := map[string]func(io.Writer, *scanner.Result) error{
		"json":    WriteJSON,
		"sarif":   WriteSARIF,
		"summary": WriteSummary,
	}
	for name, write := range writers {
		for _, r := range []*scanner.Result{sampleResult(), emptyResult()} {
			var full bytes.Buffer
			if err := write(&full, r); err != nil {
				t.Fatal(err)
			}
			for _, n := range []int{0, 1, full.Len() / 2, full.Len() - 1} {
				err := write(&failingWriter{n: n}, r)
				if !errors.Is(err, errWriterFull) {
					t.Errorf("%s with a writer failing after %d of %d bytes: err = %v, want %v", name, n, full.Len(), err, errWriterFull)
				}
			}
			if err := write(&failingWriter{n: full.Len()}, r); err != nil {
				t.Errorf("%s with room for exactly its output: %v", name, err)
			}
		}
	}
}

func TestSummaryOneLine(t *testing.T) {
	r := sampleResult()
	r.Pages[0].Error = "line one\nline two\tend"
	var buf bytes.Buffer
	if err := WriteSummary(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`: line one line two end\n`).MatchString(buf.String()) {
		t.Errorf("a multi-line error broke the summary:\n%s", buf.String())
	}
}
