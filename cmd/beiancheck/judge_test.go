package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// judgePage is a page whose footer shows number, linked to MIIT when
// linked, and links to the given paths.
func judgePage(number string, linked bool, links ...string) string {
	var sb strings.Builder
	for _, l := range links {
		fmt.Fprintf(&sb, `<li><a href="%s">%s</a></li>`, l, l)
	}
	foot := number
	if linked && number != "" {
		foot = `<a href="https://beian.miit.gov.cn/">` + number + `</a>`
	}
	return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0"><main><h1>站点</h1><ul>` + sb.String() + `</ul></main>
<footer style="text-align:center;padding:16px">` + foot + `</footer></body></html>`
}

// judgeServer serves path -> page.
func judgeServer(t *testing.T, pages map[string]string) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

type judgeReport struct {
	Pages []struct {
		URL       string `json:"url"`
		Status    string `json:"status"`
		Compliant bool   `json:"compliant"`
		Findings  []struct {
			Rule, Level, Message string
		} `json:"findings"`
	} `json:"pages"`
	Summary struct {
		Pages, Compliant int
		NotCompliant     int `json:"not_compliant"`
	} `json:"summary"`
}

func scanJudge(t *testing.T, args ...string) (int, judgeReport, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runCLI(t, append([]string{"scan", "--viewport", "desktop", "--json", out}, args...)...)
	var rep judgeReport
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no report (exit %d): %v\n%s", code, err, stderr)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return code, rep, stderr
}

// TestCompliantIgnoresLevels: compliant is a fact about the page (DOMAIN
// §2); lowering or switching off a rule changes findings and exit codes,
// never compliant, and the counts say so.
func TestCompliantIgnoresLevels(t *testing.T) {
	needBrowser(t)
	const num = "京ICP备2021012345号-1"
	s := judgeServer(t, map[string]string{
		"/":         judgePage(num, true, "/nonumber"),
		"/nonumber": judgePage("", false),
		"/unlinked": judgePage(num, false),
	})
	for _, tt := range []struct {
		name string
		args []string
		code int
		// compliant by path
		want map[string]bool
	}{
		{"crawled page without number", []string{"--crawl", s.URL + "/"}, 0, map[string]bool{"/": true, "/nonumber": false}},
		{"ICP001 off", []string{"--level", "ICP001=off", s.URL + "/nonumber"}, 0, map[string]bool{"/nonumber": false}},
		{"ICP004 warning on an unlinked page", []string{"--level", "ICP004=warning", s.URL + "/unlinked"}, 0, map[string]bool{"/unlinked": false}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, rep, stderr := scanJudge(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (levels decide the exit code)\n%s", code, tt.code, stderr)
			}
			nc, checked := 0, 0
			for _, p := range rep.Pages {
				if p.Status == "skipped" {
					continue // the MIIT link, out of scope
				}
				checked++
				path := strings.TrimPrefix(p.URL, s.URL)
				if want, ok := tt.want[path]; !ok || p.Compliant != want {
					t.Errorf("%s: compliant %v, want %v", path, p.Compliant, want)
				}
				if !tt.want[path] {
					nc++
				}
			}
			if rep.Summary.NotCompliant != nc || rep.Summary.Compliant != checked-nc {
				t.Errorf("summary %+v, want %d not compliant of %d", rep.Summary, nc, checked)
			}
			if want := fmt.Sprintf("%d not compliant", nc); !strings.Contains(stderr, want) {
				t.Errorf("text summary lacks %q:\n%s", want, stderr)
			}
		})
	}
}

// TestICP014PerSite: a site is an origin; --expect HOST=NUMBER holds one
// host to its number.
func TestICP014PerSite(t *testing.T) {
	needBrowser(t)
	a := judgeServer(t, map[string]string{"/": judgePage("京ICP备2021012345号-1", true), "/other": judgePage("沪ICP备2020054321号-1", true)})
	b := judgeServer(t, map[string]string{"/": judgePage("粤ICP备2023123456号", true)})
	icp014 := func(rep judgeReport) map[string]string {
		out := map[string]string{}
		for _, p := range rep.Pages {
			for _, f := range p.Findings {
				if f.Rule == "ICP014" {
					out[p.URL] = f.Level
				}
			}
		}
		return out
	}
	_, rep, stderr := scanJudge(t, a.URL+"/", b.URL+"/")
	if got := icp014(rep); len(got) != 0 {
		t.Errorf("two origins with different numbers: ICP014 on %v\n%s", got, stderr)
	}
	_, rep, _ = scanJudge(t, a.URL+"/", a.URL+"/other", b.URL+"/")
	if got := icp014(rep); len(got) != 1 || got[a.URL+"/other"] != "warning" {
		t.Errorf("one origin with two numbers: ICP014 on %v, want a warning on %s/other", got, a.URL)
	}
	hostA := strings.TrimPrefix(a.URL, "http://")
	code, rep, _ := scanJudge(t, "--expect", hostA+"=沪ICP备2020054321号", a.URL+"/", a.URL+"/other", b.URL+"/")
	if got := icp014(rep); len(got) != 1 || got[a.URL+"/"] != "error" || code != exitFindings {
		t.Errorf("--expect %s=…: exit %d, ICP014 on %v, want one error on %s/", hostA, code, got, a.URL)
	}
	file := filepath.Join(t.TempDir(), "expect.txt")
	u, _ := url.Parse(b.URL)
	if err := os.WriteFile(file, []byte("# clients\n\n"+u.Host+"  粤ICP备2023123456号 # main site\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, rep, stderr = scanJudge(t, "--expect-file", file, b.URL+"/")
	if got := icp014(rep); len(got) != 0 || code != 0 {
		t.Errorf("--expect-file with the right number: exit %d, ICP014 on %v\n%s", code, got, stderr)
	}
}

func TestExpectUsage(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "a.html")
	bad := filepath.Join(dir, "bad.txt")
	twice := filepath.Join(dir, "twice.txt")
	for name, body := range map[string]string{page: "<p>x</p>", bad: "# hosts\nexample.com 京ICP备2021012345号-1\nexample.org\n",
		twice: "example.com 京ICP备2021012345号-1\nEXAMPLE.com 沪ICP备2020054321号-1\n"} {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--expect", "京ICP备2021012345号-1", "--expect", "沪ICP备2020054321号-1"}, "given twice with different numbers"},
		{[]string{"--expect", "a.example=京ICP备2021012345号-1", "--expect", "a.example=沪ICP备2020054321号-1"}, "host a.example given twice"},
		{[]string{"--expect", "https://a.example/=京ICP备2021012345号-1"}, "not a URL"},
		{[]string{"--expect", "a.example=nonsense"}, "not a filing or licence number"},
		{[]string{"--expect-file", bad}, bad + ":3: want HOST NUMBER"},
		{[]string{"--expect-file", twice}, twice + ":2: host example.com given twice"},
		{[]string{"--expect-file", filepath.Join(dir, "missing.txt")}, "--expect-file"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := runCLI(t, append(append([]string{"scan"}, tt.args...), page)...)
			if code != exitSetup || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 with %q", code, stderr, tt.want)
			}
		})
	}
}
