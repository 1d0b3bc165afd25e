package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDiscoverCommand(t *testing.T) {
	code, out, stderr := runCLI(t, "discover", "../../fixtures/miniprogram/uniapp")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "project: uni-app, 4 web-view URLs, 1 notes\n" +
		"pages/index/index.vue:15:29: https://h5.fixture.test/notice.html (query)\n" +
		"pages/policy/policy.vue:11:31: https://h5.fixture.test/privacy.html (data-bound)\n" +
		"pages/shop/shop.vue:11:16: https://shop.fixture.test/index.html (constant)\n" +
		"sub/faq/faq.vue:3:5: https://h5.fixture.test/faq.html (literal)\n" +
		"web-view hosts (业务域名): h5.fixture.test, shop.fixture.test\n" +
		"pages/index/index.vue:18:29: note: navigation to pages/webview/webview with a URL not resolved statically\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

func TestDiscoverCommandJSON(t *testing.T) {
	code, out, stderr := runCLI(t, "discover", "--json", "../../fixtures/miniprogram/uniapp")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got discoverJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Kind != "uni-app" || len(got.Found) != 4 || got.Found[2] != (foundJSON{"https://shop.fixture.test/index.html", "pages/shop/shop.vue", 11, 16, "constant"}) || len(got.Notes) != 1 {
		t.Errorf("json = %+v", got)
	}
}

func TestDiscoverCommandUsage(t *testing.T) {
	code, _, stderr := runCLI(t, "discover")
	if code != 2 || !strings.Contains(stderr, "discover takes one project directory") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
