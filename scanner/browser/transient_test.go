package browser

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/scanner"
)

// TestTransientDecision checks which failed loads are marked transient
// (tried again with --retries) and which are final.
func TestTransientDecision(t *testing.T) {
	live := context.Background()
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	load := func(text string) error { return &chromedp.LoadError{ErrorText: text} }
	for _, c := range []struct {
		name     string
		ctx      context.Context
		err      error
		answered bool
		want     bool
	}{
		{"connection refused", live, load("net::ERR_CONNECTION_REFUSED"), false, true},
		{"connection reset", live, load("net::ERR_CONNECTION_RESET"), false, true},
		{"empty response", live, load("net::ERR_EMPTY_RESPONSE"), false, true},
		{"no such host", live, load("net::ERR_NAME_NOT_RESOLVED"), false, false},
		{"certificate", live, load("net::ERR_CERT_AUTHORITY_INVALID"), false, false},
		{"redirect loop", live, load("net::ERR_TOO_MANY_REDIRECTS"), false, false},
		{"blocked by client", live, load("net::ERR_BLOCKED_BY_CLIENT"), false, false},
		{"aborted", live, load("net::ERR_ABORTED"), false, false},
		{"timeout, no answer", expired, context.DeadlineExceeded, false, true},
		{"timeout after the answer", expired, context.DeadlineExceeded, true, false},
		{"run cancelled", cancelled, context.Canceled, false, false},
		{"other", live, errors.New("tab has no target"), false, false},
	} {
		worded := fmt.Errorf("load: %w", c.err)
		err := loadError(c.ctx, c.err, worded, c.answered)
		var te *scanner.TransientError
		if got := errors.As(err, &te); got != c.want {
			t.Errorf("%s: transient %v, want %v", c.name, got, c.want)
		}
		if err.Error() != worded.Error() {
			t.Errorf("%s: error %q, want %q", c.name, err, worded)
		}
	}
}

// TestHTTPErrorTransient checks that a 5xx or 429 document is transient
// with the Retry-After it asks for, and other statuses final.
func TestHTTPErrorTransient(t *testing.T) {
	soon := time.Now().Add(20 * time.Second).UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")
	for _, c := range []struct {
		status    int64
		headers   network.Headers
		transient bool
		after     time.Duration // at least
	}{
		{500, nil, true, 0},
		{502, network.Headers{"retry-after": "7"}, true, 7 * time.Second},
		{503, network.Headers{"Retry-After": soon}, true, 15 * time.Second},
		{429, network.Headers{"Retry-After": "2"}, true, 2 * time.Second},
		{404, network.Headers{"Retry-After": "2"}, false, 0},
		{401, nil, false, 0},
		{410, nil, false, 0},
	} {
		err := httpError(c.status, c.headers, "")
		var te *scanner.TransientError
		if got := errors.As(err, &te); got != c.transient {
			t.Errorf("HTTP %d: transient %v, want %v", c.status, got, c.transient)
			continue
		}
		if te != nil && (te.RetryAfter < c.after || te.RetryAfter > c.after+5*time.Second) {
			t.Errorf("HTTP %d %v: Retry-After %v, want about %v", c.status, c.headers, te.RetryAfter, c.after)
		}
	}
}
