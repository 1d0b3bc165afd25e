package scanner

import "testing"

// TestTargetKey checks the one identity of a target: a local file by its
// path, a URL by its normalised form, so that the frontier, the command's
// dedupe and the baseline agree on which pages are the same.
func TestTargetKey(t *testing.T) {
	for _, c := range []struct {
		t    Target
		want string
	}{
		{Target{URL: "HTTPS://Example.COM:443", Display: "HTTPS://Example.COM:443"}, "https://example.com/"},
		{Target{URL: "https://example.com/a?b=1#top"}, "https://example.com/a?b=1"},
		{Target{URL: "http://127.0.0.1:4000/p/a.html", Display: "site/a.html", Path: "site/a.html"}, "site/a.html"},
		{Target{URL: "not a url"}, "not a url"},
	} {
		if got := c.t.Key(); got != c.want {
			t.Errorf("%+v: Key() = %q, want %q", c.t, got, c.want)
		}
	}
	if got := PageKey("https://example.com", ""); got != "https://example.com/" {
		t.Errorf("PageKey = %q", got)
	}
}
