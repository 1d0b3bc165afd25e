package rules

import (
	"maps"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize applies the DOMAIN §3 normalisation to a candidate: NFKC
// (full-width to ASCII), dashes to '-', zero-width characters deleted,
// 備號證網 folded to 备号证网 (and the traditional province abbreviations to
// the simplified ones), all whitespace deleted and "ICP" in any case
// upper-cased. Other characters are kept.
func Normalize(s string) string {
	return upperICP(strings.ReplaceAll(normalizeKeepSpace(s).s, " ", ""))
}

// normText is text normalised as by Normalize, except that each blank is
// kept as one ASCII space and "ICP" keeps its case. start[i] and end[i]
// are the bounds of the raw text that byte i of s came from.
type normText struct {
	s          string
	start, end []int
}

func normalizeKeepSpace(text string) normText {
	var nt normText
	var b strings.Builder
	var it norm.Iter
	it.InitString(norm.NFKC, text)
	for !it.Done() {
		from := it.Pos()
		seg := it.Next()
		to := it.Pos()
		for len(seg) > 0 {
			r, size := utf8.DecodeRune(seg)
			out := string(seg[:size]) // an invalid byte stays as it is
			if r != utf8.RuneError || size > 1 {
				mapped, keep := foldRune(r)
				if !keep {
					seg = seg[size:]
					continue
				}
				out = string(mapped)
			}
			b.WriteString(out)
			for range len(out) {
				nt.start = append(nt.start, from)
				nt.end = append(nt.end, to)
			}
			seg = seg[size:]
		}
	}
	nt.s = b.String()
	return nt
}

// foldRune maps a rune after NFKC: blanks to ' ', dashes to '-',
// traditional forms to simplified ones; keep is false for zero-width
// characters, which are deleted.
func foldRune(r rune) (mapped rune, keep bool) {
	switch {
	case isZeroWidth(r):
		return 0, false
	case unicode.IsSpace(r):
		return ' ', true
	case r >= 0x2010 && r <= 0x2015, r == 0x2212:
		return '-', true
	}
	if m, ok := traditional[r]; ok {
		return m, true
	}
	return r, true
}

// traditional maps the traditional forms Normalize folds to the
// simplified ones: the filing words of DOMAIN §3 (備號證網), and the
// province abbreviations the registry writes simplified. A site for
// readers in Hong Kong, Macao or Taiwan shows 粵ICP備…號; DOMAIN §3 does
// not fold the province, and such a number was not found at all.
var traditional = map[rune]rune{
	'備': '备', '號': '号', '證': '证', '網': '网',
	'滬': '沪', '雲': '云', '遼': '辽', '魯': '鲁', '蘇': '苏', '贛': '赣', '晉': '晋',
	'陝': '陕', '閩': '闽', '貴': '贵', '粵': '粤', '寧': '宁', '瓊': '琼', '隴': '陇',
}

// TraditionalForms returns a copy of the traditional-to-simplified fold of
// Normalize, for engines that read text before handing it to the parser
// (the browser probe's trigger) and must fold alike.
func TraditionalForms() map[rune]rune {
	return maps.Clone(traditional)
}

// isZeroWidth reports the characters deleted before a candidate is read:
// those of DOMAIN §3 (U+200B–U+200D, U+2060, U+FEFF, U+00AD), and the
// invisible direction marks and embeddings (U+200E, U+200F, U+061C,
// U+202A–U+202E, U+2066–U+2069), which take no room either.
func isZeroWidth(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r == 0x2060, r == 0xFEFF, r == 0x00AD, r == 0x061C:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func isBlank(r rune) bool {
	return unicode.IsSpace(r) || isZeroWidth(r)
}

// blankBetweenDigits reports a blank between two digits of s.
func blankBetweenDigits(s string) bool {
	digit, blank := false, false
	for _, r := range s {
		switch {
		case isBlank(r):
			blank = blank || digit
		case unicode.IsDigit(r):
			if blank {
				return true
			}
			digit = true
		default:
			digit, blank = false, false
		}
	}
	return false
}

// upperICP upper-cases every "icp", in any case, of s.
func upperICP(s string) string {
	b := []byte(s)
	for i := 0; i+3 <= len(b); i++ {
		if b[i]|0x20 == 'i' && b[i+1]|0x20 == 'c' && b[i+2]|0x20 == 'p' {
			copy(b[i:], "ICP")
			i += 2
		}
	}
	return string(b)
}
