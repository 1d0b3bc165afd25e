package probe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/beiancheck/beiancheck/rules"
)

// Answer is what the probe returns: the page measured and what the
// scanner decides its waits with.
type Answer struct {
	rules.Page
	// LateDue is when the last short timeout that the page set while
	// loading fires, in ms since navigation; 0 for none pending.
	LateDue float64 `json:"-"`
	// Leaving says the page had started a navigation to another document
	// when it was measured: the measurement is of a page being left, and
	// the scanner waits for the next one.
	//
	// The probe runs in an isolated world and cannot see what hooks.js
	// noted in the page's: the scanner reads both in the page's world.
	Leaving bool `json:"-"`
}

// notMeasured are the fields of rules.Page the scanner fills, not the
// probe: the probe never sends them.
var notMeasured = []string{"url", "viewport", "entry"}

// Decode reads the probe's answer strictly: a field the answer has and
// Answer does not, a field without omitempty the answer lacks, or a value
// of the wrong type is an error naming the field.
func Decode(raw []byte) (*Answer, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("decode probe answer: %w", err)
	}
	if err := check(v, reflect.TypeFor[Answer](), "", notMeasured); err != nil {
		return nil, fmt.Errorf("decode probe answer: %w", err)
	}
	var a Answer
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("decode probe answer: %w", err)
	}
	return &a, nil
}

// field is one JSON field of a struct type.
type field struct {
	typ       reflect.Type
	omitempty bool
}

// fields lists the JSON fields of a struct type, embedded structs
// flattened.
func fields(t reflect.Type) map[string]field {
	out := map[string]field{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			for k, v := range fields(f.Type) {
				out[k] = v
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = field{f.Type, slices.Contains(strings.Split(opts, ","), "omitempty")}
	}
	return out
}

// check walks a decoded JSON value against a Go type: objects against
// structs (no unknown key, every key without omitempty present, except
// those in optional), arrays against slices. Types of leaves are left to
// encoding/json.
func check(v any, t reflect.Type, path string, optional []string) error {
	switch t.Kind() {
	case reflect.Pointer:
		if v == nil {
			return nil
		}
		return check(v, t.Elem(), path, nil)
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return nil
		}
		for i, e := range arr {
			if err := check(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), nil); err != nil {
				return err
			}
		}
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		fs := fields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			f, ok := fs[k]
			if !ok {
				return fmt.Errorf("unknown field %q", join(path, k))
			}
			if err := check(obj[k], f.typ, join(path, k), nil); err != nil {
				return err
			}
		}
		names := make([]string, 0, len(fs))
		for k := range fs {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			if _, ok := obj[k]; !ok && !fs[k].omitempty && !slices.Contains(optional, k) {
				return fmt.Errorf("missing field %q", join(path, k))
			}
		}
	}
	return nil
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}
