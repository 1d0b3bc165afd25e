// Package probe holds the scripts beiancheck evaluates in a page and the
// evaluations assembled from them: the probe that measures a page into a
// rules.Page (split into files by section, concatenated in a fixed order),
// the waits before it (settle, quiet), the hooks installed in every new
// document, the late-timeout wait and the evidence overlay. The trigger
// pattern and the normalisation tables the scripts need come from Go
// (tables.go) and are injected when the evaluations are assembled. The
// package is pure Go: it builds JavaScript source and decodes the probe's
// answer strictly; running the scripts is the browser package's part.
package probe

import (
	"embed"
	"fmt"
	"strings"
	"time"
)

//go:embed js/*.js
var scripts embed.FS

// probeParts are the files of the probe, in the order they are
// concatenated: the head opens the function the tail closes.
var probeParts = []string{
	"probe00-head.js",
	"probe10-selectors.js",
	"probe20-colours.js",
	"probe30-visibility.js",
	"probe40-walk.js",
	"probe45-ranges.js",
	"probe50-footer.js",
	"probe60-images.js",
	"probe70-occlusion.js",
	"probe71-points.js",
	"probe72-pixels.js",
	"probe75-click.js",
	"probe80-tail.js",
}

// script returns one embedded file with the Go tables injected.
func script(name string) string {
	b, err := scripts.ReadFile("js/" + name)
	if err != nil {
		panic(fmt.Sprintf("probe: embedded script %s: %v", name, err))
	}
	return inject(string(b))
}

// Scripts as evaluated, tables injected.
var (
	probeJS   = assembleProbe()
	settleJS  = script("settle.js")
	quietJS   = script("quiet.js")
	hooksJS   = script("hooks.js")
	lateJS    = script("late.js")
	overlayJS = script("overlay.js")
)

func assembleProbe() string {
	var b strings.Builder
	for _, p := range probeParts {
		b.WriteString(script(p))
	}
	return b.String()
}

// Probe is the probe alone: an expression whose value is the page
// measured (see Decode).
func Probe() string { return probeJS }

// SettleProbe scrolls to the bottom and settles the page (at most rounds
// rounds within budget), then probes it.
func SettleProbe(rounds int, budget time.Duration) string {
	return fmt.Sprintf("%s(%d, %d).then(() => %s)", settleJS, rounds, budget.Milliseconds(), probeJS)
}

// QuietSettleProbe waits for a DOM quiet for quiet (or a filing number
// added, or budget spent), then settles and probes as SettleProbe.
func QuietSettleProbe(quiet, budget time.Duration, rounds int, settleBudget time.Duration) string {
	return fmt.Sprintf("%s(%d, %d).then(() => %s)",
		quietJS, quiet.Milliseconds(), budget.Milliseconds(), SettleProbe(rounds, settleBudget))
}

// Hooks is the script installed in every new document: it tracks the
// page's timeouts shorter than horizon.
func Hooks(horizon time.Duration) string {
	return fmt.Sprintf("%s(%d)", hooksJS, horizon.Milliseconds())
}

// LateWait waits for the page's pending timeouts shorter than horizon and
// says whether the document changed meanwhile.
func LateWait(horizon time.Duration) string {
	return fmt.Sprintf("%s(%d)", lateJS, horizon.Milliseconds())
}

// Overlay draws the evidence overlay; arg is the JSON argument the
// overlay script takes.
func Overlay(arg []byte) string {
	return fmt.Sprintf("%s(%s)", overlayJS, arg)
}
