package browser

import (
	"fmt"

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
