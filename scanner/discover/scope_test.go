package discover

import (
	"regexp"
	"strings"
	"testing"
)

func TestParseScopeMode(t *testing.T) {
	for _, s := range []string{"host", "site", "prefix"} {
		if m, err := ParseScopeMode(s); err != nil || string(m) != s {
			t.Errorf("ParseScopeMode(%q) = %q, %v", s, m, err)
		}
	}
	for _, s := range []string{"", "Host", "domain"} {
		_, err := ParseScopeMode(s)
		if err == nil || !strings.Contains(err.Error(), "host, site or prefix") {
			t.Errorf("ParseScopeMode(%q) err = %v, want one listing host, site or prefix", s, err)
		}
	}
}

func TestScopeIn(t *testing.T) {
	re := regexp.MustCompile
	tests := []struct {
		name       string
		scope      Scope
		start      string
		link       string
		want       bool
		wantReason string
	}{
		{name: "host same", scope: Scope{Mode: ScopeHost}, start: "https://www.example.com/", link: "https://www.example.com/a", want: true},
		{name: "host other scheme", scope: Scope{Mode: ScopeHost}, start: "https://www.example.com/", link: "http://WWW.example.com/a", want: true},
		{name: "host default port", scope: Scope{Mode: ScopeHost}, start: "https://www.example.com/", link: "https://www.example.com:443/a", want: true},
		{name: "host other port", scope: Scope{Mode: ScopeHost}, start: "https://www.example.com/", link: "https://www.example.com:8443/a", wantReason: "off-host"},
		{name: "host subdomain", scope: Scope{Mode: ScopeHost}, start: "https://www.example.com/", link: "https://news.example.com/a", wantReason: "off-host"},
		{name: "zero mode is host", scope: Scope{}, start: "https://www.example.com/", link: "https://example.com/", wantReason: "off-host"},
		{name: "site subdomain", scope: Scope{Mode: ScopeSite}, start: "https://www.example.com/", link: "https://news.example.com/a", want: true},
		{name: "site apex", scope: Scope{Mode: ScopeSite}, start: "https://www.example.com/", link: "http://example.com:8080/", want: true},
		{name: "site other domain", scope: Scope{Mode: ScopeSite}, start: "https://www.example.com/", link: "https://www.example.org/", wantReason: "off-site"},
		{name: "site com.cn", scope: Scope{Mode: ScopeSite}, start: "https://www.example.com.cn/", link: "https://shop.example.com.cn/", want: true},
		{name: "site com.cn neighbour", scope: Scope{Mode: ScopeSite}, start: "https://www.example.com.cn/", link: "https://www.other.com.cn/", wantReason: "off-site"},
		{name: "site gov.cn", scope: Scope{Mode: ScopeSite}, start: "https://www.miit.gov.cn/", link: "https://beian.miit.gov.cn/", want: true},
		{name: "site co.uk", scope: Scope{Mode: ScopeSite}, start: "https://a.example.co.uk/", link: "https://b.example.co.uk/", want: true},
		{name: "site github.io neighbour", scope: Scope{Mode: ScopeSite}, start: "https://alice.github.io/", link: "https://bob.github.io/", wantReason: "off-site"},
		{name: "site IP", scope: Scope{Mode: ScopeSite}, start: "http://127.0.0.1:8080/", link: "http://127.0.0.2/", wantReason: "off-site"},
		{name: "prefix inside", scope: Scope{Mode: ScopePrefix}, start: "https://x.com/docs/intro.html", link: "https://x.com/docs/a/b", want: true},
		{name: "prefix dir itself", scope: Scope{Mode: ScopePrefix}, start: "https://x.com/docs/", link: "https://x.com/docs/?page=2", want: true},
		{name: "prefix outside", scope: Scope{Mode: ScopePrefix}, start: "https://x.com/docs/intro.html", link: "https://x.com/blog/", wantReason: "outside prefix"},
		{name: "prefix sibling name", scope: Scope{Mode: ScopePrefix}, start: "https://x.com/docs/", link: "https://x.com/docs2/", wantReason: "outside prefix"},
		{name: "prefix other scheme", scope: Scope{Mode: ScopePrefix}, start: "https://x.com/docs/", link: "http://x.com/docs/a", wantReason: "outside prefix"},
		{name: "prefix no dir", scope: Scope{Mode: ScopePrefix}, start: "https://x.com", link: "https://x.com/anything", want: true},
		{
			name:  "excluded",
			scope: Scope{Mode: ScopeHost, Exclude: []*regexp.Regexp{re(`/tag/`), re(`\?replytocom=`)}},
			start: "https://x.com/", link: "https://x.com/p?replytocom=3", wantReason: `excluded by \?replytocom=`,
		},
		{
			name:  "included",
			scope: Scope{Mode: ScopeHost, Include: []*regexp.Regexp{re(`/news/`), re(`/about$`)}},
			start: "https://x.com/", link: "https://x.com/about", want: true,
		},
		{
			name:  "not included",
			scope: Scope{Mode: ScopeHost, Include: []*regexp.Regexp{re(`/news/`)}},
			start: "https://x.com/", link: "https://x.com/about", wantReason: "not included",
		},
		{
			name:  "exclude beats include",
			scope: Scope{Mode: ScopeHost, Include: []*regexp.Regexp{re(`/news/`)}, Exclude: []*regexp.Regexp{re(`/news/old/`)}},
			start: "https://x.com/", link: "https://x.com/news/old/1", wantReason: "excluded by /news/old/",
		},
		{
			name:  "mode before patterns",
			scope: Scope{Mode: ScopeHost, Include: []*regexp.Regexp{re(`.`)}},
			start: "https://x.com/", link: "https://y.com/", wantReason: "off-host",
		},
		{name: "not http", scope: Scope{Mode: ScopeHost}, start: "https://x.com/", link: "mailto:a@x.com", wantReason: "not http(s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reason := tt.scope.In(tt.start, tt.link)
			if got != tt.want || reason != tt.wantReason {
				t.Errorf("In(%s, %s) = %v, %q; want %v, %q", tt.start, tt.link, got, reason, tt.want, tt.wantReason)
			}
		})
	}
}

func TestRegistrableDomain(t *testing.T) {
	tests := map[string]string{
		"www.example.com":      "example.com",
		"example.com":          "example.com",
		"a.b.example.com.cn":   "example.com.cn",
		"example.com.cn":       "example.com.cn",
		"www.example.cn":       "example.cn",
		"beian.miit.gov.cn":    "miit.gov.cn",
		"www.bbc.co.uk":        "bbc.co.uk",
		"www.example.edu.hk":   "example.edu.hk",
		"sub.example.org.info": "org.info",
		"alice.github.io":      "alice.github.io", // private section: one site per user
		"a.alice.github.io":    "alice.github.io",
		"www.example.com.au":   "example.com.au",
		"example.gov.cn":       "example.gov.cn",
		"github.io":            "github.io", // a public suffix itself
		"com":                  "com",
		"EXAMPLE.COM.":         "example.com",
		"localhost":            "localhost",
		"127.0.0.1":            "127.0.0.1",
		"::1":                  "::1",
	}
	for in, want := range tests {
		if got := registrableDomain(in); got != want {
			t.Errorf("registrableDomain(%q) = %q, want %q", in, got, want)
		}
	}
}
