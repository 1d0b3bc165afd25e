package scanner

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// EgressPolicy decides which addresses the browser and the sitemap and
// robots fetcher may connect to. Addresses inside the machine and its
// networks (loopback, RFC 1918 and other private ranges, link-local with the
// cloud metadata services, unspecified) are refused unless the host:port was
// named by the user as a target: scanning your own localhost:3000 works, a
// page cannot lead the browser to another port or to 10.0.0.5. Public
// addresses are always allowed. The zero policy allows no inward address.
//
// The decision is made on the IP actually dialled, after DNS resolution
// (see Egress.DialContext), so a name that resolves inward (DNS rebinding)
// is refused like the address itself.
type EgressPolicy struct {
	// allowed holds the user's targets as canonical host:port keys.
	allowed map[string]bool
}

// Allow adds the host:port of a target URL (http, https, ws or wss; the
// default port when none is given) to the allowed set.
func (p *EgressPolicy) Allow(rawURL string) error {
	key, err := hostPortOfURL(rawURL)
	if err != nil {
		return fmt.Errorf("allow %s: %w", rawURL, err)
	}
	if p.allowed == nil {
		p.allowed = map[string]bool{}
	}
	p.allowed[key] = true
	return nil
}

// Target reports whether hostport ("host:port" as a proxy request or a
// dial names it) is one of the user's targets.
func (p *EgressPolicy) Target(hostport string) bool {
	key, err := canonicalHostPort(hostport)
	return err == nil && p.allowed[key]
}

// Refuse returns why ip may not be connected to on port (for a host that
// is not a target), or "" when it may.
func (p *EgressPolicy) Refuse(ip netip.Addr, port string) string {
	kind := inwardKind(ip)
	if kind == "" {
		return ""
	}
	return fmt.Sprintf("%s address %s is not a target", kind, net.JoinHostPort(ip.Unmap().String(), port))
}

// inwardRanges are the ranges that lead inside the machine or its
// networks, with the word a refusal uses for them. IPv4-mapped IPv6
// addresses (::ffff:a.b.c.d) are judged as the IPv4 address they carry, and
// NAT64 addresses (64:ff9b::/96) as the IPv4 address they translate to.
var inwardRanges = []struct {
	prefix netip.Prefix
	kind   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"}, // "this network": 0.0.0.0 reaches the machine itself
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("10.0.0.0/8"), "private"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private"},
	// Shared address space (RFC 6598): carrier NAT, Tailscale, and cloud
	// internals such as Alibaba Cloud's metadata service 100.100.100.200.
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (CGNAT)"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"}, // 169.254.169.254: cloud metadata
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("::/96"), "IPv4-compatible"}, // deprecated, no public use
	{netip.MustParsePrefix("fc00::/7"), "private"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"}, // deprecated private range
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local NAT64"},
}

// nat64 is the well-known NAT64 prefix: its last 32 bits are the IPv4
// address the gateway connects to.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// inwardKind names the inward range ip lies in, or "" for a public one.
func inwardKind(ip netip.Addr) string {
	ip = ip.WithZone("").Unmap()
	if ip.Is6() && nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	for _, r := range inwardRanges {
		if r.prefix.Contains(ip) {
			return r.kind
		}
	}
	return ""
}

// hostPortOfURL is the canonical host:port a URL connects to.
func hostPortOfURL(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	port := u.Port()
	if port == "" {
		switch u.Scheme {
		case "http", "ws":
			port = "80"
		case "https", "wss":
			port = "443"
		default:
			return "", fmt.Errorf("scheme %q has no default port", u.Scheme)
		}
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("no host")
	}
	return canonicalHostPort(net.JoinHostPort(u.Hostname(), port))
}

// canonicalHostPort lower-cases the host, drops a final dot and writes IP
// literals in their canonical form, so that one address has one key.
func canonicalHostPort(hostport string) (string, error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return "", err
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if ip, err := netip.ParseAddr(host); err == nil {
		host = ip.Unmap().String()
	}
	return net.JoinHostPort(host, port), nil
}
