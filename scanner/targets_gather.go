package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/beiancheck/beiancheck/scanner/discover"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// Sources are the places a scan's targets come from: its arguments, a URL
// list and sitemaps. The zero value of each field means that source is
// not used.
type Sources struct {
	// Args are the target arguments: http(s) URLs, .html files and
	// directories (served by Local).
	Args  []string
	Local *LocalServer
	// URLList is the --urls list, URLListName its name in errors and in
	// each target's ListFile (a file name, or "stdin").
	URLList     io.Reader
	URLListName string
	// Sitemaps are sitemap URLs or files; "auto" reads the sitemaps named
	// by the robots.txt of each URL target's host, else its /sitemap.xml.
	Sitemaps []string
	// Rewrites map the hosts of every URL gathered (staging for
	// production).
	Rewrites []discover.Rewrite
	// Fetch reads sitemaps and robots.txt.
	Fetch discover.Fetcher
	// RequireAll makes sitemap pages entry pages (--require-on all).
	RequireAll bool
	// Allow, when set, is told the targets the user named (arguments and
	// list) before any sitemap is fetched: they may be inward addresses,
	// what sitemaps name may not.
	Allow func(named []Target) error
	// Warn receives the problems that do not stop the gathering (a
	// sitemap child that cannot be read, a site without a sitemap), one
	// line each, credentials hidden.
	Warn func(line string)
}

// GatherTargets gathers the targets of the arguments, the URL list and the
// sitemaps, in that order, keeping the first target of each key
// (Target.Key).
func GatherTargets(ctx context.Context, s Sources) ([]Target, error) {
	out, err := s.named()
	if err != nil {
		return nil, err
	}
	if s.Allow != nil {
		if err := s.Allow(out); err != nil {
			return nil, err
		}
	}
	roots, guesses, err := s.sitemapRoots(ctx, out)
	if err != nil {
		return nil, err
	}
	if len(roots) > 0 {
		res, err := discover.ReadSitemaps(ctx, s.Fetch, roots, discover.SitemapOptions{})
		if err != nil {
			return nil, fmt.Errorf("--sitemap: %w", err)
		}
		out = s.addSitemap(out, res)
	}
	for _, g := range guesses {
		res, err := discover.ReadSitemaps(ctx, s.Fetch, []string{g}, discover.SitemapOptions{})
		var se *discover.StatusError
		switch {
		case errors.As(err, &se) && se.Code >= 400 && se.Code < 500 && se.Code != http.StatusTooManyRequests:
			s.warn(fmt.Sprintf("warning: --sitemap auto: no sitemap found at %s (%v); scanning the given targets", g, se))
		case err != nil:
			return nil, fmt.Errorf("--sitemap auto: %w", err)
		default:
			out = s.addSitemap(out, res)
		}
	}
	return dedupeTargets(out), nil
}

// named are the targets the user named: the arguments (URLs first, then
// local paths) and the URL list.
func (s Sources) named() ([]Target, error) {
	var urls, local []string
	for _, a := range s.Args {
		if u, err := url.Parse(a); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			urls = append(urls, s.rewrite(a))
		} else {
			local = append(local, a)
		}
	}
	out, err := ResolveTargets(urls, nil)
	if err != nil {
		return nil, err
	}
	if len(local) > 0 {
		ts, err := ResolveTargets(local, s.Local)
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	if s.URLList == nil {
		return out, nil
	}
	list, err := discover.ReadURLList(s.URLList)
	if err != nil {
		return nil, fmt.Errorf("--urls %s: %w", s.URLListName, err)
	}
	for _, l := range list {
		t := URLTarget(s.rewrite(l.URL), true)
		t.ListFile, t.ListLine = s.URLListName, l.Line
		out = append(out, t)
	}
	return out, nil
}

// sitemapRoots are the sitemaps given or named by robots.txt (one that
// cannot be read is an error) and the guesses: the /sitemap.xml of sites
// whose robots.txt names none (a site without one is scanned without it).
func (s Sources) sitemapRoots(ctx context.Context, named []Target) (roots, guesses []string, err error) {
	for _, sm := range s.Sitemaps {
		if sm != "auto" {
			roots = append(roots, sm)
			continue
		}
		seen := map[string]bool{}
		for _, t := range named {
			if t.Path != "" {
				continue
			}
			u, _ := url.Parse(t.URL)
			if seen[u.Host] {
				continue
			}
			seen[u.Host] = true
			found, err := discover.RobotsSitemaps(ctx, s.Fetch, t.URL, false)
			if err != nil {
				return nil, nil, fmt.Errorf("--sitemap auto: %w", err)
			}
			if len(found) == 0 {
				guesses = append(guesses, u.Scheme+"://"+u.Host+"/sitemap.xml")
			}
			roots = append(roots, found...)
		}
		if len(seen) == 0 {
			return nil, nil, fmt.Errorf("--sitemap auto needs a URL target to find robots.txt")
		}
	}
	return roots, guesses, nil
}

// addSitemap appends the pages of a sitemap and passes on its warnings.
func (s Sources) addSitemap(out []Target, res *discover.SitemapResult) []Target {
	for _, w := range res.Warnings {
		s.warn("sitemap: " + sanitize.Text(sanitize.Credentials(w)))
	}
	for _, u := range res.URLs {
		out = append(out, URLTarget(s.rewrite(u), s.RequireAll))
	}
	return out
}

func (s Sources) rewrite(u string) string { return discover.ApplyRewrites(s.Rewrites, u) }

func (s Sources) warn(line string) {
	if s.Warn != nil {
		s.Warn(line)
	}
}

// dedupeTargets keeps the first target of each key (Target.Key).
func dedupeTargets(ts []Target) []Target {
	seen := map[string]bool{}
	out := ts[:0]
	for _, t := range ts {
		key := t.Key()
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, t)
	}
	return out
}
