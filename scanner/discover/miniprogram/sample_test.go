package miniprogram

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// TestSampleProjects checks discovery on the sample projects in
// fixtures/miniprogram exactly: every URL with its file, line, column and
// how, and every note.
func TestSampleProjects(t *testing.T) {
	tests := []struct {
		dir   string
		kind  string
		found []string
		notes []string
	}{
		{"wechat", "wechat", []string{
			"miniprogram/pages/about/about.wxml:2:1: https://h5.fixture.test/about.html (literal)",
			"miniprogram/pages/index/index.js:5:26: https://h5.fixture.test/agreement.html (query)",
			"miniprogram/pages/index/index.js:8:26: https://h5.fixture.test/privacy.html (query)",
			"miniprogram/pages/index/index.js:12:12: https://h5.fixture.test/event.html (query)",
			"miniprogram/pages/news/news.js:5:25: http://h5.fixture.test/news.html (data-bound)",
			"miniprogram/pkg-help/pages/help/help.js:5:14: https://h5.fixture.test/help.html (constant)",
		}, []string{
			"miniprogram/pages/index/index.js:19:30: navigation to pages/webview/index with a URL not resolved statically",
			"miniprogram/pages/promo/promo.wxml:1:1: web-view src bound to {{promoUrl}}: not resolved statically",
		}},
		{"uniapp", "uni-app", []string{
			"pages/index/index.vue:15:29: https://h5.fixture.test/notice.html (query)",
			"pages/policy/policy.vue:11:31: https://h5.fixture.test/privacy.html (data-bound)",
			"pages/shop/shop.vue:11:16: https://shop.fixture.test/index.html (constant)",
			"sub/faq/faq.vue:3:5: https://h5.fixture.test/faq.html (literal)",
		}, []string{
			"pages/index/index.vue:18:29: navigation to pages/webview/webview with a URL not resolved statically",
		}},
		{"taro", "taro", []string{
			"src/pages/about/index.tsx:14:25: https://h5.fixture.test/about.html (data-bound)",
			"src/pages/article/index.tsx:9:35: https://h5.fixture.test/news.html (data-bound)",
			"src/pages/home/index.tsx:9:28: https://h5.fixture.test/agreement.html (query)",
			"src/pages/home/index.tsx:12:28: https://h5.fixture.test/event.html (query)",
			"src/pages/index/index.jsx:6:36: https://h5.fixture.test/notice.html (query)",
			"src/pages/web/index.tsx:4:10: https://h5.fixture.test/faq.html (literal)",
			"src/utils/nav.js:4:26: https://h5.fixture.test/help.html (query)",
		}, []string{
			"src/app.config.ts:7:5: page pages/missing/index is listed but has no file",
			"src/pages/home/index.tsx:15:28: navigation to pages/web/index with a URL not resolved statically",
			"src/pages/home/index.tsx:17:46: navigation to pages/home/index passes https://h5.fixture.test/about.html, but that page holds no web-view: not scanned",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			res, err := Discover(filepath.Join("..", "..", "..", "fixtures", "miniprogram", tt.dir))
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != tt.kind {
				t.Errorf("kind = %q, want %q", res.Kind, tt.kind)
			}
			var found, notes []string
			for _, f := range res.Found {
				found = append(found, fmt.Sprintf("%s:%d:%d: %s (%s)", f.File, f.Line, f.Col, f.URL, f.How))
			}
			for _, n := range res.Notes {
				notes = append(notes, fmt.Sprintf("%s:%d:%d: %s", n.File, n.Line, n.Col, n.Text))
			}
			if !slices.Equal(found, tt.found) {
				t.Errorf("found:\n%q\nwant:\n%q", found, tt.found)
			}
			if !slices.Equal(notes, tt.notes) {
				t.Errorf("notes:\n%q\nwant:\n%q", notes, tt.notes)
			}
		})
	}
}
