package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// number may start with.
const province = `[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔贵滇云藏陕秦甘陇青宁新]`

// standardProvince maps the non-standard abbreviations that are accepted
// with a warning to the one MIIT uses.
var standardProvince = map[string]string{"贵": "黔", "云": "滇", "秦": "陕"}

// provinceCode is the two-digit administrative code a 公网安备 number of
// each province starts with.
var provinceCode = map[string]string{
	"京": "11", "津": "12", "冀": "13", "晋": "14", "蒙": "15",
	"辽": "21", "吉": "22", "黑": "23",
	"沪": "31", "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36", "鲁": "37",
	"豫": "41", "鄂": "42", "湘": "43", "粤": "44", "桂": "45", "琼": "46",
	"渝": "50", "川": "51", "蜀": "51", "黔": "52", "贵": "52", "滇": "53", "云": "53", "藏": "54",
	"陕": "61", "秦": "61", "甘": "62", "陇": "62", "青": "63", "宁": "64", "新": "65",
}

// Patterns of ParseFiling, on a fully normalised candidate. They are more
// lenient than DOMAIN §3 where the strict check is a reported issue rather
// than a non-match: 4 to 12 main digits (ICP012 unless 8 or 10), a
// placeholder in place of the digits (ICP012), a missing 号 (ICP011), a
// 公网安备 number of 10 to 18 digits (PSB002 unless 14).
var (
	icpRe = regexp.MustCompile(`^(` + province + `)ICP备([0-9Xx*#]{4,12})(?:-(\d{1,3}))?(号)?(?:-(\d{1,4})([AXK])?)?$`)
	licRe = regexp.MustCompile(`^(` + province + `)ICP证(\d{6})(号)?(?:-(\d{1,3}))?$`)
	b2Re  = regexp.MustCompile(`^(` + province + `)(B[12])-(\d{8})(?:-(\d{1,4})([AXK])?)?$`)
	psbRe = regexp.MustCompile(`^(` + province + `)公网安备(\d{10,18})(号)?$`)
	// templateRe is a main number with letters or symbols for digits:
	// XXXXXXXX, xxxxxxxx, ********, 2024XXXXXX.
	templateRe = regexp.MustCompile(`^\d*[Xx*#]{3,}$`)
)

// ParseFiling parses one candidate, the raw text of a single number, and
// reports whether it is a filing, licence or 公网安备 number at all. Blanks
// around it are ignored; anything else must be part of the number. year is
// the current year, the latest a 10-digit filing number may start with.
// Problems of a number that is recognisably meant as one (wrong digit count,
// placeholder, missing 号, spaces) are Issues of the returned Filing.
func ParseFiling(raw string, year int) (Filing, bool) {
	shown := strings.TrimFunc(raw, isBlank)
	n := Normalize(shown)
	f, ok := parseICP(n, year)
	if !ok {
		f, ok = parseLicence(n)
	}
	if !ok {
		f, ok = parsePSB(n)
	}
	if !ok {
		return Filing{}, false
	}
	if f.Kind == KindPSB {
		// "京公网安备 11010502030143号" is how most sites show it: only
		// digits split apart are a malformed number.
		if blankBetweenDigits(shown) {
			f.Issues = append(f.Issues, newIssue("PSB002", LevelWarning, "spaces or invisible characters inside the digits: shown as %q; normalised %s", shown, f.Number))
		}
	} else if strings.ContainsFunc(shown, isBlank) {
		f.Issues = append(f.Issues, newIssue("ICP011", LevelWarning, "spaces or invisible characters inside the number: shown as %q; normalised %s", shown, f.Number))
	}
	return f, true
}

func parseICP(n string, year int) (Filing, bool) {
	m := icpRe.FindStringSubmatch(n)
	if m == nil {
		return Filing{}, false
	}
	p, digits, legacy, hao, site, suffix := m[1], m[2], m[3], m[4] != "", m[5], m[6]
	template := templateRe.MatchString(digits)
	if !template && strings.Trim(digits, "0123456789") != "" {
		return Filing{}, false
	}
	if !hao && legacy != "" {
		if site != "" {
			return Filing{}, false
		}
		// Without 号 there is no telling the legacy form from a site
		// number: "京ICP备12345678-1" is the site number with 号 left out.
		site, legacy = legacy, ""
	}
	if legacy != "" && site == "" {
		// The legacy -N before 号 is the site number in the old place.
		site = legacy
	}
	f := Filing{
		Kind: KindICP, Form: FormICP, Number: n,
		Main:     p + "ICP备" + digits + "号",
		Province: p, Digits: digits, Site: site, Suffix: suffix,
	}
	full := withSite(f.Main, site, suffix)
	switch {
	case !hao:
		f.Issues = append(f.Issues, newIssue("ICP011", LevelWarning, "missing 号: shown as %s; the full form is %s", n, full))
	case legacy != "":
		f.Issues = append(f.Issues, newIssue("ICP011", LevelWarning, "legacy form %s puts the site number before 号; the current form is %s", n, full))
	}
	f.Issues = append(f.Issues, provinceIssues(p)...)
	if template {
		f.Issues = append(f.Issues, newIssue("ICP012", LevelError, "template placeholder: main number %s has letters or symbols where the digits go", digits))
	} else if msg := mainDigitsProblem(digits, year); msg != "" {
		f.Issues = append(f.Issues, Issue{Rule: "ICP012", Level: LevelError, Message: msg})
	}
	return f, true
}

// mainDigitsProblem says what is implausible about the digits of an
// ICP备 main number, or returns "".
func mainDigitsProblem(d string, year int) string {
	if placeholderDigits(d) {
		return fmt.Sprintf("main number %s is a placeholder, not a real filing number", d)
	}
	switch len(d) {
	case 8:
		return ""
	case 10:
		y := 0
		for _, c := range d[:4] {
			y = y*10 + int(c-'0')
		}
		if y < 2020 {
			return fmt.Sprintf("main number %s has 10 digits but starts with %d; a 10-digit number starts with its year, 2020 to %d", d, y, year)
		}
		if y > year {
			return fmt.Sprintf("main number %s starts with year %d, after the current year %d", d, y, year)
		}
		return ""
	}
	return fmt.Sprintf("main number has %d digits; a filing number has 8 (before 2020) or 10 (2020 and later)", len(d))
}

// placeholderDigits reports digits that stand in for a number: one digit
// repeated (00000000, 88888888) or a run counting up or down (12345678,
// 1234567890, 87654321).
func placeholderDigits(d string) bool {
	if len(d) < 6 {
		return false
	}
	same, up, down := true, true, true
	for i := 1; i < len(d); i++ {
		step := (int(d[i]) - int(d[i-1]) + 10) % 10
		same = same && step == 0
		up = up && step == 1
		down = down && step == 9
	}
	return same || up || down
}

func parseLicence(n string) (Filing, bool) {
	if m := licRe.FindStringSubmatch(n); m != nil {
		p, digits, hao, site := m[1], m[2], m[3] != "", m[4]
		f := Filing{
			Kind: KindLicence, Form: FormLIC, Number: n,
			Main:     p + "ICP证" + digits + "号",
			Province: p, Digits: digits, Site: site,
		}
		if !hao {
			f.Issues = append(f.Issues, newIssue("ICP011", LevelWarning, "missing 号: shown as %s; the full form is %s", n, withSite(f.Main, site, "")))
		}
		f.Issues = append(f.Issues, provinceIssues(p)...)
		return f, true
	}
	if m := b2Re.FindStringSubmatch(n); m != nil {
		p, b, digits, site, suffix := m[1], m[2], m[3], m[4], m[5]
		f := Filing{
			Kind: KindLicence, Form: FormB2, Number: n,
			Main:     p + b + "-" + digits,
			Province: p, Digits: digits, Site: site, Suffix: suffix,
		}
		f.Issues = append(f.Issues, provinceIssues(p)...)
		return f, true
	}
	return Filing{}, false
}

func parsePSB(n string) (Filing, bool) {
	m := psbRe.FindStringSubmatch(n)
	if m == nil {
		return Filing{}, false
	}
	p, digits := m[1], m[2]
	f := Filing{
		Kind: KindPSB, Form: FormPSB, Number: n,
		Main:     p + "公网安备" + digits + "号",
		Province: p, Digits: digits,
	}
	if len(digits) != 14 {
		f.Issues = append(f.Issues, newIssue("PSB002", LevelWarning, "number has %d digits; 14 digits expected", len(digits)))
	}
	if want := provinceCode[p]; len(digits) >= 2 && digits[:2] != want {
		f.Issues = append(f.Issues, newIssue("PSB002", LevelWarning, "number starts with %s, but a 公网安备 number of %s starts with %s", digits[:2], p, want))
	}
	return f, true
}

// provinceIssues warns about a non-standard abbreviation in an ICP filing
// or licence number. 公网安备 numbers are exempt: the police of 贵州 and
// 云南 issue them as 贵公网安备 and 云公网安备.
func provinceIssues(p string) []Issue {
	std, ok := standardProvince[p]
	if !ok {
		return nil
	}
	return []Issue{newIssue("ICP011", LevelWarning, "non-standard province abbreviation %s; MIIT numbers use %s", p, std)}
}

func newIssue(rule string, level Level, format string, args ...any) Issue {
	return Issue{Rule: rule, Level: level, Message: fmt.Sprintf(format, args...)}
}

func withSite(main, site, suffix string) string {
	if site == "" {
		return main
	}
	return main + "-" + site + suffix
}
