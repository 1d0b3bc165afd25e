package discover

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// ScopeMode says which links a crawl follows, relative to its start URL.
type ScopeMode string

const (
	// ScopeHost follows links to the start URL's host, port included.
	ScopeHost ScopeMode = "host"
	// ScopeSite follows links within the start URL's registrable domain
	// (see registrableDomain), so www.example.com reaches example.com and
	// news.example.com.
	ScopeSite ScopeMode = "site"
	// ScopePrefix follows links that start with the start URL's
	// scheme://host/ and directory: from https://x/docs/intro.html it
	// follows https://x/docs/ and below.
	ScopePrefix ScopeMode = "prefix"
)

// ParseScopeMode parses a --scope value.
func ParseScopeMode(s string) (ScopeMode, error) {
	switch m := ScopeMode(s); m {
	case ScopeHost, ScopeSite, ScopePrefix:
		return m, nil
	}
	return "", fmt.Errorf("unknown scope %q: want host, site or prefix", s)
}

// Scope decides which crawled links are followed. Include patterns (if
// any) must match the normalised link and Exclude patterns must not.
type Scope struct {
	Mode    ScopeMode // the zero value means ScopeHost
	Include []*regexp.Regexp
	Exclude []*regexp.Regexp
}

// In reports whether link is in scope of the crawl that started at start
// and, when it is not, a short reason: "off-host", "off-site", "outside
// prefix", "excluded by <re>", "not included", or "not http(s)".
func (s *Scope) In(start, link string) (bool, string) {
	su, err := parseHTTPURL(start)
	if err != nil {
		return false, "bad start URL"
	}
	lu, err := parseHTTPURL(link)
	if err != nil {
		return false, "not http(s)"
	}
	norm := lu.String()
	switch s.Mode {
	case ScopeHost, "":
		if lu.Host != su.Host {
			return false, "off-host"
		}
	case ScopeSite:
		if registrableDomain(lu.Hostname()) != registrableDomain(su.Hostname()) {
			return false, "off-site"
		}
	case ScopePrefix:
		if !strings.HasPrefix(norm, prefixOf(su)) {
			return false, "outside prefix"
		}
	default:
		return false, fmt.Sprintf("unknown scope %q", s.Mode)
	}
	for _, re := range s.Exclude {
		if re.MatchString(norm) {
			return false, "excluded by " + re.String()
		}
	}
	if len(s.Include) == 0 {
		return true, ""
	}
	for _, re := range s.Include {
		if re.MatchString(norm) {
			return true, ""
		}
	}
	return false, "not included"
}

// prefixOf is u's scheme://host and path up to and including its last '/'.
func prefixOf(u *url.URL) string {
	p := *u
	p.RawQuery, p.ForceQuery = "", false
	path := p.EscapedPath()
	path = path[:strings.LastIndexByte(path, '/')+1]
	return p.Scheme + "://" + p.Host + path
}

// registrableDomain is the domain a host was registered under, from the
// public-suffix list compiled into golang.org/x/net/publicsuffix (ICANN and
// private sections): www.example.com.cn -> example.com.cn, and
// alice.github.io stays alice.github.io, so bob.github.io is another site.
// IP addresses, single-label hosts and hosts that are themselves a public
// suffix are returned as they are.
func registrableDomain(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if net.ParseIP(host) != nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}
