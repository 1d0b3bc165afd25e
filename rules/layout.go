package rules

import (
	"fmt"
	"math"
)

var icp002 = &Rule{
	ID:    "ICP002",
	Name:  "FilingNumberInFooter",
	Title: "number not in the footer region",
	Level: LevelError,
	Fix:   "Move the number into the page footer, below all main content.",
	Help: `The number belongs at the bottom of the page: no main content (paragraphs, images, cards, lists)
may follow it other than other footer items (copyright, 公网安备, a links row, badges). A number in the
header, a sidebar or the middle of the page does not count; a position:fixed bar at the bottom does.

` + "```html" + `
<main>…</main>
<footer class="site-footer">
  <p>© 2024 示例科技 · <a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a></p>
</footer>
` + "```",
	Check: func(p *Pass) {
		f := p.primary()
		if f == nil || !f.placed || f.InFooter {
			return
		}
		ft := f.Candidate.Footer
		var why string
		switch {
		case ft.InHeader:
			why = "it sits in the header, navigation or a sidebar"
			if ft.Header != "" {
				why += ": " + ft.Header
			}
		case ft.Fixed == "other":
			why = "it sits in a fixed bar that is not at the bottom of the screen"
		case ft.ContentBelow != "":
			why = fmt.Sprintf("main content lies below it: %s", ft.ContentBelow)
			if ft.ContentBelowSnippet != "" {
				why += " " + ft.ContentBelowSnippet
			}
		default:
			why = "it is not in the page's final region"
		}
		p.Reportf(subject(f), "%s is not in the footer region at %s: %s", f.Number, p.Page.Viewport.Name, why)
	},
}

var icp003 = &Rule{
	ID:    "ICP003",
	Name:  "FilingNumberCentered",
	Title: "number's line not centred on the page",
	Level: LevelError,
	Fix:   "Centre the text line holding the number (text-align:center on a full-width footer block) at every screen width.",
	Help: `The law asks for the number at the centre of the bottom of the page. beiancheck measures the
rendered text line holding the number, not its container: a centred 300 px box whose contents float
left is not centred, and a ` + "`text-align:left!important`" + ` in a mobile media query undoes a desktop
` + "`text-center`" + `. Tolerance: max(8 px, 2% of the client width).

` + "```html" + `
<footer style="text-align:center">
  <p><a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a> | <a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a></p>
</footer>
` + "```",
	Check: func(p *Pass) {
		f := p.primary()
		if f == nil || !f.placed || f.Centered {
			return
		}
		side := "right of"
		if f.CenterOffsetPx < 0 {
			side = "left of"
		}
		line := f.Candidate.Line
		if line.Empty() {
			line = f.Candidate.Box
		}
		if offScreen(p.Page, line) {
			box, shown := f.Candidate.Box, shownLine(p.Page, line)
			p.Reportf(subject(f), "line is off centre at %s: the line runs out of the client width (line %.0f–%.0f px of client width %.0f px); of what shows of it (%.0f–%.0f px) and the number's own text (%.0f–%.0f px), the farther from the page centre (%.1f px) is %.1f px %s it (offset %.1f px); tolerance %.1f px%s",
				p.Page.Viewport.Name, line.Left, line.Right, p.Page.ClientWidth, shown.Left, shown.Right, box.Left, box.Right,
				p.Page.ClientWidth/2, math.Abs(f.CenterOffsetPx), side, f.CenterOffsetPx, f.CenterTolerancePx, animatedNote(f))
			return
		}
		p.Reportf(subject(f), "line is off centre at %s: line centre is %.1f px %s page centre (offset %.1f px; line %.0f–%.0f px, page centre %.1f px of client width %.0f px); tolerance %.1f px%s",
			p.Page.Viewport.Name, math.Abs(f.CenterOffsetPx), side, f.CenterOffsetPx, line.Left, line.Right,
			p.Page.ClientWidth/2, p.Page.ClientWidth, f.CenterTolerancePx, animatedNote(f))
	},
}

var icp008 = &Rule{
	ID:    "ICP008",
	Name:  "FilingNumberVisible",
	Title: "number not visible (hidden, off-screen, covered, too small or faint)",
	Level: LevelError,
	Fix:   "Make the number visible at every screen width: not hidden, inside the screen, not under a fixed bar, at least 10 px and 2:1 contrast.",
	Help: `A number the visitor cannot see does not count. beiancheck checks display, visibility, opacity,
clipping, the client width, what is painted over the number when the page is scrolled to the bottom (a
fixed tab bar over the footer in a mobile H5 page is the usual culprit), a font size of at least 10 px
and a contrast of at least 2:1. Give a fixed bottom bar a spacer so the footer scrolls clear of it:

` + "```css" + `
body { padding-bottom: calc(56px + env(safe-area-inset-bottom)); } /* height of the tab bar */
` + "```",
	Check: func(p *Pass) {
		f := p.primary()
		if f == nil || f.Visible {
			return
		}
		p.Reportf(subject(f), "%s is not visible at %s: %s%s", f.Number, p.Page.Viewport.Name, f.Invisible, animatedNote(f))
	},
}

// animatedNote says, for a number under an endless animation, that it was
// measured at the animation's start ("" otherwise): a ticker or a blinking
// number looks different a moment later, and the fix is to stop animating
// it.
func animatedNote(f *JudgedFiling) string {
	if f.Animated == "" {
		return ""
	}
	return " (measured at the start of the endless animation " + f.Animated + ": a number that keeps moving or fading is not reliably displayed)"
}

var icp009 = &Rule{
	ID:    "ICP009",
	Name:  "FilingNumberReadable",
	Title: "number hard to read: font below 12 px or contrast below 3:1",
	Level: LevelWarning,
	Fix:   "Use at least 12 px and a text colour with 3:1 contrast or more against the footer background.",
	Help: `A visible but tiny or faint number (10 px grey #939393 on white is 3:1) invites a complaint.
Use at least 12 px and a contrast of 3:1 or more.

` + "```css" + `
.site-footer { font-size: 12px; color: #666; background: #fff; } /* 5.7:1 */
` + "```",
	Check: func(p *Pass) {
		f := p.primary()
		if f == nil || !f.Visible {
			return
		}
		c := f.Candidate
		var why []string
		if c.FontSize < p.Options.ReadableFontPx {
			why = append(why, fontBelow(c, p.Options.ReadableFontPx))
		}
		if c.ContrastUnknown == "" && c.Contrast > 0 && c.Contrast < p.Options.ReadableContrast {
			why = append(why, contrastBelow(c, p.Options.ReadableContrast))
		}
		if len(why) == 0 {
			return
		}
		msg := why[0]
		if len(why) > 1 {
			msg += "; " + why[1]
		}
		p.Reportf(subject(f), "%s is hard to read at %s: %s", f.Number, p.Page.Viewport.Name, msg)
	},
}
