package rules

import (
	"net/url"
	"strings"
)

// LinkClass is the verdict on a number's link. The empty class means the
// number is linked to MIIT.
type LinkClass string

// LinkClass values.
const (
	LinkOK      LinkClass = ""
	LinkNone    LinkClass = "none"    // no <a>, or an <a> without href
	LinkDead    LinkClass = "dead"    // "#", "javascript:", empty
	LinkOnClick LinkClass = "onclick" // a click handler and no usable href
	LinkRetired LinkClass = "retired" // a retired MIIT host
	LinkPolice  LinkClass = "police"  // the public-security system
	LinkOther   LinkClass = "other"   // any other host, look-alikes included
	// LinkBlocked is a link to MIIT that a click on the number does not
	// reach (pointer-events:none, inert, a layer taking the click).
	LinkBlocked LinkClass = "blocked"
	// LinkWrong marks a 公网安备 number whose link is not its own record in
	// the public-security system (see ClassifyPSBLink for the cause).
	LinkWrong LinkClass = "wrong"
)

// The host tables below are fixed domain data (DOMAIN §4), not tunables:
// they change when the regulators move their systems, with a release of
// beiancheck, never per run, so they are not in Options.

// MIITHost is the only host a filing number may link to.
const MIITHost = "beian.miit.gov.cn"

// retiredHosts are MIIT hosts that no longer serve the filing system.
var retiredHosts = map[string]bool{
	"www.beian.miit.gov.cn": true,
	"www.miitbeian.gov.cn":  true,
	"miitbeian.gov.cn":      true,
	"www.miibeian.gov.cn":   true,
	"miibeian.gov.cn":       true,
}

// policeHosts serve the public-security (公安) filing system.
var policeHosts = map[string]bool{
	"www.beian.gov.cn": true,
	"beian.gov.cn":     true,
	"beian.mps.gov.cn": true,
}

// LinkVerdict is the classification of a number's link.
type LinkVerdict struct {
	Class LinkClass
	// Host is the lower-case host of the href, when there is one; Port
	// its port when that is not the scheme's own.
	Host, Port string
	// HTTP is true for a MIIT link over plain http.
	HTTP bool
}

// deadHref says whether an href as written goes nowhere: empty, a
// fragment of the page itself, or javascript:.
func deadHref(raw string) bool {
	return raw == "" || strings.HasPrefix(raw, "#") || strings.HasPrefix(strings.ToLower(raw), "javascript:")
}

// ClassifyLink decides whether a link (already resolved against the page
// URL by the engine) makes a number linked to MIIT (DOMAIN §4).
func ClassifyLink(l Link) LinkVerdict {
	href := strings.TrimSpace(l.Href)
	raw := strings.TrimSpace(l.RawHref)
	if !l.Anchor || !l.HasHref {
		if l.OnClick != "" {
			return LinkVerdict{Class: LinkOnClick}
		}
		return LinkVerdict{Class: LinkNone}
	}
	if deadHref(raw) {
		if l.OnClick != "" {
			return LinkVerdict{Class: LinkOnClick}
		}
		return LinkVerdict{Class: LinkDead}
	}
	u, err := url.Parse(href)
	if err != nil || u.Host == "" {
		return LinkVerdict{Class: LinkDead}
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	v := LinkVerdict{Host: host}
	if !defaultPort(u) {
		v.Port = u.Port()
	}
	switch {
	case host == MIITHost && v.Port != "":
		// Nothing of the filing system answers on another port.
		v.Class = LinkOther
	case host == MIITHost && (u.Scheme == "https" || u.Scheme == "http"):
		v.HTTP = u.Scheme == "http"
		if l.Blocked != "" {
			v.Class = LinkBlocked
		}
	case retiredHosts[host]:
		v.Class = LinkRetired
	case policeHosts[host]:
		v.Class = LinkPolice
	default:
		v.Class = LinkOther
	}
	return v
}

// defaultPort reports whether a URL names no port or its scheme's own
// (the browser drops it from an href it resolves, but a raw one keeps it).
func defaultPort(u *url.URL) bool {
	switch u.Port() {
	case "":
		return true
	case "443":
		return u.Scheme == "https"
	case "80":
		return u.Scheme == "http"
	}
	return false
}

// PSBLinkVerdict is the classification of a 公网安备 number's link.
type PSBLinkVerdict struct {
	// Problem is empty when the link is right; otherwise a sentence.
	Problem string
	// ToMIIT is true when the number links to the ICP system (an error).
	ToMIIT bool
}

// ClassifyPSBLink checks a 公网安备 number's link against DOMAIN §4: the
// MPS query page with the same 14 digits is right.
func ClassifyPSBLink(l Link, digits string) PSBLinkVerdict {
	if !l.Anchor || !l.HasHref {
		return PSBLinkVerdict{Problem: "not linked; link it to https://beian.mps.gov.cn/#/query/webSearch?code=" + digits}
	}
	u, err := url.Parse(strings.TrimSpace(l.Href))
	if err != nil || u.Host == "" || deadHref(strings.TrimSpace(l.RawHref)) {
		return PSBLinkVerdict{Problem: "link " + quote(l.RawHref) + " goes nowhere"}
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	code := psbCode(u)
	switch {
	case host == MIITHost || retiredHosts[host]:
		return PSBLinkVerdict{Problem: "linked to the MIIT (ICP) system " + host + "; a 公网安备 number links to the public-security system", ToMIIT: true}
	case host == "beian.mps.gov.cn":
		if code == "" {
			return PSBLinkVerdict{Problem: "linked to the portal home without the number's code"}
		}
	case host == "www.beian.gov.cn" || host == "beian.gov.cn":
		if code == "" {
			return PSBLinkVerdict{Problem: "linked to the legacy portal home without the number's code"}
		}
		if code == digits {
			return PSBLinkVerdict{Problem: "linked to the legacy portal www.beian.gov.cn (reported unreachable in 2025)"}
		}
	default:
		return PSBLinkVerdict{Problem: "linked to " + host + ", not the public-security system"}
	}
	if code != digits {
		return PSBLinkVerdict{Problem: "link code " + code + " differs from the number shown " + digits}
	}
	return PSBLinkVerdict{}
}

// psbCode reads the record code from an MPS link: ?code= inside the hash
// route of beian.mps.gov.cn, or ?recordcode= of the legacy portal.
func psbCode(u *url.URL) string {
	for _, q := range []string{u.RawQuery, afterQuestion(u.Fragment)} {
		v, err := url.ParseQuery(q)
		if err != nil {
			continue
		}
		for _, k := range []string{"code", "recordcode"} {
			if c := v.Get(k); c != "" {
				return c
			}
		}
	}
	return ""
}

func afterQuestion(s string) string {
	if _, q, ok := strings.Cut(s, "?"); ok {
		return q
	}
	return ""
}

func quote(s string) string { return "\"" + s + "\"" }
