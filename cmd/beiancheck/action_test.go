package main

// Tests of the GitHub Action: action.yml at the repository root and its
// scan script .github/action/run.sh. The script runs under bash with a fake
// beiancheck first on PATH that records its arguments, writes the reports it
// is told to and exits with a chosen code. (The tests live here because Go
// skips directories whose name starts with a dot, such as .github.)

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const (
	actionScript = "../../.github/action/run.sh"
	actionYAML   = "../../action.yml"
	exampleYAML  = "../../.github/workflows/beiancheck-example.yml"
)

// fakeBeiancheck records its arguments NUL-separated in $FAKE_ARGS, writes
// $FAKE_JSON to the --json file and $FAKE_SARIF to the --sarif file when
// they are set, and exits with $FAKE_EXIT. Builtins only, so it also works
// on the minimal PATH of the sed test.
const fakeBeiancheck = `
: >"$FAKE_ARGS"
for a in "$@"; do printf '%s\0' "$a" >>"$FAKE_ARGS"; done
prev=
for a in "$@"; do
	case $prev in
	--json) [ -z "${FAKE_JSON:-}" ] || printf '%s' "$FAKE_JSON" >"$a" ;;
	--sarif) [ -z "${FAKE_SARIF:-}" ] || printf '%s' "$FAKE_SARIF" >"$a" ;;
	esac
	prev=$a
done
exit "${FAKE_EXIT:-0}"
`

// actionRun is one run of run.sh.
type actionRun struct {
	code    int
	args    []string          // the fake's arguments; nil when it did not run
	outputs map[string]string // $GITHUB_OUTPUT
	stdout  string
	stderr  string
	work    string // working directory (the workspace)
	temp    string // $RUNNER_TEMP
	summary string // $GITHUB_STEP_SUMMARY
}

// actionOpts say how to run run.sh.
type actionOpts struct {
	env      map[string]string // INPUT_* and others; a "" value is set empty, nil map: none
	exit     int               // the fake's exit code
	json     string            // what the fake writes to --json; "" writes nothing
	noPython bool              // a PATH holding only what run.sh needs: no python3, no jq
	noSumm   bool              // leave GITHUB_STEP_SUMMARY unset
	setup    func(r *actionRun)
}

func bashPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found:", err)
	}
	return p
}

func runAction(t *testing.T, o actionOpts) *actionRun {
	t.Helper()
	bash := bashPath(t)
	script, err := filepath.Abs(actionScript)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	r := &actionRun{
		work:    filepath.Join(root, "work"),
		temp:    filepath.Join(root, "runner-temp"),
		summary: filepath.Join(root, "step-summary.md"),
	}
	bin := filepath.Join(root, "bin")
	for _, d := range []string{r.work, r.temp, bin} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(bin, "beiancheck"), []byte("#!"+bash+"\n"+fakeBeiancheck), 0o755); err != nil {
		t.Fatal(err)
	}
	path := bin + string(os.PathListSeparator) + os.Getenv("PATH")
	if o.noPython {
		// Only the external commands run.sh needs: if it grows a new
		// dependency, this test says so.
		for _, c := range []string{"rm", "sed", "tr"} {
			p, err := exec.LookPath(c)
			if err != nil {
				t.Skipf("%s not found: %v", c, err)
			}
			if err := os.Symlink(p, filepath.Join(bin, c)); err != nil {
				t.Fatal(err)
			}
		}
		path = bin
	}
	outputFile := filepath.Join(root, "github-output")
	argsFile := filepath.Join(root, "fake-args")
	env := []string{
		"PATH=" + path,
		"HOME=" + root,
		"RUNNER_TEMP=" + r.temp,
		"GITHUB_OUTPUT=" + outputFile,
		"FAKE_ARGS=" + argsFile,
		fmt.Sprintf("FAKE_EXIT=%d", o.exit),
		"FAKE_JSON=" + o.json,
		"FAKE_SARIF={\"version\":\"2.1.0\",\"runs\":[]}",
	}
	if !o.noSumm {
		env = append(env, "GITHUB_STEP_SUMMARY="+r.summary)
	}
	for k, v := range o.env {
		env = append(env, k+"="+v)
	}
	if o.setup != nil {
		o.setup(r)
	}

	cmd := exec.Command(bash, script)
	cmd.Dir = r.work
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatal(err)
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	if strings.Contains(r.stderr, "command not found") || strings.Contains(r.stderr, "unbound variable") {
		t.Errorf("run.sh stderr:\n%s", r.stderr)
	}

	if b, err := os.ReadFile(argsFile); err == nil {
		r.args = strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
		if len(b) == 0 {
			r.args = []string{}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	r.outputs = map[string]string{}
	if b, err := os.ReadFile(outputFile); err == nil {
		for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Errorf("GITHUB_OUTPUT line %q is not NAME=VALUE", line)
				continue
			}
			if _, dup := r.outputs[k]; dup {
				t.Errorf("GITHUB_OUTPUT sets %s twice", k)
			}
			r.outputs[k] = v
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return r
}

// flags are the arguments run.sh always passes before the optional ones.
func (r *actionRun) flags(sarif, failOn string) []string {
	a := []string{"scan", "--sarif", sarif, "--json", filepath.Join(r.temp, "beiancheck.json"),
		"--annotations", "github", "--fail-on", failOn}
	return append(a, "--markdown", r.summary)
}

func (r *actionRun) wantArgs(t *testing.T, want []string) {
	t.Helper()
	if r.args == nil {
		t.Fatalf("beiancheck did not run; exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !slices.Equal(r.args, want) {
		t.Errorf("beiancheck arguments:\n got %q\nwant %q", r.args, want)
	}
}

func TestActionArguments(t *testing.T) {
	r := runAction(t, actionOpts{env: map[string]string{
		"INPUT_TARGETS":    "  https://a.example/\n  fixtures/demo\tpage.html \r\n\n",
		"INPUT_CRAWL":      "true",
		"INPUT_URLS_FILE":  "  lists/urls list.txt \n",
		"INPUT_SITEMAP":    "auto\nhttps://a.example/sitemap.xml",
		"INPUT_FAIL_ON":    "warning",
		"INPUT_ARGS":       "--viewport mobile\n  --level=ICP003=off --expect 京ICP备2021012345号-1",
		"INPUT_SARIF_FILE": "out/r.sarif",
	}})
	want := append(r.flags("out/r.sarif", "warning"),
		"--crawl",
		"--urls", "lists/urls list.txt",
		"--sitemap", "auto", "--sitemap", "https://a.example/sitemap.xml",
		"--viewport", "mobile", "--level=ICP003=off", "--expect", "京ICP备2021012345号-1",
		"--", "https://a.example/", "fixtures/demo", "page.html")
	r.wantArgs(t, want)
	if r.code != 0 {
		t.Errorf("exit code %d, want 0", r.code)
	}
}

// TestActionDefaults runs with the inputs unset and with the defaults
// action.yml passes.
func TestActionDefaults(t *testing.T) {
	for _, env := range []map[string]string{
		{"INPUT_TARGETS": "site"},
		{"INPUT_TARGETS": "site", "INPUT_URLS_FILE": "", "INPUT_SITEMAP": "", "INPUT_CRAWL": "false",
			"INPUT_FAIL_ON": "error", "INPUT_ARGS": "", "INPUT_SARIF_FILE": "beiancheck.sarif"},
	} {
		r := runAction(t, actionOpts{env: env})
		r.wantArgs(t, append(r.flags("beiancheck.sarif", "error"), "--", "site"))
	}

	// Outside Actions: no step summary, so no --markdown; no targets, no "--".
	r := runAction(t, actionOpts{noSumm: true, env: map[string]string{"INPUT_URLS_FILE": "urls.txt"}})
	want := r.flags("beiancheck.sarif", "error")
	r.wantArgs(t, append(want[:len(want)-2], "--urls", "urls.txt"))
}

func TestActionCrawl(t *testing.T) {
	for _, tt := range []struct {
		crawl string
		want  bool
	}{
		{"true", true}, {"TRUE", true}, {"yes", true}, {"1", true}, {"on", true},
		{"false", false}, {"False", false}, {"no", false}, {"0", false}, {"", false},
	} {
		r := runAction(t, actionOpts{env: map[string]string{"INPUT_TARGETS": "x", "INPUT_CRAWL": tt.crawl}})
		if got := slices.Contains(r.args, "--crawl"); got != tt.want || r.code != 0 {
			t.Errorf("crawl %q: --crawl passed %v (want %v), exit %d; args %q", tt.crawl, got, tt.want, r.code, r.args)
		}
	}

	r := runAction(t, actionOpts{env: map[string]string{"INPUT_TARGETS": "x", "INPUT_CRAWL": "maybe"}})
	if r.code != 2 || r.args != nil || !strings.Contains(r.stdout, "::error") || r.outputs["exit-code"] != "2" {
		t.Errorf("crawl maybe: exit %d, args %q, outputs %v, stdout:\n%s", r.code, r.args, r.outputs, r.stdout)
	}

	// The refused value is quoted in the error, escaped: it cannot start a
	// workflow command line of its own.
	r = runAction(t, actionOpts{env: map[string]string{"INPUT_TARGETS": "x", "INPUT_CRAWL": "no\n::warning::forged 100%"}})
	if r.code != 2 || strings.Contains(r.stdout, "\n::warning") || !strings.Contains(r.stdout, "%0A::warning::forged 100%25") {
		t.Errorf("crawl with a newline: exit %d, stdout:\n%s", r.code, r.stdout)
	}
}

// TestActionNoShellInjection: inputs are data. Shell syntax in any input
// reaches beiancheck literally and runs nothing.
func TestActionNoShellInjection(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "pwned")
	touch := "touch${IFS}" + marker // one word, so it survives the split
	var gotArgs []string
	r := runAction(t, actionOpts{
		env: map[string]string{
			"INPUT_TARGETS":    "$(" + touch + ") `" + touch + "` ;" + touch + " a;" + touch + " |" + touch + " &&" + touch + " * $HOME ~ --chrome=/bin/sh",
			"INPUT_ARGS":       "--expect=$(" + touch + ") ;rm${IFS}-rf${IFS}/",
			"INPUT_URLS_FILE":  "$(" + touch + ")",
			"INPUT_SITEMAP":    "`" + touch + "`",
			"INPUT_FAIL_ON":    ";" + touch,
			"INPUT_SARIF_FILE": "$(" + touch + ").sarif",
			"INPUT_CRAWL":      "false",
		},
		setup: func(r *actionRun) {
			// a glob that would match if the shell expanded it
			if err := os.WriteFile(filepath.Join(r.work, "index.html"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		},
	})
	want := append(r.flags("$("+touch+").sarif", ";"+touch),
		"--urls", "$("+touch+")",
		"--sitemap", "`"+touch+"`",
		"--expect=$("+touch+")", ";rm${IFS}-rf${IFS}/",
		"--", "$("+touch+")", "`"+touch+"`", ";"+touch, "a;"+touch, "|"+touch, "&&"+touch, "*", "$HOME", "~", "--chrome=/bin/sh")
	r.wantArgs(t, want)
	gotArgs = r.args
	if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("an input was executed: %s exists (err %v); args %q", marker, err, gotArgs)
	}
	if r.outputs["sarif"] != "$("+touch+").sarif" {
		t.Errorf("sarif output %q", r.outputs["sarif"])
	}

	// Values that would forge another step output are refused.
	r = runAction(t, actionOpts{env: map[string]string{"INPUT_TARGETS": "x", "INPUT_SARIF_FILE": "a.sarif\nerrors=0"}})
	if r.code != 2 || r.args != nil || r.outputs["errors"] != "" {
		t.Errorf("multi-line sarif-file: exit %d, args %q, outputs %v", r.code, r.args, r.outputs)
	}
	r = runAction(t, actionOpts{env: map[string]string{"INPUT_TARGETS": "x", "INPUT_URLS_FILE": "a.txt\nb.txt"}})
	if r.code != 2 || r.args != nil {
		t.Errorf("multi-line urls-file: exit %d, args %q", r.code, r.args)
	}
}

// reportJSON is a JSON report shaped like the real one: errors in the
// summary, "error" fields and quoted look-alikes in the pages.
func reportJSON(errs int) string {
	return fmt.Sprintf(`{
  "schema_version": 1,
  "pages": [
    {
      "url": "a.html", "status": "error", "error": "HTTP 500",
      "findings": [{"rule": "ICP001", "level": "error",
        "message": "text \"summary\": {\"errors\": 99} and }{ braces"}]
    }
  ],
  "summary": {
    "pages": 2,
    "errors": %d,
    "warnings": 1,
    "notes": 0,
    "failed": 1,
    "compliant": 0
  }
}
`, errs)
}

func TestActionExitCodes(t *testing.T) {
	for _, noPython := range []bool{false, true} {
		for _, tt := range []struct {
			exit       int
			json       string
			wantErrors string
		}{
			{1, reportJSON(6), "6"},
			{3, reportJSON(0), "0"},
			{0, reportJSON(0), "0"},
			{0, "", ""}, // crashed before writing a report
			{2, "", ""}, // usage error
		} {
			name := fmt.Sprintf("exit %d json %v python %v", tt.exit, tt.json != "", !noPython)
			r := runAction(t, actionOpts{exit: tt.exit, json: tt.json, noPython: noPython,
				env: map[string]string{"INPUT_TARGETS": "x", "INPUT_SARIF_FILE": "r.sarif"},
				setup: func(r *actionRun) {
					// a stale report of an earlier step must not be read as this run's
					if err := os.WriteFile(filepath.Join(r.temp, "beiancheck.json"), []byte(reportJSON(42)), 0o644); err != nil {
						t.Fatal(err)
					}
				}})
			if r.code != tt.exit {
				t.Errorf("%s: run.sh exit %d", name, r.code)
			}
			want := map[string]string{
				"sarif":     "r.sarif",
				"json":      filepath.Join(r.temp, "beiancheck.json"),
				"errors":    tt.wantErrors,
				"exit-code": fmt.Sprint(tt.exit),
			}
			if fmt.Sprint(r.outputs) != fmt.Sprint(want) {
				t.Errorf("%s: outputs\n got %v\nwant %v", name, r.outputs, want)
			}
			warned := strings.Contains(r.stdout, "::warning") && strings.Contains(r.stdout, "no JSON report")
			if warned != (tt.json == "") {
				t.Errorf("%s: warning about the missing report printed %v; stdout:\n%s", name, warned, r.stdout)
			}
			if _, err := os.Stat(filepath.Join(r.work, "r.sarif")); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

// TestActionErrorsParse reads summary.errors with python3 and with sed
// alike, from the writers' golden report and from awkward layouts.
func TestActionErrorsParse(t *testing.T) {
	type tc struct {
		name, json, want string
		wantSed          string // when sed must give up where python3 reads it
	}
	cases := []tc{
		{name: "pretty", json: reportJSON(7), want: "7"},
		{name: "compact", json: strings.Join(strings.Fields(reportJSON(12)), ""), want: "12"},
		{name: "crlf", json: strings.ReplaceAll(reportJSON(3), "\n", "\r\n"), want: "3"},
		{name: "last key", json: `{"summary": {"pages": 1, "errors": 10}}`, want: "10"},
		{name: "no summary", json: `{"pages": [], "errors": 5}`},
		{name: "not a number", json: `{"summary": {"errors": "many"}}`},
		{name: "fraction", json: `{"summary": {"errors": 1.5, "notes": 2}}`},
		{name: "negative", json: `{"summary": {"errors": -1}}`},
		{name: "truncated", json: reportJSON(4)[:200]},
		// a nested object in the summary: sed refuses rather than misreads
		{name: "nested before", json: `{"summary": {"by_rule": {"ICP001": {"errors": 1}}, "errors": 2}}`, want: "2", wantSed: "-"},
		{name: "nested after", json: `{"summary": {"errors": 2, "by": {"errors": 9}}}`, want: "2", wantSed: "-"},
	}
	for _, golden := range []string{"report.json.golden", "empty.json.golden"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "scanner", "report", "testdata", golden))
		if err != nil {
			continue // the writers' goldens are a bonus, not the contract
		}
		var rep struct {
			Summary struct {
				Errors int `json:"errors"`
			} `json:"summary"`
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatalf("%s: %v", golden, err)
		}
		cases = append(cases, tc{name: golden, json: string(b), want: fmt.Sprint(rep.Summary.Errors)})
	}
	for _, noPython := range []bool{false, true} {
		if !noPython {
			if _, err := exec.LookPath("python3"); err != nil {
				t.Log("no python3: only the sed parser is tested")
				continue
			}
		}
		for _, c := range cases {
			r := runAction(t, actionOpts{exit: 1, json: c.json, noPython: noPython,
				env: map[string]string{"INPUT_TARGETS": "x"}})
			want := c.want
			if noPython && c.wantSed != "" {
				want = strings.TrimPrefix(c.wantSed, "-")
			}
			if got := r.outputs["errors"]; got != want || r.code != 1 {
				t.Errorf("%s (python %v): errors %q (want %q), exit %d", c.name, !noPython, got, want, r.code)
			}
			if warned := strings.Contains(r.stdout, "could not read summary.errors"); warned != (want == "") {
				t.Errorf("%s (python %v): warning printed %v; stdout:\n%s", c.name, !noPython, warned, r.stdout)
			}
		}
	}
}

func TestActionMissingBinary(t *testing.T) {
	r := runAction(t, actionOpts{env: map[string]string{
		"INPUT_TARGETS":  "x",
		"BEIANCHECK_BIN": filepath.Join(t.TempDir(), "nowhere", "beiancheck"),
	}})
	if r.code != 2 || r.args != nil || r.outputs["exit-code"] != "2" || !strings.Contains(r.stdout, "::error") {
		t.Errorf("exit %d, args %q, outputs %v, stdout:\n%s", r.code, r.args, r.outputs, r.stdout)
	}
}

// yamlRunBlocks returns the text of every `run:` value in a workflow or
// action file, inline or block scalar, with its first line number.
func yamlRunBlocks(text string) map[int]string {
	lines := strings.Split(text, "\n")
	runKey := regexp.MustCompile(`^(\s*)(?:- )?run:\s*(.*)$`)
	blocks := map[int]string{}
	for i := 0; i < len(lines); i++ {
		m := runKey.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent, value := len(m[1]), m[2]
		if !strings.HasPrefix(value, "|") && !strings.HasPrefix(value, ">") {
			blocks[i+1] = value
			continue
		}
		var body []string
		for j := i + 1; j < len(lines); j++ {
			l := lines[j]
			if strings.TrimSpace(l) != "" && len(l)-len(strings.TrimLeft(l, " ")) <= indent {
				break
			}
			body = append(body, l)
		}
		blocks[i+1] = strings.Join(body, "\n")
	}
	return blocks
}

// yamlKeys returns the keys directly under a top-level section (inputs:,
// outputs:) of action.yml.
func yamlKeys(text, section string) []string {
	var keys []string
	in := false
	key := regexp.MustCompile(`^  ([A-Za-z0-9_-]+):`)
	for _, l := range strings.Split(text, "\n") {
		switch {
		case l == section+":":
			in = true
		case in && l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "#"):
			in = false
		case in:
			if m := key.FindStringSubmatch(l); m != nil {
				keys = append(keys, m[1])
			}
		}
	}
	return keys
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestActionNoExpressionsInScripts: the runner pastes ${{ … }} into a run:
// script before the shell reads it, so an input (or a branch name, a PR
// title) there is script injection. Values go through env: instead.
func TestActionNoExpressionsInScripts(t *testing.T) {
	for _, f := range []string{actionYAML, exampleYAML} {
		blocks := yamlRunBlocks(readText(t, f))
		if len(blocks) == 0 {
			t.Errorf("%s: no run: block found; is the parser still right?", f)
		}
		for line, body := range blocks {
			if strings.Contains(body, "${{") {
				t.Errorf("%s:%d: a run: block holds an expression; pass it through env:\n%s", f, line, body)
			}
		}
	}
	if n := len(yamlRunBlocks(readText(t, actionYAML))); n != 3 {
		t.Errorf("action.yml: %d run: blocks, want 3 (build, browser, scan): check yamlRunBlocks", n)
	}
}

// TestActionInputsDeclared: every INPUT_* that run.sh reads is an input of
// action.yml and is passed to the scan step as INPUT_X: ${{ inputs.x }}
// (composite actions set no INPUT_* variables by themselves); every input is
// used; every output run.sh writes is an output of the action.
func TestActionInputsDeclared(t *testing.T) {
	action := readText(t, actionYAML)
	script := readText(t, actionScript)
	inputs := yamlKeys(action, "inputs")
	outputs := yamlKeys(action, "outputs")
	if len(inputs) < 8 || len(outputs) < 4 {
		t.Fatalf("action.yml: inputs %q, outputs %q: is the parser still right?", inputs, outputs)
	}

	read := regexp.MustCompile(`INPUT_[A-Z0-9_]+`).FindAllString(script, -1)
	if len(read) == 0 {
		t.Fatal("run.sh reads no INPUT_ variable")
	}
	for _, v := range slices.Compact(slices.Sorted(slices.Values(read))) {
		name := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(v, "INPUT_")), "_", "-")
		if !slices.Contains(inputs, name) {
			t.Errorf("run.sh reads %s but action.yml declares no input %q", v, name)
		}
		if pass := v + ": ${{ inputs." + name + " }}"; !strings.Contains(action, pass) {
			t.Errorf("action.yml does not pass %s to run.sh: want the env line %q", v, pass)
		}
	}
	for _, in := range inputs {
		if !strings.Contains(action, "${{ inputs."+in+" }}") {
			t.Errorf("input %q is declared but never used", in)
		}
	}

	written := regexp.MustCompile(`(?m)^\s*output ([a-z-]+) `).FindAllStringSubmatch(script, -1)
	if len(written) == 0 {
		t.Fatal("run.sh writes no output")
	}
	for _, m := range written {
		if !slices.Contains(outputs, m[1]) || !strings.Contains(action, "value: ${{ steps.scan.outputs."+m[1]+" }}") {
			t.Errorf("run.sh writes output %q but action.yml does not map it to steps.scan.outputs.%s", m[1], m[1])
		}
	}
	if !strings.Contains(action, `"$GITHUB_ACTION_PATH/.github/action/run.sh"`) {
		t.Error("action.yml does not run .github/action/run.sh from the action's path")
	}
}
