package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/net/html"

	"github.com/beiancheck/beiancheck/scanner"
)

// fuzzedResult is the sample result with the page's own text (filing
// text, snippets, messages, selectors, errors) and the URLs replaced by
// fuzzed strings, as a hostile page can make them.
func fuzzedResult(text, url string) *scanner.Result {
	r := sampleResult()
	for i := range r.Pages {
		p := &r.Pages[i]
		if p.Target.Path == "" {
			p.Target.URL = "https://www.example.com/" + url
			p.Target.Display = p.Target.URL
			p.URL, p.FinalURL = p.Target.URL, p.Target.URL+"#"+url
		}
		if p.Status != scanner.StatusOK {
			p.Error = "load: " + text
		}
		for j := range p.Findings {
			f := &p.Findings[j]
			f.Message += text
			f.Selector = text
			f.Snippet = text
			f.Fix += text
		}
		for j := range p.Filings {
			p.Filings[j].Raw = text
			p.Filings[j].Href = url
		}
	}
	return r
}

var fuzzSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	abs, err := filepath.Abs(sarifSchemaFile)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	return c.Compile(abs)
})

func write(t *testing.T, name string, w func(io.Writer, *scanner.Result) error, r *scanner.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := w(&b, r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b.Bytes()
}

// htmlShape lists the start tags of an HTML document in order, links
// aside (a URL that is not a plain http(s) one is shown, not linked): page
// text that opens or closes an element changes it.
func htmlShape(b []byte) []string {
	var tags []string
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return tags
		case html.StartTagToken, html.SelfClosingTagToken:
			if n, _ := z.TagName(); string(n) != "a" {
				tags = append(tags, string(n))
			}
		}
	}
}

// FuzzWriters writes every format from a result carrying fuzzed page text
// and URLs and checks each stays valid: the JSON decodes and keeps the
// text, the SARIF validates against the schema, the JUnit XML parses, the
// HTML has the same elements as with plain text, and the annotations keep
// one line per annotation with no control character.
func FuzzWriters(f *testing.F) {
	for _, s := range []string{"京ICP备2021012345号-1", "\x1b[31m\a\x00\u202e\u0085", "</td><script>alert(1)</script>", "]]><x/>", "line\nbreak\r\n::error::x", "\xff\xfe", "%0A%0D", "{{.}}"} {
		f.Add(s, s)
	}
	schema, err := fuzzSchema()
	if err != nil {
		f.Fatal(err)
	}
	plain := fuzzedResult("x", "x")
	var plainHTML bytes.Buffer
	if err := WriteHTML(&plainHTML, plain, HTMLOptions{}); err != nil {
		f.Fatal(err)
	}
	wantTags := htmlShape(plainHTML.Bytes())
	var plainAnn bytes.Buffer
	if err := WriteAnnotations(&plainAnn, plain); err != nil {
		f.Fatal(err)
	}
	wantLines := strings.Count(plainAnn.String(), "\n")

	f.Fuzz(func(t *testing.T, text, url string) {
		r := fuzzedResult(text, url)

		js := write(t, "json", WriteJSON, r)
		var rep JSONReport
		if err := json.Unmarshal(js, &rep); err != nil {
			t.Fatalf("json does not decode: %v", err)
		}

		sarif := write(t, "sarif", WriteSARIF, r)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(sarif))
		if err != nil {
			t.Fatalf("sarif does not decode: %v", err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Fatalf("sarif does not validate: %v", err)
		}

		junit := write(t, "junit", WriteJUnit, r)
		d := xml.NewDecoder(bytes.NewReader(junit))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("junit does not parse as XML: %v", err)
			}
		}

		var h bytes.Buffer
		if err := WriteHTML(&h, r, HTMLOptions{}); err != nil {
			t.Fatalf("html: %v", err)
		}
		if got := htmlShape(h.Bytes()); strings.Join(got, " ") != strings.Join(wantTags, " ") {
			t.Fatalf("page text changed the HTML's elements:\n got %v\nwant %v", got, wantTags)
		}

		ann := string(write(t, "annotations", WriteAnnotations, r))
		if n := strings.Count(ann, "\n"); n != wantLines {
			t.Fatalf("annotations: %d lines, want %d:\n%q", n, wantLines, ann)
		}
		for _, c := range ann {
			if c != '\n' && (unicode.IsControl(c) || c == '\u2028' || c == '\u2029') {
				t.Fatalf("annotations hold control character %U:\n%q", c, ann)
			}
		}

		for name, w := range map[string]func(io.Writer, *scanner.Result) error{"markdown": WriteMarkdown, "summary": WriteSummary} {
			write(t, name, w, r)
		}
	})
}
