// Package browsertest shares one Chromium among the browser tests of a
// package: started on first use, closed by the package's TestMain. Without
// a browser a test fails in CI (CI set) and skips loudly elsewhere.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/beiancheck/beiancheck/scanner/browser"
	"github.com/beiancheck/beiancheck/scanner/browser/proc"
)

// Shared is one browser for a test package; its zero value is ready.
type Shared struct {
	once sync.Once
	b    *browser.Browser
	err  error
}

// Get returns the shared browser, starting it on first use.
func (s *Shared) Get(t testing.TB) *browser.Browser {
	t.Helper()
	s.once.Do(func() {
		path, err := browser.FindChrome("")
		if err != nil {
			s.err = err
			return
		}
		s.b, s.err = browser.Start(context.Background(), path)
	})
	if s.err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser test needs Chromium in CI: %v", s.err)
		}
		fmt.Fprintf(os.Stderr, "\n*** SKIPPING BROWSER TEST %s: %v ***\n\n", t.Name(), s.err)
		t.Skipf("SKIPPED: no browser: %v", s.err)
	}
	return s.b
}

// Close stops the browser if one was started.
func (s *Shared) Close() {
	if s.b != nil {
		s.b.Close()
	}
}

// Main runs a test package's tests and then closes its shared browser.
func (s *Shared) Main(m *testing.M) int {
	code := m.Run()
	s.Close()
	return code
}

// Descendants lists the processes below pid (children, their children and
// so on): the browser processes a test checks do not outlive their run.
func Descendants(pid int) []int { return proc.Descendants(pid) }

// Alive reports whether a process exists and is not a zombie.
func Alive(pid int) bool { return proc.Alive(pid) }
