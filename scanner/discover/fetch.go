package discover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Fetcher gets a URL's body. The engine passes one that adds the user's
// headers, cookies and basic auth. For an HTTP status >= 400 it must return
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

// HTTPFetcher returns a Fetcher that uses client (nil: http.DefaultClient),
// sets header and, when user is not empty, basic auth on every request,
// fails with a *StatusError on status >= 400, and fails reading a body
// longer than maxBytes (maxBytes <= 0: no cap).
func HTTPFetcher(client *http.Client, header http.Header, user, pass string, maxBytes int64) Fetcher {
	if client == nil {
		client = http.DefaultClient
	}
	header = header.Clone()
	return func(ctx context.Context, url string) (io.ReadCloser, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, fmt.Errorf("get %s: %w", url, err)
		}
		for k, vs := range header {
			for _, v := range vs {
				if http.CanonicalHeaderKey(k) == "Host" {
					req.Host = v // the client ignores a Host entry in req.Header
					continue
				}
				req.Header.Add(k, v)
			}
		}
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err // *url.Error already names the method and URL
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
