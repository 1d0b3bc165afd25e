package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/browser/browsertest"
)

// resumeSite is a loopback site of 40 pages crawled from /p0: page i links
// to 2i+1 and 2i+2, an off-host page and a PDF. Most footers are compliant;
// every 7th is off centre, every 5th unlinked, the last five show another
// number (ICP014 across the site), /p13 is missing (an error). Each page
// takes 60 ms, so that a run lasts long enough to be killed in the middle.
// hits counts the page loads.
func resumeSite(t *testing.T, hits *atomic.Int64) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/p%d", &i); err != nil || i >= 40 || i == 13 {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		time.Sleep(60 * time.Millisecond)
		number, align := "京ICP备2021012345号-1", "center"
		if i >= 35 {
			number = "沪ICP备2020000001号"
		}
		if i%7 == 6 {
			align = "left"
		}
		link := `<a href="https://beian.miit.gov.cn/">` + number + `</a>`
		if i%5 == 4 {
			link = number
		}
		var links strings.Builder
		for _, k := range []int{2*i + 1, 2*i + 2} {
			if k < 40 {
				fmt.Fprintf(&links, `<li><a href="/p%d">page %d</a></li>`, k, k)
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>p%d</title></head>
<body style="margin:0;font:16px sans-serif"><main style="min-height:900px"><h1>Page %d</h1><ul>%s<li><a href="https://elsewhere.example/">elsewhere</a></li><li><a href="/doc%d.pdf">pdf</a></li></ul></main>
<footer style="text-align:%s;padding:16px"><p>%s</p></footer></body></html>`, i, i, links.String(), i, align, link)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// beiancheck runs the program (the test binary re-executed as main) with
// TMPDIR set to tmp, for the profiles; it returns the started command.
func startBeiancheck(t *testing.T, tmp string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "BEIANCHECK_RUN_MAIN=1", "TMPDIR="+tmp)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

// journalPages counts the pages journaled so far.
func journalPages(dir string) int {
	b, _ := os.ReadFile(filepath.Join(dir, scanner.StateFile))
	return max(0, bytes.Count(b, []byte("\n"))-1)
}

// TestKillResume kills beiancheck with SIGKILL at random points of a --state
// crawl, resumes it each time, and compares the final JSON and SARIF with
// those of a run never killed: byte for byte, as neither holds a timing.
// No browser process of the killed runs and no profile folder may remain.
func TestKillResume(t *testing.T) {
	needBrowser(t)
	var hits atomic.Int64
	site := resumeSite(t, &hits)
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("seed %d", seed)
	tmp, out := t.TempDir(), t.TempDir()
	common := []string{"scan", "--crawl", "--max-depth", "6", "--ignore-robots", "--quiet", site.URL + "/p0"}
	report := func(name string) []string {
		return []string{"--json", filepath.Join(out, name+".json"), "--sarif", filepath.Join(out, name+".sarif")}
	}

	whole, stderr := startBeiancheck(t, tmp, append(common, report("whole")...)...)
	if err := whole.Wait(); whole.ProcessState.ExitCode() != exitFailed {
		t.Fatalf("uninterrupted run: exit %d (%v), want %d (the missing page)\n%s", whole.ProcessState.ExitCode(), err, exitFailed, stderr)
	}

	wholeHits := hits.Swap(0)
	state := filepath.Join(out, "state")
	var killed []int
	args := append(append([]string{}, common...), append(report("resumed"), "--state", state)...)
	for round := range 3 {
		cmd, stderr := startBeiancheck(t, tmp, args...)
		if round == 0 {
			args = append(args, "--resume")
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		if round == 2 {
			// The last resume finishes the run.
			<-exited
			if code := cmd.ProcessState.ExitCode(); code != exitFailed {
				t.Fatalf("final resume: exit %d, want %d\n%s", code, exitFailed, stderr)
			}
			break
		}
		at := journalPages(state) + 5 + rng.IntN(10)
		deadline := time.Now().Add(60 * time.Second)
		for journalPages(state) < at && time.Now().Before(deadline) {
			select {
			case <-exited:
				t.Fatalf("round %d: the run ended before %d pages were journaled\n%s", round, at, stderr)
			case <-time.After(time.Duration(rng.IntN(40)) * time.Millisecond):
			}
		}
		kids := browsertest.Descendants(cmd.Process.Pid)
		if len(kids) == 0 {
			t.Fatalf("round %d: no browser process to leave behind\n%s", round, stderr)
		}
		killed = append(killed, kids...)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		<-exited
		t.Logf("round %d: killed at %d journaled pages, %d browser processes", round, journalPages(state), len(kids))
	}

	// What was journaled is not loaded again: only the pages in flight at
	// each kill (two workers, two viewports) are.
	if got, limit := hits.Load(), wholeHits+2*2*2; got > limit {
		t.Errorf("the killed and resumed runs loaded %d pages, the uninterrupted run %d: journaled pages loaded again", got, wholeHits)
	}
	for _, ext := range []string{".json", ".sarif"} {
		want, err1 := os.ReadFile(filepath.Join(out, "whole"+ext))
		got, err2 := os.ReadFile(filepath.Join(out, "resumed"+ext))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		want, got = withoutPaths(want, out), withoutPaths(got, out)
		if !bytes.Equal(got, want) {
			t.Errorf("%s of the resumed run differs from the uninterrupted run's:\n%s", ext, firstDiff(got, want))
		}
	}
	if n := bytes.Count(mustRead(t, filepath.Join(out, "whole.json")), []byte(`"url"`)); n < 80 {
		t.Errorf("the uninterrupted run's JSON names %d URLs, want the whole site", n)
	}
	for _, p := range killed {
		if browsertest.Alive(p) {
			t.Errorf("browser process %d of a killed run still runs", p)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "beiancheck-profile-*")); len(left) > 0 {
		t.Errorf("profile folders left: %v", left)
	}
}

// withoutPaths removes the report names, which differ by design.
func withoutPaths(b []byte, dir string) []byte {
	return regexp.MustCompile(regexp.QuoteMeta(dir)+`/[a-z]+`).ReplaceAll(b, []byte("REPORT"))
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// firstDiff shows where two reports part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-300)
	return fmt.Sprintf("got  …%s…\nwant …%s…", a[from:min(len(a), i+300)], b[from:min(len(b), i+300)])
}

// TestStateRefusals: a non-empty state folder without --resume, a resume
// with another flag, and the flags that need --state are usage errors
// naming the problem; the journal holds no credential.
func TestStateRefusals(t *testing.T) {
	needBrowser(t)
	var hits atomic.Int64
	site := resumeSite(t, &hits)
	state := filepath.Join(t.TempDir(), "state")
	target := site.URL + "/p1"
	code, _, stderr := runCLI(t, "scan", "--quiet", "--state", state, "--header", "X-Token: tok-s3cr3t", "--auth", "me:pw-s3cr3t", target)
	if code != exitOK {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	if b := mustRead(t, filepath.Join(state, scanner.StateFile)); bytes.Contains(b, []byte("s3cr3t")) || !bytes.Contains(b, []byte("X-Token")) {
		t.Errorf("journal holds a credential, or not the header's name:\n%s", b)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--state", state, target}, "is not empty"},
		{[]string{"--resume", target}, "need --state"},
		{[]string{"--state", state, "--resume", "--state-overwrite", target}, "give one of them"},
		{[]string{"--state", state, "--resume", "--timeout", "9s", "--header", "X-Token: tok-s3cr3t", "--auth", "me:pw-s3cr3t", target}, `--timeout: journal "30s", now "9s"`},
		{[]string{"--state", state, "--resume", "--header", "X-Token: other", "--auth", "me:pw-s3cr3t", target}, `credentials: journal "sha256`},
		{[]string{"--state", state, "--resume", "--max-page-heap", "256MiB", "--header", "X-Token: tok-s3cr3t", "--auth", "me:pw-s3cr3t", target}, `--max-page-heap: journal "512MiB", now "256MiB"`},
	} {
		code, _, stderr := runCLI(t, append([]string{"scan", "--quiet"}, c.args...)...)
		if code != exitSetup || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "s3cr3t") {
			t.Errorf("%v: exit %d, stderr %q; want exit %d saying %q", c.args, code, stderr, exitSetup, c.want)
		}
	}
	code, _, stderr = runCLI(t, "scan", "--quiet", "--state", state, "--resume", "--header", "X-Token: tok-s3cr3t", "--auth", "me:pw-s3cr3t", "--concurrency", "1", target)
	if code != exitOK {
		t.Errorf("resume of a finished run with another --concurrency: exit %d\n%s", code, stderr)
	}

	// A password written in the target URL is not journaled either, and a
	// resume with another one is refused like another --auth.
	state = filepath.Join(t.TempDir(), "state")
	withPW := strings.Replace(target, "://", "://me:url-s3cr3t@", 1)
	if code, _, stderr := runCLI(t, "scan", "--quiet", "--state", state, withPW); code != exitOK {
		t.Fatalf("run with a URL password: exit %d\n%s", code, stderr)
	}
	if b := mustRead(t, filepath.Join(state, scanner.StateFile)); bytes.Contains(b, []byte("url-s3cr3t")) || !bytes.Contains(b, []byte("://***@")) {
		t.Errorf("journal holds the URL's password, or not the redacted URL:\n%s", b)
	}
	other := strings.Replace(target, "://", "://me:other@", 1)
	if code, _, stderr := runCLI(t, "scan", "--quiet", "--state", state, "--resume", other); code != exitSetup || !strings.Contains(stderr, `credentials: journal "sha256`) {
		t.Errorf("resume with another URL password: exit %d, %q", code, stderr)
	}
}
