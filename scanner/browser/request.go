package browser

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/beiancheck/beiancheck/scanner"
)

// blockClasses maps the classes --block accepts (scanner.ParseBlock) to
// the browser's resource types.
var blockClasses = map[string]network.ResourceType{
	"images": network.ResourceTypeImage,
	"media":  network.ResourceTypeMedia,
	"fonts":  network.ResourceTypeFont,
}

// apply prepares a new tab: extra headers, and the Fetch domain for basic
// auth (answering challenges), for blocked resource classes (failing
// those requests as blocked by the client) and for the main frame's
// document responses (the guard: redirects and the egress proxy's
// answers). Cookies live in the browser contexts and are set once per run
// by Browser.openVisits. The challenges it returns are nil without --auth;
// the guard's log is where the tab's blocked requests are recorded
// (refused: see blockedLog).
func apply(ctx context.Context, r scanner.Request, refused func(string) string) (*challenges, *guard, error) {
	perOrigin := len(r.Headers) > 0 && r.Origins != nil
	if len(r.Headers) > 0 && !perOrigin {
		h := network.Headers{}
		for k, v := range r.Headers {
			h[k] = v
		}
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: h}); err != nil {
			return nil, nil, fmt.Errorf("set headers: %w", err)
		}
	}
	// The page's requests go to the network, never to a service worker:
	// one registered by an earlier page of the origin (a PWA's stale cache,
	// or a third-party script) could answer a later page, a 404 included,
	// with a footer the server does not send.
	if _, err := chromedp.Call(ctx, network.SetBypassServiceWorker, network.SetBypassServiceWorkerParams{Bypass: true}); err != nil {
		return nil, nil, fmt.Errorf("bypass service workers: %w", err)
	}
	c := chromedp.FromContext(ctx)
	if c == nil || c.Target == nil {
		return nil, nil, errors.New("request interception: no tab")
	}
	frame := cdp.FrameID(c.Target.TargetID) // a tab's main frame has the tab's id
	g := &guard{frame: frame, log: &blockedLog{frame: frame, refused: refused}}
	blocked := map[network.ResourceType]bool{}
	var patterns []*fetch.RequestPattern
	for _, c := range r.Block {
		blocked[blockClasses[c]] = true
		patterns = append(patterns, &fetch.RequestPattern{URLPattern: "*", ResourceType: blockClasses[c], RequestStage: fetch.RequestStageRequest})
	}
	params := fetch.EnableParams{Patterns: patterns}
	if r.User != "" {
		// Challenges come only to paused requests: pause them all.
		params = fetch.EnableParams{HandleAuthRequests: new(true), Patterns: []*fetch.RequestPattern{{URLPattern: "*", RequestStage: fetch.RequestStageRequest}}}
	}
	if perOrigin && r.User == "" {
		// Headers are added per request, to the targets' origins only.
		params.Patterns = []*fetch.RequestPattern{{URLPattern: "*", RequestStage: fetch.RequestStageRequest}}
	}
	params.Patterns = append(params.Patterns, &fetch.RequestPattern{URLPattern: "*", ResourceType: network.ResourceTypeDocument, RequestStage: fetch.RequestStageResponse})
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if ev.ResponseStatusCode != 0 || ev.ResponseErrorReason != "" {
				g.response(ctx, &ev)
				continue
			}
			if blocked[ev.ResourceType] {
				_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
				continue
			}
			cp := fetch.ContinueRequestParams{RequestID: ev.RequestID}
			if perOrigin && r.Origins.Has(ev.Request.URL) {
				cp.Headers = withHeaders(ev.Request.Headers, r.Headers)
			}
			_, _ = chromedp.Call(ctx, fetch.ContinueRequest, cp)
		}
	}()
	var ch *challenges
	if r.User != "" {
		ch = answerChallenges(ctx, r)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, params); err != nil {
		return nil, nil, fmt.Errorf("enable request interception: %w", err)
	}
	return ch, g, nil
}

// withHeaders is a paused request's headers with extra set over them.
func withHeaders(have network.Headers, extra map[string]string) []*fetch.HeaderEntry {
	var out []*fetch.HeaderEntry
	for k, v := range have {
		if _, over := extra[k]; over {
			continue
		}
		if s, ok := v.(string); ok {
			out = append(out, &fetch.HeaderEntry{Name: k, Value: s})
		}
	}
	for k, v := range extra {
		out = append(out, &fetch.HeaderEntry{Name: k, Value: v})
	}
	return out
}

// guard watches the document responses of a tab's main frame, paused at
// the response stage: a redirect the render's scope refuses is not
// followed (the browser never asks the other host), and the egress
// proxy's answers become the page's error: its refusal (an inward address
// that is not a target) fails the navigation as blocked, with the reason
// kept in log; a dial that failed fails it with the network error it was
// (connection refused, not a bare 502).
type guard struct {
	frame cdp.FrameID
	log   *blockedLog // where a refused document is recorded

	mu       sync.Mutex
	redirect func(to string) string // why a redirect to to is refused, or ""
	stopped  string                 // the redirect target refused
	status   int                    // its 3xx
	why      string                 // why it was refused
}

// reset starts a render whose redirects redirect judges (nil: all are
// followed).
func (g *guard) reset(redirect func(to string) string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.redirect, g.stopped, g.status, g.why = redirect, "", 0, ""
}

// result is the redirect the guard stopped in this render: to, its status
// and why (the proxy's refusals are in the log).
func (g *guard) result() (to string, status int, why string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stopped, g.status, g.why
}

// response decides one paused response.
func (g *guard) response(ctx context.Context, ev *fetch.EventRequestPaused) {
	cont := func() {
		_, _ = chromedp.Call(ctx, fetch.ContinueResponse, fetch.ContinueResponseParams{RequestID: ev.RequestID})
	}
	fail := func(reason network.ErrorReason) {
		_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: reason})
	}
	if ev.FrameID != g.frame || ev.ResourceType != network.ResourceTypeDocument || ev.ResponseErrorReason != "" {
		cont()
		return
	}
	var kind, location string
	for _, h := range ev.ResponseHeaders {
		switch strings.ToLower(h.Name) {
		case strings.ToLower(scanner.EgressErrorHeader):
			kind = h.Value
		case "location":
			location = h.Value
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case strings.HasPrefix(kind, scanner.EgressRefused):
		g.log.add(ev.Request.URL, "document", strings.TrimPrefix(kind, scanner.EgressRefused), true)
		fail(network.ErrorReasonBlockedByClient)
		return
	case kind != "":
		fail(dialReason(kind))
		return
	}
	if ev.ResponseStatusCode >= 300 && ev.ResponseStatusCode < 400 && location != "" && g.redirect != nil {
		to := location
		if base, err := url.Parse(ev.Request.URL); err == nil {
			if u, err := base.Parse(location); err == nil {
				to = u.String()
			}
		}
		if why := g.redirect(to); why != "" {
			g.stopped, g.status, g.why = to, int(ev.ResponseStatusCode), why
			fail(network.ErrorReasonBlockedByClient)
			return
		}
	}
	cont()
}

// dialReason maps the proxy's dial failure to the browser's own error.
func dialReason(kind string) network.ErrorReason {
	switch kind {
	case scanner.EgressConnectionRefused:
		return network.ErrorReasonConnectionRefused
	case scanner.EgressTimedOut:
		return network.ErrorReasonTimedOut
	case scanner.EgressNameNotResolved:
		return network.ErrorReasonNameNotResolved
	}
	return network.ErrorReasonFailed
}

// challenges decides the basic-auth challenges of one tab. Credentials go
// once per request and once per URL in a page-viewport: a server that asks
// again has rejected them, and answering again would only repeat the
// attempt (Chromium retries until ERR_TOO_MANY_RETRIES, dozens of
// requests). A nil *challenges answers nothing and rejects nothing.
type challenges struct {
	mu       sync.Mutex
	requests map[fetch.RequestID]bool
	urls     map[string]bool
	rejected bool
}

// reset starts a page-viewport.
func (c *challenges) reset() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests, c.urls, c.rejected = map[fetch.RequestID]bool{}, map[string]bool{}, false
}

// answer reports whether a challenge gets the credentials; false marks
// them rejected.
func (c *challenges) answer(id fetch.RequestID, url string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.requests == nil {
		c.requests, c.urls = map[fetch.RequestID]bool{}, map[string]bool{}
	}
	if c.requests[id] || c.urls[url] {
		c.rejected = true
		return false
	}
	c.requests[id], c.urls[url] = true, true
	return true
}

// wasRejected reports whether a challenge of this page-viewport came back
// after the credentials were given.
func (c *challenges) wasRejected() bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rejected
}

// answerChallenges answers the tab's authentication challenges with r's
// credentials, for the targets' origins only, each once.
func answerChallenges(ctx context.Context, r scanner.Request) *challenges {
	ch := &challenges{}
	auth := chromedp.Events(ctx, fetch.AuthRequired)
	go func() {
		for ev, err := range auth {
			if err != nil {
				return
			}
			resp := &fetch.AuthChallengeResponse{Response: fetch.AuthChallengeResponseResponseCancelAuth}
			// Only the targets' origins get the credentials: another
			// port's or host's challenge is cancelled (its 401 stands).
			mine := r.Origins.Has(ev.Request.URL)
			if mine && ch.answer(ev.RequestID, ev.Request.URL) {
				resp = &fetch.AuthChallengeResponse{
					Response: fetch.AuthChallengeResponseResponseProvideCredentials,
					Username: r.User, Password: r.Password,
				}
			}
			_, _ = chromedp.Call(ctx, fetch.ContinueWithAuth, fetch.ContinueWithAuthParams{RequestID: ev.RequestID, AuthChallengeResponse: resp})
		}
	}()
	return ch
}
