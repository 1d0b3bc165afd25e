package discover

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Limits of one sitemap file from the sitemaps.org protocol.
const (
	defaultSitemapDepth     = 3
	defaultSitemapFileURLs  = 50000
	defaultSitemapFileBytes = 50 << 20
)

// SitemapOptions bounds ReadSitemaps. Zero values mean the defaults.
type SitemapOptions struct {
	// MaxDepth is how many levels of sitemap files are read, the root
	// counting as 1: with 3, a root index, its child indexes and their
	// children are read, and anything deeper is skipped with a warning.
	// 0 means 3.
	MaxDepth int
	// MaxURLs caps the page URLs kept across all files; reading stops with a
	// warning when it is reached. 0 means no cap.
	MaxURLs int
	// MaxFileURLs caps the entries kept from one file; the rest are dropped
	// with a warning. 0 means 50,000, the protocol's limit.
	MaxFileURLs int
	// MaxFileBytes caps one file's uncompressed size; a larger file is an
	// error for that file. 0 means 50 MB (52,428,800 bytes), the protocol's
	// limit.
	MaxFileBytes int64
}

func (o SitemapOptions) withDefaults() SitemapOptions {
	if o.MaxDepth <= 0 {
		o.MaxDepth = defaultSitemapDepth
	}
	if o.MaxFileURLs <= 0 {
		o.MaxFileURLs = defaultSitemapFileURLs
	}
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = defaultSitemapFileBytes
	}
	return o
}

// SitemapResult is what ReadSitemaps found.
type SitemapResult struct {
	URLs     []string // page URLs, normalised, deduplicated, in document order
	Files    []string // sitemap files read, in order: URLs normalised, local paths as given
	Warnings []string // problems that did not stop reading, each starting with the file it concerns
}

// ReadSitemaps reads each root, an http(s) URL fetched with fetch or else a
// local file path, following sitemap indexes depth first. Files may be
// gzipped (recognised by their magic bytes, whatever their name or content
// type), XML urlset or sitemapindex documents, or plain text with one URL a
// line. A root that cannot be read is an error naming it; a child sitemap
// that cannot be read, or one already read (a loop), is a warning.
func ReadSitemaps(ctx context.Context, fetch Fetcher, roots []string, o SitemapOptions) (*SitemapResult, error) {
	sr := &sitemapReader{
		fetch:    fetch,
		o:        o.withDefaults(),
		res:      &SitemapResult{},
		seenURL:  make(map[string]bool),
		seenFile: make(map[string]bool),
	}
	for _, root := range roots {
		if sr.full {
			break
		}
		src, err := rootSource(root)
		if err != nil {
			return nil, fmt.Errorf("sitemap %s: %w", root, err)
		}
		if sr.seenFile[src.key] {
			continue // the same root given twice
		}
		sr.seenFile[src.key] = true
		if err := sr.read(ctx, src, 1); err != nil {
			return nil, fmt.Errorf("sitemap %s: %w", src.name, err)
		}
	}
	return sr.res, nil
}

// sitemapSource is one sitemap file to read.
type sitemapSource struct {
	name string   // shown in Files and warnings
	key  string   // identity for loop detection
	base *url.URL // resolves relative <loc> values; nil for a local file
}

// rootSource tells a URL root from a local path.
func rootSource(root string) (sitemapSource, error) {
	lower := strings.ToLower(strings.TrimSpace(root))
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		u, err := parseHTTPURL(root)
		if err != nil {
			return sitemapSource{}, err
		}
		return urlSource(u), nil
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return sitemapSource{}, fmt.Errorf("resolve path: %w", err)
	}
	return sitemapSource{name: root, key: "file:" + abs}, nil
}

func urlSource(u *url.URL) sitemapSource {
	s := u.String()
	return sitemapSource{name: s, key: s, base: u}
}

// sitemapReader holds one ReadSitemaps call's state.
type sitemapReader struct {
	fetch    Fetcher
	o        SitemapOptions
	res      *SitemapResult
	seenURL  map[string]bool
	seenFile map[string]bool
	full     bool // MaxURLs reached
}

func (sr *sitemapReader) warnf(format string, args ...any) {
	sr.res.Warnings = append(sr.res.Warnings, fmt.Sprintf(format, args...))
}

// read reads one file at depth (root = 1) and, for an index, its children.
func (sr *sitemapReader) read(ctx context.Context, src sitemapSource, depth int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := sr.parse(ctx, src)
	if err != nil {
		return err
	}
	sr.res.Files = append(sr.res.Files, src.name)
	switch {
	case f.bad == 1:
		sr.warnf("%s: 1 <loc> value is not an http(s) URL: %q", src.name, f.firstBad)
	case f.bad > 1:
		sr.warnf("%s: %d <loc> values are not http(s) URLs (first: %q)", src.name, f.bad, f.firstBad)
	}
	what := "URLs"
	if f.index {
		what = "child sitemaps"
	}
	if len(f.locs) == 0 && f.bad == 0 {
		sr.warnf("%s: no <loc> entries", src.name)
	}
	if f.dropped > 0 {
		sr.warnf("%s: %d %s over the per-file limit of %d were dropped", src.name, f.dropped, what, sr.o.MaxFileURLs)
	}
	if !f.index {
		sr.addURLs(f.locs)
		return nil
	}
	for _, loc := range f.locs {
		if sr.full {
			return nil
		}
		u, _ := url.Parse(loc) // loc was normalised, so it parses
		child := urlSource(u)
		switch {
		case sr.seenFile[child.key]:
			sr.warnf("%s: child sitemap %s already read (loop or duplicate), skipped", src.name, child.name)
		case depth >= sr.o.MaxDepth:
			sr.warnf("%s: child sitemap %s not read: sitemap indexes nested deeper than %d levels", src.name, child.name, sr.o.MaxDepth)
		default:
			sr.seenFile[child.key] = true
			if err := sr.read(ctx, child, depth+1); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				sr.warnf("%s: not read: %v", child.name, err)
			}
		}
	}
	return nil
}

// parse opens and parses one file, closing it before returning.
func (sr *sitemapReader) parse(ctx context.Context, src sitemapSource) (f *sitemapFile, err error) {
	var body io.ReadCloser
	if src.base == nil { // a local file
		body, err = os.Open(src.name)
	} else {
		body, err = sr.fetch(ctx, src.name)
	}
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := body.Close(); cerr != nil && err == nil {
			f, err = nil, fmt.Errorf("close: %w", cerr)
		}
	}()
	return parseSitemap(body, src.base, sr.o.MaxFileBytes, sr.o.MaxFileURLs)
}

// addURLs appends page URLs not seen before, up to MaxURLs.
func (sr *sitemapReader) addURLs(locs []string) {
	for _, u := range locs {
		if sr.seenURL[u] {
			continue
		}
		if sr.o.MaxURLs > 0 && len(sr.res.URLs) >= sr.o.MaxURLs {
			sr.full = true
			sr.warnf("sitemaps: stopped at the limit of %d URLs", sr.o.MaxURLs)
			return
		}
		sr.seenURL[u] = true
		sr.res.URLs = append(sr.res.URLs, u)
	}
}
