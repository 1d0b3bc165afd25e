package browser_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
)

// TestProbeReadsWhatTheParserNormalises renders numbers written with the
// characters the filing parser normalises (full-width letters, traditional
// forms, zero-width characters, Unicode dashes): the probe, which takes its
// tables from Go, must find each as text or image text, and the parser must
// read it as the plain number.
func TestProbeReadsWhatTheParserNormalises(t *testing.T) {
	texts := map[string]string{ // as written -> rules.Normalize of it
		"京ＩＣＰ備12345678號-1":       "京ICP备12345678号-1",
		"沪I\u200BCP备2020012345号": "沪ICP备2020012345号",
		"京公網安備11010502030143號":   "京公网安备11010502030143号",
		"京B2\u201020201234":      "京B2-20201234",
		"粤B1\u221220191234":      "粤B1-20191234",
		// Widths mixed, and letters NFKC folds that no trigger lists.
		"粤ＩCP备2023123456号-1": "粤ICP备2023123456号-1",
		"鲁𝐈𝐂𝐏备2021012345号":   "鲁ICP备2021012345号",
		"京Ｂ2-20201234":       "京B2-20201234",
	}
	var body strings.Builder
	body.WriteString(`<footer style="text-align:center">`)
	for raw := range texts {
		fmt.Fprintf(&body, "<p>%s</p>", raw)
	}
	body.WriteString(`<img alt="浙ｉｃｐ備2022034567號" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></footer>`)
	b := testBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML("", body.String()))
	}))
	defer srv.Close()
	pr := scanOne(t, b, srv.URL+"/", 10*time.Second, time.Now().Year())
	p := pr.Page
	if p == nil {
		t.Fatalf("not measured: %s", pr.Error)
	}
	var got []string
	for _, c := range p.Texts {
		got = append(got, rules.Normalize(c.Raw))
	}
	for raw, want := range texts {
		if !slices.Contains(got, want) {
			t.Errorf("%q: the probe found no text that normalises to %q (found %q)", raw, want, got)
		}
	}
	if len(p.Images) != 1 || rules.Normalize(p.Images[0].Raw) != "浙ICP备2022034567号" {
		t.Errorf("image text: %+v, want the alt text", p.Images)
	}
}
