package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/beiancheck/beiancheck/scanner"
)

func TestSummaryFlag(t *testing.T) {
	code, _, stderr := runCLI(t, "scan", "--summary", "brief", "a.html")
	if code != exitSetup || !strings.Contains(stderr, `invalid argument "brief" for "--summary" flag: unknown summary mode "brief" (want all, failures, none or auto)`) {
		t.Errorf("--summary brief: exit %d, %q", code, stderr)
	}
	var help bytes.Buffer
	if err := run(context.Background(), []string{"scan", "--help"}, strings.NewReader(""), &help, &help); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(help.String(), "--summary MODE") || !strings.Contains(help.String(), `(default "auto")`) {
		t.Errorf("scan --help does not document --summary:\n%s", help.String())
	}
}

// TestCancelledLongList interrupts a scan of a long URL list after a few
// pages and checks that nothing floods: the summary, the progress and the
// Markdown summary say in one line what was not scanned, --jsonl holds the
// finished page-viewports only, and the JSON report still lists every URL.
func TestCancelledLongList(t *testing.T) {
	needBrowser(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		hits++
		if hits == 4 {
			cancel() // Ctrl-C
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, compliantPage)
	}))
	defer srv.Close()
	dir := t.TempDir()
	const n = 400
	var list strings.Builder
	for i := range n {
		fmt.Fprintf(&list, "%s/p%03d\n", srv.URL, i)
	}
	urls, jsonl, js, md := filepath.Join(dir, "urls.txt"), filepath.Join(dir, "pages.jsonl"), filepath.Join(dir, "r.json"), filepath.Join(dir, "r.md")
	if err := os.WriteFile(urls, []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err := run(ctx, []string{"scan", "--urls", urls, "--jsonl", jsonl, "--json", js, "--markdown", md, "--concurrency", "1"},
		strings.NewReader(""), &stdout, &stderr)
	if exitCode(err, io.Discard) != exitFailed {
		t.Fatalf("err = %v, want exit %d\n%s", err, exitFailed, stderr.String())
	}

	var rep struct {
		Pages []struct{ URL, Viewport, Status, Error string } `json:"pages"`
	}
	readJSON(t, js, &rep)
	if len(rep.Pages) != 2*n {
		t.Errorf("the JSON report lists %d page-viewports, want %d", len(rep.Pages), 2*n)
	}
	finished := map[string]bool{}
	notScanned := 0
	for _, p := range rep.Pages {
		if p.Error == scanner.NotScannedReason {
			notScanned++
		} else {
			finished[p.URL+" "+p.Viewport] = true
		}
	}
	if notScanned < 2*n-20 || len(finished) == 0 {
		t.Fatalf("%d page-viewports not scanned and %d finished; want nearly all not scanned", notScanned, len(finished))
	}

	b, err := os.ReadFile(jsonl)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	for _, l := range lines {
		var p struct{ URL, Viewport, Error string }
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("JSON line %q: %v", l, err)
		}
		if !finished[p.URL+" "+p.Viewport] {
			t.Errorf("--jsonl holds a page-viewport that did not finish: %s", l)
		}
	}
	if len(lines) != len(finished) {
		t.Errorf("--jsonl has %d lines, want the %d page-viewports that finished", len(lines), len(finished))
	}

	out := stderr.String()
	line := strconv.Itoa(notScanned) + " page-viewports not scanned: run cancelled"
	if got := strings.Count(out, "not scanned"); got != 2 || !strings.Contains(out, "\n"+line+"\n") {
		t.Errorf("stderr mentions not scanned %d times, want the summary line %q and the last progress line:\n%s", got, line, out)
	}
	if !regexp.MustCompile(`(?m)^progress: \d+/` + strconv.Itoa(2*n) + ` page-viewports, .*; ` + line + `$`).MatchString(out) {
		t.Errorf("the last progress line does not count what was not scanned:\n%s", out)
	}
	if rows := strings.Count(out, srv.URL); rows > 20 {
		t.Errorf("stderr names the server %d times: a row per page not scanned?\n%s", rows, out)
	}
	mdText, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(mdText), "not scanned"); got != 1 || strings.Count(string(mdText), "/p3") > 0 {
		t.Errorf("the Markdown summary mentions not scanned %d times, want once, and no row of them:\n%s", got, mdText)
	}
}

// TestScreenshotsNotWritten scans a compliant page whose screenshots
// cannot be written: the run says so once on stderr and in the summaries,
// and the verdict and exit code stand. It also checks that the JUnit
// report carries the page's measured time.
func TestScreenshotsNotWritten(t *testing.T) {
	needBrowser(t)
	dir := t.TempDir()
	artifacts := filepath.Join(dir, "artifacts")
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The artifacts directory is writable when the run starts, and
		// becomes a file while the page loads: every screenshot fails.
		mu.Lock()
		if st, err := os.Stat(artifacts); err == nil && st.IsDir() {
			if err := os.RemoveAll(artifacts); err != nil {
				t.Error(err)
			}
			if err := os.WriteFile(artifacts, []byte("not a directory"), 0o644); err != nil {
				t.Error(err)
			}
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, compliantPage)
	}))
	defer srv.Close()
	scan := func(extra ...string) (int, string) {
		t.Helper()
		if err := os.RemoveAll(artifacts); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(artifacts, 0o755); err != nil {
			t.Fatal(err)
		}
		args := append([]string{"scan", "--viewport", "desktop", "--artifacts", artifacts, "--screenshots", "all"}, extra...)
		code, _, stderr := runCLI(t, append(args, srv.URL+"/")...)
		return code, stderr
	}
	md, junit, htmlFile := filepath.Join(dir, "r.md"), filepath.Join(dir, "r.xml"), filepath.Join(dir, "r.html")
	code, stderr := scan("--markdown", md, "--junit", junit, "--html", htmlFile)
	if code != exitOK {
		t.Errorf("exit %d, want %d: the page complies\n%s", code, exitOK, stderr)
	}
	const warning = "screenshots of 1 page-viewport could not be written: write screenshot: mkdir "
	if n := strings.Count(stderr, "could not be written"); n != 1 || !strings.Contains(stderr, warning) || !strings.Contains(stderr, "not a directory") {
		t.Errorf("stderr says %d times that screenshots could not be written, want once %q…:\n%s", n, warning, stderr)
	}
	if !strings.Contains(stderr, "1 page-viewport: 1 compliant, 0 not compliant, 0 not checked") {
		t.Errorf("the verdict changed:\n%s", stderr)
	}
	for _, file := range []string{md, htmlFile} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "screenshots of 1 page-viewport could not be written: write screenshot: mkdir") {
			t.Errorf("%s does not say that the screenshots could not be written:\n%s", file, b)
		}
	}
	var suites struct {
		Time  string `xml:"time,attr"`
		Cases []struct {
			Time string `xml:"time,attr"`
		} `xml:"testsuite>testcase"`
	}
	b, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, &suites); err != nil {
		t.Fatal(err)
	}
	if len(suites.Cases) != 1 {
		t.Fatalf("%d test cases, want 1:\n%s", len(suites.Cases), b)
	}
	if s, err := strconv.ParseFloat(suites.Cases[0].Time, 64); err != nil || s <= 0 || !regexp.MustCompile(`^\d+\.\d{3}$`).MatchString(suites.Cases[0].Time) {
		t.Errorf("test case time %q, want the measured seconds with 3 decimals", suites.Cases[0].Time)
	}
	if suites.Time != suites.Cases[0].Time {
		t.Errorf("testsuites time %q, want the sum %q", suites.Time, suites.Cases[0].Time)
	}

	// Quiet prints no summary, but still the one warning.
	code, stderr = scan("--quiet")
	if lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); code != exitOK || len(lines) != 1 || !strings.HasPrefix(lines[0], "beiancheck: warning: "+warning) {
		t.Errorf("--quiet: exit %d, stderr %q; want only the warning", code, stderr)
	}
}

// TestHTMLEmbedsScreenshots writes an HTML report with screenshots,
// deletes the artifacts directory and checks that the report still holds
// the images, and links to their files.
func TestHTMLEmbedsScreenshots(t *testing.T) {
	needBrowser(t)
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("a.html", []byte(unlinkedPage), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "scan", "--quiet", "--viewport", "desktop", "--artifacts", "evidence", "--screenshots", "all",
		"--html", "out/report.html", "a.html")
	if code != exitFindings { // the number is not linked: the page has findings, whose section shows the screenshots
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if err := os.RemoveAll("evidence"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("out/report.html")
	if err != nil {
		t.Fatal(err)
	}
	imgs := regexp.MustCompile(`<a href="(\.\./evidence/[^"]+\.png)"[^>]*><img src="data:image/png;base64,([^"]+)"`).FindAllStringSubmatch(string(b), -1)
	if len(imgs) != 2 {
		t.Fatalf("%d embedded images linked to their files, want 2 (footer and thumbnail):\n%s", len(imgs), b)
	}
	for _, m := range imgs {
		raw, err := base64.StdEncoding.DecodeString(html.UnescapeString(m[2]))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(raw))
		if err != nil || cfg.Width == 0 || cfg.Height == 0 {
			t.Errorf("image %s: %v, %dx%d", m[1], err, cfg.Width, cfg.Height)
		}
	}
}
