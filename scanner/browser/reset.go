package browser

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/memory"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// resetWithin bounds stopping a page: a renderer busy in a loop of the
// page's own does not answer, and its tab is closed instead.
const resetWithin = 5 * time.Second

// Reset stops the page the tab last rendered: its scripts are disabled
// and its loading stopped (a navigation it started is cancelled), until
// the next render enables scripts just before it navigates. A worker's next
// page must start from a document that can do nothing: a navigation the
// old page starts while the next one loads (a timer that sets location,
// every 100 ms on some pages) takes the frame from it, and the next target
// would be measured on the old page's document, a verdict on the wrong
// page. Then it checks that the renderer answers: a page busy in a loop of
// its own since it was measured would hold the next page's commit until
// that page's timeout, so its tab is replaced instead. (Leaving for
// about:blank instead measured 12–28 % slower on the generated site.)
// Last, it reads what the stopped page holds: a heavy page's tab is let go
// (weight), and a tab whose heap has grown with the pages it left is
// purged (purgeHeap).
//
// A tab of a recycled browser is left as it is: the browser stops, and
// the page with it (see renew).
func (t *tab) Reset(ctx context.Context) error {
	release, ok := t.s.pinTab(t)
	if !ok {
		return nil
	}
	defer release()
	if t.bctx.Err() != nil {
		return nil // the browser died: renew replaces the tab
	}
	rctx, cancel := context.WithTimeout(t.ctx, resetWithin)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	if err := t.stop(rctx); err != nil {
		return fmt.Errorf("stop the page: %w", timeoutCause(rctx, err, resetWithin))
	}
	// A renderer that does not answer reads as nothing: the tab is kept.
	if c := chromedp.FromContext(t.ctx); c != nil && c.Target != nil {
		m := readMetrics(rctx, c.Target)
		if w := (weight{nodes: m.nodes, heapUsed: m.heapUsed}); w.heavy() {
			return w
		}
		if m.ok && m.heapUsed >= purgeHeap {
			if _, err := cdp.Call(rctx, c.Target, memory.ForciblyPurgeJavaScriptMemory, cdp.Empty{}); err != nil {
				return fmt.Errorf("purge the page's memory: %w", timeoutCause(rctx, err, resetWithin))
			}
		}
	}
	return nil
}

// A kept tab's renderer grows with every page it renders: the pages it
// left stay in its JavaScript heap, with their documents, until a full
// collection, which a heap far from its cap rarely needs. On the generated
// site of make bench a mobile tab's renderer went from 70 MiB to 250 MiB
// in 150 pages while its heap in use reached only 23 MiB (about 180 KiB a
// page); ForciblyPurgeJavaScriptMemory (what Chrome does for a page near
// out of memory: the stopped page's scripts are discarded, and the heap
// collected) took it back to 120 MiB in 20–80 ms. A tab whose heap in use
// has reached purgeHeap once its page is stopped is purged so.
const purgeHeap = 8 << 20

// A page at least this heavy is not kept in its tab once it was measured:
// a stopped page keeps its document, and its renderer's memory, until the
// tab's next page commits. 200,000 text nodes held 530–720 MiB in their
// renderer beside the page rendered next; a normal page holds a few
// thousand nodes and a few MiB of heap, and keeps its tab.
const (
	heavyNodes = 20_000
	heavyHeap  = 64 << 20
)

// weight is what a stopped page holds, as its tab's metrics say; as an
// error it says why its tab is closed.
type weight struct {
	nodes    int64
	heapUsed int64
}

func (w weight) heavy() bool { return w.nodes >= heavyNodes || w.heapUsed >= heavyHeap }

func (w weight) Error() string {
	var held []string
	if w.nodes >= heavyNodes {
		held = append(held, fmt.Sprintf("%d DOM nodes", w.nodes))
	}
	if w.heapUsed >= heavyHeap {
		held = append(held, fmt.Sprintf("%d MiB of JavaScript heap", w.heapUsed>>20))
	}
	return "the page holds " + strings.Join(held, " and ") + ": its tab is closed to free them"
}

// stop disables the page's scripts, so that none of its timers or
// handlers runs again, stops its loading and asks the renderer for a value.
func (t *tab) stop(ctx context.Context) error {
	t.stopped = true // scripts are enabled again even when this fails half-way
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		return fmt.Errorf("disable scripts: %w", err)
	}
	if _, err := chromedp.Call(ctx, page.StopLoading, cdp.Empty{}); err != nil {
		return fmt.Errorf("stop loading: %w", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("true")); err != nil && !navigatedAway(err) {
		return fmt.Errorf("the renderer does not answer: %w", err)
	}
	return nil
}

// start enables the scripts Reset disabled, just before the tab navigates
// to its next page.
func (t *tab) start(ctx context.Context) error {
	if !t.stopped {
		return nil
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		return fmt.Errorf("enable scripts: %w", err)
	}
	t.stopped = false
	return nil
}
