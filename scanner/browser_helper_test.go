package scanner_test

import (
	"os"
	"testing"

	"github.com/beiancheck/beiancheck/scanner/browser"
	"github.com/beiancheck/beiancheck/scanner/browser/browsertest"
)

// The package's browser tests share one Chromium.
var shared browsertest.Shared

func TestMain(m *testing.M) { os.Exit(shared.Main(m)) }

// testBrowser returns the shared browser. Without one the test fails in CI
// and skips loudly elsewhere.
func testBrowser(t *testing.T) *browser.Browser {
	t.Helper()
	return shared.Get(t)
}
