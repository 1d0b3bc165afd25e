package browser

import (
	"context"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// A dedicated worker's requests are not events of its page's tab: Chromium
// reports them on the worker's own target. The tab therefore asks that
// each dedicated worker its page starts waits for the debugger; the watch
// attaches a session of its own to the worker, which follows the worker's
// Network events into the tab's blockedLog from its first request, and
// then lets the worker run. Service and shared workers outlive the page
// that started them, so their requests could not be told apart from the
// next page's: they are not watched (the egress refuses them all the same).

// Bounds of one tab's watch: past maxWatchedWorkers live workers, a new
// one is let run without being followed; at most attachAtOnce are being
// attached at a time (a page that starts workers without end waits for
// them, paused, instead of growing the run), each within attachWithin.
const (
	maxWatchedWorkers = 32
	attachAtOnce      = 4
)

// attachWithin bounds one attach (a variable for the test of the fallback).
var attachWithin = 5 * time.Second

// workerFilter is what a tab's auto-attach waits for: dedicated workers
// only (chromedp follows no out-of-process frame, and its default
// auto-attach would attach them for nothing).
var workerFilter = target.Filter{{Type: "worker"}, {Exclude: true}}

// workerWatch follows the dedicated workers of one tab.
type workerWatch struct {
	tab    context.Context // the tab's chromedp context
	log    *blockedLog
	sem    chan struct{}
	within time.Duration // attachWithin when the tab opened

	mu        sync.Mutex
	live      map[target.SessionID]context.CancelFunc // followed, by the auto-attach session
	attaching map[target.SessionID]bool               // being attached: true once detached
}

// watchWorkers starts following the dedicated workers of the tab of ctx.
func watchWorkers(ctx context.Context, log *blockedLog) error {
	w := &workerWatch{tab: ctx, log: log, sem: make(chan struct{}, attachAtOnce), within: attachWithin,
		live: map[target.SessionID]context.CancelFunc{}, attaching: map[target.SessionID]bool{}}
	if err := chromedp.Listen(ctx, w.event); err != nil {
		return err
	}
	_, err := chromedp.Call(ctx, target.SetAutoAttach, target.SetAutoAttachParams{
		AutoAttach: true, WaitForDebuggerOnStart: true, Flatten: new(true), Filter: workerFilter})
	return err
}

// event runs on chromedp's event loop: it must not block.
func (w *workerWatch) event(ev any) {
	switch ev := ev.(type) {
	case *target.EventAttachedToTarget:
		if ev.TargetInfo == nil || ev.TargetInfo.Type != "worker" {
			return
		}
		w.mu.Lock()
		w.attaching[ev.SessionID] = false
		w.mu.Unlock()
		go w.attach(ev.SessionID, ev.TargetInfo.TargetID)
	case *target.EventDetachedFromTarget:
		w.mu.Lock()
		if cancel, ok := w.live[ev.SessionID]; ok {
			cancel()
			delete(w.live, ev.SessionID)
		} else if _, ok := w.attaching[ev.SessionID]; ok {
			w.attaching[ev.SessionID] = true
		}
		w.mu.Unlock()
	}
}

// attach follows the worker from a session of its own and lets it run. A
// worker over the bound, or one whose session cannot be opened, runs
// unfollowed: its waiting session is detached, which lets it run.
func (w *workerWatch) attach(auto target.SessionID, id target.ID) {
	select {
	case w.sem <- struct{}{}:
		defer func() { <-w.sem }()
	case <-w.tab.Done():
		w.mu.Lock()
		delete(w.attaching, auto)
		w.mu.Unlock()
		return
	}
	ctx, cancel := chromedp.NewContext(w.tab, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel(),
		chromedp.WithListener(w.log.workerEvent(string(id))))
	// The attach is bounded: a worker that cannot be reached in time is
	// let run unfollowed rather than kept paused. (Not by a deadline on
	// the call's context: the first call's context is the one the new
	// session's event loop lives on.)
	timer := time.AfterFunc(w.within, cancel)
	_, err := chromedp.Call(ctx, runtime.RunIfWaitingForDebugger, cdp.Empty{})
	if !timer.Stop() && err == nil {
		err = context.DeadlineExceeded
	}
	w.mu.Lock()
	keep := err == nil && !w.attaching[auto] && len(w.live) < maxWatchedWorkers
	delete(w.attaching, auto)
	if keep {
		w.live[auto] = cancel
	}
	w.mu.Unlock()
	if keep {
		return
	}
	cancel()
	if err != nil && w.tab.Err() == nil {
		// The waiting session is the tab's child: detached on the tab's
		// session, it lets the worker run.
		_, _ = chromedp.Call(w.tab, target.DetachFromTarget, target.DetachFromTargetParams{SessionID: auto})
	}
}
