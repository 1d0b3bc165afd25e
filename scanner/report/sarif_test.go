package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

// sarifSchemaFile is the OASIS SARIF 2.1.0 errata01 schema, kept in the
// repository (see its SOURCE.md).
const sarifSchemaFile = "testdata/sarif/sarif-2.1.0.json"

func writeSARIF(t *testing.T, r *scanner.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteSARIFGolden(t *testing.T) {
	checkGolden(t, "report.sarif.golden", writeSARIF(t, sampleResult()))
}

func TestWriteSARIFEmptyGolden(t *testing.T) {
	checkGolden(t, "empty.sarif.golden", writeSARIF(t, emptyResult()))
}

func TestWriteSARIFSchema(t *testing.T) {
	abs, err := filepath.Abs(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abs); err != nil {
		t.Fatalf("SARIF schema missing: %v (expected the OASIS sarif-2.1.0.json at %s, beside the repository root)", err, abs)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	schema, err := c.Compile(abs)
	if err != nil {
		t.Fatalf("compile %s: %v", abs, err)
	}
	// A control: the compiled schema must reject a region without a line.
	bad := `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"},
		"locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {}}}]}]}]}`
	if doc, err := jsonschema.UnmarshalJSON(strings.NewReader(bad)); err != nil {
		t.Fatal(err)
	} else if schema.Validate(doc) == nil {
		t.Fatal("the schema accepts a region without startLine; is it the errata01 edition?")
	}

	// With no catalogue in the result the writer lists rules.All().
	catalogue := sampleResult()
	catalogue.Rules = nil
	blocked := sampleResult()
	blocked.Blocked = []string{"fonts", "images"}
	restarted := sampleResult()
	restarted.BrowserRestarts = 2
	restarted.BrowserRecycles = 3
	for name, r := range map[string]*scanner.Result{"sample": sampleResult(), "empty": emptyResult(), "catalogue": catalogue, "blocked": blocked, "restarted": restarted} {
		t.Run(name, func(t *testing.T) {
			out := writeSARIF(t, r)
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(doc); err != nil {
				t.Errorf("SARIF does not validate: %v", err)
			}
			walkURIs(doc, false, func(uri string) {
				if strings.Contains(uri, "://") || strings.HasPrefix(strings.ToLower(uri), "http") || strings.Contains(uri, ":") {
					t.Errorf("artifactLocation.uri %q is a URL or has a colon; code scanning rejects it", uri)
				}
			})
		})
	}
}

// walkURIs calls fn with every artifactLocation.uri in a decoded document.
func walkURIs(v any, inArtifact bool, fn func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if inArtifact && k == "uri" {
				if s, ok := e.(string); ok {
					fn(s)
				}
			}
			walkURIs(e, k == "artifactLocation", fn)
		}
	case []any:
		for _, e := range v {
			walkURIs(e, false, fn)
		}
	}
}

// decodeSARIF reads back what WriteSARIF wrote.
func decodeSARIF(t *testing.T, out []byte) *sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return &log
}

func TestWriteSARIFContent(t *testing.T) {
	log := decodeSARIF(t, writeSARIF(t, sampleResult()))
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "beiancheck" || d.Version != "v1.2.3" || d.SemanticVersion != "1.2.3" {
		t.Errorf("driver = %s %s %s", d.Name, d.Version, d.SemanticVersion)
	}
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
	}
	if !slices.IsSorted(ids) || len(ids) != len(sampleRules()) {
		t.Errorf("rules = %v, want the whole catalogue in ID order", ids)
	}
	for i, r := range d.Rules {
		if r.ID == "ICP013" {
			if r.DefaultConfiguration.Enabled == nil || *r.DefaultConfiguration.Enabled || r.DefaultConfiguration.Level != "none" {
				t.Errorf("ICP013 (off) configuration = %+v", r.DefaultConfiguration)
			}
		}
		for _, res := range run.Results {
			if res.RuleID == r.ID && (res.RuleIndex == nil || *res.RuleIndex != i) {
				t.Errorf("%s result has ruleIndex %v, want %d", r.ID, res.RuleIndex, i)
			}
		}
	}
	if len(run.Results) != 8 {
		t.Errorf("%d results, want 8", len(run.Results))
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 {
		t.Errorf("invocation = %+v, want one failed page", inv)
	} else if msg := inv.ToolExecutionNotifications[0].Message.Text; !strings.HasPrefix(msg, aboutURL+" [desktop]: ") {
		t.Errorf("notification = %q", msg)
	}
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation
		switch res.Properties.URL {
		case demoPath:
			if loc.ArtifactLocation.URI != demoPath || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region.StartLine < 42 {
				t.Errorf("%s on the local file placed at %+v", res.RuleID, loc)
			}
		case aboutURL:
			if loc.ArtifactLocation.URI != "www.example.com_8443/about" || loc.Region.StartLine != 1 {
				t.Errorf("%s on the URL target placed at %+v", res.RuleID, loc)
			}
			if !strings.Contains(res.Message.Text, aboutURL) {
				t.Errorf("message %q lacks the real URL", res.Message.Text)
			}
		default:
			t.Errorf("result %s has url %q", res.RuleID, res.Properties.URL)
		}
		if !strings.Contains(res.Message.Text, " — Fix: ") && res.RuleID != "CTX001" {
			t.Errorf("message %q lacks the fix", res.Message.Text)
		}
	}
	if !slices.IsSortedFunc(run.Results, compareResults) {
		t.Error("results are not in order")
	}

	empty := decodeSARIF(t, writeSARIF(t, emptyResult()))
	if empty.Runs[0].Results == nil || !empty.Runs[0].Invocations[0].ExecutionSuccessful {
		t.Errorf("empty run: results %v, invocation %+v", empty.Runs[0].Results, empty.Runs[0].Invocations[0])
	}
	if empty.Runs[0].Tool.Driver.SemanticVersion != "" {
		t.Errorf("(devel) gave semanticVersion %q", empty.Runs[0].Tool.Driver.SemanticVersion)
	}
}

// fingerprints maps each result to its fingerprint, keyed by what should
// identify it.
func fingerprints(t *testing.T, r *scanner.Result) []string {
	t.Helper()
	var fps []string
	for _, res := range decodeSARIF(t, writeSARIF(t, r)).Runs[0].Results {
		fps = append(fps, res.PartialFingerprints["primaryLocationLineHash"])
	}
	slices.Sort(fps)
	return fps
}

func TestFingerprintStable(t *testing.T) {
	base := fingerprints(t, sampleResult())
	for _, fp := range base {
		if len(fp) != 18 || !strings.HasSuffix(fp, ":1") {
			t.Errorf("fingerprint %q is not 16 hex digits and :1", fp)
		}
	}

	// Another run: findings in another order, other selectors and
	// messages (measured offsets move), the loopback port changed, the
	// URL's host in other case and without its fragment.
	moved := sampleResult()
	for i := range moved.Pages {
		p := &moved.Pages[i]
		slices.Reverse(p.Findings)
		if p.Target.Path != "" {
			p.Target.URL = "http://127.0.0.1:50000/demo/index.html"
		} else {
			p.Target.Display = "HTTPS://WWW.Example.com:8443/about?x=1"
			p.URL = p.Target.Display
		}
		for j := range p.Findings {
			f := &p.Findings[j]
			f.Selector = "body > div:nth-child(3) > " + f.Selector
			f.Message = "remeasured: " + f.Message
			f.URL = p.URL
			f.Line += 3
		}
	}
	slices.Reverse(moved.Pages)
	if got := fingerprints(t, moved); !slices.Equal(got, base) {
		t.Errorf("fingerprints changed across runs:\n got %v\nwant %v", got, base)
	}

	// The same finding at the other viewport is another alert.
	a := fingerprint("ICP003", "https://www.example.com:8443/about?x=1", "mobile", "京ICP备2021012345号-1")
	b := fingerprint("ICP003", "https://www.example.com:8443/about?x=1", "desktop", "京ICP备2021012345号-1")
	if a == b {
		t.Error("mobile and desktop findings share a fingerprint")
	}
	seen := map[string]bool{}
	for _, fp := range base {
		if seen[fp] {
			t.Errorf("two findings of the sample share fingerprint %s", fp)
		}
		seen[fp] = true
	}
}

func TestPseudoPath(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.example.com:8443/about?x=1#top": "www.example.com_8443/about",
		"https://example.com/":                       "example.com/index",
		"https://example.com":                        "example.com/index",
		"https://Example.COM:443/about/index.html":   "example.com/about/index.html",
		"http://example.com:80/a/b/":                 "example.com/a/b/index",
		"http://[::1]:8080/x":                        "__1_8080/x",
		"https://例子.中国/关于":                           "%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD/%E5%85%B3%E4%BA%8E",
		"https://example.com/a:b/../c%20d":           "example.com/c%20d",
		"https://example.com/time:now":               "example.com/time_now",
	} {
		if got := pseudoPath(in); got != want {
			t.Errorf("pseudoPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"fixtures/demo/index.html":   "fixtures/demo/index.html",
		"./fixtures/demo/index.html": "fixtures/demo/index.html",
		`fixtures\demo\index.html`:   "fixtures/demo/index.html",
		"站点/首页 1.html":               "%E7%AB%99%E7%82%B9/%E9%A6%96%E9%A1%B5%201.html",
		"c:/x.html":                  "c%3A/x.html",
	} {
		if got, base := fileURI(in); got != want || base != "%SRCROOT%" {
			t.Errorf("fileURI(%q) = %q, %q; want %q, %%SRCROOT%%", in, got, base, want)
		}
	}
}

// TestFingerprintUsesTargetKey checks that a URL page's fingerprint is
// keyed by the target key, the identity the frontier and the baseline use:
// spellings of one page that the key folds (an empty path and "/", case,
// default port, fragment) share their fingerprints.
func TestFingerprintUsesTargetKey(t *testing.T) {
	var base []string
	for _, u := range []string{"https://www.example.com/", "HTTPS://WWW.Example.COM:443", "https://www.example.com#top"} {
		r := sampleResult()
		for i := range r.Pages {
			p := &r.Pages[i]
			if p.Target.Path == "" {
				p.Target.URL, p.Target.Display, p.URL = u, u, u
			}
		}
		got := fingerprints(t, r)
		if base == nil {
			base = got
		} else if !slices.Equal(got, base) {
			t.Errorf("%s: fingerprints %v, want those of %s: %v", u, got, "https://www.example.com/", base)
		}
	}
}

func TestWriteSARIFDefaultCatalogue(t *testing.T) {
	r := sampleResult()
	r.Rules = nil
	all := rules.All()
	log := decodeSARIF(t, writeSARIF(t, r))
	if got := len(log.Runs[0].Tool.Driver.Rules); got != len(all) {
		t.Errorf("%d rules listed, want the %d of rules.All()", got, len(all))
	}
}

func TestSARIFRuleMissingFromCatalogue(t *testing.T) {
	r := sampleResult()
	r.Rules = []*rules.Rule{{ID: "ICP003", Name: "FilingNumberCentered", Title: "not centred", Level: rules.LevelError}}
	log := decodeSARIF(t, writeSARIF(t, r))
	for _, res := range log.Runs[0].Results {
		if (res.RuleIndex != nil) != (res.RuleID == "ICP003") {
			t.Errorf("%s: ruleIndex %v", res.RuleID, res.RuleIndex)
		}
	}
}
