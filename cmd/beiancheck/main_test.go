package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/beiancheck/beiancheck/scanner/browser"
)

// runCLI runs the program and returns its exit code and output, the
// final error printed and mapped by main's exitCode.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return exitCode(err, &stderr), stdout.String(), stderr.String()
}

// needBrowser fails in CI and skips loudly elsewhere when no browser is
// installed.
func needBrowser(t *testing.T) {
	t.Helper()
	if _, err := browser.FindChrome(""); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser test needs Chromium in CI: %v", err)
		}
		fmt.Fprintf(os.Stderr, "\n*** SKIPPING BROWSER TEST %s: %v ***\n\n", t.Name(), err)
		t.Skip("SKIPPED: no browser")
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "a.html")
	if err := os.WriteFile(page, []byte("<p>x</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{nil, "Usage"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"scan"}, "at least one TARGET, --urls, --sitemap or --miniprogram"},
		{[]string{"scan", "--viewport", "tablet", page}, `unknown viewport "tablet"`},
		{[]string{"scan", "--fail-on", "fatal", page}, `unknown level "fatal"`},
		{[]string{"scan", "--level", "ICP999=off", page}, "unknown rule ICP999"},
		{[]string{"scan", "--level", "ICP003", page}, "want RULE=LEVEL"},
		{[]string{"scan", "--level", "ICP003=loud", page}, `unknown level "loud"`},
		{[]string{"scan", "--expect", "not a number", page}, "not a filing or licence number"},
		{[]string{"scan", "--json", "-", "--sarif", "-", page}, "only one report can go to stdout"},
		{[]string{"scan", "--annotations", "gitlab", page}, `"gitlab" for "--annotations" flag: want github, none or auto`},
		{[]string{"scan", "--screenshots", "some", page}, `unknown screenshots mode "some"`},
		{[]string{"scan", "--no-such-flag", page}, "unknown flag"},
		{[]string{"scan", "--timeout", "0s", page}, "--timeout must be positive"},
		{[]string{"scan", "--max-page-heap", "32MiB", page}, "--max-page-heap 32MiB: want whole MiB, at least 64MiB"},
		{[]string{"scan", "--max-page-heap", "100000K", page}, "--max-page-heap 100000KiB: want whole MiB"},
		{[]string{"scan", filepath.Join(dir, "missing.html")}, "not a readable file"},
		{[]string{"scan", "ftp://example.com/"}, "only http(s) URLs"},
		// The page exists here: a file: URL naming another host must not
		// be read as this machine's path.
		{[]string{"scan", "file://evil.example" + filepath.ToSlash(page)}, `"file://evil.example` + filepath.ToSlash(page) + `"`},
		{[]string{"demo", "extra"}, "takes no TARGET"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != exitSetup {
				t.Errorf("exit %d, want %d", code, exitSetup)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", stderr, tt.want)
			}
		})
	}
}

func TestNoBrowser(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "a.html")
	if err := os.WriteFile(page, []byte("<p>x</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv(browser.ChromeEnv, "")
	code, _, stderr := runCLI(t, "scan", page)
	if code != exitSetup || !strings.Contains(stderr, "apt-get install") {
		t.Errorf("exit %d, stderr %q; want exit 2 saying how to install a browser", code, stderr)
	}
}

func TestRulesAndVersion(t *testing.T) {
	code, out, _ := runCLI(t, "rules")
	if code != 0 || !strings.Contains(out, "ICP003") || !strings.Contains(out, "CTX001") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "beiancheck ") {
		t.Errorf("version: exit %d %q", code, out)
	}
}

const compliantPage = `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>示例</title></head>
<body style="margin:0;font-size:16px">
<main><h1>示例科技</h1><p>我们提供企业服务。</p></main>
<footer style="text-align:center;padding:16px;color:#555">
<p>© 2024 示例科技 <a href="https://beian.miit.gov.cn/" target="_blank">京ICP备2021012345号-1</a></p>
</footer>
</body></html>
`

const unlinkedPage = `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>示例</title></head>
<body style="margin:0;font-size:16px">
<main><h1>示例科技</h1><p>我们提供企业服务。</p></main>
<footer style="text-align:center;padding:16px;color:#555">
<p>© 2024 示例科技
京ICP备2021012345号-1</p>
</footer>
</body></html>
`

// TestScanDirectory scans a directory for real: exit codes, the JSON
// contract and SARIF locations that name the file and line.
func TestScanDirectory(t *testing.T) {
	needBrowser(t)
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := os.MkdirAll(filepath.Join(site, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"index.html": compliantPage, "sub/contact.html": unlinkedPage} {
		if err := os.WriteFile(filepath.Join(site, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	schema, err := filepath.Abs(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, _, stderr := runCLI(t, "scan", "--json", "out/r.json", "--sarif", "out/r.sarif", "--level", "CTX001=off", "site")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (ICP004 errors)\n%s", code, exitFindings, stderr)
	}
	var rep struct {
		Pages []struct {
			URL      string `json:"url"`
			Viewport string `json:"viewport"`
			Status   string `json:"status"`
			Filings  []struct {
				Number  string `json:"number"`
				Primary bool   `json:"primary"`
				Linked  bool   `json:"linked"`
			} `json:"filings"`
			Findings []struct {
				Rule string `json:"rule"`
			} `json:"findings"`
		} `json:"pages"`
		Summary struct {
			Pages, Errors int
		} `json:"summary"`
	}
	readJSON(t, "out/r.json", &rep)
	if rep.Summary.Pages != 4 || rep.Summary.Errors != 2 {
		t.Errorf("summary %+v, want 4 pages and 2 errors", rep.Summary)
	}
	for _, p := range rep.Pages {
		wantRules := ""
		if strings.HasSuffix(p.URL, "contact.html") {
			wantRules = "ICP004"
		}
		var got []string
		for _, f := range p.Findings {
			got = append(got, f.Rule)
		}
		if strings.Join(got, ",") != wantRules || p.Status != "ok" || len(p.Filings) != 1 || !p.Filings[0].Primary {
			t.Errorf("%s [%s]: status %s, findings %v, filings %+v", p.URL, p.Viewport, p.Status, got, p.Filings)
		}
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
	readJSON(t, "out/r.sarif", &sarif)
	validateSARIF(t, schema, "out/r.sarif")
	res := sarif.Runs[0].Results
	if len(res) != 2 {
		t.Fatalf("%d SARIF results, want 2", len(res))
	}
	for _, r := range res {
		loc := r.Locations[0].PhysicalLocation
		// The number sits on line 7 of contact.html.
		if r.RuleID != "ICP004" || loc.ArtifactLocation.URI != "site/sub/contact.html" || loc.Region.StartLine != 7 {
			t.Errorf("SARIF result %s at %s:%d, want ICP004 at site/sub/contact.html:7", r.RuleID, loc.ArtifactLocation.URI, loc.Region.StartLine)
		}
	}

	code, _, stderr = runCLI(t, "scan", "--fail-on", "none", "site")
	if code != exitOK {
		t.Errorf("--fail-on none: exit %d\n%s", code, stderr)
	}
	code, _, _ = runCLI(t, "scan", "--level", "ICP004=warning", "--level", "CTX001=off", "--fail-on", "error", "site")
	if code != exitOK {
		t.Errorf("ICP004 lowered to warning: exit %d, want 0", code)
	}
	code, _, _ = runCLI(t, "scan", "--level", "ICP004=warning", "--fail-on", "warning", "site")
	if code != exitFindings {
		t.Errorf("--fail-on warning: exit %d, want 1", code)
	}
}

// TestUnreachableIsNotAPass checks that a page that cannot be loaded gives
// exit 3 even when other pages have findings.
func TestUnreachableIsNotAPass(t *testing.T) {
	needBrowser(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	dir := t.TempDir()
	page := filepath.Join(dir, "a.html")
	if err := os.WriteFile(page, []byte(unlinkedPage), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "scan", "--json", "-", "--viewport", "desktop", page, "http://"+addr+"/")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", code, exitFailed, stderr)
	}
	var rep struct {
		Pages []struct {
			URL, Status, Error string
		} `json:"pages"`
		Summary struct{ Failed int } `json:"summary"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s", err, stdout)
	}
	if rep.Summary.Failed != 1 {
		t.Errorf("summary failed = %d, want 1", rep.Summary.Failed)
	}
	for _, p := range rep.Pages {
		if strings.HasPrefix(p.URL, "http://") && (p.Status != "error" || !strings.Contains(p.Error, "ERR_CONNECTION_REFUSED")) {
			t.Errorf("unreachable page: status %q error %q", p.Status, p.Error)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// sarifSchemaFile is the OASIS SARIF 2.1.0 errata01 schema, kept in the
// repository (see its SOURCE.md).
const sarifSchemaFile = "../../scanner/report/testdata/sarif/sarif-2.1.0.json"

// validateSARIF checks a SARIF file written by a real scan against the
// official schema.
func validateSARIF(t *testing.T, schemaPath, path string) {
	t.Helper()
	if _, err := os.Stat(schemaPath); err != nil {
		t.Fatalf("SARIF schema missing: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	schema, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("%s does not validate against the SARIF schema: %v", path, err)
	}
}

// TestDemo runs the bundled demo site as make demo does.
func TestDemo(t *testing.T) {
	needBrowser(t)
	dir := t.TempDir()
	t.Chdir(dir)
	code, _, stderr := runCLI(t, "demo", "--json", "out/report.json", "--sarif", "out/report.sarif", "--html", "out/report.html", "--artifacts", "out/artifacts")
	if code != exitOK {
		t.Fatalf("demo: exit %d (it fails on nothing by default)\n%s", code, stderr)
	}
	var rep struct {
		Pages []struct {
			URL       string
			Viewport  string
			Compliant bool
		}
		Summary struct{ Pages, Failed, Compliant int }
	}
	readJSON(t, "out/report.json", &rep)
	if rep.Summary.Pages != 10 || rep.Summary.Failed != 0 {
		t.Errorf("summary %+v, want 10 page-viewports checked", rep.Summary)
	}
	for _, p := range rep.Pages {
		if p.URL == "fixtures/demo/index.html" && !p.Compliant {
			t.Errorf("the demo's index page must comply [%s]", p.Viewport)
		}
	}
	if !strings.Contains(stderr, "fixtures/demo/products.html") {
		t.Errorf("summary on stderr lacks the pages:\n%s", stderr)
	}
	shots, _ := filepath.Glob("out/artifacts/*.png")
	if len(shots) == 0 {
		t.Error("no screenshots written")
	}
}
