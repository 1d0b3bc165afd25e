package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
)

func writeMarkdown(t *testing.T, r *scanner.Result) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestWriteMarkdownGolden(t *testing.T) {
	checkGolden(t, "summary.md.golden", []byte(writeMarkdown(t, sampleResult())))
}

func TestWriteMarkdown(t *testing.T) {
	out := writeMarkdown(t, sampleResult())
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "## beiancheck v1.2.3") {
		t.Errorf("title = %q", lines[0])
	}
	const verdict = "❌ 3 of 4 page-viewports fail: 2 not compliant, 1 not checked; 2 errors, 4 warnings, 2 notes"
	if lines[2] != verdict {
		t.Errorf("verdict = %q, want %q", lines[2], verdict)
	}
	checkTables(t, out)

	items := listItems(out)
	if len(items) != 7 {
		t.Fatalf("%d list items, want the failed page, 2 errors and 4 warnings:\n%s", len(items), out)
	}
	if !strings.HasPrefix(items[0], "- ⛔ **not checked** (desktop) https://www.example.com:8443/about?x=1\\#top: navigate") {
		t.Errorf("first item is not the failed page: %q", items[0])
	}
	for i, want := range []string{"ICP003", "ICP004", "ICP009", "PSB001", "PSB001", "ICP011"} {
		if !strings.Contains(items[i+1], "**"+want+"**") {
			t.Errorf("item %d = %q, want %s (errors before warnings)", i+1, items[i+1], want)
		}
	}
	if want := "- ❌ **ICP003** (mobile) fixtures/demo/index.html:42 footer &gt; p: line centre is 143 px left of page centre; tolerance 8 px" +
		" — **Fix:** centre the line holding the number \\(text-align: center on its block\\)"; items[1] != want {
		t.Errorf("ICP003 item = %q, want %q", items[1], want)
	}
	for _, note := range []string{"**CTX001**", "**ICP007**"} {
		if strings.Contains(out, note) {
			t.Errorf("notes are listed: %s", note)
		}
	}
	if !strings.Contains(out, "| [CTX001](https://github.com/beiancheck/beiancheck#ctx001) | note | page emulated as a mini-program web-view | 1 |") {
		t.Errorf("rule table lacks the CTX001 row:\n%s", out)
	}
}

func TestWriteMarkdownVerdicts(t *testing.T) {
	empty := writeMarkdown(t, emptyResult())
	if want := "## beiancheck \\(devel\\): ICP filing display\n\n⚠️ no page-viewports were checked\n"; empty != want {
		t.Errorf("empty summary = %q, want %q", empty, want)
	}

	ok := sampleResult()
	ok.Pages = ok.Pages[2:3] // the local file at desktop: a warning and a note
	out := writeMarkdown(t, ok)
	if !strings.Contains(out, "\n✅ the page-viewport complies; 0 errors, 1 warning, 1 note\n") {
		t.Errorf("verdict of one compliant page:\n%s", out)
	}
	ok.Pages = append(ok.Pages, ok.Pages[0])
	ok.Pages[1].Viewport = "tablet"
	if out := writeMarkdown(t, ok); !strings.Contains(out, "\n✅ all 2 page-viewports comply; 0 errors, 2 warnings, 2 notes\n") {
		t.Errorf("verdict of two compliant pages:\n%s", out)
	}
}

// withSkipped adds two page-viewports skipped by choice to the sample.
func withSkipped() *scanner.Result {
	r := sampleResult()
	for _, vp := range []string{"mobile", "desktop"} {
		u := "https://www.example.com/private/"
		r.Pages = append(r.Pages, scanner.PageResult{Target: scanner.Target{URL: u, Display: u}, URL: u, FinalURL: u,
			Viewport: vp, Status: scanner.StatusSkipped, Error: "robots.txt: disallowed for beiancheck"})
	}
	return r
}

func TestWriteMarkdownSkipped(t *testing.T) {
	out := writeMarkdown(t, withSkipped())
	if !strings.Contains(out, "\n❌ 3 of 4 page-viewports fail: 2 not compliant, 1 not checked; 2 errors, 4 warnings, 2 notes\n\n⏭️ skipped: 2 robots.txt") {
		t.Errorf("verdict does not leave out and count the skipped pages:\n%s", out)
	}
	if strings.Contains(out, "/private/") {
		t.Errorf("a skipped page is listed:\n%s", out)
	}
	if n := len(listItems(out)); n != 7 {
		t.Errorf("%d list items, want 7", n)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	const hostileURL = "https://evil.example/</details><script>alert(1)</script>|x"
	const hostileMsg = "[x](javascript:alert(1)) ![i](https://t.example/p.png) `code` *em* _em_ ~~s~~ $x$ \\| &lt;b&gt;"
	r := sampleResult()
	p := &r.Pages[1] // the URL target at mobile
	p.Target.Display, p.URL = hostileURL, hostileURL
	p.Filings[0].Number = "粤ICP备|<b>1</b>"
	p.Findings[1].Message = hostileMsg + "\n| injected | row |\r\n<details>"
	p.Findings[1].Selector = "div[data-x='|'] > `a`"
	p.Findings[1].Fix = "# heading\n- item"
	r.Pages[0].Target.Display = hostileURL
	r.Pages[0].Error = "net::ERR\n\n<img src=x onerror=alert(1)>"
	r.Tool.Version = "<b>v1</b>"

	out := writeMarkdown(t, r)
	if strings.ContainsAny(out, "<>") {
		t.Errorf("a raw < or > reached the summary:\n%s", out)
	}
	for _, bad := range []string{"](javascript", "![i](", "\n| injected", "\n# heading", "\n- item", "\n<details>"} {
		if strings.Contains(out, bad) {
			t.Errorf("summary contains %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{
		`https://evil.example/&lt;/details&gt;&lt;script&gt;alert\(1\)&lt;/script&gt;\|x`,
		`\[x\]\(javascript:alert\(1\)\) \!\[i\]\(https://t.example/p.png\) \` + "`code\\`" + ` \*em\* \_em\_ \~\~s\~\~ \$x\$ \\\| &amp;lt;b&amp;gt;`,
		`粤ICP备\|&lt;b&gt;1&lt;/b&gt;`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks the escaped value %s:\n%s", want, out)
		}
	}
	checkTables(t, out)
	if n := len(listItems(out)); n != 7 {
		t.Errorf("%d list items, want 7: a line break in a value started a new block:\n%s", n, out)
	}
}

func TestMDText(t *testing.T) {
	for in, want := range map[string]string{
		"plain 京ICP备2021012345号-1": "plain 京ICP备2021012345号-1",
		"a|b":                      `a\|b`,
		"a\\|b":                    `a\\\|b`,
		"<x>&":                     "&lt;x&gt;&amp;",
		"line\nbreak\r\ttab\x00":   `line break  tab\\x00`,
		"\x1b[31m\u202e":           `\\x1b\[31m\\u202e`,
		"sep\u2028para\u2029":      "sep para ",
		"#1 !x ~y $z {w}":          `\#1 \!x \~y \$z \{w\}`,
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	long := mdText(strings.Repeat("京", 2*mdValueMax))
	if n := utf8.RuneCountInString(long); n != mdValueMax || !strings.HasSuffix(long, "…") {
		t.Errorf("a long value is cut to %d runes (%q…), want %d ending in …", n, long[:12], mdValueMax)
	}
}

// manyFindings is a result with n error and warning findings spread over
// 10 pages.
func manyFindings(n int) *scanner.Result {
	r := sampleResult()
	r.Pages = nil
	for i := range 10 {
		u := fmt.Sprintf("https://www.example.com/page/%d", i)
		r.Pages = append(r.Pages, scanner.PageResult{
			Target: scanner.Target{URL: u, Display: u}, URL: u, Viewport: "mobile", Status: scanner.StatusOK,
		})
	}
	for i := range n {
		p := &r.Pages[i%len(r.Pages)]
		lvl := rules.LevelError
		if i%3 == 0 {
			lvl = rules.LevelWarning
		}
		p.Findings = append(p.Findings, scanner.Finding{Finding: rules.Finding{
			Rule: "ICP003", Level: lvl, URL: p.URL, Viewport: p.Viewport, Selector: fmt.Sprintf("footer > p:nth-child(%d)", i),
			Message: fmt.Sprintf("line centre is %d px left of page centre; tolerance 8 px", i),
		}})
	}
	return r
}

var moreFindings = regexp.MustCompile(`\n\n… (\d+) more findings? in the SARIF/JSON report\n$`)

func TestMarkdownCap(t *testing.T) {
	const n = 20000
	r := manyFindings(n)
	full := newMarkdownDoc(sortedCopy(r)).render(1 << 30)
	if len(full) <= MarkdownLimit {
		t.Fatalf("the uncapped summary is %d bytes; the test needs more than %d", len(full), MarkdownLimit)
	}
	out := writeMarkdown(t, r)
	if len(out) > MarkdownLimit {
		t.Errorf("summary is %d bytes, over MarkdownLimit %d", len(out), MarkdownLimit)
	}
	m := moreFindings.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("capped summary does not end with the more-findings line: %q", out[max(0, len(out)-200):])
	}
	listed := len(listItems(out))
	if more, _ := strconv.Atoi(m[1]); listed+more != n || listed == 0 {
		t.Errorf("%d findings listed + %d more = %d, want %d", listed, more, listed+more, n)
	}
	if MarkdownLimit-len(out) > 1000 {
		t.Errorf("summary is %d bytes, wasting %d of the limit", len(out), MarkdownLimit-len(out))
	}
	if !strings.Contains(out, "| https://www.example.com/page/9 | mobile |") {
		t.Error("the page table lost rows to the findings")
	}
	checkTables(t, out)
}

// TestMarkdownCapEverywhere cuts summaries dominated by the page table, by
// the list, and by both, at many limits: the output never exceeds the
// limit and everything left out is counted.
func TestMarkdownCapEverywhere(t *testing.T) {
	manyPages := sampleResult()
	for i := range 3000 {
		p := manyPages.Pages[i%len(manyPages.Pages)]
		p.Target.Display = fmt.Sprintf("%s/%d", p.Target.Display, i)
		manyPages.Pages = append(manyPages.Pages, p)
	}
	both := manyFindings(3000)
	both.Pages = append(both.Pages, manyPages.Pages...)
	for name, r := range map[string]*scanner.Result{"pages": manyPages, "findings": manyFindings(3000), "both": both} {
		doc := newMarkdownDoc(sortedCopy(r))
		full := doc.render(1 << 30)
		for _, limit := range []int{4 << 10, 10 << 10, 50 << 10, 100 << 10, len(full) - 1, len(full)} {
			out := doc.render(limit)
			if len(out) > limit {
				t.Errorf("%s at limit %d: %d bytes", name, limit, len(out))
			}
			if limit == len(full) && out != full {
				t.Errorf("%s at limit %d: a summary that fits was cut", name, limit)
			}
			counted := len(listItems(out))
			for _, m := range regexp.MustCompile(`… (\d+) more findings?(?: and (\d+) more page-viewports? not checked)? in`).FindAllStringSubmatch(out, -1) {
				a, _ := strconv.Atoi(m[1])
				b, _ := strconv.Atoi(m[2])
				counted += a + b
			}
			if want := len(listItems(full)); counted != want {
				t.Errorf("%s at limit %d: %d list items listed or counted, want %d", name, limit, counted, want)
			}
			checkTables(t, out)
		}
	}
}

func TestFairShares(t *testing.T) {
	for _, c := range []struct {
		sizes  []int
		budget int
		want   []int
	}{
		{[]int{10, 20, 30}, 100, []int{10, 20, 30}},
		{[]int{10, 100, 100}, 100, []int{10, 45, 45}},
		{[]int{100, 10, 1000}, 90, []int{40, 10, 40}},
		{[]int{5, 5}, 0, []int{0, 0}},
		{nil, 10, []int{}},
	} {
		if got := fairShares(c.sizes, c.budget); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("fairShares(%v, %d) = %v, want %v", c.sizes, c.budget, got, c.want)
		}
	}
}

// listItems is the list items of a summary.
func listItems(out string) []string {
	var items []string
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "- ") {
			items = append(items, strings.TrimSuffix(line, "\n"))
		}
	}
	return items
}

// checkTables checks that every row of every table has as many cells as
// its header: an unescaped | from a page would add one.
func checkTables(t *testing.T, out string) {
	t.Helper()
	want := -1
	for line := range strings.Lines(out) {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		n := cellSeparators(line)
		if want < 0 {
			want = n
		} else if n != want {
			t.Errorf("table row has %d separators, its header %d: %q", n, want, line)
		}
	}
}

// cellSeparators counts the pipes of a line that are not backslash-escaped.
func cellSeparators(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

// checkWriteErrors checks that a writer that stops accepting bytes makes
// the report fail, for the sample and the empty result.
func checkWriteErrors(t *testing.T, write func(io.Writer, *scanner.Result) error) {
	t.Helper()
	for _, r := range []*scanner.Result{sampleResult(), emptyResult()} {
		var full bytes.Buffer
		if err := write(&full, r); err != nil {
			t.Fatal(err)
		}
		if full.Len() == 0 {
			continue // nothing to write, nothing to fail
		}
		for _, n := range []int{0, 1, full.Len() / 2, full.Len() - 1} {
			if err := write(&failingWriter{n: n}, r); !errors.Is(err, errWriterFull) {
				t.Errorf("writer failing after %d of %d bytes: err = %v, want %v", n, full.Len(), err, errWriterFull)
			}
		}
		if err := write(&failingWriter{n: full.Len()}, r); err != nil {
			t.Errorf("writer with room for exactly the output: %v", err)
		}
	}
}

func TestWriteMarkdownWriteErrors(t *testing.T) {
	checkWriteErrors(t, WriteMarkdown)
}
