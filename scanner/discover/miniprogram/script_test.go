package miniprogram

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestDiscoverScripts(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		found []Found
		notes []Note
	}{
		{"data initialiser", map[string]string{
			"pages/w/index.wxml": `<web-view src="{{url}}"/>`,
			"pages/w/index.js":   "Page({\n  data: { url: 'https://h5.example.com/d' }\n})",
		}, []Found{{"https://h5.example.com/d", "pages/w/index.js", 2, 16, HowData}}, nil},
		{"onLoad setData", map[string]string{
			"pages/w/index.wxml": `<web-view src="{{ link }}"/>`,
			"pages/w/index.js":   "Page({\n  onLoad() {\n    this.setData({link: \"https://h5.example.com/o\"})\n  }\n})",
		}, []Found{{"https://h5.example.com/o", "pages/w/index.js", 3, 25, HowData}}, nil},
		{"vue this assignment", map[string]string{
			"pages/w.vue": "<template><web-view :src=\"u\"/></template>\n<script>\nexport default {\n  onLoad() { this.u = 'https://h5.example.com/v' }\n}\n</script>",
		}, []Found{{"https://h5.example.com/v", "pages/w.vue", 4, 23, HowData}}, nil},
		{"navigateTo query at call sites", map[string]string{
			"pages/web/index.wxml": `<web-view src="{{url}}"/>`,
			"pages/web/index.js":   "Page({onLoad(o) { this.setData({url: decodeURIComponent(o.url)}) }})",
			"pages/a/a.js":         "wx.navigateTo({url: '/pages/web/index?url=' + encodeURIComponent('https://h5.example.com/q?x=1&y=2')})",
			"pages/b/b.js":         "uni.navigateTo({\n  url: `/pages/web/index?url=${encodeURIComponent('https://h5.example.com/r')}`\n})",
			"pages/c/c.js":         "Taro.redirectTo({url: '/pages/web/index?title=t&url=https%3A%2F%2Fh5.example.com%2Fs'})",
		}, []Found{
			{"https://h5.example.com/q?x=1&y=2", "pages/a/a.js", 1, 21, HowQuery},
			{"https://h5.example.com/r", "pages/b/b.js", 2, 8, HowQuery},
			{"https://h5.example.com/s", "pages/c/c.js", 1, 23, HowQuery},
		}, nil},
		{"constants in a config module", map[string]string{
			"config/index.js":      "export const BASE = 'https://h5.example.com'\nexport const H5 = { help: BASE + '/help' }",
			"pages/web/index.wxml": `<web-view src="{{url}}"/>`,
			"pages/web/index.js":   "import {BASE, H5} from '../../config/index'\nPage({data: {url: BASE + '/about'}})\nwx.navigateTo({url: '/pages/web/index?url=' + H5.help})",
		}, []Found{
			{"https://h5.example.com/about", "pages/web/index.js", 2, 19, HowConstant},
			{"https://h5.example.com/help", "pages/web/index.js", 3, 21, HowQuery},
		}, nil},
		{"unresolvable is a note", map[string]string{
			"pages/web/index.wxml": `<web-view src="{{url}}"/>`,
			"pages/web/index.js":   "Page({onLoad() { api.get().then(r => this.setData({url: r.url})) }})",
			"pages/a/a.js":         "wx.navigateTo({url: '/pages/other/index?url=' + res.link})",
		}, nil, []Note{
			{"pages/a/a.js", 1, 21, "navigation to pages/other/index with a URL not resolved statically"},
			{"pages/web/index.wxml", 1, 1, "web-view src bound to {{url}}: not resolved statically"},
		}},
		{"a request's url is not page data", map[string]string{
			"pages/w/index.wxml": `<web-view src="{{url}}"/>`,
			"pages/w/index.js":   "Page({onLoad() { wx.request({url: 'https://api.example.com/x', success: r => this.setData({url: r.data.url})}) }})",
		}, nil, []Note{{"pages/w/index.wxml", 1, 1, "web-view src bound to {{url}}: not resolved statically"}}},
		{"unparsable script is a note", map[string]string{
			"pages/a/a.js": "const x = ;",
		}, nil, []Note{{"pages/a/a.js", 1, 11, "script not parsed, its web-view URLs are not read: unexpected ; in expression"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Discover(writeTree(t, tt.files))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.Found, tt.found) {
				t.Errorf("found = %+v\nwant    %+v", res.Found, tt.found)
			}
			if !reflect.DeepEqual(res.Notes, tt.notes) {
				t.Errorf("notes = %+v\nwant    %+v", res.Notes, tt.notes)
			}
		})
	}
}
