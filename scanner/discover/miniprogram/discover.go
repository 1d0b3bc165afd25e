package miniprogram

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
)

// Result is what discovery found in one project: web-view URLs and notes,
// sorted by file, line and column.
type Result struct {
	Found []Found
	Notes []Note
}

// skipDirs are folders that hold dependencies or build output, not the
// project's own pages.
var skipDirs = map[string]bool{
	".git": true, "node_modules": true, "miniprogram_npm": true,
	"unpackage": true, "dist": true,
}

// Discover reads the WXML and .vue templates under root. Script-side
// sources (data, onLoad, navigateTo queries, constants) are not read yet:
// web-views bound to them come back as notes.
func Discover(root string) (*Result, error) {
	fsys := os.DirFS(root)
	res := &Result{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && skipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if ext := path.Ext(p); ext != ".wxml" && ext != ".vue" {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		found, notes := templateWebViews(p, src)
		res.Found = append(res.Found, found...)
		res.Notes = append(res.Notes, notes...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", root, err)
	}
	slices.SortFunc(res.Found, func(a, b Found) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.URL, b.URL))
	})
	slices.SortFunc(res.Notes, func(a, b Note) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return res, nil
}
