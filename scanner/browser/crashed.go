package browser

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// errRendererCrashed is what every renderer crash error is (errors.Is): a
// tab whose renderer died cannot finish its page.
var errRendererCrashed = errors.New("renderer crashed")

// rendererGone is the cause of a tab's crashed context: how its renderer
// ended, from the browser's Target.targetCrashed (its termination status
// and code; on Linux the code of a renderer that "crashed" or was
// "killed" is the signal). status is empty when only the tab's own
// Inspector.targetCrashed came.
type rendererGone struct {
	status  string
	code    int64
	heapCap int64 // the browser's, in bytes (0: none)
}

func (g *rendererGone) Is(err error) bool { return err == errRendererCrashed }

// Error words the end for the person reading the report: what most likely
// did it and whose limit it was.
func (g *rendererGone) Error() string {
	sig := signalName(g.code)
	heap := "its JavaScript heap is not capped"
	if g.heapCap > 0 {
		heap = fmt.Sprintf("its JavaScript heap is capped at %d MiB", g.heapCap>>20)
	}
	switch {
	case g.status == "oom":
		return fmt.Sprintf("renderer out of memory (%s)", heap)
	case g.status == "crashed" && g.code == 5:
		// V8 ends a renderer whose heap passed its cap with a trap, as
		// Chromium does for every fatal check.
		return fmt.Sprintf("renderer out of memory or failed a fatal check (%s; %s)", sig, heap)
	case g.status == "crashed":
		return fmt.Sprintf("renderer crashed (%s): Chromium itself failed on this page, not a limit of beiancheck's", sig)
	case g.status == "killed":
		return fmt.Sprintf("renderer killed (%s), by the system's OOM killer or another process", sig)
	case g.status == "abnormal":
		return fmt.Sprintf("renderer exited abnormally (exit code %d)", g.code)
	case g.status != "":
		return fmt.Sprintf("renderer ended (%s, code %d)", g.status, g.code)
	}
	return fmt.Sprintf("renderer out of memory or crashed (%s)", heap)
}

// signalNames are the signals a renderer ends with (Linux numbers).
var signalNames = map[int64]string{4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM"}

// signalName names a renderer's termination code as a signal.
func signalName(code int64) string {
	if n, ok := signalNames[code]; ok {
		return n
	}
	return fmt.Sprintf("signal %d", code)
}

// crashWait is how long a tab whose Inspector.targetCrashed came first waits
// for the browser's Target.targetCrashed, which says how the renderer
// ended. Both leave the browser at once; they only travel apart.
const crashWait = 250 * time.Millisecond

// watchCrash returns a context that ends, with a *rendererGone cause, as
// soon as the renderer of the tab of ctx dies; it ends with no cause when
// ctx does. The tab's target must exist; heapCap is its browser's.
func watchCrash(ctx context.Context, heapCap int64) context.Context {
	id := chromedp.FromContext(ctx).Target.TargetID
	how := make(chan *rendererGone, 1)
	browserSaid := chromedp.BrowserEvents(ctx, target.TargetCrashed)
	go func() {
		for ev, err := range browserSaid {
			if err != nil {
				return
			}
			if ev.TargetID == id {
				how <- &rendererGone{status: ev.Status, code: ev.ErrorCode, heapCap: heapCap}
				return
			}
		}
	}()
	tabSaid := make(chan struct{})
	crashes := chromedp.Events(ctx, inspector.TargetCrashed)
	go func() {
		for _, err := range crashes {
			if err == nil {
				close(tabSaid)
			}
			return
		}
	}()
	crashed, crash := context.WithCancelCause(context.Background())
	go func() {
		defer crash(nil)
		select {
		case g := <-how:
			crash(g)
		case <-tabSaid:
			select {
			case g := <-how:
				crash(g)
			case <-time.After(crashWait):
				crash(&rendererGone{heapCap: heapCap})
			}
		case <-ctx.Done():
		}
	}()
	return crashed
}
