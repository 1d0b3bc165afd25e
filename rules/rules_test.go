package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// catalogueOrder ranks an ID as DOMAIN §5 lists rules: ICP, PSB, CTX.
func catalogueOrder(id string) string {
	return map[string]string{"ICP": "1", "PSB": "2", "CTX": "3"}[id[:3]] + id[3:]
}

// footerNumber is a compliant candidate: centred in a 375 px page, in a
// <footer>, linked to MIIT, 14 px dark grey on white.
func footerNumber(raw string) TextCandidate {
	return TextCandidate{
		Raw: raw, Selector: "footer > p > a", Snippet: `<a href="https://beian.miit.gov.cn/">`,
		Box:      Rect{Left: 120, Top: 1900, Right: 255, Bottom: 1920},
		Line:     Rect{Left: 100, Top: 1900, Right: 275, Bottom: 1920},
		FontSize: 14, Color: "#666666", Background: "#ffffff", Contrast: 5.74,
		Link:   Link{Anchor: true, HasHref: true, RawHref: "https://beian.miit.gov.cn/", Href: "https://beian.miit.gov.cn/"},
		Footer: Footer{Region: "footer", RegionKind: "footer"},
	}
}

func mobilePage(texts ...TextCandidate) *Page {
	for i := range texts {
		texts[i].Order = i
	}
	return &Page{
		URL: "https://example.com/", FinalURL: "https://example.com/", Entry: true,
		Viewport:    Viewport{Name: "mobile", Width: 375, Height: 812, Scale: 2, MiniProgram: true},
		ClientWidth: 375, DocumentHeight: 1940, Texts: texts,
	}
}

func testOptions() *Options {
	o := DefaultOptions(2026)
	return &o
}

// ruleIDs lists the rules of findings, sorted, as "ID:level".
func ruleIDs(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+":"+string(f.Level))
	}
	slices.Sort(out)
	return out
}

func TestCheckRules(t *testing.T) {
	const num = "京ICP备2021012345号-1"
	mod := func(f func(c *TextCandidate)) TextCandidate {
		c := footerNumber(num)
		f(&c)
		return c
	}
	tests := []struct {
		name string
		page *Page
		want []string
		msg  string // regexp over the messages of the findings
	}{
		{name: "compliant", page: mobilePage(footerNumber(num)), want: nil},
		{name: "compliant desktop", page: func() *Page {
			p := mobilePage(footerNumber(num))
			p.Viewport = Viewport{Name: "desktop", Width: 1366, Height: 768, Scale: 1}
			p.ClientWidth = 1366
			p.Texts[0].Line = Rect{Left: 600, Right: 766, Top: 1900, Bottom: 1920}
			return p
		}(), want: nil},
		{name: "no number on entry page", page: mobilePage(), want: []string{"ICP001:error"}},
		{name: "no number on crawled page", page: func() *Page { p := mobilePage(); p.Entry = false; return p }(), want: []string{"ICP001:warning"}},
		{name: "psb only is no number", page: mobilePage(mod(func(c *TextCandidate) {
			c.Raw = "京公网安备11010502030143号"
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143", Href: "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"}
		})), want: []string{"ICP001:error"}},
		{name: "image only", page: func() *Page {
			p := mobilePage()
			p.Images = []ImageCandidate{{Raw: num, Selector: "footer img", Source: "alt"}}
			return p
		}(), want: []string{"ICP001:error", "ICP010:warning"}, msg: "only in the alt"},
		{name: "content below", page: mobilePage(mod(func(c *TextCandidate) { c.Footer.ContentBelow = "section.recommend" })),
			want: []string{"ICP002:error"}, msg: "main content lies below it: section.recommend"},
		{name: "in header", page: mobilePage(mod(func(c *TextCandidate) { c.Footer = Footer{Region: "header", RegionKind: "block", InHeader: true} })),
			want: []string{"ICP002:error"}, msg: "header"},
		{name: "fixed bottom bar counts as footer", page: mobilePage(mod(func(c *TextCandidate) {
			c.Footer = Footer{Region: "div.bar", RegionKind: "named", Fixed: "bottom", ContentBelow: ""}
		})), want: nil},
		{name: "fixed top bar is not footer", page: mobilePage(mod(func(c *TextCandidate) { c.Footer.Fixed = "other" })),
			want: []string{"ICP002:error"}},
		{name: "off centre", page: mobilePage(mod(func(c *TextCandidate) { c.Line = Rect{Left: 0, Right: 150, Top: 1900, Bottom: 1920} })),
			want: []string{"ICP003:error"}, msg: `line centre is 112\.5 px left of page centre .*tolerance 8\.0 px`},
		{name: "link that takes no click", page: mobilePage(mod(func(c *TextCandidate) { c.Link.Blocked = "pointer-events:none on footer > a" })),
			want: []string{"ICP004:error"}, msg: `is not linked at mobile: its link to beian\.miit\.gov\.cn cannot be clicked: pointer-events:none on footer > a`},
		{name: "blocked part of a split number", page: mobilePage(mod(func(c *TextCandidate) {
			p := miitPart("2021012345号-1")
			p.Blocked = "the click at its centre lands on div.tap"
			c.Links = []Link{miitPart("京ICP备"), p}
		})), want: []string{"ICP004:error"}, msg: `its part "2021012345号-1": its link to beian\.miit\.gov\.cn cannot be clicked: the click at its centre lands on div\.tap`},
		{name: "blocked only matters for a link to MIIT", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "https://example.com/", Href: "https://example.com/", Blocked: "inert on footer"}
		})), want: []string{"ICP005:error"}},
		{name: "off centre under an endless animation", page: mobilePage(mod(func(c *TextCandidate) {
			c.Line = Rect{Left: 0, Right: 150, Top: 1900, Bottom: 1920}
			c.Animated = "ticker on footer > div.tk > span"
		})), want: []string{"ICP003:error"}, msg: `tolerance 8\.0 px \(measured at the start of the endless animation ticker on footer > div\.tk > span: `},
		{name: "covered under an endless animation", page: mobilePage(mod(func(c *TextCandidate) {
			c.CoveredBy = "div.tabbar"
			c.Animated = "blink on footer a"
		})), want: []string{"ICP008:error"}, msg: `covered by div\.tabbar \(measured at the start of the endless animation blink on footer a: `},
		{name: "compliant under an endless animation", page: mobilePage(mod(func(c *TextCandidate) { c.Animated = "glow on footer a" })), want: nil},
		{name: "within tolerance", page: mobilePage(mod(func(c *TextCandidate) { c.Line = Rect{Left: 110, Right: 280, Top: 1900, Bottom: 1920} })),
			want: nil},
		{name: "just outside tolerance", page: mobilePage(mod(func(c *TextCandidate) { c.Line = Rect{Left: 117, Right: 275, Top: 1900, Bottom: 1920} })),
			want: []string{"ICP003:error"}, msg: `offset 8\.5 px`},
		{name: "nowrap line run out of the screen, the number at its centre", page: mobilePage(mod(func(c *TextCandidate) {
			c.Line = Rect{Left: -129, Right: 504, Top: 1900, Bottom: 1920}
			c.Box = Rect{Left: 120, Right: 256, Top: 1900, Bottom: 1920}
		})), want: nil},
		{name: "nowrap line run out of the screen evenly, the number off centre", page: mobilePage(mod(func(c *TextCandidate) {
			c.Line = Rect{Left: -129, Right: 504, Top: 1900, Bottom: 1920}
			c.Box = Rect{Left: 215, Right: 345, Top: 1900, Bottom: 1920}
		})), want: []string{"ICP003:error"}, msg: `the line runs out of the client width \(line -129–504 px of client width 375 px\); of what shows of it \(0–375 px\) and the number's own text \(215–345 px\), the farther from the page centre \(187\.5 px\) is 92\.5 px right of it \(offset 92\.5 px\)`},
		{name: "line cut off at one edge by hidden text, the number at the centre", page: mobilePage(mod(func(c *TextCandidate) {
			c.Line = Rect{Left: -9254, Right: 335, Top: 1900, Bottom: 1920}
			c.Box = Rect{Left: 122, Right: 254, Top: 1900, Bottom: 1920}
		})), want: []string{"ICP003:error"}, msg: `offset -20\.0 px`},
		{name: "line used, not box", page: mobilePage(mod(func(c *TextCandidate) { c.Box = Rect{Left: 0, Right: 140, Top: 1900, Bottom: 1920} })),
			want: nil},
		{name: "no link", page: mobilePage(mod(func(c *TextCandidate) { c.Link = Link{} })),
			want: []string{"ICP004:error"}, msg: "not inside an <a href>"},
		{name: "hash link", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "#", Href: "https://example.com/#"}
		})),
			want: []string{"ICP004:error"}, msg: `"#" goes nowhere`},
		{name: "javascript link", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "javascript:void(0)", Href: "javascript:void(0)"}
		})), want: []string{"ICP004:error"}},
		{name: "onclick only", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, OnClick: "window.open('https://beian.miit.gov.cn/')"}
		})), want: []string{"ICP004:error"}, msg: "onclick"},
		{name: "police link", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "http://www.beian.gov.cn/", Href: "http://www.beian.gov.cn/"}
		})), want: []string{"ICP005:error"}, msg: "public-security"},
		{name: "look-alike", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "https://beian.miit.gov.cn.evil.com/", Href: "https://beian.miit.gov.cn.evil.com/"}
		})), want: []string{"ICP005:error"}},
		{name: "MIIT on another port", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "https://beian.miit.gov.cn:8443/", Href: "https://beian.miit.gov.cn:8443/"}
		})), want: []string{"ICP005:error"}, msg: `links to beian\.miit\.gov\.cn:8443 \(a port the filing system does not serve\)`},
		{name: "MIIT host without a scheme", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "beian.miit.gov.cn/", Href: "https://www.example.com/beian.miit.gov.cn/"}
		})), want: []string{"ICP005:error"}, msg: `links to www\.example\.com \(the href "beian\.miit\.gov\.cn/" has no https://, so it is a path on this site\)`},
		{name: "another host on a port, named alone", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "http://127.0.0.1:41234/about", Href: "http://127.0.0.1:41234/about"}
		})), want: []string{"ICP005:error"}, msg: `links to 127\.0\.0\.1 \(another host\) at mobile`},
		{name: "retired", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "http://www.miitbeian.gov.cn", Href: "http://www.miitbeian.gov.cn/"}
		})), want: []string{"ICP006:error"}},
		{name: "http", page: mobilePage(mod(func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "http://BEIAN.miit.gov.cn", Href: "http://beian.miit.gov.cn/"}
		})), want: []string{"ICP007:note"}},
		{name: "display none", page: mobilePage(mod(func(c *TextCandidate) {
			c.Hidden, c.Box, c.Line = "display:none on footer", Rect{}, Rect{}
		})), want: []string{"ICP008:error"}, msg: "display:none"},
		{name: "off-screen", page: mobilePage(mod(func(c *TextCandidate) {
			c.Box = Rect{Left: -9999, Right: -9860, Top: 1900, Bottom: 1920}
			c.Line = c.Box
		})), want: []string{"ICP008:error"}, msg: "off-screen"},
		{name: "covered", page: mobilePage(mod(func(c *TextCandidate) { c.CoveredBy = "div.tabbar" })),
			want: []string{"ICP008:error"}, msg: "covered by div.tabbar"},
		{name: "covered and off centre: both named", page: mobilePage(mod(func(c *TextCandidate) {
			c.CoveredBy = "div.float-button"
			c.Line = Rect{Left: 10, Right: 180, Top: 1900, Bottom: 1920}
		})), want: []string{"ICP003:error", "ICP008:error"}, msg: `offset -92\.5 px`},
		{name: "faint through a blend", page: mobilePage(mod(func(c *TextCandidate) {
			c.Contrast, c.Color, c.Background, c.Blended = 1.03, "#fafafa", "#f7f7f7", "mix-blend-mode:screen on footer a"
		})), want: []string{"ICP008:error"}, msg: `contrast 1\.03:1 \(#fafafa on #f7f7f7\) is below 2:1; that is the text's colour as blended by mix-blend-mode:screen on footer a`},
		{name: "faint on a gradient", page: mobilePage(mod(func(c *TextCandidate) {
			c.Contrast, c.Color, c.Background, c.Gradient = 2.62, "#999999", "#f0f0f0", "footer.ft"
		})), want: []string{"ICP009:warning"}},
		{name: "faint on a gradient names it", page: mobilePage(mod(func(c *TextCandidate) {
			c.Contrast, c.Color, c.Background, c.Gradient = 1.36, "#dddddd", "#ffffff", "footer.ft"
		})), want: []string{"ICP008:error"}, msg: `contrast 1\.36:1 \(#dddddd on #ffffff\) is below 2:1; #ffffff is the colour of the background gradient on footer\.ft that gives the text the most contrast`},
		{name: "faint outside its bar", page: mobilePage(mod(func(c *TextCandidate) {
			c.Contrast, c.Color, c.Background, c.Overflows = 1, "#ffffff", "#ffffff", "footer.site-footer"
		})), want: []string{"ICP008:error"}, msg: `contrast 1\.00:1 \(#ffffff on #ffffff\) is below 2:1; the text overflows the box of footer\.site-footer, whose background does not reach it`},
		{name: "faint where its background image did not load", page: mobilePage(mod(func(c *TextCandidate) {
			c.Contrast, c.Color, c.Background, c.ImageMissing = 1, "#ffffff", "#ffffff", `div.footer (url("https://example.com/bg.jpg"): HTTP 404)`
		})), want: []string{"ICP008:error"}, msg: `is below 2:1; the background image of div\.footer \(url\("https://example\.com/bg\.jpg"\): HTTP 404\) did not load`},
		{name: "tiny font drawn by a transform", page: mobilePage(mod(func(c *TextCandidate) { c.FontSize, c.FontComputed = 9, 12 })),
			want: []string{"ICP008:error"}, msg: `font size 9\.0 px is below 10 px \(12\.0 px as computed, drawn at 0\.75× by transforms, CSS zoom or a viewport that forbids zooming\)`},
		{name: "small font drawn by zoom", page: mobilePage(mod(func(c *TextCandidate) { c.FontSize, c.FontComputed = 10.5, 15 })),
			want: []string{"ICP009:warning"}, msg: `font size 10\.5 px is below 12 px \(15\.0 px as computed, drawn at 0\.70×`},
		{name: "tiny font", page: mobilePage(mod(func(c *TextCandidate) { c.FontSize = 9 })),
			want: []string{"ICP008:error"}, msg: "font size 9.0 px"},
		{name: "faint", page: mobilePage(mod(func(c *TextCandidate) { c.Contrast = 1.36 })),
			want: []string{"ICP008:error"}, msg: "contrast 1.36:1"},
		{name: "small font", page: mobilePage(mod(func(c *TextCandidate) { c.FontSize = 11 })),
			want: []string{"ICP009:warning"}},
		{name: "low contrast", page: mobilePage(mod(func(c *TextCandidate) { c.Contrast = 2.5 })),
			want: []string{"ICP009:warning"}},
		{name: "contrast unknown is not a failure", page: mobilePage(mod(func(c *TextCandidate) {
			c.Contrast, c.ContrastUnknown = 0, "background image"
		})), want: nil},
		{name: "legacy form", page: mobilePage(footerNumber("京ICP备05012345-1号")), want: []string{"ICP011:warning"}},
		{name: "placeholder", page: mobilePage(footerNumber("京ICP备XXXXXXXX号")), want: []string{"ICP012:error"}},
		{name: "mini-program suffix", page: mobilePage(footerNumber("京ICP备2021012345号-2X")), want: []string{"ICP013:note"}},
		{name: "second main number", page: mobilePage(footerNumber(num), mod(func(c *TextCandidate) {
			c.Raw = "沪ICP备2020054321号-3"
			c.Footer = Footer{Region: "header", RegionKind: "block", InHeader: true}
			c.Box = Rect{Left: 10, Right: 150, Top: 10, Bottom: 30}
		})), want: []string{"ICP014:warning"}, msg: "also shows 沪ICP备2020054321号-3"},
		{name: "licence only unlinked is a warning", page: mobilePage(mod(func(c *TextCandidate) {
			c.Raw = "京ICP证030173号"
			c.Link = Link{}
		})), want: []string{"ICP004:warning"}},
		{name: "licence linked to its picture", page: mobilePage(mod(func(c *TextCandidate) {
			c.Raw = "京ICP证030173号"
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "/images/licence.jpg", Href: "https://example.com/images/licence.jpg"}
		})), want: nil},
		{name: "psb linked to MIIT", page: mobilePage(footerNumber(num), mod(func(c *TextCandidate) {
			c.Raw = "京公网安备11010502030143号"
		})), want: []string{"PSB001:error"}, msg: "MIIT"},
		{name: "psb legacy portal", page: mobilePage(footerNumber(num), mod(func(c *TextCandidate) {
			c.Raw = "京公网安备11010502030143号"
			c.Link = Link{Anchor: true, HasHref: true, Href: "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010502030143", RawHref: "x"}
		})), want: []string{"PSB001:warning"}, msg: "legacy"},
		{name: "psb code mismatch", page: mobilePage(footerNumber(num), mod(func(c *TextCandidate) {
			c.Raw = "京公网安备11010502030143号"
			c.Link = Link{Anchor: true, HasHref: true, Href: "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030144", RawHref: "x"}
		})), want: []string{"PSB001:warning"}, msg: "differs"},
		{name: "psb right", page: mobilePage(footerNumber(num), mod(func(c *TextCandidate) {
			c.Raw = "京公网安备11010502030143号"
			c.Link = Link{Anchor: true, HasHref: true, Href: "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143", RawHref: "x"}
		})), want: nil},
		{name: "psb copy not displayed draws no psb finding", page: mobilePage(footerNumber(num), mod(func(c *TextCandidate) {
			c.Raw = "京公网安备1101050203014号"
			c.Link = Link{}
			c.Hidden = "display:none"
		})), want: nil},
		{name: "psb shown unlinked beside a hidden right copy", page: mobilePage(footerNumber(num), mod(func(c *TextCandidate) {
			c.Raw = "京公网安备11010502030143号"
			c.Link = Link{Anchor: true, HasHref: true, Href: "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143", RawHref: "x"}
			c.Hidden = "display:none"
		}), mod(func(c *TextCandidate) {
			c.Raw = "京公网安备11010502030143号"
			c.Link = Link{}
		})), want: []string{"PSB001:warning"}},
		{name: "psb malformed", page: mobilePage(footerNumber(num), mod(func(c *TextCandidate) {
			c.Raw = "京公网安备1101050203014号"
			c.Link = Link{Anchor: true, HasHref: true, Href: "https://beian.mps.gov.cn/#/query/webSearch?code=1101050203014", RawHref: "x"}
		})), want: []string{"PSB002:warning"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, fs := Check(tt.page, testOptions())
			if got := ruleIDs(fs); !slices.Equal(got, tt.want) {
				t.Fatalf("findings %v, want %v\n%s", got, tt.want, messages(fs))
			}
			if tt.msg != "" && !regexp.MustCompile(tt.msg).MatchString(messages(fs)) {
				t.Errorf("no message matches %q:\n%s", tt.msg, messages(fs))
			}
			for _, f := range fs {
				if f.Viewport != tt.page.Viewport.Name || f.URL != tt.page.URL || f.Fix == "" || f.Message == "" {
					t.Errorf("finding not stamped with page, viewport and fix: %+v", f)
				}
			}
		})
	}
}

func messages(fs []Finding) string {
	var sb strings.Builder
	for _, f := range fs {
		sb.WriteString(f.Rule + " " + f.Message + "\n")
	}
	return sb.String()
}

func TestPrimarySelection(t *testing.T) {
	header := footerNumber("京ICP备2021012345号-1")
	header.Selector = "header"
	header.Footer = Footer{Region: "header", RegionKind: "block", InHeader: true}
	header.Box = Rect{Left: 10, Right: 150, Top: 10, Bottom: 30}
	licence := footerNumber("京ICP证030173号")
	licence.Selector = "footer .licence"
	hidden := footerNumber("京ICP备2021012345号-1")
	hidden.Selector = "footer.desktop"
	hidden.Hidden, hidden.Box, hidden.Line = "display:none on footer.desktop", Rect{}, Rect{}
	unlinked := footerNumber("京ICP备2021012345号-1")
	unlinked.Selector = "footer .unlinked"
	unlinked.Link = Link{}
	unlinked.Box.Top, unlinked.Box.Bottom = 1930, 1950
	footer := footerNumber("京ICP备2021012345号-1")
	footer.Selector = "footer .main"
	tests := []struct {
		name  string
		texts []TextCandidate
		want  string
	}{
		{"filing over licence", []TextCandidate{licence, header}, "header"},
		{"visible over hidden", []TextCandidate{hidden, header}, "header"},
		{"footer over header", []TextCandidate{header, footer}, "footer .main"},
		{"linked over lower unlinked", []TextCandidate{unlinked, footer}, "footer .main"},
		{"lowest among equals", []TextCandidate{footer, func() TextCandidate { c := footer; c.Selector = "low"; c.Box.Bottom = 1999; return c }()}, "low"},
		{"licence when alone", []TextCandidate{licence}, "footer .licence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := Judge(mobilePage(tt.texts...), testOptions())
			p := j.PrimaryFiling()
			if p == nil || p.Selector != tt.want {
				t.Fatalf("primary %+v, want %s", p, tt.want)
			}
			n := 0
			for _, f := range j.Filings {
				if f.Primary {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d filings marked primary", n)
			}
		})
	}
}

func TestCheckSite(t *testing.T) {
	o := testOptions()
	mk := func(raw string) (*Page, *Judgement) {
		p := mobilePage(footerNumber(raw))
		return p, Judge(p, o)
	}
	var pages []*Page
	var judged []*Judgement
	for _, n := range []string{"京ICP备2021012345号-1", "京ICP备2021012345号-2", "沪ICP备2020054321号-1", "京ICP备2021012345号-1"} {
		p, j := mk(n)
		pages, judged = append(pages, p), append(judged, j)
	}
	fs := CheckSite("https://example.com", pages, judged, o)
	if len(fs) != 1 || fs[0].Index != 2 || fs[0].Finding.Rule != "ICP014" || fs[0].Finding.Level != LevelWarning {
		t.Fatalf("CheckSite = %+v, want one ICP014 warning on page 2", fs)
	}
	o.Expect = "京ICP备2021012345号"
	if fs := CheckSite("https://example.com", pages, judged, o); len(fs) != 0 {
		t.Errorf("with --expect, CheckSite reported %+v", fs)
	}
	_, got := Check(pages[2], o)
	if ids := ruleIDs(got); !slices.Contains(ids, "ICP014:error") {
		t.Errorf("page differing from --expect: %v, want ICP014:error", ids)
	}
	_, got = Check(pages[1], o)
	if ids := ruleIDs(got); slices.Contains(ids, "ICP014:error") {
		t.Errorf("same main number as --expect reported: %v", ids)
	}
}

func TestLevelOverrides(t *testing.T) {
	o := testOptions()
	o.Levels = map[string]Level{"CTX001": LevelOff, "ICP004": LevelWarning}
	c := footerNumber("京ICP备2021012345号-1")
	c.Link = Link{}
	_, fs := Check(mobilePage(c), o)
	if got := ruleIDs(fs); !slices.Equal(got, []string{"ICP004:warning"}) {
		t.Fatalf("findings %v, want [ICP004:warning]", got)
	}
}

func TestCatalogue(t *testing.T) {
	id := regexp.MustCompile(`^(ICP|PSB|CTX)\d{3}$`)
	seen := map[string]bool{}
	rs := All()
	for i, r := range rs {
		if !id.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("rule %q: bad or duplicate ID", r.ID)
		}
		seen[r.ID] = true
		if r.Name == "" || r.Name == r.ID || r.Title == "" || r.Help == "" || r.Fix == "" {
			t.Errorf("%s: Name, Title, Help and Fix must be set and Name must differ from ID", r.ID)
		}
		if first, _ := utf8.DecodeRuneInString(r.Title); unicode.IsUpper(first) || strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: title %q must start lower case and have no period", r.ID, r.Title)
		}
		if r.Level.Rank() == 0 {
			t.Errorf("%s: default level %q", r.ID, r.Level)
		}
		if i > 0 && catalogueOrder(rs[i-1].ID) >= catalogueOrder(r.ID) {
			t.Errorf("catalogue not in DOMAIN order (ICP, PSB, CTX, then number) at %s", r.ID)
		}
	}
	for _, want := range []string{"ICP001", "ICP002", "ICP003", "ICP004", "ICP005", "ICP006", "ICP007", "ICP008", "ICP009", "ICP010", "ICP011", "ICP012", "ICP013", "ICP014", "PSB001", "PSB002", "CTX001"} {
		if !seen[want] {
			t.Errorf("catalogue lacks %s (DOMAIN §5)", want)
		}
	}
	rs[0].Level = LevelOff
	if All()[0].Level == LevelOff {
		t.Error("All shares rule values between calls")
	}
}

func TestClassifyLink(t *testing.T) {
	tests := []struct {
		raw, href string
		want      LinkClass
		http      bool
	}{
		{"https://beian.miit.gov.cn/", "https://beian.miit.gov.cn/", LinkOK, false},
		{"//beian.miit.gov.cn/#/Integrated/index", "https://beian.miit.gov.cn/#/Integrated/index", LinkOK, false},
		{"HTTPS://BEIAN.MIIT.GOV.CN/#/Integrated/recordQuery", "https://beian.miit.gov.cn/#/Integrated/recordQuery", LinkOK, false},
		{"http://beian.miit.gov.cn", "http://beian.miit.gov.cn/", LinkOK, true},
		{"http://www.beian.miit.gov.cn", "http://www.beian.miit.gov.cn/", LinkRetired, false},
		{"http://www.miitbeian.gov.cn", "http://www.miitbeian.gov.cn/", LinkRetired, false},
		{"http://miibeian.gov.cn", "http://miibeian.gov.cn/", LinkRetired, false},
		{"http://www.beian.gov.cn/portal", "http://www.beian.gov.cn/portal", LinkPolice, false},
		{"https://beian.mps.gov.cn/", "https://beian.mps.gov.cn/", LinkPolice, false},
		{"https://icp.chinaz.com/x", "https://icp.chinaz.com/x", LinkOther, false},
		{"https://beian.miit.gov.cn.evil.com/", "https://beian.miit.gov.cn.evil.com/", LinkOther, false},
		{"https://evilbeian.miit.gov.cn/", "https://evilbeian.miit.gov.cn/", LinkOther, false},
		// A port nothing of MIIT's listens on is another place; the
		// scheme's own port is the same one.
		{"https://beian.miit.gov.cn:8443/", "https://beian.miit.gov.cn:8443/", LinkOther, false},
		{"https://beian.miit.gov.cn:443/", "https://beian.miit.gov.cn/", LinkOK, false},
		{"http://beian.miit.gov.cn:80/", "http://beian.miit.gov.cn/", LinkOK, true},
		{"http://beian.miit.gov.cn:443/", "http://beian.miit.gov.cn:443/", LinkOther, false},
		{"#", "https://example.com/#", LinkDead, false},
		{"", "https://example.com/", LinkDead, false},
		{"javascript:void(0)", "javascript:void(0)", LinkDead, false},
	}
	for _, tt := range tests {
		v := ClassifyLink(Link{Anchor: true, HasHref: true, RawHref: tt.raw, Href: tt.href})
		if v.Class != tt.want || v.HTTP != tt.http {
			t.Errorf("ClassifyLink(%q) = %+v, want %q http=%v", tt.raw, v, tt.want, tt.http)
		}
	}
	if v := ClassifyLink(Link{Anchor: true, HasHref: true, RawHref: "https://beian.miit.gov.cn:8443/", Href: "https://beian.miit.gov.cn:8443/"}); v.Host != MIITHost || v.Port != "8443" {
		t.Errorf("MIIT on port 8443: host %q port %q, want %q and 8443", v.Host, v.Port, MIITHost)
	}
	if v := ClassifyLink(Link{Anchor: true}); v.Class != LinkNone {
		t.Errorf("<a> without href = %q, want none", v.Class)
	}
	if v := ClassifyLink(Link{OnClick: "window.open('https://beian.miit.gov.cn')"}); v.Class != LinkOnClick {
		t.Errorf("onclick only = %q, want onclick", v.Class)
	}
}

// TestPSBLinkGoesNowhere: a 公网安备 number's "#" or javascript: link goes
// nowhere, as an ICP number's does; resolved against the page it named the
// page's own host ("linked to 127.0.0.1, not the public-security system").
func TestPSBLinkGoesNowhere(t *testing.T) {
	for _, raw := range []string{"#", "javascript:;", ""} {
		v := ClassifyPSBLink(Link{Anchor: true, HasHref: true, RawHref: raw, Href: "http://127.0.0.1:8080/about" + strings.TrimPrefix(raw, "javascript:;")}, "11010502030143")
		if want := "link " + quote(raw) + " goes nowhere"; v.Problem != want {
			t.Errorf("ClassifyPSBLink(%q) = %q, want %q", raw, v.Problem, want)
		}
	}
}
