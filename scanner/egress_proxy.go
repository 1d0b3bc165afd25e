package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"sync"
	"syscall"
	"time"
)

// Proxy is the in-process forward proxy the browser is meant to be told to
// use (--proxy-server, with --proxy-bypass-list=<-loopback> so that
// loopback goes through it too), so that every connection the browser
// opens is dialled by Egress.DialContext. Plain HTTP requests are
// forwarded (keep-alive and streaming kept); HTTPS and WebSockets come as
// CONNECT tunnels. It listens on 127.0.0.1 only: a local process can
// already connect anywhere, so the proxy grants it nothing.
type Proxy struct {
	egress *Egress
	ln     net.Listener
	srv    *http.Server
	rp     *httputil.ReverseProxy
	done   chan error

	mu      sync.Mutex
	tunnels map[net.Conn]bool
	wg      sync.WaitGroup
	once    sync.Once
	err     error
}

// StartProxy starts the proxy; it stops when ctx ends or on Close.
func StartProxy(ctx context.Context, e *Egress) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start proxy: %w", err)
	}
	p := &Proxy{egress: e, ln: ln, done: make(chan error, 1), tunnels: map[net.Conn]bool{}}
	tr := e.Transport()
	tr.ForceAttemptHTTP2 = false
	tr.DisableCompression = true // pass the browser's Accept-Encoding through
	tr.MaxIdleConnsPerHost = 16
	p.rp = &httputil.ReverseProxy{
		Rewrite:   func(r *httputil.ProxyRequest) { r.Out.URL = r.In.URL; r.Out.Host = r.In.Host },
		Transport: tr,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			var re *RefusedError
			if errors.As(err, &re) {
				w.Header().Set(EgressErrorHeader, EgressRefused+" "+re.Error())
				http.Error(w, re.Error(), http.StatusForbidden)
				return
			}
			w.Header().Set(EgressErrorHeader, dialFailure(err))
			http.Error(w, "proxy: "+err.Error(), http.StatusBadGateway)
		},
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second}
	go func() { p.done <- p.srv.Serve(ln) }()
	context.AfterFunc(ctx, func() { _ = p.Close() })
	return p, nil
}

// EgressErrorHeader marks the proxy's own error responses (to plain HTTP
// requests), so that the browser engine turns them back into what they
// were: EgressRefused and the refusal, or the dial's failure
// (EgressConnectionRefused, EgressTimedOut, EgressNameNotResolved,
// EgressFailed).
const EgressErrorHeader = "X-Beiancheck-Egress"

// The values of EgressErrorHeader.
const (
	EgressRefused           = "refused:"
	EgressConnectionRefused = "connection-refused"
	EgressTimedOut          = "timed-out"
	EgressNameNotResolved   = "name-not-resolved"
	EgressFailed            = "failed"
)

// dialFailure names a failed dial for EgressErrorHeader.
func dialFailure(err error) string {
	var dnsErr *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return EgressConnectionRefused
	case errors.As(err, &dnsErr):
		if dnsErr.IsTimeout {
			return EgressTimedOut
		}
		return EgressNameNotResolved
	case errors.As(err, &ne) && ne.Timeout():
		return EgressTimedOut
	}
	return EgressFailed
}

// Refused says why the proxy refused connections to rawURL's host:port,
// or "" when it refused none (Egress.RefusedURL).
func (p *Proxy) Refused(rawURL string) string { return p.egress.RefusedURL(rawURL) }

// URL is the proxy's address for --proxy-server.
func (p *Proxy) URL() string { return "http://" + p.ln.Addr().String() }

// ServeHTTP forwards one request or opens one tunnel.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err != nil || host != "127.0.0.1" {
		http.Error(w, "proxy: loopback clients only", http.StatusForbidden)
		return
	}
	if r.Method == http.MethodConnect {
		p.tunnel(w, r)
		return
	}
	if !r.URL.IsAbs() || r.URL.Scheme != "http" {
		http.Error(w, "proxy: want an absolute http URL", http.StatusBadRequest)
		return
	}
	p.rp.ServeHTTP(w, r)
}

// tunnel dials r.Host through the policy and copies bytes both ways.
func (p *Proxy) tunnel(w http.ResponseWriter, r *http.Request) {
	up, err := p.egress.DialContext(r.Context(), "tcp", r.Host)
	if err != nil {
		code := http.StatusBadGateway
		var re *RefusedError
		if errors.As(err, &re) {
			code = http.StatusForbidden
		}
		http.Error(w, err.Error(), code)
		return
	}
	down, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		up.Close()
		http.Error(w, "proxy: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if !p.track(up, down) {
		return
	}
	go func() {
		defer p.wg.Done()
		if _, err := io.WriteString(down, "HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
			p.untrack(up, down)
			return
		}
		inbound := make(chan struct{})
		go func() {
			defer close(inbound)
			// rw.Reader first holds what the browser sent after CONNECT.
			_, _ = io.Copy(up, rw.Reader)
			if tc, ok := up.(*net.TCPConn); ok {
				_ = tc.CloseWrite()
			}
		}()
		_, _ = io.Copy(down, up)
		p.untrack(up, down) // ends the inbound copy too
		<-inbound
	}()
}

func (p *Proxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tunnels == nil { // closed
		for _, c := range cs {
			c.Close()
		}
		return false
	}
	for _, c := range cs {
		p.tunnels[c] = true
	}
	p.wg.Add(1)
	return true
}

func (p *Proxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		c.Close()
		delete(p.tunnels, c)
	}
}

// Close stops the proxy, closes its tunnels and waits for them to end.
func (p *Proxy) Close() error {
	p.once.Do(func() {
		err := p.srv.Close()
		p.mu.Lock()
		for c := range p.tunnels {
			c.Close()
		}
		p.tunnels = nil
		p.mu.Unlock()
		p.wg.Wait()
		if serr := <-p.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		p.err = err
	})
	return p.err
}
