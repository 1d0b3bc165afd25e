package browser

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"net/url"
	pathpkg "path"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/scanner"
)

// documentResponse starts watching the responses of the tab's main frame
// for one navigation; the func returns the last document response seen.
// NavigateResponse gives none when the navigation aborts.
func (t *tab) documentResponse(ctx context.Context) (func() *network.EventResponseReceived, error) {
	c := chromedp.FromContext(t.ctx)
	if c == nil || c.Target == nil {
		return nil, errors.New("tab has no target")
	}
	// The main frame's id is the target's.
	main := cdp.FrameID(c.Target.TargetID)
	var mu sync.Mutex
	var last *network.EventResponseReceived
	err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventResponseReceived); ok && ev.Type == network.ResourceTypeDocument && ev.FrameID == main {
			mu.Lock()
			last = ev
			mu.Unlock()
		}
	})
	return func() *network.EventResponseReceived {
		mu.Lock()
		defer mu.Unlock()
		return last
	}, err
}

// sameDocument reports whether two URLs name one document (fragments
// aside).
func sameDocument(a, b string) bool {
	a, _, _ = strings.Cut(a, "#")
	b, _, _ = strings.Cut(b, "#")
	return a == b
}

// xmlRoot returns the local name of the root element of the document
// response's body, or "" when it cannot tell.
func xmlRoot(ctx context.Context, doc func() *network.EventResponseReceived) string {
	ev := doc()
	if ev == nil {
		return ""
	}
	body, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: ev.RequestID})
	if err != nil {
		return ""
	}
	d := xml.NewDecoder(bytes.NewReader(body.Body))
	d.Strict = false
	for range 64 {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if el, ok := tok.(xml.StartElement); ok {
			return el.Name.Local
		}
	}
	return ""
}

// isHTML reports whether a response's MIME type is a page beiancheck
// checks; an empty one (nothing to tell) counts as HTML.
func isHTML(mime string) bool {
	switch strings.ToLower(mime) {
	case "", "text/html", "application/xhtml+xml":
		return true
	}
	return false
}

// isXML reports whether a MIME type is XML other than XHTML.
func isXML(mime string) bool {
	mime = strings.ToLower(mime)
	return mime == "application/xml" || mime == "text/xml" || strings.HasSuffix(mime, "+xml")
}

// notHTML is why a target whose response has this MIME type is skipped:
// a PDF, an image, plain text or an archive has no footer to check, and a
// sitemap or robots.txt given as a target was meant for --sitemap. root is
// the XML root element's name, when known.
func notHTML(mime, rawURL, root string) string {
	why := "not HTML: " + mime
	path := ""
	if u, err := url.Parse(rawURL); err == nil {
		path = strings.ToLower(u.Path)
	}
	base := pathpkg.Base(path)
	switch {
	case root == "urlset" || root == "sitemapindex" ||
		strings.Contains(base, "sitemap") && (strings.HasSuffix(base, ".xml") || strings.HasSuffix(base, ".xml.gz")):
		return why + scanner.SkipHint + "a sitemap: did you mean --sitemap " + rawURL + "?"
	case path == "/robots.txt":
		return why + scanner.SkipHint + "robots.txt: did you mean --sitemap auto?"
	}
	return why
}
