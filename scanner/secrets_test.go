package scanner

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
)

func TestScrubber(t *testing.T) {
	if newScrubber(Request{Headers: map[string]string{"X-Short": "abc"}, Cookies: []Cookie{{Name: "a", Value: "1"}}}) != nil {
		t.Error("values shorter than minSecret are not scrubbed: no scrubber")
	}
	s := newScrubber(Request{
		Headers:  map[string]string{"Authorization": "Bearer tok-123456"},
		Cookies:  []Cookie{{Name: "sess", Value: "a b+c/d=e"}},
		Password: "pw-secret",
	})
	p := &rules.Page{URL: "https://ex.com/", Texts: []rules.TextCandidate{{
		Raw: "京ICP备2021012345号-1", Selector: "a#x-tok-123456", Snippet: `<a data-t="Bearer tok-123456">`,
		Link: rules.Link{Href: "https://ex.com/?c=" + "a+b%2Bc%2Fd%3De" + "&p=pw-secret"},
	}}}
	r := &Rendered{Page: p, FinalURL: "https://ex.com/#a%20b+c%2Fd=e", Blocked: []BlockedRequest{{URL: "http://127.0.0.1:1/?a b+c/d=e"}}}
	s.value(r)
	c := p.Texts[0]
	for _, got := range []string{c.Selector, c.Snippet, c.Link.Href, r.FinalURL, r.Blocked[0].URL} {
		for _, secret := range []string{"tok-123456", "pw-secret", "a b+c/d=e", "a+b%2Bc%2Fd%3De", "a%20b+c%2Fd=e"} {
			if strings.Contains(got, secret) {
				t.Errorf("%q still holds %q", got, secret)
			}
		}
	}
	if c.Raw != "京ICP备2021012345号-1" || c.Selector != "a#x-***" || c.Snippet != `<a data-t="***">` {
		t.Errorf("scrubbed more or less than the values: %q %q %q", c.Raw, c.Selector, c.Snippet)
	}
	base := &TransientError{Err: fmt.Errorf("HTTP 503 at https://ex.com/?p=pw-secret")}
	err := s.err(fmt.Errorf("load: %w", base))
	var te *TransientError
	if !errors.As(err, &te) || strings.Contains(err.Error(), "pw-secret") {
		t.Errorf("scrubbed error %q lost its cause or kept the secret", err)
	}
	var none *scrubber
	none.value(r) // a nil scrubber scrubs nothing, and does not panic
	if none.err(base) != base {
		t.Error("a nil scrubber changed the error")
	}
}
