package scanner_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// TestScanLocalFolderConfined scans a folder for real: while the scan runs,
// raw requests and a script inside a scanned page (which shares the local
// server's origin) try to read what lies outside the folder and dot-files;
// the symlinked pages that leave the folder are reported as skipped, and
// no result holds the server's port or secret.
func TestScanLocalFolderConfined(t *testing.T) {
	b := testBrowser(t)
	// The number appears only once every fetch was refused: a leak, or a
	// listing, is ICP001.
	probe := `<!doctype html><html><head><meta charset="utf-8"></head><body>
<main><p>probe</p></main><footer style="text-align:center" id="f"></footer>
<script>
const tries = ['.env', '.git/config', 'shadow.html', 'out.html', 'etc/shadow', 'etc/', 'sub/', 'env.html',
  '%2e%2e/%2e%2e/outside/shadow', 'sub/..%2f..%2f..%2foutside%2fshadow', '/', '../', '../r0/.env'];
Promise.all(tries.map(p => fetch(p).then(r => r.ok ? r.text() : '', () => ''))).then(bodies => {
  if (bodies.every(b => b === '')) {
    document.getElementById('f').innerHTML = '<a href="https://beian.miit.gov.cn/">京ICP备2021012345号-1</a> <a href="sub/page.html">关于</a>';
  }
});
</script></body></html>`
	// A relative link resolves to the local server: reports show it as a
	// path.
	rel := `<!doctype html><html><head><meta charset="utf-8"></head><body><main><p>rel</p></main>
<footer style="text-align:center"><a href="sub/page.html">京ICP备2021012345号-1</a></footer></body></html>`
	localSite(t, map[string]string{"probe.html": probe, "rel.html": rel})
	srv, err := scanner.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts, err := scanner.ResolveTargets([]string{"site"}, srv)
	if err != nil {
		t.Fatal(err)
	}
	ts = slices.DeleteFunc(ts, func(tg scanner.Target) bool {
		return tg.Skip == "" && tg.Display != "site/probe.html" && tg.Display != "site/rel.html"
	})
	host, prefix := servePrefix(t, ts[slices.IndexFunc(ts, func(tg scanner.Target) bool { return tg.Display == "site/probe.html" })], "probe.html")
	viewports, err := scanner.ParseViewports("mobile,desktop")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	probed := 0
	res, err := scanner.Scan(ctx, b, ts, scanner.Options{
		Viewports: viewports, Timeout: 30 * time.Second, Concurrency: 1,
		Rules: rules.DefaultOptions(time.Now().Year()), Local: srv,
		OnPage: func(p scanner.PageResult, _ int) {
			if p.Status == scanner.StatusOK {
				probed++
				checkServes(t, host, prefix)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if probed == 0 {
		t.Error("no page was checked while the server was probed")
	}
	skipped := map[string]string{}
	for _, p := range res.Pages {
		if p.Status == scanner.StatusSkipped {
			skipped[p.URL+" "+p.Viewport] = p.Error
			continue
		}
		if p.URL == "site/rel.html" {
			if len(p.Filings) != 1 || p.Filings[0].Href != "site/sub/page.html" {
				t.Errorf("rel.html [%s]: filings %+v, want one linked to site/sub/page.html", p.Viewport, p.Filings)
			}
			continue
		}
		if p.URL != "site/probe.html" || p.Status != scanner.StatusOK || len(p.Filings) == 0 {
			t.Errorf("%s [%s]: status %s %s, %d numbers: want probe.html checked, its number shown (no fetch leaked)", p.URL, p.Viewport, p.Status, p.Error, len(p.Filings))
			continue
		}
		for _, f := range p.Findings {
			if f.Level != rules.LevelNote {
				t.Errorf("probe.html [%s]: finding %s %s, want none above a note", p.Viewport, f.Rule, f.Message)
			}
		}
		for _, f := range p.Filings {
			if f.Href != "https://beian.miit.gov.cn/" {
				t.Errorf("probe.html [%s]: href %q", p.Viewport, f.Href)
			}
		}
		if p.FinalURL != "site/probe.html" {
			t.Errorf("probe.html [%s]: final URL %q", p.Viewport, p.FinalURL)
		}
	}
	if n := len(res.Pages); n != 2*7 {
		t.Errorf("%d page-viewports, want 14 (probe, rel and five skipped)", n)
	}
	for _, v := range []string{"mobile", "desktop"} {
		for _, page := range []string{"site/out.html", "site/shadow.html", "site/etc"} {
			if r := skipped[page+" "+v]; !strings.HasPrefix(r, "symlink leaves the target folder: -> ") {
				t.Errorf("%s [%s]: skipped %q, want skipped because the symlink leaves the folder", page, v, r)
			}
		}
	}
}
