package miniprogram

import (
	"github.com/tdewolff/parse/v2/js"
)

// Projects often open their web-view page through a helper:
//
//	export function openWeb(link) {
//	  wx.navigateTo({ url: '/pages/webview/index?url=' + encodeURIComponent(link) })
//	}
//	openWeb('https://h5.example.com/a')
//
// The navigation reads a parameter, so its URL is not known where it is
// written; it is known at each call site of the helper. A wrapper is such
// a navigation, and every call of the helper's name (f(…), this.f(…),
// utils.f(…)) across the project is resolved with its arguments.

// fn is a function being walked: its name (when it has one) and its
// parameters' names ("" for a destructured one).
type fn struct {
	name   string
	params []string
}

// wrapper is a named function whose navigation URL reads its parameters.
type wrapper struct {
	fn
	url js.IExpr
	// note is the navigation's own note when its route passes a URL: kept
	// when no call is found, and given to calls that do not resolve it.
	note *Note
}

// callSite is a call of a name with its arguments, where it is written.
type callSite struct {
	s    *script
	name string
	args []js.IExpr
}

// enterFunc pushes a function onto the stack; names of function
// expressions come from the declaration or property that holds them.
func (v *visitor) enterFunc(n js.INode) {
	f := fn{name: v.fnNames[n]}
	var params js.Params
	switch n := n.(type) {
	case *js.FuncDecl:
		if n.Name != nil {
			f.name = string(n.Name.Data)
		}
		params = n.Params
	case *js.MethodDecl:
		if !n.Name.IsComputed() {
			f.name = propName(&n.Name.PropertyName)
		}
		params = n.Params
	case *js.ArrowFunc:
		params = n.Params
	}
	for _, p := range params.List {
		name := ""
		if x, ok := p.Binding.(*js.Var); ok {
			name = string(x.Data)
		}
		f.params = append(f.params, name)
	}
	v.funcs = append(v.funcs, f)
}

// nameFunc remembers the name a function expression is given.
func (v *visitor) nameFunc(name string, e js.IExpr) {
	switch e.(type) {
	case *js.ArrowFunc, *js.FuncDecl:
		v.fnNames[e] = name
	}
}

// Exit pops a function.
func (v *visitor) Exit(n js.INode) {
	switch n.(type) {
	case *js.FuncDecl, *js.MethodDecl, *js.ArrowFunc:
		v.funcs = v.funcs[:len(v.funcs)-1]
	}
}

// wrap records an unresolved navigation URL as a wrapper when it reads
// a parameter of the innermost named function around it.
func (v *visitor) wrap(e js.IExpr, note *Note) bool {
	for i := len(v.funcs) - 1; i >= 0; i-- {
		f := v.funcs[i]
		if f.name == "" || len(f.params) == 0 {
			continue
		}
		if !reads(e, f.params) {
			return false
		}
		v.wrappers = append(v.wrappers, wrapper{f, e, note})
		return true
	}
	return false
}

// reads reports whether an expression reads one of the names.
func reads(e js.IExpr, names []string) bool {
	r := &reader{names: names}
	js.Walk(r, e)
	return r.found
}

type reader struct {
	names []string
	found bool
}

func (r *reader) Enter(n js.INode) js.IVisitor {
	if x, ok := n.(*js.Var); ok {
		for _, name := range r.names {
			if name != "" && string(x.Data) == name {
				r.found = true
			}
		}
	}
	if r.found {
		return nil
	}
	return r
}

func (r *reader) Exit(js.INode) {}

// recordCall keeps a call of a plain or member name with arguments.
func (v *visitor) recordCall(c *js.CallExpr) {
	if len(c.Args.List) == 0 {
		return
	}
	name := ""
	switch x := c.X.(type) {
	case *js.Var:
		name = string(x.Data)
	case *js.DotExpr:
		name, _ = member(x)
	}
	if name == "" {
		return
	}
	args := make([]js.IExpr, 0, len(c.Args.List))
	for _, a := range c.Args.List {
		args = append(args, a.Value)
	}
	v.callSites = append(v.callSites, callSite{v.s, name, args})
}

// resolveWrappers resolves each wrapper at the calls of its name: a call
// whose arguments give a web URL in the query is a navigation there, one
// whose URL is still unknown a note there. A wrapper never called keeps
// its own note.
func resolveWrappers(ws []wrapper, calls []callSite, env map[string]value, routes map[string]bool) ([]navCall, []Note) {
	var navs []navCall
	var notes []Note
	for _, w := range ws {
		called := false
		for _, c := range calls {
			if c.name != w.name {
				continue
			}
			called = true
			line, col := c.s.pos(c.args[0])
			local := map[string]value{}
			for k, val := range env {
				local[k] = val
			}
			for i, p := range w.params {
				if p == "" || i >= len(c.args) {
					continue
				}
				delete(local, p) // the parameter shadows a constant of that name
				if val, ok := eval(c.args[i], env); ok {
					local[p] = val
				}
			}
			val, ok := eval(w.url, local)
			if !ok {
				if w.note != nil {
					notes = append(notes, Note{c.s.file, line, col, "navigation through " + w.name + "() with a URL not resolved statically"})
				}
				continue
			}
			if u, ok := queryURL(val.s); ok {
				routes[pathOf(val.s)] = true
				navs = append(navs, navCall{Found{u, c.s.file, line, col, HowQuery}, pathOf(val.s)})
			}
		}
		if !called && w.note != nil {
			notes = append(notes, *w.note)
		}
	}
	return navs, notes
}
