package scanner

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LocalServer serves local directories read-only on 127.0.0.1 so that the
// browser loads local files over http, as a site would be served (relative
// links, fetches and iframes work; file: URLs would not).
//
// Any local process, and any page the browser renders, can reach a loopback
// port: every URL therefore starts with a secret path prefix drawn per run,
// and only regular files inside a mounted tree are served. No dot-file or
// dot-folder, no directory listing, no path that climbs out with "..", in
// any encoding; a local folder's symlinks are followed only while they stay
// inside it (see folderFS).
type LocalServer struct {
	mu      sync.Mutex
	roots   []fs.FS
	closers []io.Closer
	srv     *http.Server
	host    string // "127.0.0.1:PORT", the only Host header answered
	secret  string // the first path segment of every URL served
	done    chan error
}

// ServeLocal starts the server. Close it when the run ends.
func ServeLocal() (*LocalServer, error) {
	var key [16]byte
	if _, err := rand.Read(key[:]); err != nil {
		return nil, fmt.Errorf("serve local files: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("serve local files: %w", err)
	}
	s := &LocalServer{host: ln.Addr().String(), secret: hex.EncodeToString(key[:]), done: make(chan error, 1)}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Mount adds a tree and returns the URL prefix it is served under.
func (s *LocalServer) Mount(fsys fs.FS) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roots = append(s.roots, fsys)
	return fmt.Sprintf("%s/r%d/", s.Base(), len(s.roots)-1)
}

// openFolder opens a local folder for serving; the server closes it.
func (s *LocalServer) openFolder(dir string) (*folderFS, error) {
	f, err := openFolder(dir)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closers = append(s.closers, f)
	return f, nil
}

// Base is the URL every served file lies under: the server's origin and
// the run's secret path prefix, without a final slash. Reports turn URLs
// under it back into file paths (see Options.displayURL).
func (s *LocalServer) Base() string { return s.Origin() + "/" + s.secret }

// Origin is the server's origin, "http://127.0.0.1:PORT".
func (s *LocalServer) Origin() string { return "http://" + s.host }

// ServeHTTP serves GET and HEAD of regular files from the mounted trees;
// everything else is 404 (405 for other methods), with nothing said about
// why.
func (s *LocalServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "read-only", http.StatusMethodNotAllowed)
		return
	}
	// A page on another host that a DNS name rebinds to 127.0.0.1 sends
	// its own name.
	if r.Host != s.host {
		http.NotFound(w, r)
		return
	}
	n, name, dir, ok := s.route(r.URL.EscapedPath())
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	if n >= len(s.roots) {
		s.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	root := s.roots[n]
	s.mu.Unlock()
	if dir {
		// A folder is served as its index.html (a site's "about/"), never
		// listed.
		name = path.Join(name, "index.html")
	}
	fi, err := fs.Stat(root, name)
	if err == nil && fi.IsDir() && !dir {
		// "about" to "about/", as static servers do, when there is a page
		// to show.
		if ifi, err := fs.Stat(root, path.Join(name, "index.html")); err == nil && ifi.Mode().IsRegular() {
			http.Redirect(w, r, url.PathEscape(path.Base(name))+"/", http.StatusMovedPermanently)
			return
		}
	}
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	f, err := root.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, "read error", http.StatusInternalServerError)
			return
		}
		rs = bytes.NewReader(b)
	}
	// Local pages declare their charset themselves (GBK pages exist): do
	// not let the server's extension table claim UTF-8.
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", "":
		w.Header().Set("Content-Type", "text/html")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, path.Base(name), fi.ModTime(), rs)
}

// route splits an escaped request path "/SECRET/rN/a/b.html" into the tree
// index and the slash name inside it ("." for the tree itself); dir is set
// when the path ends with a slash. It refuses, rather than cleans, anything
// a file name of a served page cannot hold: each segment is decoded once and
// may then hold no "/", "\", "%" (a second encoding), control character or
// leading "." (no "..", no dot-file or dot-folder), and no segment is empty.
func (s *LocalServer) route(escaped string) (n int, name string, dir bool, ok bool) {
	segs := strings.Split(escaped, "/")
	if len(segs) < 4 || segs[0] != "" || subtle.ConstantTimeCompare([]byte(segs[1]), []byte(s.secret)) != 1 {
		return 0, "", false, false
	}
	idx, found := strings.CutPrefix(segs[2], "r")
	n, err := strconv.Atoi(idx)
	if !found || err != nil || n < 0 || "r"+strconv.Itoa(n) != segs[2] {
		return 0, "", false, false
	}
	rest := segs[3:]
	if rest[len(rest)-1] == "" {
		dir = true
		rest = rest[:len(rest)-1]
	}
	parts := make([]string, 0, len(rest))
	for _, seg := range rest {
		p, err := url.PathUnescape(seg)
		if err != nil || !servableName(p) {
			return 0, "", false, false
		}
		parts = append(parts, p)
	}
	name = "."
	if len(parts) > 0 {
		name = strings.Join(parts, "/")
	}
	return n, name, dir, true
}

// servableName reports whether one decoded path segment may name a served
// file or folder.
func servableName(p string) bool {
	if p == "" || p[0] == '.' || strings.ContainsAny(p, `/\%`) {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// Close stops the server and closes the folders it served.
func (s *LocalServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.closers {
		err = errors.Join(err, c.Close())
	}
	s.closers = nil
	return err
}
