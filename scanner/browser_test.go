package scanner_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
)

// The package's browser tests share one Chromium, started on first use
// and stopped by TestMain.
var (
	browserOnce sync.Once
	browser     *scanner.Browser
	browserErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if browser != nil {
		browser.Close()
	}
	os.Exit(code)
}

// testBrowser returns the shared browser. Without one the test fails in CI
// and skips loudly elsewhere.
func testBrowser(t *testing.T) *scanner.Browser {
	t.Helper()
	browserOnce.Do(func() {
		path, err := scanner.FindChrome("")
		if err != nil {
			browserErr = err
			return
		}
		browser, browserErr = scanner.StartBrowser(context.Background(), path)
	})
	if browserErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser test needs Chromium in CI: %v", browserErr)
		}
		fmt.Fprintf(os.Stderr, "\n*** SKIPPING BROWSER TEST %s: %v ***\n\n", t.Name(), browserErr)
		t.Skipf("SKIPPED: no browser: %v", browserErr)
	}
	return browser
}
