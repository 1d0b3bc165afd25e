package report

import (
	"net/url"
	"path"
	"strings"
)

// Code scanning resolves artifact locations against the repository and
// rejects a whole upload that carries an http(s) URI, so pages are placed
// at paths: a local file at its own path, a URL target at a pseudo path.

// cleanFilePath is a local file's path with forward slashes and without a
// leading "./".
func cleanFilePath(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if p == "" {
		return p
	}
	return strings.TrimPrefix(path.Clean(p), "./")
}

// fileURI is the artifact URI of a local file and the base it is relative
// to: a relative path is relative to the checkout (%SRCROOT%). Segments
// are percent-encoded, colons included, so that no segment reads as a
// scheme.
func fileURI(p string) (uri, base string) {
	p = cleanFilePath(p)
	uri = escapePath(p)
	if strings.HasPrefix(p, "/") {
		return uri, ""
	}
	return uri, srcRoot
}

// pseudoPath places a URL target at "host/path": lower-case host, the
// port (unless the scheme's default) joined with "_", the path cleaned
// and percent-encoded, "index" for a directory, no query, no fragment and
// no colon anywhere. "https://www.Example.com:8443/about/?x=1" becomes
// "www.example.com_8443/about/index".
func pseudoPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "unknown/" + strings.ReplaceAll(url.PathEscape(raw), ":", "_")
	}
	host := strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" && port != defaultPort(u.Scheme) {
		host += "_" + port
	}
	p := u.Path
	if u.Opaque != "" {
		p = "/" + u.Opaque
	}
	if host == "" {
		host = strings.ToLower(u.Scheme) // file:///x, about:blank
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index"
	}
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "" {
		p = "index"
	}
	pseudo := escapePath(p)
	if host != "" {
		pseudo = escapePath(host) + "/" + pseudo
	}
	return strings.ReplaceAll(pseudo, "%3A", "_")
}

// escapePath percent-encodes each segment of a slash-separated path, and
// its colons.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	return strings.Join(segs, "/")
}

// normaliseURL is the URL a fingerprint uses: scheme and host in lower
// case, no default port, no fragment. It is not scanner.PageKey (the
// target key): that writes an empty path as "/", this keeps it empty, and
// a fingerprint must not move between releases or code scanning reopens
// every alert of a URL target given without a path.
func normaliseURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if port := u.Port(); port != "" && port == defaultPort(u.Scheme) {
		u.Host = strings.TrimSuffix(u.Host, ":"+port)
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

func defaultPort(scheme string) string {
	switch strings.ToLower(scheme) {
	case "http", "ws":
		return "80"
	case "https", "wss":
		return "443"
	}
	return ""
}
