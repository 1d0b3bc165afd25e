package miniprogram

import (
	"strings"

	"github.com/tdewolff/parse/v2/js"
)

// jsxView is a web-view element of a JSX/TSX script (Taro's <WebView>, or
// <web-view>): the location of its tag and its src expression (nil when
// it has none).
type jsxView struct {
	line, col int
	src       js.IExpr
}

// jsx records a JSX element turned into jsxFactory(tag, props, ...) by
// the transform, when it is a web-view; it reports whether c was JSX.
func (v *visitor) jsx(c *js.CallExpr) bool {
	d, ok := c.X.(*js.DotExpr)
	if !ok || len(c.Args.List) == 0 {
		return false
	}
	x, ok1 := d.X.(*js.Var)
	y, ok2 := memberText(d)
	if !ok1 || !ok2 || string(x.Data)+"."+string(y) != jsxFactory {
		return false
	}
	if !isWebViewTag(c.Args.List[0].Value) {
		return true
	}
	// The member name is this call's own text, mapped to the tag's "<".
	line, col := v.s.at(y)
	view := jsxView{line: line, col: col}
	if len(c.Args.List) > 1 {
		if obj, ok := c.Args.List[1].Value.(*js.ObjectExpr); ok {
			for _, p := range obj.List {
				if p.Name != nil && !p.Name.IsComputed() && propName(p.Name) == "src" && p.Value != nil {
					view.src = p.Value
				}
			}
		}
	}
	v.views = append(v.views, view)
	return true
}

// isWebViewTag reports whether a JSX tag is a web-view: the WebView
// component (imported or as X.WebView) or the intrinsic <web-view>.
func isWebViewTag(e js.IExpr) bool {
	switch t := e.(type) {
	case *js.Var:
		return string(t.Data) == "WebView"
	case *js.DotExpr:
		m, _ := member(t)
		return m == "WebView"
	case *js.LiteralExpr:
		s := jsString(t.Data)
		return t.TokenType == js.StringToken && (s == "web-view" || s == "webview")
	}
	return false
}

// stateHooks are the calls whose first argument is a local's initial
// value: Vue's ref, React's useState and useRef.
var stateHooks = map[string]bool{"ref": true, "shallowRef": true, "useState": true, "useRef": true}

// local records `x = …` and `[x] = useState(…)` declarations holding a
// web URL.
func (v *visitor) local(d *js.VarDecl) {
	for _, be := range d.List {
		if be.Default == nil {
			continue
		}
		init := be.Default
		if c, ok := init.(*js.CallExpr); ok {
			if f, ok := c.X.(*js.Var); ok && stateHooks[string(f.Data)] && len(c.Args.List) > 0 {
				init = c.Args.List[0].Value
			}
		}
		name := be.Binding
		if arr, ok := be.Binding.(*js.BindingArray); ok && len(arr.List) > 0 {
			name = arr.List[0].Binding
		}
		x, ok := name.(*js.Var)
		if !ok {
			continue
		}
		v.nameFunc(string(x.Data), be.Default)
		val, ok := eval(init, v.env)
		if !ok || !isWebURL(val.s) {
			continue
		}
		if _, seen := v.locals[string(x.Data)]; !seen {
			line, col := v.s.pos(init)
			v.locals[string(x.Data)] = pageData{val, line, col}
		}
	}
}

// resolveViews resolves the JSX web-views of the script: a src written
// as a literal or constant expression, or naming a data/state key or a
// local. The rest are bindings, reported unless the page is opened with
// a URL in its query.
func (v *visitor) resolveViews() ([]Found, []binding) {
	var found []Found
	var bound []binding
	for _, w := range v.views {
		if w.src == nil {
			v.notes = append(v.notes, Note{v.s.file, w.line, w.col, "web-view without src"})
			continue
		}
		if val, ok := eval(w.src, v.env); ok {
			how := HowLiteral
			if val.constant {
				how = HowConstant
			}
			found = append(found, Found{val.s, v.s.file, w.line, w.col, how})
			continue
		}
		if d, ok := v.lookup(exprKey(w.src)); ok {
			how := HowData
			if d.constant {
				how = HowConstant
			}
			found = append(found, Found{d.s, v.s.file, d.line, d.col, how})
			continue
		}
		var b strings.Builder
		w.src.JS(&b)
		bound = append(bound, binding{Note: Note{v.s.file, w.line, w.col, "web-view src bound to {" + b.String() + "}: not resolved statically"}})
	}
	return found, bound
}

// lookup finds a bound key in the script's data, then its locals.
func (v *visitor) lookup(key string) (pageData, bool) {
	if key == "" {
		return pageData{}, false
	}
	if d, ok := v.data[key]; ok {
		return d, true
	}
	d, ok := v.locals[key]
	return d, ok
}

// exprKey is the name a src expression reads: x, or the last member of
// this.state.x, props.x, state.x.
func exprKey(e js.IExpr) string {
	switch e := e.(type) {
	case *js.Var:
		return string(e.Data)
	case *js.DotExpr:
		m, _ := member(e)
		return m
	}
	return ""
}
