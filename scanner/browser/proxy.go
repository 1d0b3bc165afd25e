package browser

import (
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/scanner"
)

// BrowserOption adds to the flags Start starts Chromium with.
type BrowserOption func([]chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption

// ThroughProxy makes the browser send every request, loopback included,
// through the egress proxy, and keeps WebRTC from sending UDP around it.
func ThroughProxy(p *scanner.Proxy) BrowserOption {
	return func(opts []chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
		return append(opts,
			chromedp.ProxyServer(p.URL()),
			chromedp.Flag("proxy-bypass-list", "<-loopback>"),
			chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		)
	}
}
