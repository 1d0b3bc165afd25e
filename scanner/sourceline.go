package scanner

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"

	"github.com/beiancheck/beiancheck/rules"
)

// sourceIndex holds what line mapping needs of one local file.
type sourceIndex struct {
	texts      []lineText // text tokens with the line they start on
	footerLine int        // first <footer> or [role=contentinfo], 0 if none
	bodyEnd    int        // line of </body>, else the last line
}

type lineText struct {
	line int
	text string
}

// indexSource tokenises a page with x/net/html, remembering the line of
// each text token (the tokenizer reads bytes, so GBK pages work for the
// ASCII digits that identify a number).
func indexSource(src []byte) *sourceIndex {
	ix := &sourceIndex{}
	z := html.NewTokenizer(bytes.NewReader(src))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			// io.EOF, or a read error of bytes already in memory: done.
			break
		}
		raw := z.Raw()
		start := line
		line += bytes.Count(raw, []byte{'\n'})
		switch tt {
		case html.TextToken:
			ix.texts = append(ix.texts, lineText{line: start, text: string(raw)})
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if ix.footerLine == 0 && string(name) == "footer" {
				ix.footerLine = start
			}
			for hasAttr && ix.footerLine == 0 {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "role" && string(v) == "contentinfo" {
					ix.footerLine = start
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "body" {
				ix.bodyEnd = start
			}
		}
	}
	if ix.bodyEnd == 0 {
		ix.bodyEnd = line
	}
	return ix
}

// lineOf finds the line of a finding: where the number's digits appear in
// the source, else the footer (for a finding about a number, or in a
// mapped template), else notFound.
func (ix *sourceIndex) lineOf(f rules.Finding, notFound int, template bool) int {
	if f.Number != "" {
		key := f.Number
		if fl, ok := rules.ParseFiling(f.Number, 9999); ok && fl.Digits != "" {
			key = fl.Digits
		}
		for _, t := range ix.texts {
			if i := strings.Index(t.text, key); i >= 0 {
				return t.line + strings.Count(t.text[:i], "\n")
			}
		}
	}
	if ix.footerLine > 0 && (f.Number != "" || template) {
		return ix.footerLine
	}
	return notFound
}
