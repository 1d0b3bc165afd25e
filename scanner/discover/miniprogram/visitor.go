package miniprogram

import (
	"net/url"
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// pageData is a string a page sets for a data key, at its location.
type pageData struct {
	value
	line, col int
}

// visitor walks one script for data keys, local strings, navigateTo
// calls and JSX web-views.
type visitor struct {
	s    *script
	env  map[string]value
	data map[string]pageData
	// locals are strings given to local names: const x = '…',
	// ref('…'), [x] = useState('…'); read for .vue and JSX bindings.
	locals map[string]pageData
	navs   []navCall
	views  []jsxView
	notes  []Note
	// funcs is the stack of functions around the node walked; fnNames
	// the names function expressions are declared under (wrapper.go).
	funcs     []fn
	fnNames   map[js.INode]string
	wrappers  []wrapper
	callSites []callSite
	// routes are the pages opened with a URL query that could not be
	// resolved or could: a bound web-view on such a page is accounted for.
	routes map[string]bool
}

// Enter records page data only where a page sets it: the data
// initialiser (data: {...}, Vue's data() returning {...}), setData({...})
// and this.key = ...; other objects (wx.request({url})) are not data.
// React/Taro class components hold theirs in state: state = {...},
// this.state = {...}, this.setState({...}).
func (v *visitor) Enter(n js.INode) js.IVisitor {
	switch n := n.(type) {
	case *js.FuncDecl, *js.MethodDecl, *js.ArrowFunc:
		v.enterFunc(n)
	case *js.Property:
		if n.Name != nil && !n.Name.IsComputed() && dataKeys[propName(n.Name)] {
			v.dataInit(n.Value)
		}
		if n.Name != nil && !n.Name.IsComputed() {
			v.nameFunc(propName(n.Name), n.Value)
		}
		if m, ok := n.Value.(*js.MethodDecl); ok && n.Name == nil && !m.Name.IsComputed() && dataKeys[propName(&m.Name.PropertyName)] {
			v.dataInit(m)
		}
	case *js.Field: // class fields are a class component's data
		if n.Init != nil && !n.Name.IsComputed() && n.Name.Private == nil {
			if key := propName(&n.Name.PropertyName); dataKeys[key] {
				v.object(n.Init)
			} else {
				v.setData(key, n.Init)
			}
		}
	case *js.BinaryExpr:
		if d, ok := n.X.(*js.DotExpr); ok && n.Op == js.EqToken && isThis(d.X) {
			if y, ok := member(d); ok && dataKeys[y] {
				v.object(n.Y)
			} else if ok {
				v.setData(y, n.Y)
			}
		}
	case *js.VarDecl:
		v.local(n)
	case *js.CallExpr:
		if d, ok := n.X.(*js.DotExpr); ok && len(n.Args.List) > 0 {
			if m, _ := member(d); m == "setData" || m == "setState" {
				v.object(n.Args.List[0].Value)
			}
		}
		if !v.jsx(n) {
			v.call(n)
			v.recordCall(n)
		}
	}
	return v
}

// dataKeys name a page's data initialiser (data) or a component's state.
var dataKeys = map[string]bool{"data": true, "state": true}

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

// setData records key = expr when expr is a web URL.
func (v *visitor) setData(key string, e js.IExpr) {
	val, ok := eval(e, v.env)
	if !ok || !isWebURL(val.s) {
		return
	}
	if _, seen := v.data[key]; seen {
		return
	}
	line, col := v.s.pos(e)
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
		if p.Value == nil {
			continue
		}
		shorthand := false
		if x, ok := p.Value.(*js.Var); ok && p.Name == nil {
			shorthand = string(x.Data) == "url" // {url}
		}
		if shorthand || p.Name != nil && !p.Name.IsComputed() && propName(p.Name) == "url" {
			v.navigation(p.Value)
		}
	}
}

func (v *visitor) navigation(e js.IExpr) {
	line, col := v.s.pos(e)
	val, ok := eval(e, v.env)
	if !ok {
		var note *Note
		route, known := routePrefix(e, v.env)
		if known && passesURL(route) {
			v.routes[pathOf(route)] = true
			note = &Note{v.s.file, line, col, "navigation to " + pathOf(route) + " with a URL not resolved statically"}
		}
		if !v.wrap(e, note) && note != nil {
			v.notes = append(v.notes, *note)
		}
		return
	}
	u, ok := queryURL(val.s)
	if !ok {
		return
	}
	v.routes[pathOf(val.s)] = true
	v.navs = append(v.navs, navCall{Found{u, v.s.file, line, col, HowQuery}, pathOf(val.s)})
}

// navCall is a navigation passing a web URL in its query, and the route
// it opens (as written: absolute without its slash, or relative).
type navCall struct {
	Found
	route string
}

// passesURL reports whether a navigation's known start passes a URL in
// its query: a parameter named url (webUrl, h5Url, …), link or src.
func passesURL(route string) bool {
	_, q, ok := strings.Cut(strings.ToLower(route), "?")
	return ok && (strings.Contains(q, "url=") || strings.Contains(q, "link=") || strings.Contains(q, "src="))
}

// routePrefix evaluates the leftmost constant part of a concatenation.
func routePrefix(e js.IExpr, env map[string]value) (string, bool) {
	if b, ok := e.(*js.BinaryExpr); ok && b.Op == js.AddToken {
		if val, ok := eval(b, env); ok {
			return val.s, true
		}
		return routePrefix(b.X, env)
	}
	if t, ok := e.(*js.TemplateExpr); ok && t.Tag == nil && len(t.List) > 0 {
		return templateText(t.List[0].Value), true
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
