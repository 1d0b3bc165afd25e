package rules

var icp001 = &Rule{
	ID:    "ICP001",
	Name:  "FilingNumberPresent",
	Title: "no filing or licence number in the rendered text of the page",
	Level: LevelError,
	Fix:   "Show the ICP filing number as text in the page footer, linked to https://beian.miit.gov.cn/.",
	Help: `Every website served in mainland China must show its ICP filing number (备案编号) at the centre
of the bottom of the page (《非经营性互联网信息服务备案管理办法》 Art. 13). beiancheck reads the rendered text
(after JavaScript ran): a number only in an image, an attribute, a comment or a script does not count.
This is an error on pages you named and a warning on pages found by crawling.

` + "```html" + `
<footer style="text-align:center">
  <a href="https://beian.miit.gov.cn/" target="_blank">京ICP备2021012345号-1</a>
</footer>
` + "```",
	Check: func(p *Pass) {
		if p.Judged.hasTextNumber() {
			return
		}
		level := LevelError
		if !p.Page.Entry {
			level = LevelWarning
		}
		msg := "no ICP filing or licence number in the rendered text at %s (%d px wide)"
		if len(p.Judged.Images) > 0 {
			msg += "; a number appears only in an image or attribute"
		}
		p.ReportLevelf(level, Subject{Selector: "body"}, msg, p.Page.Viewport.Name, p.Page.Viewport.Width)
	},
}

var icp010 = &Rule{
	ID:    "ICP010",
	Name:  "FilingNumberNotImage",
	Title: "number shown only as an image, canvas, svg or alt text",
	Level: LevelWarning,
	Fix:   "Write the number as text, not as an image; keep the image beside it if you like.",
	Help: `A filing number drawn in an image, canvas or SVG, or carried in alt/title text, cannot be read,
copied or checked by the public or by the regulator's crawlers. Write it as text inside the link.

` + "```html" + `
<a href="https://beian.miit.gov.cn/" target="_blank">京ICP备2021012345号-1</a>
` + "```",
	Check: func(p *Pass) {
		// "Only" is literal: a number that is also text (a link whose title
		// repeats it, a hidden text copy) is judged as text, by ICP002–
		// ICP009, not as an image.
		if p.Judged.hasTextNumber() {
			return
		}
		for _, im := range p.Judged.Images {
			if im.Kind == KindPSB {
				continue
			}
			p.Reportf(Subject{Selector: im.Selector, Number: im.Number},
				"%s is shown only in the %s of %s, not as text", im.Number, im.Source, im.Selector)
			return
		}
	},
}
