package scanner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// LocalServer serves local directories read-only on 127.0.0.1 so that the
// browser loads local files over http, as a site would be served (relative
// links, fetches and iframes work; file: URLs would not).
type LocalServer struct {
	mu    sync.Mutex
	roots []fs.FS
	srv   *http.Server
	base  string // "http://127.0.0.1:PORT"
	done  chan error
}

// ServeLocal starts the server. Close it when the run ends.
func ServeLocal() (*LocalServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("serve local files: %w", err)
	}
	s := &LocalServer{base: "http://" + ln.Addr().String(), done: make(chan error, 1)}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Mount adds a tree and returns the URL prefix it is served under.
func (s *LocalServer) Mount(fsys fs.FS) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roots = append(s.roots, fsys)
	return fmt.Sprintf("%s/r%d/", s.base, len(s.roots)-1)
}

// Base is the server's origin; a URL under it is a local file.
func (s *LocalServer) Base() string { return s.base }

// ServeHTTP serves GET and HEAD from the mounted trees.
func (s *LocalServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "read-only", http.StatusMethodNotAllowed)
		return
	}
	var n int
	rest, ok := strings.CutPrefix(r.URL.Path, "/r")
	if !ok {
		http.NotFound(w, r)
		return
	}
	idx, sub, _ := strings.Cut(rest, "/")
	if _, err := fmt.Sscanf(idx, "%d", &n); err != nil {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	if n < 0 || n >= len(s.roots) {
		s.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	root := s.roots[n]
	s.mu.Unlock()
	// Local pages declare their charset themselves (GBK pages exist): do
	// not let the server's extension table claim UTF-8.
	switch strings.ToLower(path.Ext(sub)) {
	case ".html", ".htm", "":
		w.Header().Set("Content-Type", "text/html")
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + sub
	http.FileServerFS(root).ServeHTTP(w, r2)
}

// Close stops the server.
func (s *LocalServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
