package miniprogram

import (
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// pageGraph knows, by file stem (a path without its extension), which
// files exist, which hold a web-view and which components each uses.
type pageGraph struct {
	fsys  fs.FS
	stems map[string]bool
	views map[string]bool
	deps  map[string][]string
	bases []string
}

func stem(file string) string { return strings.TrimSuffix(file, path.Ext(file)) }

// addImports records the local modules a script imports (components):
// relative paths, and @/ or ~/ rooted at the project or its src/.
func (g *pageGraph) addImports(s *script) {
	from := stem(s.file)
	for _, st := range s.ast.List {
		im, ok := st.(*js.ImportStmt)
		if !ok || len(im.Module) < 2 {
			continue
		}
		mod := jsString(im.Module)
		switch {
		case strings.HasPrefix(mod, "."):
			g.deps[from] = append(g.deps[from], stem(path.Join(path.Dir(s.file), mod)))
		case strings.HasPrefix(mod, "@/") || strings.HasPrefix(mod, "~/"):
			g.deps[from] = append(g.deps[from], stem(mod[2:]), stem(path.Join("src", mod[2:])))
		}
	}
}

// components returns what a stem uses: its imports and the
// usingComponents of its .json (WeChat pages and components).
func (g *pageGraph) components(st string) []string {
	deps := g.deps[st]
	b, err := fs.ReadFile(g.fsys, st+".json")
	if err != nil {
		return deps
	}
	var c struct {
		UsingComponents map[string]string `json:"usingComponents"`
	}
	if json.Unmarshal(b, &c) != nil {
		return deps
	}
	for _, p := range c.UsingComponents {
		switch {
		case strings.HasPrefix(p, "/"):
			for _, base := range g.bases {
				deps = append(deps, path.Join(base, p))
			}
		case strings.HasPrefix(p, "."):
			deps = append(deps, path.Join(path.Dir(st), p))
		}
	}
	return deps
}

// holds reports whether a stem, or a component it uses (transitively, a
// folder import meaning its index), holds a web-view.
func (g *pageGraph) holds(st string, seen map[string]bool) bool {
	if seen[st] {
		return false
	}
	seen[st] = true
	if g.views[st] {
		return true
	}
	for _, d := range g.components(st) {
		if g.holds(d, seen) || g.holds(path.Join(d, "index"), seen) {
			return true
		}
	}
	return false
}

// opens reports what the page a navigation opens is: known when its file
// was found, and whether it holds a web-view. A relative route is read
// from the calling file's folder, an absolute one from each base.
func (g *pageGraph) opens(n navCall) (known, holds bool) {
	var cands []string
	if strings.HasPrefix(n.route, ".") {
		cands = []string{path.Join(path.Dir(n.File), n.route)}
	} else {
		for _, b := range g.bases {
			cands = append(cands, path.Join(b, n.route))
		}
	}
	for _, c := range cands {
		if !g.stems[c] {
			continue
		}
		known = true
		if g.holds(c, map[string]bool{}) {
			return true, true
		}
	}
	return known, false
}

// missing notes the listed pages that have no file.
func (g *pageGraph) missing(pages []listedPage) []Note {
	var notes []Note
	for _, p := range pages {
		if !g.stems[path.Join(p.base, p.route)] && !inSkipped(p.base) {
			notes = append(notes, Note{p.file, p.line, p.col, "page " + p.route + " is listed but has no file"})
		}
	}
	return notes
}

// inSkipped reports whether a folder is build output or dependencies,
// which the walk does not read.
func inSkipped(dir string) bool {
	for _, part := range strings.Split(dir, "/") {
		if skipDirs[part] {
			return true
		}
	}
	return false
}
