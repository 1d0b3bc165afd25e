package scanner

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Progress draws a run's progress on a terminal (a bar redrawn in place)
// or, when the output is a log, prints a plain line every interval.
type Progress struct {
	w        io.Writer
	tty      bool
	interval time.Duration
	start    time.Time

	mu        sync.Mutex
	last      time.Time
	done      int
	errors    int
	skipped   int
	total     int
	lastWidth int
}

// NewProgress writes to w; tty selects the redrawn bar.
func NewProgress(w io.Writer, tty bool) *Progress {
	iv := 5 * time.Second
	if tty {
		iv = 100 * time.Millisecond
	}
	return &Progress{w: w, tty: tty, interval: iv, start: time.Now()}
}

// Page counts one finished page-viewport; total is the number known so far
// (a crawl grows it).
func (p *Progress) Page(r PageResult, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.total = max(total, p.done)
	switch r.Status {
	case StatusError:
		p.errors++
	case StatusSkipped:
		p.skipped++
	}
	if time.Since(p.last) >= p.interval {
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
	p.last = time.Now()
	elapsed := time.Since(p.start).Seconds()
	scanned := p.done - p.skipped
	rate := 0.0
	if elapsed > 0 {
		rate = float64(scanned) / elapsed
	}
	eta := "?"
	if rate > 0 { // total >= done: Page keeps it so
		eta = (time.Duration(float64(p.total-p.done)/rate) * time.Second).Round(time.Second).String()
	}
	text := fmt.Sprintf("%d/%d page-viewports, %d errors, %d skipped, %.1f/s, ETA %s", p.done, p.total, p.errors, p.skipped, rate, eta)
	if !p.tty {
		fmt.Fprintln(p.w, "progress: "+text)
		return
	}
	const width = 24
	filled := 0
	if p.total > 0 {
		filled = width * p.done / p.total
	}
	line := "[" + strings.Repeat("#", filled) + strings.Repeat(".", width-filled) + "] " + text
	pad := ""
	if n := p.lastWidth - len(line); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	p.lastWidth = len(line)
	fmt.Fprint(p.w, "\r"+line+pad)
}
