package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
)

// TestRuleHelp checks that "rules ID" prints the help of that rule, from
// the rule value itself.
func TestRuleHelp(t *testing.T) {
	r := rules.Lookup("ICP003")
	for _, id := range []string{"ICP003", "icp003"} {
		code, out, stderr := runCLI(t, "rules", id)
		if code != exitOK {
			t.Fatalf("rules %s: exit %d\n%s", id, code, stderr)
		}
		firstHelpLine, _, _ := strings.Cut(r.Help, "\n")
		for _, want := range []string{r.ID, r.Name, r.Title, string(r.Level), firstHelpLine, r.Fix,
			`<footer style="text-align:center">`, r.URL()} {
			if !strings.Contains(out, want) {
				t.Errorf("rules %s lacks %q:\n%s", id, want, out)
			}
		}
		if strings.Contains(out, "ICP004") {
			t.Errorf("rules %s prints other rules too:\n%s", id, out)
		}
	}
}

// TestStrayArguments checks that the small commands refuse what they do
// not take instead of ignoring it, and that mistyped commands and rule IDs
// get a suggestion.
func TestStrayArguments(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"rules", "--json"}, "unknown flag: --json"},
		{[]string{"rules", "ICP003", "extra"}, "rules takes at most one rule ID"},
		{[]string{"rules", "ICP03"}, `unknown rule "ICP03"; did you mean ICP003`},
		{[]string{"rules", "XYZ"}, `unknown rule "XYZ" (see beiancheck rules)`},
		{[]string{"version", "--bogus"}, "unknown flag: --bogus"},
		{[]string{"version", "extra"}, "version takes no argument"},
		{[]string{"scna"}, `unknown command "scna"; did you mean "scan"?`},
		{[]string{"doctr"}, `unknown command "doctr"; did you mean "doctor"?`},
		{[]string{"help", "scna"}, `unknown command "scna"; did you mean "scan"?`},
		{[]string{"help", "scan", "extra"}, "help takes at most one command"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, stderr := runCLI(t, tt.args...)
			if code != exitSetup {
				t.Errorf("exit %d, want %d\nstdout %q", code, exitSetup, out)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", stderr, tt.want)
			}
		})
	}
	// A word far from every command gets no suggestion.
	if _, _, stderr := runCLI(t, "frobnicate"); strings.Contains(stderr, "did you mean") {
		t.Errorf("frobnicate: %q suggests a command", stderr)
	}
}

// TestHelpCommand checks "help", "help scan" (the same text as
// "scan --help") and "help demo".
func TestHelpCommand(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	if code != exitOK || !strings.Contains(out, "Usage:") || !strings.Contains(out, "beiancheck rules [ID]") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
	code, helpScan, _ := runCLI(t, "help", "scan")
	if code != exitOK {
		t.Fatalf("help scan: exit %d", code)
	}
	for _, want := range []string{"Usage: beiancheck scan", "--sitemap", "--json", "--crawl", "--expect", "--config"} {
		if !strings.Contains(helpScan, want) {
			t.Errorf("help scan lacks %q:\n%s", want, helpScan)
		}
	}
	code, scanHelp, _ := runCLI(t, "scan", "--help")
	if code != exitOK || scanHelp != helpScan {
		t.Errorf("scan --help (exit %d) differs from help scan:\n%s\n---\n%s", code, scanHelp, helpScan)
	}
	code, out, _ = runCLI(t, "help", "demo")
	if code != exitOK || !strings.Contains(out, "Usage: beiancheck demo") || strings.Contains(out, "--sitemap") {
		t.Errorf("help demo: exit %d\n%s", code, out)
	}
	for _, cmd := range []string{"rules", "doctor", "version"} {
		code, out, _ = runCLI(t, "help", cmd)
		if code != exitOK || !strings.Contains(out, "beiancheck "+cmd) {
			t.Errorf("help %s: exit %d\n%s", cmd, code, out)
		}
	}
}

// TestIgnoredScanInput checks scan flags that used to be accepted and then
// ignored: each is now a usage error naming what is wrong.
func TestIgnoredScanInput(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("a.html", []byte(compliantPage), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("site", 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--screenshots", "all", "a.html"}, "--screenshots needs --artifacts"},
		{[]string{"--crawl", "a.html"}, "--crawl follows the links of URL targets"},
		{[]string{"--crawl", "a.html", "site"}, "--crawl follows the links of URL targets"},
		{[]string{"--expect", "京ICP备2021012345号-1", "--expect", "京ICP备2021099999号", "a.html"}, `--expect given twice with different numbers, 京ICP备2021012345号-1 and 京ICP备2021099999号`},
		{[]string{"--timeout", "1s", "--timeout=2s", "a.html"}, "--timeout given twice"},
		{[]string{"--json", "a.json", "--json", "b.json", "a.html"}, "--json given twice"},
		{[]string{"-q", "--quiet", "a.html"}, "--quiet given twice"},
		{[]string{"--viewport", "mobile", "--viewport", "desktop", "a.html"}, "--viewport given twice"},
		{[]string{"--map", "http://x/**=nosuch.vue", "http://127.0.0.1:1/"}, `"http://x/**=nosuch.vue" for "--map" flag: nosuch.vue: no such file`},
		{[]string{"--map", "http://x/**=site", "http://127.0.0.1:1/"}, "site is a directory"},
		{[]string{"--max-pages", "10", "a.html"}, "--max-pages needs --crawl"},
		{[]string{"--scope", "site", "a.html"}, "--scope needs --crawl"},
		{[]string{"--exclude", "x", "a.html"}, "--exclude needs --crawl"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"scan"}, tt.args...)...)
			if code != exitSetup || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 with %q", code, stderr, tt.want)
			}
		})
	}
	// Repeatable flags stay repeatable.
	code, _, stderr := runCLI(t, "scan", "--level", "ICP003=off", "--level", "ICP004=off", "--viewport", "tablet", "a.html")
	if code != exitSetup || strings.Contains(stderr, "given twice") || !strings.Contains(stderr, `unknown viewport "tablet"`) {
		t.Errorf("repeated --level: exit %d, %q", code, stderr)
	}
}

// TestConfigOverride checks that a command-line flag overrides the config
// file instead of being "given twice", that a config key given twice is an
// error naming the file, and that an explicit --crawl=false turns off the
// file's crawl-only keys.
func TestConfigOverride(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.html", compliantPage)
	// The flag on the command line wins over the file's: the run gets as far
	// as the bad viewport.
	write("beiancheck.yaml", "timeout: 5s\nexpect: 京ICP备2021012345号-1\n")
	code, _, stderr := runCLI(t, "scan", "--timeout", "2s", "--expect", "京ICP备2021099999号", "--viewport", "tablet", "a.html")
	if code != exitSetup || strings.Contains(stderr, "given twice") || !strings.Contains(stderr, `unknown viewport "tablet"`) {
		t.Errorf("flag over file: exit %d, %q", code, stderr)
	}
	write("beiancheck.yaml", "timeout: 5s\ntimeout: 6s\n")
	code, _, stderr = runCLI(t, "scan", "a.html")
	if code != exitSetup || !strings.Contains(stderr, "beiancheck.yaml:2: timeout given twice (first at line 1)") {
		t.Errorf("key twice in the file: exit %d, %q", code, stderr)
	}
	// exclude in the file without crawl anywhere is an error naming the file.
	write("beiancheck.yaml", "exclude: ['/search']\n")
	code, _, stderr = runCLI(t, "scan", "a.html")
	if code != exitSetup || !strings.Contains(stderr, "beiancheck.yaml: exclude needs crawl") {
		t.Errorf("exclude without crawl in the file: exit %d, %q", code, stderr)
	}
	// --crawl=false on the command line wins over crawl: true in the file,
	// and the file's crawl-only keys are ignored with a warning.
	write("beiancheck.yaml", "crawl: true\nexclude: ['/search']\nmax-pages: 20\n")
	// A bad --viewport now stops the parse before the warning: the run is
	// stopped by --timeout 0s, which is checked after it.
	code, _, stderr = runCLI(t, "scan", "--crawl=false", "--timeout", "0s", "a.html")
	if code != exitSetup || !strings.Contains(stderr, "--timeout must be positive") {
		t.Errorf("--crawl=false over the file: exit %d, %q", code, stderr)
	}
	if !strings.Contains(stderr, "beiancheck: warning: beiancheck.yaml: exclude, max-pages ignored: --crawl=false") {
		t.Errorf("--crawl=false over the file: no warning about the ignored keys: %q", stderr)
	}
	if testing.Short() {
		return
	}
	needBrowser(t)
	code, _, stderr = runCLI(t, "scan", "--crawl=false", "--viewport", "desktop", "--level", "CTX001=off", "--json", "r.json", "a.html")
	if code != exitOK {
		t.Fatalf("--crawl=false over a crawl config: exit %d\n%s", code, stderr)
	}
	var rep struct {
		Pages     []struct{ URL, Status string }
		NoSandbox bool `json:"no_sandbox"`
	}
	readJSON(t, "r.json", &rep)
	if len(rep.Pages) != 1 || rep.Pages[0].Status != "ok" {
		t.Errorf("pages %+v, want a.html checked", rep.Pages)
	}
	// The report says whether the browser had its sandbox: as root it
	// runs with --no-sandbox.
	if root := os.Geteuid() == 0; rep.NoSandbox != root {
		t.Errorf("JSON no_sandbox %v, running as root %v", rep.NoSandbox, root)
	}
}

// TestCrawlMixedTargets checks that --crawl with URL and local targets
// warns that the local ones are not crawled.
func TestCrawlMixedTargets(t *testing.T) {
	needBrowser(t)
	s := newTestSite(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "a.html")
	if err := os.WriteFile(page, []byte(compliantPage), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "scan", "--crawl", "--max-pages", "1", "--viewport", "desktop", "--quiet", "--fail-on", "none", s.URL+"/", page)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "beiancheck: warning: --crawl does not follow links of local targets ("+page+")") {
		t.Errorf("no warning about the local target: %q", stderr)
	}
}

// TestDoctorFlags checks that doctor parses its flags with a flag set: a
// bad flag or an argument is a usage error, --help prints its flags.
func TestDoctorFlags(t *testing.T) {
	for _, args := range [][]string{{"doctor", "--bogus"}, {"doctor", "extra"}, {"doctor", "--chrome"}} {
		if code, _, stderr := runCLI(t, args...); code != exitSetup || !strings.Contains(stderr, "doctor") {
			t.Errorf("%q: exit %d, want %d\n%s", args, code, exitSetup, stderr)
		}
	}
	code, out, _ := runCLI(t, "doctor", "--help")
	if code != exitOK || !strings.Contains(out, "Flags:") || !strings.Contains(out, "--chrome PATH") {
		t.Errorf("doctor --help: exit %d\n%s", code, out)
	}
	// --chrome=PATH is the flag's other spelling: the check runs.
	code, out, stderr := runCLI(t, "doctor", "--chrome=/nonexistent/chromium")
	if code != exitSetup || !strings.Contains(out, "FAIL  browser") {
		t.Errorf("doctor --chrome=PATH: exit %d\n%s%s", code, out, stderr)
	}
}
