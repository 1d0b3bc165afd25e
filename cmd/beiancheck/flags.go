package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/scanner"
)

// parseOnce parses args into fs, refusing a single-value flag given twice
// (pflag would keep the last silently). seen collects the flags set, with
// their last value: one map per source, so that a flag on the command line
// overrides the config file's instead of being given twice.
func parseOnce(fs *pflag.FlagSet, args []string, seen map[string]string) error {
	return fs.ParseAll(args, func(f *pflag.Flag, value string) error {
		if prev, ok := seen[f.Name]; ok && !repeatable(f) {
			return fmt.Errorf("--%s given twice (%q, then %q): it takes one value", f.Name, prev, value)
		}
		seen[f.Name] = value
		return fs.Set(f.Name, value)
	})
}

// repeatable reports whether a flag collects every value given.
func repeatable(f *pflag.Flag) bool {
	t := f.Value.Type()
	return strings.Contains(t, "Array") || strings.Contains(t, "Slice")
}

// crawlOnly are the flags that mean something only with --crawl.
var crawlOnly = []string{"exclude", "ignore-robots", "include", "max-depth", "max-pages", "scope"}

// checkCrawlOnly refuses crawl-only flags without --crawl. On the command
// line they are a usage error. In the config file they are an error too,
// unless --crawl=false on the command line turned off the file's crawl:
// then they are ignored with a warning on stderr.
func (c *inputConfig) checkCrawlOnly(cfgPath string, fileSeen, cmdSeen map[string]string, stderr io.Writer) error {
	if c.crawl {
		return nil
	}
	var ignored []string
	for _, name := range crawlOnly {
		if _, ok := cmdSeen[name]; ok {
			return usageError("--%s needs --crawl", name)
		}
		if _, ok := fileSeen[name]; !ok {
			continue
		}
		if _, ok := cmdSeen["crawl"]; !ok {
			return &exitError{code: exitSetup, err: fmt.Errorf("%s: %s needs crawl: true (or --crawl)", cfgPath, name)}
		}
		ignored = append(ignored, name)
	}
	if len(ignored) > 0 {
		fmt.Fprintf(stderr, "beiancheck: warning: %s: %s ignored: --crawl=false on the command line turns the crawl off\n", cfgPath, strings.Join(ignored, ", "))
		c.include, c.exclude, c.ignoreRobots = nil, nil, false
	}
	return nil
}

// checkCrawlTargets refuses --crawl when every target is local (files and
// directories are scanned whole, and their links are not followed), and
// warns when some are: the crawl applies to the URL targets only.
func (c *inputConfig) checkCrawlTargets(positional []string, stderr io.Writer) error {
	if !c.crawl {
		return nil
	}
	var local []string
	for _, a := range positional {
		if !isURLTarget(a) {
			local = append(local, a)
		}
	}
	if len(local) == 0 {
		return nil
	}
	if len(local) == len(positional) && c.urlsFile == "" && len(c.sitemaps) == 0 {
		return usageError("--crawl follows the links of URL targets; local files and directories are scanned whole (every .html under a directory), so drop --crawl")
	}
	fmt.Fprintf(stderr, "beiancheck: warning: --crawl does not follow links of local targets (%s): they are scanned as given\n", strings.Join(local, ", "))
	return nil
}

// isURLTarget reports whether a target argument is an http(s) URL rather
// than a local path.
func isURLTarget(a string) bool {
	u, err := url.Parse(a)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https")
}

// parseMap reads a --map value; the file a map points at must exist, or
// SARIF would point code scanning at nothing.
func parseMap(m string) (scanner.SourceMap, error) {
	sm, err := scanner.ParseSourceMap(m)
	if err != nil {
		return sm, err
	}
	st, err := os.Stat(filepath.FromSlash(sm.File))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return sm, fmt.Errorf("%s: no such file", sm.File)
	case err != nil:
		return sm, err
	case st.IsDir():
		return sm, fmt.Errorf("%s is a directory, not the template file", sm.File)
	}
	return sm, nil
}
