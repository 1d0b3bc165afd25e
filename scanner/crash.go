package scanner

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/beiancheck/beiancheck/rules"
)

// isolation finds the page that kills the browser. Every render holds the
// read side; a page-viewport whose render the browser's death ended is
// rendered once more holding the write side, so it waits for the renders
// in flight to end and runs with none beside it, on the restarted browser.
// The pages that were merely in flight then complete normally; a page
// that kills the browser again, alone, is the culprit and its error says so.
// No render waits for either side holding a rendering slot (see
// renderInSlot): a parked render in flight must be able to resume.
type isolation struct{ mu sync.RWMutex }

// errCrashedTwice is the error of the culprit.
var errCrashedTwice = errors.New("crashed the browser (twice)")

// renderIsolated renders target at v in *tab, and again alone in a new tab
// when the browser died meanwhile; crashes is how many times the browser
// died under this page-viewport. *tab is the tab to keep (nil when the
// render failed and it was closed).
func (o *Options) renderIsolated(ctx context.Context, visits Session, tab *Tab, target Target, v rules.Viewport, ro RenderOptions) (r *Rendered, crashes int, err error) {
	o.isolation.mu.RLock()
	r, err = o.renderInSlot(ctx, *tab, target, ro)
	o.isolation.mu.RUnlock()
	if !errors.Is(err, ErrBrowserLost) || ctx.Err() != nil {
		return r, 0, err
	}
	(*tab).Close()
	*tab = nil
	o.isolation.mu.Lock()
	defer o.isolation.mu.Unlock()
	t, terr := visits.Tab(ctx, v)
	if terr != nil {
		return r, 1, fmt.Errorf("%w; then: %w", err, terr)
	}
	*tab = t
	r, err = o.renderInSlot(ctx, t, target, ro)
	if errors.Is(err, ErrBrowserLost) && ctx.Err() == nil {
		return r, 2, fmt.Errorf("%w: %w", errCrashedTwice, err)
	}
	return r, 1, err
}

// renderInSlot renders target in tab holding one of the run's rendering
// slots, which the engine may park while the page waits on its server.
func (o *Options) renderInSlot(ctx context.Context, tab Tab, target Target, ro RenderOptions) (*Rendered, error) {
	s, err := o.pool.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer s.release()
	s.parked = ro.parked
	ro.Slot = s
	return tab.Render(ctx, target, ro)
}
