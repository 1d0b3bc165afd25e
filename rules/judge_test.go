package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestJudgementCompliant(t *testing.T) {
	const num = "京ICP备2021012345号-1"
	mod := func(raw string, f func(c *TextCandidate)) TextCandidate {
		c := footerNumber(raw)
		f(&c)
		return c
	}
	keep := func(*TextCandidate) {}
	crawled := func(p *Page) *Page { p.Entry = false; return p }
	tests := []struct {
		name   string
		page   *Page
		levels map[string]Level
		want   bool
	}{
		{name: "compliant", page: mobilePage(footerNumber(num)), want: true},
		{name: "lenient missing 号 is still a filing number", page: mobilePage(footerNumber("京ICP备2021012345")), want: true},
		{name: "no number on an entry page", page: mobilePage(), want: false},
		{name: "no number on a crawled page (ICP001 a warning)", page: crawled(mobilePage()), want: false},
		{name: "no number, ICP001 off", page: crawled(mobilePage()), levels: map[string]Level{"ICP001": LevelOff}, want: false},
		{name: "only a 公网安备 number", page: mobilePage(mod("京公网安备11010502030143号", keep)), want: false},
		{name: "unlinked, ICP004 a warning", page: mobilePage(mod(num, func(c *TextCandidate) { c.Link = Link{} })),
			levels: map[string]Level{"ICP004": LevelWarning}, want: false},
		{name: "unlinked, ICP004 off", page: mobilePage(mod(num, func(c *TextCandidate) { c.Link = Link{} })),
			levels: map[string]Level{"ICP004": LevelOff}, want: false},
		{name: "police link, ICP005 off", page: mobilePage(mod(num, func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "https://beian.mps.gov.cn/", Href: "https://beian.mps.gov.cn/"}
		})), levels: map[string]Level{"ICP005": LevelOff}, want: false},
		{name: "placeholder number (ICP012), ICP012 off", page: mobilePage(footerNumber("京ICP备12345678号-1")),
			levels: map[string]Level{"ICP012": LevelOff}, want: false},
		{name: "off centre, ICP003 a note", page: mobilePage(mod(num, func(c *TextCandidate) { c.Line.Left, c.Line.Right = 0, 150 })),
			levels: map[string]Level{"ICP003": LevelNote}, want: false},
		{name: "not in the footer", page: mobilePage(mod(num, func(c *TextCandidate) { c.Footer.InHeader = true })), want: false},
		{name: "hidden", page: mobilePage(mod(num, func(c *TextCandidate) { c.Hidden = "display:none" })), want: false},
		{name: "covered, ICP008 off", page: mobilePage(mod(num, func(c *TextCandidate) { c.CoveredBy = "div.tabbar" })),
			levels: map[string]Level{"ICP008": LevelOff}, want: false},
		{name: "hard to read (ICP009) is still compliant", page: mobilePage(mod(num, func(c *TextCandidate) { c.FontSize = 11 })), want: true},
		{name: "licence alone, linked to MIIT", page: mobilePage(footerNumber("京ICP证030173号")), want: true},
		{name: "licence alone, linked to its picture", page: mobilePage(mod("京ICP证030173号", func(c *TextCandidate) {
			c.Link = Link{Anchor: true, HasHref: true, RawHref: "/licence.jpg", Href: "https://example.com/licence.jpg"}
		})), want: false},
		{name: "number split over MIIT and police links", page: mobilePage(mod(num, func(c *TextCandidate) {
			c.Links = []Link{miitPart("京ICP备"), policePart("2021012345号-1")}
		})), want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions()
			o.Levels = tt.levels
			j, _ := Check(tt.page, o)
			if got := j.Compliant(); got != tt.want {
				t.Errorf("Compliant() = %v, want %v (primary %+v)", got, tt.want, j.PrimaryFiling())
			}
		})
	}
}

func miitPart(text string) Link {
	return Link{Anchor: true, HasHref: true, RawHref: "https://beian.miit.gov.cn/", Href: "https://beian.miit.gov.cn/", Text: text}
}

func policePart(text string) Link {
	const u = "https://beian.mps.gov.cn/#/query/webSearch?code=51010402001234"
	return Link{Anchor: true, HasHref: true, RawHref: u, Href: u, Text: text}
}

// TestSplitLinks holds DOMAIN §2 linked: a number that runs through several
// links is linked only when every one of them goes to beian.miit.gov.cn.
func TestSplitLinks(t *testing.T) {
	const num = "蜀ICP备2023001234号-1"
	page := func(parts ...Link) *Page {
		c := footerNumber(num)
		c.Link, c.Links = parts[0], parts
		return mobilePage(c)
	}
	httpPart := miitPart("2023001234号-1")
	httpPart.RawHref, httpPart.Href = "http://beian.miit.gov.cn/", "http://beian.miit.gov.cn/"
	tests := []struct {
		name   string
		page   *Page
		linked bool
		want   []string
		msg    string
	}{
		{"both parts to MIIT", page(miitPart("蜀ICP"), miitPart("备2023001234号-1")), true, nil, ""},
		{"second part to the police system", page(miitPart("蜀ICP"), policePart("备2023001234号-1")), false,
			[]string{"ICP005:error"}, `part "备2023001234号-1" links to beian\.mps\.gov\.cn \(the public-security`},
		{"first part to the police system", page(policePart("蜀ICP备"), miitPart("2023001234号-1")), false,
			[]string{"ICP005:error"}, `part "蜀ICP备" links to beian\.mps\.gov\.cn`},
		{"digits outside any link", page(miitPart("蜀ICP备"), Link{Text: "2023001234号-1"}), false,
			[]string{"ICP004:error"}, `part "2023001234号-1" is not inside an <a href>`},
		{"digits in a dead link", page(miitPart("蜀ICP备"), Link{Anchor: true, HasHref: true, RawHref: "#", Href: "https://example.com/#", Text: "2023001234号-1"}), false,
			[]string{"ICP004:error"}, `part "2023001234号-1": its link "#" goes nowhere`},
		{"one part over http", page(miitPart("蜀ICP备"), httpPart), true,
			[]string{"ICP007:note"}, `over http \(http://beian\.miit\.gov\.cn/\)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions()
			o.Levels = map[string]Level{"CTX001": LevelOff}
			j, fs := Check(tt.page, o)
			if f := j.PrimaryFiling(); f == nil || f.Linked != tt.linked {
				t.Fatalf("primary %+v: linked want %v", f, tt.linked)
			}
			if got := ruleIDs(fs); !slices.Equal(got, tt.want) {
				t.Fatalf("findings %v, want %v\n%s", got, tt.want, messages(fs))
			}
			if tt.msg != "" && !regexp.MustCompile(tt.msg).MatchString(messages(fs)) {
				t.Errorf("no message matches %q:\n%s", tt.msg, messages(fs))
			}
		})
	}
}

// TestImageOnlyIsLiteral: ICP010 is for a number shown only as an image or
// attribute; the same number as text (a link whose title repeats it) is
// judged as text, even when that text is hidden (ICP008 says so).
func TestImageOnlyIsLiteral(t *testing.T) {
	const num = "京ICP备2021012345号-1"
	title := ImageCandidate{Raw: num, Selector: "footer > p > a", Source: "title"}
	visible := mobilePage(footerNumber(num))
	visible.Images = []ImageCandidate{title}
	hidden := footerNumber(num)
	hidden.FontSize = 9
	hiddenPage := mobilePage(hidden)
	hiddenPage.Images = []ImageCandidate{title}
	only := mobilePage()
	only.Images = []ImageCandidate{{Raw: num, Selector: "img.beian", Source: "alt"}}
	for _, tt := range []struct {
		name string
		page *Page
		want []string
	}{
		{"title repeats the visible text", visible, nil},
		{"title repeats text too small to see", hiddenPage, []string{"ICP008:error"}},
		{"only in an image", only, []string{"ICP001:error", "ICP010:warning"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions()
			o.Levels = map[string]Level{"CTX001": LevelOff}
			_, fs := Check(tt.page, o)
			if got := ruleIDs(fs); !slices.Equal(got, tt.want) {
				t.Errorf("findings %v, want %v\n%s", got, tt.want, messages(fs))
			}
		})
	}
}

// TestCheckRunCTX001: the web-view note once per run, on the first
// qualifying page-viewport, counting the others.
func TestCheckRunCTX001(t *testing.T) {
	o := testOptions()
	desktop := mobilePage(footerNumber("京ICP备2021012345号-1"))
	desktop.Viewport = Viewport{Name: "desktop", Width: 1366, Height: 768, Scale: 1}
	unlinked := footerNumber("京ICP备2021012345号-1")
	unlinked.Link = Link{}
	pages := []*Page{desktop, mobilePage(unlinked), mobilePage(footerNumber("京ICP备2021012345号-1")),
		mobilePage(), mobilePage(footerNumber("沪ICP备2020054321号-1"))}
	pages[2].URL, pages[4].URL = "https://a.example/", "https://b.example/"
	var judged []*Judgement
	for _, p := range pages {
		j, fs := Check(p, o)
		if slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == "CTX001" }) {
			t.Errorf("%s %s: CTX001 reported per page: %s", p.URL, p.Viewport.Name, messages(fs))
		}
		judged = append(judged, j)
	}
	got := CheckRun(pages, judged, o)
	if len(got) != 1 || got[0].Index != 2 || got[0].Finding.Rule != "CTX001" || got[0].Finding.Level != LevelNote ||
		got[0].Finding.URL != "https://a.example/" {
		t.Fatalf("CheckRun = %+v, want one CTX001 note on page 2", got)
	}
	if msg := got[0].Finding.Message; !strings.Contains(msg, "the 1 other page-viewport of this run") {
		t.Errorf("message %q does not count the other page-viewport", msg)
	}
	if got := CheckRun(pages[:2], judged[:2], o); len(got) != 0 {
		t.Errorf("no web-view page links to MIIT, CheckRun = %+v", got)
	}
	o.Levels = map[string]Level{"CTX001": LevelOff}
	if got := CheckRun(pages, judged, o); len(got) != 0 {
		t.Errorf("CTX001=off, CheckRun = %+v", got)
	}
}
