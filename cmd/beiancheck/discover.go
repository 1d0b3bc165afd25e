package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/discover/miniprogram"
)

const discoverUsage = "Usage: beiancheck discover [--json] DIR\n\nReads a mini-program project (WeChat, uni-app, Taro) and prints the web-view URLs it\nopens, each as file:line:col: url (how), then the web-views whose URL cannot be\nresolved statically as notes. Nothing is rendered.\n"

// runDiscover prints the web-view URLs of a mini-program project.
func runDiscover(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("discover", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stdout, discoverUsage) }
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return nil
		}
		return usageError("%v", err)
	}
	if fs.NArg() != 1 {
		return usageError("discover takes one project directory")
	}
	res, err := miniprogram.Discover(fs.Arg(0))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeDiscoverJSON(stdout, res)
	}
	return writeDiscoverText(stdout, res)
}

func writeDiscoverText(w io.Writer, res *miniprogram.Result) error {
	kind := res.Kind
	if kind == "" {
		kind = "unrecognised"
	}
	if _, err := fmt.Fprintf(w, "project: %s, %d web-view URLs, %d notes\n", kind, len(res.Found), len(res.Notes)); err != nil {
		return err
	}
	for _, f := range res.Found {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n", f.File, f.Line, f.Col, f.URL, f.How); err != nil {
			return err
		}
	}
	if hosts := webViewHosts(res); len(hosts) > 0 {
		if _, err := fmt.Fprintf(w, "web-view hosts (业务域名): %s\n", strings.Join(hosts, ", ")); err != nil {
			return err
		}
	}
	for _, n := range res.Notes {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: note: %s\n", n.File, n.Line, n.Col, n.Text); err != nil {
			return err
		}
	}
	return nil
}

// discoverJSON is the --json shape: stable lower-case keys.
type discoverJSON struct {
	Kind  string      `json:"kind"`
	Found []foundJSON `json:"found"`
	Notes []noteJSON  `json:"notes"`
}

type foundJSON struct {
	URL  string `json:"url"`
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	How  string `json:"how"`
}

type noteJSON struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Text string `json:"text"`
}

func writeDiscoverJSON(w io.Writer, res *miniprogram.Result) error {
	out := discoverJSON{Kind: res.Kind, Found: []foundJSON{}, Notes: []noteJSON{}}
	for _, f := range res.Found {
		out.Found = append(out.Found, foundJSON{f.URL, f.File, f.Line, f.Col, string(f.How)})
	}
	for _, n := range res.Notes {
		out.Notes = append(out.Notes, noteJSON{n.File, n.Line, n.Col, n.Text})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write discover json: %w", err)
	}
	return nil
}

// miniprogramTargets takes the directory arguments that are mini-program
// projects out of args, adds the projects of --miniprogram, and returns
// their web-view URLs as targets (after rewrite, the --rewrite-host
// mapping), each located at its source relative to the working directory.
// Notes go to stderr.
func miniprogramTargets(args, projects []string, rewrite func(string) string, stderr io.Writer) (rest []string, ts []scanner.Target, err error) {
	for _, a := range args {
		if isProjectDir(a) {
			projects = append(projects, a)
		} else {
			rest = append(rest, a)
		}
	}
	seen := map[string]bool{}
	for _, a := range projects {
		if abs, err := filepath.Abs(a); err == nil {
			if seen[abs] {
				continue // given twice (as TARGET and --miniprogram)
			}
			seen[abs] = true
		}
		res, err := miniprogram.Discover(a)
		if err != nil {
			return nil, nil, err
		}
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "beiancheck: note: %s:%d:%d: %s\n", repoPath(a, n.File), n.Line, n.Col, n.Text)
		}
		if hosts := webViewHosts(res); len(hosts) > 0 {
			fmt.Fprintf(stderr, "beiancheck: %s: web-view hosts (业务域名): %s\n", a, strings.Join(hosts, ", "))
		}
		for _, f := range res.Found {
			t := scanner.URLTarget(rewrite(f.URL), true)
			t.SourceRef = &scanner.SourceRef{URL: f.URL, File: repoPath(a, f.File), Line: f.Line, Col: f.Col, How: string(f.How)}
			ts = append(ts, t)
		}
	}
	return rest, ts, nil
}

// parseProjectDir is a --miniprogram value: a directory, read as a
// mini-program project even when no project file is recognised in it.
func parseProjectDir(s string) (string, error) {
	st, err := os.Stat(s)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		return "", fmt.Errorf("%s is not a directory", s)
	}
	return s, nil
}

// webViewHosts are the distinct hosts of the found URLs: the business
// domains (业务域名) to configure and file.
func webViewHosts(res *miniprogram.Result) []string {
	urls := make([]string, 0, len(res.Found))
	for _, f := range res.Found {
		urls = append(urls, f.URL)
	}
	return rules.WebViewHosts(urls)
}

// isProjectDir reports whether a is a directory holding a mini-program
// project's configuration.
func isProjectDir(a string) bool {
	st, err := os.Stat(a)
	if err != nil || !st.IsDir() {
		return false
	}
	return miniprogram.Kind(os.DirFS(a)) != ""
}

// repoPath is a project file's path relative to the working directory,
// slash-separated.
func repoPath(dir, file string) string {
	p := filepath.Join(dir, filepath.FromSlash(file))
	if abs, err := filepath.Abs(p); err == nil {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil {
				p = rel
			}
		}
	}
	return filepath.ToSlash(p)
}

// miniprogramViewports renders web-view pages as WeChat shows them: at the
// mobile viewport only, unless --viewport was given.
func miniprogramViewports(vps []rules.Viewport, asked bool, ts []scanner.Target) []rules.Viewport {
	if asked || len(ts) == 0 || slices.ContainsFunc(ts, func(t scanner.Target) bool { return t.SourceRef == nil }) {
		return vps
	}
	return slices.DeleteFunc(slices.Clone(vps), func(v rules.Viewport) bool { return v.Name != "mobile" })
}
