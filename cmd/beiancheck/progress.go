package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/beiancheck/beiancheck/scanner"
)

// An ETA is shown only once the rate rests on this many page-viewports
// rendered and this much time: the first pages finish together (one per
// tab), so a rate taken from them alone says nothing about the rest.
const (
	etaMinSamples = 4
	etaMinElapsed = 2 * time.Second
)

// Progress draws a run's progress on a terminal (a bar redrawn in place)
// or, when the output is a log, prints a plain line every interval.
type Progress struct {
	w        io.Writer
	tty      bool
	interval time.Duration
	now      func() time.Time
	start    time.Time

	mu         sync.Mutex
	last       time.Time
	done       int
	errors     int
	skipped    int
	notScanned int
	// notScannedWhy is their error: run cancelled, or run deadline.
	notScannedWhy string
	total         int
	lastWidth     int
	lastText      string
}

// NewProgress writes to w; tty selects the redrawn bar.
func NewProgress(w io.Writer, tty bool) *Progress {
	iv := 5 * time.Second
	if tty {
		iv = 100 * time.Millisecond
	}
	return newProgress(w, tty, iv, time.Now)
}

func newProgress(w io.Writer, tty bool, interval time.Duration, now func() time.Time) *Progress {
	return &Progress{w: w, tty: tty, interval: interval, now: now, start: now()}
}

// Page counts one page-viewport that ended (scanner.Options.OnPage); total
// is the number known so far, this one included (a crawl grows it). The
// pages a cancelled run never started come last and are counted, not
// drawn: the final line says so in one phrase, not one count per page.
func (p *Progress) Page(r scanner.PageResult, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.NotScanned() {
		p.notScanned++
		p.notScannedWhy = r.Error
		p.total = p.done + p.notScanned
		return
	}
	p.done++
	p.total = max(total, p.done)
	switch {
	case r.Status.Failed():
		p.errors++
	case r.Status.Skipped():
		p.skipped++
	}
	if p.now().Sub(p.last) >= p.interval {
		p.draw()
	}
}

// Finish draws the final state and ends the bar's line.
func (p *Progress) Finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw()
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

func (p *Progress) draw() {
	p.last = p.now()
	elapsed := p.last.Sub(p.start)
	scanned := p.done - p.skipped
	rate := 0.0
	if elapsed > 0 {
		rate = float64(scanned) / elapsed.Seconds()
	}
	total := p.total
	text := fmt.Sprintf("%d/%d page-viewports, %d errors, %d skipped, %.1f/s", p.done, total, p.errors, p.skipped, rate)
	switch {
	case p.notScanned > 0:
		text += fmt.Sprintf("; %d page-viewports %s", p.notScanned, p.notScannedWhy)
	case p.done >= total:
		text += ", ETA 0s"
	case scanned >= etaMinSamples && elapsed >= etaMinElapsed && rate > 0:
		eta := time.Duration(float64(total-p.done) / rate * float64(time.Second))
		text += ", ETA " + eta.Round(time.Second).String()
	default:
		text += ", ETA ?"
	}
	if !p.tty {
		// A log gets no line that repeats the one before (Finish right
		// after the last page).
		if text != p.lastText {
			fmt.Fprintln(p.w, "progress: "+text)
		}
		p.lastText = text
		return
	}
	const width = 24
	filled := 0
	if total > 0 {
		filled = width * p.done / total
	}
	line := "[" + strings.Repeat("#", filled) + strings.Repeat(".", width-filled) + "] " + text
	pad := ""
	if n := p.lastWidth - len(line); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	p.lastWidth = len(line)
	fmt.Fprint(p.w, "\r"+line+pad)
}
