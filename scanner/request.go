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
)

// Request is what the browser's requests carry, as a real user's would.
// None of it is ever written into a report.
type Request struct {
	// Headers go with every request of every page to Origins, XHR
	// included; with no Origins, to every request.
	Headers map[string]string
	// Origins are the targets' origins and those of the pages the crawl's
	// scope admits, the only ones Headers, Cookies and the credentials are
	// sent to: never to a third-party subresource, another port or a
	// redirect elsewhere. Nil: no such limit (nothing to send).
	Origins *OriginSet
	// Cookies are set in the cookie store of every viewport's browser
	// context before the first page: with Origins, for each of them whose
	// host the cookie's domain matches, bound to its scheme and port, so
	// that no other port, subdomain or host gets them.
	Cookies []Cookie
	// User and Password answer HTTP basic-auth challenges (never sent
	// unasked), of Origins only when Origins is set.
	User, Password string
	// Block lists the resource classes the browser does not load
	// (--block): images, media, fonts. Blocking moves what is measured;
	// see blockClassNames.
	Block []string
}

// Origin is rawURL's origin as Request.Origins keys it: scheme, host and
// port (the default one written out), or "" for a URL without one.
func Origin(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	hp, err := hostPortOfURL(rawURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Scheme) + "://" + hp
}

// OriginSet is a set of origins (Origin's keys), safe for concurrent use:
// the targets' at the start, grown by the crawl with the origin of every
// page its scope admits (so that --scope site's news.example.com gets the
// credentials www.example.com does). A nil set holds every origin.
type OriginSet struct {
	mu sync.RWMutex
	m  map[string]bool
}

// NewOriginSet holds the origins of urls.
func NewOriginSet(urls ...string) *OriginSet {
	s := &OriginSet{m: map[string]bool{}}
	for _, u := range urls {
		s.Add(u)
	}
	return s
}

// Add puts rawURL's origin in the set (nothing for a nil set or a URL
// without an origin), reporting whether it was new.
func (s *OriginSet) Add(rawURL string) bool {
	o := Origin(rawURL)
	if s == nil || o == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m[o] {
		return false
	}
	s.m[o] = true
	return true
}

// Has reports whether rawURL's origin is in the set; a nil set has every
// origin, and a URL without an origin is in no set.
func (s *OriginSet) Has(rawURL string) bool {
	if s == nil {
		return true
	}
	o := Origin(rawURL)
	s.mu.RLock()
	defer s.mu.RUnlock()
	return o != "" && s.m[o]
}

// List is the set's origins, sorted: nil for a nil set (every origin),
// never nil for another (an empty set holds none).
func (s *OriginSet) List() []string {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string{}, slices.Sorted(maps.Keys(s.m))...)
}

// blockClassNames are the classes --block accepts; the engine maps each
// to what it stops loading. A blocked image keeps its width and height
// attributes (or collapses to its alt text); a blocked web font falls back
// to a system font of other widths, which moves lines and so the centring.
var blockClassNames = []string{"fonts", "images", "media"}

// ParseBlock reads --block: a comma-separated list of the classes in
// blockClassNames, returned sorted and without repeats.
func ParseBlock(s string) ([]string, error) {
	seen := map[string]bool{}
	for _, c := range strings.Split(s, ",") {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		if !slices.Contains(blockClassNames, c) {
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
