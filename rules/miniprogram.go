package rules

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// The mini-program rules (ICP015, ICP016): the web-view URLs a
// mini-program project opens must be HTTPS, and each web-view host (业务域名)
// must show a filing number. They are judged across the web-view pages of
// a run (CheckWebViews), not per page.

var icp015 = &Rule{
	ID:    "ICP015",
	Name:  "WebViewHTTPS",
	Title: "a mini-program opens a web-view URL on plain http://",
	Level: LevelError,
	Fix:   "Serve the page over HTTPS and write the https:// URL in the mini-program.",
	Help: `WeChat opens only HTTPS pages in a mini-program ` + "`<web-view>`" + `, on a business domain (业务域名)
configured in the mini-program's admin console; an http:// URL shows an error page instead. The finding is
located at the line of the mini-program source that gives the URL.

` + "```html" + `
<web-view src="https://h5.example.com/about.html"></web-view>
` + "```",
}

var icp016 = &Rule{
	ID:    "ICP016",
	Name:  "WebViewHostFiled",
	Title: "a web-view host (business domain) shows no filing number on any of its pages",
	Level: LevelError,
	Fix:   "File the domain (ICP 备案) and show its number in the footer of its pages, or open a filed domain.",
	Help: `A business domain (业务域名) of a mini-program must be ICP-filed, and its pages show the number like
any website in mainland China. When none of the pages the project opens on a host shows a filing number,
the domain is not visibly filed. Reported once per host, on its first page-viewport in report order.

` + "```html" + `
<footer style="text-align:center">
  <a href="https://beian.miit.gov.cn/" target="_blank">京ICP备2021012345号-1</a>
</footer>
` + "```",
}

// WebViewHost is one business domain (业务域名) of the web-view pages of a
// run: the host, whether every URL the project writes for it is
// https://, how many of its page-viewports there are and were checked,
// and whether a filing number showed on any checked one. ICP016 is
// reported for a host with checked page-viewports and no filing; First is
// the index of its first checked page-viewport (-1 when none was).
type WebViewHost struct {
	Host    string
	HTTPS   bool
	Filed   bool
	Pages   int
	Checked int
	First   int
}

// CheckWebViews runs the mini-program rules over the page-viewports of
// web-view pages, in report order: views[i] is the URL the project writes
// for the i-th (before any rewrite), pages[i] its page and judged[i] its
// judgement, nil when it was not checked (its page then only names the URL
// and viewport). ICP015 is a fact of the project's source, so a page that
// could not be loaded (a URL not deployed yet) gets it too; ICP016 is
// judged from the checked pages. It returns the findings and the web-view
// hosts (sorted) they were judged from.
func CheckWebViews(views []string, pages []*Page, judged []*Judgement, o *Options) ([]SiteFinding, []WebViewHost) {
	var fs []Finding
	var out []SiteFinding
	report := func(i int, id, format string, args ...any) {
		fs = fs[:0]
		pass := &Pass{Rule: Lookup(id), Page: pages[i], Options: o, Judged: judged[i], findings: &fs}
		pass.Reportf(Subject{}, format, args...)
		for _, f := range fs {
			out = append(out, SiteFinding{Index: i, Finding: f})
		}
	}
	for i, v := range views {
		if strings.HasPrefix(strings.ToLower(v), "http://") {
			report(i, "ICP015", "the mini-program opens %s on plain http://: WeChat refuses it in a web-view", v)
		}
	}
	hosts := webViewHosts(views, judged)
	for _, h := range hosts {
		if h.Checked > 0 && !h.Filed {
			report(h.First, "ICP016", "web-view host %s shows no filing number on any of its %s", h.Host, plural(h.Checked, "page-viewport"))
		}
	}
	return out, hosts
}

// webViewHosts summarises the web-view page-viewports by host.
func webViewHosts(views []string, judged []*Judgement) []WebViewHost {
	var hosts []WebViewHost
	for _, host := range WebViewHosts(views) {
		h := WebViewHost{Host: host, HTTPS: true, First: -1}
		for i, v := range views {
			if hostOf(v) != host {
				continue
			}
			h.Pages++
			h.HTTPS = h.HTTPS && strings.HasPrefix(strings.ToLower(v), "https://")
			if judged[i] == nil {
				continue
			}
			if h.First < 0 {
				h.First = i
			}
			h.Checked++
			h.Filed = h.Filed || hasFiling(judged[i])
		}
		hosts = append(hosts, h)
	}
	return hosts
}

func hasFiling(j *Judgement) bool {
	f := j.PrimaryFiling()
	return f != nil && f.Kind == KindICP
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// WebViewHosts lists the distinct hosts of web-view URLs, sorted: the
// business domains (业务域名) a mini-program must configure and file.
func WebViewHosts(urls []string) []string {
	var hosts []string
	for _, u := range urls {
		if h := hostOf(u); h != "" && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	slices.Sort(hosts)
	return hosts
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}
