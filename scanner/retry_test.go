package scanner_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/scanner"
)

// Retries of transient failures (--retries), on the fake engine: the
// waits are milliseconds.

func transient(msg string, retryAfter time.Duration) error {
	return &scanner.TransientError{Err: errors.New(msg), RetryAfter: retryAfter}
}

// retryOptions are fakeOptions at both viewports with retries and a
// backoff of a few milliseconds.
func retryOptions(retries int) scanner.Options {
	o := fakeOptions(nil)
	o.Viewports = bothViewports
	o.Retry = scanner.Retry{Retries: retries, Backoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond}
	return o
}

// attempts lists a result's page-viewports as "URL viewport status xN".
func attempts(res *scanner.Result) []string {
	var out []string
	for _, p := range res.Pages {
		out = append(out, fmt.Sprintf("%s %s %s x%d", p.URL, p.Viewport, p.Status, p.Attempts))
	}
	slices.Sort(out)
	return out
}

func checkAttempts(t *testing.T, res *scanner.Result, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := attempts(res); !slices.Equal(got, want) {
		t.Errorf("attempts:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestScanRetriesTransient checks that a page whose server fails once
// (500 then 200) is tried again in a new tab, so both viewports agree, and
// that each page-viewport records its attempts.
func TestScanRetriesTransient(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/flaky": {errs: []error{transient("HTTP 500 Internal Server Error", 0)}},
		"https://ex.com/a":     {},
	})
	res := scanFake(t, e, retryOptions(1), "https://ex.com/flaky", "https://ex.com/a")
	checkOutcome(t, res,
		"https://ex.com/a mobile ok", "https://ex.com/a desktop ok",
		"https://ex.com/flaky mobile ok", "https://ex.com/flaky desktop ok")
	checkAttempts(t, res,
		"https://ex.com/a mobile ok x1", "https://ex.com/a desktop ok x1",
		"https://ex.com/flaky mobile ok x2", "https://ex.com/flaky desktop ok x1")
	want := []string{"https://ex.com/flaky mobile tab1", "https://ex.com/flaky mobile tab2", "https://ex.com/flaky desktop tab3"}
	if got := e.renders[:3]; !slices.Equal(got, want) {
		t.Errorf("renders %q, want %q (the retry in a new tab)", got, want)
	}
	for _, p := range res.Pages {
		if p.HTTPStatus != 200 {
			t.Errorf("%s %s: HTTP status %d, want the successful attempt's 200", p.URL, p.Viewport, p.HTTPStatus)
		}
	}
}

// TestScanRetryDecision checks what is retried: a transient failure, as
// many times as asked; never a final error (an HTTP 404, a load the policy
// blocked, a crashed renderer), nor the engine's death even when marked
// transient (crash recovery renders that page-viewport again alone, once,
// outside the retries: see TestScanIsolatesTheCulprit), nor anything with
// --retries 0.
func TestScanRetryDecision(t *testing.T) {
	engineGone := &scanner.TransientError{Err: fmt.Errorf("open tab: %w", scanner.ErrBrowserLost)}
	for _, c := range []struct {
		name    string
		err     error
		retries int
		want    string // status and attempts of the page at mobile
	}{
		{"transient", transient("load: page load error net::ERR_CONNECTION_RESET", 0), 2, "error x3"},
		{"transient, no retries", transient("HTTP 503 Service Unavailable", 0), 0, "error x1"},
		{"HTTP 404", errors.New("HTTP 404 Not Found"), 2, "error x1"},
		{"blocked", errors.New("load: blocked: loopback address 127.0.0.1:8081 is not a target"), 2, "error x1"},
		{"renderer crash", errors.New("renderer out of memory or crashed"), 2, "error x1"},
		{"engine gone", engineGone, 2, "error x1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newFake(map[string]fakePage{"https://ex.com/p": {errs: []error{c.err, c.err, c.err, c.err}}})
			o := retryOptions(c.retries)
			o.Viewports = bothViewports[:1]
			res := scanFake(t, e, o, "https://ex.com/p")
			checkAttempts(t, res, "https://ex.com/p mobile "+c.want)
			want := c.err.Error()
			if errors.Is(c.err, scanner.ErrBrowserLost) {
				want = "crashed the browser (twice): " + want
			}
			if got := res.Pages[0].Error; got != want {
				t.Errorf("error %q, want the last attempt's %q", got, want)
			}
		})
	}
}

// TestScanRetryWaits checks the waits between attempts: the backoff
// doubles, a server's Retry-After replaces it up to its cap, and the rate
// limit holds for retries too.
func TestScanRetryWaits(t *testing.T) {
	gaps := func(t *testing.T, e *fakeEngine) []time.Duration {
		t.Helper()
		var out []time.Duration
		for i := 1; i < len(e.renderedAt); i++ {
			out = append(out, e.renderedAt[i].Sub(e.renderedAt[i-1]))
		}
		return out
	}
	slow := 2 * time.Second // far more than any wait below should take
	t.Run("backoff doubles", func(t *testing.T) {
		e := newFake(map[string]fakePage{"https://ex.com/p": {errs: []error{transient("x", 0), transient("x", 0)}}})
		o := retryOptions(2)
		o.Viewports = bothViewports[:1]
		o.Retry.Backoff, o.Retry.MaxBackoff = 30*time.Millisecond, time.Second
		scanFake(t, e, o, "https://ex.com/p")
		g := gaps(t, e)
		if len(g) != 2 || g[0] < 30*time.Millisecond || g[1] < 60*time.Millisecond || g[1] > slow {
			t.Errorf("gaps between attempts %v, want at least 30 ms then 60 ms", g)
		}
	})
	t.Run("Retry-After honoured", func(t *testing.T) {
		e := newFake(map[string]fakePage{"https://ex.com/p": {errs: []error{transient("HTTP 429 Too Many Requests", 80*time.Millisecond)}}})
		o := retryOptions(1)
		o.Viewports = bothViewports[:1]
		scanFake(t, e, o, "https://ex.com/p")
		if g := gaps(t, e); len(g) != 1 || g[0] < 80*time.Millisecond || g[0] > slow {
			t.Errorf("gaps between attempts %v, want the 80 ms the server asked for", g)
		}
	})
	t.Run("Retry-After capped", func(t *testing.T) {
		e := newFake(map[string]fakePage{"https://ex.com/p": {errs: []error{transient("HTTP 503 Service Unavailable", time.Hour)}}})
		o := retryOptions(1)
		o.Viewports = bothViewports[:1]
		o.Retry.MaxRetryAfter = 20 * time.Millisecond
		res := scanFake(t, e, o, "https://ex.com/p")
		if g := gaps(t, e); len(g) != 1 || g[0] < 20*time.Millisecond || g[0] > slow {
			t.Errorf("gaps between attempts %v, want the cap of 20 ms", g)
		}
		checkAttempts(t, res, "https://ex.com/p mobile ok x2")
	})
	t.Run("rate limit", func(t *testing.T) {
		e := newFake(map[string]fakePage{"https://ex.com/p": {errs: []error{transient("x", 0)}}})
		o := retryOptions(1)
		o.Viewports = bothViewports[:1]
		o.Rate = scanner.NewHostLimiter(10) // one load per 100 ms
		scanFake(t, e, o, "https://ex.com/p")
		if g := gaps(t, e); len(g) != 1 || g[0] < 90*time.Millisecond || g[0] > slow {
			t.Errorf("gaps between attempts %v, want the rate limit's 100 ms", g)
		}
	})
}

// TestScanRetryBoundedByRun checks that a retry never waits past the run:
// a wait that would end after ctx's deadline is not made, and cancelling
// the run ends a wait at once.
func TestScanRetryBoundedByRun(t *testing.T) {
	targets := []scanner.Target{scanner.URLTarget("https://ex.com/p", true)}
	o := retryOptions(3)
	o.Viewports = bothViewports[:1]
	o.Retry.MaxRetryAfter = time.Hour

	e := newFake(map[string]fakePage{"https://ex.com/p": {errs: []error{transient("HTTP 503 Service Unavailable", 10*time.Second)}}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	res, err := scanner.Scan(ctx, e, targets, o)
	if err != nil || time.Since(start) > time.Second {
		t.Errorf("Scan: %v after %v, want no error at once (a 10 s wait in a 5 s run is not made)", err, time.Since(start))
	}
	checkAttempts(t, res, "https://ex.com/p mobile error x1")

	e = newFake(map[string]fakePage{"https://ex.com/p": {errs: []error{transient("HTTP 503 Service Unavailable", 10*time.Second)}}})
	e.started = make(chan string, 4)
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-e.started
		time.Sleep(20 * time.Millisecond) // into the wait
		cancel()
	}()
	start = time.Now()
	res, err = scanner.Scan(ctx, e, targets, o)
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("Scan: %v after %v, want context.Canceled at once", err, time.Since(start))
	}
	e.checkClosed(t)
	checkAttempts(t, res, "https://ex.com/p mobile error x1")
}

// TestParseRetryAfter checks both forms of Retry-After.
func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"Sun, 01 Mar 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Sun, 01 Mar 2026 11:00:00 GMT", 0, true}, // in the past
		{"", 0, false},
		{"-5", 0, false},
		{"soon", 0, false},
	} {
		got, ok := scanner.ParseRetryAfter(c.in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestScanRunDeadline checks --max-duration: when the run's deadline
// passes, the page in flight is ended and it and the pages never started
// are not scanned (run deadline), what finished before stands, Scan
// returns ErrRunDeadline, and no tab or session is left.
func TestScanRunDeadline(t *testing.T) {
	e := newFake(map[string]fakePage{
		"https://ex.com/a":    {},
		"https://ex.com/slow": {wait: true},
		"https://ex.com/b":    {},
	})
	o := fakeOptions(nil)
	o.Viewports = bothViewports
	o.MaxDuration = 100 * time.Millisecond
	var told []string
	o.OnPage = func(p scanner.PageResult, total int) {
		told = append(told, fmt.Sprintf("%s %s not-scanned=%v", p.URL, p.Viewport, p.NotScanned()))
	}
	var targets []scanner.Target
	for _, u := range []string{"https://ex.com/a", "https://ex.com/slow", "https://ex.com/b"} {
		targets = append(targets, scanner.URLTarget(u, true))
	}
	start := time.Now()
	res, err := scanner.Scan(context.Background(), e, targets, o)
	if !errors.Is(err, scanner.ErrRunDeadline) {
		t.Errorf("Scan: %v, want ErrRunDeadline", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Scan took %v with a deadline of 100 ms", d)
	}
	e.checkClosed(t)
	checkOutcome(t, res,
		"https://ex.com/a mobile ok", "https://ex.com/a desktop ok",
		"https://ex.com/slow mobile error: "+scanner.RunDeadlineReason,
		"https://ex.com/slow desktop error: "+scanner.RunDeadlineReason,
		"https://ex.com/b mobile error: "+scanner.RunDeadlineReason,
		"https://ex.com/b desktop error: "+scanner.RunDeadlineReason,
	)
	want := []string{
		"https://ex.com/a mobile not-scanned=false", "https://ex.com/a desktop not-scanned=false",
		"https://ex.com/slow mobile not-scanned=true", "https://ex.com/slow desktop not-scanned=true",
		"https://ex.com/b mobile not-scanned=true", "https://ex.com/b desktop not-scanned=true",
	}
	if !slices.Equal(told, want) {
		t.Errorf("OnPage told:\n\t%s\nwant:\n\t%s", strings.Join(told, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, r := range e.renders {
		if strings.HasPrefix(r, "https://ex.com/b ") || strings.HasPrefix(r, "https://ex.com/slow desktop ") {
			t.Errorf("rendered %s after the run's deadline", r)
		}
	}
}
