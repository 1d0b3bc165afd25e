package discover

import (
	"net/url"
	"strings"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "HTTP://Example.COM", want: "http://example.com/"},
		{in: "https://example.com:443/a", want: "https://example.com/a"},
		{in: "http://example.com:80/a", want: "http://example.com/a"},
		{in: "http://example.com:443/a", want: "http://example.com:443/a"},
		{in: "https://example.com:8443/a", want: "https://example.com:8443/a"},
		{in: "http://example.com:/a", want: "http://example.com/a"},
		{in: "http://example.com/a#top", want: "http://example.com/a"},
		{in: "http://example.com/a?b=2&a=1#x", want: "http://example.com/a?b=2&a=1"},
		{in: "http://example.com/Path/A", want: "http://example.com/Path/A"},
		{in: "http://example.com/a b", want: "http://example.com/a%20b"},
		{in: "http://example.com/%E5%A4%87%E6%A1%88", want: "http://example.com/%E5%A4%87%E6%A1%88"},
		{in: "http://example.com/备案", want: "http://example.com/%E5%A4%87%E6%A1%88"},
		{in: "http://[::1]:80/", want: "http://[::1]/"},
		{in: "http://[::1]:8080", want: "http://[::1]:8080/"},
		{in: "  http://example.com/  ", want: "http://example.com/"},
		{in: "ftp://example.com/", wantErr: `scheme "ftp" is not http or https`},
		{in: "mailto:a@example.com", wantErr: "is not http or https"},
		{in: "example.com/a", wantErr: "not an http(s) URL"},
		{in: "http:///a", wantErr: "no host"},
		{in: "http:example.com", wantErr: "no host"},
		{in: "http://exa mple.com/", wantErr: "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeURL(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("NormalizeURL(%q) = %q, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			if again, err := NormalizeURL(got); err != nil || again != got {
				t.Errorf("NormalizeURL(%q) = %q, %v; not idempotent", got, again, err)
			}
		})
	}
}

func TestOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"HTTPS://Example.COM:443/a?b#c": "https://example.com",
		"http://example.com:80/":        "http://example.com",
		"http://127.0.0.1:8080/x":       "http://127.0.0.1:8080",
		"https://example.com:8443/":     "https://example.com:8443",
		"http://[::1]:80/":              "http://[::1]",
		"http://[::1]:3000/":            "http://[::1]:3000",
		"mailto:x@example.com":          "",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := Origin(u); got != want {
			t.Errorf("Origin(%q) = %q, want %q", in, got, want)
		}
	}
}
