package main

import (
	"fmt"
	"net/url"

	"github.com/beiancheck/beiancheck/scanner"
)

// allowTargets adds the host:port of every URL target the user named (as
// arguments or in --urls) and of every sitemap URL given to --sitemap to
// the egress policy, so that scanning one's own localhost:3000 works.
func (p *plan) allowTargets(ts []scanner.Target, sitemaps []string) error {
	if p.egress == nil {
		return nil
	}
	for _, t := range ts {
		if t.Path != "" {
			continue
		}
		if err := p.egress.Policy.Allow(t.URL); err != nil {
			return fmt.Errorf("target %s: %w", t.URL, err)
		}
	}
	for _, s := range sitemaps {
		if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			if err := p.egress.Policy.Allow(s); err != nil {
				return fmt.Errorf("--sitemap %s: %w", s, err)
			}
		}
	}
	return nil
}
