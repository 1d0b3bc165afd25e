package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// stateRecord is one journal line: a page that ended, with its result at
// every viewport, the links its rendered pages hold and where it landed.
// Replayed through the frontier, the records rebuild the crawl as the
// interrupted run had it.
type stateRecord struct {
	// Key is a hash of the target's Key: a URL target's key may hold
	// credentials (https://user:pass@host/).
	Key string `json:"key"`
	// FinalURL is where the page landed when that is not its URL.
	FinalURL string      `json:"final_url,omitempty"`
	Links    []string    `json:"links,omitempty"`
	Results  []statePage `json:"results"`
}

// statePage is a PageResult as the journal holds it: every field of the
// JSON report (new fields travel by themselves), with what the report
// leaves out but the run-wide checks and the writers need. The Target is
// the resumed run's own (matched by Key) and the Judgement is made again
// from the Page, so that nothing of them needs a codec.
type statePage struct {
	PageResult
	Page      *rules.Page `json:"page,omitempty"`
	ElapsedNS int64       `json:"elapsed_ns,omitempty"`
	Caption   string      `json:"caption,omitempty"`
}

func stateKey(t *Target) string {
	h := sha256.Sum256([]byte(t.Key()))
	return hex.EncodeToString(h[:])
}

// encodeRecord is a page's journal line. Every URL's userinfo is replaced
// (sanitize.Credentials over the whole line: a JSON string cannot hold an
// unescaped quote, so the replacement stays inside its string), so that no
// credential given in a URL is written.
func encodeRecord(d pageDone) ([]byte, error) {
	rec := stateRecord{Key: stateKey(&d.target), Links: d.links}
	if d.finalURL != d.target.URL {
		rec.FinalURL = d.finalURL
	}
	for _, r := range d.results {
		rec.Results = append(rec.Results, statePage{PageResult: r, Page: r.Page, ElapsedNS: int64(r.Elapsed), Caption: r.Evidence.Caption})
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	b = []byte(sanitize.Credentials(string(b)))
	if !json.Valid(b) {
		return nil, errInvalidRecord
	}
	return b, nil
}

type stateError string

func (e stateError) Error() string { return string(e) }

const errInvalidRecord = stateError("journal record is not valid JSON once credentials are hidden")

// pageDone rebuilds what the worker reported for target t: its results
// with t as their target, each checked page judged again from its Page (a
// pure function of the page and the rules), and the Judgement's links
// shown as the journal has them. ok is false when the record does not
// match t's page (the page is then scanned again).
func (rec *stateRecord) pageDone(t Target, o *Options) (pageDone, bool) {
	d := pageDone{target: t, finalURL: rec.FinalURL, links: rec.Links}
	if d.finalURL == "" {
		d.finalURL = t.URL
	}
	if len(rec.Results) != len(o.Viewports) {
		return d, false
	}
	for i, sp := range rec.Results {
		pr := sp.PageResult
		if pr.Viewport != o.Viewports[i].Name {
			return d, false
		}
		pr.Target, pr.Page, pr.Elapsed, pr.Evidence.Caption = t, sp.Page, time.Duration(sp.ElapsedNS), sp.Caption
		if pr.Page != nil && pr.Status.Checked() {
			j := rules.Judge(pr.Page, o.rulesFor(t))
			if len(j.Filings) != len(pr.Filings) {
				return d, false
			}
			for k := range j.Filings {
				// Links are shown as the page's result has them (a local
				// page's path, not the interrupted run's loopback port).
				j.Filings[k].Href = pr.Filings[k].Href
			}
			a, err1 := json.Marshal(j.Filings)
			b, err2 := json.Marshal(pr.Filings)
			if err1 != nil || err2 != nil || (len(j.Filings) > 0 && string(a) != string(b)) {
				return d, false
			}
			if j.Filings != nil {
				pr.Filings = j.Filings
			}
			pr.Judgement = j
		}
		d.results = append(d.results, pr)
	}
	return d, true
}

// replay puts the journal's pages through the frontier in the order they
// ended, as if they had just been rendered: the frontier queues and skips
// their links as it did, and the pages the interrupted run never finished
// stay queued. A record whose target the run does not hold is dropped.
func (f *frontier) replay(s *State) {
	if s == nil || len(s.done) == 0 {
		return
	}
	s.replaying = true
	defer func() { s.replaying = false }()
	queued := map[string]Target{}
	indexed := 0
	replayed := map[string]bool{}
	for i := range s.done {
		for ; indexed < len(f.queue); indexed++ {
			queued[stateKey(&f.queue[indexed])] = f.queue[indexed]
		}
		rec := &s.done[i]
		t, ok := queued[rec.Key]
		if !ok || replayed[rec.Key] {
			s.Dropped++
			continue
		}
		d, ok := rec.pageDone(t, f.o)
		if !ok {
			s.Dropped++
			continue
		}
		replayed[rec.Key] = true
		f.replayed++
		f.finish(d)
	}
	f.queue = slices.DeleteFunc(f.queue, func(t Target) bool { return replayed[stateKey(&t)] })
	f.replayed = 0
}
