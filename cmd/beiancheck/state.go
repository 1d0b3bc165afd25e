package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// stateConfig is what the resumable-audit flags say.
type stateConfig struct {
	dir       string
	resume    bool
	overwrite bool
}

func (c *stateConfig) bind(fs *pflag.FlagSet) {
	fs.StringVar(&c.dir, "state", "", "journal every finished page in `DIR` (synced to disk), so that --resume finishes a run that was killed")
	fs.BoolVar(&c.resume, "resume", false, "with --state: skip the pages journaled in the state folder and scan the rest (same targets and flags)")
	fs.BoolVar(&c.overwrite, "state-overwrite", false, "with --state: start a new journal in a state folder that holds one, discarding it")
}

// check refuses flags that do not go together, and a new journal in a
// folder that holds anything: it would lose a journal.
func (c *stateConfig) check() error {
	switch {
	case c.dir == "" && (c.resume || c.overwrite):
		return usageError("--resume and --state-overwrite need --state DIR")
	case c.resume && c.overwrite:
		return usageError("--resume continues the journal and --state-overwrite discards it: give one of them")
	case c.dir == "" || c.resume:
		return nil
	}
	st, err := os.Stat(c.dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return usageError("--state: %v", err)
	case !st.IsDir():
		return usageError("--state %s is not a folder", c.dir)
	}
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		return usageError("--state: %v", err)
	}
	if len(ents) > 0 && !c.overwrite {
		return usageError("--state %s is not empty (a journal of an earlier run?): --resume continues it, --state-overwrite starts a new one", c.dir)
	}
	return nil
}

// mode is how the journal is opened.
func (c *stateConfig) mode() scanner.StateMode {
	switch {
	case c.resume:
		return scanner.StateResume
	case c.overwrite:
		return scanner.StateOverwrite
	}
	return scanner.StateNew
}

// unjournaled are the flags that do not change what a run finds: where
// the reports go, how they are summed up, how fast pages are loaded and
// how long this process may run. A resumed run may change them; any other
// flag (a new one too) must be as the journal has it. The credentials
// flags enter only as a salted hash (credentialsHash).
var unjournaled = map[string]bool{
	"json": true, "sarif": true, "html": true, "markdown": true, "junit": true, "summary": true, "annotations": true,
	"jsonl": true, "quiet": true, "config": true, "baseline": true, "update-baseline": true, "fail-on": true, "fail-on-new": true,
	"concurrency": true, "rate": true, "state": true, "resume": true, "state-overwrite": true,
	"max-duration": true, "recycle-pages": true, "max-browser-rss": true,
	// credentials: never written
	"header": true, "cookie": true, "cookies": true, "auth": true,
}

// stateHeader is the journal's header for this job: its command, targets,
// the flags that change results, the browser and the rules' year. salt is
// the journal's (a new one for a new journal).
func (j *scanJob) stateHeader(product, salt string) scanner.StateHeader {
	// A URL's userinfo (https://user:pass@host/) is shown as *** in the
	// journal, as in every report, and enters the credentials hash.
	var userinfo []string
	redact := func(v string) string {
		if r := sanitize.Credentials(v); r != v {
			userinfo = append(userinfo, v)
			return r
		}
		return v
	}
	cfg := map[string]string{
		"command": j.cmd, "targets": redact(strings.Join(j.positional, " ")), "browser": product,
		"rules year": strconv.Itoa(j.rules.Year), "credentials salt": salt,
	}
	j.fs.VisitAll(func(f *pflag.Flag) {
		if !unjournaled[f.Name] {
			cfg["--"+f.Name] = redact(f.Value.String())
		}
	})
	keys := sha256.New()
	for _, t := range j.targets {
		fmt.Fprintf(keys, "%s\x00", t.Key())
	}
	cfg["pages gathered"] = fmt.Sprintf("%d, sha256 %x", len(j.targets), keys.Sum(nil))
	req := j.plan.request
	cfg["--header names"] = strings.Join(slices.Sorted(maps.Keys(req.Headers)), ", ")
	cfg["credentials"] = credentialsHash(salt, req, userinfo)
	return scanner.StateHeader{Version: version, Config: cfg}
}

// credentialsHash is a salted SHA-256 of the header values, cookies,
// basic-auth credentials and the values written with a URL's userinfo: a
// resumed run is refused when they changed, and the journal never holds
// them.
func credentialsHash(salt string, req scanner.Request, userinfo []string) string {
	if len(req.Headers) == 0 && len(req.Cookies) == 0 && req.User == "" && req.Password == "" && len(userinfo) == 0 {
		return "none"
	}
	h := sha256.New()
	io.WriteString(h, salt)
	for _, k := range slices.Sorted(maps.Keys(req.Headers)) {
		fmt.Fprintf(h, "\x00h%s\x00%s", k, req.Headers[k])
	}
	b, _ := json.Marshal(req.Cookies)
	fmt.Fprintf(h, "\x00c%s\x00u%s\x00p%s", b, req.User, req.Password)
	for _, v := range userinfo {
		fmt.Fprintf(h, "\x00i%s", v)
	}
	return "sha256 " + hex.EncodeToString(h.Sum(nil))
}

// openState opens the --state journal for a run in the browser product
// (nil without --state); a journal of another run is refused, naming what
// differs.
func (j *scanJob) openState(product string, stderr io.Writer) (*scanner.State, error) {
	c := j.in.state
	if c.dir == "" {
		return nil, nil
	}
	salt := rand.Text()
	if c.resume {
		h, err := scanner.ReadStateHeader(c.dir)
		if err != nil {
			return nil, &exitError{code: exitSetup, err: fmt.Errorf("--resume: %w", err)}
		}
		if s := h.Config["credentials salt"]; s != "" {
			salt = s
		}
	}
	st, err := scanner.OpenState(c.dir, j.stateHeader(product, salt), c.mode())
	if err != nil {
		return nil, &exitError{code: exitSetup, err: fmt.Errorf("--state %s: %w", c.dir, err)}
	}
	if c.resume && !j.cfg.quiet {
		torn := ""
		if st.Torn {
			torn = " (its torn last line cut off)"
		}
		fmt.Fprintf(stderr, "beiancheck: resuming: %d pages journaled in %s%s\n", st.Records(), c.dir, torn)
	}
	return st, nil
}

// closeState closes the journal; an error writing it is the run's error.
func closeState(st *scanner.State, dir string) error {
	if st == nil {
		return nil
	}
	err := errors.Join(st.Err(), st.Close())
	if err != nil {
		return fmt.Errorf("--state %s: the journal could not be written, so the run cannot be resumed: %w", dir, err)
	}
	return nil
}
