package scanner

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// Target is one page to scan.
type Target struct {
	// URL is what the browser loads: the page's own URL, or the loopback
	// URL under which beiancheck serves a local file.
	URL string
	// Display is the URL shown in reports: the URL the user gave with any
	// credentials in it shown as "***" (sanitize.URL; URL keeps them for
	// the browser), or for a local file its path relative to the working
	// directory.
	Display string
	// Path is the local file's path relative to the working directory
	// (slash-separated); empty for URL targets.
	Path string
	// Entry marks a page the user named (as opposed to one found by a
	// crawl or a sitemap).
	Entry bool
	// Site groups targets whose main numbers must agree (ICP014): the host
	// of a URL, or the file or directory argument of local pages.
	Site string
	// ListFile and ListLine name the --urls file and line the URL came
	// from, when it did.
	ListFile string
	ListLine int
	// Crawled marks a page found by following links; Depth is how many
	// links away from a target it is, and Start the URL its crawl's scope
	// is measured from (empty for a target: its own final URL).
	Crawled bool
	Depth   int
	Start   string
	// fsys and name locate a local file's bytes for source lines.
	fsys fs.FS
	name string
}

// Source returns a local target's file contents.
func (t *Target) Source() ([]byte, error) {
	if t.fsys == nil {
		return nil, fmt.Errorf("%s is not a local file", t.Display)
	}
	return fs.ReadFile(t.fsys, t.name)
}

// isPage reports whether a file name is an HTML page.
func isPage(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// ResolveTargets turns command-line arguments into targets: http(s) URLs as
// they are, local .html files and directories (every .html under them)
// served by srv. srv may be nil when every argument is a URL.
func ResolveTargets(args []string, srv *LocalServer) ([]Target, error) {
	var out []Target
	for _, arg := range args {
		if u, err := url.Parse(arg); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			if u.Host == "" {
				return nil, fmt.Errorf("target %q: URL has no host", arg)
			}
			out = append(out, URLTarget(u.String(), true))
			continue
		} else if err == nil && u.Scheme == "file" {
			arg = u.Path
		} else if err == nil && len(u.Scheme) > 1 && !filepath.IsAbs(arg) {
			return nil, fmt.Errorf("target %q: only http(s) URLs, .html files and directories can be scanned", arg)
		}
		ts, err := localTargets(arg, srv)
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	seen := map[string]bool{}
	out = slices.DeleteFunc(out, func(t Target) bool {
		if seen[t.Display] {
			return true
		}
		seen[t.Display] = true
		return false
	})
	return out, nil
}

// URLTarget is the target of an http(s) URL: shown without its
// credentials, grouped by its host.
func URLTarget(u string, entry bool) Target {
	host := ""
	if pu, err := url.Parse(u); err == nil {
		host = strings.ToLower(pu.Hostname())
	}
	return Target{URL: u, Display: sanitize.URL(u), Entry: entry, Site: host}
}

func localTargets(arg string, srv *LocalServer) ([]Target, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, fmt.Errorf("target %q: not an http(s) URL and not a readable file: %w", arg, err)
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", arg, err)
	}
	root, names := abs, []string(nil)
	if st.IsDir() {
		if names, err = PageNames(os.DirFS(abs)); err != nil {
			return nil, fmt.Errorf("target %q: %w", arg, err)
		}
	} else {
		if !isPage(arg) {
			return nil, fmt.Errorf("target %q: a local file must be .html or .htm", arg)
		}
		root, names = filepath.Dir(abs), []string{filepath.Base(abs)}
	}
	if srv == nil {
		return nil, fmt.Errorf("target %q: local files need the local server", arg)
	}
	return MountTargets(srv, os.DirFS(root), displayPath(root), names), nil
}

// MountTargets serves fsys and returns a target for each named page. base
// is the slash path the pages are shown under (relative to the working
// directory when possible).
func MountTargets(srv *LocalServer, fsys fs.FS, base string, names []string) []Target {
	prefix := srv.Mount(fsys)
	slices.Sort(names)
	out := make([]Target, 0, len(names))
	for _, n := range names {
		disp := n
		if base != "" && base != "." {
			disp = base + "/" + n
		}
		out = append(out, Target{
			URL:     prefix + (&url.URL{Path: n}).EscapedPath(),
			Display: disp,
			Path:    disp,
			Entry:   true,
			Site:    base,
			fsys:    fsys,
			name:    n,
		})
	}
	return out
}

// displayPath is a directory relative to the working directory, with
// forward slashes, or the absolute path when it lies outside.
func displayPath(abs string) string {
	wd, err := os.Getwd()
	if err != nil {
		return filepath.ToSlash(abs)
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// PageNames lists the .html and .htm files of a tree, slash-separated and
// sorted, skipping hidden directories and helper files whose name starts
// with "_". A tree without a page is an error.
func PageNames(fsys fs.FS) ([]string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := d.Name()
		if d.IsDir() {
			if p != "." && strings.HasPrefix(base, ".") {
				return fs.SkipDir
			}
			return nil
		}
		if isPage(base) && !strings.HasPrefix(base, "_") {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New("no .html file found")
	}
	slices.Sort(names)
	return names, nil
}
