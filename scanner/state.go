package scanner

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The --state journal makes an audit resumable after the process is killed
// (kill -9, the OOM killer, a reboot). One file, journal.jsonl, in the
// state folder: a header line with the run's configuration, then one line
// per finished page (its result at every viewport, the links it holds and
// where it landed), appended and synced before the next. Reading it back
// ignores a torn last line (a write cut by the kill) and cuts it off.

// StateFile is the journal's name in the state folder.
const StateFile = "journal.jsonl"

// stateFormat is the journal's format version, in its header.
const stateFormat = 1

// StateHeader is the first line of a journal: what the run was. Config
// holds every setting that changes results, by name, as text; credentials
// enter it only as a salted hash (the cmd package builds it).
type StateHeader struct {
	Format  int               `json:"format"`
	Version string            `json:"version"`
	Config  map[string]string `json:"config"`
}

// StateMode says what OpenState does with the folder.
type StateMode int

const (
	// StateNew starts a journal in a folder that is missing or empty.
	StateNew StateMode = iota
	// StateOverwrite starts a journal, removing the folder's journal.
	StateOverwrite
	// StateResume continues the folder's journal, refusing a different
	// configuration or version.
	StateResume
)

// State is a run's journal, open for appending. Scan replays the pages it
// holds (Resume) and appends every page that ends while the run goes on.
type State struct {
	dir  string
	f    *os.File
	done []stateRecord
	// Torn is true when the journal ended in a torn line, cut off on open.
	Torn bool
	// Dropped counts journaled pages the run no longer holds (its targets
	// changed) or whose record did not match its page: they are scanned
	// again.
	Dropped   int
	err       error
	replaying bool
}

// ErrStateDiffers is wrapped by OpenState when the journal was written by
// a run with another configuration or version.
var ErrStateDiffers = errors.New("the state folder holds the journal of a different run")

// OpenState opens the journal of dir for a run described by h.
func OpenState(dir string, h StateHeader, mode StateMode) (*State, error) {
	h.Format = stateFormat
	path := filepath.Join(dir, StateFile)
	switch mode {
	case StateResume:
		return resumeState(dir, path, h)
	case StateNew:
		ents, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		if len(ents) > 0 {
			return nil, fmt.Errorf("%s is not empty: --resume continues its journal, --state-overwrite starts a new one", dir)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	s := &State{dir: dir, f: f}
	if err := s.append(h); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// resumeState reads a journal, checks its header against h, cuts off a
// torn last line and opens it for appending.
func resumeState(dir, path string, h StateHeader) (*State, error) {
	if st, err := os.Stat(path); errors.Is(err, os.ErrNotExist) || (err == nil && st.Size() == 0) {
		// Killed before its header was written, or never started: there
		// is nothing to resume, and nothing lost by starting.
		return OpenState(dir, h, StateOverwrite)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	s := &State{dir: dir, f: f}
	good, err := s.read(f, h)
	if err == nil && s.Torn {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(good, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// read reads the header and the records of a journal; it returns the
// length of its whole lines.
func (s *State) read(r io.Reader, want StateHeader) (int64, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var good int64
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) && len(line) == 0 {
			return good, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		whole := err == nil
		var perr error
		if n == 1 {
			var got StateHeader
			if perr = json.Unmarshal(line, &got); perr == nil {
				if diff := compareHeaders(got, want); diff != "" {
					return 0, fmt.Errorf("%w: %s", ErrStateDiffers, diff)
				}
			}
		} else {
			var rec stateRecord
			if perr = json.Unmarshal(line, &rec); perr == nil {
				s.done = append(s.done, rec)
			}
		}
		if perr != nil || !whole {
			if _, err := br.Peek(1); err == nil || n == 1 {
				// Not the last line: the journal is damaged, not torn.
				return 0, fmt.Errorf("%s line %d is damaged: %v", filepath.Join(s.dir, StateFile), n, perr)
			}
			s.Torn = true
			return good, nil
		}
		good += int64(len(line))
	}
}

// compareHeaders says how a journal's header differs from the run's, or
// "".
func compareHeaders(got, want StateHeader) string {
	if got.Format != want.Format {
		return fmt.Sprintf("journal format %d, this beiancheck writes %d", got.Format, want.Format)
	}
	if got.Version != want.Version {
		return fmt.Sprintf("beiancheck version %q wrote it, this is %q", got.Version, want.Version)
	}
	var keys []string
	for k := range got.Config {
		keys = append(keys, k)
	}
	for k := range want.Config {
		if _, ok := got.Config[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var diffs []string
	for _, k := range keys {
		if g, w := got.Config[k], want.Config[k]; g != w {
			diffs = append(diffs, fmt.Sprintf("%s: journal %q, now %q", k, g, w))
		}
	}
	return strings.Join(diffs, "; ")
}

// append writes one line and syncs it to disk.
func (s *State) append(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := s.f.Write(b); err != nil {
		return err
	}
	return s.f.Sync()
}

// Records is the number of pages the journal held when it was opened.
func (s *State) Records() int { return len(s.done) }

// Replaying reports whether Scan is replaying the journal: OnPage is then
// told of pages that ended in the interrupted run.
func (s *State) Replaying() bool { return s != nil && s.replaying }

// Err is the first error writing the journal; after it nothing more is
// written.
func (s *State) Err() error { return s.err }

// Close closes the journal.
func (s *State) Close() error {
	if s == nil || s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}

// record journals a page that ended. A page that cannot be encoded is
// left out (the resumed run scans it again); a failed write stops the
// journal.
func (s *State) record(d pageDone) {
	if s == nil || s.err != nil {
		return
	}
	b, err := encodeRecord(d)
	if err != nil {
		return
	}
	if _, err := s.f.Write(append(b, '\n')); err != nil {
		s.err = err
		return
	}
	if err := s.f.Sync(); err != nil {
		s.err = err
	}
}

// ReadStateHeader reads the header of dir's journal (for the credentials
// salt a resumed run's header needs); a zero header when dir holds no
// journal yet.
func ReadStateHeader(dir string) (StateHeader, error) {
	var h StateHeader
	f, err := os.Open(filepath.Join(dir, StateFile))
	if errors.Is(err, os.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, err
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(f, 64<<10).ReadBytes('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return h, err
	}
	if len(line) == 0 {
		return h, nil
	}
	if err := json.Unmarshal(line, &h); err != nil {
		return h, fmt.Errorf("%s line 1 is damaged: %v", filepath.Join(dir, StateFile), err)
	}
	return h, nil
}
