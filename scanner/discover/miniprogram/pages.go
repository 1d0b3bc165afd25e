package miniprogram

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// The page lists of a project (app.json, pages.json, app.config.{js,ts})
// say which pages exist and where page routes are rooted. They serve
// two ends: a listed page without a file is a note, and a navigation
// passing a URL in its query counts only when the page it opens holds a
// web-view (itself or in a component it uses) — or when that page cannot
// be found, in doubt. The walk still reads every file: components and
// unlisted pages hold web-views too.

// listedPage is a page route of a page list, rooted at base, and where the
// list names it.
type listedPage struct {
	base, route string
	file        string
	line, col   int
}

// pageLists reads the page lists of the project in fsys.
func pageLists(fsys fs.FS) (pages []listedPage, bases []string) {
	root := "."
	if b, err := fs.ReadFile(fsys, "project.config.json"); err == nil {
		var c struct {
			MiniprogramRoot string `json:"miniprogramRoot"`
		}
		if json.Unmarshal(b, &c) == nil && c.MiniprogramRoot != "" {
			root = path.Clean(strings.TrimPrefix(c.MiniprogramRoot, "/"))
		}
	}
	for _, f := range []string{path.Join(root, "app.json"), "pages.json", "src/pages.json"} {
		if ps, ok := jsonPageList(fsys, f); ok {
			pages = append(pages, ps...)
			bases = append(bases, path.Dir(f))
		}
	}
	for _, f := range []string{"src/app.config.ts", "src/app.config.js", "app.config.ts", "app.config.js"} {
		if ps, ok := taroPageList(fsys, f); ok {
			pages = append(pages, ps...)
			bases = append(bases, path.Dir(f))
		}
	}
	return pages, append(bases, ".", "src")
}

// jsonPageList reads app.json (pages: ["route"], subpackages) or uni-app's
// pages.json (pages: [{path}], subPackages), comments allowed.
func jsonPageList(fsys fs.FS, name string) ([]listedPage, bool) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, false
	}
	var c struct {
		Pages       []json.RawMessage `json:"pages"`
		Subpackages []struct {
			Root  string            `json:"root"`
			Pages []json.RawMessage `json:"pages"`
		} `json:"subpackages"`
		SubPackages []struct {
			Root  string            `json:"root"`
			Pages []json.RawMessage `json:"pages"`
		} `json:"subPackages"`
	}
	if json.Unmarshal(stripComments(src), &c) != nil {
		return nil, false
	}
	l := &locator{file: name, src: src, base: path.Dir(name)}
	for _, p := range c.Pages {
		l.add("", pageRoute(p))
	}
	for _, sp := range append(c.Subpackages, c.SubPackages...) {
		for _, p := range sp.Pages {
			l.add(sp.Root, pageRoute(p))
		}
	}
	return l.pages, true
}

// pageRoute is a page of a JSON list: "route" or {"path": "route"}.
func pageRoute(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		Path string `json:"path"`
	}
	json.Unmarshal(raw, &o) // a page of another shape has no route
	return o.Path
}

// locator places the pages of a JSON list at the quoted route in the
// file, searching on from the previous one.
type locator struct {
	file, base string
	src        []byte
	off        int
	pages      []listedPage
}

func (l *locator) add(root, route string) {
	if route == "" {
		return
	}
	p := listedPage{base: l.base, route: path.Join(root, route), file: l.file, line: 1, col: 1}
	if i := bytes.Index(l.src[l.off:], []byte(`"`+route+`"`)); i >= 0 {
		l.off += i
		p.line, p.col = position(l.src, l.off)
		l.off++
	}
	l.pages = append(l.pages, p)
}

// stripComments blanks // and /* */ comments outside JSON strings, so
// uni-app's commented pages.json decodes (offsets are kept).
func stripComments(src []byte) []byte {
	out := bytes.Clone(src)
	inString := false
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			for ; i < len(out) && !(out[i] == '*' && i+1 < len(out) && out[i+1] == '/'); i++ {
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
			if i+1 < len(out) {
				out[i], out[i+1] = ' ', ' '
				i++
			}
		}
	}
	return out
}

// taroPageList reads Taro's app.config: the object literal with pages
// (and subPackages / subpackages).
func taroPageList(fsys fs.FS, name string) ([]listedPage, bool) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, false
	}
	s, note := parseScript(name, src, src, path.Ext(name))
	if note != nil {
		return nil, false
	}
	c := &appConfig{s: s, base: path.Dir(name)}
	js.Walk(c, s.ast)
	return c.pages, c.found
}

type appConfig struct {
	s     *script
	base  string
	found bool
	pages []listedPage
}

func (c *appConfig) Enter(n js.INode) js.IVisitor {
	obj, ok := n.(*js.ObjectExpr)
	if !ok || c.found {
		return c
	}
	pages, ok := prop(obj, "pages")
	if !ok {
		return c
	}
	c.found = true
	c.add("", pages)
	for _, key := range []string{"subPackages", "subpackages"} {
		list, ok := prop(obj, key)
		if arr, isArr := list.(*js.ArrayExpr); ok && isArr {
			for _, el := range arr.List {
				sp, ok := el.Value.(*js.ObjectExpr)
				if !ok {
					continue
				}
				root, _ := prop(sp, "root")
				r, _ := eval(root, nil)
				ps, _ := prop(sp, "pages")
				c.add(r.s, ps)
			}
		}
	}
	return nil
}

func (c *appConfig) Exit(js.INode) {}

func (c *appConfig) add(root string, list js.IExpr) {
	arr, ok := list.(*js.ArrayExpr)
	if !ok {
		return
	}
	for _, el := range arr.List {
		if v, ok := eval(el.Value, nil); ok && v.s != "" {
			line, col := c.s.pos(el.Value)
			c.pages = append(c.pages, listedPage{c.base, path.Join(root, v.s), c.s.file, line, col})
		}
	}
}

// prop returns the value of an object literal's property.
func prop(obj *js.ObjectExpr, key string) (js.IExpr, bool) {
	for _, p := range obj.List {
		if p.Name != nil && !p.Name.IsComputed() && propName(p.Name) == key && p.Value != nil {
			return p.Value, true
		}
	}
	return nil, false
}
