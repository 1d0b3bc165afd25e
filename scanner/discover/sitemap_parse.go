package discover

import (
	"bufio"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"
)

const (
	// maxLocLen bounds one <loc>; the protocol allows 2,048 characters.
	maxLocLen = 8 << 10
	// maxXMLNesting bounds element nesting, which a sitemap needs 3 levels of.
	maxXMLNesting = 64
)

// sitemapFile is what one sitemap file holds.
type sitemapFile struct {
	index    bool     // a sitemapindex: locs are child sitemaps
	locs     []string // normalised, at most the per-file limit
	dropped  int      // valid entries over the per-file limit
	bad      int      // entries that are not http(s) URLs
	firstBad string
	base     *url.URL
	max      int
}

// add records one <loc> value (or text line).
func (f *sitemapFile) add(raw string) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err == nil && f.base != nil {
		u = f.base.ResolveReference(u)
	}
	if err == nil {
		err = normalizeParsed(u)
	}
	if err != nil {
		if f.bad == 0 {
			f.firstBad = raw
		}
		f.bad++
		return
	}
	if len(f.locs) >= f.max {
		f.dropped++
		return
	}
	f.locs = append(f.locs, u.String())
}

// parseSitemap reads one sitemap: gzip is recognised by its magic bytes,
// then XML (urlset or sitemapindex) or, when the first character is not
// '<', the protocol's plain-text form. More than maxBytes of uncompressed
// data is an error.
func parseSitemap(r io.Reader, base *url.URL, maxBytes int64, maxURLs int) (*sitemapFile, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read: %w", err)
	}
	var src io.Reader = br
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
		src = gz
	}
	cr := bufio.NewReader(&capReader{r: src, left: maxBytes, limit: maxBytes, what: "uncompressed sitemap"})
	first, err := skipLeadingSpace(cr)
	if err != nil {
		return nil, err
	}
	f := &sitemapFile{base: base, max: maxURLs}
	if first == '<' {
		err = parseXMLSitemap(cr, f)
	} else {
		err = parseTextSitemap(cr, f)
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// skipLeadingSpace drops a byte order mark and whitespace and returns the
// next byte without consuming it (0 for an empty file).
func skipLeadingSpace(r *bufio.Reader) (byte, error) {
	for {
		c, _, err := r.ReadRune()
		if errors.Is(err, io.EOF) {
			return 0, nil
		}
		if err != nil {
			return 0, fmt.Errorf("read: %w", err)
		}
		if c == '\uFEFF' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		if err := r.UnreadRune(); err != nil {
			return 0, fmt.Errorf("read: %w", err)
		}
		return byte(c), nil
	}
}

// parseXMLSitemap streams tokens, so memory does not grow with the file.
// Namespaces are optional: <loc> counts when it is a child of <url> (or
// <sitemap>) in the root element's namespace, so extensions such as
// <image:loc> are ignored.
func parseXMLSitemap(r io.Reader, f *sitemapFile) error {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charset.NewReaderLabel
	var (
		stack []string
		space string // the root element's namespace
		entry string // "url" or "sitemap"
		inLoc bool
		loc   strings.Builder
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("parse xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if len(stack) == 0 {
				switch name {
				case "urlset":
					entry = "url"
				case "sitemapindex":
					entry, f.index = "sitemap", true
				default:
					return fmt.Errorf("not a sitemap: root element is <%s>", name)
				}
				space = t.Name.Space
			}
			if len(stack) >= maxXMLNesting {
				return fmt.Errorf("parse xml: elements nested deeper than %d", maxXMLNesting)
			}
			if name == "loc" && t.Name.Space == space && len(stack) == 2 && stack[1] == entry {
				inLoc = true
				loc.Reset()
			}
			if len(stack) == 1 && t.Name.Space != space {
				name = "" // an extension element, never an entry
			}
			stack = append(stack, name)
		case xml.CharData:
			if inLoc && loc.Len() < maxLocLen {
				loc.Write(t)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if inLoc && len(stack) == 2 {
				inLoc = false
				f.add(loc.String())
			}
		}
	}
	if entry == "" {
		return errors.New("not a sitemap: no root element")
	}
	return nil
}

// parseTextSitemap reads the plain-text form: one URL a line.
func parseTextSitemap(r io.Reader, f *sitemapFile) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			f.add(line)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read text sitemap: %w", err)
	}
	return nil
}
