package report

import (
	"bytes"
	"strings"
	"testing"
)

// A target that ended on another host (a redirect) was judged there: the
// summary's row and finding lines and the SARIF messages name the host
// judged; a page that stayed on its host says nothing of it.
func TestVerdictNamesTheHostJudged(t *testing.T) {
	for _, final := range []string{"https://www.example.com:8443/about/?x=1", "https://login.example.net/about/"} {
		r := sampleResult()
		r.Pages[1].FinalURL = final
		var text, sarif bytes.Buffer
		if err := WriteSummary(&text, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteSARIF(&sarif, r); err != nil {
			t.Fatal(err)
		}
		moved := strings.Contains(final, "login.example.net")
		var rows, lines int
		for _, l := range strings.Split(text.String(), "\n") {
			if !strings.Contains(l, aboutURL) {
				continue
			}
			switch {
			case strings.Contains(l, "ICP004") || strings.Contains(l, "ICP011"):
				lines++
				if got := strings.Contains(l, aboutURL+" (judged login.example.net)"); got != moved {
					t.Errorf("final %s: finding line %q", final, l)
				}
			case strings.Contains(l, "FAIL"):
				rows++
				if got := strings.Contains(l, "judged login.example.net"); got != moved {
					t.Errorf("final %s: row %q", final, l)
				}
			}
		}
		if rows != 1 || lines != 2 {
			t.Errorf("final %s: %d rows and %d finding lines of the page, want 1 and 2:\n%s", final, rows, lines, text.String())
		}
		if n := strings.Count(sarif.String(), aboutURL+", judged login.example.net, mobile)"); moved && n != 3 || !moved && strings.Contains(sarif.String(), "judged") {
			t.Errorf("final %s: %d SARIF messages name the host judged, want %d (one per finding)", final, n, map[bool]int{true: 3}[moved])
		}
	}
}
