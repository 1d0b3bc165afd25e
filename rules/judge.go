package rules

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// JudgedFiling is one number found in the page's text with the DOMAIN §2
// attributes decided.
type JudgedFiling struct {
	Filing
	Raw      string `json:"raw"`
	Selector string `json:"selector"`
	Snippet  string `json:"snippet,omitempty"`
	Primary  bool   `json:"primary"`
	// Valid is true when the number parsed without an error-level issue.
	Valid    bool `json:"valid"`
	InFooter bool `json:"in_footer"`
	Centered bool `json:"centered"`
	// CenterOffsetPx is the line centre minus the page centre (negative:
	// left of centre); CenterTolerancePx the tolerance it was held to.
	CenterOffsetPx    float64 `json:"center_offset_px"`
	CenterTolerancePx float64 `json:"center_tolerance_px"`
	Linked            bool    `json:"linked"`
	Href              string  `json:"href,omitempty"`
	// LinkProblem classifies a link that does not count (see LinkClass).
	LinkProblem LinkClass `json:"link_problem,omitempty"`
	Visible     bool      `json:"visible"`
	// Invisible names why the number is not visible.
	Invisible string  `json:"invisible,omitempty"`
	FontSize  float64 `json:"font_size_px"`
	Contrast  float64 `json:"contrast"`
	// Gradient names the element whose background gradient Contrast was
	// measured against, at the gradient's colour most favourable to the
	// text (TextCandidate.Gradient).
	Gradient string `json:"gradient,omitempty"`
	// Animated names the endless animation the number was measured under,
	// held at its start (TextCandidate.Animated).
	Animated string `json:"animated,omitempty"`

	// Candidate is the measured text the number was read from.
	Candidate *TextCandidate `json:"-"`
	link      LinkVerdict
	// linkPart is the link the verdict is about: the first part of the
	// number that is not linked to MIIT, else its first http link, else
	// its first link.
	linkPart Link
	psb      PSBLinkVerdict // for a 公网安备 number
	measured bool           // the text has a rendered box
	// placed: shown and measured inside the client width, so where it
	// sits on the page means something: ICP002 and ICP003 are judged even
	// when it is covered, too small or too faint to read, so that fixing
	// that does not uncover a second defect.
	placed bool
}

// Judgement is a page's numbers with their attributes and the primary one.
type Judgement struct {
	Filings []JudgedFiling
	// Primary indexes Filings; -1 when the page shows no ICP filing or
	// licence number in its text.
	Primary int
	// Images are the numbers found only in images and attributes.
	Images []ImageFiling
}

// ImageFiling is a parsed number that is not text.
type ImageFiling struct {
	Filing
	ImageCandidate
}

// Compliant reports whether the page complies with DOMAIN §2: its primary
// number is found (a well-formed filing or licence number, see
// JudgedFiling.WellFormed), in the footer region, centred, linked to
// beian.miit.gov.cn and visible. It is a fact about the page: rule levels
// (--level) change findings and exit codes, never this. A page with no
// primary number is not compliant.
func (j *Judgement) Compliant() bool {
	f := j.PrimaryFiling()
	return f != nil && f.WellFormed() && f.InFooter && f.Centered && f.Linked && f.Visible
}

// Unmet names the parts of Compliant that fail, in DOMAIN §2 order ("found",
// "in_footer", "centered", "linked", "visible"); empty when the page is
// compliant.
func (j *Judgement) Unmet() []string {
	f := j.PrimaryFiling()
	if f == nil || !f.WellFormed() {
		return []string{"found"}
	}
	var out []string
	for _, a := range []struct {
		name string
		ok   bool
	}{{"in_footer", f.InFooter}, {"centered", f.Centered}, {"linked", f.Linked}, {"visible", f.Visible}} {
		if !a.ok {
			out = append(out, a.name)
		}
	}
	return out
}

// WellFormed reports whether the number is a filing or licence number in
// the sense of DOMAIN §3: it matched a format and has no error-level
// format issue. A placeholder, a wrong digit count or a future year
// (ICP012) is not a filing number; a lenient-only form (missing 号, the
// legacy -N号, spaces inside: ICP011 warnings) still is. A 公网安备 number
// is never the primary number and is not well-formed in this sense.
func (f *JudgedFiling) WellFormed() bool {
	return f.Kind != KindPSB && f.Valid
}

// PrimaryFiling returns the primary number, or nil.
func (j *Judgement) PrimaryFiling() *JudgedFiling {
	if j.Primary < 0 {
		return nil
	}
	return &j.Filings[j.Primary]
}

// Settled reports whether the page's primary number was found where it
// belongs: in the footer region, visible and valid. A page that fills its
// footer from a timer or a request, swaps a placeholder for the real
// number or fades it in on scroll is not settled at first: an engine
// measures it again once its DOM is quiet.
func (j *Judgement) Settled() bool {
	pf := j.PrimaryFiling()
	return pf != nil && pf.InFooter && pf.Visible && pf.Valid
}

// Judge parses every candidate of the page and decides its attributes.
func Judge(p *Page, o *Options) *Judgement {
	j := &Judgement{Primary: -1}
	for i := range p.Texts {
		c := &p.Texts[i]
		for _, m := range FindFilings(c.Raw, o.Year) {
			j.Filings = append(j.Filings, judgeOne(p, o, c, m.Filing))
		}
	}
	for _, im := range p.Images {
		for _, m := range FindFilings(im.Raw, o.Year) {
			j.Images = append(j.Images, ImageFiling{Filing: m.Filing, ImageCandidate: im})
		}
	}
	best := -1
	for i := range j.Filings {
		if j.Filings[i].Kind == KindPSB {
			continue
		}
		if best < 0 || primaryOrder(&j.Filings[i], &j.Filings[best]) < 0 {
			best = i
		}
	}
	if best >= 0 {
		j.Primary = best
		j.Filings[best].Primary = true
	}
	return j
}

// primaryOrder sorts the preferred primary number first (DOMAIN §2): a
// filing over a licence, one in the footer region, then a linked one, then
// (not in DOMAIN) a visible one, then the lowest on the page. A copy the
// browser does not lay out (display:none) is in no region, so a visible
// copy wins over it; a footer copy covered by a tab bar still wins over a
// header copy, and is reported as covered.
func primaryOrder(a, b *JudgedFiling) int {
	return cmp.Or(
		boolFirst(a.Kind == KindICP, b.Kind == KindICP),
		boolFirst(a.InFooter, b.InFooter),
		boolFirst(a.Linked, b.Linked),
		boolFirst(a.Visible, b.Visible),
		cmp.Compare(b.Candidate.Box.Bottom, a.Candidate.Box.Bottom),
		cmp.Compare(b.Candidate.Order, a.Candidate.Order),
	)
}

func boolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

func judgeOne(p *Page, o *Options, c *TextCandidate, f Filing) JudgedFiling {
	jf := JudgedFiling{
		Filing:    f,
		Raw:       c.Raw,
		Selector:  c.Selector,
		Snippet:   c.Snippet,
		Valid:     !slices.ContainsFunc(f.Issues, func(i Issue) bool { return i.Level == LevelError }),
		FontSize:  c.FontSize,
		Contrast:  round1(c.Contrast),
		Gradient:  c.Gradient,
		Animated:  c.Animated,
		Candidate: c,
		measured:  !c.Box.Empty() && !c.Unrendered,
	}
	jf.link, jf.linkPart = classifyLinks(c)
	jf.Href = jf.linkPart.Href
	jf.LinkProblem = jf.link.Class
	jf.Linked = jf.link.Class == LinkOK
	if f.Kind == KindPSB {
		// A 公网安备 number is linked when it points at its own record in
		// the public-security system.
		jf.psb = ClassifyPSBLink(c.Link, f.Digits)
		jf.Linked = jf.psb.Problem == ""
		jf.LinkProblem = LinkOK
		if !jf.Linked {
			jf.LinkProblem = LinkWrong
		}
	}
	jf.Invisible = invisibleCause(p, o, c)
	jf.Visible = jf.Invisible == ""
	jf.placed = jf.measured && c.Hidden == "" && !offScreen(p, c.Box)

	line := c.Line
	if line.Empty() {
		line = c.Box
	}
	jf.CenterTolerancePx = round1(o.CenterTolerance(p.ClientWidth))
	if jf.measured {
		off := line.CenterX() - p.ClientWidth/2
		// A line that runs out of the client width (a nowrap footer wider
		// than a phone, a badge whose text is pushed off by text-indent)
		// is cut off: the part of it that shows and the number's own text
		// must both be centred.
		if offScreen(p, line) {
			off = shownLine(p, line).CenterX() - p.ClientWidth/2
			if own := c.Box.CenterX() - p.ClientWidth/2; math.Abs(own) > math.Abs(off) {
				off = own
			}
		}
		jf.CenterOffsetPx = round1(off)
		jf.Centered = math.Abs(off) <= o.CenterTolerance(p.ClientWidth)
	}
	switch ft := c.Footer; {
	case !jf.measured:
		// Nothing rendered (display:none) sits nowhere on the page.
		jf.InFooter = false
	case ft.Fixed == "bottom":
		jf.InFooter = true
	default:
		jf.InFooter = ft.Fixed == "" && !ft.InHeader && ft.ContentBelow == ""
	}
	return jf
}

// classifyLinks decides the link of a number that may run through several
// links (DOMAIN §2 linked): the whole number must be inside links to MIIT,
// so the verdict is that of the first part that is not, and LinkOK only
// when every part is.
func classifyLinks(c *TextCandidate) (LinkVerdict, Link) {
	parts := c.LinkParts()
	for _, l := range parts {
		if v := ClassifyLink(l); v.Class != LinkOK {
			return v, l
		}
	}
	// An http part makes the number's link an http one (ICP007).
	for _, l := range parts {
		if v := ClassifyLink(l); v.HTTP {
			return v, l
		}
	}
	return ClassifyLink(parts[0]), parts[0]
}

// invisibleCause names why a candidate cannot be seen, or "".
func invisibleCause(p *Page, o *Options, c *TextCandidate) string {
	switch {
	case c.Hidden != "":
		return c.Hidden
	case c.Box.Empty():
		return "no rendered size"
	case offScreen(p, c.Box):
		return fmt.Sprintf("off-screen: text box spans %.0f–%.0f px, client width is %.0f px", c.Box.Left, c.Box.Right, p.ClientWidth)
	case c.FontSize < o.MinFontPx:
		return fontBelow(c, o.MinFontPx)
	case c.ContrastUnknown == "" && c.Contrast > 0 && c.Contrast < o.MinContrast:
		return contrastBelow(c, o.MinContrast)
	case c.CoveredBy != "":
		return "covered by " + c.CoveredBy
	}
	return ""
}

// fontBelow says that a candidate's font size is below min, and when
// transforms or zoom shrank it, from what.
func fontBelow(c *TextCandidate, min float64) string {
	why := fmt.Sprintf("font size %.1f px is below %.0f px", c.FontSize, min)
	if c.FontComputed != 0 {
		why += fmt.Sprintf(" (%.1f px as computed, drawn at %.2f× by transforms, CSS zoom or a viewport that forbids zooming)", c.FontComputed, c.FontSize/c.FontComputed)
	}
	return why
}

// contrastBelow says that a candidate's contrast is below min, with the
// colours measured (and the blend that made the text's colour, if any).
func contrastBelow(c *TextCandidate, min float64) string {
	why := fmt.Sprintf("contrast %.2f:1 (%s on %s) is below %.0f:1", c.Contrast, c.Color, c.Background, min)
	if c.Blended != "" {
		why += "; that is the text's colour as blended by " + c.Blended
	}
	if c.Overflows != "" {
		why += "; the text overflows the box of " + c.Overflows + ", whose background does not reach it"
	}
	if c.ImageMissing != "" {
		why += "; the background image of " + c.ImageMissing + " did not load"
	}
	if c.Gradient != "" {
		why += "; " + c.Background + " is the colour of the background gradient on " + c.Gradient + " that gives the text the most contrast"
	}
	return why
}

// shownLine is the part of a line inside the client width.
func shownLine(p *Page, r Rect) Rect {
	r.Left, r.Right = max(r.Left, 0), min(r.Right, p.ClientWidth)
	return r
}

// offScreen reports whether a box reaches outside the client width (1 px
// of rounding allowed).
func offScreen(p *Page, r Rect) bool {
	return r.Left < -1 || r.Right > p.ClientWidth+1
}

// round1 rounds to 0.1 and never returns negative zero.
func round1(f float64) float64 { return math.Round(f*10)/10 + 0 }
