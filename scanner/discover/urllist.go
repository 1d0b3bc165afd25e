package discover

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// ListedURL is one URL of a --urls file.
type ListedURL struct {
	URL  string // normalised (see NormalizeURL)
	Line int    // 1-based line of its first occurrence
}

// maxListLine bounds one line of a --urls file; real URLs are far shorter.
const maxListLine = 1 << 20

// ReadURLList reads a --urls file: one URL per line; '#' at the start of a
// line or after whitespace starts a comment; blank lines are skipped and
// surrounding whitespace (and a leading UTF-8 BOM) trimmed. Every URL must be
// http(s) with a host; the first bad line is an error naming its number and
// text. The URLs come back normalised and deduplicated in first-seen order.
func ReadURLList(r io.Reader) ([]ListedURL, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxListLine)
	var out []ListedURL
	seen := make(map[string]bool)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if n == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		text = strings.TrimSpace(stripComment(text))
		if text == "" {
			continue
		}
		pu, err := parseHTTPURL(text)
		if err != nil {
			// The line may hold credentials (https://user:pass@host/).
			return nil, fmt.Errorf("line %d: %q: %w", n, sanitize.URL(text), err)
		}
		u := pu.String()
		if seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, ListedURL{URL: u, Line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read url list: %w", err)
	}
	return out, nil
}

// stripComment cuts a line at a '#' that starts it or follows whitespace; a
// '#' inside a URL (a fragment) is kept.
func stripComment(line string) string {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}
