package scanner

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The waits between attempts of a page-viewport (--retries), when Retry
// leaves them zero.
const (
	// DefaultBackoff is the wait before the first retry; it doubles
	// before each next one, up to DefaultMaxBackoff.
	DefaultBackoff    = time.Second
	DefaultMaxBackoff = 8 * time.Second
	// DefaultMaxRetryAfter caps the wait a server asks for with
	// Retry-After: a server saying "come back in an hour" gets 30 s.
	DefaultMaxRetryAfter = 30 * time.Second
)

// Retry is how a page-viewport whose render failed for a transient reason
// (TransientError) is tried again. The zero value never retries.
type Retry struct {
	// Retries is the number of attempts after the first; 0 disables.
	Retries int
	// Backoff is the wait before the first retry, doubled before each
	// next one up to MaxBackoff; MaxRetryAfter caps a server's
	// Retry-After, which replaces the backoff when the server sends one.
	// Zero values take the defaults above.
	Backoff, MaxBackoff, MaxRetryAfter time.Duration
}

// next decides whether the page-viewport whose attempt (counted from 1)
// failed with err is tried again, and after how long. Only a
// TransientError is retried, and never one that says the engine died
// (ErrBrowserLost). A retry that could not start before ctx's deadline
// (--max-duration) is not made: the page's last error stands.
func (r Retry) next(ctx context.Context, attempt int, err error) (time.Duration, bool) {
	var te *TransientError
	if err == nil || attempt > r.Retries || !errors.As(err, &te) || errors.Is(err, ErrBrowserLost) || ctx.Err() != nil {
		return 0, false
	}
	wait := cmpOr(r.Backoff, DefaultBackoff)
	for i := 1; i < attempt; i++ {
		wait *= 2
	}
	wait = min(wait, cmpOr(r.MaxBackoff, DefaultMaxBackoff))
	if te.RetryAfter > 0 {
		wait = min(te.RetryAfter, cmpOr(r.MaxRetryAfter, DefaultMaxRetryAfter))
	}
	if dl, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(dl) {
		return 0, false
	}
	return wait, true
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait before retrying: %w", ctx.Err())
	}
}

// ParseRetryAfter reads a Retry-After header value (RFC 9110 §10.2.3):
// delay-seconds, or an HTTP-date taken relative to now (a date in the past
// is no wait). ok is false for an empty or unreadable value.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
