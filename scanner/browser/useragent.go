package browser

import (
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/emulation"

	"github.com/beiancheck/beiancheck/rules"
)

// WeChatUserAgent is the user agent of a WeChat mini-program web-view on
// Android: the X5/XWEB engine is Chromium, so the engine we drive matches.
const WeChatUserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/%s Mobile Safari/537.36 XWEB/1300289 MMWEBSDK/20240301 MMWEBID/1234 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx0123456789abcdef"

// DesktopUserAgent is a desktop Chrome on Windows; headless Chromium would
// otherwise announce "HeadlessChrome", which some sites treat differently.
const DesktopUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36"

// userAgent returns the user agent a viewport browses with.
func userAgent(v rules.Viewport, chromeVersion string) string {
	if v.MiniProgram {
		return fmt.Sprintf(WeChatUserAgent, chromeVersion)
	}
	return fmt.Sprintf(DesktopUserAgent, chromeVersion)
}

// userAgentOverride is a viewport's user agent with the rest of what its
// device tells about itself: navigator.platform, and the client hints
// (navigator.userAgentData, Sec-CH-UA-*), which an override without them
// would leave out, so that a server picking its mobile template by
// Sec-CH-UA-Mobile sent the desktop one to the phone.
func userAgentOverride(v rules.Viewport, chromeVersion string) emulation.SetUserAgentOverrideParams {
	product := "Google Chrome"
	if v.MiniProgram {
		product = "Android WebView"
	}
	brands := func(ver, notABrand string) []*emulation.UserAgentBrandVersion {
		return []*emulation.UserAgentBrandVersion{{Brand: "Chromium", Version: ver}, {Brand: product, Version: ver}, {Brand: "Not_A Brand", Version: notABrand}}
	}
	major, _, _ := strings.Cut(chromeVersion, ".")
	md := &emulation.UserAgentMetadata{Brands: brands(major, "24"), FullVersionList: brands(chromeVersion, "24.0.0.0")}
	p := emulation.SetUserAgentOverrideParams{UserAgent: userAgent(v, chromeVersion), AcceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8", UserAgentMetadata: md}
	if v.MiniProgram {
		// An Android phone: what its Chromium web-view reports.
		p.Platform = "Linux aarch64"
		md.Platform, md.PlatformVersion, md.Architecture, md.Bitness, md.Model, md.Mobile = "Android", "14.0.0", "arm", "64", "Pixel 8", true
		md.FormFactors = []string{"Mobile"}
	} else {
		p.Platform = "Win32"
		md.Platform, md.PlatformVersion, md.Architecture, md.Bitness = "Windows", "15.0.0", "x86", "64"
		md.FormFactors = []string{"Desktop"}
	}
	return p
}
