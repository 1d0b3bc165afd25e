package discover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Fetcher gets a URL's body. The engine passes one that adds the user's
// headers and answers basic-auth challenges, for the targets' origins only
// (NewFetcher). For an HTTP status >= 400 it must return
// an error; returning a *StatusError lets callers such as Robots tell a
// missing file (404) from a failing server (503).
type Fetcher func(ctx context.Context, url string) (io.ReadCloser, error)

// StatusError is a response whose HTTP status is 400 or more.
type StatusError struct {
	Code int // the HTTP status code, e.g. 404
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d", e.Code)
}

// statusCode returns the HTTP status carried by err, or 0 when err is not a
// *StatusError.
func statusCode(err error) int {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

// HTTPFetcher is NewFetcher with basic-auth credentials for every origin
// and no header kept from any.
func HTTPFetcher(client *http.Client, header http.Header, user, pass string, maxBytes int64) Fetcher {
	return NewFetcher(client, header, FetchCredentials{User: user, Password: pass}, maxBytes)
}

// FetchCredentials are what a fetch sends only where To allows it: the
// user's headers on every request, and basic auth (User, Password) only to
// answer a 401 challenge that asks for Basic. Requests To refuses,
// redirects to them included, carry neither.
type FetchCredentials struct {
	Header         http.Header
	User, Password string
	// To reports whether rawURL (its origin) may get the credentials;
	// nil: every URL.
	To func(rawURL string) bool
}

// maxRedirects is how many redirects a fetch follows, as net/http does.
const maxRedirects = 10

// NewFetcher returns a Fetcher that uses client (nil: http.DefaultClient),
// sets header on every request and the credentials on the requests they
// may go to (see FetchCredentials), fails with a *StatusError on status >=
// 400, and fails reading a body longer than maxBytes (maxBytes <= 0: no
// cap).
func NewFetcher(client *http.Client, header http.Header, cred FetchCredentials, maxBytes int64) Fetcher {
	if client == nil {
		client = http.DefaultClient
	}
	may := cred.To
	if may == nil {
		may = func(string) bool { return true }
	}
	c := *client
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !may(req.URL.String()) {
			// net/http copies the first request's headers onto the
			// redirect, Authorization too when only the port differs.
			for k := range cred.Header {
				req.Header.Del(k)
			}
			req.Header.Del("Authorization")
		}
		if client.CheckRedirect != nil {
			return client.CheckRedirect(req, via)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}
	header, cred.Header = header.Clone(), cred.Header.Clone()
	return func(ctx context.Context, url string) (io.ReadCloser, error) {
		resp, err := fetchOnce(ctx, &c, url, header, cred, may, false)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode == http.StatusUnauthorized && cred.User != "" && asksBasic(resp) && may(resp.Request.URL.String()) {
			// The credentials answer the challenge of the URL that made
			// it, once.
			to := resp.Request.URL.String()
			if err := resp.Body.Close(); err != nil {
				return nil, fmt.Errorf("get %s: HTTP 401: close body: %w", url, err)
			}
			if resp, err = fetchOnce(ctx, &c, to, header, cred, may, true); err != nil {
				return nil, err
			}
		}
		if resp.StatusCode >= 400 {
			if err := resp.Body.Close(); err != nil {
				return nil, fmt.Errorf("get %s: HTTP %d: close body: %w", url, resp.StatusCode, err)
			}
			return nil, &StatusError{Code: resp.StatusCode}
		}
		if maxBytes <= 0 {
			return resp.Body, nil
		}
		return &capReader{r: resp.Body, c: resp.Body, left: maxBytes, limit: maxBytes, what: "response body of " + url}, nil
	}
}

// fetchOnce sends one GET with header, the credentials' headers when may
// allows url, and basic auth when auth is set.
func fetchOnce(ctx context.Context, client *http.Client, url string, header http.Header, cred FetchCredentials, may func(string) bool, auth bool) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", url, err)
	}
	hs := []http.Header{header}
	if may(url) {
		hs = append(hs, cred.Header)
	}
	for _, h := range hs {
		for k, vs := range h {
			for _, v := range vs {
				if http.CanonicalHeaderKey(k) == "Host" {
					req.Host = v // the client ignores a Host entry in req.Header
					continue
				}
				req.Header.Add(k, v)
			}
		}
	}
	if auth {
		req.SetBasicAuth(cred.User, cred.Password)
	}
	return client.Do(req) // *url.Error already names the method and URL
}

// asksBasic reports whether a 401 response challenges for Basic auth.
func asksBasic(resp *http.Response) bool {
	for _, v := range resp.Header.Values("WWW-Authenticate") {
		if len(v) >= 5 && strings.EqualFold(v[:5], "basic") {
			return true
		}
	}
	return false
}

// capReader fails once more than limit bytes have been read from r, so a
// huge body is an error instead of silently truncated input.
type capReader struct {
	r     io.Reader
	c     io.Closer // may be nil
	left  int64
	limit int64
	what  string // "response body", "uncompressed sitemap"
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("%s larger than %s", c.what, formatBytes(c.limit))
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

func (c *capReader) Close() error {
	if c.c == nil {
		return nil
	}
	return c.c.Close()
}

// formatBytes names a size limit the way people write it: 50 MB, 1 KB, 1500
// bytes (binary multiples, as sitemaps.org counts 50 MB as 52,428,800 bytes).
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
