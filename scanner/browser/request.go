package browser

import (
	"context"
	"fmt"
	"sync"

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
// auth (answering challenges) and for blocked resource classes (failing
// those requests as blocked by the client). Cookies live in the browser
// contexts and are set once per run by Browser.openVisits. The challenges
// it returns are nil without --auth.
func apply(ctx context.Context, r scanner.Request) (*challenges, error) {
	if len(r.Headers) > 0 {
		h := network.Headers{}
		for k, v := range r.Headers {
			h[k] = v
		}
		if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: h}); err != nil {
			return nil, fmt.Errorf("set headers: %w", err)
		}
	}
	if r.User == "" && len(r.Block) == 0 {
		return nil, nil
	}
	blocked := map[network.ResourceType]bool{}
	var patterns []*fetch.RequestPattern
	for _, c := range r.Block {
		blocked[blockClasses[c]] = true
		patterns = append(patterns, &fetch.RequestPattern{URLPattern: "*", ResourceType: blockClasses[c], RequestStage: fetch.RequestStageRequest})
	}
	params := fetch.EnableParams{Patterns: patterns}
	if r.User != "" {
		// Challenges come only to paused requests: pause them all.
		params = fetch.EnableParams{HandleAuthRequests: new(true)}
	}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if blocked[ev.ResourceType] {
				_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
				continue
			}
			_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
	}()
	var ch *challenges
	if r.User != "" {
		ch = &challenges{}
		auth := chromedp.Events(ctx, fetch.AuthRequired)
		go func() {
			for ev, err := range auth {
				if err != nil {
					return
				}
				resp := &fetch.AuthChallengeResponse{Response: fetch.AuthChallengeResponseResponseCancelAuth}
				if ch.answer(ev.RequestID, ev.Request.URL) {
					resp = &fetch.AuthChallengeResponse{
						Response: fetch.AuthChallengeResponseResponseProvideCredentials,
						Username: r.User, Password: r.Password,
					}
				}
				_, _ = chromedp.Call(ctx, fetch.ContinueWithAuth, fetch.ContinueWithAuthParams{RequestID: ev.RequestID, AuthChallengeResponse: resp})
			}
		}()
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, params); err != nil {
		return nil, fmt.Errorf("enable request interception: %w", err)
	}
	return ch, nil
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
