package main

import (
	"strings"
	"testing"

	"github.com/beiancheck/beiancheck/fixtures/hostile"
)

// TestPlanMix: 1,000 pages at 10% are 900 normal pages and 100 distinct
// hostile URLs, one after every nine normal pages, cycling the corpus.
func TestPlanMix(t *testing.T) {
	p := planMix("http://n", "http://h", 1000, 10)
	if len(p.normal) != 900 || len(p.mixed) != 1000 || len(p.hostile) != 100 {
		t.Fatalf("normal %d, mixed %d, hostile %d; want 900, 1000, 100", len(p.normal), len(p.mixed), len(p.hostile))
	}
	for i, u := range p.mixed {
		if _, isHostile := p.hostile[u]; isHostile != (i%10 == 9) {
			t.Errorf("position %d (%s): hostile %v", i, u, isHostile)
		}
	}
	seen := map[string]int{}
	for _, c := range p.hostile {
		seen[c.Name]++
	}
	if n := len(hostile.Cases()); len(seen) != n {
		t.Errorf("%d of the %d cases in the mix", len(seen), n)
	}
	// Few pages: the hostile ones the interleaving cannot place go last.
	if q := planMix("http://n", "http://h", 3, 70); len(q.mixed) != 3 || len(q.hostile) != 2 {
		t.Errorf("3 pages at 70%%: %v", q.mixed)
	}
}

// TestJudgeMix: a normal page whose verdict moved, a missing page-viewport,
// a repeated one and a hostile page with the wrong outcome are each
// reported; the rest count as accepted.
func TestJudgeMix(t *testing.T) {
	p := planMix("http://n", "http://h", 20, 10) // 18 normal, 2 hostile
	vps := []string{"mobile", "desktop"}
	var clean, mixed []mixPage
	for _, u := range p.normal {
		for _, vp := range vps {
			clean = append(clean, mixPage{URL: u, Viewport: vp, Status: "ok", Compliant: true})
		}
	}
	for _, u := range p.mixed {
		for _, vp := range vps {
			pg := mixPage{URL: u, Viewport: vp, Status: "ok", Compliant: true}
			if c, ok := p.hostile[u]; ok && c.Want.Verdict == nil {
				pg.Status, pg.Error = "error", "timeout after 30s"
			}
			mixed = append(mixed, pg)
		}
	}
	if v := judgeMix(p, vps, clean, mixed); len(v.unaccounted)+len(v.changed)+len(v.hostileWrong) != 0 || v.normalPages != 36 || v.hostilePages != 4 || v.hostileAccepted != 4 {
		t.Fatalf("a correct mixed run: %+v", v)
	}
	mixed[0].Compliant = false              // a normal page's verdict moved
	mixed = append(mixed[:1], mixed[2:]...) // normal/0 desktop missing
	mixed = append(mixed, mixed[3])         // one page-viewport twice
	for i, pg := range mixed {
		if _, ok := p.hostile[pg.URL]; ok {
			mixed[i].Status, mixed[i].Error = "error", "open tab: browser process exited"
			break
		}
	}
	v := judgeMix(p, vps, clean, mixed)
	if len(v.changed) != 1 || !strings.Contains(v.changed[0], "compliant=false") {
		t.Errorf("changed %q, want the moved verdict", v.changed)
	}
	if len(v.unaccounted) != 2 {
		t.Errorf("unaccounted %q, want the missing and the repeated page-viewport", v.unaccounted)
	}
	if len(v.hostileWrong) != 1 || !strings.Contains(v.hostileWrong[0], "browser process exited") {
		t.Errorf("hostile wrong %q", v.hostileWrong)
	}
}
