package discover

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHTTPFetcher(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/echo":
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
		{name: "headers and auth", user: "u", pass: "p", path: "/echo", want: "hello beiancheck/1 u:p"},
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
