package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// Pages measured with --block are not measured as a user's browser shows
// them: every report says so, and none does when nothing was blocked.
func TestReportsSayWhatWasBlocked(t *testing.T) {
	for _, blocked := range [][]string{nil, {"fonts", "images"}} {
		r := sampleResult()
		r.Blocked = blocked
		var js, sarif, text, md, html bytes.Buffer
		if err := WriteJSON(&js, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteSARIF(&sarif, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteSummary(&text, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteMarkdown(&md, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteHTML(&html, r, HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		var j struct {
			Blocked []string `json:"blocked"`
		}
		if err := json.Unmarshal(js.Bytes(), &j); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(j.Blocked, blocked) {
			t.Errorf("JSON blocked = %v, want %v", j.Blocked, blocked)
		}
		var s struct {
			Runs []struct {
				Invocations []struct {
					Properties *struct{ Blocked []string } `json:"properties"`
				} `json:"invocations"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(sarif.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		var got []string
		if p := s.Runs[0].Invocations[0].Properties; p != nil {
			got = p.Blocked
		}
		if !slices.Equal(got, blocked) {
			t.Errorf("SARIF invocation properties.blocked = %v, want %v", got, blocked)
		}
		for name, out := range map[string]string{"summary": text.String(), "Markdown": md.String(), "HTML": html.String()} {
			says := strings.Contains(out, "without fonts, images")
			if says != (blocked != nil) {
				t.Errorf("%s mentions blocking: %v, blocked %v", name, says, blocked)
			}
		}
	}
}
