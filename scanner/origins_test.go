package scanner

import (
	"slices"
	"sync"
	"testing"
)

// TestOriginSet: a nil set holds every origin, an empty one none; origins
// are compared by scheme, host and port (the default one written out),
// and the set grows safely while it is read.
func TestOriginSet(t *testing.T) {
	var none *OriginSet
	if !none.Has("https://any.example/") || none.List() != nil || none.Add("https://any.example/") {
		t.Error("a nil set: want every origin, a nil list, nothing added")
	}
	s := NewOriginSet()
	if s.Has("https://www.example.com/") || s.List() == nil {
		t.Error("an empty set: want no origin and a non-nil (empty) list")
	}
	s = NewOriginSet("https://www.example.com/a?b")
	for u, want := range map[string]bool{
		"https://www.example.com:443/x": true,
		"HTTPS://WWW.EXAMPLE.COM/":      true,
		"http://www.example.com/":       false,
		"https://www.example.com:8443/": false,
		"https://news.example.com/":     false,
		"not a url":                     false,
	} {
		if got := s.Has(u); got != want {
			t.Errorf("Has(%q) = %v, want %v", u, got, want)
		}
	}
	if s.Add("https://www.example.com/other") {
		t.Error("Add of a held origin reported it new")
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			s.Add("https://news.example.com/" + string(rune('a'+i)))
			_ = s.Has("https://news.example.com/")
			_ = s.List()
		})
	}
	wg.Wait()
	if got, want := s.List(), []string{"https://news.example.com:443", "https://www.example.com:443"}; !slices.Equal(got, want) {
		t.Errorf("List() = %q, want %q", got, want)
	}
}
