package discover

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestHTTPFetcher(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth", "/echo":
			if _, _, ok := r.BasicAuth(); !ok && r.URL.Path == "/auth" {
				w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			user, pass, ok := r.BasicAuth()
			if !ok {
				user, pass = "-", "-"
			}
			if _, err := io.WriteString(w, r.Header.Get("X-Test")+" "+r.Header.Get("User-Agent")+" "+user+":"+pass); err != nil {
				t.Errorf("write: %v", err)
			}
		case "/big":
			if _, err := io.WriteString(w, strings.Repeat("x", 2000)); err != nil {
				t.Errorf("write: %v", err)
			}
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer ts.Close()
	header := http.Header{"X-Test": {"hello"}, "User-Agent": {"beiancheck/1"}}

	tests := []struct {
		name       string
		user, pass string
		max        int64
		path       string
		want       string // body
		wantErr    string
		wantStatus int
	}{
		{name: "headers and auth answering a challenge", user: "u", pass: "p", path: "/auth", want: "hello beiancheck/1 u:p"},
		{name: "no auth unasked", user: "u", pass: "p", path: "/echo", want: "hello beiancheck/1 -:-"},
		{name: "no auth", path: "/echo", want: "hello beiancheck/1 -:-"},
		{name: "under the cap", max: 2000, path: "/big", want: strings.Repeat("x", 2000)},
		{name: "over the cap", max: 1024, path: "/big", wantErr: "/big larger than 1 KB"},
		{name: "status", path: "/down", wantErr: "HTTP 503", wantStatus: 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fetch := HTTPFetcher(ts.Client(), header, tt.user, tt.pass, tt.max)
			body, err := fetch(context.Background(), ts.URL+tt.path)
			var got []byte
			if err == nil {
				got, err = io.ReadAll(body)
				if cerr := body.Close(); cerr != nil {
					t.Fatalf("close: %v", cerr)
				}
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if code := statusCode(err); code != tt.wantStatus {
					t.Errorf("status = %d, want %d", code, tt.wantStatus)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("body = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{50 << 20, "50 MB"},
		{1024, "1 KB"},
		{1500, "1500 bytes"},
	}
	for _, tt := range tests {
		if got := formatBytes(tt.n); got != tt.want {
			t.Errorf("formatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestFetcherCredentialsOnlyToOrigins checks server-side that the fetcher
// sends basic auth only in answer to a 401 challenge from an origin it may
// send to, never unasked, and sends neither auth nor the user's headers
// to another port, whether it is asked there directly or redirected there.
func TestFetcherCredentialsOnlyToOrigins(t *testing.T) {
	type seen struct{ auth, header bool }
	var mu sync.Mutex
	log := map[string][]seen{} // server "target"/"other" + path -> requests
	record := func(name string, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		log[name+r.URL.Path] = append(log[name+r.URL.Path], seen{r.Header.Get("Authorization") != "", r.Header.Get("X-Token") != ""})
	}
	challenge := func(w http.ResponseWriter, r *http.Request) bool {
		if u, p, ok := r.BasicAuth(); ok && u == "qa" && p == "s3cret" {
			return true
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="staging"`)
		http.Error(w, "auth", http.StatusUnauthorized)
		return false
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record("other", r)
		if challenge(w, r) {
			io.WriteString(w, "other")
		}
	}))
	defer other.Close()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record("target", r)
		switch r.URL.Path {
		case "/open":
			io.WriteString(w, "open")
		case "/away":
			http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
		default:
			if challenge(w, r) {
				io.WriteString(w, "closed")
			}
		}
	}))
	defer target.Close()
	to := func(u string) bool { return strings.HasPrefix(u, target.URL+"/") }
	fetch := NewFetcher(nil, http.Header{"User-Agent": {"beiancheck/1"}},
		FetchCredentials{Header: http.Header{"X-Token": {"t0ken"}}, User: "qa", Password: "s3cret", To: to}, 0)
	get := func(u string) (string, error) {
		body, err := fetch(context.Background(), u)
		if err != nil {
			return "", err
		}
		defer body.Close()
		b, err := io.ReadAll(body)
		return string(b), err
	}
	if got, err := get(target.URL + "/open"); err != nil || got != "open" {
		t.Errorf("/open: %q %v", got, err)
	}
	if got, err := get(target.URL + "/closed"); err != nil || got != "closed" {
		t.Errorf("/closed: %q %v", got, err)
	}
	if _, err := get(other.URL + "/direct"); statusCode(err) != http.StatusUnauthorized {
		t.Errorf("other /direct: %v, want HTTP 401", err)
	}
	if _, err := get(target.URL + "/away"); statusCode(err) != http.StatusUnauthorized {
		t.Errorf("/away: %v, want HTTP 401 from the other port", err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := map[string][]seen{
		"target/open":   {{auth: false, header: true}},
		"target/closed": {{auth: false, header: true}, {auth: true, header: true}},
		"target/away":   {{auth: false, header: true}},
		"other/direct":  {{}},
		"other/landing": {{}},
	}
	if !reflect.DeepEqual(log, want) {
		t.Errorf("requests seen (auth, header):\n got %v\nwant %v", log, want)
	}
}
