package discover

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// NormalizeURL returns the form of raw used to deduplicate pages: scheme and
// host lower-cased, the default port (:80 for http, :443 for https) dropped,
// the fragment dropped, an empty path written "/", and percent-encoding as
// net/url's String writes it. The query is kept as it is. Only http and https
// URLs with a host are accepted.
func NormalizeURL(raw string) (string, error) {
	u, err := parseHTTPURL(raw)
	if err != nil {
		return "", fmt.Errorf("url %q: %w", raw, err)
	}
	return u.String(), nil
}

// parseHTTPURL parses and normalises raw (see NormalizeURL). Its errors do
// not repeat raw, so callers can say where it came from.
func parseHTTPURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, err
	}
	if err := normalizeParsed(u); err != nil {
		return nil, err
	}
	return u, nil
}

// normalizeParsed normalises an already parsed URL in place.
func normalizeParsed(u *url.URL) error {
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return fmt.Errorf("not an http(s) URL")
		}
		return fmt.Errorf("scheme %q is not http or https", u.Scheme)
	}
	if u.Opaque != "" || u.Host == "" {
		return fmt.Errorf("no host")
	}
	host, err := normalizeHost(u.Scheme, u.Host)
	if err != nil {
		return err
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	return nil
}

// Origin is a URL's origin, scheme://host[:port] in lower case without the
// scheme's default port ("" when it has no host): two servers on one host
// but different ports are different origins.
func Origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host, err := normalizeHost(scheme, u.Host)
	if err != nil {
		return ""
	}
	return scheme + "://" + host
}

// normalizeHost lower-cases host[:port] and drops the scheme's default port.
func normalizeHost(scheme, hostport string) (string, error) {
	hostport = strings.ToLower(hostport)
	host, port := hostport, ""
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.Contains(hostport[i:], "]") {
		host, port = hostport[:i], hostport[i+1:]
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if host == "" {
		return "", fmt.Errorf("no host")
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if port == "" {
		if strings.Contains(host, ":") {
			return "[" + host + "]", nil
		}
		return host, nil
	}
	return net.JoinHostPort(host, port), nil
}
