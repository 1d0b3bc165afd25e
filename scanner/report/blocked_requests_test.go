package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
)

// The requests the egress policy refused are counted per page-viewport and
// listed (sorted, without repeats, capped, without credentials) in JSON;
// the summary and SARIF give the run's total; a run without any says
// nothing of them.
func TestReportsCountBlockedRequests(t *testing.T) {
	r := sampleResult()
	var bs []scanner.BlockedRequest
	for i := range 25 {
		bs = append(bs, scanner.BlockedRequest{URL: "http://u:p@10.0.0." + string(rune('a'+i)) + "/x", Kind: "image", Reason: "private address 10.0.0.5:80 is not a target"})
	}
	bs = append(bs, bs[3]) // a repeat
	r.Pages[0].SetBlocked(bs)
	r.Pages[1].SetBlocked([]scanner.BlockedRequest{{URL: "ws://127.0.0.1:9/s", Kind: "websocket", Reason: "loopback address 127.0.0.1:9 is not a target"}})

	var js, sarif, text bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteSARIF(&sarif, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteSummary(&text, r); err != nil {
		t.Fatal(err)
	}
	rep, err := ReadJSON(&js)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	lists := map[string][]JSONBlocked{}
	for _, p := range rep.Pages {
		counts[p.URL+" "+p.Viewport] += p.BlockedRequests
		lists[p.URL+" "+p.Viewport] = append(lists[p.URL+" "+p.Viewport], p.BlockedRequestList...)
	}
	first := r.Pages[0].URL + " " + r.Pages[0].Viewport
	second := r.Pages[1].URL + " " + r.Pages[1].Viewport
	if counts[first] != 25 || len(lists[first]) != scanner.MaxBlockedListed {
		t.Errorf("first page: %d blocked, %d listed; want 25 and %d", counts[first], len(lists[first]), scanner.MaxBlockedListed)
	}
	if l := lists[first]; len(l) > 0 && (l[0].URL != "http://***@10.0.0.a/x" || l[1].URL != "http://***@10.0.0.b/x") {
		t.Errorf("first page's list starts %+v, want sorted URLs without credentials", l[:2])
	}
	want := []JSONBlocked{{URL: "ws://127.0.0.1:9/s", Kind: "websocket", Reason: "loopback address 127.0.0.1:9 is not a target"}}
	if counts[second] != 1 || !reflect.DeepEqual(lists[second], want) {
		t.Errorf("second page: %d %+v, want 1 %+v", counts[second], lists[second], want)
	}
	if rep.Summary.BlockedRequests != 26 {
		t.Errorf("JSON summary.blocked_requests = %d, want 26", rep.Summary.BlockedRequests)
	}
	if !strings.Contains(text.String(), "blocked: 26 requests to inward addresses that are not targets") {
		t.Errorf("summary does not give the total:\n%s", text.String())
	}
	var s struct {
		Runs []struct {
			Invocations []struct {
				Properties *struct {
					BlockedRequests int `json:"blockedRequests"`
				} `json:"properties"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if p := s.Runs[0].Invocations[0].Properties; p == nil || p.BlockedRequests != 26 {
		t.Errorf("SARIF invocation properties = %+v, want blockedRequests 26", p)
	}

	// None blocked: no word of it.
	r = sampleResult()
	text.Reset()
	sarif.Reset()
	js.Reset()
	if err := WriteSummary(&text, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteSARIF(&sarif, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"summary": text.String(), "SARIF": sarif.String(), "JSON": js.String()} {
		if strings.Contains(strings.ToLower(out), "blocked") {
			t.Errorf("%s mentions blocked requests with none blocked", name)
		}
	}
}
