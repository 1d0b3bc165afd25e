package scanner

import (
	"fmt"
	"strings"

	"github.com/beiancheck/beiancheck/rules"
)

// viewports are the screens beiancheck renders at (DOMAIN §2), fixed
// domain data: read them through LookupViewport and ParseViewports.
var viewports = map[string]rules.Viewport{
	"mobile":  {Name: "mobile", Width: 375, Height: 812, Scale: 2, MiniProgram: true},
	"desktop": {Name: "desktop", Width: 1366, Height: 768, Scale: 1},
}

// LookupViewport returns the viewport of a name (mobile, desktop) and
// whether there is one.
func LookupViewport(name string) (rules.Viewport, bool) {
	v, ok := viewports[name]
	return v, ok
}

// ParseViewports reads a comma-separated list of viewport names.
func ParseViewports(s string) ([]rules.Viewport, error) {
	var out []rules.Viewport
	seen := map[string]bool{}
	for _, name := range strings.Split(s, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" || seen[name] {
			continue
		}
		v, ok := LookupViewport(name)
		if !ok {
			return nil, fmt.Errorf("unknown viewport %q (want mobile, desktop)", name)
		}
		seen[name] = true
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no viewport in %q", s)
	}
	return out, nil
}
