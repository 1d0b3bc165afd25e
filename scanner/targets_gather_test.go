package scanner

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/scanner/discover"
)

// fakeSite is a Fetcher over fixed bodies; any other URL is a 404. It
// records the URLs fetched, in order.
type fakeSite struct {
	bodies  map[string]string
	fetched []string
}

func (f *fakeSite) fetch(_ context.Context, u string) (io.ReadCloser, error) {
	f.fetched = append(f.fetched, u)
	b, ok := f.bodies[u]
	if !ok {
		return nil, &discover.StatusError{Code: 404}
	}
	return io.NopCloser(strings.NewReader(b)), nil
}

func urlset(urls ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range urls {
		b.WriteString("<url><loc>" + u + "</loc></url>")
	}
	b.WriteString("</urlset>")
	return b.String()
}

func gatheredURLs(ts []Target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.URL)
	}
	return out
}

// TestGatherTargetsOrderAndDedupe checks the order (arguments, list,
// sitemap), that the first target of a key is kept with its source, and
// which targets are entry pages.
func TestGatherTargetsOrderAndDedupe(t *testing.T) {
	site := &fakeSite{bodies: map[string]string{
		"https://a.example/sitemap.xml": urlset("https://a.example/", "https://a.example/news", "https://a.example/about"),
	}}
	for _, all := range []bool{false, true} {
		ts, err := GatherTargets(context.Background(), Sources{
			Args:        []string{"https://a.example"},
			URLList:     strings.NewReader("# list\nhttps://a.example/about\nhttps://A.example/\n"),
			URLListName: "urls.txt",
			Sitemaps:    []string{"https://a.example/sitemap.xml"},
			Fetch:       site.fetch,
			RequireAll:  all,
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"https://a.example", "https://a.example/about", "https://a.example/news"}
		if got := gatheredURLs(ts); !slices.Equal(got, want) {
			t.Fatalf("targets %q, want %q", got, want)
		}
		if ts[1].ListFile != "urls.txt" || ts[1].ListLine != 2 || ts[0].ListFile != "" {
			t.Errorf("list source: %+v, %+v", ts[0], ts[1])
		}
		if !ts[0].Entry || !ts[1].Entry || ts[2].Entry != all {
			t.Errorf("RequireAll %v: entry %v %v %v", all, ts[0].Entry, ts[1].Entry, ts[2].Entry)
		}
	}
}

// TestGatherTargetsRewrites checks that every URL gathered is rewritten,
// those of the sitemap too.
func TestGatherTargetsRewrites(t *testing.T) {
	rw, err := discover.ParseRewrite("www.example.com=staging.example.com")
	if err != nil {
		t.Fatal(err)
	}
	site := &fakeSite{bodies: map[string]string{"https://www.example.com/sitemap.xml": urlset("https://www.example.com/p")}}
	ts, err := GatherTargets(context.Background(), Sources{
		Args:     []string{"https://www.example.com/"},
		URLList:  strings.NewReader("https://www.example.com/q\n"),
		Sitemaps: []string{"https://www.example.com/sitemap.xml"},
		Rewrites: []discover.Rewrite{rw}, Fetch: site.fetch,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://staging.example.com/", "https://staging.example.com/q", "https://staging.example.com/p"}
	if got := gatheredURLs(ts); !slices.Equal(got, want) {
		t.Errorf("targets %q, want %q", got, want)
	}
}

// TestGatherTargetsSitemapAuto checks --sitemap auto: the sitemaps that
// robots.txt names, else a guessed /sitemap.xml whose 404 is a warning,
// once per host; without a URL target it is an error.
func TestGatherTargetsSitemapAuto(t *testing.T) {
	site := &fakeSite{bodies: map[string]string{
		"https://a.example/robots.txt": "User-agent: *\nSitemap: https://a.example/pages.xml\n",
		"https://a.example/pages.xml":  urlset("https://a.example/x"),
	}}
	var warnings []string
	ts, err := GatherTargets(context.Background(), Sources{
		Args:     []string{"https://a.example/", "https://a.example/y", "https://b.example/"},
		Sitemaps: []string{"auto"}, Fetch: site.fetch,
		Warn: func(l string) { warnings = append(warnings, l) },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://a.example/", "https://a.example/y", "https://b.example/", "https://a.example/x"}
	if got := gatheredURLs(ts); !slices.Equal(got, want) {
		t.Errorf("targets %q, want %q", got, want)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "no sitemap found at https://b.example/sitemap.xml") {
		t.Errorf("warnings %q", warnings)
	}
	robots := 0
	for _, u := range site.fetched {
		if strings.HasSuffix(u, "/robots.txt") {
			robots++
		}
	}
	if robots != 2 {
		t.Errorf("robots.txt fetched %d times, want once per host: %q", robots, site.fetched)
	}
	_, err = GatherTargets(context.Background(), Sources{Sitemaps: []string{"auto"}, Fetch: site.fetch, URLList: strings.NewReader("")})
	if err == nil || !strings.Contains(err.Error(), "needs a URL target") {
		t.Errorf("auto without URL target: %v", err)
	}
}

// TestGatherTargetsAllowFirst checks that Allow sees the named targets
// before any sitemap is fetched, and that its refusal stops the gathering.
func TestGatherTargetsAllowFirst(t *testing.T) {
	site := &fakeSite{bodies: map[string]string{}}
	refused := errors.New("refused")
	var seen []string
	_, err := GatherTargets(context.Background(), Sources{
		Args:     []string{"http://127.0.0.1:3000/"},
		URLList:  strings.NewReader("http://127.0.0.1:3000/b\n"),
		Sitemaps: []string{"http://127.0.0.1:3000/sitemap.xml"}, Fetch: site.fetch,
		Allow: func(named []Target) error { seen = gatheredURLs(named); return refused },
	})
	if !errors.Is(err, refused) || len(site.fetched) != 0 {
		t.Errorf("err %v, fetched %q", err, site.fetched)
	}
	if want := []string{"http://127.0.0.1:3000/", "http://127.0.0.1:3000/b"}; !slices.Equal(seen, want) {
		t.Errorf("Allow saw %q, want %q", seen, want)
	}
}

// TestGatherTargetsWarningsHideCredentials checks that a sitemap warning
// quoting a URL with credentials does not show them.
func TestGatherTargetsWarningsHideCredentials(t *testing.T) {
	site := &fakeSite{bodies: map[string]string{
		"https://a.example/sitemap.xml": `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://qa:s3cret@a.example/missing.xml</loc></sitemap></sitemapindex>`,
	}}
	var warnings []string
	_, err := GatherTargets(context.Background(), Sources{
		Args: []string{"https://a.example/"}, Sitemaps: []string{"https://a.example/sitemap.xml"}, Fetch: site.fetch,
		Warn: func(l string) { warnings = append(warnings, l) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) == 0 {
		t.Fatal("no warning for the missing child sitemap")
	}
	for _, w := range warnings {
		if strings.Contains(w, "s3cret") || !strings.HasPrefix(w, "sitemap: ") {
			t.Errorf("warning %q", w)
		}
	}
}
