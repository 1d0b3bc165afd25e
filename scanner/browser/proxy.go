package browser

import (
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/scanner"
)

// BrowserOption changes how Start starts Chromium.
type BrowserOption func(*startConfig)

// startConfig is what the options of Start set: Chromium's flags and the
// egress proxy's memory of refusals, for the tabs to name why a tunnel
// failed.
type startConfig struct {
	flags   []chromedp.ExecAllocatorOption
	refused func(rawURL string) string
	heapCap int64 // bytes; 0: none
}

// WithHeapCap caps each renderer's JavaScript heap at capBytes (whole
// MiB; 0: no cap) instead of DefaultHeapCap.
func WithHeapCap(capBytes int64) BrowserOption {
	return func(c *startConfig) { c.heapCap = capBytes }
}

// ThroughProxy makes the browser send every request, loopback included,
// through the egress proxy, and keeps WebRTC from sending UDP around it.
func ThroughProxy(p *scanner.Proxy) BrowserOption {
	return func(c *startConfig) {
		c.flags = append(c.flags,
			chromedp.ProxyServer(p.URL()),
			chromedp.Flag("proxy-bypass-list", "<-loopback>"),
			chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		)
		c.refused = p.Refused
	}
}
