package scanner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
)

func TestParseSourceMap(t *testing.T) {
	tests := []struct {
		in        string
		file      string
		line      int
		match, no []string
	}{
		{"https://m.example.com/**=src/components/Footer.vue", "src/components/Footer.vue", 0,
			[]string{"https://m.example.com/", "https://m.example.com/a/b?c=1"}, []string{"https://example.com/", "http://m.example.com/"}},
		{"https://example.com/*/index.html=templates/footer.html:12", "templates/footer.html", 12,
			[]string{"https://example.com/news/index.html"}, []string{"https://example.com/a/b/index.html"}},
		{"https://example.com:8443/x=a.tpl", "a.tpl", 0, []string{"https://example.com:8443/x"}, []string{"https://example.com:8443/xy"}},
	}
	for _, tt := range tests {
		m, err := ParseSourceMap(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if m.File != tt.file || m.Line != tt.line {
			t.Errorf("%s: file %q line %d", tt.in, m.File, m.Line)
		}
		for _, u := range tt.match {
			if !m.Match(u) {
				t.Errorf("%s does not match %s", tt.in, u)
			}
		}
		for _, u := range tt.no {
			if m.Match(u) {
				t.Errorf("%s matches %s", tt.in, u)
			}
		}
	}
	for _, bad := range []string{"", "nofile", "=x", "https://x/=", "https://x/=f:0"} {
		if _, err := ParseSourceMap(bad); err == nil {
			t.Errorf("ParseSourceMap(%q) accepted", bad)
		}
	}
}

func TestLocateFindings(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.MkdirAll("src", 0o755)
	vue := "<template>\n  <div>\n    <footer class=\"f\">\n      <a href=\"https://beian.miit.gov.cn/\">京ICP备2021012345号-1</a>\n    </footer>\n  </div>\n</template>\n"
	if err := os.WriteFile(filepath.Join("src", "Footer.vue"), []byte(vue), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ParseSourceMap("https://m.example.com/**=src/Footer.vue")
	if err != nil {
		t.Fatal(err)
	}
	num := Finding{Finding: rules.Finding{Rule: "ICP003", Number: "京ICP备2021012345号-1"}}
	none := Finding{Finding: rules.Finding{Rule: "ICP001"}}
	res := &Result{Pages: []PageResult{
		{URL: "https://m.example.com/a", Findings: []Finding{num, none}},
		{URL: "https://www.example.com/b", Target: Target{ListFile: "urls.txt", ListLine: 7}, Findings: []Finding{num}},
		{URL: "https://other.example.com/", Findings: []Finding{num}},
	}}
	locateFindings(res, []SourceMap{m})
	want := []struct {
		path string
		line int
	}{{"src/Footer.vue", 4}, {"src/Footer.vue", 3}, {"urls.txt", 7}, {"", 0}}
	got := []Finding{res.Pages[0].Findings[0], res.Pages[0].Findings[1], res.Pages[1].Findings[0], res.Pages[2].Findings[0]}
	for i, w := range want {
		if got[i].Path != w.path || got[i].Line != w.line {
			t.Errorf("finding %d at %s:%d, want %s:%d", i, got[i].Path, got[i].Line, w.path, w.line)
		}
	}
}
