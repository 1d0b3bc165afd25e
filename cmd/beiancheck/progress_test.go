package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/scanner"
)

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// testProgress is a Progress that draws on every page, as a log, with a
// fake clock.
func testProgress() (*Progress, *strings.Builder, *fakeClock) {
	var out strings.Builder
	clock := &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	return newProgress(&out, false, 0, clock.now), &out, clock
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

// TestProgressTotal feeds the page-viewports of a run as Scan's OnPage
// does (its totals are tested in scanner) and checks that every line
// counts all ten page-viewports and Finish repeats no line.
func TestProgressTotal(t *testing.T) {
	p, out, clock := testProgress()
	for range 10 {
		clock.advance(time.Second)
		p.Page(scanner.PageResult{Status: scanner.StatusError}, 10)
	}
	p.Finish()
	got := lines(out.String())
	if len(got) != 10 {
		t.Fatalf("%d lines, want 10 (Finish repeats no line):\n%s", len(got), out)
	}
	for i, line := range got[:10] {
		want := fmt.Sprintf("progress: %d/10 page-viewports", i+1)
		if !strings.HasPrefix(line, want) {
			t.Errorf("line %d = %q, want it to start %q", i+1, line, want)
		}
	}
}

// TestProgressETA checks that no ETA is guessed from the first pages,
// which finish together, and that a later one follows the measured rate.
func TestProgressETA(t *testing.T) {
	p, out, clock := testProgress()
	ok := scanner.PageResult{Status: scanner.StatusOK}
	// The first two pages end after 40 ms: a rate of 50/s would promise
	// the rest in seconds; worse, a first page after an hour's start-up
	// would promise days. Neither is shown.
	clock.advance(40 * time.Millisecond)
	p.Page(ok, 100)
	p.Page(ok, 100)
	for i, line := range lines(out.String()) {
		if !strings.HasSuffix(line, "ETA ?") {
			t.Errorf("line %d = %q, want no ETA yet", i+1, line)
		}
	}
	// Then one page a second: after 10 s, 12 of 100 done at ~1.2/s.
	for range 10 {
		clock.advance(time.Second)
		p.Page(ok, 100)
	}
	got := lines(out.String())
	last := got[len(got)-1]
	// 88 left at 12/10.04 s per second ≈ 74 s.
	if !strings.HasSuffix(last, "12/100 page-viewports, 0 errors, 0 skipped, 1.2/s, ETA 1m14s") {
		t.Errorf("last line = %q, want an ETA of 1m14s", last)
	}
	// Four pages but under 2 s: still no ETA.
	p2, out2, clock2 := testProgress()
	for range 4 {
		clock2.advance(300 * time.Millisecond)
		p2.Page(ok, 100)
	}
	if got := lines(out2.String()); !strings.HasSuffix(got[len(got)-1], "ETA ?") {
		t.Errorf("an ETA after 1.2 s: %q", got[len(got)-1])
	}
	// Skipped pages cost nothing and do not count as samples.
	p3, out3, clock3 := testProgress()
	for range 10 {
		clock3.advance(time.Second)
		p3.Page(scanner.PageResult{Status: scanner.StatusSkipped}, 100)
	}
	if got := lines(out3.String()); !strings.HasSuffix(got[len(got)-1], "ETA ?") {
		t.Errorf("an ETA from skipped pages alone: %q", got[len(got)-1])
	}
}

// TestProgressNotScanned checks that a cancelled run ends on one line
// counting the page-viewports never started.
func TestProgressNotScanned(t *testing.T) {
	p, out, clock := testProgress()
	clock.advance(time.Second)
	p.Page(scanner.PageResult{Status: scanner.StatusOK}, 200000)
	p.Page(scanner.PageResult{Status: scanner.StatusError}, 200000)
	notScanned := scanner.PageResult{Status: scanner.StatusError, Error: scanner.NotScannedReason}
	for range 199998 {
		p.Page(notScanned, 200000)
	}
	p.Finish()
	got := lines(out.String())
	if len(got) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(got), out)
	}
	if want := "progress: 2/200000 page-viewports, 1 errors, 0 skipped, 2.0/s; 199998 page-viewports not scanned: run cancelled"; got[2] != want {
		t.Errorf("final line = %q, want %q", got[2], want)
	}
}
