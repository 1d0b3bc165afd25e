package browser

import (
	"context"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/scanner"
)

// parkAfter is how long the document of a navigation may keep a render
// waiting before its slot is parked: a server that has sent nothing, or
// not the whole document, for this long is waited on without a slot, so
// that other pages render meanwhile (a dead backend answers nothing until
// the page's timeout, twice with a retry).
const parkAfter = time.Second

// A document still arriving is quiet (see scanner.Slot) when less than
// parkBelow of it came in by parkAfter. One that arrives faster (HTML
// streamed without end: 6.7 MB in its first second, then nothing more for
// a second while the renderer parses it), keeps its renderer parsing and
// laying it out: its slot is parked all the same (beside two renders it
// cost less wall time than holding it), but the page's other viewport
// does not start beside it, which held two such renderers at 1 GiB each.
const parkBelow = 64 << 10

// parkWhileSilent watches the navigation about to start in the tab and
// parks the render's slot when the main frame's document has not arrived
// in full after parkAfter, until it has (or its load failed); the park is
// quiet when little of the document is in (see parkBelow). stop ends
// the watch once the navigation returned, and resumes the slot if it is
// still parked and resume says the render goes on (a failed navigation
// ends the render parked: no slot to wait for); its error says the page's
// context ended first.
//
// Only the document is waited on so: once it is in, the page's scripts
// and subresources run, and the render holds its slot as before.
func (t *tab) parkWhileSilent(pctx context.Context, slot scanner.Slot) (stop func(resume bool) error) {
	none := func(bool) error { return nil }
	c := chromedp.FromContext(t.ctx)
	if slot == nil || c == nil || c.Target == nil {
		return none
	}
	lctx, cancel := context.WithCancel(pctx)
	d := &docWatch{main: cdp.FrameID(c.Target.TargetID), arrived: make(chan struct{})}
	if err := chromedp.Listen(lctx, d.event); err != nil {
		cancel()
		return none // not watched: the slot stays held
	}
	ended := make(chan struct{})
	goOn := false // set before ended is closed
	resumed := make(chan error, 1)
	go func() {
		timer := time.NewTimer(parkAfter)
		defer timer.Stop()
		select {
		case <-d.arrived:
			resumed <- nil
			return
		case <-ended:
			resumed <- nil
			return
		case <-timer.C:
		}
		slot.Park(d.received() < parkBelow)
		select {
		case <-d.arrived:
		case <-ended:
			if !goOn {
				resumed <- nil
				return
			}
		}
		resumed <- slot.Resume(pctx)
	}()
	return func(resume bool) error {
		goOn = resume
		close(ended)
		err := <-resumed
		cancel()
		return err
	}
}

// docWatch follows the main frame's document request of a navigation:
// arrived closes when it has loaded (or failed), and received is how much
// of it came in.
type docWatch struct {
	main    cdp.FrameID
	arrived chan struct{}
	once    sync.Once

	mu  sync.Mutex
	doc network.RequestID
	got int64
}

// event runs on chromedp's event loop: it must not block.
func (d *docWatch) event(ev any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Type == network.ResourceTypeDocument && ev.FrameID == d.main {
			d.doc = ev.RequestID
		}
	case *network.EventDataReceived:
		if ev.RequestID == d.doc {
			d.got += ev.DataLength
		}
	case *network.EventLoadingFinished:
		d.finished(ev.RequestID)
	case *network.EventLoadingFailed:
		d.finished(ev.RequestID)
	}
}

// finished closes arrived when id is the document's. The caller holds d.mu.
func (d *docWatch) finished(id network.RequestID) {
	if id == d.doc {
		d.once.Do(func() { close(d.arrived) })
	}
}

func (d *docWatch) received() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.got
}
