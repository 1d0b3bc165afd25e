package browser

import (
	"context"
	"time"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/chromedp/chromedp"
)

// SetAttachWithin sets the bound of a worker attach for a test and
// returns what restores it.
func SetAttachWithin(d time.Duration) (restore func()) {
	old := attachWithin
	attachWithin = d
	return func() { attachWithin = old }
}

// HeapUsed reads the JavaScript heap in use of the page a tab holds (-1
// when its renderer does not answer).
func HeapUsed(ctx context.Context, tb scanner.Tab) int64 {
	t := tb.(*tab)
	c := chromedp.FromContext(t.ctx)
	if c == nil || c.Target == nil {
		return -1
	}
	if m := readMetrics(ctx, c.Target); m.ok {
		return m.heapUsed
	}
	return -1
}
