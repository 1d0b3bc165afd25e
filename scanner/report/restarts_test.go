package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestBrowserRestartsReported checks that a run whose browser died says so
// in the summary, the JSON (run total and per page) and the SARIF
// invocation, and that a run whose browser never died says nothing.
func TestBrowserRestartsReported(t *testing.T) {
	r := sampleResult()
	r.BrowserRestarts = 1
	r.Pages[0].BrowserCrashes = 1
	var buf bytes.Buffer
	if err := WriteSummary(&buf, r); err != nil {
		t.Fatal(err)
	}
	if want := "browser: its process died and was restarted 1 time; 1 page-viewport rendered again, alone\n"; !strings.Contains(buf.String(), want) {
		t.Errorf("summary lacks %q:\n%s", want, buf.String())
	}
	buf.Reset()
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		BrowserRestarts int `json:"browser_restarts"`
		Pages           []struct {
			BrowserCrashes int `json:"browser_crashes"`
		} `json:"pages"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	crashes := 0
	for _, p := range doc.Pages {
		crashes += p.BrowserCrashes
	}
	if doc.BrowserRestarts != 1 || crashes != 1 {
		t.Errorf("JSON browser_restarts %d, browser_crashes in all %d; want 1 and 1", doc.BrowserRestarts, crashes)
	}
	if log := decodeSARIF(t, writeSARIF(t, r)); log.Runs[0].Invocations[0].Properties == nil || log.Runs[0].Invocations[0].Properties.BrowserRestarts != 1 {
		t.Errorf("SARIF invocation properties %+v, want browserRestarts 1", log.Runs[0].Invocations[0].Properties)
	}

	quiet := sampleResult()
	buf.Reset()
	_ = WriteSummary(&buf, quiet)
	if strings.Contains(buf.String(), "restarted") {
		t.Errorf("a run whose browser never died mentions restarts:\n%s", buf.String())
	}
	if log := decodeSARIF(t, writeSARIF(t, quiet)); log.Runs[0].Invocations[0].Properties != nil {
		t.Errorf("SARIF invocation properties %+v for a run without restarts or blocked classes", log.Runs[0].Invocations[0].Properties)
	}
}

// TestNoSandboxReported checks that a run whose browser had no sandbox (as
// root) says so in the summary, the JSON and the SARIF invocation, and that
// a sandboxed run says nothing.
func TestNoSandboxReported(t *testing.T) {
	for _, off := range []bool{true, false} {
		r := sampleResult()
		r.NoSandbox = off
		var buf bytes.Buffer
		if err := WriteSummary(&buf, r); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(buf.String(), "browser: ran without Chromium's sandbox"); got != off {
			t.Errorf("sandbox off %v: summary says so %v:\n%s", off, got, buf.String())
		}
		buf.Reset()
		if err := WriteJSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if v, ok := doc["no_sandbox"]; ok != off || off && v != true {
			t.Errorf("sandbox off %v: JSON no_sandbox = %v (present %v)", off, v, ok)
		}
		props := decodeSARIF(t, writeSARIF(t, r)).Runs[0].Invocations[0].Properties
		if got := props != nil && props.NoSandbox; got != off {
			t.Errorf("sandbox off %v: SARIF invocation properties %+v", off, props)
		}
	}
}

// TestBrowserRecyclesReported checks that a run whose browser was recycled
// says how often in the summary, the JSON and the SARIF invocation, apart
// from restarts, and that a run never recycled says nothing.
func TestBrowserRecyclesReported(t *testing.T) {
	r := sampleResult()
	r.BrowserRecycles = 2
	var buf bytes.Buffer
	if err := WriteSummary(&buf, r); err != nil {
		t.Fatal(err)
	}
	if want := "browser: recycled 2 times between pages (--recycle-pages, --max-browser-rss); not a crash\n"; !strings.Contains(buf.String(), want) {
		t.Errorf("summary lacks %q:\n%s", want, buf.String())
	}
	if strings.Contains(buf.String(), "restarted") {
		t.Errorf("a recycled run's summary mentions restarts:\n%s", buf.String())
	}
	buf.Reset()
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["browser_recycles"] != 2.0 || doc["browser_restarts"] != nil {
		t.Errorf("JSON browser_recycles %v, browser_restarts %v; want 2 and absent", doc["browser_recycles"], doc["browser_restarts"])
	}
	if p := decodeSARIF(t, writeSARIF(t, r)).Runs[0].Invocations[0].Properties; p == nil || p.BrowserRecycles != 2 || p.BrowserRestarts != 0 {
		t.Errorf("SARIF invocation properties %+v, want browserRecycles 2 and no restarts", p)
	}

	quiet := sampleResult()
	buf.Reset()
	_ = WriteSummary(&buf, quiet)
	if strings.Contains(buf.String(), "recycled") {
		t.Errorf("a run never recycled mentions it:\n%s", buf.String())
	}
	buf.Reset()
	_ = WriteJSON(&buf, quiet)
	if strings.Contains(buf.String(), "browser_recycles") {
		t.Error("a run never recycled has browser_recycles in its JSON")
	}
}
