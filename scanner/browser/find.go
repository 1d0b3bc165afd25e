package browser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
)

// chromeNames are looked up on PATH in this order: the headless shell
// starts faster and costs less per page than the full browser.
var chromeNames = []string{"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ErrNoBrowser is returned when no Chromium binary can be found.
var ErrNoBrowser = errors.New("no Chromium found: install one (Debian/Ubuntu: sudo apt-get install -y chromium-headless-shell, or chromium), or pass --chrome PATH or set " + ChromeEnv)

// FindChrome returns the browser binary to use: the explicit path if given,
// then $BEIANCHECK_CHROME, then the first of chromeNames on PATH; a
// launcher script that runs the browser as its child is replaced by the
// browser it runs (see unwrap).
func FindChrome(explicit string) (string, error) {
	for _, p := range []string{explicit, os.Getenv(ChromeEnv)} {
		if p == "" {
			continue
		}
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("browser %q: %w", p, err)
		}
		return unwrap(path), nil
	}
	for _, name := range chromeNames {
		if path, err := exec.LookPath(name); err == nil {
			return unwrap(path), nil
		}
	}
	return "", ErrNoBrowser
}

// wrapperTarget finds, in a launcher script, an absolute path that names
// a program of the script's own name: Debian's
// /usr/bin/chromium-headless-shell is "/usr/lib/chromium/chromium-headless-shell "$@"".
var wrapperTarget = regexp.MustCompile(`/[A-Za-z0-9_./+-]+`)

// unwrap returns the program a launcher script runs when the script runs
// it as a child rather than exec'ing it (Debian's headless shell). The
// browser must be the process beiancheck starts: killed through a wrapper,
// the real browser would live on unnoticed, and it would outlive a
// beiancheck that is itself killed. A script that names no such program,
// or a binary, is returned as it is.
func unwrap(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return path
	}
	defer f.Close()
	script, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil || !bytes.HasPrefix(script, []byte("#!")) {
		return path
	}
	base := filepath.Base(path)
	for _, m := range wrapperTarget.FindAll(script, -1) {
		cand := string(m)
		if filepath.Base(cand) != base || cand == path || !isELF(cand) {
			continue
		}
		return cand
	}
	return path
}

// isELF reports whether path is an executable ELF file.
func isELF(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm()&0o111 == 0 {
		return false
	}
	magic := make([]byte, 4)
	_, err = io.ReadFull(f, magic)
	return err == nil && string(magic) == "\x7fELF"
}
