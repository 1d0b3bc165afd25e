package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestTypedFlagValues checks that every typed flag value refuses bad input
// when the flags are parsed: exit 2 with the flag and what it wants, before
// anything else is checked (here: there is no target at all, which would be
// the error if the value were read later).
func TestTypedFlagValues(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--viewport", "tablet"}, `"tablet" for "--viewport" flag: unknown viewport "tablet" (want mobile, desktop, mobile-dark, desktop-dark)`},
		{[]string{"--viewport", ","}, `no viewport in ","`},
		{[]string{"--level", "ICP003"}, `"ICP003" for "--level" flag: want RULE=LEVEL`},
		{[]string{"--level", "ICP999=off"}, "unknown rule ICP999 (see beiancheck rules)"},
		{[]string{"--level", "ICP003=loud"}, `unknown level "loud"`},
		{[]string{"--fail-on", "fatal"}, `"fatal" for "--fail-on" flag: unknown level "fatal"`},
		{[]string{"--fail-on", "off"}, `"off" for "--fail-on" flag`},
		{[]string{"--block", "images,css"}, `"images,css" for "--block" flag: unknown resource class "css" (want images, media or fonts)`},
		{[]string{"--rate", "0/s"}, `"0/s" for "--rate" flag: want a positive number per second, e.g. 2/s`},
		{[]string{"--rate", "fast"}, `"fast" for "--rate" flag: want a positive number`},
		{[]string{"--scope", "world"}, `"world" for "--scope" flag: unknown scope "world": want host, site or prefix`},
		{[]string{"--screenshots", "some"}, `"some" for "--screenshots" flag: unknown screenshots mode "some" (want findings, all or none)`},
		{[]string{"--annotations", "gitlab"}, `"gitlab" for "--annotations" flag: want github, none or auto`},
		{[]string{"--require-on", "some"}, `"some" for "--require-on" flag: want entry or all`},
		{[]string{"--rewrite-host", "staging"}, `"staging" for "--rewrite-host" flag: rewrite "staging": want FROM=TO`},
		{[]string{"--retries", "-1"}, `"-1" for "--retries" flag: want a whole number from 0 (no retry) to 10`},
		{[]string{"--retries", "11"}, `"11" for "--retries" flag: want a whole number from 0 (no retry) to 10`},
		{[]string{"--retries", "once"}, `"once" for "--retries" flag: want a whole number`},
		{[]string{"--max-duration", "-1m"}, `"-1m" for "--max-duration" flag: want a duration such as 30m or 2h (0: no deadline)`},
		{[]string{"--max-duration", "soon"}, `"soon" for "--max-duration" flag: want a duration`},
		{[]string{"--recycle-pages", "-5"}, `"-5" for "--recycle-pages" flag: want a whole number of page-viewports (0: never)`},
		{[]string{"--max-browser-rss", "lots"}, `"lots" for "--max-browser-rss" flag: want a size such as 3GiB or 800MiB (0: none)`},
		{[]string{"--max-browser-rss", "-1GiB"}, `"-1GiB" for "--max-browser-rss" flag: want a size`},
		{[]string{"--map", "Footer.vue"}, `"Footer.vue" for "--map" flag: map "Footer.vue": want URL-GLOB=FILE[:LINE]`},
		{[]string{"--map", "http://x/**=nosuch.vue"}, `"http://x/**=nosuch.vue" for "--map" flag: nosuch.vue: no such file`},
	}
	t.Chdir(t.TempDir())
	for _, tt := range tests {
		code, _, stderr := runCLI(t, append([]string{"scan"}, tt.args...)...)
		if code != exitSetup || !strings.Contains(stderr, tt.want) {
			t.Errorf("scan %q: exit %d, want %d and %q in\n%s", tt.args, code, exitSetup, tt.want, stderr)
		}
	}
}

// TestTypedFlagValuesKept checks that good values parse into what the scan
// uses: normalised, repeated --level values merged with the last winning.
func TestTypedFlagValuesKept(t *testing.T) {
	fs, cfg, in := scanFlags("scan", &strings.Builder{})
	args := []string{"--viewport", " Desktop ,mobile,desktop", "--level", "icp003=off", "--level", "ICP003=warning",
		"--fail-on", "None", "--block", "media, Images,images", "--rate", "0.5/s", "--scope", "site",
		"--screenshots", "all", "--annotations", "none", "--require-on", "all"}
	if err := parseOnce(fs, args, map[string]string{}); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range cfg.viewports.list {
		names = append(names, v.Name)
	}
	if got := strings.Join(names, ","); got != "desktop,mobile" {
		t.Errorf("viewports %s, want desktop,mobile", got)
	}
	if got := cfg.levels.levels["ICP003"]; got != "warning" || len(cfg.levels.levels) != 1 {
		t.Errorf("levels %v, want ICP003 warning", cfg.levels.levels)
	}
	if cfg.failOn.level != "" {
		t.Errorf("fail-on %q, want none", cfg.failOn.level)
	}
	if got := strings.Join(in.block.classes, ","); got != "images,media" {
		t.Errorf("block %s", got)
	}
	if in.rate.perHost != 0.5 || in.scope.mode != "site" || !in.requireOn.all {
		t.Errorf("rate %v, scope %q, require-on all %v", in.rate.perHost, in.scope.mode, in.requireOn.all)
	}
	if cfg.out.screenshots.when != "all" || cfg.out.annotations.mode != "none" {
		t.Errorf("screenshots %q, annotations %q", cfg.out.screenshots.when, cfg.out.annotations.mode)
	}
}

// TestExitCode checks main's mapping of run's error to the exit code and
// what it prints.
func TestExitCode(t *testing.T) {
	tests := []struct {
		err    error
		code   int
		stderr string
	}{
		{nil, exitOK, ""},
		{&exitError{code: exitFindings}, exitFindings, ""},
		{&exitError{code: exitFailed, err: errors.New("2 page-viewport(s) could not be checked")}, exitFailed, "beiancheck: 2 page-viewport(s) could not be checked\n"},
		{fmt.Errorf("wrapped: %w", &exitError{code: exitFindings}), exitFindings, ""},
		{errors.New("fetch https://qa:s3cret@a.example/: refused"), exitSetup, "beiancheck: fetch https://***@a.example/: refused\n"},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		if code := exitCode(tt.err, &stderr); code != tt.code || stderr.String() != tt.stderr {
			t.Errorf("exitCode(%v) = %d, %q; want %d, %q", tt.err, code, stderr.String(), tt.code, tt.stderr)
		}
	}
}

// TestRetryFlagsKept checks the defaults of --retries (1) and
// --max-duration (none), and that given values are kept.
func TestRetryFlagsKept(t *testing.T) {
	fs, cfg, _ := scanFlags("scan", &strings.Builder{})
	if err := parseOnce(fs, nil, map[string]string{}); err != nil {
		t.Fatal(err)
	}
	if cfg.retries.n != 1 || cfg.maxDuration.d != 0 {
		t.Errorf("defaults: --retries %d, --max-duration %v; want 1 and none", cfg.retries.n, cfg.maxDuration.d)
	}
	fs, cfg, _ = scanFlags("scan", &strings.Builder{})
	if err := parseOnce(fs, []string{"--retries", "0", "--max-duration", "90m"}, map[string]string{}); err != nil {
		t.Fatal(err)
	}
	if cfg.retries.n != 0 || cfg.maxDuration.d.String() != "1h30m0s" {
		t.Errorf("--retries 0 --max-duration 90m: %d, %v", cfg.retries.n, cfg.maxDuration.d)
	}
}

// TestRecycleFlagsKept checks the recycling defaults and that sizes parse
// in their units.
func TestRecycleFlagsKept(t *testing.T) {
	fs, cfg, _ := scanFlags("scan", &strings.Builder{})
	if err := parseOnce(fs, nil, map[string]string{}); err != nil {
		t.Fatal(err)
	}
	if cfg.recyclePages.n != 2000 || cfg.maxRSS.bytes != 3<<30 || cfg.maxRSS.String() != "3GiB" {
		t.Errorf("defaults: --recycle-pages %d, --max-browser-rss %d (%s); want 2000 and 3GiB", cfg.recyclePages.n, cfg.maxRSS.bytes, cfg.maxRSS.String())
	}
	for in, want := range map[string]int64{"800MiB": 800 << 20, "2G": 2 << 30, "512KB": 512 << 10, "4096": 4096, "0": 0} {
		fs, cfg, _ = scanFlags("scan", &strings.Builder{})
		if err := parseOnce(fs, []string{"--max-browser-rss", in, "--recycle-pages", "0"}, map[string]string{}); err != nil {
			t.Fatal(err)
		}
		if cfg.maxRSS.bytes != want || cfg.recyclePages.n != 0 {
			t.Errorf("--max-browser-rss %s --recycle-pages 0: %d bytes, %d pages; want %d and 0", in, cfg.maxRSS.bytes, cfg.recyclePages.n, want)
		}
	}
}
