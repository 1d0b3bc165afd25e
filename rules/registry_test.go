package rules

import "testing"

// TestCatalogueLevels checks that an override changes only the rule it
// names, on a copy: the registry and later catalogues keep the defaults.
func TestCatalogueLevels(t *testing.T) {
	def := All()
	got := Catalogue(map[string]Level{"ICP003": LevelNote, "NOPE01": LevelError})
	if len(got) != len(def) {
		t.Fatalf("catalogue has %d rules, want %d", len(got), len(def))
	}
	for i, r := range got {
		want := def[i].Level
		if r.ID == "ICP003" {
			want = LevelNote
		}
		if r.ID != def[i].ID || r.Level != want {
			t.Errorf("rule %d: %s at %s, want %s at %s", i, r.ID, r.Level, def[i].ID, want)
		}
	}
	if l := Lookup("ICP003").Level; l == LevelNote {
		t.Errorf("override leaked into the registry: ICP003 at %s", l)
	}
}
