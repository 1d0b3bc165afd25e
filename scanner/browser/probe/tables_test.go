package probe

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/beiancheck/beiancheck/rules"
)

// jsNormalise is the probe's normalisation of one character (normalise in
// probe40-walk.js), written with the same tables: zero-width deleted, NFKC,
// dashes to '-', traditional forms folded.
func jsNormalise(r rune) string {
	if slices.Contains(zeroWidth, r) {
		return ""
	}
	var b strings.Builder
	for _, c := range norm.NFKC.String(string(r)) {
		if slices.Contains(dashes, c) {
			c = '-'
		}
		if s, ok := traditional[c]; ok {
			c = s
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TestTablesAreTheParsers checks, for every character of the BMP, that the
// tables normalise it as the filing parser does (rules.Normalize, which
// also deletes blanks; no single character holds "icp").
func TestTablesAreTheParsers(t *testing.T) {
	bad := 0
	for r := rune(1); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		js := strings.Join(strings.Fields(jsNormalise(r)), "")
		if js != rules.Normalize(string(r)) {
			if bad++; bad <= 10 {
				t.Errorf("U+%04X %q: tables give %q, rules.Normalize %q", r, r, js, rules.Normalize(string(r)))
			}
		}
	}
}

// TestTriggerFindsWhatTheParserReads checks the trigger against text the
// parser normalises to a number: full-width letters, traditional forms,
// every dash the tables fold, zero-width characters removed first.
func TestTriggerFindsWhatTheParserReads(t *testing.T) {
	trigger := regexp.MustCompile(`(?i)` + tables().Trigger)
	zw := regexp.MustCompile(tables().ZeroWidth)
	texts := []string{"京ICP备12345678号", "京ＩＣＰ備12345678號", "京ｉｃｐ备12345678号", "京I\u200BC P备12345678号",
		"京公網安備11010502030143号", "京公 网 安备11010502030143号", "B2-20201234", "B2－20201234"}
	for _, d := range dashes {
		texts = append(texts, "B2"+string(d)+"20201234")
	}
	for _, s := range texts {
		if !strings.ContainsAny(rules.Normalize(s), "0123456789") {
			t.Fatalf("%q: not a number to the parser", s)
		}
		if !trigger.MatchString(zw.ReplaceAllString(s, "")) {
			t.Errorf("trigger misses %q", s)
		}
	}
	for _, s := range []string{"copyright 2024", "公安局", "B3-20201234"} {
		if trigger.MatchString(s) {
			t.Errorf("trigger matches %q", s)
		}
	}
}

// TestScriptsHoldNoTable checks that no script carries a copy of a table:
// each takes them from tablesPlaceholder.
func TestScriptsHoldNoTable(t *testing.T) {
	var users []string
	err := fs.WalkDir(scripts, "js", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(scripts, p)
		if err != nil {
			return err
		}
		src := string(b)
		// Word lists naming footers (備案, 公網安備) are not tables; the
		// folding and trigger tables are written as classes or maps.
		for _, lit := range []string{"[备備]", "[网網]", "[備號證網]", "'備'", "ＩＣＰ", "ｉｃｐ", `\u200B`, `\u2010`, `\u2212`, "－"} {
			if strings.Contains(src, lit) {
				t.Errorf("%s holds a table literal %q", p, lit)
			}
		}
		if strings.Contains(src, tablesPlaceholder) {
			users = append(users, filepath.Base(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"probe00-head.js", "quiet.js"}; !slices.Equal(users, want) {
		t.Errorf("scripts taking the tables: %v, want %v", users, want)
	}
	for _, js := range []string{Probe(), QuietSettleProbe(1, 1, 1, 1)} {
		if strings.Contains(js, tablesPlaceholder) || !strings.Contains(js, tablesJS) {
			t.Errorf("tables not injected")
		}
	}
}

// TestEveryScriptIsUsed checks that each embedded file is either a part of
// the probe, in order, or one of the other scripts.
func TestEveryScriptIsUsed(t *testing.T) {
	entries, err := fs.ReadDir(scripts, "js")
	if err != nil {
		t.Fatal(err)
	}
	used := append(slices.Clone(probeParts), "settle.js", "quiet.js", "hooks.js", "late.js", "overlay.js")
	for _, e := range entries {
		if !slices.Contains(used, e.Name()) {
			t.Errorf("js/%s is embedded but no evaluation uses it", e.Name())
		}
	}
	if !slices.IsSorted(probeParts) {
		t.Errorf("probe parts out of order: %v", probeParts)
	}
	for _, e := range entries {
		b, _ := fs.ReadFile(scripts, "js/"+e.Name())
		if n := strings.Count(string(b), "\n"); n > 450 {
			t.Errorf("js/%s has %d lines, more than 450", e.Name(), n)
		}
	}
}

// TestAssembledScriptsParse checks that each evaluation, as assembled, is
// one valid JavaScript expression (node --check; the browser tests run
// them).
func TestAssembledScriptsParse(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed; the browser tests evaluate the scripts")
	}
	dir := t.TempDir()
	for name, js := range map[string]string{
		"probe": Probe(), "settleprobe": SettleProbe(1, 1), "quietsettleprobe": QuietSettleProbe(1, 1, 1, 1),
		"hooks": Hooks(1), "late": LateWait(1), "overlay": Overlay([]byte(`{}`)),
	} {
		file := filepath.Join(dir, name+".js")
		// Wrapped as an assignment, the source must be one expression.
		if err := os.WriteFile(file, []byte("var x = "+js+";\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", file).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse: %v\n%s", name, err, out)
		}
	}
}
