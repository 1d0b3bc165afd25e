package miniprogram

import (
	"bytes"
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
	stems     map[string]bool
}

// scriptExts are the extensions of scripts; TypeScript, JSX and TSX are
// transformed before parsing (transform.go).
var scriptExts = map[string]bool{".js": true, ".ts": true, ".jsx": true, ".tsx": true, ".mjs": true}

// Discover reads the templates (WXML, .vue) and scripts (.js, .ts, .jsx,
// .tsx, .vue <script>) under root and resolves each web-view's URL:
// literal, bound to page data, passed in a navigateTo query, or assembled
// from constants. The project's page lists place navigations (pages.go).
func Discover(root string) (*Result, error) {
	p := &project{fsys: os.DirFS(root), stems: map[string]bool{}}
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
	p.stems[stem(name)] = true
	isScript := scriptExts[ext] && !strings.HasSuffix(name, ".d.ts") && !strings.HasSuffix(name, ".min.js")
	if ext == ".wxml" || ext == ".vue" || ext == ".nvue" {
		p.templates = append(p.templates, name)
	}
	if !isScript && ext != ".vue" && ext != ".nvue" {
		return nil
	}
	src, err := fs.ReadFile(p.fsys, name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	if ext != ".vue" && ext != ".nvue" {
		p.addScript(name, src, src, ext)
		return nil
	}
	for _, b := range vueScripts(src) {
		p.addScript(name, src, b.code, b.lang)
	}
	return nil
}

// addScript parses a script; one that cannot be parsed is a note, and a
// JSX one's <WebView> tags are still read by the template tokenizer.
func (p *project) addScript(name string, src, code []byte, lang string) {
	s, note := parseScript(name, src, code, lang)
	if note == nil {
		p.scripts = append(p.scripts, s)
		return
	}
	p.notes = append(p.notes, *note)
	if ext := path.Ext(name); ext == ".jsx" || ext == ".tsx" || ext != ".vue" && bytes.Contains(src, []byte("<WebView")) {
		p.templates = append(p.templates, name)
	}
}

// resolve evaluates constants across all scripts, then reads each
// script's data, navigations and JSX web-views, then each template's
// web-views, then keeps the navigations that open a web-view page.
func (p *project) resolve() (*Result, error) {
	env := map[string]value{}
	for range 2 { // twice, for constants built from other modules' constants
		for _, s := range p.scripts {
			s.consts(env)
		}
	}
	pages, bases := pageLists(p.fsys)
	g := &pageGraph{fsys: p.fsys, stems: p.stems, views: map[string]bool{}, deps: map[string][]string{}, bases: bases}
	res := &Result{Notes: append(p.notes, g.missing(pages)...)}
	binds := map[string]map[string]pageData{}
	routes := map[string]bool{}
	var navs []navCall
	var bound []binding
	var wrappers []wrapper
	var calls []callSite
	for _, s := range p.scripts {
		v := &visitor{s: s, env: env, data: map[string]pageData{}, locals: map[string]pageData{}, routes: routes, fnNames: map[js.INode]string{}}
		js.Walk(v, s.ast)
		found, b := v.resolveViews()
		res.Found, bound = append(res.Found, found...), append(bound, b...)
		res.Notes, navs = append(res.Notes, v.notes...), append(navs, v.navs...)
		wrappers, calls = append(wrappers, v.wrappers...), append(calls, v.callSites...)
		g.views[stem(s.file)] = g.views[stem(s.file)] || len(v.views) > 0
		g.addImports(s)
		mergeBinds(binds, s.file, v.data)
		if ext := path.Ext(s.file); ext == ".vue" || ext == ".nvue" {
			mergeBinds(binds, s.file, v.locals)
		}
	}
	wnavs, wnotes := resolveWrappers(wrappers, calls, env, routes)
	navs, res.Notes = append(navs, wnavs...), append(res.Notes, wnotes...)
	for _, t := range p.templates {
		src, err := fs.ReadFile(p.fsys, t)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t, err)
		}
		found, b, notes := templateWebViews(t, src)
		res.Found, bound = append(res.Found, found...), append(bound, b...)
		res.Notes = append(res.Notes, notes...)
		g.views[stem(t)] = g.views[stem(t)] || hasWebView(src)
	}
	for _, b := range bound {
		f, ok := resolveBinding(b.File, b, binds)
		switch {
		case ok:
			res.Found = append(res.Found, f)
		case !openedWithQuery(b.File, routes):
			res.Notes = append(res.Notes, b.Note)
		}
	}
	for _, n := range navs {
		if known, holds := g.opens(n); known && !holds {
			res.Notes = append(res.Notes, Note{n.File, n.Line, n.Col, "navigation to " + n.route + " passes " + n.URL + ", but that page holds no web-view: not scanned"})
			continue
		}
		res.Found = append(res.Found, n.Found)
	}
	return res, nil
}

// mergeBinds adds a script's keys to its file's (a .vue file may have two
// <script> blocks); the first writer of a key wins.
func mergeBinds(binds map[string]map[string]pageData, file string, keys map[string]pageData) {
	if binds[file] == nil {
		binds[file] = map[string]pageData{}
	}
	for k, d := range keys {
		if _, ok := binds[file][k]; !ok {
			binds[file][k] = d
		}
	}
}

// hasWebView reports whether a template holds a web-view tag.
func hasWebView(src []byte) bool {
	return bytes.Contains(src, []byte("<web-view")) || bytes.Contains(src, []byte("<WebView"))
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
	// Taro and uni-app projects built for WeChat may hold a
	// project.config.json too (pointing at their build output): their
	// own configuration is read first.
	for _, f := range []string{"src/app.config.ts", "src/app.config.js", "app.config.ts", "app.config.js"} {
		if _, err := fs.Stat(fsys, f); err == nil {
			return "taro"
		}
	}
	for _, f := range []string{"pages.json", "src/pages.json"} {
		if hasKey(fsys, f, "pages") {
			return "uni-app"
		}
	}
	if hasKey(fsys, "manifest.json", "mp-weixin") || hasKey(fsys, "src/manifest.json", "mp-weixin") {
		return "uni-app"
	}
	if _, err := fs.Stat(fsys, "project.config.json"); err == nil {
		return "wechat"
	}
	if hasKey(fsys, "app.json", "pages") {
		return "wechat"
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
