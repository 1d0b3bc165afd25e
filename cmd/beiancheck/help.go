package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/rules"
)

// commands are the subcommands, in the order usage lists them.
var commands = []string{"scan", "demo", "discover", "rules", "doctor", "version", "help"}

// commandUsage is the help of the commands without flags of their own
// beyond what the line says.
var commandUsage = map[string]string{
	"discover": discoverUsage,
	"rules":    "Usage: beiancheck rules [ID]\n\nWithout ID, lists the rules: ID, level, name and title. With a rule ID (ICP003),\nprints that rule's help: why it matters, how to fix it, an example.\n",
	"doctor":   "Usage: beiancheck doctor [--chrome PATH]\n\nChecks the browser, the sandbox, /dev/shm and CJK fonts, and says what to install.\n",
	"version":  "Usage: beiancheck version\n\nPrints the version.\n",
	"help":     "Usage: beiancheck help [COMMAND]\n\nPrints the usage, or the help of one command (the flags of scan and demo).\n",
}

// unknownCommand is the usage error of a command that does not exist,
// suggesting the nearest one.
func unknownCommand(name string) error {
	if s := nearest(name, commands); len(s) > 0 {
		return usageError("unknown command %q; did you mean %q?", name, s[0])
	}
	return usageError("unknown command %q", name)
}

// runHelp prints the usage, or one command's help, on stdout.
func runHelp(args []string, stdout io.Writer) error {
	switch {
	case len(args) == 0:
		_, err := fmt.Fprint(stdout, usage)
		return err
	case len(args) > 1:
		return usageError("help takes at most one command, not %q", strings.Join(args, " "))
	}
	switch cmd := args[0]; cmd {
	case "scan", "demo":
		fs, _, _ := scanFlags(cmd, stdout)
		fs.Usage()
		return nil
	case "doctor":
		fs, _ := doctorFlags(stdout)
		fs.Usage()
		return nil
	default:
		if u, ok := commandUsage[cmd]; ok {
			_, err := fmt.Fprint(stdout, u)
			return err
		}
		return unknownCommand(cmd)
	}
}

// noArgs parses the arguments of a command that takes none but --help.
// It reports done when the help was printed.
func noArgs(cmd string, args []string, stdout, stderr io.Writer) (done bool, err error) {
	fs := pflag.NewFlagSet(cmd, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stdout, commandUsage[cmd]) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return true, nil
		}
		return false, usageError("%s: %v", cmd, err)
	}
	if fs.NArg() > 0 {
		return false, usageError("%s takes no argument, not %q", cmd, strings.Join(fs.Args(), " "))
	}
	return false, nil
}

// runRules lists the rules, or prints the help of the one rule named.
func runRules(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("rules", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stdout, commandUsage["rules"]) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return usageError("rules: %v", err)
	}
	switch fs.NArg() {
	case 0:
		return writeRules(stdout)
	case 1:
	default:
		return usageError("rules takes at most one rule ID, not %q", strings.Join(fs.Args(), " "))
	}
	id := strings.ToUpper(strings.TrimSpace(fs.Arg(0)))
	r := rules.Lookup(id)
	if r == nil {
		var ids []string
		for _, r := range rules.All() {
			ids = append(ids, r.ID)
		}
		if s := nearest(id, ids); len(s) > 0 {
			return usageError("unknown rule %q; did you mean %s?", fs.Arg(0), strings.Join(s, " or "))
		}
		return usageError("unknown rule %q (see beiancheck rules)", fs.Arg(0))
	}
	return writeRuleHelp(stdout, r)
}

// writeRuleHelp prints one rule: its identity, level, help (why it
// matters, with example markup), fix and documentation URL.
func writeRuleHelp(w io.Writer, r *rules.Rule) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s: %s\n", r.ID, r.Name, r.Title)
	fmt.Fprintf(&sb, "level: %s (default; change it with --level %s=LEVEL)\n\n", r.Level, r.ID)
	sb.WriteString(strings.TrimSpace(r.Help))
	sb.WriteString("\n")
	if r.Fix != "" {
		fmt.Fprintf(&sb, "\nFix: %s\n", r.Fix)
	}
	fmt.Fprintf(&sb, "\nMore: %s\n", r.URL())
	_, err := io.WriteString(w, sb.String())
	return err
}

// nearest returns the candidates nearest to word by edit distance
// (case-insensitive), when they are near enough to be a typo: at most 2
// edits, and fewer than half of word's length.
func nearest(word string, candidates []string) []string {
	word = strings.ToLower(word)
	best := -1
	var out []string
	for _, c := range candidates {
		d := editDistance(word, strings.ToLower(c))
		if d > 2 || 2*d >= max(len([]rune(word)), 1) {
			continue
		}
		switch {
		case best < 0 || d < best:
			best, out = d, []string{c}
		case d == best && !slices.Contains(out, c):
			out = append(out, c)
		}
	}
	return out
}

// editDistance is the optimal string alignment distance of a and b, in
// runes: insertions, deletions, substitutions and transpositions of two
// neighbours ("scna" is one edit from "scan").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
