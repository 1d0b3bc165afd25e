package browser

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"
)

// A page whose scripts hold its main thread while it loads (a while(true)
// in an inline script, a memory bomb filling its heap) would keep its
// render until --timeout, one CPU core busy all along. Chromium itself calls
// a renderer hung when an input event waits unanswered for 15 s
// (kHungRendererDelay) and Chrome shows "Page Unresponsive" then: the
// same bound ends such a load here, as an error.
//
// Only the page's scripts count: a main thread busy with layout (200,000
// spans) is a page that will load, and is left alone. V8 answers
// Performance.getMetrics between two statements of a running script, so
// its ScriptDuration grows while nothing else answers; during layout it does
// not answer either. A page is hung when a ping (an evaluation of 0, which
// waits for the thread like an input event) has waited hangAfter while
// the scripts ran for at least hangScriptShare of that time. Only the load
// is watched: afterwards beiancheck's own scripts run on the same thread.
const (
	hangAfter       = 15 * time.Second
	hangPoll        = time.Second
	hangScriptShare = 0.9
	// hangHeapShare: a hung page whose heap is this close to its cap is
	// out of memory rather than in a loop.
	hangHeapShare = 0.75
)

// errPageHung marks the error of a page found hung (see pageHung).
var errPageHung = errors.New("page unresponsive")

// pageHung is why a load was ended: its scripts ran for after without a
// break, with heapUsed bytes of JavaScript heap in use (heapCap: the cap,
// 0 without one).
type pageHung struct {
	after             time.Duration
	heapUsed, heapCap int64
}

func (e *pageHung) Error() string {
	if e.heapCap > 0 && float64(e.heapUsed) >= hangHeapShare*float64(e.heapCap) {
		return fmt.Sprintf("page out of memory: its JavaScript heap at %d MiB of its %d MiB cap, its scripts ran for %s without a break while it loaded",
			e.heapUsed>>20, e.heapCap>>20, e.after)
	}
	return fmt.Sprintf("page unresponsive: its scripts ran for %s without a break while it loaded (a loop that never ends?); Chromium shows \"Page Unresponsive\" after 15 s",
		e.after)
}

func (e *pageHung) Is(target error) bool { return target == errPageHung }

// scriptMetrics are the page's figures the watch reads.
type scriptMetrics struct {
	script   float64 // seconds the page's scripts ran, in all
	heapUsed int64
}

// watchHang watches the load starting in the tab and calls hung with a
// *pageHung when the page's scripts hold its main thread for hangAfter;
// stop ends the watch and waits for it. The tab's Performance domain is
// enabled when it opens (newTab): enabling it waits for the thread too.
func (t *tab) watchHang(ctx context.Context, hung context.CancelCauseFunc) (stop func()) {
	c := chromedp.FromContext(t.ctx)
	if c == nil || c.Target == nil || hung == nil {
		return func() {}
	}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if e := t.hangs(wctx, c.Target); e != nil {
			hung(e)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// hangs polls the page until ctx ends (nil) or its scripts have held the
// main thread for hangAfter (the reason).
func (t *tab) hangs(ctx context.Context, tg *chromedp.Target) *pageHung {
	tick := time.NewTicker(hangPoll)
	defer tick.Stop()
	var ping chan struct{} // closed when the ping in flight is answered
	var sent time.Time
	var at0 scriptMetrics // the figures when it was sent
	for {
		select {
		case <-ctx.Done():
			if ping != nil {
				<-ping // ends with ctx
			}
			return nil
		case <-tick.C:
		}
		m, ok := readMetrics(ctx, tg)
		if ctx.Err() != nil {
			continue // returns above
		}
		if ping != nil {
			select {
			case <-ping:
				ping = nil // the thread was free since: start again
			default:
			}
		}
		switch {
		case !ok:
			// Busy outside a script (layout), or gone: no figure.
		case ping == nil:
			ping, sent, at0 = t.ping(ctx), time.Now(), m
		default:
			waited := time.Since(sent)
			if waited >= hangAfter && m.script-at0.script >= hangScriptShare*waited.Seconds() {
				// The ping ends with the load, which the caller ends.
				return &pageHung{after: waited.Round(time.Second), heapUsed: m.heapUsed, heapCap: t.heapCap}
			}
		}
	}
}

// readMetrics reads the page's script time and heap; ok is false when the
// renderer did not answer within half a poll.
func readMetrics(ctx context.Context, tg *chromedp.Target) (m scriptMetrics, ok bool) {
	mctx, cancel := context.WithTimeout(ctx, hangPoll/2)
	defer cancel()
	r, err := cdp.Call(mctx, tg, performance.GetMetrics, cdp.Empty{})
	if err != nil {
		return m, false
	}
	seen := 0
	for _, x := range r.Metrics {
		switch x.Name {
		case "ScriptDuration":
			m.script, seen = x.Value, seen+1
		case "JSHeapUsedSize":
			m.heapUsed, seen = int64(x.Value), seen+1
		}
	}
	return m, seen == 2
}

// ping evaluates 0 in the page; the channel closes when it is answered
// (an error too: a navigation replaced the document meanwhile) or ctx
// ends.
func (t *tab) ping(ctx context.Context) chan struct{} {
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		_, _ = chromedp.Run(ctx, chromedp.Evaluate[int]("0"))
	}()
	return answered
}
