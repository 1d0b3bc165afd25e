package browser_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/beiancheck/beiancheck/scanner/browser"
)

// The package's browser tests share one Chromium, started on first use
// and stopped by TestMain.
var (
	browserOnce sync.Once
	shared      *browser.Browser
	browserErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.Exit(code)
}

// testBrowser returns the shared browser. Without one the test fails in CI
// and skips loudly elsewhere.
func testBrowser(t *testing.T) *browser.Browser {
	t.Helper()
	browserOnce.Do(func() {
		path, err := browser.FindChrome("")
		if err != nil {
			browserErr = err
			return
		}
		shared, browserErr = browser.Start(context.Background(), path)
	})
	if browserErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser test needs Chromium in CI: %v", browserErr)
		}
		fmt.Fprintf(os.Stderr, "\n*** SKIPPING BROWSER TEST %s: %v ***\n\n", t.Name(), browserErr)
		t.Skipf("SKIPPED: no browser: %v", browserErr)
	}
	return shared
}
