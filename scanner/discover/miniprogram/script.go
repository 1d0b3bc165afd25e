package miniprogram

import (
	"bytes"
	"errors"
	"strings"
	"unsafe"

	"github.com/evanw/esbuild/pkg/api"
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

// script is one parsed script: a .js/.ts/.jsx/.tsx file or a .vue
// <script> block. src is the whole file and base the offset in it of the
// script's source; code is what was parsed: that source itself, or
// esbuild's JavaScript for it, whose positions smap maps back.
type script struct {
	file string
	src  []byte
	base int
	code []byte
	smap *sourceMap
	ast  *js.AST
}

// parseScript parses code, a sub-slice of src (the whole file) written in
// lang: a file extension or a .vue <script> lang ("" or ".js" for
// JavaScript). A script neither read as JavaScript nor transformed is a
// note at the place of the error.
func parseScript(file string, src, code []byte, lang string) (*script, *Note) {
	base := offsetIn(src, code)
	loader, other := loaderFor(lang)
	if !other {
		ast, err := js.Parse(parse.NewInputBytes(code), js.Options{})
		if err == nil {
			return &script{file: file, src: src, base: base, code: code, ast: ast}, nil
		}
		// A .js file may hold JSX (React, Taro): read it as JSX before
		// giving up, and report the JavaScript error if that fails too.
		if s, note := transformScript(file, src, base, code, api.LoaderJSX); note == nil {
			return s, nil
		}
		line, col, msg := 1, 1, firstLine(err.Error())
		var pe *parse.Error
		if errors.As(err, &pe) {
			line, col, msg = pe.Line, max(pe.Column-1, 0), pe.Message
		}
		n := noteAt(file, src, codeOffset(src, base, line, col), "script not parsed, its web-view URLs are not read: "+msg)
		return nil, &n
	}
	return transformScript(file, src, base, code, loader)
}

// transformScript parses TypeScript, JSX or TSX through esbuild.
func transformScript(file string, src []byte, base int, code []byte, loader api.Loader) (*script, *Note) {
	out, sm, line, col, err := transform(file, code, loader)
	if err != nil {
		n := noteAt(file, src, codeOffset(src, base, line, col), "script not parsed, its web-view URLs are not read: "+firstLine(err.Error()))
		return nil, &n
	}
	s := &script{file: file, src: src, base: base, code: out, smap: sm}
	ast, err := js.Parse(parse.NewInputBytes(out), js.Options{})
	if err != nil {
		var pe *parse.Error
		l, c := 1, 1
		if errors.As(err, &pe) {
			l, c = pe.Line, max(pe.Column-1, 0)
		}
		line, col := s.at(out[lineOffset(out, l-1)+min(c, len(lineAt(out, lineOffset(out, l-1)))):])
		return nil, &Note{file, line, col, "script not parsed after transforming it, its web-view URLs are not read: " + firstLine(err.Error())}
	}
	s.ast = ast
	return s, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// vueBlock is a <script> block of a .vue file: its text (a sub-slice of
// the file) and its lang attribute.
type vueBlock struct {
	code []byte
	lang string
}

// vueScripts returns the <script> blocks of a .vue file (Vue 3 may have
// both <script> and <script setup>).
func vueScripts(src []byte) []vueBlock {
	var blocks []vueBlock
	rest := src
	for {
		i := bytes.Index(rest, []byte("<script"))
		if i < 0 {
			return blocks
		}
		j := bytes.IndexByte(rest[i:], '>')
		if j < 0 {
			return blocks
		}
		open := rest[i : i+j]
		start := i + j + 1
		end := bytes.Index(rest[start:], []byte("</script>"))
		if end < 0 {
			return blocks
		}
		blocks = append(blocks, vueBlock{rest[start : start+end], scriptLang(open)})
		rest = rest[start+end:]
	}
}

// scriptLang reads lang="..." of a <script ...> opening tag.
func scriptLang(open []byte) string {
	_, after, ok := bytes.Cut(open, []byte("lang="))
	if !ok || len(after) < 2 {
		return ""
	}
	q := after[0]
	if q != '"' && q != '\'' {
		return ""
	}
	lang, _, _ := bytes.Cut(after[1:], []byte{q})
	return string(lang)
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
	b, ok := memberText(d)
	return string(b), ok
}

// memberText is the text of a dot expression's property name.
func memberText(d *js.DotExpr) ([]byte, bool) {
	switch y := d.Y.(type) {
	case js.LiteralExpr:
		return y.Data, true
	case *js.LiteralExpr:
		return y.Data, true
	}
	return nil, false
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
