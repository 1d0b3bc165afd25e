package discover

import (
	"net/url"
	"path"
	"strings"
)

// LikelyHTML reports whether rawURL's path looks like a page worth
// rendering: no extension, a page extension (.html .htm .shtml .php .asp
// .aspx .jsp) or an unknown one. Known non-HTML extensions (documents,
// images, archives, media, styles, scripts, data, fonts, installers) give
// false and a reason such as "non-HTML (.pdf)".
func LikelyHTML(rawURL string) (bool, string) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false, "invalid URL"
	}
	ext := strings.ToLower(path.Ext(u.Path))
	if nonHTMLExt(ext) {
		return false, "non-HTML (" + ext + ")"
	}
	return true, ""
}

// nonHTMLExt reports whether ext (lower case, with its dot) names a file
// that is not a page. A switch rather than a package map keeps the list
// immutable.
func nonHTMLExt(ext string) bool {
	switch ext {
	case ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".txt",
		".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico",
		".zip", ".gz", ".apk", ".exe", ".dmg",
		".mp4", ".mp3",
		".css", ".js", ".json", ".xml",
		".woff", ".woff2", ".ttf":
		return true
	}
	return false
}
