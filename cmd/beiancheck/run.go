package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/fixtures"
	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
	"github.com/beiancheck/beiancheck/scanner/report"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// Exit codes, documented in the README.
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitSetup    = 2 // usage or set-up error
	exitFailed   = 3 // a target could not be loaded or measured
)

// exitError carries an exit code; a nil err prints nothing.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: exitSetup, err: fmt.Errorf(format+" (see beiancheck help)", args...)}
}

const usage = `beiancheck checks that web pages show the ICP filing number in the footer,
centred, readable and linked to https://beian.miit.gov.cn/.

Usage:
  beiancheck scan [flags] TARGET...   scan URLs, .html files or directories
  beiancheck demo [flags]             scan the bundled demo site
  beiancheck rules [ID]               list the rules, or print one rule's help
  beiancheck doctor [--chrome PATH]   check the browser, sandbox and CJK fonts
  beiancheck version                  print the version
  beiancheck help [COMMAND]           print this help, or a command's (its flags)

Run "beiancheck help scan" for the flags.
`

// run is the whole program; main only adds the signal context and the exit
// code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &exitError{code: exitSetup}
	}
	switch args[0] {
	case "scan":
		return runScan(ctx, "scan", args[1:], stdin, stdout, stderr)
	case "demo":
		return runScan(ctx, "demo", args[1:], stdin, stdout, stderr)
	case "rules":
		return runRules(args[1:], stdout, stderr)
	case "doctor":
		if len(args) == 2 && (args[1] == "--help" || args[1] == "-h") {
			return runHelp([]string{"doctor"}, stdout)
		}
		return runDoctor(ctx, args[1:], stdout)
	case "version", "--version":
		if done, err := noArgs("version", args[1:], stdout, stderr); done || err != nil {
			return err
		}
		_, err := fmt.Fprintf(stdout, "beiancheck %s\n", version)
		return err
	case "help", "-h", "--help":
		return runHelp(args[1:], stdout)
	}
	return unknownCommand(args[0])
}

// scanConfig is what the scan flags say.
type scanConfig struct {
	out         outputConfig
	viewports   string
	failOn      string
	chrome      string
	timeout     time.Duration
	expect      []string
	expectFile  string
	levels      []string
	concurrency int
	quiet       bool
	// baseline comparison and source maps
	baseline       string
	failOnNew      bool
	updateBaseline string
	maps           []string
}

func (c *scanConfig) bind(fs *pflag.FlagSet, demo bool) {
	c.out.bind(fs)
	fs.StringVar(&c.viewports, "viewport", "mobile,desktop", "viewports to render: mobile, desktop or both (comma-separated)")
	failOn := "error"
	if demo {
		failOn = "none"
	}
	fs.StringVar(&c.failOn, "fail-on", failOn, "exit 1 when a finding is at or above this level: error, warning, note or none")
	fs.StringVar(&c.chrome, "chrome", "", "Chromium binary (default: $"+browser.ChromeEnv+", then chromium-headless-shell, chromium, chromium-browser, google-chrome on PATH)")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "deadline for one page at one viewport")
	fs.StringArrayVar(&c.expect, "expect", nil, "the filing number pages must show, `[HOST=]NUMBER`, e.g. 京ICP备2021012345号-1 or www.example.com=京ICP备2021012345号-1 (repeatable; ICP014 is an error when it differs)")
	fs.StringVar(&c.expectFile, "expect-file", "", "read expected numbers by host from `FILE`: one \"HOST NUMBER\" a line, # comments")
	fs.StringArrayVar(&c.levels, "level", nil, "override a rule's level: `RULE=LEVEL` with LEVEL error, warning, note or off (repeatable)")
	fs.IntVar(&c.concurrency, "concurrency", 2, "pages rendered at once (each worker keeps one tab per viewport)")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "print no progress and no summary on stderr")
	fs.StringVar(&c.baseline, "baseline", "", "compare with an earlier JSON report `FILE`: findings become new, unchanged or absent (fixed)")
	fs.BoolVar(&c.failOnNew, "fail-on-new", false, "with --baseline: exit 1 only for new findings at or above --fail-on")
	fs.StringArrayVar(&c.maps, "map", nil, "point findings of matching pages at their template, `URL-GLOB=FILE[:LINE]` (** any text, * no slash); repeatable")
	fs.StringVar(&c.updateBaseline, "update-baseline", "", "write this run's findings as the accepted baseline to `FILE` (a JSON report)")
}

// scanFlags is the flag set of scan or demo; its Usage prints the help on
// w (stdout: "help scan" and "scan --help" print the same).
func scanFlags(cmd string, w io.Writer) (*pflag.FlagSet, *scanConfig, *inputConfig) {
	fs := pflag.NewFlagSet(cmd, pflag.ContinueOnError)
	fs.SetOutput(w)
	cfg := &scanConfig{}
	cfg.bind(fs, cmd == "demo")
	in := &inputConfig{}
	if cmd == "scan" {
		in.bind(fs)
	}
	fs.String("config", "", "read flags from a YAML `FILE` (default: ./beiancheck.yaml when it exists); command-line flags win")
	fs.Usage = func() {
		if cmd == "demo" {
			fmt.Fprint(w, "Usage: beiancheck demo [flags]\n\nScans the demo site bundled in the binary.\n\nFlags:\n")
		} else {
			fmt.Fprint(w, "Usage: beiancheck scan [flags] TARGET...\n\nTARGET is an http(s) URL, a local .html file or a directory (every .html under it,\nserved read-only on 127.0.0.1).\n\nFlags:\n")
		}
		fs.PrintDefaults()
	}
	return fs, cfg, in
}

func runScan(ctx context.Context, cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, cfg, in := scanFlags(cmd, stdout)
	args, cfgPath, err := configArgs(args)
	if err != nil {
		return usageError("%v", err)
	}
	var fileTargets, fileFlags []string
	fileSeen, cmdSeen := map[string]string{}, map[string]string{}
	if cfgPath != "" {
		if fileFlags, fileTargets, err = readConfig(cfgPath, fs); err != nil {
			return &exitError{code: exitSetup, err: err}
		}
		if err := parseOnce(fs, fileFlags, fileSeen); err != nil {
			return &exitError{code: exitSetup, err: fmt.Errorf("%s: %w", cfgPath, err)}
		}
	}
	// The command line is parsed after the file, so its flags win.
	if err := parseOnce(fs, args, cmdSeen); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitSetup, err: err}
	}
	positional := fs.Args()
	if len(positional) == 0 {
		positional = fileTargets
	}
	if cmd == "scan" && len(positional) == 0 && in.urlsFile == "" && len(in.sitemaps) == 0 {
		return usageError("scan needs at least one TARGET, --urls or --sitemap")
	}
	if cmd == "demo" && len(positional) > 0 {
		return usageError("demo takes no TARGET")
	}
	if err := checkOutputs(cfg, in.jsonl); err != nil {
		return &exitError{code: exitSetup, err: err}
	}
	if err := in.checkCrawlOnly(cfgPath, fileSeen, cmdSeen, stderr); err != nil {
		return err
	}
	if err := in.checkCrawlTargets(positional, stderr); err != nil {
		return err
	}

	ropts := rules.DefaultOptions(time.Now().Year())
	if ropts.Levels, err = parseLevels(cfg.levels); err != nil {
		return &exitError{code: exitSetup, err: err}
	}
	if n := countFlag(fileFlags, "expect"); n > 0 && len(cfg.expect) > n {
		// --expect on the command line replaces the config file's list.
		cfg.expect = cfg.expect[n:]
	}
	expect, err := parseExpect(cfg.expect, cfg.expectFile, ropts.Year)
	if err != nil {
		return usageError("%v", err)
	}
	ropts.Expect = expect.all
	viewports, err := scanner.ParseViewports(cfg.viewports)
	if err != nil {
		return usageError("--viewport: %v", err)
	}
	failOn, err := parseFailOn(cfg.failOn)
	if err != nil {
		return usageError("--fail-on: %v", err)
	}
	artifacts, err := cfg.out.check()
	if err != nil {
		return usageError("%v", err)
	}
	if fs.Changed("screenshots") && cfg.out.artifacts == "" {
		return usageError("--screenshots needs --artifacts DIR, the folder the screenshots go to")
	}
	if cfg.timeout <= 0 {
		return usageError("--timeout must be positive")
	}
	if cfg.concurrency < 1 {
		return usageError("--concurrency must be at least 1")
	}
	pl, err := in.parse()
	if err != nil {
		return usageError("%v", err)
	}
	maps, err := parseMaps(cfg.maps)
	if err != nil {
		return err
	}
	var baseline *scanner.Baseline
	if cfg.baseline != "" {
		f, err := os.Open(cfg.baseline)
		if err != nil {
			return usageError("--baseline: %v", err)
		}
		baseline, err = report.ReadBaseline(f, cfg.baseline)
		f.Close()
		if err != nil {
			return usageError("--baseline: %v", err)
		}
	} else if cfg.failOnNew {
		return usageError("--fail-on-new needs --baseline")
	}

	chrome, err := browser.FindChrome(cfg.chrome)
	if err != nil {
		return &exitError{code: exitSetup, err: err}
	}

	srv, err := scanner.ServeLocal()
	if err != nil {
		return &exitError{code: exitSetup, err: err}
	}
	defer srv.Close()
	var targets []scanner.Target
	if cmd == "demo" {
		names, err := scanner.PageNames(fixtures.Demo())
		if err != nil {
			return &exitError{code: exitSetup, err: fmt.Errorf("demo site: %w", err)}
		}
		targets = scanner.MountTargets(srv, fixtures.Demo(), "fixtures/demo", names)
	} else if targets, err = in.targets(ctx, pl, positional, srv, stdin, stderr); err != nil {
		return &exitError{code: exitSetup, err: err}
	}
	if len(targets) == 0 {
		return &exitError{code: exitSetup, err: errors.New("no page to scan: the lists and sitemaps given are empty")}
	}
	var jsonl *os.File
	if in.jsonl != "" {
		if jsonl, err = os.OpenFile(in.jsonl, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err != nil {
			return &exitError{code: exitSetup, err: fmt.Errorf("--jsonl: %w", err)}
		}
		defer jsonl.Close()
	}

	b, err := browser.Start(ctx, chrome)
	if err != nil {
		return &exitError{code: exitSetup, err: fmt.Errorf("%w; check the browser runs (beiancheck runs it with --headless)", err)}
	}
	defer b.Close()

	opts := scanner.Options{
		Viewports: viewports, Timeout: cfg.timeout, Concurrency: cfg.concurrency,
		Rules: ropts, Expect: expect.hosts, Local: srv, Version: version,
		Crawl: pl.crawl, Request: pl.request, Rate: pl.rate, RequireAll: pl.all,
		Artifacts: artifacts, Maps: maps,
	}
	var progress *Progress
	if !cfg.quiet {
		progress = NewProgress(stderr, isTerminal(stderr))
	}
	var jsonlErr error
	opts.OnPage = func(p scanner.PageResult, total int) {
		// Pages a cancelled run never started did not end: --jsonl
		// leaves them out.
		if jsonl != nil && jsonlErr == nil && !p.NotScanned() {
			jsonlErr = report.WriteJSONLine(jsonl, &p)
		}
		progress.Page(p, total)
	}
	res, scanErr := scanner.Scan(ctx, b, targets, opts)
	progress.Finish()
	if jsonl != nil {
		// Some file systems report a failed write only when the file is
		// closed: the lines would be lost unsaid.
		if err := jsonl.Close(); err != nil && jsonlErr == nil {
			jsonlErr = err
		}
	}
	res.Rules = rules.Catalogue(ropts.Levels)
	if baseline != nil {
		res.ApplyBaseline(baseline)
	}
	// A report that cannot be written late still leaves the others and the
	// summary, then fails the run.
	writeErr := finishReports(cfg, res, stdout, stderr)
	if jsonlErr != nil {
		writeErr = errors.Join(fmt.Errorf("--jsonl %s: %w", in.jsonl, jsonlErr), writeErr)
	}
	if writeErr != nil {
		return &exitError{code: exitSetup, err: writeErr}
	}
	if scanErr != nil {
		return &exitError{code: exitFailed, err: fmt.Errorf("scan interrupted: %w", scanErr)}
	}
	if n := len(res.Failed()); n > 0 {
		return &exitError{code: exitFailed, err: fmt.Errorf("%d page-viewport(s) could not be checked; they are not a pass", n)}
	}
	if failOn != "" && res.MaxLevel(cfg.failOnNew).Rank() >= failOn.Rank() {
		return &exitError{code: exitFindings}
	}
	return nil
}

// parseLevels reads --level RULE=LEVEL values; unknown rules and levels are
// usage errors.
func parseLevels(specs []string) (map[string]rules.Level, error) {
	out := map[string]rules.Level{}
	for _, s := range specs {
		id, lv, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("--level %q: want RULE=LEVEL", s)
		}
		id = strings.ToUpper(strings.TrimSpace(id))
		if rules.Lookup(id) == nil {
			return nil, fmt.Errorf("--level %q: unknown rule %s (see beiancheck rules)", s, id)
		}
		l, err := rules.ParseLevel(lv, true)
		if err != nil {
			return nil, fmt.Errorf("--level %q: %w", s, err)
		}
		out[id] = l
	}
	return out, nil
}

// countFlag counts the arguments a config file gave a flag (readConfig
// writes them as --name=value).
func countFlag(args []string, name string) int {
	n := 0
	for _, a := range args {
		if strings.HasPrefix(a, "--"+name+"=") {
			n++
		}
	}
	return n
}

// parseFailOn reads --fail-on; "none" gives the empty level.
func parseFailOn(s string) (rules.Level, error) {
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		return "", nil
	}
	return rules.ParseLevel(s, false)
}

// writeRules prints the catalogue: ID, level, name and title.
func writeRules(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tNAME\tTITLE")
	for _, r := range rules.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Level, r.Name, r.Title)
	}
	return tw.Flush()
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
