package miniprogram

import (
	"bytes"
	"net/url"
	"strings"
	"unsafe"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"
)

const (
	// HowData is a bound src resolved from a string in the page's data
	// initialiser, setData call or this.x assignment (onLoad).
	HowData How = "data-bound"
	// HowQuery is a URL passed in the query of a navigateTo (wx., uni.,
	// Taro.) call that opens a web-view page.
	HowQuery How = "query"
	// HowConstant is a URL assembled from constants by concatenation.
	HowConstant How = "constant"
)

// value is a statically known string and whether constants went into it.
type value struct {
	s        string
	constant bool
}

// script is one parsed JavaScript source (a .js/.ts file or a .vue
// <script> block). src is the whole file, so offsets are file offsets.
type script struct {
	file string
	src  []byte
	ast  *js.AST
}

// parseScript parses code, a sub-slice of src (the whole file).
func parseScript(file string, src, code []byte) (*script, *Note) {
	ast, err := js.Parse(parse.NewInputBytes(code), js.Options{})
	if err != nil {
		n := noteAt(file, src, offsetIn(src, code), "script not parsed, its web-view URLs are not read: "+firstLine(err.Error()))
		return nil, &n
	}
	return &script{file: file, src: src, ast: ast}, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// vueScript returns the <script> block of a .vue file as a sub-slice of
// src, or nil.
func vueScript(src []byte) []byte {
	i := bytes.Index(src, []byte("<script"))
	if i < 0 {
		return nil
	}
	j := bytes.IndexByte(src[i:], '>')
	if j < 0 {
		return nil
	}
	start := i + j + 1
	end := bytes.Index(src[start:], []byte("</script>"))
	if end < 0 {
		return nil
	}
	return src[start : start+end]
}

// offsetIn returns the offset of sub within buf, or 0 when sub does not
// point into buf.
func offsetIn(buf, sub []byte) int {
	if len(buf) == 0 || len(sub) == 0 {
		return 0
	}
	b := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	s := uintptr(unsafe.Pointer(unsafe.SliceData(sub)))
	if s < b || s >= b+uintptr(len(buf)) {
		return 0
	}
	return int(s - b)
}

// consts collects top-level `const NAME = expr` (and object constants as
// NAME.key) that evaluate to strings, into env.
func (s *script) consts(env map[string]value) {
	for _, st := range s.ast.List {
		var node js.INode = st
		if ex, ok := st.(*js.ExportStmt); ok {
			node = ex.Decl
		}
		vd, ok := node.(*js.VarDecl)
		if !ok || vd.TokenType != js.ConstToken {
			continue
		}
		for _, be := range vd.List {
			v, ok := be.Binding.(*js.Var)
			if !ok || be.Default == nil {
				continue
			}
			name := string(v.Data)
			if obj, ok := be.Default.(*js.ObjectExpr); ok {
				for _, p := range obj.List {
					if p.Name == nil || p.Name.IsComputed() || p.Value == nil {
						continue
					}
					if val, ok := eval(p.Value, env); ok {
						env[name+"."+propName(p.Name)] = value{val.s, true}
					}
				}
				continue
			}
			if val, ok := eval(be.Default, env); ok {
				env[name] = value{val.s, true}
			}
		}
	}
}

func propName(n *js.PropertyName) string {
	d := n.Literal.Data
	if n.Literal.TokenType == js.StringToken {
		return jsString(d)
	}
	return string(d)
}

// eval evaluates a constant string expression: literals, template
// literals, + concatenation, known constants, and encodeURIComponent of
// those (kept unencoded).
func eval(e js.IExpr, env map[string]value) (value, bool) {
	switch e := e.(type) {
	case *js.LiteralExpr:
		if e.TokenType == js.StringToken {
			return value{s: jsString(e.Data)}, true
		}
	case *js.TemplateExpr:
		if e.Tag != nil {
			return value{}, false
		}
		var b strings.Builder
		c := false
		for _, p := range e.List {
			b.WriteString(templateText(p.Value))
			v, ok := eval(p.Expr, env)
			if !ok {
				return value{}, false
			}
			b.WriteString(v.s)
			c = c || v.constant
		}
		b.WriteString(templateText(e.Tail))
		return value{b.String(), c}, true
	case *js.BinaryExpr:
		if e.Op != js.AddToken {
			return value{}, false
		}
		x, ok1 := eval(e.X, env)
		y, ok2 := eval(e.Y, env)
		if ok1 && ok2 {
			return value{x.s + y.s, x.constant || y.constant}, true
		}
	case *js.GroupExpr:
		return eval(e.X, env)
	case *js.Var:
		v, ok := env[string(e.Data)]
		return v, ok
	case *js.DotExpr:
		if x, ok := e.X.(*js.Var); ok {
			if y, ok := member(e); ok {
				v, ok := env[string(x.Data)+"."+y]
				return v, ok
			}
		}
	case *js.CallExpr:
		if f, ok := e.X.(*js.Var); ok && string(f.Data) == "encodeURIComponent" && len(e.Args.List) == 1 {
			return eval(e.Args.List[0].Value, env)
		}
	}
	return value{}, false
}

// member returns the property name of a dot expression (x.name).
func member(d *js.DotExpr) (string, bool) {
	switch y := d.Y.(type) {
	case js.LiteralExpr:
		return string(y.Data), true
	case *js.LiteralExpr:
		return string(y.Data), true
	}
	return "", false
}

// templateText strips the backtick, "}" and "${" delimiters of a raw
// template part.
func templateText(b []byte) string {
	s := string(b)
	s = strings.TrimPrefix(s, "`")
	s = strings.TrimPrefix(s, "}")
	s = strings.TrimSuffix(s, "`")
	s = strings.TrimSuffix(s, "${")
	return s
}

// jsString unquotes a JavaScript string literal (simple escapes only).
func jsString(d []byte) string {
	if len(d) < 2 {
		return ""
	}
	r := strings.NewReplacer(`\'`, `'`, `\"`, `"`, `\/`, `/`, `\\`, `\`)
	return r.Replace(string(d[1 : len(d)-1]))
}

// leaf returns the first byte slice of an expression in the source, for
// its position.
func leaf(e js.IExpr) []byte {
	switch e := e.(type) {
	case *js.LiteralExpr:
		return e.Data
	case *js.Var:
		return e.Data
	case *js.BinaryExpr:
		return leaf(e.X)
	case *js.GroupExpr:
		return leaf(e.X)
	case *js.DotExpr:
		return leaf(e.X)
	case *js.CallExpr:
		return leaf(e.X)
	case *js.TemplateExpr:
		if len(e.List) > 0 {
			return e.List[0].Value
		}
		return e.Tail
	}
	return nil
}

// pageData is a string a page sets for a data key, at its location.
type pageData struct {
	value
	line, col int
}

// visitor walks one script for data keys and navigateTo calls.
type visitor struct {
	s     *script
	env   map[string]value
	data  map[string]pageData
	calls []Found
	notes []Note
	// routes are the pages opened with a URL query that could not be
	// resolved or could: a bound web-view on such a page is accounted for.
	routes map[string]bool
}

// Enter records page data only where a page sets it: the data
// initialiser (data: {...}, Vue's data() returning {...}), setData({...})
// and this.key = ...; other objects (wx.request({url})) are not data.
func (v *visitor) Enter(n js.INode) js.IVisitor {
	switch n := n.(type) {
	case *js.Property:
		if n.Name != nil && !n.Name.IsComputed() && propName(n.Name) == "data" {
			v.dataInit(n.Value)
		}
		if m, ok := n.Value.(*js.MethodDecl); ok && n.Name == nil && !m.Name.IsComputed() && propName(&m.Name.PropertyName) == "data" {
			v.dataInit(m)
		}
	case *js.BinaryExpr:
		if d, ok := n.X.(*js.DotExpr); ok && n.Op == js.EqToken && isThis(d.X) {
			if y, ok := member(d); ok {
				v.setData(y, n.Y)
			}
		}
	case *js.CallExpr:
		if d, ok := n.X.(*js.DotExpr); ok && len(n.Args.List) > 0 {
			if m, _ := member(d); m == "setData" {
				v.object(n.Args.List[0].Value)
			}
		}
		v.call(n)
	}
	return v
}

func isThis(e js.IExpr) bool {
	switch x := e.(type) {
	case *js.LiteralExpr:
		return x.TokenType == js.ThisToken
	case js.LiteralExpr:
		return x.TokenType == js.ThisToken
	}
	return false
}

// dataInit reads a data initialiser: an object, or a method returning
// one.
func (v *visitor) dataInit(e js.IExpr) {
	if m, ok := e.(*js.MethodDecl); ok {
		for _, st := range m.Body.List {
			if r, ok := st.(*js.ReturnStmt); ok {
				v.object(r.Value)
			}
		}
		return
	}
	v.object(e)
}

// object records the keys of an object literal set as page data.
func (v *visitor) object(e js.IExpr) {
	obj, ok := e.(*js.ObjectExpr)
	if !ok {
		return
	}
	for _, p := range obj.List {
		if p.Name != nil && !p.Name.IsComputed() && p.Value != nil {
			v.setData(propName(p.Name), p.Value)
		}
	}
}

func (v *visitor) Exit(js.INode) {}

// setData records key = expr when expr is a web URL.
func (v *visitor) setData(key string, e js.IExpr) {
	val, ok := eval(e, v.env)
	if !ok || !isWebURL(val.s) {
		return
	}
	if _, seen := v.data[key]; seen {
		return
	}
	line, col := position(v.s.src, offsetIn(v.s.src, leaf(e)))
	v.data[key] = pageData{val, line, col}
}

var navigators = map[string]bool{"wx": true, "uni": true, "Taro": true}
var navigations = map[string]bool{"navigateTo": true, "redirectTo": true, "reLaunch": true}

// call reads wx/uni/Taro.navigateTo({url: ...}) for a URL in the query.
func (v *visitor) call(c *js.CallExpr) {
	d, ok := c.X.(*js.DotExpr)
	if !ok || len(c.Args.List) == 0 {
		return
	}
	x, ok1 := d.X.(*js.Var)
	y, ok2 := member(d)
	if !ok1 || !ok2 || !navigators[string(x.Data)] || !navigations[y] {
		return
	}
	obj, ok := c.Args.List[0].Value.(*js.ObjectExpr)
	if !ok {
		return
	}
	for _, p := range obj.List {
		if p.Name == nil || propName(p.Name) != "url" || p.Value == nil {
			continue
		}
		v.navigation(p.Value)
	}
}

func (v *visitor) navigation(e js.IExpr) {
	line, col := position(v.s.src, offsetIn(v.s.src, leaf(e)))
	val, ok := eval(e, v.env)
	if !ok {
		route, known := routePrefix(e, v.env)
		if known && strings.Contains(route, "url=") {
			v.routes[pathOf(route)] = true
			v.notes = append(v.notes, Note{v.s.file, line, col, "navigation to " + pathOf(route) + " with a URL not resolved statically"})
		}
		return
	}
	u, ok := queryURL(val.s)
	if !ok {
		return
	}
	v.routes[pathOf(val.s)] = true
	v.calls = append(v.calls, Found{u, v.s.file, line, col, HowQuery})
}

// routePrefix evaluates the leftmost constant part of a concatenation.
func routePrefix(e js.IExpr, env map[string]value) (string, bool) {
	if b, ok := e.(*js.BinaryExpr); ok && b.Op == js.AddToken {
		if val, ok := eval(b, env); ok {
			return val.s, true
		}
		return routePrefix(b.X, env)
	}
	val, ok := eval(e, env)
	return val.s, ok
}

// pathOf returns the page route of a navigation URL, without the leading
// slash and the query.
func pathOf(s string) string {
	p, _, _ := strings.Cut(s, "?")
	return strings.TrimPrefix(p, "/")
}

// queryURL returns the web URL in a navigation URL's query: the value of
// the first parameter that holds one (raw or percent-encoded), up to the
// end of the string when it was written unencoded.
func queryURL(nav string) (string, bool) {
	_, q, ok := strings.Cut(nav, "?")
	if !ok {
		return "", false
	}
	for q != "" {
		var param string
		param, q, _ = strings.Cut(q, "&")
		_, val, _ := strings.Cut(param, "=")
		if isWebURL(val) {
			// Written unencoded (encodeURIComponent is kept as its
			// argument): the URL runs to the end, its own query included.
			if q != "" {
				val += "&" + q
			}
			return val, true
		}
		if dec, err := url.QueryUnescape(val); err == nil && isWebURL(dec) {
			return dec, true
		}
	}
	return "", false
}

func isWebURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}
