package browser

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser/probe"
)

// thumbWidth is the width of the full-page thumbnail in CSS px.
const thumbWidth = 240

// evidence draws the measurement over the page, captures the footer region
// and a thumbnail, and writes them under the artifacts directory.
func (t *tab) evidence(parent context.Context, a *scanner.Artifacts, pr *scanner.PageResult, timeout time.Duration) (scanner.Evidence, error) {
	ctx, cancel := context.WithTimeout(t.ctx, timeout)
	defer cancel()
	defer context.AfterFunc(parent, cancel)()
	m := map[string]any{"clientWidth": pr.Page.ClientWidth}
	if f := pr.Judgement.PrimaryFiling(); f != nil && f.Candidate != nil {
		m["label"] = caption(pr.Viewport, f)
		if c := f.Candidate; !c.Box.Empty() {
			line := c.Line
			if line.Empty() {
				line = c.Box
			}
			m["box"], m["line"], m["covered"] = c.Box, line, c.CoveredBy
		} else {
			// No box (display:none): the overlay outlines the nearest
			// displayed ancestor of the number's element.
			m["hidden"] = c.Selector
		}
	}
	arg, err := json.Marshal(m)
	if err != nil {
		return scanner.Evidence{}, fmt.Errorf("evidence: %w", err)
	}
	var region struct {
		X, Y, Width, Height, DocHeight float64
		Caption                        string
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](probe.Overlay(arg)))
	if err != nil {
		return scanner.Evidence{}, fmt.Errorf("draw overlay: %w", err)
	}
	if err := json.Unmarshal(raw, &region); err != nil {
		return scanner.Evidence{}, fmt.Errorf("draw overlay: %w", err)
	}
	defer func() {
		// Best effort: the tab moves to another page next anyway.
		_ = chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__beiancheckOverlayRemove && window.__beiancheckOverlayRemove()`))
	}()

	base := artifactName(pr.URL, pr.Viewport)
	ev := scanner.Evidence{Footer: base + "-footer.png", Thumbnail: base + "-thumb.png", Caption: region.Caption}
	footer := &page.Viewport{X: region.X, Y: region.Y, Width: region.Width, Height: math.Max(1, region.Height), Scale: 1}
	// A capture beyond the viewport lays the page out again at the
	// document's size for the shot (vh units, sticky and fixed boxes): the
	// drawn boxes then sat a line off the text on a VuePress reco page. The
	// footer region is shot within the viewport, scrolled into it, when it
	// fits there.
	within, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(scrollIntoViewJS, region.Y, footer.Height)))
	if err != nil {
		return scanner.Evidence{}, fmt.Errorf("scroll to the footer: %w", err)
	}
	if err := t.capture(ctx, footer, !within, filepath.Join(a.Dir, ev.Footer)); err != nil {
		return scanner.Evidence{}, err
	}
	h := math.Min(region.DocHeight, 12000)
	thumb := &page.Viewport{X: 0, Y: 0, Width: pr.Page.ClientWidth, Height: math.Max(1, h), Scale: thumbWidth / math.Max(1, pr.Page.ClientWidth)}
	if err := t.capture(ctx, thumb, true, filepath.Join(a.Dir, ev.Thumbnail)); err != nil {
		return scanner.Evidence{}, err
	}
	return ev, nil
}

// caption is the text written over the footer screenshot: the measured
// offset of a number that has a box, and why the number cannot be seen.
func caption(viewport string, f *rules.JudgedFiling) string {
	why := ""
	if !f.Visible {
		why = "not visible: " + f.Invisible
		if strings.HasPrefix(f.Invisible, "display:none") {
			why = "not displayed: " + f.Invisible
		}
	}
	if f.Candidate.Box.Empty() {
		if why == "" {
			why = "has no box on the page"
		}
		return fmt.Sprintf("%s: %s %s", viewport, f.Number, why)
	}
	label := fmt.Sprintf("%s: line centre %+.1f px from page centre (tolerance %.1f px)", viewport, f.CenterOffsetPx, f.CenterTolerancePx)
	if why != "" {
		label += "; " + why
	}
	return label
}

// scrollIntoViewJS scrolls the window the least that brings the document
// rows y to y+h into the viewport, and says whether they are in it.
const scrollIntoViewJS = `((y, h) => {
  const top = Math.min(y, Math.max(y + h - innerHeight, scrollY));
  if (top !== scrollY) scrollTo({ left: scrollX, top, behavior: 'instant' });
  return h <= innerHeight && y >= scrollY - 0.5 && y + h <= scrollY + innerHeight + 0.5;
})(%v, %v)`

// capture writes a screenshot of the clip (document coordinates): within
// the viewport, or beyond it (the whole document laid out at once).
func (t *tab) capture(ctx context.Context, clip *page.Viewport, beyond bool, path string) error {
	shot := func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng, Clip: clip, CaptureBeyondViewport: new(beyond),
		})
		return res.Data, err
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write screenshot: %w", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return fmt.Errorf("write screenshot: %w", err)
	}
	return nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// artifactName is a deterministic, file-system safe name for a page and
// viewport: a readable slug of the URL and a short hash that keeps two
// URLs with the same slug apart.
func artifactName(u, viewport string) string {
	slug := strings.Trim(unsafeName.ReplaceAllString(strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://"), "_"), "_.")
	if len(slug) > 60 {
		slug = slug[:60]
	}
	sum := sha256.Sum256([]byte(u))
	return slug + "-" + hex.EncodeToString(sum[:4]) + "-" + viewport
}
