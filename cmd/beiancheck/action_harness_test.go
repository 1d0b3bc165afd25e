package main

// Tests of the GitHub Action: action.yml at the repository root and its
// scan script .github/action/run.sh. The script runs under bash with a fake
// beiancheck first on PATH that records its arguments, writes the reports it
// is told to and exits with a chosen code. (The tests live here because Go
// skips directories whose name starts with a dot, such as .github.)

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
