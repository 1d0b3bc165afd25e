package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser"
)

// egressProxy starts the egress proxy the browser sends every request
// through (the policy's targets plus the local server allowed), unless
// --allow-private. stop stops it (ending ctx does too).
func (j *scanJob) egressProxy(ctx context.Context) (opts []browser.BrowserOption, stop func(), err error) {
	e := j.plan.egress
	if e == nil {
		return nil, func() {}, nil
	}
	if err := e.Policy.Allow(j.srv.Origin()); err != nil {
		return nil, nil, &exitError{code: exitSetup, err: fmt.Errorf("local server: %w", err)}
	}
	px, err := scanner.StartProxy(ctx, e)
	if err != nil {
		return nil, nil, &exitError{code: exitSetup, err: err}
	}
	return []browser.BrowserOption{browser.ThroughProxy(px)}, func() { _ = px.Close() }, nil
}

// allowTargets adds the host:port of every URL target the user named (as
// arguments or in --urls) and of every sitemap URL given to --sitemap to
// the egress policy, and the destinations of --rewrite-host, so that
// scanning one's own localhost:3000 works.
func (p *plan) allowTargets(ts []scanner.Target, sitemaps []string) error {
	if len(p.request.Headers) > 0 || len(p.request.Cookies) > 0 || p.request.User != "" {
		// --header, --cookie and --auth go to the targets' origins only.
		// The crawl adds the origins its scope admits.
		if p.request.Origins == nil {
			p.request.Origins = scanner.NewOriginSet()
		}
		for _, t := range ts {
			if t.Path == "" {
				p.request.Origins.Add(t.URL)
			}
		}
		for _, s := range sitemaps {
			p.request.Origins.Add(s)
		}
	}
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
	for _, rw := range p.rewrites {
		// A --rewrite-host destination is named by the user like a target.
		for _, u := range rw.Targets() {
			if err := p.egress.Policy.Allow(u); err != nil {
				return fmt.Errorf("--rewrite-host %s: %w", u, err)
			}
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

// allowProject adds the host:port of each web-view URL a mini-program
// project opens (after --rewrite-host) to the egress policy: the user named
// the project, and so its pages, as a target. The credentials do not follow
// (a project may open a partner's H5 pages); they go to the origins named
// by URL, --urls and --sitemap only.
func (p *plan) allowProject(ts []scanner.Target) error {
	if p.egress == nil {
		return nil
	}
	for _, t := range ts {
		if err := p.egress.Policy.Allow(t.URL); err != nil {
			return fmt.Errorf("web-view URL %s (%s:%d): %w", t.URL, t.SourceRef.File, t.SourceRef.Line, err)
		}
	}
	return nil
}
