package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestScanMiniprogramProjects scans the sample projects for real: their
// web-view URLs (rewritten to a loopback server holding the H5 pages) are
// rendered at the mobile viewport, and each finding lands on the file and
// line of the project that gives the URL, in a schema-valid SARIF report.
func TestScanMiniprogramProjects(t *testing.T) {
	needBrowser(t)
	schema, err := filepath.Abs(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	h5, err := filepath.Abs("../../fixtures/miniprogram/h5")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(h5)))
	defer srv.Close()
	out := t.TempDir()
	t.Chdir("../..") // file paths in reports are relative to the repository root
	code, _, stderr := runCLI(t, "scan", "--json", filepath.Join(out, "r.json"), "--sarif", filepath.Join(out, "r.sarif"),
		"--level", "CTX001=off",
		"--rewrite-host", "https://h5.fixture.test="+srv.URL, "--rewrite-host", "http://h5.fixture.test="+srv.URL,
		"--rewrite-host", "https://shop.fixture.test="+srv.URL,
		"fixtures/miniprogram/wechat", "fixtures/miniprogram/uniapp")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d: %s", code, exitFindings, stderr)
	}
	for _, want := range []string{
		"note: fixtures/miniprogram/wechat/miniprogram/pages/promo/promo.wxml:1:1: web-view src bound to {{promoUrl}}",
		"fixtures/miniprogram/uniapp: web-view hosts (业务域名): h5.fixture.test, shop.fixture.test",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	var rep struct {
		Pages []struct {
			URL      string `json:"url"`
			Viewport string `json:"viewport"`
			Source   *struct {
				URL  string `json:"url"`
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"source"`
		} `json:"pages"`
	}
	readJSON(t, filepath.Join(out, "r.json"), &rep)
	if len(rep.Pages) != 9 {
		t.Errorf("%d page-viewports, want the 9 web-view URLs at mobile only", len(rep.Pages))
	}
	for _, p := range rep.Pages {
		if p.Viewport != "mobile" || p.Source == nil || !strings.HasPrefix(p.URL, srv.URL) {
			t.Errorf("page %s [%s] source %+v: want mobile, a source and the rewritten URL", p.URL, p.Viewport, p.Source)
		}
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	readJSON(t, filepath.Join(out, "r.sarif"), &sarif)
	validateSARIF(t, schema, filepath.Join(out, "r.sarif"))
	var got []string
	for _, r := range sarif.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		page := r.Message.Text[strings.LastIndex(r.Message.Text, srv.URL):]
		got = append(got, r.RuleID+" "+loc.ArtifactLocation.URI+":"+itoa(loc.Region.StartLine)+" "+strings.TrimPrefix(page, srv.URL))
	}
	slices.Sort(got)
	want := []string{
		"ICP001 fixtures/miniprogram/uniapp/pages/shop/shop.vue:11 /index.html, mobile)",
		"ICP001 fixtures/miniprogram/wechat/miniprogram/pages/index/index.js:12 /event.html, mobile)",
		"ICP015 fixtures/miniprogram/wechat/miniprogram/pages/news/news.js:5 /news.html, mobile)",
		"ICP016 fixtures/miniprogram/uniapp/pages/shop/shop.vue:11 /index.html, mobile)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("SARIF results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
