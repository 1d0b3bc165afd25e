package miniprogram

import (
	"bytes"
	"fmt"

	"github.com/evanw/esbuild/pkg/api"
)

// TypeScript, JSX and TSX are not ECMAScript, which the parser reads:
// esbuild transforms them to plain JavaScript with a source map (types,
// enums, casts and decorators removed or lowered, JSX turned into calls of
// jsxFactory), the output is parsed like any script, and every position
// found in it is mapped back to the original file through the source map.

// jsxFactory is the function JSX elements are turned into calls of:
// jsxFactory(tag, props, ...children). The name is one no project uses; a
// member, so each call has text of its own to place it by (pos).
const (
	jsxFactory  = "__beiancheck.jsx"
	jsxFragment = "__beiancheckFragment"
)

// loaderFor is the esbuild loader of a file extension or a .vue <script>
// lang: ok is false for plain JavaScript, parsed as it is.
func loaderFor(lang string) (api.Loader, bool) {
	switch lang {
	case "ts", ".ts":
		return api.LoaderTS, true
	case "tsx", ".tsx":
		return api.LoaderTSX, true
	case "jsx", ".jsx":
		return api.LoaderJSX, true
	}
	return api.LoaderNone, false
}

// transform turns code (TypeScript, JSX or TSX) into JavaScript and the
// source map of the output. An error is located at its line and column in
// code (1-based line, 0-based byte column), or at 1, 0 when esbuild gives
// no location.
func transform(file string, code []byte, loader api.Loader) (out []byte, sm *sourceMap, line, col int, err error) {
	r := api.Transform(string(code), api.TransformOptions{
		Loader:      loader,
		Sourcefile:  file,
		Sourcemap:   api.SourceMapExternal,
		Target:      api.ESNext,
		Charset:     api.CharsetUTF8,
		JSX:         api.JSXTransform,
		JSXFactory:  jsxFactory,
		JSXFragment: jsxFragment,
		// Legacy decorators are lowered to calls; standard ones are
		// kept, and the parser reads no decorators.
		TsconfigRaw: `{"compilerOptions":{"experimentalDecorators":true}}`,
		LogLevel:    api.LogLevelSilent,
	})
	if len(r.Errors) > 0 {
		e := r.Errors[0]
		line = 1
		if e.Location != nil {
			line, col = e.Location.Line, e.Location.Column
		}
		return nil, nil, line, col, fmt.Errorf("%s", e.Text)
	}
	sm, err = parseSourceMap(r.Map)
	if err != nil {
		return nil, nil, 1, 0, err
	}
	// One spare byte of capacity: the parser appends its NUL in place, so
	// the AST points into out and offsets in it can be taken.
	out = make([]byte, len(r.Code), len(r.Code)+1)
	copy(out, r.Code)
	return out, sm, 0, 0, nil
}

// lineOffset is the byte offset of a 0-based line in b (len(b) past the
// last).
func lineOffset(b []byte, line int) int {
	off := 0
	for ; line > 0; line-- {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return len(b)
		}
		off += i + 1
	}
	return off
}

// lineAt is the 0-based line of b starting at off, without its newline.
func lineAt(b []byte, off int) []byte {
	l := b[off:]
	if i := bytes.IndexByte(l, '\n'); i >= 0 {
		l = l[:i]
	}
	return l
}

// at returns the 1-based line and byte column in the original file of b,
// a slice of the parsed code (an AST node's text).
func (s *script) at(b []byte) (line, col int) {
	off := offsetIn(s.code, b)
	if s.smap == nil {
		return position(s.src, s.base+off)
	}
	gl := bytes.Count(s.code[:off], []byte("\n"))
	start := lineOffset(s.code, gl)
	ol, oc, ok := s.smap.lookup(gl, utf16Col(s.code[start:off]))
	if !ok {
		return position(s.src, s.base)
	}
	block := s.src[s.base:]
	ls := lineOffset(block, ol)
	return position(s.src, s.base+ls+byteCol(lineAt(block, ls), oc))
}

// codeOffset is the offset in the original file of a 1-based line and
// 0-based byte column of the code block starting at s.base.
func codeOffset(src []byte, base, line, col int) int {
	block := src[base:]
	ls := lineOffset(block, line-1)
	return base + ls + min(col, len(lineAt(block, ls)))
}
