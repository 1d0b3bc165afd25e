package discover

import (
	"strings"
	"testing"
)

func TestRewrite(t *testing.T) {
	tests := []struct {
		rule string
		in   string
		want string
	}{
		{"www.example.com=staging.example.com", "https://www.example.com/a?b=1", "https://staging.example.com/a?b=1"},
		{"www.example.com=staging.example.com", "http://WWW.example.com:80/a", "http://staging.example.com/a"},
		{"www.example.com=staging.example.com", "https://example.com/a", "https://example.com/a"},
		{"www.example.com=staging.example.com", "https://www.example.com:8443/a", "https://www.example.com:8443/a"},
		{"www.example.com=127.0.0.1:8080", "https://www.example.com/a", "https://127.0.0.1:8080/a"},
		{"www.example.com=http://127.0.0.1:8080", "https://www.example.com/a#frag", "http://127.0.0.1:8080/a"},
		{"www.example.com=https://staging.example.com:443/", "http://www.example.com/", "https://staging.example.com/"},
		{"https://www.example.com=http://localhost:3000", "https://www.example.com/x", "http://localhost:3000/x"},
		{"https://www.example.com=http://localhost:3000", "http://www.example.com/x", "http://www.example.com/x"},
		{"www.example.com:80=localhost:8080", "http://www.example.com/x", "http://localhost:8080/x"},
		{"www.example.com:8080=www.example.com", "http://www.example.com:8080/x", "http://www.example.com/x"},
		{"www.example.com=staging.example.com", "mailto:a@www.example.com", "mailto:a@www.example.com"},
		{"www.example.com=staging.example.com", "not a url", "not a url"},
	}
	for _, tt := range tests {
		rw, err := ParseRewrite(tt.rule)
		if err != nil {
			t.Fatalf("ParseRewrite(%q): %v", tt.rule, err)
		}
		if got := rw.Apply(tt.in); got != tt.want {
			t.Errorf("%s: Apply(%s) = %s, want %s", tt.rule, tt.in, got, tt.want)
		}
	}
	var zero Rewrite
	if got := zero.Apply("https://x.com/a#b"); got != "https://x.com/a#b" {
		t.Errorf("zero Rewrite changed %s", got)
	}
}

func TestParseRewrite(t *testing.T) {
	good := map[string]string{
		"A.example.com=b.example.com":          "a.example.com=b.example.com",
		"https://a.com=http://localhost:8080":  "https://a.com=http://localhost:8080",
		" a.com = b.com:8443 ":                 "a.com=b.com:8443",
		"https://a.com:443/=http://[::1]:8080": "https://a.com=http://[::1]:8080",
	}
	for in, want := range good {
		rw, err := ParseRewrite(in)
		if err != nil || rw.String() != want {
			t.Errorf("ParseRewrite(%q) = %s, %v; want %s", in, rw, err, want)
		}
	}
	bad := map[string]string{
		"a.com":                 "want FROM=TO",
		"=b.com":                "from:",
		"a.com=":                "to:",
		"ftp://a.com=b.com":     "scheme must be http or https",
		"a.com/path=b.com":      "want host[:port] or scheme://host[:port]",
		"a.com=https://b.com/x": "want host[:port] or scheme://host[:port]",
		"a.com=user@b.com":      "want host[:port] or scheme://host[:port]",
	}
	for in, want := range bad {
		_, err := ParseRewrite(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRewrite(%q) err = %v, want %q", in, err, want)
		}
	}
}

// TestRewriteUnmatched: a FROM without a port that never matched, while a
// URL of its host on another port went by, says why and what to write.
func TestRewriteUnmatched(t *testing.T) {
	rw, err := ParseRewrite("127.0.0.1=localhost")
	if err != nil {
		t.Fatal(err)
	}
	if got := rw.Unmatched(); got != "" {
		t.Errorf("before any URL: %q", got)
	}
	copied := []Rewrite{rw} // the plan's copy shares what Apply saw
	if got := ApplyRewrites(copied, "http://127.0.0.1:8771/a"); got != "http://127.0.0.1:8771/a" {
		t.Fatalf("rewrote %s: a FROM without a port matches the default port only", got)
	}
	want := "--rewrite-host 127.0.0.1=localhost matched none of the targets: http://127.0.0.1:8771/a has port 8771, and a FROM without its port matches the default port only (write 127.0.0.1:8771=localhost:8771)"
	if got := rw.Unmatched(); got != want {
		t.Errorf("Unmatched() = %q\nwant %q", got, want)
	}
	if got := rw.Apply("http://127.0.0.1/b"); got != "http://localhost/b" {
		t.Fatalf("Apply = %s", got)
	}
	if got := rw.Unmatched(); got != "" {
		t.Errorf("after a match: %q", got)
	}
	other, _ := ParseRewrite("www.example.com=staging.example.com")
	other.Apply("https://example.com:8443/")
	if got := other.Unmatched(); got != "" {
		t.Errorf("another host is no near miss: %q", got)
	}
}
