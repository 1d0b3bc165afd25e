package scanner

import "testing"

// TestStatusPredicates pins each status to exactly one predicate: writers
// rely on them to tell checked pages from failed and skipped ones.
func TestStatusPredicates(t *testing.T) {
	for _, c := range []struct {
		s                        Status
		checked, failed, skipped bool
	}{
		{StatusOK, true, false, false},
		{StatusError, false, true, false},
		{StatusSkipped, false, false, true},
		{"", false, false, false},
	} {
		if c.s.Checked() != c.checked || c.s.Failed() != c.failed || c.s.Skipped() != c.skipped {
			t.Errorf("%q: checked %v failed %v skipped %v, want %v %v %v", c.s,
				c.s.Checked(), c.s.Failed(), c.s.Skipped(), c.checked, c.failed, c.skipped)
		}
	}
}
