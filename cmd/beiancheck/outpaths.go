package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/report"
)

// outputPath is a file a flag asks the run to write.
type outputPath struct {
	flag, path string
}

// checkOutputs checks every output file before the first page loads, so
// that a run of an hour does not end unable to write its report: no two
// outputs on one file, each one's folder writable (missing folders are
// created when the report is written), the path not a directory, not a
// special file and not a read-only file. The check creates nothing: a
// probe file in the folder is removed at once, and existing reports are
// left as they are. The --baseline may be replaced by this run's JSON
// report (--json or --update-baseline), not by another format.
func checkOutputs(c *scanConfig, jsonl string) error {
	var outs []outputPath
	for _, r := range c.out.files() {
		if r.path != "-" || !r.stdout {
			outs = append(outs, outputPath{r.flag, r.path})
		}
	}
	outs = append(outs, outputPath{"--jsonl", jsonl}, outputPath{"--update-baseline", c.updateBaseline})
	type seenPath struct {
		outputPath
		abs string
		st  os.FileInfo // nil when the file does not exist yet
	}
	var seen []seenPath
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		abs, err := filepath.Abs(o.path)
		if err != nil {
			return fmt.Errorf("%s %s: %w", o.flag, o.path, err)
		}
		st, _ := os.Stat(abs)
		for _, p := range seen {
			if p.abs == abs || (st != nil && p.st != nil && os.SameFile(st, p.st)) {
				return fmt.Errorf("%s and %s both write %s: give each output its own file", p.flag, o.flag, o.path)
			}
		}
		if err := checkWritable(o.path); err != nil {
			return fmt.Errorf("%s %s: %w", o.flag, o.path, err)
		}
		seen = append(seen, seenPath{o, abs, st})
	}
	if c.baseline != "" {
		abs, err := filepath.Abs(c.baseline)
		if err != nil {
			return fmt.Errorf("--baseline %s: %w", c.baseline, err)
		}
		for _, p := range seen {
			if p.abs == abs && p.flag != "--json" && p.flag != "--update-baseline" {
				return fmt.Errorf("%s would replace the --baseline %s with another format: choose another file", p.flag, c.baseline)
			}
		}
	}
	if p := os.Getenv("GITHUB_STEP_SUMMARY"); p != "" && p != c.out.markdown {
		if err := checkWritable(p); err != nil {
			return fmt.Errorf("$GITHUB_STEP_SUMMARY %s: %w", p, err)
		}
	}
	return nil
}

// checkWritable checks that path can be written as a report: replaced by
// a file renamed into place, or appended to.
func checkWritable(path string) error {
	st, err := os.Stat(path)
	switch {
	case err == nil:
		switch {
		case st.IsDir():
			return errors.New("is a directory")
		case !st.Mode().IsRegular():
			return errors.New("is not a regular file (a report replaces the file; use - for stdout where a report can go there)")
		case st.Mode().Perm()&0o222 == 0:
			return errors.New("the file is read-only")
		}
	case errors.Is(err, fs.ErrNotExist), isNotDir(err):
	default:
		return err
	}
	// The nearest folder that exists must be one, and take new files.
	dir := filepath.Dir(path)
	for {
		st, err := os.Stat(dir)
		if err == nil {
			if !st.IsDir() {
				return fmt.Errorf("%s is not a directory", dir)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !isNotDir(err) {
			return err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return fmt.Errorf("no folder of %s exists", path)
		}
		dir = parent
	}
	probe, err := os.CreateTemp(dir, ".beiancheck-probe-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot create files in %s (%v)", dir, err)
	}
	name := probe.Name()
	return errors.Join(probe.Close(), os.Remove(name))
}

// finishReports writes every report asked for and then, unless quiet, the
// summary on stderr. A report that fails to write does not stop the
// others or the summary: the error, naming the flag or path, comes after.
func finishReports(c *scanConfig, res *scanner.Result, stdout, stderr io.Writer) error {
	errs := c.out.write(res, stdout)
	if c.updateBaseline != "" {
		if err := writeFile(c.updateBaseline, func(w io.Writer) error { return report.WriteJSON(w, res) }); err != nil {
			errs = errors.Join(errs, fmt.Errorf("--update-baseline: %w", err))
		}
	}
	if err := c.out.writeSummary(stderr, res, c.quiet); err != nil {
		errs = errors.Join(errs, err)
	}
	return errs
}

// isNotDir reports whether err says a part of the path is a file, not a
// folder (a.html/r.json).
func isNotDir(err error) bool { return errors.Is(err, syscall.ENOTDIR) }
