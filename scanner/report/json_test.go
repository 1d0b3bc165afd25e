package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
)

func TestWriteJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sampleResult()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "report.json.golden", buf.Bytes())
}

func TestWriteJSONEmptyGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, emptyResult()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "empty.json.golden", buf.Bytes())
}

// TestWriteJSONContract checks the fields scripts rely on, independently
// of the golden file.
func TestWriteJSONContract(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sampleResult()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !json.Valid(buf.Bytes()) {
		t.Fatal("output is not valid JSON")
	}
	for _, want := range []string{`<a href=\"https://beian.miit.gov.cn/\"`, "京ICP备2021012345号-1", `\"粤ICP备2023123456号\"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s (HTML escaping must be off)", want)
		}
	}
	if strings.Contains(out, `\u003c`) {
		t.Error("output escapes < as \\u003c")
	}

	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["schema_version"] != 1.0 {
		t.Errorf("schema_version = %v", doc["schema_version"])
	}
	tool := doc["tool"].(map[string]any)
	if tool["name"] != "beiancheck" || tool["version"] != "v1.2.3" {
		t.Errorf("tool = %v", tool)
	}
	if doc["browser"] != "Chromium/156.0.8078.73" {
		t.Errorf("browser = %v", doc["browser"])
	}
	requireKeys(t, "summary", doc["summary"], "pages", "errors", "warnings", "notes", "failed")
	pages := doc["pages"].([]any)
	if len(pages) != 4 {
		t.Fatalf("%d pages, want 4", len(pages))
	}
	for _, p := range pages {
		requireKeys(t, "page", p, "url", "final_url", "viewport", "status", "error", "compliant", "filings", "findings")
		pm := p.(map[string]any)
		for _, k := range []string{"filings", "findings"} {
			if _, ok := pm[k].([]any); !ok {
				t.Errorf("page %v %v: %s is %v, want an array", pm["url"], pm["viewport"], k, pm[k])
			}
		}
		for _, f := range pm["filings"].([]any) {
			requireKeys(t, "filing", f, "kind", "number", "raw", "primary", "valid", "in_footer", "centered",
				"center_offset_px", "linked", "href", "visible", "selector")
		}
		for _, f := range pm["findings"].([]any) {
			requireKeys(t, "finding", f, "rule", "level", "message", "selector", "number")
		}
	}
	// Canonical order: URL, then mobile before desktop.
	var order []string
	for _, p := range pages {
		pm := p.(map[string]any)
		order = append(order, pm["url"].(string)+" "+pm["viewport"].(string)+" "+pm["status"].(string))
	}
	wantOrder := []string{
		demoPath + " mobile ok", demoPath + " desktop ok",
		aboutURL + " mobile ok", aboutURL + " desktop error",
	}
	if !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("page order = %q, want %q", order, wantOrder)
	}
	compliant := []bool{false, true, false, false}
	for i, p := range pages {
		if got := p.(map[string]any)["compliant"]; got != compliant[i] {
			t.Errorf("%s: compliant = %v, want %v", order[i], got, compliant[i])
		}
	}
}

func requireKeys(t *testing.T, what string, v any, keys ...string) {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Errorf("%s is %T, want an object", what, v)
		return
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s lacks %q: %v", what, k, m)
		}
	}
}

func TestWriteJSONLeavesResultAlone(t *testing.T) {
	r := sampleResult()
	before := sampleResult()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Pages, before.Pages) {
		t.Error("WriteJSON reordered the caller's result")
	}
}

func TestReadJSONRoundTrip(t *testing.T) {
	for name, r := range map[string]*scanner.Result{"sample": sampleResult(), "empty": emptyResult()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJSON(&buf, r); err != nil {
				t.Fatal(err)
			}
			got, err := ReadJSON(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if want := NewJSONReport(r); !reflect.DeepEqual(got, want) {
				t.Errorf("round trip differs:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestReadJSONRejects(t *testing.T) {
	for name, c := range map[string]struct{ in, why string }{
		"other version": {`{"schema_version": 2, "pages": []}`, "schema_version 2, want 1"},
		"no version":    {`{"pages": []}`, "schema_version 0, want 1"},
		"truncated":     {`{"schema_version": 1, "pages": [`, "unexpected EOF"},
		"not JSON":      {`ICP003 error`, "invalid character"},
		"a SARIF log":   {`{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": []}`, "this is a SARIF log; give the JSON report that --json wrote"},
		"other JSON":    {`{"name": "x"}`, "not a beiancheck JSON report"},
	} {
		if _, err := ReadJSON(strings.NewReader(c.in)); err == nil || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: ReadJSON(%q) = %v, want an error saying %q", name, c.in, err, c.why)
		}
	}
}

// TestJSONSummaryMatchesResult checks that the contract's own summary
// struct carries every count of scanner.Summary under the same key, so the
// JSON report does not drift from the result it is written from.
func TestJSONSummaryMatchesResult(t *testing.T) {
	s := scanner.Summary{Pages: 1, Errors: 2, Warnings: 3, Notes: 4, Failed: 5, Skipped: 6, Compliant: 7, NotCompliant: 8}
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(jsonSummary(s))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("JSON summary %s, want %s", got, want)
	}
}
