package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/fixtures"
	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
	"github.com/beiancheck/beiancheck/scanner/report"
)

// runScan is scan and demo: parse the flags and the config file, check
// them into a job, run it.
func runScan(ctx context.Context, cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	a, err := parseScan(cmd, args, stdout)
	if err != nil || a == nil {
		return err
	}
	s, err := a.settings(stderr)
	if err != nil {
		return err
	}
	j, err := newJob(ctx, s, stdin, stderr)
	if err != nil {
		return err
	}
	defer j.close()
	return j.run(ctx, stdout, stderr)
}

// scanArgs is what the command line and the config file say, parsed.
type scanArgs struct {
	cmd        string
	fs         *pflag.FlagSet
	cfg        *scanConfig
	in         *inputConfig
	cfgPath    string
	fileFlags  []string // the config file's flags, as --name=value
	positional []string // the targets: the arguments, else the file's
	fileSeen   map[string]string
	cmdSeen    map[string]string
}

// parseScan parses the config file, then the command line (its flags
// win). A nil scanArgs and error means --help was printed.
func parseScan(cmd string, args []string, stdout io.Writer) (*scanArgs, error) {
	fs, cfg, in := scanFlags(cmd, stdout)
	args, cfgPath, err := configArgs(args)
	if err != nil {
		return nil, usageError("%v", err)
	}
	a := &scanArgs{cmd: cmd, fs: fs, cfg: cfg, in: in, cfgPath: cfgPath, fileSeen: map[string]string{}, cmdSeen: map[string]string{}}
	var fileTargets []string
	if cfgPath != "" {
		if a.fileFlags, fileTargets, err = readConfig(cfgPath, fs); err != nil {
			return nil, &exitError{code: exitSetup, err: err}
		}
		if err := parseOnce(fs, a.fileFlags, a.fileSeen); err != nil {
			return nil, &exitError{code: exitSetup, err: fmt.Errorf("%s: %w", cfgPath, err)}
		}
	}
	if err := parseOnce(fs, args, a.cmdSeen); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil, nil
		}
		return nil, &exitError{code: exitSetup, err: err}
	}
	a.positional = fs.Args()
	if len(a.positional) == 0 {
		a.positional = fileTargets
	}
	if cmd == "scan" && len(a.positional) == 0 && in.urlsFile == "" && len(in.sitemaps) == 0 && len(in.miniprograms.items) == 0 {
		return nil, usageError("scan needs at least one TARGET, --urls, --sitemap or --miniprogram")
	}
	if cmd == "demo" && len(a.positional) > 0 {
		return nil, usageError("demo takes no TARGET")
	}
	return a, nil
}

// scanSettings are the checked flags: everything the job needs but the
// browser, the local server and the targets.
type scanSettings struct {
	*scanArgs
	rules     rules.Options
	expect    expectations
	artifacts *scanner.Artifacts
	plan      *plan
	baseline  *scanner.Baseline
}

// settings checks the flags that depend on each other and reads the
// files they name (expectations, cookies, baseline); every error is a
// usage error.
func (a *scanArgs) settings(stderr io.Writer) (*scanSettings, error) {
	cfg, in := a.cfg, a.in
	if err := checkOutputs(cfg, in.jsonl); err != nil {
		return nil, &exitError{code: exitSetup, err: err}
	}
	if err := in.checkCrawlOnly(a.cfgPath, a.fileSeen, a.cmdSeen, stderr); err != nil {
		return nil, err
	}
	if err := in.checkCrawlTargets(a.positional, stderr); err != nil {
		return nil, err
	}
	if err := in.state.check(); err != nil {
		return nil, err
	}
	s := &scanSettings{scanArgs: a, rules: rules.DefaultOptions(time.Now().Year())}
	s.rules.Levels = cfg.levels.levels
	if s.rules.Levels == nil {
		s.rules.Levels = map[string]rules.Level{}
	}
	if n := countFlag(a.fileFlags, "expect"); n > 0 && len(cfg.expect) > n {
		// --expect on the command line replaces the config file's list.
		cfg.expect = cfg.expect[n:]
	}
	var err error
	if s.expect, err = parseExpect(cfg.expect, cfg.expectFile, s.rules.Year); err != nil {
		return nil, usageError("%v", err)
	}
	s.rules.Expect = s.expect.all
	if s.artifacts, err = cfg.out.check(); err != nil {
		return nil, usageError("%v", err)
	}
	if a.fs.Changed("screenshots") && cfg.out.artifacts == "" {
		return nil, usageError("--screenshots needs --artifacts DIR, the folder the screenshots go to")
	}
	if cfg.timeout <= 0 {
		return nil, usageError("--timeout must be positive")
	}
	if cfg.concurrency < 1 {
		return nil, usageError("--concurrency must be at least 1")
	}
	if h := cfg.heapCap.bytes; h != 0 && (h < minHeapCap || h%(1<<20) != 0) {
		return nil, usageError("--max-page-heap %s: want whole MiB, at least %dMiB (or 0 for no cap)", cfg.heapCap.String(), minHeapCap>>20)
	}
	if s.plan, err = in.parse(); err != nil {
		return nil, usageError("%v", err)
	}
	if s.baseline, err = readBaseline(cfg); err != nil {
		return nil, err
	}
	return s, nil
}

// readBaseline reads the --baseline report; nil without one.
func readBaseline(cfg *scanConfig) (*scanner.Baseline, error) {
	if cfg.baseline == "" {
		if cfg.failOnNew {
			return nil, usageError("--fail-on-new needs --baseline")
		}
		return nil, nil
	}
	f, err := os.Open(cfg.baseline)
	if err != nil {
		return nil, usageError("--baseline: %v", err)
	}
	defer f.Close()
	b, err := report.ReadBaseline(f, cfg.baseline)
	if err != nil {
		return nil, usageError("--baseline: %v", err)
	}
	return b, nil
}

// scanJob is a scan ready to run: its targets gathered, the local server
// up and the --jsonl file open. close releases them.
type scanJob struct {
	*scanSettings
	chrome  string
	srv     *scanner.LocalServer
	targets []scanner.Target
	jsonl   *os.File
}

// newJob finds the browser, starts the local server and gathers the
// targets.
func newJob(ctx context.Context, s *scanSettings, stdin io.Reader, stderr io.Writer) (*scanJob, error) {
	chrome, err := browser.FindChrome(s.cfg.chrome)
	if err != nil {
		return nil, &exitError{code: exitSetup, err: err}
	}
	srv, err := scanner.ServeLocal()
	if err != nil {
		return nil, &exitError{code: exitSetup, err: err}
	}
	j := &scanJob{scanSettings: s, chrome: chrome, srv: srv}
	if err := j.gather(ctx, stdin, stderr); err != nil {
		j.close()
		return nil, err
	}
	if s.in.jsonl != "" {
		if j.jsonl, err = os.OpenFile(s.in.jsonl, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err != nil {
			j.close()
			return nil, &exitError{code: exitSetup, err: fmt.Errorf("--jsonl: %w", err)}
		}
	}
	return j, nil
}

// gather sets the targets: the demo site's pages, or what the arguments,
// --urls and --sitemap name.
func (j *scanJob) gather(ctx context.Context, stdin io.Reader, stderr io.Writer) error {
	var err error
	if j.cmd == "demo" {
		names, err := scanner.PageNames(fixtures.Demo())
		if err != nil {
			return &exitError{code: exitSetup, err: fmt.Errorf("demo site: %w", err)}
		}
		j.targets = scanner.MountTargets(j.srv, fixtures.Demo(), "fixtures/demo", names)
	} else if j.targets, err = j.in.targets(ctx, j.plan, j.positional, j.srv, stdin, stderr); err != nil {
		return &exitError{code: exitSetup, err: err}
	}
	if len(j.targets) == 0 {
		return &exitError{code: exitSetup, err: errors.New("no page to scan: the lists and sitemaps given are empty")}
	}
	return nil
}

// close closes the --jsonl file (when run has not) and stops the local
// server.
func (j *scanJob) close() {
	if j.jsonl != nil {
		j.jsonl.Close()
	}
	j.srv.Close()
}

// options are the scanner's options of the job.
func (j *scanJob) options() scanner.Options {
	cfg, pl := j.cfg, j.plan
	return scanner.Options{
		Viewports: miniprogramViewports(cfg.viewports.list, j.fs.Changed("viewport"), j.targets), Timeout: cfg.timeout, Concurrency: cfg.concurrency,
		Rules: j.rules, Expect: j.expect.hosts, Local: j.srv, Version: version,
		Crawl: pl.crawl, Request: pl.request, Rate: pl.rate, RequireAll: pl.all,
		Artifacts: j.artifacts, Maps: cfg.maps.items,
		Retry: scanner.Retry{Retries: cfg.retries.n}, MaxDuration: cfg.maxDuration.d,
	}
}

// run starts the browser, scans, writes the reports and turns the result
// into the exit code's error.
func (j *scanJob) run(ctx context.Context, stdout, stderr io.Writer) error {
	bopts, stopProxy, err := j.egressProxy(ctx)
	if err != nil {
		return err
	}
	defer stopProxy()
	b, err := browser.Start(ctx, j.chrome, append(bopts, browser.WithHeapCap(j.cfg.heapCap.bytes))...)
	if err != nil {
		return &exitError{code: exitSetup, err: fmt.Errorf("%w; check the browser runs (beiancheck runs it with --headless)", err)}
	}
	defer b.Close()
	// Memory past --max-browser-rss for longer than a page can take is
	// the browser's own, not a heavy page's in flight.
	b.Recycle = browser.Recycle{Pages: j.cfg.recyclePages.n, MaxRSS: j.cfg.maxRSS.bytes, Over: j.cfg.timeout}
	st, err := j.openState(b.Product, stderr)
	if err != nil {
		return err
	}

	opts := j.options()
	opts.State = st
	var progress *Progress
	if !j.cfg.quiet {
		progress = NewProgress(stderr, isTerminal(stderr))
	}
	var jsonlErr error
	opts.OnPage = func(p scanner.PageResult, total int) {
		// Pages a cancelled run never started did not end: --jsonl
		// leaves them out.
		// A resumed run's journaled pages are there already.
		if j.jsonl != nil && jsonlErr == nil && !p.NotScanned() && !st.Replaying() {
			jsonlErr = report.WriteJSONLine(j.jsonl, &p)
		}
		progress.Page(p, total)
	}
	res, scanErr := scanner.Scan(ctx, b, j.targets, opts)
	progress.Finish()
	stateErr := closeState(st, j.in.state.dir)
	if j.jsonl != nil {
		// Some file systems report a failed write only when the file is
		// closed: the lines would be lost unsaid.
		err := j.jsonl.Close()
		j.jsonl = nil
		if err != nil && jsonlErr == nil {
			jsonlErr = err
		}
	}
	res.Rules = rules.Catalogue(j.rules.Levels)
	if j.baseline != nil {
		res.ApplyBaseline(j.baseline)
	}
	// A report that cannot be written late still leaves the others and the
	// summary, then fails the run.
	writeErr := finishReports(j.cfg, res, stdout, stderr)
	if jsonlErr != nil {
		writeErr = errors.Join(fmt.Errorf("--jsonl %s: %w", j.in.jsonl, jsonlErr), writeErr)
	}
	writeErr = errors.Join(stateErr, writeErr)
	if writeErr != nil {
		return &exitError{code: exitSetup, err: writeErr}
	}
	return j.verdict(res, scanErr)
}

// notScanned counts the page-viewports a run left not scanned.
func notScanned(res *scanner.Result) int {
	n := 0
	for i := range res.Pages {
		if res.Pages[i].NotScanned() {
			n++
		}
	}
	return n
}

// verdict is the error of a scan whose reports are written: interrupted,
// pages not checked, findings at or above --fail-on, or nil.
func (j *scanJob) verdict(res *scanner.Result, scanErr error) error {
	if errors.Is(scanErr, scanner.ErrRunDeadline) {
		return &exitError{code: exitFailed, err: fmt.Errorf("--max-duration %s passed: %d page-viewport(s) not scanned; they are not a pass", j.cfg.maxDuration.d, notScanned(res))}
	}
	if scanErr != nil {
		return &exitError{code: exitFailed, err: fmt.Errorf("scan interrupted: %w", scanErr)}
	}
	if n := len(res.Failed()); n > 0 {
		return &exitError{code: exitFailed, err: fmt.Errorf("%d page-viewport(s) could not be checked; they are not a pass", n)}
	}
	if s := res.Summary(); s.Pages > 0 && s.Skipped == s.Pages {
		// Nothing checked is no pass: a sitemap given as a target, a crawl
		// robots.txt shuts out.
		return &exitError{code: exitFailed, err: fmt.Errorf("no page-viewport was checked: all %d were skipped (see the summary); nothing is a pass", s.Pages)}
	}
	if failOn := j.cfg.failOn.level; failOn != "" && res.MaxLevel(j.cfg.failOnNew).Rank() >= failOn.Rank() {
		return &exitError{code: exitFindings}
	}
	return nil
}
