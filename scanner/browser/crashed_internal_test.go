package browser

import "testing"

// TestRendererGoneWords checks what a report says for each way the
// browser reports a renderer ended (Target.targetCrashed's status and
// code), the signal named and the heap cap the browser had.
func TestRendererGoneWords(t *testing.T) {
	for _, c := range []struct {
		g    rendererGone
		want string
	}{
		{rendererGone{"crashed", 5, 512 << 20}, "renderer out of memory or failed a fatal check (SIGTRAP; its JavaScript heap is capped at 512 MiB)"},
		{rendererGone{"crashed", 5, 0}, "renderer out of memory or failed a fatal check (SIGTRAP; its JavaScript heap is not capped)"},
		{rendererGone{"oom", 0, 256 << 20}, "renderer out of memory (its JavaScript heap is capped at 256 MiB)"},
		{rendererGone{"crashed", 11, 512 << 20}, "renderer crashed (SIGSEGV): Chromium itself failed on this page, not a limit of beiancheck's"},
		{rendererGone{"crashed", 31, 512 << 20}, "renderer crashed (signal 31): Chromium itself failed on this page, not a limit of beiancheck's"},
		{rendererGone{"killed", 9, 512 << 20}, "renderer killed (SIGKILL), by the system's OOM killer or another process"},
		{rendererGone{"abnormal", 1, 512 << 20}, "renderer exited abnormally (exit code 1)"},
		{rendererGone{"launch failed", 3, 512 << 20}, "renderer ended (launch failed, code 3)"},
		// Only the tab's Inspector.targetCrashed came.
		{rendererGone{"", 0, 512 << 20}, "renderer out of memory or crashed (its JavaScript heap is capped at 512 MiB)"},
	} {
		if got := c.g.Error(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.g, got, c.want)
		}
	}
}
