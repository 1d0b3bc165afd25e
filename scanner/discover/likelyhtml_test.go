package discover

import "testing"

func TestLikelyHTML(t *testing.T) {
	tests := []struct {
		url        string
		want       bool
		wantReason string
	}{
		{url: "https://x.com/", want: true},
		{url: "https://x.com/about", want: true},
		{url: "https://x.com/index.html", want: true},
		{url: "https://x.com/a.HTM", want: true},
		{url: "https://x.com/a.shtml", want: true},
		{url: "https://x.com/a.php?id=1", want: true},
		{url: "https://x.com/a.aspx", want: true},
		{url: "https://x.com/a.jsp", want: true},
		{url: "https://x.com/v1.2/", want: true},
		{url: "https://x.com/a.cgi", want: true},
		{url: "https://x.com/list?file=a.pdf", want: true},
		{url: "https://x.com/file.pdf", wantReason: "non-HTML (.pdf)"},
		{url: "https://x.com/IMG.JPG", wantReason: "non-HTML (.jpg)"},
		{url: "https://x.com/a.png#x", wantReason: "non-HTML (.png)"},
		{url: "https://x.com/a.tar.gz", wantReason: "non-HTML (.gz)"},
		{url: "https://x.com/app.apk?v=2", wantReason: "non-HTML (.apk)"},
		{url: "https://x.com/sitemap.xml", wantReason: "non-HTML (.xml)"},
		{url: "https://x.com/font.woff2", wantReason: "non-HTML (.woff2)"},
		{url: "https://x.com/report.docx", wantReason: "non-HTML (.docx)"},
		{url: "https://x.com/favicon.ico", wantReason: "non-HTML (.ico)"},
	}
	for _, tt := range tests {
		got, reason := LikelyHTML(tt.url)
		if got != tt.want || reason != tt.wantReason {
			t.Errorf("LikelyHTML(%s) = %v, %q; want %v, %q", tt.url, got, reason, tt.want, tt.wantReason)
		}
	}
}
