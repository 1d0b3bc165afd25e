package scanner

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// SourceMap points the findings of matching pages at the template that
// renders their footer (--map 'https://m.example.com/**=src/Footer.vue').
type SourceMap struct {
	Glob string
	re   *regexp.Regexp
	File string // slash-separated, relative to the working directory
	Line int    // 0: find the number or the footer in File
}

// ParseSourceMap reads URL-GLOB=FILE[:LINE]. In the glob, ** matches any
// text and * any text without a slash.
func ParseSourceMap(s string) (SourceMap, error) {
	i := strings.LastIndex(s, "=")
	if i <= 0 || i == len(s)-1 {
		return SourceMap{}, fmt.Errorf("map %q: want URL-GLOB=FILE[:LINE]", s)
	}
	m := SourceMap{Glob: s[:i], File: s[i+1:]}
	if j := strings.LastIndex(m.File, ":"); j > 0 {
		if n, err := strconv.Atoi(m.File[j+1:]); err == nil {
			if n < 1 {
				return SourceMap{}, fmt.Errorf("map %q: line must be at least 1", s)
			}
			m.File, m.Line = m.File[:j], n
		}
	}
	m.File = filepath.ToSlash(filepath.Clean(m.File))
	var sb strings.Builder
	sb.WriteString("^")
	for k := 0; k < len(m.Glob); k++ {
		switch {
		case strings.HasPrefix(m.Glob[k:], "**"):
			sb.WriteString(".*")
			k++
		case m.Glob[k] == '*':
			sb.WriteString("[^/]*")
		default:
			sb.WriteString(regexp.QuoteMeta(m.Glob[k : k+1]))
		}
	}
	sb.WriteString("$")
	re, err := regexp.Compile(sb.String())
	if err != nil {
		return SourceMap{}, fmt.Errorf("map %q: %w", s, err)
	}
	m.re = re
	return m, nil
}

// Match reports whether the map covers a page URL.
func (m *SourceMap) Match(u string) bool { return m.re != nil && m.re.MatchString(u) }

// locateFindings gives findings a file and line: a local page its own file
// and the line of the element; a URL page the first matching map's file,
// else the --urls file and line it came from; otherwise nothing (writers
// then use a pseudo path).
func locateFindings(res *Result, maps []SourceMap) {
	cache := map[string]*sourceIndex{}
	index := func(key string, read func() ([]byte, error)) *sourceIndex {
		ix, ok := cache[key]
		if !ok {
			if src, err := read(); err == nil {
				ix = indexSource(src)
			}
			cache[key] = ix
		}
		return ix
	}
	for i := range res.Pages {
		p := &res.Pages[i]
		var path string
		var fixed int
		var ix *sourceIndex
		switch {
		case p.Target.Path != "":
			path = p.Target.Path
			ix = index(path, p.Target.Source)
		case p.Target.SourceRef != nil:
			path, fixed = p.Target.SourceRef.File, p.Target.SourceRef.Line
		default:
			for _, m := range maps {
				if m.Match(p.URL) {
					path, fixed = m.File, m.Line
					if fixed == 0 {
						ix = index(m.File, func() ([]byte, error) { return os.ReadFile(filepath.FromSlash(m.File)) })
					}
					break
				}
			}
			if path == "" && p.Target.ListFile != "" && p.Target.ListFile != "stdin" {
				path, fixed = filepath.ToSlash(p.Target.ListFile), p.Target.ListLine
			}
		}
		if path == "" {
			continue
		}
		for k := range p.Findings {
			f := &p.Findings[k]
			f.Path, f.Line = path, max(fixed, 1)
			switch {
			case ix != nil && p.Target.Path != "":
				// A page without the number points at </body>.
				f.Line = ix.lineOf(f.Finding, ix.bodyEnd, false)
			case ix != nil && fixed == 0:
				f.Line = ix.lineOf(f.Finding, 1, true)
			}
		}
	}
}
