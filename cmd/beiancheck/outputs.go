package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/report"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// outputConfig is what the report flags say.
type outputConfig struct {
	json, sarif, html, markdown, junit string
	annotations                        annotationsFlag
	artifacts                          string
	screenshots                        screenshotsFlag
	summary                            summaryFlag
}

// summaryFlag is --summary, a typed value: an unknown mode is a usage
// error when the flags are parsed.
type summaryFlag struct{ rows report.SummaryRows }

func (f *summaryFlag) String() string {
	if f.rows == "" {
		return string(report.SummaryAuto)
	}
	return string(f.rows)
}

func (f *summaryFlag) Set(s string) error {
	rows, err := report.ParseSummaryRows(s)
	if err != nil {
		return err
	}
	f.rows = rows
	return nil
}

func (f *summaryFlag) Type() string { return "MODE" }

func (c *outputConfig) bind(fs *pflag.FlagSet) {
	fs.StringVar(&c.json, "json", "", "write the JSON report to `FILE` (- for stdout)")
	fs.StringVar(&c.sarif, "sarif", "", "write the SARIF 2.1.0 report to `FILE` (- for stdout)")
	fs.StringVar(&c.html, "html", "", "write the HTML report to `FILE` (self-contained: screenshots up to 200 KiB embedded, linked to their files under --artifacts)")
	fs.StringVar(&c.markdown, "markdown", "", "write a Markdown summary to `FILE` (- for stdout); appended to $GITHUB_STEP_SUMMARY when that is set")
	fs.StringVar(&c.junit, "junit", "", "write JUnit XML to `FILE` (- for stdout), one testcase per page-viewport")
	c.annotations.mode = "auto"
	fs.Var(&c.annotations, "annotations", "print CI annotations on stdout: github, none, or auto (github when GITHUB_ACTIONS=true)")
	fs.StringVar(&c.artifacts, "artifacts", "", "write evidence screenshots under `DIR`")
	c.screenshots.when = scanner.ScreenshotsFindings
	fs.Var(&c.screenshots, "screenshots", "with --artifacts: screenshots of page-viewports with findings, all, or none")
	fs.Var(&c.summary, "summary", fmt.Sprintf("page-viewports the summary on stderr lists: all, failures, none (the totals only) or auto (all up to %d, failures above)", report.SummaryAutoMax))
}

// check validates the report flags.
func (c *outputConfig) check() (*scanner.Artifacts, error) {
	stdout := 0
	for _, p := range []string{c.json, c.sarif, c.markdown, c.junit} {
		if p == "-" {
			stdout++
		}
	}
	if stdout > 1 {
		return nil, errors.New("only one report can go to stdout (-)")
	}
	if c.html == "-" {
		return nil, errors.New("--html needs a file: its screenshots are relative to it")
	}
	if stdout > 0 && c.annotationsOn() {
		return nil, errors.New("annotations go to stdout: with a report on stdout pass --annotations none")
	}
	shots := c.screenshots.when
	if c.artifacts == "" || shots == scanner.ScreenshotsNone {
		return nil, nil
	}
	return &scanner.Artifacts{Dir: c.artifacts, When: shots}, nil
}

func (c *outputConfig) annotationsOn() bool {
	return c.annotations.mode == "github" || (c.annotations.mode == "auto" && os.Getenv("GITHUB_ACTIONS") == "true")
}

// write writes every report asked for. A file is written whole or not at
// all (a temporary file renamed into place): a truncated report would be a
// silent false pass. A report that fails does not stop the others; the
// errors are joined.
// reportFile is one report flag: where it goes and how it is written.
// With stdout, the path "-" sends it to stdout.
type reportFile struct {
	flag, path string
	stdout     bool
	write      func(io.Writer, *scanner.Result) error
}

// files lists the report flags in flag order.
func (c *outputConfig) files() []reportFile {
	return []reportFile{
		{"--json", c.json, true, report.WriteJSON},
		{"--sarif", c.sarif, true, report.WriteSARIF},
		{"--html", c.html, false, func(w io.Writer, res *scanner.Result) error { return writeHTML(w, res, c.html, c.artifacts) }},
		{"--markdown", c.markdown, true, report.WriteMarkdown},
		{"--junit", c.junit, true, report.WriteJUnit},
	}
}

func (c *outputConfig) write(res *scanner.Result, stdout io.Writer) error {
	var errs error
	for _, out := range c.files() {
		switch {
		case out.path == "":
		case out.path == "-" && out.stdout:
			if err := out.write(stdout, res); err != nil {
				errs = errors.Join(errs, fmt.Errorf("write report to stdout: %w", err))
			}
		default:
			if err := writeFile(out.path, func(w io.Writer) error { return out.write(w, res) }); err != nil {
				errs = errors.Join(errs, err)
			}
		}
	}
	if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" && c.markdown != p {
		if err := appendFile(p, func(w io.Writer) error { return report.WriteMarkdown(w, res) }); err != nil {
			errs = errors.Join(errs, err)
		}
	}
	if c.annotationsOn() {
		if err := report.WriteAnnotations(stdout, res); err != nil {
			errs = errors.Join(errs, fmt.Errorf("write annotations: %w", err))
		}
	}
	return errs
}

// writeSummary writes the summary for people on stderr; with quiet, only
// the warning that screenshots could not be written, which the summary
// would otherwise carry (once per run, not per page).
func (c *outputConfig) writeSummary(stderr io.Writer, res *scanner.Result, quiet bool) error {
	if quiet {
		if w := report.ScreenshotWarning(res); w != "" {
			if _, err := fmt.Fprintln(stderr, "beiancheck: warning:", sanitize.Text(w)); err != nil {
				return fmt.Errorf("write summary: %w", err)
			}
		}
		return nil
	}
	return report.WriteSummaryWith(stderr, res, report.SummaryOptions{Rows: c.summary.rows})
}

func writeFile(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, ".beiancheck-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// appendFile appends to a file GitHub collects (the job summary).
func appendFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeHTML writes the HTML report: screenshots embedded (the report
// shows them without the artifacts directory) and linked to their
// full-size files relative to the report's own directory.
func writeHTML(w io.Writer, res *scanner.Result, htmlPath, artifacts string) error {
	if artifacts == "" {
		return report.WriteHTML(w, res, report.HTMLOptions{})
	}
	absHTML, err1 := filepath.Abs(filepath.Dir(htmlPath))
	absArt, err2 := filepath.Abs(artifacts)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	rel, err := filepath.Rel(absHTML, absArt)
	if err != nil {
		return err
	}
	// The screenshots may be missing (they could not be written): the
	// report then says so for each one.
	root, openErr := os.OpenRoot(artifacts)
	if openErr == nil {
		defer root.Close()
	}
	read := func(name string) ([]byte, error) {
		if openErr != nil {
			return nil, openErr
		}
		return root.ReadFile(filepath.FromSlash(name))
	}
	return report.WriteHTML(w, res, report.HTMLOptions{ArtifactsBase: filepath.ToSlash(rel) + "/", ReadArtifact: read})
}
