package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/report"
)

// TestJSONAttempts checks that a page-viewport tried more than once says
// how many times, and that one tried once (most) or never is left as it
// was, without the field.
func TestJSONAttempts(t *testing.T) {
	for _, c := range []struct {
		attempts int
		want     string
	}{
		{0, ""}, {1, ""}, {2, `"attempts":2`},
	} {
		p := scanner.PageResult{URL: "https://ex.com/", FinalURL: "https://ex.com/", Viewport: "mobile", Status: scanner.StatusOK, Attempts: c.attempts}
		var b bytes.Buffer
		if err := report.WriteJSONLine(&b, &p); err != nil {
			t.Fatal(err)
		}
		got := strings.Contains(b.String(), `"attempts"`)
		if got != (c.want != "") || c.want != "" && !strings.Contains(b.String(), c.want) {
			t.Errorf("attempts %d: %s, want %q", c.attempts, b.String(), c.want)
		}
	}
}
