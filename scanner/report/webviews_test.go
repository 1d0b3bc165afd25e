package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/rules"
)

// The web-view hosts of a mini-program project (the 业务域名 to configure
// and file) are listed in the JSON and SARIF reports and the summary, and
// nowhere when the run had none.
func TestReportsListWebViewHosts(t *testing.T) {
	hosts := []rules.WebViewHost{
		{Host: "h5.example.com", HTTPS: true, Filed: true, Pages: 3, Checked: 3, First: 0},
		{Host: "old.example.com", HTTPS: false, Pages: 1, Checked: 1, First: 3},
		{Host: "down.example.com", HTTPS: true, Pages: 1, First: -1},
	}
	want := []JSONWebViewHost{
		{Host: "h5.example.com", HTTPS: true, Filed: true, Pages: 3, Checked: 3},
		{Host: "old.example.com", Pages: 1, Checked: 1},
		{Host: "down.example.com", HTTPS: true, Pages: 1},
	}
	for _, hs := range [][]rules.WebViewHost{nil, hosts} {
		r := sampleResult()
		r.WebViewHosts = hs
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
		var j struct {
			Hosts []JSONWebViewHost `json:"webview_hosts"`
		}
		if err := json.Unmarshal(js.Bytes(), &j); err != nil {
			t.Fatal(err)
		}
		var s struct {
			Runs []struct {
				Properties *struct {
					Hosts []JSONWebViewHost `json:"webviewHosts"`
				} `json:"properties"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(sarif.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		if hs == nil {
			if j.Hosts != nil || s.Runs[0].Properties != nil || strings.Contains(text.String(), "web-view hosts") {
				t.Errorf("hosts reported without a mini-program: JSON %v, SARIF %v, summary %q", j.Hosts, s.Runs[0].Properties, text.String())
			}
			continue
		}
		if !reflect.DeepEqual(j.Hosts, want) {
			t.Errorf("JSON webview_hosts = %+v, want %+v", j.Hosts, want)
		}
		if p := s.Runs[0].Properties; p == nil || !reflect.DeepEqual(p.Hosts, want) {
			t.Errorf("SARIF run properties = %+v, want webviewHosts %+v", p, want)
		}
		line := "web-view hosts (业务域名): h5.example.com (https, filed, 3 page-viewports), old.example.com (http, no filing number, 1 page-viewport), down.example.com (https, not checked, 1 page-viewport)\n"
		if !strings.Contains(text.String(), line) {
			t.Errorf("summary lacks %q:\n%s", line, text.String())
		}
	}
}
