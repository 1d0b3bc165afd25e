// Package miniprogram finds the pages a mini-program project opens in
// <web-view>, with the file and line that give each URL.
package miniprogram

import (
	"bytes"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// How says how a web-view URL was found.
type How string

const (
	// HowLiteral is a URL written in the web-view's src attribute.
	HowLiteral How = "literal"
)

// Found is one web-view URL and where the project gives it. File is
// slash-separated and relative to the project root; Line and Col count
// from 1.
type Found struct {
	URL  string
	File string
	Line int
	Col  int
	How  How
}

// Note is a web-view whose URL cannot be resolved statically, at its
// location; it is reported rather than dropped or guessed.
type Note struct {
	File string
	Line int
	Col  int
	Text string
}

// templateWebViews reads a WXML file or a .vue template and returns the
// literal web-view URLs and a note for every web-view whose src is bound
// to an expression. The tokenizer gives no positions, so offsets are
// counted over the raw bytes of each token.
func templateWebViews(file string, src []byte) ([]Found, []binding, []Note) {
	var found []Found
	var bound []binding
	var notes []Note
	z := html.NewTokenizer(bytes.NewReader(src))
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				notes = append(notes, noteAt(file, src, off, "template not readable past this point: "+z.Err().Error()))
			}
			return found, bound, notes
		}
		start := off
		off += len(z.Raw())
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data != "web-view" && tok.Data != "webview" { // Taro's <WebView>, lower-cased
			continue
		}
		line, col := position(src, start)
		attr, val, ok := srcAttr(tok)
		switch {
		case !ok:
			notes = append(notes, Note{file, line, col, "web-view without src"})
		case attr == "src" && !strings.Contains(val, "{"):
			found = append(found, Found{strings.TrimSpace(val), file, line, col, HowLiteral})
		default:
			expr := strings.TrimSpace(val)
			bound = append(bound, binding{Note{file, line, col, "web-view src bound to " + expr + ": not resolved statically"}, bindingKey(expr)})
		}
	}
}

// binding is a web-view whose src is bound to an expression; key is the
// data key when the expression is a plain name ("{{url}}", "url").
type binding struct {
	Note
	key string
}

// bindingKey returns the data key of a bound src, or "".
func bindingKey(expr string) string {
	k := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(expr, "{{"), "}}"))
	k = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(k, "{"), "}")) // JSX src={url}
	for _, r := range k {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return k
}

// srcAttr returns the web-view's src attribute, plain or bound (:src,
// v-bind:src).
func srcAttr(tok html.Token) (name, val string, ok bool) {
	for _, a := range tok.Attr {
		switch a.Key {
		case "src", ":src", "v-bind:src":
			return a.Key, a.Val, true
		}
	}
	return "", "", false
}

func noteAt(file string, src []byte, off int, text string) Note {
	line, col := position(src, off)
	return Note{file, line, col, text}
}

// position converts a byte offset into a 1-based line and column (in
// bytes).
func position(src []byte, off int) (line, col int) {
	before := src[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = off - bytes.LastIndexByte(before, '\n')
	return line, col
}
