package miniprogram

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// sourceMap is the decoded "mappings" of a version 3 source map with one
// source: for each generated line, its segments sorted by generated
// column. Lines and columns are 0-based and count UTF-16 code units, as
// the format says.
type sourceMap struct {
	lines [][]segment
}

// segment maps a generated column to an original line and column.
type segment struct {
	genCol, line, col int
}

// parseSourceMap decodes the mappings of a source map in JSON.
func parseSourceMap(b []byte) (*sourceMap, error) {
	var m struct {
		Mappings string `json:"mappings"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("source map: %w", err)
	}
	return decodeMappings(m.Mappings)
}

// decodeMappings decodes the Base64 VLQ mappings: lines are separated by
// ';', segments by ','; each segment holds 1, 4 or 5 fields, each relative
// to the same field of the previous segment (the generated column only
// within its line).
func decodeMappings(s string) (*sourceMap, error) {
	sm := &sourceMap{}
	var src, line, col, name int
	for _, l := range strings.Split(s, ";") {
		var segs []segment
		genCol := 0
		for _, seg := range strings.Split(l, ",") {
			if seg == "" {
				continue
			}
			f, err := decodeVLQ(seg)
			if err != nil {
				return nil, err
			}
			switch len(f) {
			case 1, 4, 5:
			default:
				return nil, fmt.Errorf("source map: segment %q has %d fields", seg, len(f))
			}
			genCol += f[0]
			if len(f) == 1 {
				continue // maps to no source
			}
			src, line, col = src+f[1], line+f[2], col+f[3]
			if len(f) == 5 {
				name += f[4]
			}
			segs = append(segs, segment{genCol, line, col})
		}
		sort.SliceStable(segs, func(i, j int) bool { return segs[i].genCol < segs[j].genCol })
		sm.lines = append(sm.lines, segs)
	}
	return sm, nil
}

const base64Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// decodeVLQ decodes the Base64 VLQ numbers of one segment: five value bits
// per digit, least significant first, bit 6 set while more digits follow;
// the lowest bit of the result is the sign.
func decodeVLQ(s string) ([]int, error) {
	var out []int
	v, shift := 0, 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(base64Digits, s[i])
		if d < 0 {
			return nil, fmt.Errorf("source map: bad digit %q", s[i])
		}
		v |= (d & 31) << shift
		if d&32 != 0 {
			shift += 5
			if shift > 30 {
				return nil, fmt.Errorf("source map: number too long in %q", s)
			}
			continue
		}
		n := v >> 1
		if v&1 != 0 {
			n = -n
		}
		out = append(out, n)
		v, shift = 0, 0
	}
	if shift != 0 {
		return nil, fmt.Errorf("source map: unfinished number in %q", s)
	}
	return out, nil
}

// lookup returns the original position of a generated one: the last
// segment at or before it on its line, else the last of an earlier line.
func (sm *sourceMap) lookup(line, col int) (origLine, origCol int, ok bool) {
	for l := min(line, len(sm.lines)-1); l >= 0; l-- {
		segs := sm.lines[l]
		i := len(segs)
		if l == line {
			i = sort.Search(len(segs), func(i int) bool { return segs[i].genCol > col })
		}
		if i > 0 {
			s := segs[i-1]
			return s.line, s.col, true
		}
	}
	return 0, 0, false
}

// utf16Col is the UTF-16 length of a line's first n bytes.
func utf16Col(line []byte) int {
	n := 0
	for len(line) > 0 {
		r, size := utf8.DecodeRune(line)
		line = line[size:]
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// byteCol is the byte length of the prefix of line that is n UTF-16 code
// units long (or the whole line).
func byteCol(line []byte, n int) int {
	off := 0
	for n > 0 && off < len(line) {
		r, size := utf8.DecodeRune(line[off:])
		off += size
		n--
		if r >= 0x10000 {
			n--
		}
	}
	return off
}
