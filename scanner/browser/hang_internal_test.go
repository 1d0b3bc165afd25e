package browser

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestPageHungWords checks what a hung page's error says: out of memory
// when its heap is near the cap, unresponsive otherwise.
func TestPageHungWords(t *testing.T) {
	for _, c := range []struct {
		e    pageHung
		want string
	}{
		{pageHung{after: 15 * time.Second, heapUsed: 1 << 20, heapCap: 512 << 20}, `page unresponsive: its scripts ran for 15s without a break while it loaded (a loop that never ends?); Chromium shows "Page Unresponsive" after 15 s`},
		{pageHung{after: 16 * time.Second, heapUsed: 500 << 20, heapCap: 512 << 20}, "page out of memory: its JavaScript heap at 500 MiB of its 512 MiB cap, its scripts ran for 16s without a break while it loaded"},
		{pageHung{after: 15 * time.Second, heapUsed: 300 << 20, heapCap: 512 << 20}, "page unresponsive:"},
		{pageHung{after: 15 * time.Second, heapUsed: 900 << 20}, "page unresponsive:"},
	} {
		if got := c.e.Error(); !strings.HasPrefix(got, c.want) {
			t.Errorf("%+v: %q, want it to start with %q", c.e, got, c.want)
		}
		if !errors.Is(&c.e, errPageHung) {
			t.Errorf("%+v is not errPageHung", c.e)
		}
	}
}

// TestJudgeHang checks when a ping unanswered for 15 s makes a page hung:
// scripts running nearly all along, seen in fresh figures, or in figures
// from before the renderer went silent with its heap near the cap; with
// the heap near the cap, 5 s unanswered are enough.
func TestJudgeHang(t *testing.T) {
	t0 := time.Now()
	at := func(d time.Duration, script float64, heapMiB int64) reading {
		return reading{script: script, heapUsed: heapMiB << 20, at: t0.Add(d), ok: true}
	}
	tb := &tab{heapCap: 512 << 20}
	for _, c := range []struct {
		name   string
		waited time.Duration // 16 s when 0
		last   reading
		fresh  bool
		want   string // prefix of the error; "" for not hung
	}{
		{"a loop, fresh figures", 0, at(15*time.Second, 15.9, 1), true, "page unresponsive"},
		{"a loop near the cap", 0, at(15*time.Second, 15.9, 500), true, "page out of memory"},
		{"half the time in scripts", 0, at(15*time.Second, 8.4, 1), true, ""},
		{"silent after 3 s of scripts, small heap (layout)", 0, at(3*time.Second, 3.9, 20), false, ""},
		{"silent after 3 s of scripts, heap near the cap", 0, at(3*time.Second, 3.9, 480), false, "page out of memory"},
		{"silent after 1 s, heap near the cap", 0, at(time.Second, 1.9, 480), false, ""},
		{"a loop for 6 s, small heap", 6 * time.Second, at(6*time.Second, 6.9, 1), true, ""},
		{"scripts for 6 s near the cap", 6 * time.Second, at(6*time.Second, 6.9, 480), true, "page out of memory"},
		{"silent 6 s after 3 s of scripts near the cap", 6 * time.Second, at(3*time.Second, 3.9, 480), false, "page out of memory"},
		{"scripts for 4 s near the cap", 4 * time.Second, at(4*time.Second, 4.9, 480), true, ""},
	} {
		waited := c.waited
		if waited == 0 {
			waited = 16 * time.Second
		}
		e := tb.judgeHang(waited, at(0, 0.9, 1), c.last, c.fresh)
		switch {
		case c.want == "" && e != nil:
			t.Errorf("%s: hung (%v), want not", c.name, e)
		case c.want != "" && (e == nil || !strings.HasPrefix(e.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, e, c.want)
		}
	}
}
