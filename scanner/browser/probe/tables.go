package probe

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/beiancheck/beiancheck/rules"
)

// The tables the scripts share with the filing parser's normalisation
// (rules.Normalize, DOMAIN §3). They are written once, here, and injected
// into every script that names tablesPlaceholder; tables_test.go checks
// them against rules.Normalize rune by rune.
var (
	// zeroWidth are the characters deleted before anything is read: those
	// of DOMAIN §3, and the invisible direction marks and embeddings that
	// text copied from a word processor carries (京ICP备&lrm;2021…).
	zeroWidth = []rune{'\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD',
		'\u200E', '\u200F', '\u061C', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
		'\u2066', '\u2067', '\u2068', '\u2069'}
	// dashes are the characters read as '-' after NFKC (which already
	// maps the full-width hyphen-minus).
	dashes = []rune{'\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212'}
	// traditional maps the traditional forms the parser folds (the filing
	// words, the province abbreviations) to the simplified ones.
	traditional = rules.TraditionalForms()
)

// tablesPlaceholder is replaced, in every script, by a JavaScript object
// holding the tables as regexp sources and a map.
const tablesPlaceholder = "__BEIANCHECK_TABLES__"

// jsTables is what a script sees in place of tablesPlaceholder.
type jsTables struct {
	// Trigger is the source of the case-insensitive regexp of text that
	// may hold a filing number ("ICP", "公网安", "B2-" in any variant).
	Trigger string `json:"trigger"`
	// ZeroWidth and Dashes are the sources of one-character classes.
	ZeroWidth string `json:"zeroWidth"`
	Dashes    string `json:"dashes"`
	// Traditional is the source of the class of its keys, and Fold the
	// mapping itself.
	Traditional string            `json:"traditional"`
	Fold        map[string]string `json:"fold"`
	// MIITHost is the filing system's host (rules.MIITHost).
	MIITHost string `json:"miitHost"`
}

// class is the source of a regexp class of runes, read alike by
// JavaScript and Go: each rune as itself, '-' escaped.
func class(rs []rune) string {
	var b strings.Builder
	b.WriteByte('[')
	for _, r := range rs {
		if r == '-' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte(']')
	return b.String()
}

func tables() jsTables {
	var trad []rune
	fold := map[string]string{}
	for k, v := range traditional {
		trad = append(trad, k)
		fold[string(k)] = string(v)
	}
	sort.Slice(trad, func(i, j int) bool { return trad[i] < trad[j] })
	// 网 in either form; the dash after B1/B2 in any form, full-width
	// hyphen-minus included (the scripts read raw text, before NFKC).
	wang := []rune{'网'}
	for k, v := range traditional {
		if v == '网' {
			wang = append(wang, k)
		}
	}
	sort.Slice(wang, func(i, j int) bool { return wang[i] < wang[j] })
	dash := append([]rune{'-', '\uFF0D'}, dashes...)
	trigger := `I\s*C\s*P|ＩＣＰ|ｉｃｐ|公\s*` + class(wang) + `\s*安|B\s*[12]\s*` + class(dash)
	return jsTables{
		Trigger:     trigger,
		ZeroWidth:   class(zeroWidth),
		Dashes:      class(dashes),
		Traditional: class(trad),
		Fold:        fold,
		MIITHost:    rules.MIITHost,
	}
}

// tablesJS is the injected value: a JSON object, which is a JavaScript
// expression.
var tablesJS = func() string {
	b, err := json.Marshal(tables())
	if err != nil {
		panic(fmt.Sprintf("probe: tables: %v", err))
	}
	return string(b)
}()

func inject(src string) string {
	return strings.ReplaceAll(src, tablesPlaceholder, tablesJS)
}
