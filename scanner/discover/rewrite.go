package discover

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync/atomic"
)

// Rewrite maps URLs of one host to another (--rewrite-host FROM=TO), for
// example to scan staging with production's sitemap. The zero Rewrite
// changes nothing.
type Rewrite struct {
	fromScheme string // "" matches http and https
	fromHost   string // normalised host[:port]
	toScheme   string // "" keeps the URL's scheme
	toHost     string // host[:port] as given, lower-cased
	// use is shared by the copies of one parsed rewrite: what Apply saw.
	use *rewriteUse
}

// rewriteUse records whether a rewrite matched a URL and, when it did
// not, the first URL of its FROM host on another port: the user who
// wrote 127.0.0.1=localhost for http://127.0.0.1:8771/ is told why it
// did nothing.
type rewriteUse struct {
	matched atomic.Bool
	near    atomic.Pointer[string]
}

// ParseRewrite parses FROM=TO, each host[:port] or scheme://host[:port]. A
// FROM without a port matches only the default port. A scheme in FROM
// restricts the match to it; a scheme in TO replaces the URL's.
func ParseRewrite(s string) (Rewrite, error) {
	from, to, ok := strings.Cut(s, "=")
	if !ok {
		return Rewrite{}, fmt.Errorf("rewrite %q: want FROM=TO", s)
	}
	fs, fh, err := parseRewriteHost(from)
	if err != nil {
		return Rewrite{}, fmt.Errorf("rewrite %q: from: %w", s, err)
	}
	ts, th, err := parseRewriteHost(to)
	if err != nil {
		return Rewrite{}, fmt.Errorf("rewrite %q: to: %w", s, err)
	}
	return Rewrite{fromScheme: fs, fromHost: fh, toScheme: ts, toHost: th, use: &rewriteUse{}}, nil
}

// parseRewriteHost parses host[:port] or scheme://host[:port] (a trailing
// "/" allowed). Without a scheme the port is kept as given; with one, its
// default port is dropped.
func parseRewriteHost(s string) (scheme, host string, err error) {
	s = strings.TrimSpace(s)
	raw := s
	if !strings.Contains(s, "://") {
		raw = "http://" + s
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", fmt.Errorf("%q: %w", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", "", fmt.Errorf("%q: scheme must be http or https", s)
	}
	if u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", "", fmt.Errorf("%q: want host[:port] or scheme://host[:port]", s)
	}
	if strings.Contains(s, "://") {
		scheme = u.Scheme
		host, err = normalizeHost(scheme, u.Host)
	} else {
		host, err = normalizeHost("", u.Host)
	}
	if err != nil {
		return "", "", fmt.Errorf("%q: %w", s, err)
	}
	return scheme, host, nil
}

// Targets are the origins TO names, the user's own destinations: its
// scheme's, or http and https when it gives none.
func (rw Rewrite) Targets() []string {
	if rw.toScheme != "" {
		return []string{rw.toScheme + "://" + rw.toHost}
	}
	return []string{"http://" + rw.toHost, "https://" + rw.toHost}
}

// Apply returns rawURL rewritten and normalised when it is an http(s) URL
// of the FROM host, and rawURL unchanged otherwise.
func (rw Rewrite) Apply(rawURL string) string {
	if rw.fromHost == "" {
		return rawURL
	}
	u, err := parseHTTPURL(rawURL)
	if err != nil {
		return rawURL
	}
	if rw.fromScheme != "" && u.Scheme != rw.fromScheme {
		return rawURL
	}
	if from, err := normalizeHost(u.Scheme, rw.fromHost); err != nil || from != u.Host {
		if rw.use != nil && err == nil && from == u.Hostname() && u.Port() != "" {
			rw.use.near.CompareAndSwap(nil, &rawURL)
		}
		return rawURL
	}
	if rw.use != nil {
		rw.use.matched.Store(true)
	}
	if rw.toScheme != "" {
		u.Scheme = rw.toScheme
	}
	u.Host = rw.toHost
	if h, err := normalizeHost(u.Scheme, u.Host); err == nil {
		u.Host = h
	}
	return u.String()
}

// Unmatched explains a rewrite that has matched no URL so far although a
// URL of its FROM host on another port went by (a FROM without a port
// matches the default port only); "" otherwise.
func (rw Rewrite) Unmatched() string {
	if rw.use == nil || rw.use.matched.Load() {
		return ""
	}
	near := rw.use.near.Load()
	if near == nil {
		return ""
	}
	u, err := url.Parse(*near)
	if err != nil {
		return ""
	}
	to := rw.toHost
	if _, _, err := net.SplitHostPort(to); err != nil {
		to = net.JoinHostPort(strings.Trim(to, "[]"), u.Port()) // the same port on TO, as meant
	}
	if rw.toScheme != "" {
		to = rw.toScheme + "://" + to
	}
	return fmt.Sprintf("--rewrite-host %s matched none of the targets: %s has port %s, and a FROM without its port matches the default port only (write %s=%s)",
		rw, *near, u.Port(), u.Host, to)
}

// String returns the rewrite as FROM=TO.
func (rw Rewrite) String() string {
	from, to := rw.fromHost, rw.toHost
	if rw.fromScheme != "" {
		from = rw.fromScheme + "://" + from
	}
	if rw.toScheme != "" {
		to = rw.toScheme + "://" + to
	}
	return from + "=" + to
}

// ApplyRewrites applies each rewrite in turn.
func ApplyRewrites(rws []Rewrite, rawURL string) string {
	for _, rw := range rws {
		rawURL = rw.Apply(rawURL)
	}
	return rawURL
}
