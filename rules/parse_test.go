package rules

import (
	"reflect"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"
)

// testYear is the current year the tests run in: 2027 is in the future.
const testYear = 2026

// parsed is the whole outcome of parsing one number, with the issues
// reduced to their rule IDs in sorted order.
type parsed struct {
	Kind     Kind
	Form     Form
	Number   string
	Main     string
	Province string
	Digits   string
	Site     string
	Suffix   string
	Rules    []string
}

func summarize(t *testing.T, f Filing) parsed {
	t.Helper()
	var rules []string
	for _, is := range f.Issues {
		rules = append(rules, is.Rule)
		checkIssue(t, is)
	}
	slices.Sort(rules)
	return parsed{f.Kind, f.Form, f.Number, f.Main, f.Province, f.Digits, f.Site, f.Suffix, rules}
}

// checkIssue holds an issue to the level of its rule and to the message
// style: lower case, not empty.
func checkIssue(t *testing.T, is Issue) {
	t.Helper()
	want := map[string]Level{"ICP011": LevelWarning, "ICP012": LevelError, "PSB002": LevelWarning}
	if lv, ok := want[is.Rule]; !ok || lv != is.Level {
		t.Errorf("issue %+v: unexpected rule or level", is)
	}
	if r, _ := utf8.DecodeRuneInString(is.Message); is.Message == "" || unicode.IsUpper(r) {
		t.Errorf("issue %+v: message must be lower case and not empty", is)
	}
}

func ids(rules ...string) []string { return rules }

var parseCases = []struct {
	name string
	raw  string
	ok   bool
	want parsed
}{
	// Well-formed filing numbers.
	{"site number", "京ICP备04000001号-1", true,
		parsed{KindICP, FormICP, "京ICP备04000001号-1", "京ICP备04000001号", "京", "04000001", "1", "", nil}},
	{"10-digit", "京ICP备2021012345号-1", true,
		parsed{KindICP, FormICP, "京ICP备2021012345号-1", "京ICP备2021012345号", "京", "2021012345", "1", "", nil}},
	{"guangdong without site", "粤ICP备2023123456号", true,
		parsed{KindICP, FormICP, "粤ICP备2023123456号", "粤ICP备2023123456号", "粤", "2023123456", "", "", nil}},
	{"8-digit without site", "沪ICP备05012345号", true,
		parsed{KindICP, FormICP, "沪ICP备05012345号", "沪ICP备05012345号", "沪", "05012345", "", "", nil}},
	{"4-digit site", "浙ICP备2020000001号-1234", true,
		parsed{KindICP, FormICP, "浙ICP备2020000001号-1234", "浙ICP备2020000001号", "浙", "2020000001", "1234", "", nil}},
	{"blanks around", " \t京ICP备05012345号\u00a0\u200b", true,
		parsed{KindICP, FormICP, "京ICP备05012345号", "京ICP备05012345号", "京", "05012345", "", "", nil}},
	{"full-width", "京ＩＣＰ备２０２１０１２３４５号－１", true,
		parsed{KindICP, FormICP, "京ICP备2021012345号-1", "京ICP备2021012345号", "京", "2021012345", "1", "", nil}},
	{"full-width placeholder", "京ＩＣＰ备１２３４５６７８号－１", true,
		parsed{KindICP, FormICP, "京ICP备12345678号-1", "京ICP备12345678号", "京", "12345678", "1", "", ids("ICP012")}},
	{"traditional", "京ICP備05012345號", true,
		parsed{KindICP, FormICP, "京ICP备05012345号", "京ICP备05012345号", "京", "05012345", "", "", nil}},
	{"lower case icp", "京icp备05012345号-2", true,
		parsed{KindICP, FormICP, "京ICP备05012345号-2", "京ICP备05012345号", "京", "05012345", "2", "", nil}},
	{"mixed case icp", "京Icp备05012345号", true,
		parsed{KindICP, FormICP, "京ICP备05012345号", "京ICP备05012345号", "京", "05012345", "", "", nil}},
	{"en dash", "京ICP备05012345号\u20131", true,
		parsed{KindICP, FormICP, "京ICP备05012345号-1", "京ICP备05012345号", "京", "05012345", "1", "", nil}},
	{"minus sign", "京ICP备05012345号\u22121", true,
		parsed{KindICP, FormICP, "京ICP备05012345号-1", "京ICP备05012345号", "京", "05012345", "1", "", nil}},

	// Blanks inside the number: ICP011.
	{"spaces", "京ICP备 0501 2345号", true,
		parsed{KindICP, FormICP, "京ICP备05012345号", "京ICP备05012345号", "京", "05012345", "", "", ids("ICP011")}},
	{"zero-width inside", "京ICP备0501\u200b2345号-1", true,
		parsed{KindICP, FormICP, "京ICP备05012345号-1", "京ICP备05012345号", "京", "05012345", "1", "", ids("ICP011")}},
	{"soft hyphen inside", "京ICP\u00ad备05012345号", true,
		parsed{KindICP, FormICP, "京ICP备05012345号", "京ICP备05012345号", "京", "05012345", "", "", ids("ICP011")}},
	{"nbsp inside", "京ICP备\u00a005012345号", true,
		parsed{KindICP, FormICP, "京ICP备05012345号", "京ICP备05012345号", "京", "05012345", "", "", ids("ICP011")}},
	{"ideographic space inside", "京ICP备0501\u30002345号", true,
		parsed{KindICP, FormICP, "京ICP备05012345号", "京ICP备05012345号", "京", "05012345", "", "", ids("ICP011")}},

	// Digit count and year: ICP012.
	{"10-digit current year", "京ICP备2026000001号-1", true,
		parsed{KindICP, FormICP, "京ICP备2026000001号-1", "京ICP备2026000001号", "京", "2026000001", "1", "", nil}},
	{"10-digit 2020", "京ICP备2020012345号", true,
		parsed{KindICP, FormICP, "京ICP备2020012345号", "京ICP备2020012345号", "京", "2020012345", "", "", nil}},
	{"10-digit future year", "京ICP备2027000001号-1", true,
		parsed{KindICP, FormICP, "京ICP备2027000001号-1", "京ICP备2027000001号", "京", "2027000001", "1", "", ids("ICP012")}},
	{"10-digit 2019", "京ICP备2019012345号", true,
		parsed{KindICP, FormICP, "京ICP备2019012345号", "京ICP备2019012345号", "京", "2019012345", "", "", ids("ICP012")}},
	{"9 digits", "京ICP备050123456号", true,
		parsed{KindICP, FormICP, "京ICP备050123456号", "京ICP备050123456号", "京", "050123456", "", "", ids("ICP012")}},
	{"6 digits", "京ICP备050123号", true,
		parsed{KindICP, FormICP, "京ICP备050123号", "京ICP备050123号", "京", "050123", "", "", ids("ICP012")}},
	// Beyond \d{6,10}, but clearly meant as a filing number: reported,
	// not ignored (4 to 12 digits).
	{"11 digits", "京ICP备20230123456号", true,
		parsed{KindICP, FormICP, "京ICP备20230123456号", "京ICP备20230123456号", "京", "20230123456", "", "", ids("ICP012")}},
	{"5 digits", "京ICP备05012号", true,
		parsed{KindICP, FormICP, "京ICP备05012号", "京ICP备05012号", "京", "05012", "", "", ids("ICP012")}},
	{"12 digits", "京ICP备202301234567号", true,
		parsed{KindICP, FormICP, "京ICP备202301234567号", "京ICP备202301234567号", "京", "202301234567", "", "", ids("ICP012")}},
	{"PSB 10 digits", "京公网安备1101050203", true,
		parsed{KindPSB, FormPSB, "京公网安备1101050203", "京公网安备1101050203号", "京", "1101050203", "", "", ids("PSB002")}},

	// Placeholders: ICP012, still returned so the report can say so.
	{"placeholder 12345678", "京ICP备12345678号-1", true,
		parsed{KindICP, FormICP, "京ICP备12345678号-1", "京ICP备12345678号", "京", "12345678", "1", "", ids("ICP012")}},
	{"placeholder 00000000", "京ICP备00000000号", true,
		parsed{KindICP, FormICP, "京ICP备00000000号", "京ICP备00000000号", "京", "00000000", "", "", ids("ICP012")}},
	{"placeholder repeated digit", "粤ICP备88888888号", true,
		parsed{KindICP, FormICP, "粤ICP备88888888号", "粤ICP备88888888号", "粤", "88888888", "", "", ids("ICP012")}},
	{"placeholder 1234567890", "京ICP备1234567890号-1", true,
		parsed{KindICP, FormICP, "京ICP备1234567890号-1", "京ICP备1234567890号", "京", "1234567890", "1", "", ids("ICP012")}},
	{"placeholder 87654321", "京ICP备87654321号", true,
		parsed{KindICP, FormICP, "京ICP备87654321号", "京ICP备87654321号", "京", "87654321", "", "", ids("ICP012")}},
	{"template XXXXXXXX", "京ICP备XXXXXXXX号", true,
		parsed{KindICP, FormICP, "京ICP备XXXXXXXX号", "京ICP备XXXXXXXX号", "京", "XXXXXXXX", "", "", ids("ICP012")}},
	{"template xxxxxxxx", "京ICP备xxxxxxxx号-1", true,
		parsed{KindICP, FormICP, "京ICP备xxxxxxxx号-1", "京ICP备xxxxxxxx号", "京", "xxxxxxxx", "1", "", ids("ICP012")}},
	{"template stars", "粤ICP备********号", true,
		parsed{KindICP, FormICP, "粤ICP备********号", "粤ICP备********号", "粤", "********", "", "", ids("ICP012")}},
	{"template full-width stars", "粤ICP备＊＊＊＊＊＊＊＊号", true,
		parsed{KindICP, FormICP, "粤ICP备********号", "粤ICP备********号", "粤", "********", "", "", ids("ICP012")}},
	{"template year filled in", "京ICP备2024XXXXXX号", true,
		parsed{KindICP, FormICP, "京ICP备2024XXXXXX号", "京ICP备2024XXXXXX号", "京", "2024XXXXXX", "", "", ids("ICP012")}},
	{"template without 号", "京ICP备XXXXXXXX", true,
		parsed{KindICP, FormICP, "京ICP备XXXXXXXX", "京ICP备XXXXXXXX号", "京", "XXXXXXXX", "", "", ids("ICP011", "ICP012")}},

	// Suffixes: no issue here (ICP013 judges them).
	{"app suffix", "京ICP备2021012345号-1A", true,
		parsed{KindICP, FormICP, "京ICP备2021012345号-1A", "京ICP备2021012345号", "京", "2021012345", "1", "A", nil}},
	{"mini-program suffix", "沪ICP备2022012345号-2X", true,
		parsed{KindICP, FormICP, "沪ICP备2022012345号-2X", "沪ICP备2022012345号", "沪", "2022012345", "2", "X", nil}},
	{"quick app suffix", "粤ICP备2023123456号-3K", true,
		parsed{KindICP, FormICP, "粤ICP备2023123456号-3K", "粤ICP备2023123456号", "粤", "2023123456", "3", "K", nil}},
	{"suffix after long site", "京ICP备2021012345号-12X", true,
		parsed{KindICP, FormICP, "京ICP备2021012345号-12X", "京ICP备2021012345号", "京", "2021012345", "12", "X", nil}},

	// Lenient forms: ICP011.
	{"legacy -N号", "京ICP备05012345-1号", true,
		parsed{KindICP, FormICP, "京ICP备05012345-1号", "京ICP备05012345号", "京", "05012345", "1", "", ids("ICP011")}},
	{"legacy traditional", "京ICP備05012345-12號", true,
		parsed{KindICP, FormICP, "京ICP备05012345-12号", "京ICP备05012345号", "京", "05012345", "12", "", ids("ICP011")}},
	{"missing 号", "京ICP备05012345", true,
		parsed{KindICP, FormICP, "京ICP备05012345", "京ICP备05012345号", "京", "05012345", "", "", ids("ICP011")}},
	{"missing 号 with site", "京ICP备05012345-1", true,
		parsed{KindICP, FormICP, "京ICP备05012345-1", "京ICP备05012345号", "京", "05012345", "1", "", ids("ICP011")}},
	{"missing 号 with suffix", "京ICP备2021012345-1X", true,
		parsed{KindICP, FormICP, "京ICP备2021012345-1X", "京ICP备2021012345号", "京", "2021012345", "1", "X", ids("ICP011")}},
	{"missing 号 and spaces", "京ICP备 05012345", true,
		parsed{KindICP, FormICP, "京ICP备05012345", "京ICP备05012345号", "京", "05012345", "", "", ids("ICP011", "ICP011")}},
	{"missing 号 and 9 digits", "京ICP备050123456", true,
		parsed{KindICP, FormICP, "京ICP备050123456", "京ICP备050123456号", "京", "050123456", "", "", ids("ICP011", "ICP012")}},

	// Non-standard province abbreviations: ICP011.
	{"贵", "贵ICP备2022001234号-1", true,
		parsed{KindICP, FormICP, "贵ICP备2022001234号-1", "贵ICP备2022001234号", "贵", "2022001234", "1", "", ids("ICP011")}},
	{"黔", "黔ICP备2022001234号-1", true,
		parsed{KindICP, FormICP, "黔ICP备2022001234号-1", "黔ICP备2022001234号", "黔", "2022001234", "1", "", nil}},
	{"云", "云ICP备2022001234号", true,
		parsed{KindICP, FormICP, "云ICP备2022001234号", "云ICP备2022001234号", "云", "2022001234", "", "", ids("ICP011")}},
	{"秦", "秦ICP备2022001234号", true,
		parsed{KindICP, FormICP, "秦ICP备2022001234号", "秦ICP备2022001234号", "秦", "2022001234", "", "", ids("ICP011")}},
	// DOMAIN §3 names only 贵/云/秦 as non-standard: 蜀 and 陇 pass.
	{"蜀", "蜀ICP备2022001234号", true,
		parsed{KindICP, FormICP, "蜀ICP备2022001234号", "蜀ICP备2022001234号", "蜀", "2022001234", "", "", nil}},
	{"陇", "陇ICP备2022001234号", true,
		parsed{KindICP, FormICP, "陇ICP备2022001234号", "陇ICP备2022001234号", "陇", "2022001234", "", "", nil}},
	{"贵 licence", "贵B2-20201234", true,
		parsed{KindLicence, FormB2, "贵B2-20201234", "贵B2-20201234", "贵", "20201234", "", "", ids("ICP011")}},

	// Licences.
	{"ICP证", "京ICP证030173号", true,
		parsed{KindLicence, FormLIC, "京ICP证030173号", "京ICP证030173号", "京", "030173", "", "", nil}},
	{"ICP证 with site", "京ICP证030173号-1", true,
		parsed{KindLicence, FormLIC, "京ICP证030173号-1", "京ICP证030173号", "京", "030173", "1", "", nil}},
	{"ICP證 traditional", "京ICP證030173號", true,
		parsed{KindLicence, FormLIC, "京ICP证030173号", "京ICP证030173号", "京", "030173", "", "", nil}},
	{"ICP证 missing 号", "京ICP证030173", true,
		parsed{KindLicence, FormLIC, "京ICP证030173", "京ICP证030173号", "京", "030173", "", "", ids("ICP011")}},
	{"B2", "京B2-20201234", true,
		parsed{KindLicence, FormB2, "京B2-20201234", "京B2-20201234", "京", "20201234", "", "", nil}},
	{"B2 with site", "京B2-20201234-1", true,
		parsed{KindLicence, FormB2, "京B2-20201234-1", "京B2-20201234", "京", "20201234", "1", "", nil}},
	{"B2 with site and suffix", "粤B2-20201234-2A", true,
		parsed{KindLicence, FormB2, "粤B2-20201234-2A", "粤B2-20201234", "粤", "20201234", "2", "A", nil}},
	{"B1", "沪B1-20201234", true,
		parsed{KindLicence, FormB2, "沪B1-20201234", "沪B1-20201234", "沪", "20201234", "", "", nil}},
	{"B2 full-width", "京Ｂ２－２０２０１２３４", true,
		parsed{KindLicence, FormB2, "京B2-20201234", "京B2-20201234", "京", "20201234", "", "", nil}},

	// 公网安备.
	{"PSB", "京公网安备11010502030143号", true,
		parsed{KindPSB, FormPSB, "京公网安备11010502030143号", "京公网安备11010502030143号", "京", "11010502030143", "", "", nil}},
	{"PSB without 号", "京公网安备11010502030143", true,
		parsed{KindPSB, FormPSB, "京公网安备11010502030143", "京公网安备11010502030143号", "京", "11010502030143", "", "", nil}},
	{"PSB space after 备", "京公网安备 11010502030143号", true,
		parsed{KindPSB, FormPSB, "京公网安备11010502030143号", "京公网安备11010502030143号", "京", "11010502030143", "", "", nil}},
	{"PSB traditional full-width", "京公網安備１１０１０５０２０３０１４３號", true,
		parsed{KindPSB, FormPSB, "京公网安备11010502030143号", "京公网安备11010502030143号", "京", "11010502030143", "", "", nil}},
	{"PSB 贵", "贵公网安备52010202001234号", true,
		parsed{KindPSB, FormPSB, "贵公网安备52010202001234号", "贵公网安备52010202001234号", "贵", "52010202001234", "", "", nil}},
	{"PSB 蜀", "蜀公网安备51010202001234号", true,
		parsed{KindPSB, FormPSB, "蜀公网安备51010202001234号", "蜀公网安备51010202001234号", "蜀", "51010202001234", "", "", nil}},
	{"PSB province mismatch", "粤公网安备11010502030143号", true,
		parsed{KindPSB, FormPSB, "粤公网安备11010502030143号", "粤公网安备11010502030143号", "粤", "11010502030143", "", "", ids("PSB002")}},
	{"PSB 13 digits", "京公网安备1101050203014号", true,
		parsed{KindPSB, FormPSB, "京公网安备1101050203014号", "京公网安备1101050203014号", "京", "1101050203014", "", "", ids("PSB002")}},
	{"PSB 15 digits", "京公网安备110105020301431号", true,
		parsed{KindPSB, FormPSB, "京公网安备110105020301431号", "京公网安备110105020301431号", "京", "110105020301431", "", "", ids("PSB002")}},
	{"PSB 13 digits and mismatch", "沪公网安备1101050203014号", true,
		parsed{KindPSB, FormPSB, "沪公网安备1101050203014号", "沪公网安备1101050203014号", "沪", "1101050203014", "", "", ids("PSB002", "PSB002")}},
	{"PSB digits split", "京公网安备 1101 0502 0301 43号", true,
		parsed{KindPSB, FormPSB, "京公网安备11010502030143号", "京公网安备11010502030143号", "京", "11010502030143", "", "", ids("PSB002")}},

	// Not numbers.
	{"港", "港ICP备05012345号", false, parsed{}},
	{"澳", "澳ICP备05012345号", false, parsed{}},
	{"台", "台ICP备05012345号", false, parsed{}},
	{"萌 badge", "萌ICP备20240001号", false, parsed{}},
	{"茶 badge", "茶ICP备20240001号", false, parsed{}},
	{"no province", "ICP备12345678号", false, parsed{}},
	{"no digits", "京ICP备号", false, parsed{}},
	{"no digits no 号", "京ICP备", false, parsed{}},
	{"file name", "京ICP备12345678号.js", false, parsed{}},
	{"file name html", "京ICP备2021012345号-1.html", false, parsed{}},
	{"网文", "京网文〔2023〕1234-567号", false, parsed{}},
	{"网文 brackets", "京网文[2023]1234-567号", false, parsed{}},
	{"bare digits", "12345678", false, parsed{}},
	{"bare 14 digits", "11010502030143", false, parsed{}},
	{"empty", "", false, parsed{}},
	{"blanks only", " \u3000\u200b", false, parsed{}},
	{"site of 5 digits", "京ICP备2021012345号-12345", false, parsed{}},
	{"site glued to a year", "京ICP备2021012345号-1 2024", false, parsed{}},
	{"unknown suffix", "京ICP备2021012345号-1B", false, parsed{}},
	{"lower-case suffix", "京ICP备2021012345号-1x", false, parsed{}},
	{"letter after digits", "京ICP备12345678X号", false, parsed{}},
	{"single x", "京ICP备x号", false, parsed{}},
	{"trailing words", "京ICP备2021012345号 版权所有", false, parsed{}},
	{"legacy site of 4 digits", "京ICP备05012345-1234号", false, parsed{}},
	{"3 digits", "京ICP备123号", false, parsed{}},
	{"13 digits", "京ICP备2023012345678号", false, parsed{}},
	{"PSB 9 digits", "京公网安备110105020号", false, parsed{}},
	{"PSB 19 digits", "京公网安备1101050203014311010号", false, parsed{}},
	{"ICP证 5 digits", "京ICP证03017号", false, parsed{}},
	{"ICP证 7 digits", "京ICP证0301734号", false, parsed{}},
	{"B2 7 digits", "京B2-2020123", false, parsed{}},
	{"B2 without hyphen", "京B220201234", false, parsed{}},
	{"PSB without digits", "京公网安备号", false, parsed{}},
	{"ICP备案 label", "京ICP备案号", false, parsed{}},
}

func TestParseFiling(t *testing.T) {
	for _, c := range parseCases {
		t.Run(c.name, func(t *testing.T) {
			f, ok := ParseFiling(c.raw, testYear)
			if ok != c.ok {
				t.Fatalf("ParseFiling(%q) ok = %v, want %v (%+v)", c.raw, ok, c.ok, f)
			}
			if !ok {
				if !reflect.DeepEqual(f, Filing{}) {
					t.Errorf("ParseFiling(%q) = %+v for a non-number, want the zero Filing", c.raw, f)
				}
				return
			}
			if got := summarize(t, f); !reflect.DeepEqual(got, c.want) {
				t.Errorf("ParseFiling(%q)\n got %+v\nwant %+v\nissues %+v", c.raw, got, c.want, f.Issues)
			}
		})
	}
}

// TestParseFilingMessages checks that messages are concrete: they name
// the numbers and counts involved.
func TestParseFilingMessages(t *testing.T) {
	for _, c := range []struct{ raw, rule, want string }{
		{"京ICP备050123456号", "ICP012", "main number has 9 digits; a filing number has 8 (before 2020) or 10 (2020 and later)"},
		{"京ICP备2027000001号", "ICP012", "main number 2027000001 starts with year 2027, after the current year 2026"},
		{"京ICP备2019012345号", "ICP012", "main number 2019012345 has 10 digits but starts with 2019; a 10-digit number starts with its year, 2020 to 2026"},
		{"京ICP备88888888号", "ICP012", "main number 88888888 is a placeholder, not a real filing number"},
		{"京ICP备XXXXXXXX号", "ICP012", "template placeholder: main number XXXXXXXX has letters or symbols where the digits go"},
		{"京ICP备05012345-1号", "ICP011", "legacy form 京ICP备05012345-1号 puts the site number before 号; the current form is 京ICP备05012345号-1"},
		{"京ICP备05012345-1", "ICP011", "missing 号: shown as 京ICP备05012345-1; the full form is 京ICP备05012345号-1"},
		{"京ICP备 0501 2345号", "ICP011", `spaces or invisible characters inside the number: shown as "京ICP备 0501 2345号"; normalised 京ICP备05012345号`},
		{"京ICP备0501\u200b2345号", "ICP011", `spaces or invisible characters inside the number: shown as "京ICP备0501\u200b2345号"; normalised 京ICP备05012345号`},
		{"贵ICP备2022001234号", "ICP011", "non-standard province abbreviation 贵; MIIT numbers use 黔"},
		{"京公网安备1101050203014号", "PSB002", "number has 13 digits; 14 digits expected"},
		{"粤公网安备11010502030143号", "PSB002", "number starts with 11, but a 公网安备 number of 粤 starts with 44"},
	} {
		f, ok := ParseFiling(c.raw, testYear)
		if !ok || len(f.Issues) != 1 {
			t.Errorf("ParseFiling(%q) = %+v, %v; want one issue", c.raw, f, ok)
			continue
		}
		if is := f.Issues[0]; is.Rule != c.rule || is.Message != c.want {
			t.Errorf("ParseFiling(%q) issue %s %q\nwant %s %q", c.raw, is.Rule, is.Message, c.rule, c.want)
		}
	}
}
