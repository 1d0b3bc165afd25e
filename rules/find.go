package rules

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Match is a number found in a longer text.
type Match struct {
	Filing Filing
	// Raw is the substring of the text that holds the number, as shown.
	Raw string
	// Start and End are the byte offsets of Raw in the text.
	Start, End int
}

// finder is a pattern for a number inside text normalised by
// normalizeKeepSpace, with the indexes of its optional site tail.
type finder struct {
	re                     *regexp.Regexp
	site, sp1, sp2, suffix int
}

// siteTail is a site number after a number: "-1", "-2X", "- 3". Blanks may
// stand on one side of the hyphen only: " - " separates the number from
// whatever follows.
const siteTail = `(?P<site>(?P<sp1> *)-(?P<sp2> *)\d+(?P<suf>[A-Za-z])?)?`

// finders locate numbers in text whose blanks are single spaces. They allow
// spaces around the parts of a number but, to keep unrelated words apart,
// spaces between digits only when 号 follows them. Each match is only a
// candidate: ParseFiling decides. At one position, earlier finders are
// tried first.
var finders = func() []finder {
	const digitsThenHao = `[0-9Xx*#](?: *[0-9Xx*#])* *(?:- *\d+ *)?号`
	srcs := []string{
		province + ` *(?i:icp) *备 *` + digitsThenHao + siteTail,
		province + ` *(?i:icp) *备 *[0-9Xx*#]+` + siteTail,
		province + ` *(?i:icp) *证 *\d(?: *\d)* *号` + siteTail,
		province + ` *(?i:icp) *证 *\d+` + siteTail,
		province + ` *B[12] *- *\d+` + siteTail,
		province + ` *公网安备 *\d(?: *\d)* *号`,
		province + ` *公网安备 *\d+`,
	}
	fs := make([]finder, len(srcs))
	for i, src := range srcs {
		re := regexp.MustCompile(src)
		fs[i] = finder{re, re.SubexpIndex("site"), re.SubexpIndex("sp1"), re.SubexpIndex("sp2"), re.SubexpIndex("suf")}
	}
	return fs
}()

// ends lists where a number matched by f at loc may end, longest first:
// with its site number and suffix, without the suffix, without the site.
func (f finder) ends(loc []int) []int {
	if f.site < 0 || loc[2*f.site] < 0 {
		return []int{loc[1]}
	}
	var ends []int
	if loc[2*f.sp1] == loc[2*f.sp1+1] || loc[2*f.sp2] == loc[2*f.sp2+1] {
		ends = append(ends, loc[1])
		if loc[2*f.suffix] >= 0 {
			ends = append(ends, loc[2*f.suffix])
		}
	}
	return append(ends, loc[2*f.site])
}

// FindFilings finds every number in text, in order. Blanks inside a number
// are allowed (ParseFiling reports them), blanks around it are not part of
// it, and a number followed by a file extension ("京ICP备12345678号.js") is
// a file name, not a number.
func FindFilings(text string, year int) []Match {
	nt := normalizeKeepSpace(text)
	s := nt.s
	// next[i] caches the leftmost match of finders[i] at or after pos:
	// nil when not searched yet, empty when there is none.
	next := make([][]int, len(finders))
	var out []Match
	rawEnd := 0
	for pos := 0; pos < len(s); {
		start := -1
		for i, f := range finders {
			if next[i] == nil || len(next[i]) > 0 && next[i][0] < pos {
				loc := f.re.FindStringSubmatchIndex(s[pos:])
				for j := range loc {
					if loc[j] >= 0 {
						loc[j] += pos
					}
				}
				next[i] = append([]int{}, loc...)
			}
			if len(next[i]) > 0 && (start < 0 || next[i][0] < start) {
				start = next[i][0]
			}
		}
		if start < 0 {
			break
		}
		found, end := false, 0
		for i, f := range finders {
			loc := next[i]
			if found || len(loc) == 0 || loc[0] != start {
				continue
			}
			for _, e := range f.ends(loc) {
				if cutsToken(s, e) || nt.start[start] < rawEnd {
					continue
				}
				m := Match{Start: nt.start[start], End: nt.end[e-1]}
				m.Raw = text[m.Start:m.End]
				fil, ok := ParseFiling(m.Raw, year)
				if !ok {
					continue
				}
				found, end = true, e
				if fileExtAt(s[e:]) {
					end = loc[1]
					break
				}
				m.Filing = fil
				out = append(out, m)
				rawEnd = m.End
				break
			}
		}
		if found {
			pos = end
		} else {
			_, size := utf8.DecodeRuneInString(s[start:])
			pos = start + size
		}
	}
	return out
}

// cutsToken reports whether a number ending at e would split a run of
// ASCII letters and digits ("-12345" read as site 1234).
func cutsToken(s string, e int) bool {
	return e < len(s) && isASCIIAlnum(s[e-1]) && isASCIIAlnum(s[e])
}

// fileExtAt reports whether s starts with a file extension: ".js",
// ".html", ".PNG".
func fileExtAt(s string) bool {
	if len(s) < 2 || s[0] != '.' {
		return false
	}
	i := 1
	for i < len(s) && isASCIIAlnum(s[i]) {
		i++
	}
	ext := s[1:i]
	if ext == "" || len(ext) > 5 || !unicode.IsLetter(rune(ext[0])) {
		return false
	}
	return ext == strings.ToLower(ext) || ext == strings.ToUpper(ext)
}

func isASCIIAlnum(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}
