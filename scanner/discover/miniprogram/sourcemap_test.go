package miniprogram

import (
	"reflect"
	"testing"
)

func TestDecodeVLQ(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{"AAAA", []int{0, 0, 0, 0}},
		{"IAAI", []int{4, 0, 0, 4}},
		{"D", []int{-1}},
		{"gB", []int{16}},
		{"hB", []int{-16}},
		{"2HAwBE", []int{123, 0, 24, 2}},
	}
	for _, tt := range tests {
		got, err := decodeVLQ(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("decodeVLQ(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"g", "A!", "gggggggB"} {
		if _, err := decodeVLQ(bad); err == nil {
			t.Errorf("decodeVLQ(%q) gave no error", bad)
		}
	}
}

func TestSourceMapLookup(t *testing.T) {
	// line 0: col 0 → 0:0, col 4 → 0:4; line 1 empty; line 2: col 0 → 1:4,
	// col 16 → 1:3 (fields relative to the previous segment's).
	sm, err := decodeMappings("AAAA,IAAI;;AACA,gBAAD")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ line, col, wantLine, wantCol int }{
		{0, 0, 0, 0},
		{0, 3, 0, 0},
		{0, 4, 0, 4},
		{0, 99, 0, 4},
		{1, 5, 0, 4}, // no segment on the line: the last of an earlier one
		{2, 15, 1, 4},
		{2, 16, 1, 3},
		{7, 0, 1, 3},
	}
	for _, tt := range tests {
		l, c, ok := sm.lookup(tt.line, tt.col)
		if !ok || l != tt.wantLine || c != tt.wantCol {
			t.Errorf("lookup(%d, %d) = %d, %d, %v; want %d, %d", tt.line, tt.col, l, c, ok, tt.wantLine, tt.wantCol)
		}
	}
	if _, err := decodeMappings("AA"); err == nil {
		t.Error("a segment of two fields gave no error")
	}
}

func TestUTF16Columns(t *testing.T) {
	line := []byte("a中😀b")
	if got := utf16Col(line); got != 5 {
		t.Errorf("utf16Col = %d, want 5", got)
	}
	for units, want := range map[int]int{0: 0, 1: 1, 2: 4, 4: 8, 5: 9, 9: 9} {
		if got := byteCol(line, units); got != want {
			t.Errorf("byteCol(%d) = %d, want %d", units, got, want)
		}
	}
}
