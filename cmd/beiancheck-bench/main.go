// Command beiancheck-bench measures beiancheck on a generated local site
// (make bench): (a) a bare chromedp loop with the same browser and tab
// count that only navigates and evaluates 1, the floor this machine
// allows; (b) beiancheck scan --sitemap at both viewports; (c) pa11y-ci on
// a subset. It prints pages/s, p50/p95 per page, peak PSS and RSS of
// beiancheck with all its Chromium processes, and the ratios b/a and b/c,
// as Markdown for BENCHMARKS.md. Everything is served on 127.0.0.1. Each
// contestant runs in its own process group, reaped when it ends; the bench
// fails if a process it started is left at its end (reap.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/beiancheck/beiancheck/scanner/browser"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "beiancheck-bench:", err)
		os.Exit(1)
	}
}

type config struct {
	pages, bare, pa11y, concurrency int
	mix, mixHostile                 int // the hostile mix: pages, percent hostile
	bin, chrome, out, workdir       string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if c.workdir == "" {
		d, err := os.MkdirTemp("", "beiancheck-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		c.workdir = d
	}
	chrome, err := browser.FindChrome(c.chrome)
	if err != nil {
		return err
	}
	// The bench ends by checking that no browser it started is left, even
	// when a contestant failed.
	var r reaper
	defer func() {
		if lerr := r.check(context.WithoutCancel(ctx)); lerr != nil {
			err = errors.Join(err, lerr)
		}
	}()
	base, stop, err := serveSite(c, stderr)
	if err != nil {
		return err
	}
	defer stop()
	rep, err := c.contest(ctx, chrome, base, &r, stderr)
	if err != nil {
		return err
	}
	return c.write(rep.markdown(), stdout)
}

// parseFlags reads the bench's flags.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("beiancheck-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.IntVar(&c.pages, "pages", 1000, "pages of the generated site (all scanned by beiancheck)")
	fs.IntVar(&c.bare, "bare", -1, "pages of the bare chromedp loop at both viewports (-1: the same pages as beiancheck, 0 skips it)")
	fs.IntVar(&c.pa11y, "pa11y", 100, "pages for pa11y-ci (0 skips it)")
	fs.IntVar(&c.concurrency, "concurrency", 2, "tabs for every contestant")
	fs.IntVar(&c.mix, "mix", 1000, "pages of the hostile mix, run at beiancheck's default concurrency and timeout (0 skips it)")
	fs.IntVar(&c.mixHostile, "mix-hostile", 10, "percent of the hostile mix's pages that are hostile")
	fs.StringVar(&c.bin, "beiancheck", "bin/beiancheck", "the beiancheck binary")
	fs.StringVar(&c.chrome, "chrome", "", "browser binary (default: as beiancheck finds it)")
	fs.StringVar(&c.out, "o", "", "also write the Markdown report to this file")
	fs.StringVar(&c.workdir, "workdir", "", "where the site and tools go (default: a temporary directory)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if c.bare < 0 || c.bare > c.pages {
		c.bare = c.pages
	}
	if c.mixHostile < 0 || c.mixHostile > 100 {
		return nil, fmt.Errorf("-mix-hostile %d: want a percentage, 0 to 100", c.mixHostile)
	}
	if nh := c.mix * c.mixHostile / 100; c.mix-nh > c.pages {
		return nil, fmt.Errorf("-mix %d needs %d normal pages; the site has -pages %d", c.mix, c.mix-nh, c.pages)
	}
	return &c, nil
}

// serveSite generates the site under the work folder and serves it on
// loopback; stop ends the server.
func serveSite(c *config, stderr io.Writer) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	base = "http://" + ln.Addr().String()
	site := filepath.Join(c.workdir, "site")
	fmt.Fprintf(stderr, "generating %d pages under %s\n", c.pages, site)
	if err := generateSite(site, base, c.pages); err != nil {
		ln.Close()
		return "", nil, fmt.Errorf("generate site: %w", err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(site)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return base, func() { srv.Close() }, nil
}

// contest runs the contestants one after another on the served site.
func (c *config) contest(ctx context.Context, chrome, base string, r *reaper, stderr io.Writer) (*report, error) {
	urls := make([]string, c.pages)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/p%05d.html", base, i)
	}
	rep := &report{machine: machine(), browser: chrome, concurrency: c.concurrency,
		cmd: "make bench (" + strings.Join(os.Args[1:], " ") + ")"}
	var err error
	if c.bare > 0 {
		fmt.Fprintf(stderr, "(a) bare chromedp loop: %d pages × 2 viewports\n", c.bare)
		if rep.bare, err = bareLoop(ctx, chrome, urls[:c.bare], c.concurrency, c.workdir, r); err != nil {
			return nil, fmt.Errorf("bare loop: %w", err)
		}
	}
	fmt.Fprintf(stderr, "(b) beiancheck scan --sitemap: %d pages × 2 viewports\n", c.pages)
	if rep.scan, err = scanRun(ctx, c.bin, chrome, []string{"--sitemap", base + "/sitemap.xml"}, c.concurrency, c.workdir, "beiancheck", r); err != nil {
		return nil, fmt.Errorf("beiancheck: %w", err)
	}
	if c.pa11y > 0 {
		fmt.Fprintf(stderr, "(c) pa11y-ci: %d pages\n", min(c.pa11y, c.pages))
		rep.pa11y, rep.pa11yErr = pa11yRun(ctx, chrome, urls[:min(c.pa11y, c.pages)], c.concurrency, c.workdir, r)
		if rep.pa11yErr != nil {
			fmt.Fprintln(stderr, "pa11y-ci:", rep.pa11yErr)
		}
	}
	if c.mix > 0 {
		if rep.mix, err = c.hostileMix(ctx, chrome, base, r, stderr); err != nil {
			return nil, fmt.Errorf("hostile mix: %w", err)
		}
	}
	return rep, nil
}

// write prints the report and, with -o, writes it to the file, keeping the
// file's hand-recorded part.
func (c *config) write(md string, stdout io.Writer) error {
	fmt.Fprint(stdout, md)
	if c.out == "" {
		return nil
	}
	if old, err := os.ReadFile(c.out); err == nil {
		if _, kept, ok := strings.Cut(string(old), keepMarker); ok {
			md += "\n" + keepMarker + kept
		}
	}
	return os.WriteFile(c.out, []byte(md), 0o644)
}

// keepMarker starts the part of BENCHMARKS.md that make bench keeps.
const keepMarker = "<!-- recorded measurements: kept by make bench -->"

func machine() string {
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				_, cpu, _ = strings.Cut(l, ":")
				cpu = strings.TrimSpace(cpu)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		l, _, _ := strings.Cut(string(b), "\n")
		mem = strings.Join(strings.Fields(l)[1:], " ")
	}
	return fmt.Sprintf("%d cores (%s), MemTotal %s, %s/%s, %s", runtime.NumCPU(), cpu, mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}
