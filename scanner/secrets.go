package scanner

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// minSecret is the shortest credential value that is scrubbed: a shorter
// one ("1", "yes") would blank ordinary text across the reports.
const minSecret = 6

// scrubber hides the run's credential values (--header, --cookie,
// --cookies, --auth password) wherever a page echoes them into what is
// measured: a script that copies document.cookie into an id, a class, the
// text or a request URL would otherwise put the staging cookie into the
// reports, the CI log and the uploaded SARIF. A nil scrubber scrubs
// nothing. A page can still encode a value past it (base64, reversed):
// what it can read it can send, as the README says.
type scrubber struct{ r *strings.Replacer }

// newScrubber builds the scrubber of a run's request credentials, nil when
// there are none long enough to scrub.
func newScrubber(req Request) *scrubber {
	var values []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if utf8.RuneCountInString(v) < minSecret {
			return
		}
		values = append(values, v, url.QueryEscape(v), url.PathEscape(v))
	}
	for _, v := range req.Headers {
		add(v)
		if _, token, ok := strings.Cut(v, " "); ok {
			add(token) // "Bearer TOKEN": the token alone
		}
	}
	for _, c := range req.Cookies {
		add(c.Value)
	}
	add(req.Password)
	if len(values) == 0 {
		return nil
	}
	// Longest first, so that a value containing another is hidden whole.
	slices.SortFunc(values, func(a, b string) int { return len(b) - len(a) })
	values = slices.Compact(values)
	pairs := make([]string, 0, 2*len(values))
	for _, v := range values {
		pairs = append(pairs, v, sanitize.Hidden)
	}
	return &scrubber{r: strings.NewReplacer(pairs...)}
}

// string returns s with every credential value hidden.
func (s *scrubber) string(v string) string {
	if s == nil {
		return v
	}
	return s.r.Replace(v)
}

// value hides the credential values in every exported string reachable
// from v (a pointer to a struct: the page snapshot, a render's result).
func (s *scrubber) value(v any) {
	if s == nil || v == nil {
		return
	}
	s.walk(reflect.ValueOf(v), 0)
}

func (s *scrubber) walk(v reflect.Value, depth int) {
	if depth > 32 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			s.walk(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				s.walk(f, depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			s.walk(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.Type().Elem().Kind() == reflect.String && v.Type().Key().Kind() == reflect.String {
			for _, k := range v.MapKeys() {
				v.SetMapIndex(k, reflect.ValueOf(s.string(v.MapIndex(k).String())).Convert(v.Type().Elem()))
			}
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(s.string(v.String()))
		}
	}
}

// rendered hides the credential values in what a render returns. Its page
// was scrubbed already when the engine judged it (Options.judge scrubs
// before rules.Judge, and the judgement derives from it); else it is
// scrubbed here, before Options.check judges it.
func (s *scrubber) rendered(r *Rendered) {
	if s == nil || r == nil {
		return
	}
	if r.Judgement == nil {
		s.value(r.Page)
	}
	r.FinalURL, r.Skip = s.string(r.FinalURL), s.string(r.Skip)
	for i := range r.Links {
		r.Links[i] = s.string(r.Links[i])
	}
	s.value(r.Blocked)
}

// err returns err with its message scrubbed, still matching what it wraps
// (errors.Is, errors.As: a transient failure stays one).
func (s *scrubber) err(err error) error {
	if s == nil || err == nil {
		return err
	}
	if msg := s.string(err.Error()); msg != err.Error() {
		return &scrubbedError{msg: msg, err: err}
	}
	return err
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
