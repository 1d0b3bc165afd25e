package browser

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// resetWithin bounds leaving a page: a renderer busy in a loop of the
// page's own cannot commit the navigation, and its tab is closed instead.
const resetWithin = 5 * time.Second

// Reset leaves the page the tab last rendered for about:blank, with the
// page's scripts stopped first. A worker's next page must start from a
// document that can do nothing: a navigation the old page starts while
// the next one loads (a timer that sets location, every 100 ms on some
// pages) takes the frame from it, and the next target would be measured
// on the old page's document, a verdict on the wrong page. Leaving also
// frees the old page's memory and stops its timers while the worker waits
// for its next page.
//
// During a recycling the tab is left as it is: its browser is being
// replaced, and the page with it (see renew).
func (t *tab) Reset(ctx context.Context) error {
	if !t.s.use.TryRLock() {
		return nil
	}
	defer t.s.use.RUnlock()
	if t.bctx.Err() != nil {
		return nil // the browser died: renew replaces the tab
	}
	rctx, cancel := context.WithTimeout(t.ctx, resetWithin)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	if err := t.blank(rctx); err != nil {
		return fmt.Errorf("leave the page: %w", timeoutCause(rctx, err, resetWithin))
	}
	return nil
}

// blank disables the page's scripts, so that none of its timers or
// handlers (unload, beforeunload) runs again, navigates to about:blank,
// checks that the main frame is there, and enables scripts again for the
// next page.
func (t *tab) blank(ctx context.Context) error {
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		return fmt.Errorf("stop scripts: %w", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate("about:blank")); err != nil {
		return fmt.Errorf("navigate to about:blank: %w", err)
	}
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("read the frame tree: %w", err)
	}
	if u := tree.FrameTree.Frame.URL; u != "about:blank" {
		return fmt.Errorf("the main frame is at %.200s, not about:blank", u)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		return fmt.Errorf("enable scripts: %w", err)
	}
	return nil
}
