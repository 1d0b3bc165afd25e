package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
)

// TestOutputsCheckedFirst checks that every output is checked before the
// first page loads (the server sees no request) and that the check leaves
// existing files as they were.
func TestOutputsCheckedFirst(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(compliantPage))
	}))
	defer srv.Close()
	dir := t.TempDir()
	t.Chdir(dir)
	for name, body := range map[string]string{"old.json": "old report", "ro.json": "read-only report", "a.html": compliantPage, "base.json": "{}"} {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod("ro.json", 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("adir", 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs("r.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--json", "r.json", "--sarif", "r.json"}, "--json and --sarif both write r.json"},
		{[]string{"--json", "./r.json", "--sarif", "sub/../r.json"}, "--json and --sarif both write"},
		{[]string{"--json", "r.json", "--markdown", abs}, "--json and --markdown both write"},
		{[]string{"--html", "r.html", "--markdown", "r.html"}, "--html and --markdown both write r.html"},
		{[]string{"--json", "r.json", "--jsonl", "r.json"}, "--json and --jsonl both write r.json"},
		{[]string{"--junit", "r.xml", "--update-baseline", "r.xml"}, "--junit and --update-baseline both write r.xml"},
		{[]string{"--baseline", "base.json", "--sarif", "base.json"}, "--sarif would replace the --baseline base.json"},
		{[]string{"--json", "adir"}, "--json adir: is a directory"},
		{[]string{"--sarif", "a.html/r.sarif"}, "--sarif a.html/r.sarif: a.html is not a directory"},
		{[]string{"--json", "ro.json"}, "--json ro.json: the file is read-only"},
		{[]string{"--jsonl", "ro.json"}, "--jsonl ro.json: the file is read-only"},
		{[]string{"--html", "/proc/beiancheck-test/r.html"}, "--html /proc/beiancheck-test/r.html: cannot create files in /proc"},
		{[]string{"--update-baseline", "adir/"}, "--update-baseline adir/: is a directory"},
		// The check runs before later usage errors destroy nothing.
		{[]string{"--json", "old.json", "--jsonl", "old.json"}, "--json and --jsonl both write old.json"},
		{[]string{"--json", "old.json", "--viewport", "tablet"}, `unknown viewport "tablet"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			args := append(append([]string{"scan"}, tt.args...), srv.URL+"/")
			code, _, stderr := runCLI(t, args...)
			if code != exitSetup || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 with %q", code, stderr, tt.want)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server got %d request(s) before the outputs were refused", n)
	}
	for name, want := range map[string]string{"old.json": "old report", "ro.json": "read-only report"} {
		if b, err := os.ReadFile(name); err != nil || string(b) != want {
			t.Errorf("%s: %q, %v; want it untouched", name, b, err)
		}
	}
	left, _ := filepath.Glob(".beiancheck-*")
	if _, err := os.Stat("r.json"); err == nil || len(left) > 0 {
		t.Errorf("the check left files behind: r.json exists %v, probes %v", err == nil, left)
	}
	// An unwritable folder, where the user is not root.
	if os.Geteuid() != 0 {
		if err := os.Mkdir("locked", 0o555); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI(t, "scan", "--json", "locked/r.json", srv.URL+"/")
		if code != exitSetup || !strings.Contains(stderr, "--json locked/r.json: cannot create files in locked") {
			t.Errorf("unwritable folder: exit %d, %q", code, stderr)
		}
	}
}

// TestOutputPathsAllowed checks the combinations that are not conflicts:
// the baseline replaced by this run's JSON report, folders still to be
// created (and not created by the check).
func TestOutputPathsAllowed(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, cfg := range []scanConfig{
		{baseline: "b.json", updateBaseline: "b.json"},
		{baseline: "b.json", out: outputConfig{json: "b.json"}},
		{out: outputConfig{json: "new/sub/r.json", sarif: "new/sub/r.sarif", markdown: "-"}},
	} {
		if err := checkOutputs(&cfg, ""); err != nil {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
	if _, err := os.Stat("new"); err == nil {
		t.Error("the check created the folder new")
	}
}

// TestLateWriteFailure checks that a report that fails to write after the
// scan still leaves the summary on stderr and the other reports written,
// then exits non-zero naming the path.
func TestLateWriteFailure(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("file", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := scanConfig{out: outputConfig{json: "r.json", sarif: "file/r.sarif"}, updateBaseline: "b.json"}
	res := &scanner.Result{Pages: []scanner.PageResult{{URL: "https://example.com/", Viewport: "desktop", Status: scanner.StatusOK}}}
	var stdout, stderr bytes.Buffer
	err := finishReports(&cfg, res, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "file/r.sarif") {
		t.Fatalf("error %v, want one naming file/r.sarif", err)
	}
	if code := exitCode(err, io.Discard); code == exitOK {
		t.Errorf("exit %d, want non-zero", code)
	}
	if !strings.Contains(stderr.String(), "https://example.com/") {
		t.Errorf("no summary on stderr: %q", stderr.String())
	}
	for _, f := range []string{"r.json", "b.json"} {
		if b, err := os.ReadFile(f); err != nil || len(b) == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}
