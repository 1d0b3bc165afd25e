package miniprogram

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// Result is what discovery found in one project: its kind, web-view URLs
// and notes, sorted by file, line and column.
type Result struct {
	// Kind is "wechat", "uni-app", "taro" or "" when no project file was
	// recognised (the templates and scripts are read all the same).
	Kind  string
	Found []Found
	Notes []Note
}

// skipDirs are folders that hold dependencies or build output, not the
// project's own pages.
var skipDirs = map[string]bool{
	".git": true, "node_modules": true, "miniprogram_npm": true,
	"unpackage": true, "dist": true,
}

// project is the sources collected by the walk.
type project struct {
	fsys      fs.FS
	templates []string
	scripts   []*script
	notes     []Note
}

// Discover reads the templates (WXML, .vue) and scripts (.js, .ts, .vue
// <script>) under root and resolves each web-view's URL: literal, bound to
// page data, passed in a navigateTo query, or assembled from constants.
func Discover(root string) (*Result, error) {
	p := &project{fsys: os.DirFS(root)}
	if err := fs.WalkDir(p.fsys, ".", p.visit); err != nil {
		return nil, fmt.Errorf("discover %s: %w", root, err)
	}
	res, err := p.resolve()
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", root, err)
	}
	res.Kind = Kind(p.fsys)
	sortResult(res)
	return res, nil
}

func (p *project) visit(name string, d fs.DirEntry, err error) error {
	if err != nil {
		return err
	}
	if d.IsDir() {
		if name != "." && skipDirs[d.Name()] {
			return fs.SkipDir
		}
		return nil
	}
	ext := path.Ext(name)
	isScript := (ext == ".js" || ext == ".ts") && !strings.HasSuffix(name, ".d.ts") && !strings.HasSuffix(name, ".min.js")
	if ext == ".wxml" || ext == ".vue" || ext == ".jsx" || ext == ".tsx" {
		p.templates = append(p.templates, name)
	}
	if ext == ".jsx" || ext == ".tsx" {
		return p.jsxNote(name)
	}
	if !isScript && ext != ".vue" {
		return nil
	}
	src, err := fs.ReadFile(p.fsys, name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	code := src
	if ext == ".vue" {
		if code = vueScript(src); code == nil {
			return nil
		}
	}
	s, note := parseScript(name, src, code)
	if note != nil {
		p.notes = append(p.notes, *note)
		return nil
	}
	p.scripts = append(p.scripts, s)
	return nil
}

// jsxNote notes a JSX/TSX file that navigates: the parser reads no JSX,
// so its navigateTo calls are not read (its <WebView> tags are).
func (p *project) jsxNote(name string) error {
	src, err := fs.ReadFile(p.fsys, name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	if i := strings.Index(string(src), "navigateTo("); i >= 0 {
		p.notes = append(p.notes, noteAt(name, src, i, "JSX/TSX script not parsed: the URLs of its navigations are not read"))
	}
	return nil
}

// resolve evaluates constants across all scripts, then reads each
// script's data and navigations, then each template's web-views.
func (p *project) resolve() (*Result, error) {
	env := map[string]value{}
	for range 2 { // twice, for constants built from other modules' constants
		for _, s := range p.scripts {
			s.consts(env)
		}
	}
	res := &Result{Notes: p.notes}
	data := map[string]map[string]pageData{}
	routes := map[string]bool{}
	for _, s := range p.scripts {
		v := &visitor{s: s, env: env, data: map[string]pageData{}, routes: routes}
		js.Walk(v, s.ast)
		data[s.file] = v.data
		res.Found = append(res.Found, v.calls...)
		res.Notes = append(res.Notes, v.notes...)
	}
	for _, t := range p.templates {
		src, err := fs.ReadFile(p.fsys, t)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t, err)
		}
		found, bound, notes := templateWebViews(t, src)
		res.Found = append(res.Found, found...)
		res.Notes = append(res.Notes, notes...)
		for _, b := range bound {
			f, ok := resolveBinding(t, b, data)
			switch {
			case ok:
				res.Found = append(res.Found, f)
			case !openedWithQuery(t, routes):
				res.Notes = append(res.Notes, b.Note)
			}
		}
	}
	return res, nil
}

// resolveBinding looks the bound key up in the page's own script: the
// .vue file itself, or the .js/.ts beside the .wxml.
func resolveBinding(tmpl string, b binding, data map[string]map[string]pageData) (Found, bool) {
	if b.key == "" {
		return Found{}, false
	}
	base := strings.TrimSuffix(tmpl, path.Ext(tmpl))
	for _, file := range []string{tmpl, base + ".js", base + ".ts"} {
		if d, ok := data[file][b.key]; ok {
			how := HowData
			if d.constant {
				how = HowConstant
			}
			return Found{d.s, file, d.line, d.col, how}, true
		}
	}
	return Found{}, false
}

// openedWithQuery reports whether navigations elsewhere pass this page a
// URL in their query: the call sites are its web-view URLs.
func openedWithQuery(tmpl string, routes map[string]bool) bool {
	page := strings.TrimSuffix(tmpl, path.Ext(tmpl))
	for r := range routes {
		if r != "" && (page == r || strings.HasSuffix(page, "/"+r)) {
			return true
		}
	}
	return false
}

// Kind recognises the project in fsys from its configuration files:
// "wechat", "uni-app", "taro" or "" when none. Files a website may hold
// too count only with their mini-program content: app.json with pages,
// manifest.json with an mp-weixin section.
func Kind(fsys fs.FS) string {
	if _, err := fs.Stat(fsys, "project.config.json"); err == nil {
		return "wechat"
	}
	if hasKey(fsys, "app.json", "pages") {
		return "wechat"
	}
	for _, f := range []string{"pages.json", "src/pages.json"} {
		if hasKey(fsys, f, "pages") {
			return "uni-app"
		}
	}
	if hasKey(fsys, "manifest.json", "mp-weixin") || hasKey(fsys, "src/manifest.json", "mp-weixin") {
		return "uni-app"
	}
	for _, f := range []string{"src/app.config.ts", "src/app.config.js", "app.config.ts", "app.config.js"} {
		if _, err := fs.Stat(fsys, f); err == nil {
			return "taro"
		}
	}
	return ""
}

// hasKey reports whether a JSON object file has a top-level key. uni-app's
// JSON files may carry comments: those that do not parse are read as
// holding the key when its quoted name occurs.
func hasKey(fsys fs.FS, name, key string) bool {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return strings.Contains(string(b), `"`+key+`"`)
	}
	_, ok := m[key]
	return ok
}

func sortResult(res *Result) {
	slices.SortFunc(res.Found, func(a, b Found) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.URL, b.URL))
	})
	slices.SortFunc(res.Notes, func(a, b Note) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}
