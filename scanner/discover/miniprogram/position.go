package miniprogram

import "github.com/tdewolff/parse/v2/js"

// The parser shares one *js.Var among the uses of a name, its Data at
// the first occurrence: a name's text does not say where this use is.
// Literals, template parts and member names are each their own text.

// pos returns the line and column where an expression starts in the
// original file: exactly when its start is a literal, or a name before a
// member or call whose own text follows it; else at its first text of
// its own when the name's text lies on an earlier line; else at the
// name's text.
func (s *script) pos(e js.IExpr) (line, col int) {
	if b := s.start(e); b != nil {
		return s.at(b)
	}
	l1, c1 := s.at(leaf(e))
	if own := ownText(e); own != nil {
		if l2, c2 := s.at(own); l2 != l1 {
			return l2, c2
		}
	}
	return l1, c1
}

// start is the text an expression starts with when it can be placed.
func (s *script) start(e js.IExpr) []byte {
	switch e := e.(type) {
	case *js.LiteralExpr:
		return e.Data
	case *js.TemplateExpr:
		return leaf(e)
	case *js.BinaryExpr:
		return s.start(e.X)
	case *js.DotExpr:
		y, ok := memberText(e)
		if !ok {
			return nil
		}
		switch x := e.X.(type) {
		case *js.Var:
			return s.before(y, x.Data, ".", "?.")
		case *js.LiteralExpr:
			return x.Data
		}
		return s.start(e.X)
	case *js.CallExpr:
		x, ok := e.X.(*js.Var)
		if !ok {
			return s.start(e.X)
		}
		if len(e.Args.List) > 0 {
			if a := s.start(e.Args.List[0].Value); a != nil {
				return s.before(a, x.Data, "(")
			}
		}
	}
	return nil
}

// before returns the text of name written just before next with one of
// the separators between them, or nil.
func (s *script) before(next, name []byte, seps ...string) []byte {
	off := offsetIn(s.code, next)
	if off == 0 {
		return nil
	}
	for _, sep := range seps {
		i := off - len(sep) - len(name)
		if i >= 0 && string(s.code[i:off]) == string(name)+sep {
			return s.code[i : i+len(name)]
		}
	}
	return nil
}

// ownText is the first text of an expression that is its own (not a
// name's), or nil.
func ownText(e js.IExpr) []byte {
	switch e := e.(type) {
	case *js.LiteralExpr:
		return e.Data
	case *js.TemplateExpr:
		return leaf(e)
	case *js.BinaryExpr:
		if b := ownText(e.X); b != nil {
			return b
		}
		return ownText(e.Y)
	case *js.GroupExpr:
		return ownText(e.X)
	case *js.DotExpr:
		if b := ownText(e.X); b != nil {
			return b
		}
		if y, ok := memberText(e); ok {
			return y
		}
	case *js.CallExpr:
		if b := ownText(e.X); b != nil {
			return b
		}
		for _, a := range e.Args.List {
			if b := ownText(a.Value); b != nil {
				return b
			}
		}
	}
	return nil
}
