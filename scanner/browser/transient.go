package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/scanner"
)

// What of a failed render is transient (scanner.TransientError, tried
// again with --retries) is decided here, where the browser's errors are
// known. Transient: the network errors below, a page timeout before the
// document's response arrived (the server did not answer in time), and an
// HTTP 5xx or 429 for the document. Everything else is final: any other
// HTTP error (404, 401), a name that does not resolve, TLS and certificate
// errors, redirect loops, a load the egress policy refused (Render reports
// it apart), a renderer that crashed, and a timeout once the document had
// answered (the page's own body, scripts or subresources took the time: a
// second try would take it again).

// transientNet are the browser's network errors (Chromium's
// net/base/net_error_list.h) that say the connection failed for a
// moment, not that the target is wrong.
var transientNet = map[string]bool{
	"net::ERR_CONNECTION_CLOSED":           true,
	"net::ERR_CONNECTION_RESET":            true,
	"net::ERR_CONNECTION_REFUSED":          true,
	"net::ERR_CONNECTION_ABORTED":          true,
	"net::ERR_CONNECTION_FAILED":           true,
	"net::ERR_CONNECTION_TIMED_OUT":        true,
	"net::ERR_TIMED_OUT":                   true,
	"net::ERR_EMPTY_RESPONSE":              true,
	"net::ERR_NETWORK_CHANGED":             true,
	"net::ERR_INTERNET_DISCONNECTED":       true,
	"net::ERR_ADDRESS_UNREACHABLE":         true,
	"net::ERR_NAME_RESOLUTION_FAILED":      true, // the resolver failed, not the name
	"net::ERR_TUNNEL_CONNECTION_FAILED":    true, // the proxy's upstream connection failed
	"net::ERR_SOCKET_NOT_CONNECTED":        true,
	"net::ERR_NETWORK_IO_SUSPENDED":        true,
	"net::ERR_HTTP2_PROTOCOL_ERROR":        true,
	"net::ERR_HTTP2_PING_FAILED":           true,
	"net::ERR_HTTP2_SERVER_REFUSED_STREAM": true,
	"net::ERR_INCOMPLETE_CHUNKED_ENCODING": true,
	"net::ERR_CONTENT_LENGTH_MISMATCH":     true,
}

// loadError is the error of a navigation that failed (err, already
// worded): transient when the browser's network error is, or when the
// page's deadline passed before the document answered.
func loadError(pctx context.Context, err, worded error, answered bool) error {
	var le *chromedp.LoadError
	switch {
	case errors.As(err, &le) && transientNet[le.ErrorText]:
	case pctx.Err() == context.DeadlineExceeded && !answered:
	default:
		return worded
	}
	return &scanner.TransientError{Err: worded}
}

// httpError is the error of a document answered with status (>= 400);
// suffix adds to its text. A 5xx or a 429 is transient, waiting what the
// response's Retry-After asks for.
func httpError(status int64, headers network.Headers, suffix string) error {
	err := fmt.Errorf("HTTP %d %s%s", status, http.StatusText(int(status)), suffix)
	if status < 500 && status != http.StatusTooManyRequests {
		return err
	}
	te := &scanner.TransientError{Err: err}
	for k, v := range headers {
		if s, ok := v.(string); ok && strings.EqualFold(k, "Retry-After") {
			te.RetryAfter, _ = scanner.ParseRetryAfter(s, time.Now())
		}
	}
	return te
}
