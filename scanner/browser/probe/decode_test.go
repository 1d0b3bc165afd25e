package probe

import (
	"encoding/json"
	"strings"
	"testing"
)

// answer is a well-formed probe answer with one text and one image
// candidate; each case below spoils one field of it.
const answer = `{
  "final_url": "http://example.test/",
  "client_width": 390,
  "document_height": 1200,
  "texts": [{
    "raw": "京ICP备12345678号", "selector": "footer > a", "snippet": "<a>", "order": 0,
    "box": {"left": 1, "top": 2, "right": 3, "bottom": 4},
    "line": {"left": 1, "top": 2, "right": 3, "bottom": 4},
    "font_size": 12, "contrast": 7,
    "link": {"anchor": true, "has_href": true},
    "footer": {"region": "footer", "region_kind": "footer"}
  }],
  "images": [{"raw": "京ICP备12345678号", "selector": "img", "source": "alt"}]
}`

// edit decodes answer, lets f change it and encodes it again.
func edit(t *testing.T, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(answer), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func text(m map[string]any) map[string]any { return m["texts"].([]any)[0].(map[string]any) }

func TestDecodeAccepts(t *testing.T) {
	a, err := Decode([]byte(answer))
	if err != nil {
		t.Fatal(err)
	}
	if a.ClientWidth != 390 || len(a.Texts) != 1 || a.Texts[0].Raw != "京ICP备12345678号" || a.Texts[0].Footer.RegionKind != "footer" || len(a.Images) != 1 {
		t.Errorf("decoded %+v", a)
	}
}

func TestDecodeIsStrict(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(m map[string]any)
		field string // the error names it
		kind  string
	}{
		{"unknown top field", func(m map[string]any) { m["width"] = 1 }, `"width"`, "unknown"},
		{"unknown nested field", func(m map[string]any) { text(m)["footer"].(map[string]any)["kind"] = "x" }, `"texts[0].footer.kind"`, "unknown"},
		{"missing top field", func(m map[string]any) { delete(m, "client_width") }, `"client_width"`, "missing"},
		{"missing nested field", func(m map[string]any) { delete(text(m)["box"].(map[string]any), "right") }, `"texts[0].box.right"`, "missing"},
		{"missing field of an image", func(m map[string]any) { delete(m["images"].([]any)[0].(map[string]any), "source") }, `"images[0].source"`, "missing"},
		{"wrong type", func(m map[string]any) { text(m)["font_size"] = "12px" }, "font_size", "cannot unmarshal"},
		{"wrong type at the top", func(m map[string]any) { m["texts"] = "none" }, "texts", "cannot unmarshal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(edit(t, c.edit))
			if err == nil {
				t.Fatal("decoded without error")
			}
			if !strings.Contains(err.Error(), c.field) || !strings.Contains(err.Error(), c.kind) {
				t.Errorf("error %q does not name %s (%s)", err, c.field, c.kind)
			}
		})
	}
}

func TestDecodeLeavesScannerFieldsOptional(t *testing.T) {
	// url, viewport and entry are the scanner's: an answer without them
	// decodes (answer has none), an omitempty field may be left out.
	_, err := Decode(edit(t, func(m map[string]any) { delete(m, "images"); delete(text(m), "link") }))
	if err == nil || !strings.Contains(err.Error(), `"texts[0].link"`) {
		t.Errorf("err = %v, want a missing texts[0].link", err)
	}
	if _, err := Decode(edit(t, func(m map[string]any) { delete(m, "images") })); err != nil {
		t.Errorf("images is omitempty: %v", err)
	}
}
