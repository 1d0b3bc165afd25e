package miniprogram

import (
	"reflect"
	"testing"
)

func TestTemplateWebViews(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		found []Found
		notes []Note
	}{
		{"literal wxml", "<view>\n  <web-view src=\"https://h5.example.com/a\"></web-view>\n</view>",
			[]Found{{"https://h5.example.com/a", "p.wxml", 2, 3, HowLiteral}}, nil},
		{"self-closing", "<web-view src='https://h5.example.com/b'/>",
			[]Found{{"https://h5.example.com/b", "p.wxml", 1, 1, HowLiteral}}, nil},
		{"mustache is a note", "\n\n<web-view src=\"{{url}}\"/>",
			nil, []Note{{"p.wxml", 3, 1, "web-view src bound to {{url}}: not resolved statically"}}},
		{"vue bound is a note", "<template>\n<web-view :src=\"url\"></web-view>\n</template>",
			nil, []Note{{"p.wxml", 2, 1, "web-view src bound to url: not resolved statically"}}},
		{"taro WebView literal", "return <WebView src='https://h5.example.com/t' />",
			[]Found{{"https://h5.example.com/t", "p.wxml", 1, 8, HowLiteral}}, nil},
		{"taro WebView bound is a note", "return <WebView src={url} />",
			nil, []Note{{"p.wxml", 1, 8, "web-view src bound to {url}: not resolved statically"}}},
		{"no src", "<web-view></web-view>", nil, []Note{{"p.wxml", 1, 1, "web-view without src"}}},
		{"other tags ignored", "<image src=\"https://x.example/a.png\"/>", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, bound, notes := templateWebViews("p.wxml", []byte(tt.src))
			for _, b := range bound {
				notes = append(notes, b.Note)
			}
			if !reflect.DeepEqual(found, tt.found) {
				t.Errorf("found = %+v, want %+v", found, tt.found)
			}
			if !reflect.DeepEqual(notes, tt.notes) {
				t.Errorf("notes = %+v, want %+v", notes, tt.notes)
			}
		})
	}
}
