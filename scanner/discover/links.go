package discover

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// ExtractLinks returns the links a crawl can follow in an HTML document
// (the rendered DOM's outerHTML) whose URL is baseURL: the href of every
// <a> and <area>, resolved against the first <base href> if there is one,
// normalised and deduplicated in document order. Links that are not http(s)
// (javascript:, mailto:, tel:, data: and the like), links with a download
// attribute, and links to the document itself (empty or "#..." hrefs) are
// skipped; rel=nofollow links are kept.
func ExtractLinks(baseURL string, r io.Reader) ([]string, error) {
	doc, err := parseHTTPURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("extract links: base %q: %w", baseURL, err)
	}
	// The document's base URL comes from the first <base href> anywhere in
	// it, so hrefs are collected first and resolved at the end.
	var (
		hrefs []string
		base  *url.URL
	)
	z := html.NewTokenizer(r)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("extract links from %s: %w", baseURL, err)
			}
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		tag := string(name)
		if tag != "a" && tag != "area" && tag != "base" {
			continue
		}
		href, download := tagAttrs(z)
		switch {
		case href == nil:
		case tag == "base":
			if base == nil {
				if u, err := doc.Parse(cleanHref(*href)); err == nil {
					base = u
				}
			}
		case !download:
			hrefs = append(hrefs, cleanHref(*href))
		}
	}
	if base == nil {
		base = doc
	}
	var out []string
	seen := make(map[string]bool)
	for _, h := range hrefs {
		if h == "" || strings.HasPrefix(h, "#") {
			continue
		}
		u, err := base.Parse(h)
		if err != nil || normalizeParsed(u) != nil {
			continue
		}
		if s := u.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// tagAttrs returns the current tag's href (nil when absent) and whether it
// has a download attribute.
func tagAttrs(z *html.Tokenizer) (href *string, download bool) {
	for {
		key, val, more := z.TagAttr()
		switch string(key) {
		case "href":
			if href == nil {
				v := string(val)
				href = &v
			}
		case "download":
			download = true
		}
		if !more {
			return href, download
		}
	}
}

// cleanHref strips what browsers strip from a URL attribute: surrounding
// whitespace and any tab or newline inside.
func cleanHref(s string) string {
	return hrefSpace.Replace(strings.TrimSpace(s))
}

var hrefSpace = strings.NewReplacer("\t", "", "\n", "", "\r", "")
