package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
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
		Hosts []struct {
			Host    string `json:"host"`
			HTTPS   bool   `json:"https"`
			Filed   bool   `json:"filed"`
			Pages   int    `json:"pages"`
			Checked int    `json:"checked"`
		} `json:"webview_hosts"`
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
	// 10 found, privacy.html in both projects: 9 distinct targets.
	if len(rep.Pages) != 9 {
		t.Errorf("%d page-viewports, want the 9 distinct web-view URLs at mobile only", len(rep.Pages))
	}
	// h5.fixture.test: news.html on http://, filing numbers shown;
	// shop.fixture.test: one page, no number (ICP016 below).
	if got := fmt.Sprintf("%+v", rep.Hosts); got != "[{Host:h5.fixture.test HTTPS:false Filed:true Pages:8 Checked:8} {Host:shop.fixture.test HTTPS:true Filed:false Pages:1 Checked:1}]" {
		t.Errorf("webview_hosts = %s", got)
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

// TestScanMiniprogramFlag: --miniprogram DIR scans a project next to URL
// targets; findings of its TSX pages land on their lines.
func TestScanMiniprogramFlag(t *testing.T) {
	needBrowser(t)
	h5, err := filepath.Abs("../../fixtures/miniprogram/h5")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(h5)))
	defer srv.Close()
	out := t.TempDir()
	t.Chdir("../..")
	code, _, stderr := runCLI(t, "scan", "--json", filepath.Join(out, "r.json"), "--sarif", filepath.Join(out, "r.sarif"),
		"--level", "CTX001=off", "--viewport", "mobile",
		"--rewrite-host", "https://h5.fixture.test="+srv.URL,
		"--miniprogram", "fixtures/miniprogram/taro", srv.URL+"/index.html")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d: %s", code, exitFindings, stderr)
	}
	if want := "note: fixtures/miniprogram/taro/src/app.config.ts:7:5: page pages/missing/index is listed but has no file"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	var rep struct {
		Pages []struct {
			URL    string `json:"url"`
			Source *struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"source"`
		} `json:"pages"`
	}
	readJSON(t, filepath.Join(out, "r.json"), &rep)
	var sources []string
	for _, p := range rep.Pages {
		s := "none " + strings.TrimPrefix(p.URL, srv.URL)
		if p.Source != nil {
			s = p.Source.File + ":" + itoa(p.Source.Line)
		}
		sources = append(sources, s)
	}
	slices.Sort(sources)
	want := []string{
		"fixtures/miniprogram/taro/src/pages/about/index.tsx:14",
		"fixtures/miniprogram/taro/src/pages/article/index.tsx:9",
		"fixtures/miniprogram/taro/src/pages/home/index.tsx:12",
		"fixtures/miniprogram/taro/src/pages/home/index.tsx:9",
		"fixtures/miniprogram/taro/src/pages/index/index.jsx:6",
		"fixtures/miniprogram/taro/src/pages/web/index.tsx:4",
		"fixtures/miniprogram/taro/src/utils/nav.js:4",
		"none /index.html",
	}
	if !slices.Equal(sources, want) {
		t.Errorf("page sources:\n%s\nwant:\n%s", strings.Join(sources, "\n"), strings.Join(want, "\n"))
	}
	sarif, err := os.ReadFile(filepath.Join(out, "r.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	// event.html shows no number: ICP001 at the navigateTo of home/index.tsx.
	if !strings.Contains(string(sarif), `"uri": "fixtures/miniprogram/taro/src/pages/home/index.tsx"`) {
		t.Errorf("SARIF places nothing at home/index.tsx:\n%s", sarif)
	}
}

func TestScanMiniprogramFlagNeedsADirectory(t *testing.T) {
	code, _, stderr := runCLI(t, "scan", "--miniprogram", "miniprogram_test.go")
	if code != 2 || !strings.Contains(stderr, "is not a directory") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestScanMiniprogramURLNotDeployed: a web-view URL on plain http:// that
// cannot be loaded yet (a page added in the pull request, not deployed)
// still gets ICP015 at its source line, beside the page's error; and the
// project's loopback host is reached without --allow-private, as a target
// the user named (the page is HTTP 404, not "blocked").
func TestScanMiniprogramURLNotDeployed(t *testing.T) {
	needBrowser(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("project.config.json", `{"miniprogramRoot": "miniprogram/", "appid": "touristappid"}`)
	write("miniprogram/app.json", `{"pages": ["pages/web/index"]}`)
	write("miniprogram/pages/web/index.wxml", "<!-- the new page -->\n<web-view src=\""+srv.URL+"/new.html\"></web-view>\n")
	out := t.TempDir()
	code, _, stderr := runCLI(t, "scan", "--json", filepath.Join(out, "r.json"), "--sarif", filepath.Join(out, "r.sarif"),
		"--level", "CTX001=off", "--annotations", "none", dir)
	// 3: the page was not checked, which wins over the finding's 1.
	if code != exitFailed {
		t.Fatalf("exit %d, want %d: %s", code, exitFailed, stderr)
	}
	if !strings.Contains(stderr, "1 not checked; 1 error,") {
		t.Errorf("the totals do not count the ICP015 error:\n%s", stderr)
	}
	var rep struct {
		Pages []struct {
			Status   string `json:"status"`
			Error    string `json:"error"`
			Findings []struct {
				Rule string `json:"rule"`
			} `json:"findings"`
		} `json:"pages"`
	}
	readJSON(t, filepath.Join(out, "r.json"), &rep)
	if len(rep.Pages) != 1 {
		t.Fatalf("%d page-viewports, want 1: %+v", len(rep.Pages), rep.Pages)
	}
	p := rep.Pages[0]
	if p.Status != "error" || !strings.Contains(p.Error, "404") {
		t.Errorf("page %s %q, want an error naming the HTTP 404 (not a refused inward address)", p.Status, p.Error)
	}
	if len(p.Findings) != 1 || p.Findings[0].Rule != "ICP015" {
		t.Errorf("findings %+v, want ICP015 alone", p.Findings)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
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
	var got []string
	for _, r := range sarif.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		got = append(got, r.RuleID+" "+filepath.Base(loc.ArtifactLocation.URI)+":"+itoa(loc.Region.StartLine))
	}
	if want := []string{"ICP015 index.wxml:2"}; !slices.Equal(got, want) {
		t.Errorf("SARIF results %q, want %q", got, want)
	}
}
