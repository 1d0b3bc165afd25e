package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/scanner/browser"
)

func TestDoctorWithoutBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(browser.ChromeEnv, "")
	code, out, _ := runCLI(t, "doctor")
	if code != exitSetup {
		t.Errorf("exit %d, want %d", code, exitSetup)
	}
	for _, want := range []string{"FAIL  browser:", "apt-get install -y chromium-headless-shell", "FAIL  CJK fonts"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
}

func TestDoctor(t *testing.T) {
	needBrowser(t)
	code, out, stderr := runCLI(t, "doctor")
	if code != 0 || !strings.Contains(out, "ok    browser start: Chromium/") || !strings.Contains(out, "ready to scan") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
	// It says whether Chromium's sandbox is on and whether user
	// namespaces would allow it.
	sandbox := "not root: the browser runs with its own sandbox"
	if os.Geteuid() == 0 {
		sandbox = "running as root: beiancheck starts the browser with --no-sandbox"
	}
	if !strings.Contains(out, sandbox) || !strings.Contains(out, "user namespaces: ") {
		t.Errorf("doctor does not report the sandbox (%q) and user namespaces:\n%s", sandbox, out)
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(name, body string) {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.html", compliantPage)
	// Unknown keys and bad shapes are errors with the line.
	write("beiancheck.yaml", "viewport: mobile\nfail_on: warning\n")
	if code, _, stderr := runCLI(t, "scan", "a.html"); code != exitSetup || !strings.Contains(stderr, `beiancheck.yaml:2: unknown key "fail_on"`) {
		t.Errorf("unknown key: exit %d, %q", code, stderr)
	}
	write("beiancheck.yaml", "timeout: [1s, 2s]\n")
	if code, _, stderr := runCLI(t, "scan", "a.html"); code != exitSetup || !strings.Contains(stderr, "beiancheck.yaml:1: timeout takes one value") {
		t.Errorf("list for a scalar: exit %d, %q", code, stderr)
	}
	write("other.yaml", "level:\n  ICP999: off\n")
	if code, _, stderr := runCLI(t, "scan", "--config", "other.yaml", "a.html"); code != exitSetup || !strings.Contains(stderr, "unknown rule ICP999") {
		t.Errorf("bad level in --config: exit %d, %q", code, stderr)
	}
	write("beiancheck.yaml", "viewport: [desktop]\nfail-on: note\nlevel: {CTX001: error}\ntargets: [a.html]\n")
	if code, _, stderr := runCLI(t, "scan", "--bogus"); code != exitSetup || !strings.Contains(stderr, "unknown flag") {
		t.Errorf("bad flag with config: exit %d, %q", code, stderr)
	}
	if testing.Short() {
		return
	}
	needBrowser(t)
	// The file's targets, viewport and levels apply: desktop only, so the
	// mobile-only CTX001 (raised to error) cannot fire and exit is 0.
	if code, _, stderr := runCLI(t, "scan", "--json", "r.json"); code != exitOK {
		t.Errorf("config run: exit %d\n%s", code, stderr)
	}
	// A command-line flag wins over the file: at mobile CTX001 is an error.
	if code, _, stderr := runCLI(t, "scan", "--viewport", "mobile"); code != exitFindings {
		t.Errorf("flag over file: exit %d, want %d\n%s", code, exitFindings, stderr)
	}
}

// TestBaselineAcrossRuns scans a site, changes it, scans again against the
// first report and checks new, unchanged and fixed findings, SARIF
// baselineState and --fail-on-new.
func TestBaselineAcrossRuns(t *testing.T) {
	needBrowser(t)
	dir := t.TempDir()
	t.Chdir(dir)
	os.MkdirAll("site", 0o755)
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join("site", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	unlinkedLeft := strings.Replace(unlinkedPage, "text-align:center", "text-align:left", 1)
	write("a.html", unlinkedLeft) // ICP003 + ICP004
	write("b.html", compliantPage)
	common := []string{"scan", "--viewport", "desktop", "--quiet"}
	if code, _, stderr := runCLI(t, append(common, "--update-baseline", "base.json", "site")...); code != exitFindings {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	write("a.html", unlinkedPage) // ICP003 fixed, ICP004 unchanged
	write("b.html", unlinkedPage) // ICP004 new
	code, _, stderr := runCLI(t, append(common, "--baseline", "base.json", "--json", "r.json", "--sarif", "r.sarif", "site")...)
	if code != exitFindings {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	var rep struct {
		Pages []struct {
			URL      string
			Findings []struct{ Rule, Baseline string }
			Fixed    []struct{ Rule, Baseline string }
		}
	}
	readJSON(t, "r.json", &rep)
	got := map[string]string{}
	for _, p := range rep.Pages {
		for _, f := range p.Findings {
			got[filepath.Base(p.URL)+" "+f.Rule] = f.Baseline
		}
		for _, f := range p.Fixed {
			got[filepath.Base(p.URL)+" "+f.Rule] = f.Baseline
		}
	}
	want := map[string]string{"a.html ICP003": "absent", "a.html ICP004": "unchanged", "b.html ICP004": "new"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q (all: %v)", k, got[k], w, got)
		}
	}
	sarif, err := os.ReadFile("r.sarif")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sarif), `"baselineState": "new"`) || !strings.Contains(string(sarif), `"baselineState": "unchanged"`) {
		t.Error("SARIF lacks baselineState new and unchanged")
	}
	// Only new findings fail with --fail-on-new: b.html's ICP004 is new.
	if code, _, _ := runCLI(t, append(common, "--baseline", "base.json", "--fail-on-new", "site")...); code != exitFindings {
		t.Errorf("--fail-on-new with a new error: exit %d, want 1", code)
	}
	if code, _, _ := runCLI(t, append(common, "--baseline", "r.json", "--fail-on-new", "site")...); code != exitOK {
		t.Errorf("--fail-on-new against the current state: exit %d, want 0", code)
	}
}

// TestMapAndReports scans a URL with --map and writes every report.
func TestMapAndReports(t *testing.T) {
	needBrowser(t)
	s := newTestSite(t)
	dir := t.TempDir()
	schema, err := filepath.Abs(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	os.MkdirAll("src", 0o755)
	os.WriteFile("src/Footer.vue", []byte("<template>\n<footer>\n<a href=\"#\">京ICP备2021012345号-1</a>\n</footer>\n</template>\n"), 0o644)
	// CTX001 (run-wide, added after the pages) is the one error here;
	// --screenshots all, since it is not a finding while the page renders.
	code, stdout, stderr := runCLI(t, "scan", "--viewport", "mobile", "--level", "CTX001=error", "--map", s.URL+"/**=src/Footer.vue",
		"--sarif", "out/r.sarif", "--markdown", "out/r.md", "--junit", "out/r.xml", "--html", "out/r.html",
		"--artifacts", "out/art", "--screenshots", "all", "--annotations", "github", s.URL+"/a")
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	validateSARIF(t, schema, "out/r.sarif")
	sarif, _ := os.ReadFile("out/r.sarif")
	if !strings.Contains(string(sarif), `"uri": "src/Footer.vue"`) || !strings.Contains(string(sarif), `"startLine": 3`) {
		t.Errorf("SARIF does not point at src/Footer.vue:3:\n%s", sarif)
	}
	if !strings.Contains(stdout, "::error file=src/Footer.vue,line=3") {
		t.Errorf("annotations: %q", stdout)
	}
	for _, f := range []string{"out/r.md", "out/r.xml", "out/r.html"} {
		if b, err := os.ReadFile(f); err != nil || len(b) == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	shots, _ := filepath.Glob("out/art/*-mobile-footer.png")
	thumbs, _ := filepath.Glob("out/art/*-mobile-thumb.png")
	if len(shots) != 1 || len(thumbs) != 1 {
		t.Errorf("screenshots: %v %v", shots, thumbs)
	}
	html, _ := os.ReadFile("out/r.html")
	if len(shots) == 1 && !strings.Contains(string(html), "art/"+filepath.Base(shots[0])) {
		t.Error("HTML report does not reference the screenshot relative to itself")
	}
}
