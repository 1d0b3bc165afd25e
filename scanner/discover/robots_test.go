package discover

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

const testRobots = `# robots for tests
User-agent: *
Disallow: /private/
Disallow: /*.pdf$
Sitemap: /sitemap.xml

User-agent: BeianCheck
Disallow: /no-beian/
Allow: /no-beian/public
Crawl-delay: 1
`

func TestRobotsAllowed(t *testing.T) {
	tests := []struct {
		name       string
		robots     testPage
		agent      string
		path       string
		want       bool
		wantReason string
	}{
		{name: "other agent, disallowed path", robots: page(testRobots), agent: "otherbot", path: "/private/x", wantReason: "robots.txt: Disallow /private/"},
		{name: "other agent, allowed path", robots: page(testRobots), agent: "otherbot", path: "/no-beian/x", want: true},
		{name: "other agent, wildcard", robots: page(testRobots), agent: "otherbot", path: "/doc/a.pdf", wantReason: "robots.txt: Disallow /*.pdf$"},
		{name: "other agent, wildcard end", robots: page(testRobots), agent: "otherbot", path: "/doc/a.pdf?x=1", want: true},
		{name: "own group replaces *", robots: page(testRobots), agent: "beiancheck", path: "/private/x", want: true},
		{name: "own group disallows", robots: page(testRobots), agent: "beiancheck", path: "/no-beian/page", wantReason: "robots.txt: Disallow /no-beian/"},
		{name: "longest rule wins", robots: page(testRobots), agent: "beiancheck", path: "/no-beian/public/a", want: true},
		{name: "query is matched", robots: page("User-agent: *\nDisallow: /search?q=\n"), agent: "beiancheck", path: "/search?q=icp", wantReason: "robots.txt: Disallow /search?q="},
		{name: "root path", robots: page("User-agent: *\nDisallow: /\n"), agent: "beiancheck", path: "", wantReason: "robots.txt: Disallow /"},
		{name: "empty disallow allows", robots: page("User-agent: *\nDisallow:\n"), agent: "beiancheck", path: "/x", want: true},
		{name: "empty file", robots: page(""), agent: "beiancheck", path: "/x", want: true},
		{name: "404 allows all", robots: testPage{status: 404, body: []byte("User-agent: *\nDisallow: /\n")}, agent: "beiancheck", path: "/x", want: true},
		{name: "410 allows all", robots: testPage{status: 410}, agent: "beiancheck", path: "/x", want: true},
		{name: "503 disallows all", robots: testPage{status: 503}, agent: "beiancheck", path: "/x", wantReason: "robots.txt unreachable: HTTP 503"},
		{name: "429 disallows all", robots: testPage{status: 429}, agent: "beiancheck", path: "/x", wantReason: "robots.txt unreachable: HTTP 429"},
		{
			name:   "rules before user-agent do not void the file",
			robots: page("Disallow: /early/\nCrawl-delay: soon\nUser-agent: *\nCrawl-delay: never\nDisallow: /late/\n"),
			agent:  "beiancheck", path: "/late/x", wantReason: "robots.txt: Disallow /late/",
		},
		{
			name:   "early rule ignored",
			robots: page("Disallow: /early/\nUser-agent: *\nDisallow: /late/\n"),
			agent:  "beiancheck", path: "/early/x", want: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newTestSite(t, map[string]testPage{"/robots.txt": tt.robots})
			r := NewRobots(site.fetcher(), tt.agent)
			got, reason, err := r.Allowed(context.Background(), site.URL+tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || reason != tt.wantReason {
				t.Errorf("Allowed(%s) = %v, %q; want %v, %q", tt.path, got, reason, tt.want, tt.wantReason)
			}
		})
	}
}

func TestRobotsNetworkError(t *testing.T) {
	site := newTestSite(t, nil)
	url := site.URL
	site.Close() // nothing listens there any more
	r := NewRobots(site.fetcher(), "beiancheck")
	got, reason, err := r.Allowed(context.Background(), url+"/x")
	if err != nil {
		t.Fatal(err)
	}
	if got || !strings.HasPrefix(reason, "robots.txt unreachable: ") {
		t.Errorf("Allowed = %v, %q; want false, robots.txt unreachable", got, reason)
	}
}

func TestRobotsFetchesOncePerSite(t *testing.T) {
	a := newTestSite(t, map[string]testPage{"/robots.txt": page("User-agent: *\nDisallow: /private/\n")})
	b := newTestSite(t, map[string]testPage{"/robots.txt": {status: 503}})
	r := NewRobots(a.fetcher(), "beiancheck")
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		for _, s := range []*testSite{a, b} {
			wg.Go(func() {
				path := "/public"
				if i%2 == 0 {
					path = "/private/p"
				}
				if _, _, err := r.Allowed(context.Background(), s.URL+path); err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Same site under another spelling: no new fetch.
	if _, _, err := r.Allowed(context.Background(), strings.Replace(a.URL, "http://", "HTTP://", 1)+"/y#frag"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*testSite{a, b} {
		if n := s.count("/robots.txt"); n != 1 {
			t.Errorf("%s: robots.txt fetched %d times, want 1", s.URL, n)
		}
		if n := s.total(); n != 1 {
			t.Errorf("%s: %d requests, want 1", s.URL, n)
		}
	}
}

func TestRobotsErrors(t *testing.T) {
	site := newTestSite(t, map[string]testPage{"/robots.txt": page("User-agent: *\nDisallow: /\n")})
	r := NewRobots(site.fetcher(), "beiancheck")
	if _, _, err := r.Allowed(context.Background(), "ftp://example.com/x"); err == nil {
		t.Error("ftp URL: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := r.Allowed(ctx, site.URL+"/x"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
	// The abandoned fetch is not remembered as "unreachable".
	got, reason, err := r.Allowed(context.Background(), site.URL+"/x")
	if err != nil || got || reason != "robots.txt: Disallow /" {
		t.Errorf("after cancel: Allowed = %v, %q, %v; want false, robots.txt: Disallow /", got, reason, err)
	}
}
