package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/discover"
)

// The flag values below are typed pflag.Values: a bad value is refused
// when the flags are parsed (exit 2), naming the flag and what it wants.
// A scalar one says Type "string" so the help prints it as before, with a
// quoted default.

// viewportsFlag is --viewport: the viewports to render, in order.
type viewportsFlag struct {
	text string
	list []rules.Viewport
}

func newViewportsFlag(s string) *viewportsFlag {
	f := &viewportsFlag{}
	if err := f.Set(s); err != nil {
		panic(err) // the default is a constant
	}
	return f
}

func (f *viewportsFlag) String() string { return f.text }
func (f *viewportsFlag) Type() string   { return "string" }
func (f *viewportsFlag) Set(s string) error {
	list, err := scanner.ParseViewports(s)
	if err != nil {
		return err
	}
	f.text, f.list = s, list
	return nil
}

// levelsFlag is --level RULE=LEVEL, repeatable: the rule level overrides,
// a later value for a rule replacing an earlier one.
type levelsFlag struct {
	specs  []string
	levels map[string]rules.Level
}

func (f *levelsFlag) String() string {
	if len(f.specs) == 0 {
		return ""
	}
	return "[" + strings.Join(f.specs, ",") + "]"
}

// Type says stringArray: the flag is repeatable (parseOnce, readConfig).
func (f *levelsFlag) Type() string { return "stringArray" }
func (f *levelsFlag) Set(s string) error {
	id, lv, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("want RULE=LEVEL")
	}
	id = strings.ToUpper(strings.TrimSpace(id))
	if rules.Lookup(id) == nil {
		return fmt.Errorf("unknown rule %s (see beiancheck rules)", id)
	}
	l, err := rules.ParseLevel(lv, true)
	if err != nil {
		return err
	}
	if f.levels == nil {
		f.levels = map[string]rules.Level{}
	}
	f.specs = append(f.specs, s)
	f.levels[id] = l
	return nil
}

// failOnFlag is --fail-on: the level that fails the run; "none" is the
// empty level.
type failOnFlag struct{ level rules.Level }

func (f *failOnFlag) String() string {
	if f.level == "" {
		return "none"
	}
	return string(f.level)
}
func (f *failOnFlag) Type() string { return "string" }
func (f *failOnFlag) Set(s string) error {
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		f.level = ""
		return nil
	}
	l, err := rules.ParseLevel(s, false)
	if err != nil {
		return err
	}
	f.level = l
	return nil
}

// blockFlag is --block: the resource classes not loaded, sorted.
type blockFlag struct {
	text    string
	classes []string
}

func (f *blockFlag) String() string { return f.text }
func (f *blockFlag) Type() string   { return "string" }
func (f *blockFlag) Set(s string) error {
	classes, err := scanner.ParseBlock(s)
	if err != nil {
		// pflag names the flag already.
		return errors.New(strings.TrimPrefix(err.Error(), "--block: "))
	}
	f.text, f.classes = s, classes
	return nil
}

// rateFlag is --rate N/s: page loads per second per host; zero is no
// limit.
type rateFlag struct {
	text    string
	perHost float64
}

func (f *rateFlag) String() string { return f.text }
func (f *rateFlag) Type() string   { return "string" }
func (f *rateFlag) Set(s string) error {
	n, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "/s"), 64)
	if err != nil || !(n > 0) {
		return fmt.Errorf("want a positive number per second, e.g. 2/s")
	}
	f.text, f.perHost = s, n
	return nil
}

// scopeFlag is --scope: which crawled links are followed.
type scopeFlag struct{ mode discover.ScopeMode }

func (f *scopeFlag) String() string { return string(f.mode) }
func (f *scopeFlag) Type() string   { return "string" }
func (f *scopeFlag) Set(s string) error {
	m, err := discover.ParseScopeMode(s)
	if err != nil {
		return err
	}
	f.mode = m
	return nil
}

// screenshotsFlag is --screenshots: which page-viewports get evidence.
type screenshotsFlag struct{ when scanner.Screenshots }

func (f *screenshotsFlag) String() string { return string(f.when) }
func (f *screenshotsFlag) Type() string   { return "string" }
func (f *screenshotsFlag) Set(s string) error {
	w, err := scanner.ParseScreenshots(s)
	if err != nil {
		return err
	}
	f.when = w
	return nil
}

// annotationsFlag is --annotations: github, none or auto.
type annotationsFlag struct{ mode string }

func (f *annotationsFlag) String() string { return f.mode }
func (f *annotationsFlag) Type() string   { return "string" }
func (f *annotationsFlag) Set(s string) error {
	switch s {
	case "auto", "github", "none":
		f.mode = s
		return nil
	}
	return fmt.Errorf("want github, none or auto")
}

// requireOnFlag is --require-on: entry or all; all reports whether ICP001
// is an error on every page.
type requireOnFlag struct{ all bool }

func (f *requireOnFlag) String() string {
	if f.all {
		return "all"
	}
	return "entry"
}
func (f *requireOnFlag) Type() string { return "string" }
func (f *requireOnFlag) Set(s string) error {
	switch s {
	case "entry":
		f.all = false
	case "all":
		f.all = true
	default:
		return fmt.Errorf("want entry or all")
	}
	return nil
}

// listFlag is a repeatable flag whose every value is parsed when given:
// --rewrite-host, --map. (--header, --cookie and --auth stay strings read
// later: pflag's error quotes the value, and theirs carry secrets.)
type listFlag[T any] struct {
	specs []string
	items []T
	parse func(string) (T, error)
}

func (f *listFlag[T]) String() string {
	if len(f.specs) == 0 {
		return ""
	}
	return "[" + strings.Join(f.specs, ",") + "]"
}

// Type says stringArray: the flag is repeatable (parseOnce, readConfig).
func (f *listFlag[T]) Type() string { return "stringArray" }
func (f *listFlag[T]) Set(s string) error {
	v, err := f.parse(s)
	if err != nil {
		return err
	}
	f.specs, f.items = append(f.specs, s), append(f.items, v)
	return nil
}

// maxRetries bounds --retries: each retry may cost a --timeout more.
const maxRetries = 10

// retriesFlag is --retries: the attempts after the first of a
// page-viewport that failed for a transient reason, 0 to maxRetries.
type retriesFlag struct{ n int }

func (f *retriesFlag) String() string { return strconv.Itoa(f.n) }
func (f *retriesFlag) Type() string   { return "int" }
func (f *retriesFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxRetries {
		return fmt.Errorf("want a whole number from 0 (no retry) to %d", maxRetries)
	}
	f.n = n
	return nil
}

// maxDurationFlag is --max-duration: the deadline of the whole run, a
// positive duration; 0 (the default) sets none.
type maxDurationFlag struct{ d time.Duration }

func (f *maxDurationFlag) String() string { return f.d.String() }
func (f *maxDurationFlag) Type() string   { return "duration" }
func (f *maxDurationFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return errors.New("want a duration such as 30m or 2h (0: no deadline)")
	}
	f.d = d
	return nil
}

// The recycling defaults. The fixture scan (198 page-viewports, two
// workers) holds the browser's processes at 0.8–1.2 GiB of summed RSS
// from its first pages to its last, without growth: the defaults are far
// above that and only catch a browser that leaks over a long audit.
const (
	defaultRecyclePages        = 2000
	defaultMaxBrowserRSS int64 = 3 << 30
)

// minHeapCap is the least --max-page-heap other than none: below it,
// ordinary pages would run out of memory.
const minHeapCap = 64 << 20

// recyclePagesFlag is --recycle-pages: the page-viewports after which the
// browser is restarted between pages, 0 for never.
type recyclePagesFlag struct{ n int }

func (f *recyclePagesFlag) String() string { return strconv.Itoa(f.n) }
func (f *recyclePagesFlag) Type() string   { return "int" }
func (f *recyclePagesFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return errors.New("want a whole number of page-viewports (0: never)")
	}
	f.n = n
	return nil
}

// sizeFlag is a memory size: a whole number of bytes with an optional
// unit, KiB, MiB or GiB (KB, MB, GB taken as the same); 0 for none.
type sizeFlag struct{ bytes int64 }

var sizeUnits = []struct {
	suffixes []string
	shift    uint
}{{[]string{"GiB", "GB", "G"}, 30}, {[]string{"MiB", "MB", "M"}, 20}, {[]string{"KiB", "KB", "K"}, 10}, {[]string{"B", ""}, 0}}

func (f *sizeFlag) String() string {
	for _, u := range sizeUnits {
		if f.bytes != 0 && f.bytes%(1<<u.shift) == 0 {
			return strconv.FormatInt(f.bytes>>u.shift, 10) + u.suffixes[0]
		}
	}
	return "0"
}
func (f *sizeFlag) Type() string { return "size" }
func (f *sizeFlag) Set(s string) error {
	for _, u := range sizeUnits {
		for _, suf := range u.suffixes {
			num, ok := strings.CutSuffix(s, suf)
			if !ok {
				continue
			}
			n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
			if err != nil || n < 0 || n > 1<<(62-u.shift) {
				break
			}
			f.bytes = n << u.shift
			return nil
		}
	}
	return errors.New("want a size such as 3GiB or 800MiB (0: none)")
}
