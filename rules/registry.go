package rules

// registry is the rule catalogue in DOMAIN §5 order (ICP, PSB, CTX, each by
// number): one ordered list, an ID never reused. A new rule family adds its
// rules here.
var registry = []*Rule{
	icp001, icp002, icp003, icp004, icp005, icp006, icp007, icp008,
	icp009, icp010, icp011, icp012, icp013, icp014, icp015, icp016,
	psb001, psb002, ctx001,
}

// All returns the rule catalogue in registry order with the default levels.
// Each call returns fresh values, so a caller may change levels on its
// copy.
func All() []*Rule { return Catalogue(nil) }

// Catalogue returns the rule catalogue in registry order with each level
// given in levels (by rule ID) in place of the default; rules not in levels
// keep theirs. Each call returns fresh values.
func Catalogue(levels map[string]Level) []*Rule {
	out := make([]*Rule, len(registry))
	for i, r := range registry {
		c := *r
		if l, ok := levels[c.ID]; ok {
			c.Level = l
		}
		out[i] = &c
	}
	return out
}

// Lookup returns the rule with the given ID, or nil.
func Lookup(id string) *Rule {
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}
