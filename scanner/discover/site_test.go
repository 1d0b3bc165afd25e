package discover

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// testPage is one response of a testSite. "{{base}}" in body is replaced by
// the server's scheme://host.
type testPage struct {
	status int // 0 means 200
	ctype  string
	body   []byte
	gzip   bool // serve body gzipped (after replacing {{base}})
}

func page(body string) testPage { return testPage{body: []byte(body)} }

// testSite serves pages on loopback and counts requests per path.
type testSite struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newTestSite(t *testing.T, pages map[string]testPage) *testSite {
	t.Helper()
	s := &testSite{hits: make(map[string]int)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p.ctype != "" {
			w.Header().Set("Content-Type", p.ctype)
		}
		if p.status != 0 {
			w.WriteHeader(p.status)
		}
		body := []byte(strings.ReplaceAll(string(p.body), "{{base}}", "http://"+r.Host))
		if p.gzip {
			var err error
			if body, err = gzipData(string(body)); err != nil {
				t.Errorf("serve %s: %v", r.URL.Path, err)
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
		}
		if _, err := w.Write(body); err != nil {
			t.Errorf("serve %s: %v", r.URL.Path, err)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *testSite) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.hits {
		n += c
	}
	return n
}

func (s *testSite) fetcher() Fetcher {
	return HTTPFetcher(s.Client(), nil, "", "", 0)
}

func gzipBytes(t *testing.T, s string) []byte {
	t.Helper()
	b, err := gzipData(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipData(s string) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
