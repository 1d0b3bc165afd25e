package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
)

// credentialedResult is the sample result with credentials in its URLs and
// control and bidi characters in the page text of every finding, error
// and selector.
func credentialedResult() *scanner.Result {
	const hostile = "\x1b[31m\a\b\x00\u202e\u0085\u009b"
	r := sampleResult()
	for i := range r.Pages {
		p := &r.Pages[i]
		if p.Target.Path == "" {
			p.Target.URL = "https://user:hunter2@www.example.com/about?x=" + hostile
			p.Target.Display = p.Target.URL // as a writer must not trust it
			p.URL, p.FinalURL = p.Target.URL, "https://user:hunter2@www.example.com/final"
		}
		if p.Status != scanner.StatusOK {
			p.Error = "load https://user:hunter2@www.example.com/: " + hostile
		}
		for j := range p.Findings {
			f := &p.Findings[j]
			f.Message += hostile
			f.Selector += hostile
			f.Snippet += hostile
			f.Fix += hostile
			f.URL = p.Target.URL
		}
		for j := range p.Filings {
			p.Filings[j].Raw += hostile
			p.Filings[j].Href = "https://user:hunter2@beian.miit.gov.cn/"
		}
	}
	return r
}

// TestWritersRedactAndEscape checks every writer: no password anywhere;
// the formats read by people and terminals hold no control or bidi
// character; JSON keeps the page's text exactly; the JUnit XML parses.
func TestWritersRedactAndEscape(t *testing.T) {
	r := credentialedResult()
	hasPage := false
	for _, p := range r.Pages {
		hasPage = hasPage || p.Target.Path == ""
	}
	if !hasPage {
		t.Fatal("the sample result has no URL page")
	}
	writers := map[string]func(io.Writer, *scanner.Result) error{
		"summary": func(w io.Writer, r *scanner.Result) error {
			return WriteSummaryWith(w, r, SummaryOptions{Notes: true, Rows: SummaryAll})
		},
		"annotations": WriteAnnotations,
		"markdown":    WriteMarkdown,
		"junit":       WriteJUnit,
		"html":        func(w io.Writer, r *scanner.Result) error { return WriteHTML(w, r, HTMLOptions{}) },
		"sarif":       WriteSARIF,
		"json":        WriteJSON,
		"jsonl": func(w io.Writer, r *scanner.Result) error {
			for i := range r.Pages {
				if err := WriteJSONLine(w, &r.Pages[i]); err != nil {
					return err
				}
			}
			return nil
		},
	}
	raws := []string{"\x1b", "\a", "\b", "\x00", "\u202e", "\u0085", "\u009b"}
	for name, write := range writers {
		var buf bytes.Buffer
		if err := write(&buf, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := buf.String()
		if strings.Contains(out, "hunter2") {
			t.Errorf("%s holds the password:\n%s", name, out)
		}
		if !strings.Contains(out, "***@www.example.com") && !strings.Contains(out, `\*\*\*@www.example.com`) {
			t.Errorf("%s does not show the redacted URL:\n%s", name, out)
		}
		switch name {
		case "json", "jsonl":
			// Data: encoding/json escapes C0; the rest is kept exactly.
			if !strings.Contains(out, `\u001b[31m\u0007\b\u0000`+"\u202e\u0085\u009b") {
				t.Errorf("%s does not keep the page's text exactly:\n%s", name, out)
			}
			continue
		case "sarif":
			var log sarifLog
			if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
				t.Fatal(err)
			}
			for _, res := range log.Runs[0].Results {
				for _, raw := range raws {
					if strings.Contains(res.Message.Text, raw) {
						t.Errorf("SARIF message holds a raw %q: %q", raw, res.Message.Text)
					}
				}
			}
			for _, n := range log.Runs[0].Invocations[0].ToolExecutionNotifications {
				if strings.ContainsAny(n.Message.Text, strings.Join(raws, "")) {
					t.Errorf("SARIF notification holds a raw control character: %q", n.Message.Text)
				}
			}
			continue
		case "junit":
			dec := xml.NewDecoder(strings.NewReader(out))
			for {
				if _, err := dec.Token(); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					t.Fatalf("JUnit is not well-formed: %v\n%s", err, out)
				}
			}
		}
		for _, raw := range raws {
			if strings.Contains(out, raw) {
				t.Errorf("%s holds a raw %q:\n%s", name, raw, out)
			}
		}
		if strings.ContainsRune(out, '\ufffd') {
			t.Errorf("%s shows U+FFFD instead of an escape:\n%s", name, out)
		}
		if name != "html" && !strings.Contains(out, `x1b`) {
			t.Errorf("%s does not show the escape sequence visibly:\n%s", name, out)
		}
	}
}
