package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/scanner/browser"
)

// runDoctor checks what a scan needs on this machine and says what to
// install or which flag to pass. Exit 0 when a scan can run, 2 when not.
func runDoctor(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, chrome := doctorFlags(stdout)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil
		}
		return usageError("doctor: %v", err)
	}
	if fs.NArg() > 0 {
		return usageError("doctor takes only --chrome PATH, not %q", strings.Join(fs.Args(), " "))
	}
	return doctor(ctx, *chrome, stdout)
}

// doctorFlags is the flag set of doctor; its Usage prints the help on w
// ("help doctor" and "doctor --help" print the same).
func doctorFlags(w io.Writer) (*pflag.FlagSet, *string) {
	fs := pflag.NewFlagSet("doctor", pflag.ContinueOnError)
	fs.SetOutput(w)
	chrome := fs.String("chrome", "", "check this Chromium binary, `PATH` (default: $"+browser.ChromeEnv+", then chromium-headless-shell, chromium, chromium-browser, google-chrome on PATH)")
	fs.Usage = func() {
		fmt.Fprint(w, commandUsage["doctor"]+"\nFlags:\n"+fs.FlagUsages())
	}
	return fs, chrome
}

// doctor runs the checks of runDoctor with the browser chrome ("" finds one).
func doctor(ctx context.Context, chrome string, stdout io.Writer) error {
	problems := 0
	say := func(ok bool, format string, a ...any) {
		mark := "ok  "
		if !ok {
			mark = "FAIL"
			problems++
		}
		fmt.Fprintf(stdout, "%s  %s\n", mark, fmt.Sprintf(format, a...))
	}
	note := func(format string, a ...any) { fmt.Fprintf(stdout, "note  %s\n", fmt.Sprintf(format, a...)) }

	path, err := browser.FindChrome(chrome)
	if err != nil {
		say(false, "browser: %v", err)
	} else {
		say(true, "browser: %s", path)
		vctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		out, verr := exec.CommandContext(vctx, path, "--version").Output()
		cancel()
		if verr == nil {
			note("version: %s", strings.TrimSpace(string(out)))
		}
		if os.Geteuid() == 0 {
			note("running as root: beiancheck starts the browser with --no-sandbox (Chromium's own sandbox is off); %s", userNamespaces())
		} else {
			note("not root: the browser runs with its own sandbox; %s", userNamespaces())
		}
		sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		b, serr := browser.Start(sctx, path)
		if serr != nil {
			say(false, "browser start: %v (as a non-root user without a sandbox set up, run as root or fix the sandbox; in containers mount a larger /dev/shm or keep the default --disable-dev-shm-usage)", serr)
		} else {
			say(true, "browser start: %s", b.Product)
			b.Close()
		}
		cancel()
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs("/dev/shm", &st); err == nil {
		note("/dev/shm: %d MiB (beiancheck passes --disable-dev-shm-usage, so a small one is fine)", st.Blocks*uint64(st.Bsize)>>20)
	}
	if fc, err := exec.LookPath("fc-list"); err != nil {
		say(false, "CJK fonts: fc-list not found, cannot check; install fontconfig and fonts-noto-cjk (Debian/Ubuntu: sudo apt-get install -y fonts-noto-cjk)")
	} else {
		out, err := exec.CommandContext(ctx, fc, ":lang=zh", "family").Output()
		first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		if err != nil || first == "" {
			say(false, "CJK fonts: none found; Chinese text would render as boxes of other widths, which moves lines and so the centring: sudo apt-get install -y fonts-noto-cjk")
		} else {
			say(true, "CJK fonts: %s", first)
		}
	}
	if problems > 0 {
		fmt.Fprintf(stdout, "\n%d problem(s): fix them before scanning.\n", problems)
		return &exitError{code: exitSetup}
	}
	fmt.Fprintln(stdout, "\nready to scan.")
	return nil
}

// userNamespaces says whether unprivileged user namespaces, which
// Chromium's sandbox needs when it is not set-uid, are allowed here.
func userNamespaces() string {
	read := func(p string) (string, bool) {
		b, err := os.ReadFile(p)
		return strings.TrimSpace(string(b)), err == nil
	}
	if v, ok := read("/proc/sys/kernel/unprivileged_userns_clone"); ok && v == "0" {
		return "user namespaces: disabled (kernel.unprivileged_userns_clone=0), so the sandbox would not start as another user"
	}
	if v, ok := read("/proc/sys/user/max_user_namespaces"); ok {
		if v == "0" {
			return "user namespaces: disabled (user.max_user_namespaces=0), so the sandbox would not start as another user"
		}
		return "user namespaces: allowed, so a non-root user gets the sandbox"
	}
	return "user namespaces: unknown (no /proc/sys/user/max_user_namespaces)"
}
