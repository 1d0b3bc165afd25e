package scanner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// folderFS is a local folder as an fs.FS that opens only regular files and
// folders lying inside it: a name is resolved with its symlinks, and the
// resolved path must stay under the folder and hold no segment starting
// with "." (a symlink inside the folder to another file inside it works).
// The resolved name is then opened through an os.Root, which refuses any
// symlink a concurrent change would make leave the folder.
type folderFS struct {
	dir  string // absolute, symlinks resolved
	root *os.Root
}

// errHidden refuses dot-files and dot-folders.
var errHidden = errors.New("hidden file or folder (name starts with \".\"): not served")

// escapeError is a symlink that leads out of the folder.
type escapeError struct{ target string }

func (e *escapeError) Error() string {
	return "symlink leaves the target folder: -> " + filepath.ToSlash(e.target)
}

func openFolder(dir string) (*folderFS, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, fmt.Errorf("open folder: %w", err)
	}
	if real, err = filepath.Abs(real); err != nil {
		return nil, fmt.Errorf("open folder: %w", err)
	}
	root, err := os.OpenRoot(real)
	if err != nil {
		return nil, fmt.Errorf("open folder: %w", err)
	}
	return &folderFS{dir: real, root: root}, nil
}

// Open opens name (slash-separated, relative to the folder) if it resolves
// inside the folder.
func (f *folderFS) Open(name string) (fs.File, error) {
	rel, err := f.resolve(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f.root.Open(rel)
}

// resolve returns the path, relative to the folder and free of symlinks,
// that name stands for, or why it is not served.
func (f *folderFS) resolve(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", fs.ErrInvalid
	}
	if hiddenPath(name) {
		return "", errHidden
	}
	real, err := filepath.EvalSymlinks(filepath.Join(f.dir, filepath.FromSlash(name)))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			// Not the absolute path of the folder: the caller names it.
			err = pe.Err
		}
		return "", err
	}
	rel, err := filepath.Rel(f.dir, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", &escapeError{target: real}
	}
	if hiddenPath(filepath.ToSlash(rel)) {
		return "", fmt.Errorf("symlink leads to a hidden file or folder: -> %s", filepath.ToSlash(rel))
	}
	st, err := os.Lstat(real)
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() && !st.IsDir() {
		// Opening a FIFO would block; devices are no page.
		return "", errors.New("not a regular file")
	}
	return rel, nil
}

// Close releases the folder.
func (f *folderFS) Close() error { return f.root.Close() }

// hiddenPath reports whether a slash path has a segment starting with ".".
func hiddenPath(name string) bool {
	if name == "." {
		return false
	}
	for seg := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}
