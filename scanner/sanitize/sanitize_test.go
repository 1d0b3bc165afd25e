package sanitize

import (
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pass@host/path?q=1#f":    "https://***@host/path?q=1#f",
		"http://user@127.0.0.1:8080/":          "http://***@127.0.0.1:8080/",
		"HTTPS://u:p%40ss@Example.com":         "HTTPS://***@Example.com",
		"https://u:p@ss@host/a@b":              "https://***@host/a@b", // the last @ of the authority ends the userinfo
		"https://***@host/":                    "https://***@host/",
		"https://host/path?mail=a@example.com": "https://host/path?mail=a@example.com",
		"https://host/a@b":                     "https://host/a@b",
		"mailto:a@example.com":                 "mailto:a@example.com",
		"site/index.html":                      "site/index.html",
		"":                                     "",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCredentials(t *testing.T) {
	for in, want := range map[string]string{
		`load: page load error net::ERR_CONNECTION_REFUSED at http://user:secret@127.0.0.1:1/x`: `load: page load error net::ERR_CONNECTION_REFUSED at http://***@127.0.0.1:1/x`,
		`Get "https://user:***@host/sitemap.xml": EOF`:                                          `Get "https://***@host/sitemap.xml": EOF`,
		`redirects from http://a:b@h/ to https://c:d@h/`:                                        `redirects from http://***@h/ to https://***@h/`,
		`line 2: "http://u:p@[::1": missing ']' in host`:                                        `line 2: "http://***@[::1": missing ']' in host`,
		`mail a@example.com at https://host/`:                                                   `mail a@example.com at https://host/`,
	} {
		if got := Credentials(in); got != want {
			t.Errorf("Credentials(%q) =\n %q, want\n %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"京ICP备2021012345号-1":                 "京ICP备2021012345号-1",
		"\x1b[31mred\x1b[0m":                 `\x1b[31mred\x1b[0m`,
		"bell\a back\b nul\x00 del\x7f":      `bell\x07 back\x08 nul\x00 del\x7f`,
		"c1\u0085\u009b":                     `c1\u0085\u009b`,
		"abc\u202edcba\u202c":                `abc\u202edcba\u202c`,
		"\u2066iso\u2069 \u200e\u200f\u061c": `\u2066iso\u2069 \u200e\u200f\u061c`,
		"two\nlines\r\ttab\v\f":              "two lines  tab  ",
		"sep\u2028para\u2029":                "sep para ",
		"bad\xff\x9butf8":                    `bad\xff\x9butf8`,
		"real \ufffd kept":                   "real \ufffd kept",
		"ok\u200bzwsp":                       "ok\u200bzwsp",
	} {
		got := Text(in)
		if got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
		for _, c := range got {
			if unsafeRune(c) || c == '\n' {
				t.Errorf("Text(%q) keeps %U", in, c)
			}
		}
	}
	if s := strings.Repeat("a", 10); Text(s) != s {
		t.Error("Text changes plain text")
	}
}
