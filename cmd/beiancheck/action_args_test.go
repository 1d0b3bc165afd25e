package main

// Tests of what the GitHub Action passes to beiancheck and how it reads its
// exit code and report (the harness is in action_harness_test.go).

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

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
