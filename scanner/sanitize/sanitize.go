// Package sanitize makes values safe to show to people: URLs without the
// credentials written into them, and text without the characters that
// drive a terminal or reorder what it shows. Pages are hostile input, and
// reports go to terminals, CI logs and code scanning.
package sanitize

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Hidden is what stands for the userinfo of a URL.
const Hidden = "***"

// URL returns raw with the userinfo of a URL ("user:pass@") replaced by
// Hidden, keeping the scheme, host, path, query and fragment, so that
// "https://user:pass@host/p" becomes "https://***@host/p". Anything that
// is not a URL with an authority, or has no userinfo, comes back as it is.
func URL(raw string) string {
	return Credentials(raw)
}

// userinfo matches the authority of a URL up to its last "@": a scheme,
// "//", then anything but the characters that end an authority (RFC 3986),
// whitespace and quotes, up to the last "@" before them.
var userinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s"'<>\x60]*@`)

// Credentials replaces the userinfo of every URL in s, a message that may
// quote URLs (a browser's or Go's error), with Hidden.
func Credentials(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return userinfo.ReplaceAllString(s, "${1}"+Hidden+"@")
}

// Text returns s safe to print on a terminal or in a CI log, as one line:
// tabs and line breaks (CR, LF, VT, FF, U+2028, U+2029) become a space;
// every other C0 control character, DEL, C1 control character, bidi
// control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and
// byte that is not UTF-8 becomes a visible escape: "\x1b", "\u202e",
// "\xff". Other text is kept as it is.
func Text(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r == utf8.RuneError || unsafeRune(r) || lineBreak(r) })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for s = s[i:]; s != ""; {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x` + hex2(s[0]))
		case lineBreak(r):
			b.WriteByte(' ')
		case r < 0x80 && unsafeRune(r):
			b.WriteString(`\x` + hex2(byte(r)))
		case unsafeRune(r):
			b.WriteString(`\u` + hex4(r))
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

// lineBreak reports whether r is a tab or a line break, which Text shows
// as a space.
func lineBreak(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', '\u2028', '\u2029':
		return true
	}
	return false
}

// unsafeRune reports whether r is a control character (C0, DEL, C1) or a
// bidi control.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == '\u061c', r == '\u200e', r == '\u200f':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

func hex2(c byte) string {
	h := strconv.FormatUint(uint64(c), 16)
	if len(h) < 2 {
		h = "0" + h
	}
	return h
}

func hex4(r rune) string {
	h := strconv.FormatUint(uint64(r), 16)
	return strings.Repeat("0", max(4-len(h), 0)) + h
}
