package scanner

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"syscall"
	"time"
)

// Egress applies an EgressPolicy to every connection beiancheck opens for
// pages: the browser's, through the in-process proxy (StartProxy), and the
// sitemap and robots fetcher's (Transport). It remembers which host:port
// it refused and why, so that a tab can name the requests of its page that
// were blocked.
type Egress struct {
	Policy EgressPolicy
	// lookup resolves a host name; nil: the system resolver. Tests set it
	// to make a name resolve inward.
	lookup func(ctx context.Context, host string) ([]netip.Addr, error)

	mu      sync.Mutex
	refused map[string]string // canonical host:port -> reason
}

// maxRefusals bounds the memory of refusals; past it, new ones are still
// refused but no longer named.
const maxRefusals = 10000

// RefusedError is the error of a connection the policy refused.
type RefusedError struct {
	HostPort string
	Reason   string // "loopback address 127.0.0.1:8080 is not a target"
}

func (e *RefusedError) Error() string { return "blocked: " + e.Reason }

// DialContext connects to addr ("host:port") like net.Dialer.DialContext,
// after checking it: a target's host:port is dialled as it is; any other
// host is resolved here, each of its IPs is checked, and only an allowed IP
// is dialled, by its address, so that no second resolution can change it.
// A net.Dialer Control hook checks the address of the socket once more.
// When every IP is refused the error is a *RefusedError.
func (e *Egress) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	if e.Policy.Target(addr) {
		return d.DialContext(ctx, network, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	ips, err := e.resolve(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	d.Control = func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("dial %s: unparsable address %q", addr, address)
		}
		if why := e.Policy.Refuse(ap.Addr(), port); why != "" {
			return &RefusedError{HostPort: addr, Reason: why}
		}
		return nil
	}
	var refused *RefusedError
	var errs []error
	for _, ip := range ips {
		if why := e.Policy.Refuse(ip, port); why != "" {
			if refused == nil {
				refused = &RefusedError{HostPort: addr, Reason: why}
			}
			continue
		}
		c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if refused == nil {
		return nil, fmt.Errorf("dial %s: no address", addr)
	}
	e.remember(refused)
	return nil, refused
}

// resolve returns the IPs of host: itself for an IP literal.
func (e *Egress) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip.WithZone("")}, nil
	}
	if e.lookup != nil {
		return e.lookup(ctx, host)
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

func (e *Egress) remember(r *RefusedError) {
	key, err := canonicalHostPort(r.HostPort)
	if err != nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.refused == nil {
		e.refused = map[string]string{}
	}
	if len(e.refused) < maxRefusals {
		e.refused[key] = r.Reason
	}
}

// RefusedURL returns why requests to rawURL's host:port were refused, or ""
// when none was.
func (e *Egress) RefusedURL(rawURL string) string {
	key, err := hostPortOfURL(rawURL)
	if err != nil {
		return ""
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.refused[key]
}

// Transport is an http.Transport whose every connection, redirects
// included, goes through DialContext. It uses no proxy from the
// environment: the check is on the address connected to, which a proxy
// would choose instead.
func (e *Egress) Transport() *http.Transport {
	return &http.Transport{
		DialContext:           e.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}
