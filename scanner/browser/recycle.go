package browser

import (
	"context"
	"fmt"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser/proc"
)

// Recycle says when a long run's browser is restarted between pages: a
// browser grows over thousands of pages (caches, renderers kept for
// reuse, fragmented heaps), and a fresh one renders the rest as fast as
// the first. Zero values turn each trigger off.
type Recycle struct {
	// Pages restarts the browser after this many page-viewports.
	Pages int
	// MaxRSS restarts it, between pages, when the resident memory of its
	// processes passes this many bytes.
	MaxRSS int64
}

// recycleIfDue restarts the session's browser when its Recycle says so:
// it waits for the renders in flight to end, holds back new ones, and
// opens the visits again in the new browser. Tabs of the old one open
// again in the new one at their next render (renew).
//
// The render's slot is parked meanwhile: the renders in flight include
// parked ones, which must be able to take a slot back to end.
func (s *session) recycleIfDue(ctx context.Context, slot scanner.Slot) error {
	rc := s.b.Recycle
	if rc.Pages <= 0 && rc.MaxRSS <= 0 {
		return nil
	}
	s.mu.Lock()
	s.renders++
	s.mu.Unlock()
	if !s.due(rc) {
		return nil
	}
	slot.Park()
	err := s.recycle(ctx, rc)
	if rerr := slot.Resume(ctx); err == nil {
		err = rerr
	}
	return err
}

// recycle restarts the session's browser once the renders in flight have
// ended, unless another tab did it meanwhile.
func (s *session) recycle(ctx context.Context, rc Recycle) error {
	s.use.Lock()
	defer s.use.Unlock()
	if !s.due(rc) { // another tab recycled it meanwhile
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	bctx, err := s.b.recycle(s.bctx)
	if err != nil {
		return fmt.Errorf("recycle the browser: %w", err)
	}
	if err := s.reopen(ctx, bctx); err != nil {
		return fmt.Errorf("open the visits after recycling the browser: %w", err)
	}
	s.renders = 0
	s.recycles++
	return nil
}

// due reports whether the browser is due for recycling.
func (s *session) due(rc Recycle) bool {
	s.mu.Lock()
	n := s.renders
	s.mu.Unlock()
	return rc.Pages > 0 && n > rc.Pages || rc.MaxRSS > 0 && proc.TreeRSS(s.b.PID()) > rc.MaxRSS
}

// renew opens the tab again, in place, when the session's browser is not
// the one the tab was opened in (it was recycled or restarted).
func (t *tab) renew(ctx context.Context) error {
	bctx, visits, err := t.s.current(ctx)
	if err != nil {
		return err
	}
	if bctx == t.bctx {
		return nil
	}
	for _, vis := range visits {
		if vis.viewport.Name == t.viewport.Name {
			nt, err := t.s.b.newTab(bctx, vis, t.s.req)
			if err != nil {
				return lost(bctx, err)
			}
			t.close()
			nt.s = t.s
			*t = *nt
			return nil
		}
	}
	return fmt.Errorf("open tab: no visit at viewport %s", t.viewport.Name)
}

// recycle stops the browser that cur belongs to and starts a new one;
// when cur is not the running browser, someone else did it already.
func (b *Browser) recycle(cur context.Context) (context.Context, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, fmt.Errorf("the browser was closed")
	}
	if b.ctx != cur {
		return b.ctx, nil
	}
	b.cancel()
	ctx, cancel, err := b.launch()
	if err != nil {
		return nil, fmt.Errorf("start a new browser: %w", err)
	}
	b.ctx, b.cancel = ctx, cancel
	return ctx, nil
}

// enter takes the session's read side for a render. When it must wait (a
// recycling is due), the render's slot is parked meanwhile, for the same
// reason as in recycleIfDue.
func (s *session) enter(ctx context.Context, slot scanner.Slot) error {
	if s.use.TryRLock() {
		return nil
	}
	slot.Park()
	s.use.RLock()
	if err := slot.Resume(ctx); err != nil {
		s.use.RUnlock()
		return err
	}
	return nil
}

// noSlot is the slot of a render given none: nothing to park.
type noSlot struct{}

func (noSlot) Park()                            {}
func (noSlot) Resume(ctx context.Context) error { return nil }
