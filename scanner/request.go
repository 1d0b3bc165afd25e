package scanner

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// Request is what the browser's requests carry, as a real user's would.
// None of it is ever written into a report.
type Request struct {
	// Headers go with every request of every page, XHR included.
	Headers map[string]string
	// Cookies are set in the browser's cookie store before the first page.
	Cookies []Cookie
	// User and Password answer HTTP basic-auth challenges (never sent
	// unasked, so other hosts never see them).
	User, Password string
}

// Cookie is one cookie for the browser's store.
type Cookie struct {
	Name, Value, Domain, Path string
	Secure, HTTPOnly          bool
	Expires                   time.Time // zero: a session cookie
}

// ParseCookieFlag reads --cookie NAME=VALUE@domain.
func ParseCookieFlag(s string) (Cookie, error) {
	nv, domain, ok := strings.Cut(s, "@")
	name, value, ok2 := strings.Cut(nv, "=")
	if !ok || !ok2 || name == "" || domain == "" {
		return Cookie{}, fmt.Errorf("cookie %q: want NAME=VALUE@domain", s)
	}
	return Cookie{Name: name, Value: value, Domain: domain, Path: "/"}, nil
}

// ParseHeaderFlag reads --header "Name: value".
func ParseHeaderFlag(s string) (string, string, error) {
	k, v, ok := strings.Cut(s, ":")
	k = strings.TrimSpace(k)
	if !ok || k == "" || strings.ContainsAny(k, " \t\r\n") {
		return "", "", fmt.Errorf("header %q: want Name:value", s)
	}
	return k, strings.TrimSpace(v), nil
}

// apply prepares a new tab: extra headers and, for basic auth, answering
// challenges through the Fetch domain. Cookies live in the browser and are
// set once by Browser.SetCookies.
func (r Request) apply(ctx context.Context) error {
	if len(r.Headers) > 0 {
		h := network.Headers{}
		for k, v := range r.Headers {
			h[k] = v
		}
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: h}); err != nil {
			return fmt.Errorf("set headers: %w", err)
		}
	}
	if r.User == "" {
		return nil
	}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	auth := chromedp.Events(ctx, fetch.AuthRequired)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
	}()
	go func() {
		for ev, err := range auth {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, fetch.ContinueWithAuth, fetch.ContinueWithAuthParams{
				RequestID: ev.RequestID,
				AuthChallengeResponse: &fetch.AuthChallengeResponse{
					Response: fetch.AuthChallengeResponseResponseProvideCredentials,
					Username: r.User, Password: r.Password,
				},
			})
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{HandleAuthRequests: new(true)}); err != nil {
		return fmt.Errorf("enable auth: %w", err)
	}
	return nil
}

// SetCookies puts cookies in the browser's store, for every tab.
func (b *Browser) SetCookies(ctx context.Context, cs []Cookie) error {
	if len(cs) == 0 {
		return nil
	}
	var params []*network.CookieParam
	for _, c := range cs {
		p := &network.CookieParam{Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path, Secure: c.Secure, HTTPOnly: c.HTTPOnly}
		if !c.Expires.IsZero() {
			p.Expires = cdp.TimeSinceEpoch(float64(c.Expires.Unix()))
		}
		params = append(params, p)
	}
	if _, err := chromedp.CallBrowser(b.ctx, storage.SetCookies, storage.SetCookiesParams{Cookies: params}); err != nil {
		return fmt.Errorf("set cookies: %w", err)
	}
	return nil
}

// HostLimiter spaces page loads per host (--rate N/s). A nil limiter does
// not wait.
type HostLimiter struct {
	interval time.Duration
	mu       sync.Mutex
	next     map[string]time.Time
}

// NewHostLimiter allows perSecond page loads per second on each host.
func NewHostLimiter(perSecond float64) *HostLimiter {
	return &HostLimiter{interval: time.Duration(float64(time.Second) / perSecond), next: map[string]time.Time{}}
}

// Wait blocks until rawURL's host may be loaded again, or ctx ends.
func (l *HostLimiter) Wait(ctx context.Context, rawURL string) error {
	if l == nil {
		return nil
	}
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		host = u.Host
	}
	l.mu.Lock()
	now := time.Now()
	at := l.next[host]
	if at.Before(now) {
		at = now
	}
	l.next[host] = at.Add(l.interval)
	l.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return fmt.Errorf("rate limit wait: %w", ctx.Err())
		}
	}
	return nil
}
