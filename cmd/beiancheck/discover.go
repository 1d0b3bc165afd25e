package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/scanner/discover/miniprogram"
)

const discoverUsage = "Usage: beiancheck discover [--json] DIR\n\nReads a mini-program project (WeChat, uni-app) and prints the web-view URLs it\nopens, each as file:line:col: url (how), then the web-views whose URL cannot be\nresolved statically as notes. Nothing is rendered.\n"

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
