package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/beiancheck/beiancheck/fixtures/hostile"
)

// The hostile mix (issue 12): beiancheck at its default concurrency and
// timeout on the site's normal pages alone, then on the same pages with
// hostile ones (fixtures/hostile, served on a port of their own) mixed in,
// one after every nine normal pages. A correct run accounts for every URL
// once per viewport, gives every normal page the verdict of the clean run,
// and gives each hostile page its case's outcome.

// mixPlan is the two target lists of the mix and what each hostile URL is.
type mixPlan struct {
	normal  []string                // the normal pages, in order
	mixed   []string                // normal and hostile pages, interleaved
	hostile map[string]hostile.Case // hostile URL → its case
}

// planMix picks n pages of which pct percent are hostile: the first normal
// pages of the site at base, and the corpus at hbase cycled, each URL made
// distinct with a query (a target key is the URL: two equal URLs would be
// one page).
func planMix(base, hbase string, n, pct int) mixPlan {
	nh := n * pct / 100
	p := mixPlan{hostile: map[string]hostile.Case{}}
	for i := range n - nh {
		p.normal = append(p.normal, fmt.Sprintf("%s/p%05d.html", base, i))
	}
	cases := hostile.Cases()
	next, every := 0, max(1, (n-nh)/max(nh, 1))
	addHostile := func() {
		c := cases[next%len(cases)]
		h := fmt.Sprintf("%s%s?mix=%d", hbase, c.Path, next)
		p.hostile[h] = c
		p.mixed = append(p.mixed, h)
		next++
	}
	for i, u := range p.normal {
		p.mixed = append(p.mixed, u)
		if (i+1)%every == 0 && next < nh {
			addHostile()
		}
	}
	for next < nh { // what the interleaving left over
		addHostile()
	}
	return p
}

// mixPage is what the mix reads of a JSON report's page.
type mixPage struct {
	URL       string `json:"url"`
	Viewport  string `json:"viewport"`
	Status    string `json:"status"`
	Error     string `json:"error"`
	Compliant bool   `json:"compliant"`
}

// mixVerdict is what the two runs of the mix showed.
type mixVerdict struct {
	normal, mixed   figures
	normalPages     int      // normal page-viewports of the mixed run
	hostilePages    int      // hostile page-viewports of the mixed run
	unaccounted     []string // URL@viewport missing from or repeated in the mixed run
	changed         []string // normal page-viewports whose result differs from the clean run
	hostileAccepted int      // hostile page-viewports with their case's outcome
	hostileWrong    []string // the others: case@viewport: what they got
}

// judgeMix compares the mixed run with the clean one.
func judgeMix(p mixPlan, viewports []string, clean, mixed []mixPage) mixVerdict {
	var v mixVerdict
	key := func(u, vp string) string { return u + "@" + vp }
	cleanOf := map[string]mixPage{}
	for _, pg := range clean {
		cleanOf[key(pg.URL, pg.Viewport)] = pg
	}
	seen := map[string]int{}
	for _, pg := range mixed {
		k := key(pg.URL, pg.Viewport)
		seen[k]++
		if c, ok := p.hostile[pg.URL]; ok {
			v.hostilePages++
			if c.Want.Accepts(pg.Status, pg.Error, pg.Compliant) {
				v.hostileAccepted++
			} else {
				v.hostileWrong = append(v.hostileWrong, fmt.Sprintf("%s@%s: %s %q (want %s)", c.Name, pg.Viewport, pg.Status, pg.Error, c.Want))
			}
			continue
		}
		v.normalPages++
		c, ok := cleanOf[k]
		if !ok || c.Status != "ok" || pg.Status != "ok" || c.Compliant != pg.Compliant {
			v.changed = append(v.changed, fmt.Sprintf("%s: %s compliant=%v %q, clean run %s compliant=%v", k, pg.Status, pg.Compliant, pg.Error, c.Status, c.Compliant))
		}
	}
	for _, u := range p.mixed {
		for _, vp := range viewports {
			if n := seen[key(u, vp)]; n != 1 {
				v.unaccounted = append(v.unaccounted, fmt.Sprintf("%s (%d times)", key(u, vp), n))
			}
		}
	}
	slices.Sort(v.hostileWrong)
	return v
}

// hostileMix serves the corpus, runs beiancheck on the normal pages alone
// and then on the mix, and judges the two runs.
func (c *config) hostileMix(ctx context.Context, chrome, base string, r *reaper, stderr io.Writer) (*mixVerdict, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: hostile.NewCorpus(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	p := planMix(base, "http://"+ln.Addr().String(), c.mix, c.mixHostile)
	run := func(name string, urls []string) (figures, []mixPage, error) {
		list := filepath.Join(c.workdir, name+".txt")
		if err := os.WriteFile(list, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
			return figures{}, nil, err
		}
		f, err := scanRun(ctx, c.bin, chrome, []string{"--urls", list}, 0, c.workdir, name, r)
		if err != nil {
			return figures{}, nil, fmt.Errorf("%s: %w", name, err)
		}
		pages, err := readPages(filepath.Join(c.workdir, name+".json"))
		return f, pages, err
	}
	fmt.Fprintf(stderr, "(d) hostile mix, clean run: %d normal pages × 2 viewports\n", len(p.normal))
	normal, clean, err := run("mix-clean", p.normal)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "(d) hostile mix: %d pages × 2 viewports, %d of them hostile\n", len(p.mixed), len(p.hostile))
	mixedFig, mixed, err := run("mix-hostile", p.mixed)
	if err != nil {
		return nil, err
	}
	v := judgeMix(p, []string{"mobile", "desktop"}, clean, mixed)
	v.normal, v.mixed = normal, mixedFig
	return &v, nil
}

// readPages reads the pages of a JSON report.
func readPages(path string) ([]mixPage, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rep struct {
		Pages []mixPage `json:"pages"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep.Pages, nil
}

// markdown reports the mix and its targets.
func (v *mixVerdict) markdown() string {
	var b strings.Builder
	b.WriteString("\n## Hostile mix\n\nbeiancheck at its default concurrency and `--timeout`, on normal pages of the site alone, then with\n" +
		"fixtures/hostile pages mixed in (one after every nine normal pages, the corpus cycled).\n\n")
	b.WriteString("| run | page-viewports | wall | peak PSS | peak RSS |\n|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| normal pages alone | %d | %s | %s | %s |\n", v.normal.pages, v.normal.wall.Round(100*time.Millisecond), mib(v.normal.peakPSS), mib(v.normal.peakRSS))
	fmt.Fprintf(&b, "| with the hostile pages | %d | %s | %s | %s |\n\n", v.mixed.pages, v.mixed.wall.Round(100*time.Millisecond), mib(v.mixed.peakPSS), mib(v.mixed.peakRSS))
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	fmt.Fprintf(&b, "- every URL accounted for once per viewport: %s", yes(len(v.unaccounted) == 0))
	list(&b, v.unaccounted)
	fmt.Fprintf(&b, "- normal page-viewports with the clean run's verdict: %d of %d (%s)", v.normalPages-len(v.changed), v.normalPages, yes(len(v.changed) == 0))
	list(&b, v.changed)
	fmt.Fprintf(&b, "- hostile page-viewports with their case's outcome: %d of %d", v.hostileAccepted, v.hostilePages)
	list(&b, v.hostileWrong)
	fmt.Fprintf(&b, "- wall time with the hostile pages: **%.2f×** the normal pages alone (target ≤ 1.5×)\n", v.mixed.wall.Seconds()/v.normal.wall.Seconds())
	fmt.Fprintf(&b, "- peak PSS with the hostile pages: **%s** (target < 1536 MiB)\n", mib(v.mixed.peakPSS))
	b.WriteString("- no process left: checked when the bench ends (a leftover fails `make bench`)\n")
	return b.String()
}

// list ends a bullet with up to 10 of items, one per line.
func list(b *strings.Builder, items []string) {
	b.WriteString("\n")
	for i, it := range items {
		if i == 10 {
			fmt.Fprintf(b, "  - … and %d more\n", len(items)-10)
			break
		}
		fmt.Fprintf(b, "  - %s\n", strings.ReplaceAll(it, "|", "\\|"))
	}
}
