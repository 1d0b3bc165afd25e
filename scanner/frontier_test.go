package scanner

import (
	"testing"

	"github.com/beiancheck/beiancheck/rules"
)

// TestOnPageTotal runs five targets at two viewports through the frontier
// as Scan does (the target leaves the queue, is in flight, is finished)
// and checks that OnPage is told every page-viewport with a total of all
// ten.
func TestOnPageTotal(t *testing.T) {
	var targets []Target
	for _, u := range []string{"a", "b", "c", "d", "e"} {
		targets = append(targets, Target{URL: "https://example.com/" + u, Display: "https://example.com/" + u})
	}
	var totals []int
	o := &Options{Viewports: []rules.Viewport{{Name: "mobile"}, {Name: "desktop"}}, OnPage: func(_ PageResult, total int) { totals = append(totals, total) }}
	f := newFrontier(targets, o)
	// Two tabs: two pages in flight at once.
	var flying []Target
	for len(f.queue) > 0 || len(flying) > 0 {
		for len(flying) < 2 && len(f.queue) > 0 {
			flying = append(flying, f.queue[0])
			f.queue = f.queue[1:]
			f.inflight++
		}
		d := pageDone{target: flying[0], results: skippedOrFailed(flying[0], o.Viewports, StatusError, "refused")}
		flying = flying[1:]
		f.inflight--
		f.finish(d)
	}
	if len(totals) != 10 {
		t.Fatalf("OnPage told %d page-viewports, want 10", len(totals))
	}
	for i, n := range totals {
		if n != 10 {
			t.Errorf("page-viewport %d: total %d, want 10", i+1, n)
		}
	}
}
