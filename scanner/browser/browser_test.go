package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
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

// ownBrowser starts a browser for one test alone (one it kills, recycles
// or caps), closed when the test ends; it skips or fails as the other
// browser tests do.
func ownBrowser(t *testing.T, opts ...browser.BrowserOption) *browser.Browser {
	t.Helper()
	testBrowser(t)
	path, err := browser.FindChrome("")
	if err != nil {
		t.Fatal(err)
	}
	b, err := browser.Start(context.Background(), path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// desktopTab opens a session of b at the desktop viewport and a tab in it,
// both closed when the test ends.
func desktopTab(t *testing.T, b *browser.Browser) scanner.Tab {
	t.Helper()
	vs, _ := scanner.ParseViewports("desktop")
	ctx := context.Background()
	s, err := b.Open(ctx, vs, scanner.Request{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	tab, err := s.Tab(ctx, vs[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tab.Close)
	return tab
}

// htmlHandler serves body as an HTML page.
func htmlHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
}
