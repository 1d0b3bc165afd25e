package discover

import (
	"reflect"
	"strings"
	"testing"
)

func TestExtractLinks(t *testing.T) {
	tests := []struct {
		name string
		base string
		html string
		want []string
	}{
		{
			name: "relative, absolute, fragments, dedupe",
			base: "https://example.com/news/index.html",
			html: `<html><body>
<a href="a.html">a</a>
<a href="/about#team">about</a>
<a href="../contact?x=1#f">contact</a>
<a href="https://EXAMPLE.com:443/about">about again</a>
<a href=" //cdn.example.com/page ">protocol relative</a>
<a href="http://other.example.org/">other site</a>
<a href="#top">top</a>
<a href="">self</a>
<a>no href</a>
<area href="/map/region" alt="">
<A HREF="/UPPER">upper</A>
<a href="/pi&amp;ped">entity</a>
</body></html>`,
			want: []string{
				"https://example.com/news/a.html",
				"https://example.com/about",
				"https://example.com/contact?x=1",
				"https://cdn.example.com/page",
				"http://other.example.org/",
				"https://example.com/map/region",
				"https://example.com/UPPER",
				"https://example.com/pi&ped",
			},
		},
		{
			name: "skipped schemes and download links",
			base: "https://example.com/",
			html: `<a href="javascript:void(0)">js</a><a href="JavaScript:go()">js</a>
<a href="mailto:icp@example.com">mail</a><a href="tel:+86-10-1234">tel</a>
<a href="data:text/html,hi">data</a><a href="ftp://example.com/f">ftp</a>
<a href="/report.html" download>dl</a><a href="/brochure" download="b.pdf">dl</a>
<a href="/kept" rel="nofollow">nofollow</a>
<a href="https://beian.miit.gov.cn/" target="_blank">备案</a>`,
			want: []string{"https://example.com/kept", "https://beian.miit.gov.cn/"},
		},
		{
			name: "base href, even after links, first one wins",
			base: "https://example.com/deep/page.html",
			html: `<html><head><title>t</title></head><body><a href="x">x</a>
<base href="https://static.example.com/root/"><base href="https://ignored.example.com/">
<a href="y/z">yz</a><a href="/abs">abs</a></body></html>`,
			want: []string{"https://static.example.com/root/x", "https://static.example.com/root/y/z", "https://static.example.com/abs"},
		},
		{
			name: "relative base href",
			base: "https://example.com/a/b/page.html",
			html: `<head><base href="/docs/"></head><a href="p">p</a>`,
			want: []string{"https://example.com/docs/p"},
		},
		{
			name: "script and comments are not links",
			base: "https://example.com/",
			html: `<script>document.write('<a href="/from-script">')</script><!-- <a href="/commented"> -->
<textarea><a href="/in-textarea"></textarea><a href="
  /multi
  line">x</a>`,
			want: []string{"https://example.com/multi%20%20line"}, // newlines dropped, spaces kept, as browsers do
		},
		{name: "no links", base: "https://example.com/", html: `<p>ICP备12345678号</p>`, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExtractLinks(tt.base, strings.NewReader(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestExtractLinksBadBase(t *testing.T) {
	if _, err := ExtractLinks("file:///tmp/x.html", strings.NewReader(`<a href="/a">a</a>`)); err == nil {
		t.Error("file base: no error")
	}
}
