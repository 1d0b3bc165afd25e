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
// not answer either. A page is hung when a ping (an evaluation, which
// waits for the thread like an input event) has waited hangAfter while
// the scripts ran for at least hangScriptShare of that time. Near its heap
// cap a page's garbage collection holds the thread and answers neither:
// when the last figures before the silence showed the scripts running and
// the heap near its cap, the page is out of memory. Only the load is
// watched: afterwards beiancheck's own scripts run on the same thread.
const (
	hangAfter = 15 * time.Second
	// oomAfter: a page whose heap is near its cap is out of memory once
	// its ping has waited this long (V8 kills it at the cap anyway; under
	// contention its garbage collection takes 15 s and more to get there).
	oomAfter        = 5 * time.Second
	hangPoll        = time.Second
	hangScriptShare = 0.9
	// hangHeapShare: a hung page whose heap is this close to its cap is
	// out of memory rather than in a loop.
	hangHeapShare = 0.75
)

// maxElements bounds the elements of a document while it loads. A stream
// of HTML without end (a log tailed to the browser, a broken proxy) took
// its renderer to 0.8 GiB in 4 s and 1.3 GiB by 16 s, a CPU core parsing
// it all along, until --timeout; laid out, an element costs its renderer
// about 4 KiB (200,000 spans: 750 MiB). 300,000 is 1.5 times the 200,000
// spans of the hostile corpus's largest page that must be checked, and
// 200 times the DOM size Lighthouse calls excessive. The count is the
// answer to the watch's ping.
const maxElements = 300_000

// pageTooLarge is why a load was ended: its document passed maxElements.
type pageTooLarge struct{ elements int }

func (e *pageTooLarge) Error() string {
	return fmt.Sprintf("page too large: its document passed %d elements (%d) while it loaded (HTML that never ends?)", maxElements, e.elements)
}

// errPageHung marks the error of a page found hung (see pageHung).
var errPageHung = errors.New("page unresponsive")

// pageHung is why a load was ended: its scripts ran for after without a
// break, with heapUsed bytes of JavaScript heap in use (heapCap: the cap,
// 0 without one).
type pageHung struct {
	after             time.Duration
	heapUsed, heapCap int64
}

// nearCap says the heap in use is near its cap.
func (e *pageHung) nearCap() bool {
	return e.heapCap > 0 && float64(e.heapUsed) >= hangHeapShare*float64(e.heapCap)
}

func (e *pageHung) Error() string {
	if e.nearCap() {
		return fmt.Sprintf("page out of memory: its JavaScript heap at %d MiB of its %d MiB cap, its scripts ran for %s without a break while it loaded",
			e.heapUsed>>20, e.heapCap>>20, e.after)
	}
	return fmt.Sprintf("page unresponsive: its scripts ran for %s without a break while it loaded (a loop that never ends?); Chromium shows \"Page Unresponsive\" after 15 s",
		e.after)
}

func (e *pageHung) Is(target error) bool { return target == errPageHung }

// watchHang watches the load starting in the tab and calls hung with a
// *pageHung when the page's scripts hold its main thread for hangAfter, or
// a *pageTooLarge when its document passes maxElements; stop ends the
// watch and waits for it. The tab's Performance domain is
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
		t.hangs(wctx, c.Target, hung)
	}()
	return func() {
		cancel()
		<-done
	}
}

// hangs polls the page until ctx ends, or until its scripts have held the
// main thread for hangAfter: it calls hung with the reason then, which ends
// the load and so ctx, and returns once its requests have ended. One
// metrics request is in flight at a time, its answer taken whenever it
// comes: near its heap cap a page's garbage collection answers late, then
// not at all.
func (t *tab) hangs(ctx context.Context, tg *chromedp.Target, hung context.CancelCauseFunc) {
	tick := time.NewTicker(hangPoll)
	defer tick.Stop()
	readings := make(chan reading, 1)
	asking := false
	var ping chan int // the ping in flight: its answer, the element count
	var sent time.Time
	var at0, last reading // the figures when it was sent, and the latest since
	defer func() {
		if asking {
			<-readings // ends with ctx
		}
		if ping != nil {
			<-ping
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		fresh := false // a reading since the last tick
		select {
		case r := <-readings:
			asking, fresh = false, r.ok
			if r.ok {
				last = r
			}
		default:
		}
		if !asking {
			asking = true
			go func() { readings <- readMetrics(ctx, tg) }()
		}
		if ping != nil {
			select {
			case n := <-ping:
				ping = nil // the thread was free since: start again
				if n > maxElements {
					hung(&pageTooLarge{elements: n})
					return
				}
			default:
			}
		}
		switch {
		case ping == nil:
			if fresh {
				ping, sent, at0 = pingPage(ctx), time.Now(), last
			}
		case time.Since(sent) >= oomAfter && last.at.After(sent):
			if e := t.judgeHang(time.Since(sent), at0, last, fresh); e != nil {
				hung(e)
				return
			}
		}
	}
}

// judgeHang judges a ping unanswered for waited, the figures at0 read when it
// was sent and last since: the scripts ran for hangScriptShare of the time
// up to last, which is fresh, or, when the renderer no longer answers, is
// at least two polls after the ping and shows the heap near its cap (its
// garbage collection holds the thread); and the ping has waited hangAfter,
// or oomAfter with the heap near its cap. nil: not hung.
func (t *tab) judgeHang(waited time.Duration, at0, last reading, fresh bool) *pageHung {
	span := last.at.Sub(at0.at)
	if span <= 0 || last.script-at0.script < hangScriptShare*span.Seconds() {
		return nil
	}
	e := &pageHung{after: waited.Round(time.Second), heapUsed: last.heapUsed, heapCap: t.heapCap}
	if waited < hangAfter && (waited < oomAfter || !e.nearCap()) {
		return nil
	}
	if fresh || span >= 2*hangPoll && e.nearCap() {
		return e
	}
	return nil
}

// reading is the page's figures the watch reads, at a time; ok is false
// when the renderer did not answer.
type reading struct {
	script   float64 // seconds the page's scripts ran, in all
	heapUsed int64
	nodes    int64 // DOM nodes of the renderer
	at       time.Time
	ok       bool
}

// readMetrics reads the page's script time, heap and nodes, waiting as
// long as ctx lets it.
func readMetrics(ctx context.Context, tg *chromedp.Target) reading {
	r, err := cdp.Call(ctx, tg, performance.GetMetrics, cdp.Empty{})
	if err != nil {
		return reading{}
	}
	var m reading
	seen := 0
	for _, x := range r.Metrics {
		switch x.Name {
		case "ScriptDuration":
			m.script, seen = x.Value, seen+1
		case "JSHeapUsedSize":
			m.heapUsed, seen = int64(x.Value), seen+1
		case "Nodes":
			m.nodes = int64(x.Value)
		}
	}
	m.at, m.ok = time.Now(), seen == 2
	return m
}

// pingPage asks ctx's page for the number of elements of its document; the
// channel receives it when it is answered (-1 for an error: a navigation
// replaced the document meanwhile) or ctx ends.
func pingPage(ctx context.Context) chan int {
	answered := make(chan int, 1)
	go func() {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.getElementsByTagName("*").length`))
		if err != nil {
			n = -1
		}
		answered <- n
	}()
	return answered
}
