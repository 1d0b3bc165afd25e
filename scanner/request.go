package scanner

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Request is what the browser's requests carry, as a real user's would.
// None of it is ever written into a report.
type Request struct {
	// Headers go with every request of every page, XHR included.
	Headers map[string]string
	// Cookies are set in the cookie store of every viewport's browser
	// context before the first page.
	Cookies []Cookie
	// User and Password answer HTTP basic-auth challenges (never sent
	// unasked, so other hosts never see them).
	User, Password string
	// Block lists the resource classes the browser does not load
	// (--block): images, media, fonts. Blocking moves what is measured;
	// see blockClasses.
	Block []string
}

// blockClasses maps the classes --block accepts to the browser's resource
// types. A blocked image keeps its width and height attributes (or
// collapses to its alt text); a blocked web font falls back to a system
// font of other widths, which moves lines and so the centring.
var blockClasses = map[string]network.ResourceType{
	"images": network.ResourceTypeImage,
	"media":  network.ResourceTypeMedia,
	"fonts":  network.ResourceTypeFont,
}

// ParseBlock reads --block: a comma-separated list of the classes in
// blockClasses, returned sorted and without repeats.
func ParseBlock(s string) ([]string, error) {
	seen := map[string]bool{}
	for _, c := range strings.Split(s, ",") {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		if _, ok := blockClasses[c]; !ok {
			return nil, fmt.Errorf("--block: unknown resource class %q (want images, media or fonts)", c)
		}
		seen[c] = true
	}
	return slices.Sorted(maps.Keys(seen)), nil
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
		// The value is a secret: the message names the cookie only.
		if !ok2 || strings.ContainsAny(name, "@ \t") {
			return Cookie{}, errors.New("cookie: want NAME=VALUE@domain (the value is not shown)")
		}
		return Cookie{}, fmt.Errorf("cookie %q: want NAME=VALUE@domain (the value is not shown)", name)
	}
	return Cookie{Name: name, Value: value, Domain: domain, Path: "/"}, nil
}

// ParseHeaderFlag reads --header "Name: value".
func ParseHeaderFlag(s string) (string, string, error) {
	k, v, ok := strings.Cut(s, ":")
	k = strings.TrimSpace(k)
	if !ok || k == "" || strings.ContainsAny(k, " \t\r\n") {
		// The value is a secret (a token): the message shows none of it.
		return "", "", errors.New("header: want Name:value, a name without spaces (the value is not shown)")
	}
	return k, strings.TrimSpace(v), nil
}

// apply prepares a new tab: extra headers, and the Fetch domain for basic
// auth (answering challenges) and for blocked resource classes (failing
// those requests as blocked by the client). Cookies live in the browser
// contexts and are set once per run by Browser.openVisits. The challenges
// it returns are nil without --auth.
func (r Request) apply(ctx context.Context) (*challenges, error) {
	if len(r.Headers) > 0 {
		h := network.Headers{}
		for k, v := range r.Headers {
			h[k] = v
		}
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: h}); err != nil {
			return nil, fmt.Errorf("set headers: %w", err)
		}
	}
	if r.User == "" && len(r.Block) == 0 {
		return nil, nil
	}
	blocked := map[network.ResourceType]bool{}
	var patterns []*fetch.RequestPattern
	for _, c := range r.Block {
		blocked[blockClasses[c]] = true
		patterns = append(patterns, &fetch.RequestPattern{URLPattern: "*", ResourceType: blockClasses[c], RequestStage: fetch.RequestStageRequest})
	}
	params := fetch.EnableParams{Patterns: patterns}
	if r.User != "" {
		// Challenges come only to paused requests: pause them all.
		params = fetch.EnableParams{HandleAuthRequests: new(true)}
	}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if blocked[ev.ResourceType] {
				_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
				continue
			}
			_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
	}()
	var ch *challenges
	if r.User != "" {
		ch = &challenges{}
		auth := chromedp.Events(ctx, fetch.AuthRequired)
		go func() {
			for ev, err := range auth {
				if err != nil {
					return
				}
				resp := &fetch.AuthChallengeResponse{Response: fetch.AuthChallengeResponseResponseCancelAuth}
				if ch.answer(ev.RequestID, ev.Request.URL) {
					resp = &fetch.AuthChallengeResponse{
						Response: fetch.AuthChallengeResponseResponseProvideCredentials,
						Username: r.User, Password: r.Password,
					}
				}
				_, _ = chromedp.Call(ctx, fetch.ContinueWithAuth, fetch.ContinueWithAuthParams{RequestID: ev.RequestID, AuthChallengeResponse: resp})
			}
		}()
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, params); err != nil {
		return nil, fmt.Errorf("enable request interception: %w", err)
	}
	return ch, nil
}

// challenges decides the basic-auth challenges of one tab. Credentials go
// once per request and once per URL in a page-viewport: a server that asks
// again has rejected them, and answering again would only repeat the
// attempt (Chromium retries until ERR_TOO_MANY_RETRIES, dozens of
// requests). A nil *challenges answers nothing and rejects nothing.
type challenges struct {
	mu       sync.Mutex
	requests map[fetch.RequestID]bool
	urls     map[string]bool
	rejected bool
}

// reset starts a page-viewport.
func (c *challenges) reset() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests, c.urls, c.rejected = map[fetch.RequestID]bool{}, map[string]bool{}, false
}

// answer reports whether a challenge gets the credentials; false marks
// them rejected.
func (c *challenges) answer(id fetch.RequestID, url string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.requests == nil {
		c.requests, c.urls = map[fetch.RequestID]bool{}, map[string]bool{}
	}
	if c.requests[id] || c.urls[url] {
		c.rejected = true
		return false
	}
	c.requests[id], c.urls[url] = true, true
	return true
}

// wasRejected reports whether a challenge of this page-viewport came back
// after the credentials were given.
func (c *challenges) wasRejected() bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rejected
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
