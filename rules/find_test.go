package rules

import (
	"reflect"
	"strings"
	"testing"
)

type found struct {
	raw   string
	start int
	want  parsed
}

var findCases = []struct {
	name string
	text string
	want []found
}{
	{"footer with placeholder and PSB", "Copyright © 2024 京ICP备12345678号-1 | 京公网安备 11010502030143号", []found{
		{"京ICP备12345678号-1", 18, parsed{KindICP, FormICP, "京ICP备12345678号-1", "京ICP备12345678号", "京", "12345678", "1", "", ids("ICP012")}},
		{"京公网安备 11010502030143号", 43, parsed{KindPSB, FormPSB, "京公网安备11010502030143号", "京公网安备11010502030143号", "京", "11010502030143", "", "", nil}},
	}},
	{"site number not glued to a year", "京ICP备2021012345号-1 2024", []found{
		{"京ICP备2021012345号-1", 0, parsed{KindICP, FormICP, "京ICP备2021012345号-1", "京ICP备2021012345号", "京", "2021012345", "1", "", nil}},
	}},
	{"words after the site number", "京ICP备2021012345号-1 版权所有", []found{
		{"京ICP备2021012345号-1", 0, parsed{KindICP, FormICP, "京ICP备2021012345号-1", "京ICP备2021012345号", "京", "2021012345", "1", "", nil}},
	}},
	{"two numbers separated by a space", "京ICP备2021012345号 京公网安备11010502030143号", []found{
		{"京ICP备2021012345号", 0, parsed{KindICP, FormICP, "京ICP备2021012345号", "京ICP备2021012345号", "京", "2021012345", "", "", nil}},
		{"京公网安备11010502030143号", 23, parsed{KindPSB, FormPSB, "京公网安备11010502030143号", "京公网安备11010502030143号", "京", "11010502030143", "", "", nil}},
	}},
	{"two numbers adjacent, provinces differ", "粤ICP备2023123456号粤公网安备44030502001234号", []found{
		{"粤ICP备2023123456号", 0, parsed{KindICP, FormICP, "粤ICP备2023123456号", "粤ICP备2023123456号", "粤", "2023123456", "", "", nil}},
		{"粤公网安备44030502001234号", 22, parsed{KindPSB, FormPSB, "粤公网安备44030502001234号", "粤公网安备44030502001234号", "粤", "44030502001234", "", "", nil}},
	}},
	{"ICP and PSB of different provinces", "京ICP备2021012345号\u00a0\u00a0京公网安备\u300011010502030143号", []found{
		{"京ICP备2021012345号", 0, parsed{KindICP, FormICP, "京ICP备2021012345号", "京ICP备2021012345号", "京", "2021012345", "", "", nil}},
		{"京公网安备\u300011010502030143号", 26, parsed{KindPSB, FormPSB, "京公网安备11010502030143号", "京公网安备11010502030143号", "京", "11010502030143", "", "", nil}},
	}},
	{"spaces inside, separator after", "备案号：京ICP备 2021 012345 号 - 技术支持", []found{
		{"京ICP备 2021 012345 号", 12, parsed{KindICP, FormICP, "京ICP备2021012345号", "京ICP备2021012345号", "京", "2021012345", "", "", ids("ICP011")}},
	}},
	{"spaces everywhere", "京 ICP 备 05012345 号", []found{
		{"京 ICP 备 05012345 号", 0, parsed{KindICP, FormICP, "京ICP备05012345号", "京ICP备05012345号", "京", "05012345", "", "", ids("ICP011")}},
	}},
	{"space before the hyphen", "粤ICP备2023123456号 -1 | 关于我们", []found{
		{"粤ICP备2023123456号 -1", 0, parsed{KindICP, FormICP, "粤ICP备2023123456号-1", "粤ICP备2023123456号", "粤", "2023123456", "1", "", ids("ICP011")}},
	}},
	{"space after the hyphen", "粤ICP备2023123456号- 1", []found{
		{"粤ICP备2023123456号- 1", 0, parsed{KindICP, FormICP, "粤ICP备2023123456号-1", "粤ICP备2023123456号", "粤", "2023123456", "1", "", ids("ICP011")}},
	}},
	{"spaced hyphen is a separator", "京ICP备2021012345号 - 2024", []found{
		{"京ICP备2021012345号", 0, parsed{KindICP, FormICP, "京ICP备2021012345号", "京ICP备2021012345号", "京", "2021012345", "", "", nil}},
	}},
	{"separator after the site number", "京ICP备2021012345号-1 - 2024", []found{
		{"京ICP备2021012345号-1", 0, parsed{KindICP, FormICP, "京ICP备2021012345号-1", "京ICP备2021012345号", "京", "2021012345", "1", "", nil}},
	}},
	{"em dash", "京ICP备2021012345号—1", []found{
		{"京ICP备2021012345号—1", 0, parsed{KindICP, FormICP, "京ICP备2021012345号-1", "京ICP备2021012345号", "京", "2021012345", "1", "", nil}},
	}},
	{"full-width footer", "京ＩＣＰ备２０２１０１２３４５号－１　京公網安備１１０１０５０２０３０１４３號", []found{
		{"京ＩＣＰ备２０２１０１２３４５号－１", 0, parsed{KindICP, FormICP, "京ICP备2021012345号-1", "京ICP备2021012345号", "京", "2021012345", "1", "", nil}},
		{"京公網安備１１０１０５０２０３０１４３號", 57, parsed{KindPSB, FormPSB, "京公网安备11010502030143号", "京公网安备11010502030143号", "京", "11010502030143", "", "", nil}},
	}},
	{"traditional characters, province included", "版權所有 粵ICP備2021045678號-1 滬公網安備31010402001234號", []found{
		{"粵ICP備2021045678號-1", 13, parsed{KindICP, FormICP, "粤ICP备2021045678号-1", "粤ICP备2021045678号", "粤", "2021045678", "1", "", nil}},
		{"滬公網安備31010402001234號", 38, parsed{KindPSB, FormPSB, "沪公网安备31010402001234号", "沪公网安备31010402001234号", "沪", "31010402001234", "", "", nil}},
	}},
	{"zero-width inside", "©2024 京ICP备0501\u200b2345号-1", []found{
		{"京ICP备0501\u200b2345号-1", 7, parsed{KindICP, FormICP, "京ICP备05012345号-1", "京ICP备05012345号", "京", "05012345", "1", "", ids("ICP011")}},
	}},
	{"zero-width around", "\u200b京ICP备05012345号\u200b", []found{
		{"京ICP备05012345号", 3, parsed{KindICP, FormICP, "京ICP备05012345号", "京ICP备05012345号", "京", "05012345", "", "", nil}},
	}},
	{"lower case", "京icp备05012345号-2", []found{
		{"京icp备05012345号-2", 0, parsed{KindICP, FormICP, "京ICP备05012345号-2", "京ICP备05012345号", "京", "05012345", "2", "", nil}},
	}},
	{"missing 号 before a year", "京ICP备05012345 2024年", []found{
		{"京ICP备05012345", 0, parsed{KindICP, FormICP, "京ICP备05012345", "京ICP备05012345号", "京", "05012345", "", "", ids("ICP011")}},
	}},
	{"legacy form", "网站备案：京ICP备05012345-1号", []found{
		{"京ICP备05012345-1号", 15, parsed{KindICP, FormICP, "京ICP备05012345-1号", "京ICP备05012345号", "京", "05012345", "1", "", ids("ICP011")}},
	}},
	{"mini-program suffix", "京ICP备2021012345号-1X 小程序", []found{
		{"京ICP备2021012345号-1X", 0, parsed{KindICP, FormICP, "京ICP备2021012345号-1X", "京ICP备2021012345号", "京", "2021012345", "1", "X", nil}},
	}},
	{"site number too long", "京ICP备2021012345号-12345", []found{
		{"京ICP备2021012345号", 0, parsed{KindICP, FormICP, "京ICP备2021012345号", "京ICP备2021012345号", "京", "2021012345", "", "", nil}},
	}},
	{"word after the site number", "京ICP备2021012345号-1Apple", []found{
		{"京ICP备2021012345号", 0, parsed{KindICP, FormICP, "京ICP备2021012345号", "京ICP备2021012345号", "京", "2021012345", "", "", nil}},
	}},
	{"full stop is not a file name", "京ICP备2021012345号. 京公网安备11010502030143号", []found{
		{"京ICP备2021012345号", 0, parsed{KindICP, FormICP, "京ICP备2021012345号", "京ICP备2021012345号", "京", "2021012345", "", "", nil}},
		{"京公网安备11010502030143号", 24, parsed{KindPSB, FormPSB, "京公网安备11010502030143号", "京公网安备11010502030143号", "京", "11010502030143", "", "", nil}},
	}},
	{"template", "示例：京ICP备XXXXXXXX号", []found{
		{"京ICP备XXXXXXXX号", 9, parsed{KindICP, FormICP, "京ICP备XXXXXXXX号", "京ICP备XXXXXXXX号", "京", "XXXXXXXX", "", "", ids("ICP012")}},
	}},
	{"贵 PSB and 黔 ICP", "贵公网安备 52010202001234号 黔ICP备2022001234号-3", []found{
		{"贵公网安备 52010202001234号", 0, parsed{KindPSB, FormPSB, "贵公网安备52010202001234号", "贵公网安备52010202001234号", "贵", "52010202001234", "", "", nil}},
		{"黔ICP备2022001234号-3", 34, parsed{KindICP, FormICP, "黔ICP备2022001234号-3", "黔ICP备2022001234号", "黔", "2022001234", "3", "", nil}},
	}},
	{"licence and filing", "京ICP证030173号-1 京ICP备2021012345号-1", []found{
		{"京ICP证030173号-1", 0, parsed{KindLicence, FormLIC, "京ICP证030173号-1", "京ICP证030173号", "京", "030173", "1", "", nil}},
		{"京ICP备2021012345号-1", 21, parsed{KindICP, FormICP, "京ICP备2021012345号-1", "京ICP备2021012345号", "京", "2021012345", "1", "", nil}},
	}},
	{"网文, licence and B2", "京网文〔2023〕1234-567号 京ICP证030173号 京B2-20201234", []found{
		{"京ICP证030173号", 31, parsed{KindLicence, FormLIC, "京ICP证030173号", "京ICP证030173号", "京", "030173", "", "", nil}},
		{"京B2-20201234", 50, parsed{KindLicence, FormB2, "京B2-20201234", "京B2-20201234", "京", "20201234", "", "", nil}},
	}},
	{"city name before the province", "北京市京ICP备2021012345号-1", []found{
		{"京ICP备2021012345号-1", 9, parsed{KindICP, FormICP, "京ICP备2021012345号-1", "京ICP备2021012345号", "京", "2021012345", "1", "", nil}},
	}},
	{"file names", `<script src="/static/京ICP备2021012345号.js"></script><img src="京ICP备2021012345号-1A.png">`, nil},
	{"not numbers", "萌ICP备20240001号 茶ICP备20240001号 港ICP备05012345号 澳ICP备05012345号 台ICP备05012345号 ICP备05012345号 京ICP备号 12345678 11010502030143", nil},
	{"ICP备案 label", "ICP备案号：京ICP备案", nil},
	{"empty", "", nil},
}

func TestFindFilings(t *testing.T) {
	for _, c := range findCases {
		t.Run(c.name, func(t *testing.T) {
			ms := FindFilings(c.text, testYear)
			if len(ms) != len(c.want) {
				t.Fatalf("FindFilings(%q) found %d numbers, want %d: %+v", c.text, len(ms), len(c.want), ms)
			}
			for i, m := range ms {
				w := c.want[i]
				if m.Raw != w.raw || m.Start != w.start || m.End != w.start+len(w.raw) {
					t.Errorf("match %d: %q [%d:%d], want %q [%d:%d]", i, m.Raw, m.Start, m.End, w.raw, w.start, w.start+len(w.raw))
				}
				if got := summarize(t, m.Filing); !reflect.DeepEqual(got, w.want) {
					t.Errorf("match %d %q\n got %+v\nwant %+v", i, m.Raw, got, w.want)
				}
			}
		})
	}
}

// TestFindFilingsAgreesWithParse finds every positive ParseFiling case
// alone in a sentence, as one match equal to what ParseFiling returns.
func TestFindFilingsAgreesWithParse(t *testing.T) {
	for _, c := range parseCases {
		raw := strings.TrimFunc(c.raw, isBlank)
		if !c.ok || strings.ContainsAny(raw, " \t") {
			continue
		}
		text := "本站备案：" + raw + "，版权所有"
		ms := FindFilings(text, testYear)
		if len(ms) != 1 || ms[0].Raw != raw {
			t.Errorf("%s: FindFilings(%q) = %+v, want one match %q", c.name, text, ms, raw)
			continue
		}
		if got := summarize(t, ms[0].Filing); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: FindFilings(%q)\n got %+v\nwant %+v", c.name, text, got, c.want)
		}
	}
}

func FuzzFindFilings(f *testing.F) {
	for _, c := range findCases {
		f.Add(c.text)
	}
	for _, c := range parseCases {
		f.Add(c.raw)
	}
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, m := range FindFilings(text, testYear) {
			if m.Start < end || m.Start >= m.End || m.End > len(text) {
				t.Fatalf("match %+v out of order or out of range (previous end %d, len %d)", m, end, len(text))
			}
			end = m.End
			if m.Raw != text[m.Start:m.End] {
				t.Fatalf("Raw %q != text[%d:%d] %q", m.Raw, m.Start, m.End, text[m.Start:m.End])
			}
			fil, ok := ParseFiling(m.Raw, testYear)
			if !ok || !reflect.DeepEqual(fil, m.Filing) {
				t.Fatalf("ParseFiling(%q) = %+v, %v; FindFilings gave %+v", m.Raw, fil, ok, m.Filing)
			}
		}
	})
}
