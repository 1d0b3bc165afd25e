package scanner

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"
)

func TestProxyForwardsTargetsAndRefusesOtherPort(t *testing.T) {
	target, other, hits := twoServers(t)
	var tlsOtherHits atomic.Int32
	tlsTarget := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "tls target") }))
	defer tlsTarget.Close()
	tlsOther := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tlsOtherHits.Add(1) }))
	defer tlsOther.Close()

	e := &Egress{}
	for _, u := range []string{target.URL, tlsTarget.URL} {
		if err := e.Policy.Allow(u); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	px, err := StartProxy(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	defer px.Close()
	pu, _ := url.Parse(px.URL())
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		Proxy:           http.ProxyURL(pu),
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}}
	get := func(u string) (int, string, error) {
		resp, err := c.Get(u)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}
	if code, body, err := get(target.URL + "/"); err != nil || code != 200 || body != "target" {
		t.Errorf("target via proxy: %d %q %v", code, body, err)
	}
	if code, body, err := get(tlsTarget.URL + "/"); err != nil || code != 200 || body != "tls target" {
		t.Errorf("TLS target via CONNECT: %d %q %v", code, body, err)
	}
	if code, _, err := get(other.URL + "/secret"); err != nil || code != http.StatusForbidden {
		t.Errorf("other port via proxy: %d %v, want 403", code, err)
	}
	if code, _, err := get(target.URL + "/go-in"); err != nil || code != http.StatusForbidden {
		t.Errorf("redirect to the other port: %d %v, want 403", code, err)
	}
	if _, _, err := get(tlsOther.URL + "/"); err == nil {
		t.Error("CONNECT to the other TLS port succeeded")
	}
	if n, m := hits.Load(), tlsOtherHits.Load(); n != 0 || m != 0 {
		t.Errorf("the other servers got %d and %d requests", n, m)
	}
	if e.RefusedURL(other.URL+"/img.png") == "" || e.RefusedURL("wss://"+tlsOther.Listener.Addr().String()+"/") == "" {
		t.Error("refusals not remembered by host:port")
	}
	// Ending the run closes the proxy and its tunnels.
	cancel()
	done := make(chan error, 1)
	go func() { done <- px.Close() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return after the run ended")
	}
}

// BenchmarkProxiedRequest measures a keep-alive GET of a 20 KB page on
// loopback, direct and through the proxy.
func BenchmarkProxiedRequest(b *testing.B) {
	body := make([]byte, 20<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	e := &Egress{}
	if err := e.Policy.Allow(srv.URL); err != nil {
		b.Fatal(err)
	}
	px, err := StartProxy(context.Background(), e)
	if err != nil {
		b.Fatal(err)
	}
	defer px.Close()
	pu, _ := url.Parse(px.URL())
	for _, bc := range []struct {
		name  string
		proxy func(*http.Request) (*url.URL, error)
	}{{"direct", nil}, {"proxied", http.ProxyURL(pu)}} {
		b.Run(bc.name, func(b *testing.B) {
			c := &http.Client{Transport: &http.Transport{Proxy: bc.proxy}}
			for b.Loop() {
				resp, err := c.Get(srv.URL + "/")
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}
