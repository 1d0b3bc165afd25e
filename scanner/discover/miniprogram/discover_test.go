package miniprogram

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestDiscoverWalksProject(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"app.json":                     `{"pages":["pages/web/index"]}`,
		"pages/web/index.wxml":         `<web-view src="https://h5.example.com/a"/>`,
		"pages/b/b.vue":                "<template>\n<web-view src=\"https://h5.example.com/b\"/>\n</template>",
		"pages/c/index.wxml":           `<web-view src="{{url}}"/>`,
		"node_modules/x/index.wxml":    `<web-view src="https://dep.example.com/"/>`,
		"miniprogram_npm/y/index.wxml": `<web-view src="https://dep.example.com/"/>`,
		"pages/web/index.js":           `Page({})`,
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []Found{
		{"https://h5.example.com/b", "pages/b/b.vue", 2, 1, HowLiteral},
		{"https://h5.example.com/a", "pages/web/index.wxml", 1, 1, HowLiteral},
	}
	if !reflect.DeepEqual(res.Found, want) {
		t.Errorf("found = %+v, want %+v", res.Found, want)
	}
	wantNotes := []Note{{"pages/c/index.wxml", 1, 1, "web-view src bound to {{url}}: not resolved statically"}}
	if !reflect.DeepEqual(res.Notes, wantNotes) {
		t.Errorf("notes = %+v, want %+v", res.Notes, wantNotes)
	}
}

func TestKind(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"wechat project config", map[string]string{"project.config.json": `{"miniprogramRoot":"miniprogram/"}`}, "wechat"},
		{"wechat app.json", map[string]string{"app.json": `{"pages":["pages/index/index"]}`}, "wechat"},
		{"website app.json", map[string]string{"app.json": `{"name":"site"}`}, ""},
		{"uni-app pages.json with comments", map[string]string{"pages.json": "{\n// pages\n\"pages\": []}"}, "uni-app"},
		{"uni-app manifest", map[string]string{"manifest.json": `{"mp-weixin":{"appid":"x"}}`}, "uni-app"},
		{"web app manifest", map[string]string{"manifest.json": `{"name":"site","start_url":"/"}`, "index.html": "<p>"}, ""},
		{"taro", map[string]string{"src/app.config.ts": "export default {}"}, "taro"},
		{"taro built for wechat", map[string]string{"src/app.config.ts": "export default {}", "project.config.json": `{"miniprogramRoot":"dist/"}`}, "taro"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Kind(os.DirFS(writeTree(t, tt.files))); got != tt.want {
				t.Errorf("Kind = %q, want %q", got, tt.want)
			}
		})
	}
}
