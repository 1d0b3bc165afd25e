package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestSitemapChildOnOtherPortRefused: a sitemap index on the target's
// loopback port names a child sitemap on another loopback port; the fetcher
// refuses to connect there (asserted server-side) unless --allow-private.
func TestSitemapChildOnOtherPortRefused(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://inside.example/</loc></url></urlset>`)
	}))
	defer other.Close()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/child.xml</loc></sitemap><sitemap><loc>%s/own.xml</loc></sitemap></sitemapindex>`, other.URL, "http://"+r.Host)
	}))
	defer target.Close()

	for _, allow := range []bool{false, true} {
		otherHits.Store(0)
		in := inputConfig{sitemaps: []string{target.URL + "/index.xml"}, allowPrivate: allow}
		p, err := in.parse()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		_, err = in.targets(context.Background(), p, nil, nil, strings.NewReader(""), &stderr)
		if err != nil && allow {
			t.Fatalf("allow-private: %v", err)
		}
		got := otherHits.Load()
		if !allow {
			if got != 0 {
				t.Errorf("the other port got %d requests", got)
			}
			if !strings.Contains(stderr.String(), "is not a target") {
				t.Errorf("no refusal named on stderr: %q", stderr.String())
			}
		} else if got == 0 {
			t.Error("with --allow-private the other port was not reached")
		}
	}
}
