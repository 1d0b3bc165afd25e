package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// readmeFile is the README at the root of the repository.
const readmeFile = "../../README.md"

// TestReadmeRuleTable checks that the rule table of the README lists the
// rules that "beiancheck rules" prints, in its order, with the same level
// and title.
func TestReadmeRuleTable(t *testing.T) {
	b, err := os.ReadFile(readmeFile)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Rules\n")
	if !ok {
		t.Fatal("README has no ## Rules section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	row := regexp.MustCompile(`^\| <a id="([a-z0-9]+)"></a>([A-Z]{3}\d{3}) \| ([^|]*) \| ([^|]*) \|`)
	var readme [][3]string
	for _, line := range strings.Split(section, "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if m[1] != strings.ToLower(m[2]) {
			t.Errorf("README: anchor %q of %s is not its ID in lower case", m[1], m[2])
		}
		readme = append(readme, [3]string{m[2], strings.TrimSpace(m[3]), strings.TrimSpace(m[4])})
	}
	code, out, stderr := runCLI(t, "rules")
	if code != exitOK {
		t.Fatalf("rules: exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	cols := regexp.MustCompile(`^(\S+)\s{2,}(\S+)\s{2,}(\S+)\s{2,}(.+)$`)
	var printed [][3]string
	for _, line := range lines[1:] {
		m := cols.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("rules: cannot read line %q", line)
		}
		printed = append(printed, [3]string{m[1], m[2], m[4]})
	}
	if len(printed) == 0 {
		t.Fatal("rules printed no rule")
	}
	for i := 0; i < max(len(readme), len(printed)); i++ {
		var r, p [3]string
		if i < len(readme) {
			r = readme[i]
		}
		if i < len(printed) {
			p = printed[i]
		}
		if r != p {
			t.Errorf("rule %d: README has %q, beiancheck rules prints %q", i+1, r, p)
		}
	}
}

// TestReadmeGoVersion checks that the Go version the README's quick start
// names is the one go.mod asks for.
func TestReadmeGoVersion(t *testing.T) {
	b, err := os.ReadFile(readmeFile)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## Quick start\n(?s:.*?)\bGo (\d+\.\d+(?:\.\d+)?)\b`).FindSubmatch(b)
	if m == nil {
		t.Fatal("the README's quick start names no Go version (\"Go 1.x\")")
	}
	readme := string(m[1])
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	g := regexp.MustCompile(`(?m)^go (\d+\.\d+(?:\.\d+)?)\s*$`).FindSubmatch(mod)
	if g == nil {
		t.Fatal("go.mod has no go line")
	}
	gomod := string(g[1])
	// "Go 1.26" names the release: go.mod's 1.26.x matches it; a README
	// naming a patch release must name go.mod's exactly.
	if readme != gomod && !strings.HasPrefix(gomod, readme+".") {
		t.Errorf("README names Go %s, go.mod says go %s", readme, gomod)
	}
}
