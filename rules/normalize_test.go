package rules

import (
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"京ＩＣＰ备１２３４５６７８号－１", "京ICP备12345678号-1"},
		{"京ICP備12345678號", "京ICP备12345678号"},
		{"京公網安備11010502030143號", "京公网安备11010502030143号"},
		{"京ICP證030173號", "京ICP证030173号"},
		{"京icp备 1234\u00a05678\u3000号", "京ICP备12345678号"},
		{"京iCp备1234\u200b5678\u200c号\u200d-\u20601\ufeff\u00ad", "京ICP备12345678号-1"},
		{"\u202a京ICP备\u200e2021\u200f012345\u061c号-1\u202c\u2066\u2067\u2068\u2069\u202b\u202d\u202e", "京ICP备2021012345号-1"},
		{"a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h", "a-b-c-d-e-f-g-h"},
		{"京 ICP\t备\n1234 5678\r号", "京ICP备12345678号"},
		{"i c p", "ICP"},
		{"ＩＣＰ", "ICP"},
		{"京网文〔2023〕1234-567号", "京网文〔2023〕1234-567号"},
		{"版权所有©2024", "版权所有©2024"},
		{"", ""},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
