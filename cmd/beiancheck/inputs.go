package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/discover"
)

// inputConfig is what the whole-site flags say.
type inputConfig struct {
	urlsFile     string
	sitemaps     []string
	crawl        bool
	maxDepth     int
	maxPages     int
	scope        scopeFlag
	include      []string
	exclude      []string
	ignoreRobots bool
	rewrites     listFlag[discover.Rewrite]
	requireOn    requireOnFlag
	headers      []string
	cookies      []string
	cookieFile   string
	auth         string
	rate         rateFlag
	block        blockFlag
	jsonl        string
	allowPrivate bool
	miniprograms listFlag[string]
	state        stateConfig
}

func (c *inputConfig) bind(fs *pflag.FlagSet) {
	fs.StringVar(&c.urlsFile, "urls", "", "read target URLs from `FILE`, one per line, # comments (- for stdin)")
	fs.StringArrayVar(&c.sitemaps, "sitemap", nil, "scan the pages of a sitemap: `URL|FILE|auto` (auto: the Sitemap: lines of each target's robots.txt, else /sitemap.xml); repeatable")
	fs.BoolVar(&c.crawl, "crawl", false, "follow the links of rendered pages, breadth-first from the targets")
	fs.IntVar(&c.maxDepth, "max-depth", 3, "with --crawl: links followed from a target at most this deep")
	fs.IntVar(&c.maxPages, "max-pages", 500, "with --crawl: pages scanned at most, targets included")
	c.scope.mode = discover.ScopeHost
	fs.Var(&c.scope, "scope", "with --crawl: links followed within host, site (registrable domain) or prefix (the target's directory)")
	fs.StringArrayVar(&c.include, "include", nil, "with --crawl: only follow links matching this `REGEXP` (repeatable)")
	fs.StringArrayVar(&c.exclude, "exclude", nil, "with --crawl: never follow links matching this `REGEXP` (repeatable)")
	fs.BoolVar(&c.ignoreRobots, "ignore-robots", false, "with --crawl: do not obey robots.txt")
	c.rewrites.parse = discover.ParseRewrite
	fs.Var(&c.rewrites, "rewrite-host", "map URLs of one host to another, `FROM=TO` (scan staging with production's sitemap); repeatable")
	fs.Var(&c.requireOn, "require-on", "pages where a missing number (ICP001) is an error: entry (targets and --urls) or all")
	fs.StringArrayVar(&c.headers, "header", nil, "send this header with every request, `NAME:VALUE` (repeatable)")
	fs.StringArrayVar(&c.cookies, "cookie", nil, "set a cookie, `NAME=VALUE@DOMAIN` (repeatable)")
	fs.StringVar(&c.cookieFile, "cookies", "", "set the cookies of a Netscape cookie `FILE`")
	fs.StringVar(&c.auth, "auth", "", "HTTP basic auth `USER:PASS` (default $BEIANCHECK_AUTH); answers challenges only, never written to a report")
	fs.Var(&c.rate, "rate", "at most `N/s` page loads per host (e.g. 2/s or 0.5/s)")
	fs.Var(&c.block, "block", "do not load these resource `CLASSES`: images, media, fonts (comma-separated); faster, but blocked images and fonts can move the footer being measured")
	fs.BoolVar(&c.allowPrivate, "allow-private", false, "let the browser and the sitemap and robots fetches reach loopback, private and link-local addresses that are not targets (refused by default)")
	c.miniprograms.parse = parseProjectDir
	fs.Var(&c.miniprograms, "miniprogram", "scan the web-view pages of the mini-program project in `DIR` (WeChat, uni-app, Taro), at the mobile viewport; repeatable")
	c.state.bind(fs)
	fs.StringVar(&c.jsonl, "jsonl", "", "append one JSON line per finished page-viewport to `FILE` as soon as it is done")
}

// plan is the parsed whole-site configuration.
type plan struct {
	request  scanner.Request
	rewrites []discover.Rewrite
	crawl    *scanner.Crawl
	rate     *scanner.HostLimiter
	fetch    discover.Fetcher
	all      bool
	// egress refuses inward addresses not named as targets; nil with
	// --allow-private.
	egress *scanner.Egress
}

// parse checks every whole-site flag; any error is a usage error.
func (c *inputConfig) parse() (*plan, error) {
	p := &plan{}
	for _, h := range c.headers {
		k, v, err := scanner.ParseHeaderFlag(h)
		if err != nil {
			return nil, fmt.Errorf("--header: %w", err)
		}
		if p.request.Headers == nil {
			p.request.Headers = map[string]string{}
		}
		p.request.Headers[k] = v
	}
	for _, s := range c.cookies {
		ck, err := scanner.ParseCookieFlag(s)
		if err != nil {
			return nil, fmt.Errorf("--cookie: %w", err)
		}
		p.request.Cookies = append(p.request.Cookies, ck)
	}
	if c.cookieFile != "" {
		f, err := os.Open(c.cookieFile)
		if err != nil {
			return nil, fmt.Errorf("--cookies: %w", err)
		}
		cs, err := scanner.ReadCookieFile(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("--cookies %s: %w", c.cookieFile, err)
		}
		p.request.Cookies = append(p.request.Cookies, cs...)
	}
	auth := c.auth
	if auth == "" {
		auth = os.Getenv("BEIANCHECK_AUTH")
	}
	if auth != "" {
		u, pw, ok := strings.Cut(auth, ":")
		if !ok || u == "" {
			if c.auth == "" {
				return nil, fmt.Errorf("BEIANCHECK_AUTH: want USER:PASS")
			}
			return nil, fmt.Errorf("--auth: want USER:PASS")
		}
		p.request.User, p.request.Password = u, pw
	}
	p.request.Block = c.block.classes
	p.rewrites = c.rewrites.items
	p.all = c.requireOn.all
	if c.rate.perHost > 0 {
		p.rate = scanner.NewHostLimiter(c.rate.perHost)
	}
	userHeader := http.Header{}
	for k, v := range p.request.Headers {
		userHeader.Set(k, v)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	if !c.allowPrivate {
		p.egress = &scanner.Egress{}
		client.Transport = p.egress.Transport()
	}
	// --header and --auth go to the targets' origins only (allowTargets
	// fills them in before the first fetch), auth only when asked.
	cred := discover.FetchCredentials{Header: userHeader, User: p.request.User, Password: p.request.Password,
		To: func(u string) bool { return p.request.Origins != nil && p.request.Origins.Has(u) }}
	p.fetch = discover.NewFetcher(client, http.Header{"User-Agent": {"beiancheck/" + version}}, cred, 64<<20)
	if !c.crawl {
		if c.ignoreRobots || len(c.include) > 0 || len(c.exclude) > 0 {
			return nil, fmt.Errorf("--ignore-robots, --include and --exclude need --crawl")
		}
		return p, nil
	}
	crawl, err := c.parseCrawl(p)
	if err != nil {
		return nil, err
	}
	p.crawl = crawl
	return p, nil
}

// parseCrawl checks the crawl flags; robots.txt is read with the plan's
// fetcher.
func (c *inputConfig) parseCrawl(p *plan) (*scanner.Crawl, error) {
	if c.maxDepth < 0 || c.maxPages < 1 {
		return nil, fmt.Errorf("--max-depth must be ≥ 0 and --max-pages ≥ 1")
	}
	crawl := &scanner.Crawl{MaxDepth: c.maxDepth, MaxPages: c.maxPages, Scope: discover.Scope{Mode: c.scope.mode}, Rewrites: p.rewrites}
	for _, s := range c.include {
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("--include: %w", err)
		}
		crawl.Scope.Include = append(crawl.Scope.Include, re)
	}
	for _, s := range c.exclude {
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("--exclude: %w", err)
		}
		crawl.Scope.Exclude = append(crawl.Scope.Exclude, re)
	}
	if !c.ignoreRobots {
		crawl.Robots = discover.NewRobots(p.fetch, "beiancheck")
	}
	return crawl, nil
}

// targets gathers the targets of arguments, --urls and --sitemap
// (scanner.GatherTargets). Problems reading a sitemap's children are
// warnings written to stderr.
func (c *inputConfig) targets(ctx context.Context, p *plan, args []string, srv *scanner.LocalServer, stdin io.Reader, stderr io.Writer) ([]scanner.Target, error) {
	// A mini-program project's web-view URLs are targets located at
	// their source.
	args, project, err := miniprogramTargets(args, c.miniprograms.items, func(u string) string { return discover.ApplyRewrites(p.rewrites, u) }, stderr)
	if err != nil {
		return nil, err
	}
	src := scanner.Sources{
		Args: args, Local: srv, Sitemaps: c.sitemaps, Rewrites: p.rewrites, Fetch: p.fetch, RequireAll: p.all,
		Allow: func(named []scanner.Target) error { return p.allowTargets(named, c.sitemaps) },
		Warn:  func(line string) { fmt.Fprintln(stderr, "beiancheck:", line) },
	}
	if c.urlsFile != "" {
		src.URLList, src.URLListName = stdin, "stdin"
		if c.urlsFile != "-" {
			f, err := os.Open(c.urlsFile)
			if err != nil {
				return nil, fmt.Errorf("--urls: %w", err)
			}
			defer f.Close()
			src.URLList, src.URLListName = f, c.urlsFile
		}
	}
	ts, err := scanner.GatherTargets(ctx, src)
	if err != nil {
		return nil, err
	}
	for _, rw := range p.rewrites {
		if why := rw.Unmatched(); why != "" {
			fmt.Fprintln(stderr, "beiancheck: warning:", why)
		}
	}
	if err := p.allowProject(project); err != nil {
		return nil, err
	}
	return append(ts, project...), nil
}
