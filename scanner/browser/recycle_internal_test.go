package browser

import (
	"testing"
	"time"
)

// TestSustained checks the memory trigger's window: a condition counts
// once it has held for the window without a break, and a break starts the
// window again.
func TestSustained(t *testing.T) {
	t0 := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	var s sustained
	for _, step := range []struct {
		cond bool
		sec  int
		want bool
	}{
		{true, 0, false}, {true, 10, false}, {true, 30, true}, {true, 31, true},
		{false, 32, false}, {true, 33, false}, {true, 62, false}, {true, 63, true},
	} {
		if got := s.holds(step.cond, at(step.sec), 30*time.Second); got != step.want {
			t.Errorf("at %d s, condition %v: holds %v, want %v", step.sec, step.cond, got, step.want)
		}
	}
	var now sustained
	if !now.holds(true, t0, 0) {
		t.Error("a window of 0 does not count at once")
	}
}
