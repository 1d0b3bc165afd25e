package browser_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
)

var update = flag.Bool("update", false, "rewrite the probe goldens under testdata/probe")

var (
	loopbackOrigin = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	secretPrefix   = regexp.MustCompile(`/[0-9a-f]{32}/`)
)

// checkProbeGolden compares what the probe measured of one fixture page at
// each viewport (the rules.Page, as indented JSON, with the local server's
// port and secret prefix normalised away) with its golden under
// testdata/probe/<dir>, or rewrites the golden with -update. A mismatch means the
// measurement moved, not the judgement.
func checkProbeGolden(t *testing.T, dir, name string, pages []scanner.PageResult) {
	t.Helper()
	for _, p := range pages {
		if p.Page == nil {
			continue // not checked: the harness reports it
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // snippets stay readable
		enc.SetIndent("", "  ")
		if err := enc.Encode(p.Page); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		b = loopbackOrigin.ReplaceAll(b, []byte("http://127.0.0.1:PORT"))
		b = secretPrefix.ReplaceAll(b, []byte("/SECRET/"))
		file := filepath.Join("testdata", "probe", dir, strings.TrimSuffix(name, filepath.Ext(name))+"."+p.Viewport+".json")
		if *update {
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("probe golden of %s [%s]: %v (write it with -update)", name, p.Viewport, err)
			continue
		}
		if !bytes.Equal(want, b) {
			t.Errorf("the measurement of %s [%s] moved (not the judgement): %s differs from the probe's answer:\n%s",
				name, p.Viewport, file, lineDiff(string(want), string(b)))
		}
	}
}

// lineDiff lists the lines of want and got that differ, position by
// position, after their common head and tail.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	head := 0
	for head < len(w) && head < len(g) && w[head] == g[head] {
		head++
	}
	tail := 0
	for tail < len(w)-head && tail < len(g)-head && w[len(w)-1-tail] == g[len(g)-1-tail] {
		tail++
	}
	var b strings.Builder
	for _, l := range w[head : len(w)-tail] {
		b.WriteString("- " + l + "\n")
	}
	for _, l := range g[head : len(g)-tail] {
		b.WriteString("+ " + l + "\n")
	}
	return b.String()
}
