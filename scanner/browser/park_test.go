package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// TestSilentServerParks scans, with one rendering slot, a page whose
// server never answers, one whose server sends the start of the document
// and then nothing, and four normal pages: the first two renders park
// their slot, so the others are checked while they wait, long before their
// timeout, and they still end as timeouts.
func TestSilentServerParks(t *testing.T) {
	b := testBrowser(t)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/partial":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><meta charset="utf-8"><title>p</title><main>`)
			w.(http.Flusher).Flush()
			fallthrough
		case "/silent":
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		fmt.Fprint(w, `<!doctype html><meta charset="utf-8"><title>p</title><main style="height:900px">x</main>`+footerHTML)
	}))
	defer srv.Close()
	defer close(release)
	urls := []string{srv.URL + "/silent", srv.URL + "/partial", srv.URL + "/p1", srv.URL + "/p2", srv.URL + "/p3", srv.URL + "/p4"}
	var targets []scanner.Target
	for _, u := range urls {
		targets = append(targets, scanner.Target{URL: u, Display: u, Entry: true})
	}
	vs, _ := scanner.ParseViewports("desktop")
	const timeout = 8 * time.Second
	began := time.Now()
	endedAt := map[string]time.Duration{}
	var order []string
	o := scanner.Options{Viewports: vs, Timeout: timeout, Concurrency: 1, Rules: rules.DefaultOptions(2026),
		OnPage: func(r scanner.PageResult, _ int) {
			endedAt[r.URL] = time.Since(began)
			order = append(order, strings.TrimPrefix(r.URL, srv.URL))
		}}
	res, err := scanner.Scan(context.Background(), b, targets, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pages {
		switch {
		case strings.HasSuffix(p.URL, "/silent") || strings.HasSuffix(p.URL, "/partial"):
			if p.Status != scanner.StatusError || !strings.Contains(p.Error, "timeout after 8s") {
				t.Errorf("%s: %s %q, want a timeout error", p.URL, p.Status, p.Error)
			}
		case p.Status != scanner.StatusOK || !p.Compliant():
			t.Errorf("%s: %s %q compliant=%v, want ok and compliant", p.URL, p.Status, p.Error, p.Compliant())
		case endedAt[p.URL] > timeout/2:
			t.Errorf("%s ended %s into the run: it waited for the silent server (order %v)", p.URL, endedAt[p.URL], order)
		}
	}
	if len(order) != len(urls) || !slices.Contains(order[len(order)-2:], "/silent") || !slices.Contains(order[len(order)-2:], "/partial") {
		t.Errorf("pages ended in the order %v, want the silent and the partial page last", order)
	}
}

// TestStreamingDocumentViewportsApart scans, with one rendering slot, a
// document streamed fast and without end at both viewports, and a normal
// page: the stream's render parks its slot (the normal page is checked
// while it streams), but its park is not quiet, so its second viewport
// starts only after the first ended (as too large): two renderers do not
// hold the stream at once.
func TestStreamingDocumentViewportsApart(t *testing.T) {
	b := testBrowser(t)
	var mu sync.Mutex
	var began []time.Time // of each request for the stream
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path != "/stream" {
			fmt.Fprint(w, `<!doctype html><meta charset="utf-8"><title>p</title><main style="height:900px">x</main>`+footerHTML)
			return
		}
		mu.Lock()
		began = append(began, time.Now())
		mu.Unlock()
		serveEndless(w, r)
	}))
	defer srv.Close()
	var targets []scanner.Target
	for _, u := range []string{srv.URL + "/stream", srv.URL + "/p1"} {
		targets = append(targets, scanner.Target{URL: u, Display: u, Entry: true})
	}
	vs, _ := scanner.ParseViewports("mobile,desktop")
	var order []string
	o := scanner.Options{Viewports: vs, Timeout: 30 * time.Second, Concurrency: 1, Rules: rules.DefaultOptions(2026),
		OnPage: func(r scanner.PageResult, _ int) {
			order = append(order, strings.TrimPrefix(r.URL, srv.URL)+" "+r.Viewport)
		}}
	res, err := scanner.Scan(context.Background(), b, targets, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pages {
		if strings.HasSuffix(p.URL, "/stream") && !strings.Contains(p.Error, "page too large") {
			t.Errorf("%s %s: %s %q, want page too large", p.URL, p.Viewport, p.Status, p.Error)
		}
	}
	if i := slices.Index(order, "/p1 mobile"); i < 0 || i > 1 {
		t.Errorf("pages ended in the order %v: want the normal page checked while the stream's render was parked", order)
	}
	mu.Lock()
	defer mu.Unlock()
	// Passing the element bound takes the stream about 5 s; a viewport
	// started at the park would come 1 s after the first.
	if len(began) != 2 || began[1].Sub(began[0]) < 3*time.Second {
		t.Errorf("the stream was requested at %v: want its second viewport after the first ended", began)
	}
}
