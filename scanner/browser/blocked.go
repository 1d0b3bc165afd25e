package browser

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"

	"github.com/beiancheck/beiancheck/scanner"
)

// blockedLog collects, from one tab's Network events, the requests of the
// page being rendered that the egress proxy refused. The events are the
// tab's own, so a request is attributed to the page-viewport whose tab made
// it however many tabs run at once. The proxy answers a refused plain HTTP
// request with a 403 marked by scanner.EgressErrorHeader, which names the
// reason; a refused CONNECT tunnel (https, ws, wss) reaches the browser as
// net::ERR_TUNNEL_CONNECTION_FAILED only, so the reason is asked of the
// egress's memory of refusals by host:port (refused). Only requests sent
// since reset count: a late request of the previous page is not this one's.
type blockedLog struct {
	frame   cdp.FrameID                // the tab's main frame
	refused func(rawURL string) string // why the egress refused rawURL's host:port; nil without the proxy

	mu      sync.Mutex
	reqs    map[network.RequestID]sentRequest // sent since reset
	early   map[network.RequestID]string      // refusals seen before their request
	blocked map[scanner.BlockedRequest]bool
	doc     string // why the main frame's document was refused
}

// sentRequest is what a request's first event says of it.
type sentRequest struct {
	url  string
	kind string
	main bool // the main frame's document
	done bool // it finished, failed or connected
}

// Bounds of one page-viewport's memory: past them, new requests are not
// followed (a page that sends without end cannot grow it).
const (
	maxTrackedRequests = 20000
	maxBlockedKept     = 1000
	maxBlockedURL      = 500 // bytes of a blocked URL kept
)

// reset starts a render.
func (l *blockedLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs, l.early = map[network.RequestID]sentRequest{}, map[network.RequestID]string{}
	l.blocked, l.doc = map[scanner.BlockedRequest]bool{}, ""
}

// result returns the blocked requests of the render, in no order, and why
// its main document was refused ("" when it was not).
func (l *blockedLog) result() (bs []scanner.BlockedRequest, doc string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for b := range l.blocked {
		bs = append(bs, b)
	}
	return bs, l.doc
}

// add records one blocked request; main marks the main frame's document.
func (l *blockedLog) add(rawURL, kind, reason string, main bool) {
	reason = strings.TrimPrefix(strings.TrimSpace(reason), "blocked: ")
	if len(rawURL) > maxBlockedURL {
		rawURL = strings.ToValidUTF8(rawURL[:maxBlockedURL], "") + "…"
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.blocked == nil {
		return // before the first render
	}
	if main && l.doc == "" {
		l.doc = reason
	}
	if len(l.blocked) < maxBlockedKept {
		l.blocked[scanner.BlockedRequest{URL: rawURL, Kind: kind, Reason: reason}] = true
	}
}

// event follows one Network event of the tab; it runs on chromedp's event
// loop and must not block.
func (l *blockedLog) event(ev any) { l.follow(ev, "") }

// workerEvent returns what follows the Network events of one dedicated
// worker of the tab's page (watchWorkers): its requests are the page's,
// with ids of the worker's own session (prefixed with the worker's target
// id, so that they cannot meet the tab's) and kinds marked "worker/".
func (l *blockedLog) workerEvent(worker string) func(ev any) {
	return func(ev any) { l.follow(ev, worker+"/") }
}

// follow follows one Network event of the tab (src "") or of one of its
// workers (src names it).
func (l *blockedLog) follow(ev any, src string) {
	id := func(r network.RequestID) network.RequestID { return network.RequestID(src) + r }
	of := func(kind string) string {
		if src != "" {
			return "worker/" + kind
		}
		return kind
	}
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		kind := strings.ToLower(string(ev.Type))
		main := ev.Type == network.ResourceTypeDocument && ev.FrameID == l.frame && src == ""
		if ev.Type == network.ResourceTypeDocument && !main {
			kind = "iframe"
		}
		l.sent(id(ev.RequestID), sentRequest{url: ev.Request.URL, kind: of(kind), main: main})
	case *network.EventWebSocketCreated:
		l.sent(id(ev.RequestID), sentRequest{url: ev.URL, kind: of("websocket")})
	case *network.EventResponseReceivedExtraInfo:
		// The raw headers come for every response, also one that ORB or
		// CORS keeps from the page (a cross-origin 403 to an <img>), which
		// gets no responseReceived.
		for k, v := range ev.Headers {
			s, ok := v.(string)
			if ok && strings.EqualFold(k, scanner.EgressErrorHeader) && strings.HasPrefix(s, scanner.EgressRefused) {
				l.refusedResponse(id(ev.RequestID), strings.TrimPrefix(s, scanner.EgressRefused))
			}
		}
	case *network.EventLoadingFailed:
		// A worker's session gets no raw headers (the proxy's mark): any
		// failure of its requests to a refused host:port is the refusal.
		if src != "" || strings.Contains(ev.ErrorText, "ERR_TUNNEL_CONNECTION_FAILED") {
			l.tunnelFailed(id(ev.RequestID))
		}
		l.finished(id(ev.RequestID))
	case *network.EventLoadingFinished:
		l.finished(id(ev.RequestID))
	case *network.EventWebSocketClosed:
		// A socket whose tunnel was refused closes without a handshake;
		// the refusal memory tells it from one that ran and closed.
		l.tunnelFailed(id(ev.RequestID))
		l.finished(id(ev.RequestID))
	case *network.EventWebSocketHandshakeResponseReceived:
		l.mu.Lock()
		delete(l.reqs, id(ev.RequestID)) // it connected: not blocked
		l.mu.Unlock()
	}
}

// finished marks a request as ended.
func (l *blockedLog) finished(id network.RequestID) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r, ok := l.reqs[id]; ok {
		r.done = true
		l.reqs[id] = r
	}
}

// settleFor bounds the wait of settle.
const settleFor = 2 * time.Second

// settle waits, settleFor at most, until no request of the render to a
// host:port the egress refused is still under way: the proxy has refused
// it, and the event that says so is on its way (a WebSocket's failure
// comes late, as Chromium spaces the attempts to one endpoint).
func (l *blockedLog) settle(ctx context.Context) {
	if l.refused == nil {
		return
	}
	deadline := time.Now().Add(settleFor)
	for l.refusedPending() && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// refusedPending reports whether a request under way goes to a refused
// host:port.
func (l *blockedLog) refusedPending() bool {
	l.mu.Lock()
	var urls []string
	for _, r := range l.reqs {
		if !r.done {
			urls = append(urls, r.url)
		}
	}
	l.mu.Unlock()
	for _, u := range urls {
		if l.refused(u) != "" {
			return true
		}
	}
	return false
}

// sent notes a request sent since reset, and records it when the proxy's
// refusal of it came first.
func (l *blockedLog) sent(id network.RequestID, r sentRequest) {
	l.mu.Lock()
	if l.reqs == nil {
		l.mu.Unlock()
		return
	}
	if _, ok := l.reqs[id]; ok || len(l.reqs) < maxTrackedRequests {
		l.reqs[id] = r // a redirect's next hop keeps the id
	}
	why, early := l.early[id]
	delete(l.early, id)
	l.mu.Unlock()
	if early {
		l.add(r.url, r.kind, why, r.main)
	}
}

// refusedResponse records the proxy's refusal of a request, or keeps it
// for the request's first event: the raw headers of a response come from
// the network service, and may overtake requestWillBeSent.
func (l *blockedLog) refusedResponse(id network.RequestID, why string) {
	l.mu.Lock()
	r, ok := l.reqs[id]
	if !ok && l.early != nil && len(l.early) < maxTrackedRequests {
		l.early[id] = why
	}
	l.mu.Unlock()
	if ok {
		l.add(r.url, r.kind, why, r.main)
	}
}

func (l *blockedLog) request(id network.RequestID) (sentRequest, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.reqs[id]
	return r, ok
}

// tunnelFailed records a request whose tunnel failed, when the egress
// refused its host:port.
func (l *blockedLog) tunnelFailed(id network.RequestID) {
	r, ok := l.request(id)
	if !ok || l.refused == nil {
		return
	}
	if why := l.refused(r.url); why != "" {
		l.add(r.url, r.kind, why, r.main)
	}
}
