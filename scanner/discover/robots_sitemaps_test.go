package discover

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

func TestRobotsSitemaps(t *testing.T) {
	tests := []struct {
		name     string
		robots   *testPage // nil: no robots.txt (404)
		fallback bool
		want     []string // {{base}} replaced
		wantErr  string
	}{
		{
			name: "sitemap lines",
			robots: &testPage{body: []byte("User-agent: *\nDisallow: /x/\n" +
				"Sitemap: {{base}}/sitemap_index.xml\nsitemap:/news.xml # relative, lower case\n" +
				"SITEMAP: {{base}}/sitemap_index.xml\nSitemap: ftp://example.com/s.xml\nSitemap:\n" +
				"Sitemap: https://cdn.example.com/s.xml.gz\n")},
			fallback: true,
			want:     []string{"{{base}}/sitemap_index.xml", "{{base}}/news.xml", "https://cdn.example.com/s.xml.gz"},
		},
		{name: "no sitemap lines, fallback", robots: &testPage{body: []byte("User-agent: *\nDisallow:\n")}, fallback: true, want: []string{"{{base}}/sitemap.xml"}},
		{name: "no sitemap lines, no fallback", robots: &testPage{body: []byte("User-agent: *\nDisallow:\n")}},
		{name: "404, fallback", fallback: true, want: []string{"{{base}}/sitemap.xml"}},
		{name: "404, no fallback"},
		{name: "503", robots: &testPage{status: 503}, fallback: true, wantErr: "robots.txt sitemaps: {{base}}/robots.txt: HTTP 503"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := map[string]testPage{}
			if tt.robots != nil {
				pages["/robots.txt"] = *tt.robots
			}
			site := newTestSite(t, pages)
			got, err := RobotsSitemaps(context.Background(), site.fetcher(), site.URL+"/some/page?x=1#y", tt.fallback)
			if tt.wantErr != "" {
				want := strings.ReplaceAll(tt.wantErr, "{{base}}", site.URL)
				if err == nil || err.Error() != want {
					t.Fatalf("err = %v, want %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := expand(site.URL, tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			if n := site.count("/robots.txt"); n != 1 {
				t.Errorf("robots.txt fetched %d times, want 1", n)
			}
		})
	}
}

func TestRobotsSitemapsBadPage(t *testing.T) {
	if _, err := RobotsSitemaps(context.Background(), nil, "file:///etc/passwd", true); err == nil {
		t.Error("file URL: no error")
	}
}
