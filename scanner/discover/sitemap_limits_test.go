package discover

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadSitemapsFileURLCap(t *testing.T) {
	const n = 50010
	var b strings.Builder
	b.WriteString("<urlset " + sitemapNS + ">")
	for i := range n {
		fmt.Fprintf(&b, "<url><loc>{{base}}/p%d</loc></url>", i)
	}
	b.WriteString("</urlset>")
	site := newTestSite(t, map[string]testPage{
		"/big.xml.gz": {gzip: true, body: []byte(b.String())},
	})
	res, err := ReadSitemaps(context.Background(), site.fetcher(), []string{site.URL + "/big.xml.gz"}, SitemapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.URLs) != 50000 {
		t.Fatalf("kept %d URLs, want 50000", len(res.URLs))
	}
	if first, last := res.URLs[0], res.URLs[49999]; first != site.URL+"/p0" || last != site.URL+"/p49999" {
		t.Errorf("kept %s .. %s, want the first 50000", first, last)
	}
	checkWarnings(t, res.Warnings, []string{site.URL + "/big.xml.gz: 10 URLs over the per-file limit of 50000 were dropped"})
}

func TestReadSitemapsLocalFiles(t *testing.T) {
	site := newTestSite(t, map[string]testPage{
		"/child.xml": page(urlset("{{base}}/from-child")),
	})
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := write("sitemap.xml", []byte(urlset(site.URL+"/a", "relative", site.URL+"/b")))
	zipped := write("sitemap.xml.gz", gzipBytes(t, urlset(site.URL+"/b", site.URL+"/c")))
	index := write("index.xml", []byte(sitemapIndex(site.URL+"/child.xml")))

	tests := []struct {
		name         string
		roots        []string
		wantURLs     []string
		wantFiles    []string
		wantWarnings []string
		wantErr      string
	}{
		{
			name:         "plain and gzipped",
			roots:        []string{plain, zipped, plain},
			wantURLs:     []string{site.URL + "/a", site.URL + "/b", site.URL + "/c"},
			wantFiles:    []string{plain, zipped},
			wantWarnings: []string{plain + `: 1 <loc> value is not an http(s) URL: "relative"`},
		},
		{
			name:      "local index with a remote child",
			roots:     []string{index},
			wantURLs:  []string{site.URL + "/from-child"},
			wantFiles: []string{index, site.URL + "/child.xml"},
		},
		{
			name:    "missing file",
			roots:   []string{filepath.Join(dir, "nope.xml")},
			wantErr: "no such file",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ReadSitemaps(context.Background(), site.fetcher(), tt.roots, SitemapOptions{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.URLs, tt.wantURLs) {
				t.Errorf("URLs = %q, want %q", res.URLs, tt.wantURLs)
			}
			if !reflect.DeepEqual(res.Files, tt.wantFiles) {
				t.Errorf("Files = %q, want %q", res.Files, tt.wantFiles)
			}
			checkWarnings(t, res.Warnings, tt.wantWarnings)
		})
	}
}

func TestReadSitemapsCancelled(t *testing.T) {
	site := newTestSite(t, map[string]testPage{"/s.xml": page(urlset("{{base}}/a"))})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ReadSitemaps(ctx, site.fetcher(), []string{site.URL + "/s.xml"}, SitemapOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := site.total(); n != 0 {
		t.Errorf("%d requests after cancel, want 0", n)
	}
}

func TestParseSitemapCharset(t *testing.T) {
	// GBK-labelled sitemaps exist on Chinese sites; the decoder must accept
	// the label (the URLs themselves are ASCII).
	doc := `<?xml version="1.0" encoding="GBK"?><urlset><url><loc>http://example.cn/a</loc></url></urlset>`
	f, err := parseSitemap(strings.NewReader(doc), nil, 1<<20, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"http://example.cn/a"}; !reflect.DeepEqual(f.locs, want) {
		t.Errorf("locs = %q, want %q", f.locs, want)
	}
}
