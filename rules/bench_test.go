package rules

import "testing"

// BenchmarkCheck measures the rules on a typical page: a footer with a
// filing number, a licence and a 公网安备 number.
func BenchmarkCheck(b *testing.B) {
	psb := footerNumber("京公网安备11010502030143号")
	psb.Link.Href = "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"
	p := mobilePage(footerNumber("京ICP备2021012345号-1"), footerNumber("京ICP证030173号"), psb)
	o := testOptions()
	b.ReportAllocs()
	for b.Loop() {
		Check(p, o)
	}
}

// BenchmarkFindFilings measures the parser on a realistic footer line.
func BenchmarkFindFilings(b *testing.B) {
	const text = "© 2024 示例科技有限公司 版权所有 | 京ICP备2021012345号-1 | 京公网安备 11010502030143号 | 增值电信业务经营许可证：京B2-20201234"
	b.ReportAllocs()
	for b.Loop() {
		FindFilings(text, 2026)
	}
}
