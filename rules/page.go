// Package rules is the pure core of beiancheck: the page snapshot a rule
// sees (page.go), the filing-number normalisation, parser and finder
// (normalize.go, parse.go, find.go), link classification (link.go), the
// judgement of a page and its compliance decision (judge.go), the rule
// type and options (rule.go), the rule registry and catalogue
// (registry.go), Check (check.go), and the rules by family: presence,
// layout, linked, format, psb, site (ICP014, also across pages) and webview
// (CTX001, once per run). It does no I/O, reads no clock and knows nothing
// of the browser that measured the page, so any engine (Chromium today, an
// HTML-only engine later) can fill a Page.
package rules

// Viewport is the screen a page was rendered at.
type Viewport struct {
	Name   string  `json:"name"`   // "mobile", "desktop", "mobile-dark" or "desktop-dark"
	Width  int     `json:"width"`  // CSS px
	Height int     `json:"height"` // CSS px
	Scale  float64 `json:"scale"`  // device pixel ratio
	// MiniProgram is true when the page was emulated as a WeChat
	// mini-program web-view (user agent and window.__wxjs_environment).
	MiniProgram bool `json:"mini_program"`
	// Dark is true when the page was told the user prefers a dark colour
	// scheme (prefers-color-scheme: dark): phones, and WeChat with them,
	// follow the system's dark mode, and pages restyle themselves for it.
	Dark bool `json:"dark,omitempty"`
}

// Rect is a box in CSS px. X is relative to the top page's viewport (the
// page does not scroll sideways), Y to the top of the document.
type Rect struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}

// Empty reports whether the box has no area.
func (r Rect) Empty() bool { return r.Right <= r.Left || r.Bottom <= r.Top }

// CenterX is the horizontal centre of the box.
func (r Rect) CenterX() float64 { return (r.Left + r.Right) / 2 }

// Page is what an engine measured of one page at one viewport. It is
// immutable once built; rules only read it.
type Page struct {
	URL      string   `json:"url"`
	FinalURL string   `json:"final_url"`
	Viewport Viewport `json:"viewport"`
	// Entry marks a page the user named (ICP001 is an error there) as
	// opposed to one found by crawling (a warning there).
	Entry bool `json:"entry"`
	// ClientWidth is document.documentElement.clientWidth of the top page:
	// the layout width without the scrollbar, which defines the page centre.
	ClientWidth    float64 `json:"client_width"`
	DocumentHeight float64 `json:"document_height"`
	// Texts are the filing-number candidates found in text nodes, in
	// document order, hidden ones included (they carry their cause).
	Texts []TextCandidate `json:"texts"`
	// Images are numbers carried only by images, alt/title/aria-label
	// text, canvas fallback or SVG.
	Images []ImageCandidate `json:"images,omitempty"`
}

// TextCandidate is one span of displayed text that looks like a filing
// number, with everything measured about it.
type TextCandidate struct {
	Raw      string `json:"raw"`      // the text as the page has it
	Selector string `json:"selector"` // CSS selector of the element holding the text
	Snippet  string `json:"snippet"`  // start of that element's outer HTML
	// Order is the candidate's position in document order.
	Order int `json:"order"`
	// Box is the union of the number's own client rects; Line is the text
	// line holding it (every text box of the same block that overlaps the
	// number vertically). Both are empty when nothing is rendered.
	Box  Rect `json:"box"`
	Line Rect `json:"line"`

	// Hidden names a CSS cause that keeps the text from being painted:
	// "display:none", "visibility:hidden", "opacity:0",
	// "content-visibility:hidden", "clipped by <selector>", "no size".
	// Empty when the text is painted.
	Hidden string `json:"hidden,omitempty"`
	// Unrendered is true when the browser skips the text's layout (a
	// closed <details>, content-visibility:hidden): whatever box it
	// reports is not on the page.
	Unrendered bool `json:"unrendered,omitempty"`
	// FontSize is the size the text is drawn at, in CSS px of the page:
	// its computed font-size times the scale the transforms and CSS zoom
	// on it and its ancestors draw it at (12 px under the "Chrome minimum
	// font size" trick's transform:scale(.75) is 9 px).
	FontSize float64 `json:"font_size"`
	// FontComputed is the computed font-size when transforms or zoom draw
	// the text at another size; 0 when they do not.
	FontComputed float64 `json:"font_computed,omitempty"`
	// Color is the colour the text is seen in: its paint
	// (-webkit-text-fill-color, or the stroke of outlined text) with its
	// alpha and opacity composited over Background, and through the
	// translucent layers over it. When the contrast is unknown, the paint
	// itself (#rrggbbaa when translucent).
	Color string `json:"color,omitempty"`
	// Background is the effective background colour the contrast was
	// computed against.
	Background string `json:"background,omitempty"`
	// Contrast is the WCAG contrast ratio of the text against its effective
	// background, with opacity applied; 0 when unknown.
	Contrast float64 `json:"contrast"`
	// ContrastUnknown says why the contrast could not be measured (for
	// example a background image under the text).
	ContrastUnknown string `json:"contrast_unknown,omitempty"`
	// Blended names the blend mode Color was blended with Background in
	// ("mix-blend-mode:screen on a.glow"): the colour seen is not the
	// text's CSS colour. Empty for text painted normally.
	Blended string `json:"blended,omitempty"`
	// Gradient is the selector of the element whose background gradient
	// lies under the text: where under the text each of its colours is
	// is not measured, so Background is the colour of it that gives the
	// text the most contrast, and a contrast finding holds wherever the
	// text is. Empty when no gradient is under it.
	Gradient string `json:"gradient,omitempty"`
	// Overflows is the selector of an ancestor whose background the text
	// lies outside of (a footer bar of fixed height its wrapped lines
	// overflow): that background does not paint under the text, and
	// Background is what lies behind it instead. Empty when none.
	Overflows string `json:"overflows,omitempty"`
	// ImageMissing names the ancestor whose background image did not load
	// (a 404, a refused connection), with the image: it paints nothing,
	// and Background is what lies behind it instead. Empty when none.
	ImageMissing string `json:"image_missing,omitempty"`
	// CoveredBy is the selector of the element painted over the centre of
	// the number when the page is scrolled to the bottom; empty when the
	// number itself is on top.
	CoveredBy string `json:"covered_by,omitempty"`
	// Animated names an endless animation on the number's element or an
	// ancestor ("ticker on span.tk"): one that never finishes (a ticker, a
	// blinking number), which the engine holds at its start while it
	// measures, so that where the number is does not depend on how long
	// the page took to load. Empty when there is none.
	Animated string `json:"animated,omitempty"`

	// Link is the link around the start of the number. Links, when the
	// engine fills it, is every link the number's text runs through, in
	// text order: one entry per <a>, and one with Anchor false for each
	// stretch of the number's text outside any <a> (京ICP备 in a link,
	// 12345678号 beside it). Rules read LinkParts.
	Link   Link   `json:"link"`
	Links  []Link `json:"links,omitempty"`
	Footer Footer `json:"footer"`

	InShadowRoot bool `json:"in_shadow_root,omitempty"`
	InFrame      bool `json:"in_frame,omitempty"`
}

// LinkParts returns the links the number's text runs through: Links, or
// Link alone when the engine measured only that.
func (c *TextCandidate) LinkParts() []Link {
	if len(c.Links) > 0 {
		return c.Links
	}
	return []Link{c.Link}
}

// Link is what makes a candidate clickable.
type Link struct {
	// Anchor is true when an <a> element wraps the text.
	Anchor bool `json:"anchor"`
	// HasHref is true when that <a> has an href attribute.
	HasHref bool `json:"has_href"`
	// RawHref is the attribute as written; Href is it resolved against the
	// document URL.
	RawHref string `json:"raw_href,omitempty"`
	Href    string `json:"href,omitempty"`
	// OnClick is the inline click handler of the anchor or a close
	// ancestor, when there is no usable href.
	OnClick string `json:"onclick,omitempty"`
	// Selector of the anchor.
	Selector string `json:"selector,omitempty"`
	// Text is the part of the number's text inside this link (or outside
	// any link), when the number runs through several (Links).
	Text string `json:"text,omitempty"`
	// Blocked says what keeps a click on the number from reaching this
	// link, when the engine hit-tested it ("pointer-events:none on a",
	// "inert on footer", "the click at its centre lands on div.mask");
	// empty when the click reaches it.
	Blocked string `json:"blocked,omitempty"`
}

// Footer holds the facts the footer-region decision needs.
type Footer struct {
	// Region is the selector of the footer group around the number and
	// RegionKind says how it was chosen: "footer" (a <footer> or
	// [role=contentinfo]), "named" (an id or class naming a footer),
	// "block" (the number's own block).
	Region     string `json:"region"`
	RegionKind string `json:"region_kind"`
	// InHeader is true when the number sits in a header, nav or aside (or
	// a box named or laid out as a sidebar); Header names that element and
	// how it was told ("div.widget-area (named as a sidebar)").
	InHeader bool   `json:"in_header,omitempty"`
	Header   string `json:"header,omitempty"`
	// Fixed is "bottom" when the group is position:fixed (or sticky) at the
	// bottom of the viewport, "other" for a fixed bar elsewhere, else "".
	Fixed string `json:"fixed,omitempty"`
	// ContentBelow is the selector of the first visible main content
	// (text, image, media outside the footer group and not a footer item)
	// whose top lies below the number; empty when there is none.
	ContentBelow        string `json:"content_below,omitempty"`
	ContentBelowSnippet string `json:"content_below_snippet,omitempty"`
}

// ImageCandidate is a filing number that is not text on the page.
type ImageCandidate struct {
	Raw      string `json:"raw"`
	Selector string `json:"selector"`
	// Source says where the number was read: "alt", "title", "aria-label",
	// "svg", "canvas", "src".
	Source string `json:"source"`
}
