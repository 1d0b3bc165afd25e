package main

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// expectations are what --expect and --expect-file say: a number for
// every page (--expect NUMBER), and numbers by host (--expect
// HOST=NUMBER, the lines of --expect-file). Numbers are normalised.
type expectations struct {
	all   string
	hosts scanner.Expectations
}

// parseExpect reads the --expect values and the --expect-file file. A
// value that is not a number, a bad line, or one host (or the plain
// number) given twice with different numbers is an error; the caller
// makes it a usage error.
func parseExpect(values []string, file string, year int) (expectations, error) {
	ex := expectations{hosts: scanner.Expectations{}}
	for _, v := range values {
		host, num, perHost := strings.Cut(v, "=")
		if !perHost {
			n, err := expectedNumber(v, year)
			if err != nil {
				return ex, fmt.Errorf("--expect %q: %w", v, err)
			}
			if ex.all != "" && ex.all != n {
				return ex, fmt.Errorf("--expect given twice with different numbers, %s and %s (use --expect HOST=NUMBER for numbers per host)", ex.all, n)
			}
			ex.all = n
			continue
		}
		if err := ex.add(host, num, year); err != nil {
			return ex, fmt.Errorf("--expect %q: %w", v, err)
		}
	}
	if file != "" {
		if err := ex.readFile(file, year); err != nil {
			return ex, err
		}
	}
	return ex, nil
}

// readFile reads --expect-file: one "HOST NUMBER" a line; # starts a
// comment; blank lines are skipped.
func (ex *expectations) readFile(name string, year int) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("--expect-file: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		text, _, _ = strings.Cut(text, "#")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return fmt.Errorf("--expect-file %s:%d: want HOST NUMBER, got %q", name, line, strings.TrimSpace(text))
		}
		if err := ex.add(fields[0], fields[1], year); err != nil {
			return fmt.Errorf("--expect-file %s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("--expect-file %s: %w", name, err)
	}
	return nil
}

// add records the number of one host ("example.com" or "example.com:8443").
func (ex *expectations) add(host, num string, year int) error {
	h := strings.ToLower(strings.TrimSpace(host))
	if u, err := url.Parse("http://" + h); h == "" || err != nil || u.Host != h || u.Path != "" {
		return fmt.Errorf("host %q: want a host name such as www.example.com (optionally :PORT), not a URL", host)
	}
	n, err := expectedNumber(num, year)
	if err != nil {
		return err
	}
	if old, ok := ex.hosts[h]; ok && old != n {
		return fmt.Errorf("host %s given twice with different numbers, %s and %s", h, old, n)
	}
	ex.hosts[h] = n
	return nil
}

// expectedNumber normalises an expected number.
func expectedNumber(s string, year int) (string, error) {
	f, ok := rules.ParseFiling(strings.TrimSpace(s), year)
	if !ok {
		return "", fmt.Errorf("%q is not a filing or licence number", s)
	}
	return f.Number, nil
}
