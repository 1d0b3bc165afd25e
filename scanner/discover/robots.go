package discover

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/temoto/robotstxt"
)

// maxRobotsBytes is how much of a robots.txt is parsed; RFC 9309 §2.5 asks
// crawlers to parse at least 500 KiB and lets them ignore the rest.
const maxRobotsBytes = 500 << 10

// Robots answers robots.txt questions for many hosts, fetching each site's
// robots.txt (per scheme and host[:port]) once. It is safe for concurrent
// use. Following RFC 9309 §2.3.1.3, an unavailable robots.txt (4xx other
// than 429) allows everything, and an unreachable one (5xx, 429 or a network
// error) disallows everything on that site, with the reason remembered.
type Robots struct {
	fetch Fetcher
	agent string

	mu    sync.Mutex
	sites map[string]*robotsSite
}

// robotsSite is one site's robots.txt. Its fields are written before done
// is closed and only read after.
type robotsSite struct {
	done    chan struct{}
	retry   bool                  // the fetch was abandoned (its caller's ctx ended); ask again
	denyAll string                // non-empty: why every URL of the site is disallowed
	data    *robotstxt.RobotsData // nil: everything allowed
	rules   []robotsRule          // the same rules, kept to explain a disallow
}

// NewRobots returns a Robots that fetches with fetch and matches agent, the
// user-agent token such as "beiancheck".
func NewRobots(fetch Fetcher, agent string) *Robots {
	return &Robots{fetch: fetch, agent: agent, sites: make(map[string]*robotsSite)}
}

// Allowed reports whether robots.txt lets the agent fetch rawURL and, when
// it does not, why: "robots.txt: Disallow /private/" or "robots.txt
// unreachable: HTTP 503". The error is for a URL that is not http(s) or a
// ctx that ended while waiting.
func (r *Robots) Allowed(ctx context.Context, rawURL string) (bool, string, error) {
	u, err := parseHTTPURL(rawURL)
	if err != nil {
		return false, "", fmt.Errorf("robots.txt check %q: %w", rawURL, err)
	}
	site, err := r.site(ctx, u.Scheme+"://"+u.Host)
	if err != nil {
		return false, "", fmt.Errorf("robots.txt check %s: %w", rawURL, err)
	}
	switch {
	case site.denyAll != "":
		return false, site.denyAll, nil
	case site.data == nil:
		return true, "", nil
	}
	path := u.RequestURI()
	if site.data.TestAgent(path, r.agent) {
		return true, "", nil
	}
	return false, disallowReason(site.rules, r.agent, path), nil
}

// site returns the loaded robots.txt of origin, fetching it if no other
// caller has.
func (r *Robots) site(ctx context.Context, origin string) (*robotsSite, error) {
	for {
		r.mu.Lock()
		s, ok := r.sites[origin]
		if !ok {
			s = &robotsSite{done: make(chan struct{})}
			r.sites[origin] = s
		}
		r.mu.Unlock()
		if !ok {
			r.load(ctx, origin, s)
		}
		select {
		case <-s.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if !s.retry {
			return s, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// load fetches and parses origin's robots.txt into s, then closes s.done.
func (r *Robots) load(ctx context.Context, origin string, s *robotsSite) {
	defer close(s.done)
	body, err := readRobots(ctx, r.fetch, origin+"/robots.txt")
	if err != nil && ctx.Err() != nil {
		// Not the site's fault: forget the attempt so the next caller retries.
		r.mu.Lock()
		delete(r.sites, origin)
		r.mu.Unlock()
		s.retry = true
		return
	}
	if err != nil {
		if robotsUnavailable(err) {
			return // everything allowed
		}
		s.denyAll = "robots.txt unreachable: " + err.Error()
		return
	}
	clean := sanitizeRobots(body)
	data, err := robotstxt.FromBytes(clean)
	if err != nil {
		s.denyAll = "robots.txt unparsable: " + err.Error()
		return
	}
	s.data = data
	s.rules = parseRobotsRules(clean)
}

// readRobots returns at most maxRobotsBytes of url's body.
func readRobots(ctx context.Context, fetch Fetcher, url string) (b []byte, err error) {
	rc, err := fetch(ctx, url)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := rc.Close(); cerr != nil && err == nil {
			b, err = nil, fmt.Errorf("close %s: %w", url, cerr)
		}
	}()
	b, err = io.ReadAll(io.LimitReader(rc, maxRobotsBytes))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", url, err)
	}
	return b, nil
}

// robotsUnavailable reports whether a robots.txt fetch error means the file
// is unavailable (RFC 9309 §2.3.1.3: a 4xx status, which allows everything)
// rather than unreachable. 429 Too Many Requests is a server asking for
// less load, so it counts as unreachable.
func robotsUnavailable(err error) bool {
	code := statusCode(err)
	return code >= 400 && code < 500 && code != http.StatusTooManyRequests
}
