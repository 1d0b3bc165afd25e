package rules

import (
	"fmt"
	"slices"
	"testing"
)

func TestCheckWebViews(t *testing.T) {
	o := testOptions()
	filed := func() (*Page, *Judgement) {
		p := mobilePage(footerNumber("京ICP备2021012345号-1"))
		return p, Judge(p, o)
	}
	bare := func() (*Page, *Judgement) {
		p := mobilePage()
		return p, Judge(p, o)
	}
	type view struct {
		url   string
		filed bool
	}
	tests := []struct {
		name  string
		views []view
		want  []string // "index:rule"
	}{
		{"https on a filed host", []view{{"https://h5.example.com/a", true}}, nil},
		{"http on a filed host", []view{{"https://h5.example.com/a", true}, {"http://h5.example.com/b", true}}, []string{"1:ICP015"}},
		{"host with a filing on one page", []view{{"https://h5.example.com/a", false}, {"https://h5.example.com/b", true}}, nil},
		{"host without any filing, once", []view{{"https://h5.example.com/a", true}, {"https://shop.example.com/", false}, {"https://SHOP.example.com/b", false}}, []string{"1:ICP016"}},
		{"http and unfiled", []view{{"http://old.example.com/", false}}, []string{"0:ICP015", "0:ICP016"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var urls []string
			var pages []*Page
			var judged []*Judgement
			for _, v := range tt.views {
				p, j := bare()
				if v.filed {
					p, j = filed()
				}
				urls, pages, judged = append(urls, v.url), append(pages, p), append(judged, j)
			}
			var got []string
			fs, _ := CheckWebViews(urls, pages, judged, o)
			for _, f := range fs {
				if f.Finding.Level != LevelError {
					t.Errorf("%s level %s, want error", f.Finding.Rule, f.Finding.Level)
				}
				got = append(got, fmt.Sprintf("%d:%s", f.Index, f.Finding.Rule))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWebViewHosts(t *testing.T) {
	got := WebViewHosts([]string{"https://b.example.com/x", "http://A.example.com/", "https://b.example.com/y", "not a url ::"})
	if want := []string{"a.example.com", "b.example.com"}; !slices.Equal(got, want) {
		t.Errorf("hosts %q, want %q", got, want)
	}
}

// TestCheckWebViewsHosts: the hosts ICP016 is judged from, with the
// page-viewports not checked (nil) counted but not judged, and ICP015 on
// an http:// URL whether or not its page could be loaded.
func TestCheckWebViewsHosts(t *testing.T) {
	o := testOptions()
	fp := mobilePage(footerNumber("京ICP备2021012345号-1"))
	bp := mobilePage()
	urls := []string{"https://h5.example.com/a", "http://h5.example.com/b", "https://shop.example.com/", "https://down.example.com/"}
	np := &Page{URL: "http://down.example.com/new", Viewport: Viewport{Name: "mobile"}}
	urls = append(urls, np.URL)
	pages := []*Page{bp, fp, bp, nil, np}
	judged := []*Judgement{Judge(bp, o), Judge(fp, o), Judge(bp, o), nil, nil}
	fs, hosts := CheckWebViews(urls, pages, judged, o)
	want := []WebViewHost{
		{Host: "down.example.com", HTTPS: false, Pages: 2, First: -1},
		{Host: "h5.example.com", HTTPS: false, Filed: true, Pages: 2, Checked: 2, First: 0},
		{Host: "shop.example.com", HTTPS: true, Pages: 1, Checked: 1, First: 2},
	}
	if !slices.Equal(hosts, want) {
		t.Errorf("hosts\n%+v\nwant\n%+v", hosts, want)
	}
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%d:%s", f.Index, f.Finding.Rule))
	}
	// The http:// URL that could not be loaded (not deployed yet) still
	// gets ICP015, at its own URL and viewport.
	if want := []string{"1:ICP015", "4:ICP015", "2:ICP016"}; !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
	if f := fs[1].Finding; f.URL != np.URL || f.Viewport != "mobile" {
		t.Errorf("ICP015 of the page not checked stamped %s at %s", f.URL, f.Viewport)
	}
}
