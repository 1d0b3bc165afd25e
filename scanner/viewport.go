package scanner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beiancheck/beiancheck/rules"
)

// viewports are the screens beiancheck renders at (DOMAIN §2), fixed
// domain data: read them through LookupViewport and ParseViewports. The
// two dark ones are the same devices in dark mode (opt-in: DOMAIN §2
// judges two viewports unless told otherwise).
var viewports = map[string]rules.Viewport{
	"mobile":       {Name: "mobile", Width: 375, Height: 812, Scale: 2, MiniProgram: true},
	"desktop":      {Name: "desktop", Width: 1366, Height: 768, Scale: 1},
	"mobile-dark":  {Name: "mobile-dark", Width: 375, Height: 812, Scale: 2, MiniProgram: true, Dark: true},
	"desktop-dark": {Name: "desktop-dark", Width: 1366, Height: 768, Scale: 1, Dark: true},
}

// ViewportNames lists the viewport names in report order.
func ViewportNames() []string {
	names := make([]string, 0, len(viewports))
	for name := range viewports {
		names = append(names, name)
	}
	slices.SortFunc(names, CompareViewports)
	return names
}

// LookupViewport returns the viewport of a name (mobile, desktop,
// mobile-dark, desktop-dark) and whether there is one.
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
			return nil, fmt.Errorf("unknown viewport %q (want %s)", name, strings.Join(ViewportNames(), ", "))
		}
		seen[name] = true
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no viewport in %q", s)
	}
	return out, nil
}
