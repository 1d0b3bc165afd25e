package miniprogram

import (
	"reflect"
	"strings"
	"testing"
)

// webPage is a page holding a web-view whose URL comes in its query.
var webPage = map[string]string{
	"pages/web/index.wxml": `<web-view src="{{url}}"/>`,
	"pages/web/index.js":   "Page({onLoad(o) { this.setData({url: decodeURIComponent(o.url)}) }})",
}

func with(files map[string]string, more map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// TestDiscoverTypeScriptAndJSX reads TS, TSX, JSX and <script lang="ts">
// through the transform, each position mapped back to the original file.
func TestDiscoverTypeScriptAndJSX(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		found []Found
		notes []Note
	}{
		{"ts with an enum, a cast and non-ASCII before the URL", with(webPage, map[string]string{
			"pages/a/a.ts": "enum Tab { Home = 1 }\nconst 标题: string = '中'; wx.navigateTo({ url: '/pages/web/index?url=' + encodeURIComponent('https://h5.example.com/t') as string })\n",
		}), []Found{{"https://h5.example.com/t", "pages/a/a.ts", 2, 52, HowQuery}}, nil},
		{"vue lang=ts class component with a decorator and optional chaining", map[string]string{
			"pages/v/v.vue": "<template>\n  <web-view :src=\"link\"></web-view>\n</template>\n<script lang=\"ts\">\nimport { Component, Vue } from 'vue-property-decorator'\n@Component\nexport default class V extends Vue {\n  link: string = 'https://h5.example.com/v'\n  get n(): number | undefined { return this.$route?.query?.n as number }\n}\n</script>\n",
		}, []Found{{"https://h5.example.com/v", "pages/v/v.vue", 8, 18, HowData}}, nil},
		{"JSX in a .js file", map[string]string{
			"src/pages/x/index.js": "import { WebView } from '@tarojs/components'\nexport default () => <WebView src=\"https://h5.example.com/j\" />\n",
		}, []Found{{"https://h5.example.com/j", "src/pages/x/index.js", 2, 22, HowLiteral}}, nil},
		{"each JSX web-view at its own tag", map[string]string{
			"src/pages/z/index.tsx": "import { View, WebView } from '@tarojs/components'\nexport default function P() {\n  return (\n    <View>\n      <WebView src='https://h5.example.com/1' />\n      <WebView src='https://h5.example.com/2' />\n    </View>\n  )\n}\n",
		}, []Found{
			{"https://h5.example.com/1", "src/pages/z/index.tsx", 5, 7, HowLiteral},
			{"https://h5.example.com/2", "src/pages/z/index.tsx", 6, 7, HowLiteral},
		}, nil},
		{"tsx web-view bound to a prop is a note", map[string]string{
			"src/pages/y/index.tsx": "export default (p: {u: string}) => (\n  <WebView src={p.u} />\n)\n",
		}, nil, []Note{{"src/pages/y/index.tsx", 2, 3, "web-view src bound to {p.u}: not resolved statically"}}},
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

// TestUnparsableTypeScriptIsANote: a script the transform refuses is a
// note at the place of the error, in the original file.
func TestUnparsableTypeScriptIsANote(t *testing.T) {
	res, err := Discover(writeTree(t, map[string]string{
		"pages/b/b.ts":  "const a: number = 1\nconst b = (: string) => a\n",
		"pages/c/c.vue": "<template><view/></template>\n<script setup lang=\"ts\">\nconst x: = 1\n</script>\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 2 {
		t.Fatalf("notes = %+v, want 2", res.Notes)
	}
	for i, want := range []Note{{"pages/b/b.ts", 2, 12, ""}, {"pages/c/c.vue", 3, 10, ""}} {
		n := res.Notes[i]
		if n.File != want.File || n.Line != want.Line || n.Col != want.Col || !strings.HasPrefix(n.Text, "script not parsed, its web-view URLs are not read: ") {
			t.Errorf("note %d = %+v, want at %s:%d:%d", i, n, want.File, want.Line, want.Col)
		}
	}
}

// TestPageLists: a listed page without a file is a note; a navigation
// counts when the page it opens holds a web-view (in a component it
// uses, too) or cannot be found, not when the page has none.
func TestPageLists(t *testing.T) {
	res, err := Discover(writeTree(t, map[string]string{
		"app.json":                `{"pages":["pages/index/index","pages/gone/gone"],"subPackages":[{"root":"pkg","pages":["pages/doc/doc"]}]}`,
		"pages/index/index.wxml":  `<view/>`,
		"pages/index/index.js":    "wx.navigateTo({url: '/pages/index/index?u=https://h5.example.com/self'})\nwx.navigateTo({url: '/pkg/pages/doc/doc?u=https://h5.example.com/doc'})\nwx.navigateTo({url: '/pages/elsewhere/x?u=https://h5.example.com/unknown'})",
		"pkg/pages/doc/doc.wxml":  `<wv/>`,
		"pkg/pages/doc/doc.json":  `{"usingComponents":{"wv":"/components/wv/wv"}}`,
		"components/wv/wv.wxml":   `<web-view src="{{src}}"/>`,
		"components/wv/wv.js":     "Component({})",
		"pages/index/index.json":  `{}`,
		"pages/elsewhere/ok.wxml": `<view/>`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	wantFound := []Found{
		{"https://h5.example.com/doc", "pages/index/index.js", 2, 21, HowQuery},
		{"https://h5.example.com/unknown", "pages/index/index.js", 3, 21, HowQuery},
	}
	wantNotes := []Note{
		{"app.json", 1, 31, "page pages/gone/gone is listed but has no file"},
		{"components/wv/wv.wxml", 1, 1, "web-view src bound to {{src}}: not resolved statically"},
		{"pages/index/index.js", 1, 21, "navigation to pages/index/index passes https://h5.example.com/self, but that page holds no web-view: not scanned"},
	}
	if !reflect.DeepEqual(res.Found, wantFound) {
		t.Errorf("found = %+v\nwant    %+v", res.Found, wantFound)
	}
	if !reflect.DeepEqual(res.Notes, wantNotes) {
		t.Errorf("notes = %+v\nwant    %+v", res.Notes, wantNotes)
	}
}

func TestUniAppPagesJSONWithComments(t *testing.T) {
	res, err := Discover(writeTree(t, map[string]string{
		"pages.json":    "{\n  // the pages\n  \"pages\": [{\"path\": \"pages/a/a\"}, /* gone */ {\"path\": \"pages/b/b\"}]\n}",
		"pages/a/a.vue": "<template><view/></template>",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := []Note{{"pages.json", 3, 56, "page pages/b/b is listed but has no file"}}
	if !reflect.DeepEqual(res.Notes, want) {
		t.Errorf("notes = %+v, want %+v", res.Notes, want)
	}
}

// TestNavigationHelpers: a helper whose navigation reads its parameter is
// resolved at each call of its name, with the call's arguments.
func TestNavigationHelpers(t *testing.T) {
	res, err := Discover(writeTree(t, with(webPage, map[string]string{
		"utils/nav.ts": "export function toWeb(link: string, title?: string): void {\n  wx.navigateTo({ url: '/pages/web/index?url=' + encodeURIComponent(link) })\n}\nexport const go = (url: string) => wx.navigateTo({ url })\nexport function unused(x) {\n  wx.navigateTo({ url: '/pages/web/index?url=' + x })\n}\n",
		"pages/a/a.js": "import { toWeb, go } from '../../utils/nav'\nPage({\n  a() { toWeb('https://h5.example.com/a', 'A') },\n  b(item) { toWeb(item.link) },\n  c() { go('/pages/web/index?url=https://h5.example.com/c') },\n  d() { go('/pages/a/a?id=1') },\n  e() { this.open('https://h5.example.com/e') },\n  open(u) { wx.navigateTo({ url: `/pages/web/index?url=${u}` }) },\n})\n",
	})))
	if err != nil {
		t.Fatal(err)
	}
	wantFound := []Found{
		{"https://h5.example.com/a", "pages/a/a.js", 3, 15, HowQuery},
		{"https://h5.example.com/c", "pages/a/a.js", 5, 12, HowQuery},
		{"https://h5.example.com/e", "pages/a/a.js", 7, 19, HowQuery},
	}
	wantNotes := []Note{
		{"pages/a/a.js", 4, 19, "navigation through toWeb() with a URL not resolved statically"},
		{"utils/nav.ts", 6, 24, "navigation to pages/web/index with a URL not resolved statically"},
	}
	if !reflect.DeepEqual(res.Found, wantFound) {
		t.Errorf("found = %+v\nwant    %+v", res.Found, wantFound)
	}
	if !reflect.DeepEqual(res.Notes, wantNotes) {
		t.Errorf("notes = %+v\nwant    %+v", res.Notes, wantNotes)
	}
}
