package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
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

// defaultTimeout is --timeout's default: one page at one viewport.
const defaultTimeout = 30 * time.Second

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
  beiancheck discover [--json] DIR    list a mini-program project's web-view URLs
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
	case "discover":
		return runDiscover(args[1:], stdout, stderr)
	case "doctor":
		return runDoctor(ctx, args[1:], stdout, stderr)
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
	viewports   *viewportsFlag
	failOn      failOnFlag
	chrome      string
	timeout     time.Duration
	retries     retriesFlag
	maxDuration maxDurationFlag
	// browser recycling
	recyclePages recyclePagesFlag
	maxRSS       sizeFlag
	heapCap      sizeFlag // --max-page-heap
	expect       []string
	expectFile   string
	levels       levelsFlag
	concurrency  int
	quiet        bool
	// baseline comparison and source maps
	baseline       string
	failOnNew      bool
	updateBaseline string
	maps           listFlag[scanner.SourceMap]
}

func (c *scanConfig) bind(fs *pflag.FlagSet, demo bool) {
	c.out.bind(fs)
	c.viewports = newViewportsFlag("mobile,desktop")
	fs.Var(c.viewports, "viewport", "viewports to render (comma-separated): mobile, desktop, and the same devices in dark mode mobile-dark, desktop-dark")
	c.failOn.level = rules.LevelError
	if demo {
		c.failOn.level = ""
	}
	fs.Var(&c.failOn, "fail-on", "exit 1 when a finding is at or above this level: error, warning, note or none")
	fs.StringVar(&c.chrome, "chrome", "", "Chromium binary (default: $"+browser.ChromeEnv+", then chromium-headless-shell, chromium, chromium-browser, google-chrome on PATH)")
	fs.DurationVar(&c.timeout, "timeout", defaultTimeout, "deadline for one page at one viewport")
	c.retries.n = 1
	fs.Var(&c.retries, "retries", "try a page-viewport again this many times after a network error, a timeout before the server answered or HTTP 5xx/429 (0: never)")
	c.recyclePages.n, c.maxRSS.bytes = defaultRecyclePages, defaultMaxBrowserRSS
	fs.Var(&c.recyclePages, "recycle-pages", "restart the browser between pages after this many page-viewports (0: never)")
	fs.Var(&c.maxRSS, "max-browser-rss", "restart the browser between pages when its processes' resident memory has stayed past this `SIZE` for longer than --timeout, e.g. 3GiB (0: never)")
	c.heapCap.bytes = browser.DefaultHeapCap
	fs.Var(&c.heapCap, "max-page-heap", "cap each renderer's JavaScript heap at this `SIZE` in whole MiB, at least 64MiB (0: none); a page past it ends as renderer out of memory")
	fs.Var(&c.maxDuration, "max-duration", "deadline of the whole run; page-viewports not finished then are not scanned (exit 3); 0: none")
	fs.StringArrayVar(&c.expect, "expect", nil, "the filing number pages must show, `[HOST=]NUMBER`, e.g. 京ICP备2021012345号-1 or www.example.com=京ICP备2021012345号-1 (repeatable; ICP014 is an error when it differs)")
	fs.StringVar(&c.expectFile, "expect-file", "", "read expected numbers by host from `FILE`: one \"HOST NUMBER\" a line, # comments")
	fs.Var(&c.levels, "level", "override a rule's level: `RULE=LEVEL` with LEVEL error, warning, note or off (repeatable)")
	fs.IntVar(&c.concurrency, "concurrency", 2, "pages rendered at once (each worker keeps one tab per viewport)")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "print no progress and no summary on stderr")
	fs.StringVar(&c.baseline, "baseline", "", "compare with an earlier JSON report `FILE`: findings become new, unchanged or absent (fixed)")
	fs.BoolVar(&c.failOnNew, "fail-on-new", false, "with --baseline: exit 1 only for new findings at or above --fail-on")
	c.maps.parse = parseMap
	fs.Var(&c.maps, "map", "point findings of matching pages at their template, `URL-GLOB=FILE[:LINE]` (** any text, * no slash); repeatable")
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
