package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestScanFolderSymlinks scans a folder holding symlinks that leave it, for
// real: they are reported as skipped with the reason in every report, the
// page inside is checked, and no output holds the local server's port or
// secret path prefix (a relative link is shown as a path).
func TestScanFolderSymlinks(t *testing.T) {
	needBrowser(t)
	dir := t.TempDir()
	t.Chdir(dir)
	relPage := strings.Replace(compliantPage, `href="https://beian.miit.gov.cn/"`, `href="sub/_about.html"`, 1)
	for name, body := range map[string]string{
		"site/index.html":      compliantPage,
		"site/rel.html":        relPage,
		"site/sub/_about.html": "<p>about</p>",
		"outside/page.html":    compliantPage,
		"out/r.jsonl":          "",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, to := range map[string]string{"site/out.html": "../outside/page.html", "site/etc": "../outside"} {
		if err := os.Symlink(to, link); err != nil {
			t.Fatal(err)
		}
	}
	outside, err := filepath.EvalSymlinks(filepath.Join(dir, "outside"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "scan", "--json", "out/r.json", "--sarif", "out/r.sarif", "--html", "out/r.html",
		"--markdown", "out/r.md", "--junit", "out/r.xml", "--jsonl", "out/r.jsonl", "--annotations", "github",
		"--level", "CTX001=off", "site")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (ICP005 on rel.html)\n%s", code, exitFindings, stderr)
	}
	var rep struct {
		Pages []struct {
			URL, Viewport, Status, Error string
			Filings                      []struct{ Href string }
			Findings                     []struct{ Rule string }
		}
	}
	readJSON(t, "out/r.json", &rep)
	want := map[string]string{
		"site/index.html": "ok",
		"site/rel.html":   "ok ICP005 site/sub/_about.html",
		"site/out.html":   "skipped symlink leaves the target folder: -> " + filepath.ToSlash(filepath.Join(outside, "page.html")),
		"site/etc":        "skipped symlink leaves the target folder: -> " + filepath.ToSlash(outside),
	}
	seen := 0
	for _, p := range rep.Pages {
		got := p.Status
		if p.Error != "" {
			got += " " + p.Error
		}
		for _, f := range p.Findings {
			got += " " + f.Rule
		}
		for _, f := range p.Filings {
			if !strings.HasPrefix(f.Href, "https://") {
				got += " " + f.Href
			}
		}
		if w, ok := want[p.URL]; !ok || got != w {
			t.Errorf("%s [%s]: %q, want %q", p.URL, p.Viewport, got, w)
		}
		seen++
	}
	if seen != 2*len(want) {
		t.Errorf("%d page-viewports, want %d", seen, 2*len(want))
	}
	// Every output: the loopback origin and a 128-bit hex prefix must not
	// appear (the ICP005 message may name the host 127.0.0.1 alone).
	leak := regexp.MustCompile(`127\.0\.0\.1:\d|[0-9a-f]{32}`)
	outs := map[string]string{"stdout": stdout, "stderr": stderr}
	for _, f := range []string{"r.json", "r.sarif", "r.html", "r.md", "r.xml", "r.jsonl"} {
		b, err := os.ReadFile(filepath.Join("out", f))
		if err != nil {
			t.Fatal(err)
		}
		outs[f] = string(b)
	}
	for name, s := range outs {
		if m := leak.FindString(s); m != "" {
			t.Errorf("%s holds %q, the local server's address or secret", name, m)
		}
	}
	for name, s := range outs {
		// SARIF lists findings only.
		if name != "stdout" && name != "r.sarif" && !strings.Contains(s, "symlink leaves the target folder") {
			t.Errorf("%s does not say why the symlinks were skipped", name)
		}
	}
}
