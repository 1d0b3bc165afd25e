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

	"github.com/beiancheck/beiancheck/scanner/discover"
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
	// Site groups targets whose main numbers must agree (ICP014): the
	// origin of a URL (scheme, host and port, see discover.Origin), which the pages
	// a crawl finds from it inherit, or the file or directory argument of
	// local pages. Unrelated sites in one run are never compared.
	Site string
	// ListFile and ListLine name the --urls file and line the URL came
	// from, when it did.
	ListFile string
	ListLine int
	// SourceRef, when set, is the project source that gives the URL (a
	// mini-program web-view): findings are located there.
	SourceRef *SourceRef
	// Crawled marks a page found by following links; Depth is how many
	// links away from a target it is, and Start the URL its crawl's scope
	// is measured from (empty for a target: its own final URL).
	Crawled bool
	Depth   int
	Start   string
	// Skip, when set, is why the target is reported as skipped without
	// being loaded, decided when it was resolved (a symlink that leaves
	// the target folder).
	Skip string
	// fsys and name locate a local file's bytes for source lines.
	fsys fs.FS
	name string
}

// Key is the one identity of a target, used by every dedupe and by the
// baseline: a local file is its path, a URL its normalised form
// (discover.NormalizeURL), or the URL as given when it does not normalise.
func (t *Target) Key() string { return PageKey(t.URL, t.Path) }

// PageKey is Target.Key for a page known only by its URL and local path,
// as a JSON report holds it.
func PageKey(rawURL, path string) string {
	if path != "" {
		return path
	}
	if n, err := discover.NormalizeURL(rawURL); err == nil {
		return n
	}
	return rawURL
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
		u, err := url.Parse(arg)
		if lower := strings.ToLower(arg); err != nil && (strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")) {
			// Meant as a URL, and not one: say why, not "no such file".
			return nil, fmt.Errorf("target %q: not a valid URL: %w", redactMalformed(arg), errors.Unwrap(err))
		}
		if err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			if u.Host == "" {
				return nil, fmt.Errorf("target %q: URL has no host", arg)
			}
			out = append(out, URLTarget(u.String(), true))
			continue
		} else if err == nil && u.Scheme == "file" {
			// file://HOST/path names a file on another machine: reading
			// /path here would scan something else than asked.
			if u.User != nil || (u.Host != "" && !strings.EqualFold(u.Host, "localhost")) {
				return nil, fmt.Errorf("target %q: a file: URL must name a file on this machine (file:///path or file://localhost/path), not on host %q", arg, u.Host)
			}
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

// Expectations are the numbers pages must show (--expect HOST=NUMBER),
// by host: "host" or "host:port", lower case, numbers normalised with
// rules.ParseFiling. A page without its own entry falls back to
// rules.Options.Expect (a plain --expect NUMBER).
type Expectations map[string]string

// For returns the number expected of a page URL: the entry of its
// host:port, else of its host, else "".
func (e Expectations) For(rawURL string) string {
	if len(e) == 0 {
		return ""
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return ""
	}
	if n, ok := e[strings.ToLower(u.Host)]; ok {
		return n
	}
	return e[strings.ToLower(u.Hostname())]
}

// URLTarget is the target of an http(s) URL: shown without its
// credentials, grouped by its origin (discover.Origin).
func URLTarget(u string, entry bool) Target {
	site := ""
	if pu, err := url.Parse(u); err == nil {
		site = discover.Origin(pu)
	}
	return Target{URL: u, Display: sanitize.URL(u), Entry: entry, Site: site}
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
	dir := abs
	if !st.IsDir() {
		if !isPage(arg) {
			return nil, fmt.Errorf("target %q: a local file must be .html or .htm", arg)
		}
		if strings.HasPrefix(filepath.Base(abs), ".") {
			return nil, fmt.Errorf("target %q: hidden files (name starting with \".\") are not served", arg)
		}
		dir = filepath.Dir(abs)
	}
	if srv == nil {
		return nil, fmt.Errorf("target %q: local files need the local server", arg)
	}
	folder, err := srv.openFolder(dir)
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", arg, err)
	}
	var names []string
	skips := map[string]string{}
	if st.IsDir() {
		if names, skips, err = folderPages(folder); err != nil {
			return nil, fmt.Errorf("target %q: %w", arg, err)
		}
	} else if _, err := folder.resolve(filepath.Base(abs)); err != nil {
		// Named alone, a page not scanned would leave nothing checked.
		return nil, fmt.Errorf("target %q: %s; name the file it points to", arg, skipReason(err))
	} else {
		names = []string{filepath.Base(abs)}
	}
	base := displayPath(dir)
	out := MountTargets(srv, folder, base, names)
	for name, reason := range skips {
		disp := joinDisplay(base, name)
		out = append(out, Target{Display: disp, Path: disp, Entry: true, Site: base, Skip: reason})
	}
	slices.SortFunc(out, func(a, b Target) int { return strings.Compare(a.Display, b.Display) })
	return out, nil
}

// folderPages lists the pages of a local folder as PageNames does, and the
// symlinked pages and folders that are not served, with the reason (the
// symlink leaves the folder, or leads to a hidden file). A symlink to a
// folder inside is not followed: its pages are listed under their own path.
func folderPages(f *folderFS) ([]string, map[string]string, error) {
	var names []string
	skips := map[string]string{}
	err := fs.WalkDir(os.DirFS(f.dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		page := isPage(d.Name()) && !strings.HasPrefix(d.Name(), "_")
		if d.Type()&fs.ModeSymlink == 0 {
			if page {
				names = append(names, p)
			}
			return nil
		}
		_, rerr := f.resolve(p)
		switch {
		case rerr == nil && page:
			names = append(names, p)
		case rerr == nil:
			// A file or a folder inside the folder: served, not listed.
		case page:
			skips[p] = skipReason(rerr)
		default:
			if st, err := os.Stat(filepath.Join(f.dir, filepath.FromSlash(p))); err == nil && st.IsDir() {
				skips[p] = skipReason(rerr)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if len(names) == 0 && len(skips) == 0 {
		return nil, nil, errors.New("no .html file found")
	}
	if len(names) == 0 {
		var why []string
		for p, r := range skips {
			why = append(why, p+": "+r)
		}
		slices.Sort(why)
		return nil, nil, fmt.Errorf("no .html file found inside the folder (not scanned: %s)", strings.Join(why, "; "))
	}
	slices.Sort(names)
	return names, skips, nil
}

// skipReason says why a symlinked page or folder is not scanned.
func skipReason(err error) string {
	var esc *escapeError
	if errors.As(err, &esc) || strings.HasPrefix(err.Error(), "symlink") {
		return err.Error()
	}
	return "symlink not followed: " + err.Error()
}

// MountTargets serves fsys and returns a target for each named page. base
// is the slash path the pages are shown under (relative to the working
// directory when possible). fsys is served as it is, dot-files and
// listings aside: a folder of the file system should come through
// ResolveTargets, which keeps its symlinks inside it (os.DirFS follows
// them anywhere).
func MountTargets(srv *LocalServer, fsys fs.FS, base string, names []string) []Target {
	prefix := srv.Mount(fsys)
	slices.Sort(names)
	out := make([]Target, 0, len(names))
	for _, n := range names {
		disp := joinDisplay(base, n)
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

// joinDisplay is the display path of name inside the folder shown as base.
func joinDisplay(base, name string) string {
	if base == "" || base == "." {
		return name
	}
	return base + "/" + name
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
// sorted, skipping hidden files and directories (never served) and helper
// files whose name starts with "_". A tree without a page is an error.
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
		if isPage(base) && !strings.HasPrefix(base, "_") && !strings.HasPrefix(base, ".") {
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

// redactMalformed hides what may be userinfo in an http(s) argument that
// does not parse: everything between "://" and its last "@" (a password
// with a space in it is no URL, and still a secret).
func redactMalformed(arg string) string {
	scheme, rest, _ := strings.Cut(arg, "://")
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = sanitize.Hidden + rest[at:]
	}
	return scheme + "://" + rest
}
