package main

// Tests of the YAML of the GitHub Action and the example workflow: no
// expression expanded inside a script, every input declared.

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// yamlRunBlocks returns the text of every `run:` value in a workflow or
// action file, inline or block scalar, with its first line number.
func yamlRunBlocks(text string) map[int]string {
	lines := strings.Split(text, "\n")
	runKey := regexp.MustCompile(`^(\s*)(?:- )?run:\s*(.*)$`)
	blocks := map[int]string{}
	for i := 0; i < len(lines); i++ {
		m := runKey.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent, value := len(m[1]), m[2]
		if !strings.HasPrefix(value, "|") && !strings.HasPrefix(value, ">") {
			blocks[i+1] = value
			continue
		}
		var body []string
		for j := i + 1; j < len(lines); j++ {
			l := lines[j]
			if strings.TrimSpace(l) != "" && len(l)-len(strings.TrimLeft(l, " ")) <= indent {
				break
			}
			body = append(body, l)
		}
		blocks[i+1] = strings.Join(body, "\n")
	}
	return blocks
}

// yamlKeys returns the keys directly under a top-level section (inputs:,
// outputs:) of action.yml.
func yamlKeys(text, section string) []string {
	var keys []string
	in := false
	key := regexp.MustCompile(`^  ([A-Za-z0-9_-]+):`)
	for _, l := range strings.Split(text, "\n") {
		switch {
		case l == section+":":
			in = true
		case in && l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "#"):
			in = false
		case in:
			if m := key.FindStringSubmatch(l); m != nil {
				keys = append(keys, m[1])
			}
		}
	}
	return keys
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestActionNoExpressionsInScripts: the runner pastes ${{ … }} into a run:
// script before the shell reads it, so an input (or a branch name, a PR
// title) there is script injection. Values go through env: instead.
func TestActionNoExpressionsInScripts(t *testing.T) {
	for _, f := range []string{actionYAML, exampleYAML} {
		blocks := yamlRunBlocks(readText(t, f))
		if len(blocks) == 0 {
			t.Errorf("%s: no run: block found; is the parser still right?", f)
		}
		for line, body := range blocks {
			if strings.Contains(body, "${{") {
				t.Errorf("%s:%d: a run: block holds an expression; pass it through env:\n%s", f, line, body)
			}
		}
	}
	if n := len(yamlRunBlocks(readText(t, actionYAML))); n != 3 {
		t.Errorf("action.yml: %d run: blocks, want 3 (build, browser, scan): check yamlRunBlocks", n)
	}
}

// TestActionInputsDeclared: every INPUT_* that run.sh reads is an input of
// action.yml and is passed to the scan step as INPUT_X: ${{ inputs.x }}
// (composite actions set no INPUT_* variables by themselves); every input is
// used; every output run.sh writes is an output of the action.
func TestActionInputsDeclared(t *testing.T) {
	action := readText(t, actionYAML)
	script := readText(t, actionScript)
	inputs := yamlKeys(action, "inputs")
	outputs := yamlKeys(action, "outputs")
	if len(inputs) < 8 || len(outputs) < 4 {
		t.Fatalf("action.yml: inputs %q, outputs %q: is the parser still right?", inputs, outputs)
	}

	read := regexp.MustCompile(`INPUT_[A-Z0-9_]+`).FindAllString(script, -1)
	if len(read) == 0 {
		t.Fatal("run.sh reads no INPUT_ variable")
	}
	for _, v := range slices.Compact(slices.Sorted(slices.Values(read))) {
		name := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(v, "INPUT_")), "_", "-")
		if !slices.Contains(inputs, name) {
			t.Errorf("run.sh reads %s but action.yml declares no input %q", v, name)
		}
		if pass := v + ": ${{ inputs." + name + " }}"; !strings.Contains(action, pass) {
			t.Errorf("action.yml does not pass %s to run.sh: want the env line %q", v, pass)
		}
	}
	for _, in := range inputs {
		if !strings.Contains(action, "${{ inputs."+in+" }}") {
			t.Errorf("input %q is declared but never used", in)
		}
	}

	written := regexp.MustCompile(`(?m)^\s*output ([a-z-]+) `).FindAllStringSubmatch(script, -1)
	if len(written) == 0 {
		t.Fatal("run.sh writes no output")
	}
	for _, m := range written {
		if !slices.Contains(outputs, m[1]) || !strings.Contains(action, "value: ${{ steps.scan.outputs."+m[1]+" }}") {
			t.Errorf("run.sh writes output %q but action.yml does not map it to steps.scan.outputs.%s", m[1], m[1])
		}
	}
	if !strings.Contains(action, `"$GITHUB_ACTION_PATH/.github/action/run.sh"`) {
		t.Error("action.yml does not run .github/action/run.sh from the action's path")
	}
}
