package discover

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

const sitemapNS = `xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`

func urlset(locs ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<urlset " + sitemapNS + ">\n")
	for _, l := range locs {
		b.WriteString("  <url><loc>" + l + "</loc><lastmod>2024-01-01</lastmod></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.String()
}

func sitemapIndex(locs ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<sitemapindex " + sitemapNS + ">\n")
	for _, l := range locs {
		b.WriteString("  <sitemap><loc>" + l + "</loc></sitemap>\n")
	}
	b.WriteString("</sitemapindex>\n")
	return b.String()
}

// expand replaces {{base}} in want lists by the test server's URL.
func expand(base string, ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ReplaceAll(s, "{{base}}", base)
	}
	return out
}

func TestReadSitemaps(t *testing.T) {
	tests := []struct {
		name         string
		pages        map[string]testPage
		roots        []string // {{base}} replaced
		opts         SitemapOptions
		wantURLs     []string
		wantFiles    []string
		wantWarnings []string // substrings, one per warning, in order
		wantErr      string
	}{
		{
			name: "urlset",
			pages: map[string]testPage{"/sitemap.xml": page(urlset(
				"{{base}}/", "  {{base}}/about  ", "/relative", "{{base}}/about#team", "http:///nohost",
				"ftp://example.com/f", "{{base}}/a?q=1", "mailto:x@example.com",
			))},
			roots:        []string{"{{base}}/sitemap.xml"},
			wantURLs:     []string{"{{base}}/", "{{base}}/about", "{{base}}/relative", "{{base}}/a?q=1"},
			wantFiles:    []string{"{{base}}/sitemap.xml"},
			wantWarnings: []string{`{{base}}/sitemap.xml: 3 <loc> values are not http(s) URLs (first: "http:///nohost")`},
		},
		{
			name: "no namespace, extensions ignored",
			pages: map[string]testPage{"/s.xml": page(`<urlset xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>{{base}}/p</loc><image:image><image:loc>{{base}}/img.png</image:loc></image:image></url>
<image:loc>{{base}}/stray.png</image:loc>
<url><loc><![CDATA[{{base}}/cdata]]></loc></url>
</urlset>`)},
			roots:     []string{"{{base}}/s.xml"},
			wantURLs:  []string{"{{base}}/p", "{{base}}/cdata"},
			wantFiles: []string{"{{base}}/s.xml"},
		},
		{
			name:      "text sitemap",
			pages:     map[string]testPage{"/s.txt": page("\uFEFF{{base}}/one\r\n\r\n{{base}}/two\n")},
			roots:     []string{"{{base}}/s.txt"},
			wantURLs:  []string{"{{base}}/one", "{{base}}/two"},
			wantFiles: []string{"{{base}}/s.txt"},
		},
		{
			name: "index, duplicates across files",
			pages: map[string]testPage{
				"/index.xml": page(sitemapIndex("{{base}}/a.xml", "b.xml")),
				"/a.xml":     page(urlset("{{base}}/1", "{{base}}/2")),
				"/b.xml":     page(urlset("{{base}}/2", "{{base}}/3")),
			},
			roots:     []string{"{{base}}/index.xml"},
			wantURLs:  []string{"{{base}}/1", "{{base}}/2", "{{base}}/3"},
			wantFiles: []string{"{{base}}/index.xml", "{{base}}/a.xml", "{{base}}/b.xml"},
		},
		{
			name: "nested index over the depth cap",
			pages: map[string]testPage{
				"/i1.xml":   page(sitemapIndex("{{base}}/i2.xml", "{{base}}/top.xml")),
				"/top.xml":  page(urlset("{{base}}/top")),
				"/i2.xml":   page(sitemapIndex("{{base}}/i3.xml")),
				"/i3.xml":   page(sitemapIndex("{{base}}/deep.xml", "{{base}}/i4.xml")),
				"/deep.xml": page(urlset("{{base}}/deep")),
				"/i4.xml":   page(sitemapIndex("{{base}}/deep.xml")),
			},
			roots:     []string{"{{base}}/i1.xml"},
			wantURLs:  []string{"{{base}}/top"},
			wantFiles: []string{"{{base}}/i1.xml", "{{base}}/i2.xml", "{{base}}/i3.xml", "{{base}}/top.xml"},
			wantWarnings: []string{
				"{{base}}/i3.xml: child sitemap {{base}}/deep.xml not read: sitemap indexes nested deeper than 3 levels",
				"{{base}}/i3.xml: child sitemap {{base}}/i4.xml not read: sitemap indexes nested deeper than 3 levels",
			},
		},
		{
			name: "depth 4 reads one level more",
			pages: map[string]testPage{
				"/i1.xml":   page(sitemapIndex("{{base}}/i2.xml")),
				"/i2.xml":   page(sitemapIndex("{{base}}/i3.xml")),
				"/i3.xml":   page(sitemapIndex("{{base}}/deep.xml")),
				"/deep.xml": page(urlset("{{base}}/deep")),
			},
			roots:     []string{"{{base}}/i1.xml"},
			opts:      SitemapOptions{MaxDepth: 4},
			wantURLs:  []string{"{{base}}/deep"},
			wantFiles: []string{"{{base}}/i1.xml", "{{base}}/i2.xml", "{{base}}/i3.xml", "{{base}}/deep.xml"},
		},
		{
			name: "index listing itself",
			pages: map[string]testPage{
				"/index.xml": page(sitemapIndex("{{base}}/index.xml", "{{base}}/pages.xml", "{{base}}/index.xml#again")),
				"/pages.xml": page(urlset("{{base}}/p")),
			},
			roots:     []string{"{{base}}/index.xml"},
			wantURLs:  []string{"{{base}}/p"},
			wantFiles: []string{"{{base}}/index.xml", "{{base}}/pages.xml"},
			wantWarnings: []string{
				"{{base}}/index.xml: child sitemap {{base}}/index.xml already read (loop or duplicate), skipped",
				"{{base}}/index.xml: child sitemap {{base}}/index.xml already read (loop or duplicate), skipped",
			},
		},
		{
			name: "failing child is a warning",
			pages: map[string]testPage{
				"/index.xml":  page(sitemapIndex("{{base}}/gone.xml", "{{base}}/broken.xml", "{{base}}/html.xml", "{{base}}/ok.xml")),
				"/broken.xml": {status: 500, body: []byte("oops")},
				"/html.xml":   page("<!DOCTYPE html><html><body>not found</body></html>"),
				"/ok.xml":     page(urlset("{{base}}/ok")),
			},
			roots:     []string{"{{base}}/index.xml"},
			wantURLs:  []string{"{{base}}/ok"},
			wantFiles: []string{"{{base}}/index.xml", "{{base}}/ok.xml"},
			wantWarnings: []string{
				"{{base}}/gone.xml: not read: HTTP 404",
				"{{base}}/broken.xml: not read: HTTP 500",
				"{{base}}/html.xml: not read: not a sitemap: root element is <html>",
			},
		},
		{
			name:    "failing root is an error",
			pages:   map[string]testPage{},
			roots:   []string{"{{base}}/sitemap.xml"},
			wantErr: "sitemap {{base}}/sitemap.xml: HTTP 404",
		},
		{
			name:    "malformed root",
			pages:   map[string]testPage{"/s.xml": page("<urlset><url><loc>{{base}}/a</loc></url>")},
			roots:   []string{"{{base}}/s.xml"},
			wantErr: "sitemap {{base}}/s.xml: parse xml: XML syntax error",
		},
		{
			name: "gzip by magic bytes, whatever the name and type",
			pages: map[string]testPage{
				"/index.xml":    page(sitemapIndex("{{base}}/named.xml.gz", "{{base}}/unnamed.xml")),
				"/named.xml.gz": {ctype: "application/octet-stream", gzip: true, body: []byte(urlset("{{base}}/gz1"))},
				"/unnamed.xml":  {ctype: "application/octet-stream", gzip: true, body: []byte(urlset("{{base}}/gz2"))},
			},
			roots:     []string{"{{base}}/index.xml"},
			wantURLs:  []string{"{{base}}/gz1", "{{base}}/gz2"},
			wantFiles: []string{"{{base}}/index.xml", "{{base}}/named.xml.gz", "{{base}}/unnamed.xml"},
		},
		{
			name: "oversize file with a small limit",
			pages: map[string]testPage{
				"/index.xml": page(sitemapIndex("{{base}}/big.xml", "{{base}}/small.xml")),
				"/big.xml":   page(urlset(strings.Split(strings.Repeat("{{base}}/page,", 40), ",")[:40]...)),
				"/small.xml": page(urlset("{{base}}/small")),
			},
			roots:        []string{"{{base}}/index.xml"},
			opts:         SitemapOptions{MaxFileBytes: 1 << 10},
			wantURLs:     []string{"{{base}}/small"},
			wantFiles:    []string{"{{base}}/index.xml", "{{base}}/small.xml"},
			wantWarnings: []string{"{{base}}/big.xml: not read: parse xml: uncompressed sitemap larger than 1 KB"},
		},
		{
			name:    "oversize root",
			pages:   map[string]testPage{"/big.xml": page(urlset(strings.Split(strings.Repeat("{{base}}/page,", 40), ",")[:40]...))},
			roots:   []string{"{{base}}/big.xml"},
			opts:    SitemapOptions{MaxFileBytes: 1 << 10},
			wantErr: "uncompressed sitemap larger than 1 KB",
		},
		{
			name: "total cap",
			pages: map[string]testPage{
				"/index.xml": page(sitemapIndex("{{base}}/a.xml", "{{base}}/b.xml", "{{base}}/c.xml")),
				"/a.xml":     page(urlset("{{base}}/1", "{{base}}/2")),
				"/b.xml":     page(urlset("{{base}}/2", "{{base}}/3", "{{base}}/4")),
				"/c.xml":     page(urlset("{{base}}/5")),
			},
			roots:        []string{"{{base}}/index.xml"},
			opts:         SitemapOptions{MaxURLs: 3},
			wantURLs:     []string{"{{base}}/1", "{{base}}/2", "{{base}}/3"},
			wantFiles:    []string{"{{base}}/index.xml", "{{base}}/a.xml", "{{base}}/b.xml"},
			wantWarnings: []string{"sitemaps: stopped at the limit of 3 URLs"},
		},
		{
			name: "empty urlset",
			pages: map[string]testPage{
				"/s.xml": page(urlset()),
			},
			roots:        []string{"{{base}}/s.xml"},
			wantFiles:    []string{"{{base}}/s.xml"},
			wantWarnings: []string{"{{base}}/s.xml: no <loc> entries"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newTestSite(t, tt.pages)
			res, err := ReadSitemaps(context.Background(), site.fetcher(), expand(site.URL, tt.roots), tt.opts)
			if tt.wantErr != "" {
				want := strings.ReplaceAll(tt.wantErr, "{{base}}", site.URL)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("err = %v, want %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := expand(site.URL, tt.wantURLs); !reflect.DeepEqual(res.URLs, want) {
				t.Errorf("URLs = %q, want %q", res.URLs, want)
			}
			if want := expand(site.URL, tt.wantFiles); !reflect.DeepEqual(res.Files, want) {
				t.Errorf("Files = %q, want %q", res.Files, want)
			}
			checkWarnings(t, res.Warnings, expand(site.URL, tt.wantWarnings))
		})
	}
}

func checkWarnings(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("warnings = %q, want %d like %q", got, len(want), want)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("warning %d = %q, want %q", i, got[i], want[i])
		}
	}
}
