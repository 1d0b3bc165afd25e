package scanner

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

func TestEgressPolicyRefuse(t *testing.T) {
	var p EgressPolicy
	for _, tc := range []struct {
		ip   string
		want string // kind word in the reason, "" for allowed
	}{
		{"93.184.216.34", ""},
		{"8.8.8.8", ""},
		{"2606:4700::1111", ""},
		{"127.0.0.1", "loopback"},
		{"127.8.9.10", "loopback"},
		{"::1", "loopback"},
		{"10.0.0.5", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"172.32.0.1", ""},
		{"192.168.1.1", "private"},
		{"fd00::1", "private"},
		{"169.254.169.254", "link-local"},
		{"fe80::1", "link-local"},
		{"0.0.0.0", "unspecified"},
		{"0.1.2.3", "unspecified"},
		{"::", "unspecified"},
		{"100.100.100.200", "shared (CGNAT)"},
		{"100.128.0.1", ""},
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:10.1.2.3", "private"},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::a00:5", "private"},      // NAT64 of 10.0.0.5
		{"64:ff9b::7f00:1", "loopback"},    // NAT64 of 127.0.0.1
		{"64:ff9b::808:808", ""},           // NAT64 of 8.8.8.8
		{"::127.0.0.1", "IPv4-compatible"}, // deprecated form
	} {
		got := p.Refuse(netip.MustParseAddr(tc.ip), "80")
		if tc.want == "" && got != "" || tc.want != "" && !strings.HasPrefix(got, tc.want+" address ") {
			t.Errorf("Refuse(%s) = %q, want kind %q", tc.ip, got, tc.want)
		}
	}
	if got := p.Refuse(netip.MustParseAddr("::ffff:10.0.0.5"), "8080"); got != "private address 10.0.0.5:8080 is not a target" {
		t.Errorf("reason = %q", got)
	}
}

func TestEgressPolicyTarget(t *testing.T) {
	var p EgressPolicy
	for _, u := range []string{"http://LocalHost:3000/a", "https://Example.com./", "http://[::ffff:127.0.0.1]:81/", "ws://10.0.0.5/"} {
		if err := p.Allow(u); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		hostport string
		want     bool
	}{
		{"localhost:3000", true},
		{"LOCALHOST:3000", true},
		{"localhost:3001", false},
		{"127.0.0.1:3000", false}, // the exact host:port named, not its address
		{"example.com:443", true},
		{"example.com:80", false},
		{"127.0.0.1:81", true},
		{"10.0.0.5:80", true},
		{"10.0.0.5:443", false},
		{"bad", false},
	} {
		if got := p.Target(tc.hostport); got != tc.want {
			t.Errorf("Target(%q) = %v, want %v", tc.hostport, got, tc.want)
		}
	}
	if err := p.Allow("ftp://x/"); err == nil {
		t.Error("Allow(ftp) gave no error")
	}
}

// twoServers starts the target's server and another one on a second
// loopback port that counts every request it gets.
func twoServers(t *testing.T) (target, other *httptest.Server, otherHits *atomic.Int32) {
	t.Helper()
	otherHits = new(atomic.Int32)
	other = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		io.WriteString(w, "inside")
	}))
	t.Cleanup(other.Close)
	target = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/go-in" {
			http.Redirect(w, r, other.URL+"/secret", http.StatusFound)
			return
		}
		io.WriteString(w, "target")
	}))
	t.Cleanup(target.Close)
	return target, other, otherHits
}

func TestEgressDialRefusesOtherPort(t *testing.T) {
	target, other, hits := twoServers(t)
	e := &Egress{}
	if err := e.Policy.Allow(target.URL); err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Transport: e.Transport()}
	resp, err := c.Get(target.URL + "/")
	if err != nil {
		t.Fatalf("target refused: %v", err)
	}
	resp.Body.Close()
	// Directly, and by a redirect of the target.
	for _, u := range []string{other.URL + "/x", target.URL + "/go-in"} {
		resp, err := c.Get(u)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("GET %s reached the other port", u)
		}
		var re *RefusedError
		if !errors.As(err, &re) || !strings.HasPrefix(re.Reason, "loopback address 127.0.0.1:") {
			t.Errorf("GET %s: %v, want a refusal of the loopback address", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
	if why := e.RefusedURL(other.URL + "/anything"); !strings.Contains(why, "is not a target") {
		t.Errorf("RefusedURL = %q", why)
	}
}

// TestEgressDialDecidesOnResolvedAddress: a public-looking name that
// resolves to loopback (DNS rebinding) is refused even on the target's
// port, because the decision is on the address dialled.
func TestEgressDialDecidesOnResolvedAddress(t *testing.T) {
	target, _, _ := twoServers(t)
	var targetHits atomic.Int32
	inner := target.Config.Handler
	target.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		targetHits.Add(1)
		inner.ServeHTTP(w, r)
	})
	_, port, _ := net.SplitHostPort(target.Listener.Addr().String())
	e := &Egress{lookup: func(ctx context.Context, host string) ([]netip.Addr, error) {
		if host == "rebind.example" {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		}
		return nil, errors.New("no such host")
	}}
	if err := e.Policy.Allow(target.URL); err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Transport: e.Transport()}
	resp, err := c.Get("http://rebind.example:" + port + "/")
	if err == nil {
		resp.Body.Close()
		t.Fatal("a name resolving to loopback reached the target's server")
	}
	var re *RefusedError
	if !errors.As(err, &re) || re.Reason != "loopback address 127.0.0.1:"+port+" is not a target" {
		t.Errorf("err = %v", err)
	}
	if n := targetHits.Load(); n != 0 {
		t.Errorf("the server got %d requests through the rebound name", n)
	}
}
