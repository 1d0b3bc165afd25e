package scanner_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/beiancheck/beiancheck/scanner"
)

// Contents that must never leave the local server.
const (
	secretOutside = "TOPSECRET-outside-file"
	secretEnv     = "TOPSECRET-dotenv"
	secretGit     = "TOPSECRET-git-config"
	secretDraft   = "TOPSECRET-draft"
	outsidePage   = "TOPSECRET-outside-page"
)

// localSite builds, in a temporary directory made the working directory,
// a folder "site" with pages, a subfolder, symlinks inside it (relative and
// absolute) and out of it (to a page, to a file standing in for
// /etc/shadow, to a folder), and dot-files; beside it the folder "outside".
// It returns the resolved path of "outside".
func localSite(t *testing.T, pages map[string]string) string {
	t.Helper()
	tmp := t.TempDir()
	t.Chdir(tmp)
	files := map[string]string{
		"outside/shadow":     secretOutside,
		"outside/page.html":  "<p>" + outsidePage + "</p>",
		"site/index.html":    "<p>INDEX-PAGE</p>",
		"site/sub/page.html": "<p>SUB-PAGE</p>",
		"site/.env":          secretEnv,
		"site/.git/config":   secretGit,
		"site/sub/.d.html":   "<p>" + secretDraft + "</p>",
	}
	for name, body := range pages {
		files["site/"+name] = body
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outside, err := filepath.EvalSymlinks(filepath.Join(tmp, "outside"))
	if err != nil {
		t.Fatal(err)
	}
	for link, to := range map[string]string{
		"site/in.html":      "sub/page.html",
		"site/in-abs.html":  filepath.Join(tmp, "site/sub/page.html"),
		"site/shadow.html":  filepath.Join(outside, "shadow"),
		"site/out.html":     "../outside/page.html",
		"site/etc":          "../outside",
		"site/env.html":     ".env",
		"site/sub/env.html": "../.git/config",
	} {
		if err := os.Symlink(to, link); err != nil {
			t.Fatal(err)
		}
	}
	return outside
}

// rawGet sends a hand-written request line, so that the path reaches the
// server exactly as written (no client-side cleaning).
func rawGet(t *testing.T, method, host, hostHeader, target string) (int, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", method, target, hostHeader); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// servePrefix returns the server's host:port and the URL path prefix of
// the tree a target is served from.
func servePrefix(t *testing.T, target scanner.Target, name string) (string, string) {
	t.Helper()
	u, err := url.Parse(target.URL)
	if err != nil {
		t.Fatal(err)
	}
	prefix, ok := strings.CutSuffix(u.EscapedPath(), name)
	if !ok {
		t.Fatalf("target URL %s does not end in %s", target.URL, name)
	}
	return u.Host, prefix
}

func resolveSite(t *testing.T, srv *scanner.LocalServer) map[string]scanner.Target {
	t.Helper()
	ts, err := scanner.ResolveTargets([]string{"site"}, srv)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]scanner.Target{}
	for _, tg := range ts {
		out[tg.Display] = tg
	}
	return out
}

// TestLocalFolderTargets checks which files of a folder become targets: its
// pages, symlinks that stay inside included; symlinked pages and folders
// that leave it (or lead to a dot-file) are skipped with the reason, not
// scanned and not dropped.
func TestLocalFolderTargets(t *testing.T) {
	outside := localSite(t, nil)
	srv, err := scanner.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	got := resolveSite(t, srv)
	var pages []string
	for d, tg := range got {
		if tg.Skip == "" {
			pages = append(pages, d)
		}
	}
	slices.Sort(pages)
	want := []string{"site/in-abs.html", "site/in.html", "site/index.html", "site/sub/page.html"}
	if !slices.Equal(pages, want) {
		t.Errorf("pages %v, want %v", pages, want)
	}
	for disp, reason := range map[string]string{
		"site/out.html":     "symlink leaves the target folder: -> " + filepath.ToSlash(filepath.Join(outside, "page.html")),
		"site/shadow.html":  "symlink leaves the target folder: -> " + filepath.ToSlash(filepath.Join(outside, "shadow")),
		"site/etc":          "symlink leaves the target folder: -> " + filepath.ToSlash(outside),
		"site/env.html":     "symlink leads to a hidden file or folder: -> .env",
		"site/sub/env.html": "symlink leads to a hidden file or folder: -> .git/config",
	} {
		tg, ok := got[disp]
		if !ok {
			t.Errorf("%s: not reported (want skipped: %s)", disp, reason)
			continue
		}
		if tg.Skip != reason || tg.URL != "" || tg.Path != disp {
			t.Errorf("%s: skip %q, URL %q, path %q; want skip %q, no URL", disp, tg.Skip, tg.URL, tg.Path, reason)
		}
	}
	if len(got) != len(want)+5 {
		t.Errorf("%d targets, want %d: %v", len(got), len(want)+5, got)
	}

	// A page named on the command line is held to its own folder; not
	// scanning it would leave nothing checked.
	if ts, err := scanner.ResolveTargets([]string{"site/out.html"}, srv); err == nil || !strings.Contains(err.Error(), "symlink leaves the target folder") {
		t.Errorf("site/out.html named alone: %+v, %v; want an error saying the symlink leaves its folder", ts, err)
	}
	// So is a folder holding only such symlinks.
	if err := os.Mkdir("links", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../outside/page.html", "links/out.html"); err != nil {
		t.Fatal(err)
	}
	if ts, err := scanner.ResolveTargets([]string{"links"}, srv); err == nil || !strings.Contains(err.Error(), "out.html: symlink leaves the target folder") {
		t.Errorf("a folder of symlinks out: %+v, %v; want an error naming them", ts, err)
	}
	if _, err := scanner.ResolveTargets([]string{"site/sub/.d.html"}, srv); err == nil || !strings.Contains(err.Error(), "hidden") {
		t.Errorf("a dot-file named alone: error %v, want one about hidden files", err)
	}
}

// TestLocalServerRefuses sends raw requests to the local server: only
// regular files inside the folder are served, under the run's secret
// prefix; symlinks out, dot-files, listings and ".." in any encoding are
// refused, and no response holds a secret.
func TestLocalServerRefuses(t *testing.T) {
	localSite(t, nil)
	srv, err := scanner.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	host, prefix := servePrefix(t, resolveSite(t, srv)["site/index.html"], "index.html")
	checkServes(t, host, prefix)
}

func checkServes(t *testing.T, host, prefix string) {
	t.Helper()
	ok := map[string]string{
		"index.html":     "INDEX-PAGE",
		"":               "INDEX-PAGE", // a folder is its index.html
		"sub/page.html":  "SUB-PAGE",
		"in.html":        "SUB-PAGE", // symlink inside to inside
		"in-abs.html":    "SUB-PAGE", // the same, absolute
		"index.html?x=1": "INDEX-PAGE",
	}
	for p, want := range ok {
		code, body := rawGet(t, "GET", host, host, prefix+p)
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d %q, want 200 with %s", prefix+p, code, body, want)
		}
	}
	refused := []string{
		"shadow.html", "out.html", "etc/", "etc/shadow", "etc/page.html", "env.html", "sub/env.html",
		".env", ".git/config", ".git/", "sub/.d.html", "sub/", "sub", "%2eenv", ".%65nv",
		"sub/../../outside/shadow",
		"sub/%2e%2e/%2e%2e/outside/shadow",
		"%2e%2e%2foutside%2fshadow",
		"sub/..%2f..%2foutside%2fshadow",
		"sub%2f..%2f..%2foutside%2fshadow",
		"%252e%252e/outside/shadow",
		"sub/%252e%252e%252f%252e%252e%252foutside%252fshadow",
		`sub\..\..\outside\shadow`,
		`..\outside\shadow`,
		"sub%5c..%5c..%5coutside%5cshadow",
		"sub/%5c..%5c..%5coutside/shadow",
		"index.html%00.png",
	}
	var targets []string
	for _, p := range refused {
		targets = append(targets, prefix+p)
	}
	secret := strings.Split(strings.Trim(prefix, "/"), "/")[0]
	targets = append(targets,
		"/r0/index.html",             // without the secret prefix
		"/r0/.env",                   // the same
		"/",                          // the server's root
		"/"+secret+"/",               // the secret alone
		"/"+secret+"/r9/index.html",  // a tree not mounted
		"/"+secret+"/r00/index.html", // a second spelling of r0
		"/"+strings.Repeat("0", len(secret))+"/r0/index.html",
		prefix+"../"+strings.TrimPrefix(prefix, "/")+".env",
		"http://"+host+prefix+".env",
	)
	for _, target := range targets {
		code, body := rawGet(t, "GET", host, host, target)
		if code != http.StatusNotFound && code != http.StatusForbidden && code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 404, 403 or 400", target, code)
		}
		for _, s := range []string{secretOutside, secretEnv, secretGit, secretDraft, outsidePage, "INDEX-PAGE", "SUB-PAGE", "<a href"} {
			if strings.Contains(body, s) {
				t.Errorf("GET %s: body holds %q: %q", target, s, body)
			}
		}
	}
	// A page of another site that a DNS name points at 127.0.0.1 sends
	// its own Host.
	if code, body := rawGet(t, "GET", host, "rebind.example:80", prefix+"index.html"); code != http.StatusNotFound || strings.Contains(body, "INDEX-PAGE") {
		t.Errorf("GET with a foreign Host: %d %q, want 404", code, body)
	}
	if code, _ := rawGet(t, "POST", host, host, prefix+"index.html"); code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", code)
	}
}

// TestLocalServerSecretPrefix checks that each run serves under its own
// unguessable path prefix.
func TestLocalServerSecretPrefix(t *testing.T) {
	var paths []string
	for range 2 {
		srv, err := scanner.ServeLocal()
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		u, err := url.Parse(srv.Base())
		if err != nil {
			t.Fatal(err)
		}
		if u.Hostname() != "127.0.0.1" {
			t.Errorf("server on %s, want 127.0.0.1", u.Host)
		}
		if !regexp.MustCompile(`^/[0-9a-f]{32}$`).MatchString(u.Path) {
			t.Errorf("base %s: path %q is not a 128-bit hex prefix", srv.Base(), u.Path)
		}
		paths = append(paths, u.Path)
	}
	if paths[0] == paths[1] {
		t.Errorf("two servers share the prefix %s", paths[0])
	}
}

// TestLocalServerEmbedded checks that an fs.FS tree (the demo site) is
// served under the same rules.
func TestLocalServerEmbedded(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":     {Data: []byte("<p>INDEX-PAGE</p>")},
		"sub/index.html": {Data: []byte("<p>SUB-PAGE</p>")},
		".env":           {Data: []byte(secretEnv)},
		".git/config":    {Data: []byte(secretGit)},
		"a/.d.html":      {Data: []byte(secretDraft)},
		"a/b.html":       {Data: []byte("<p>B</p>")},
	}
	srv, err := scanner.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	names, err := scanner.PageNames(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a/b.html", "index.html", "sub/index.html"}; !slices.Equal(names, want) {
		t.Errorf("PageNames %v, want %v", names, want)
	}
	ts := scanner.MountTargets(srv, fsys, "demo", names)
	host, prefix := servePrefix(t, ts[1], "index.html")
	for p, want := range map[string]int{
		"index.html": 200, "sub/": 200, "a/b.html": 200, "sub": 301,
		".env": 404, ".git/config": 404, "a/.d.html": 404, "a/": 404, "a": 404, "sub/../.env": 404,
	} {
		code, body := rawGet(t, "GET", host, host, prefix+p)
		if code != want || strings.Contains(body, "TOPSECRET") || (code != 200 && strings.Contains(body, "b.html")) {
			t.Errorf("GET %s: %d %q, want %d", prefix+p, code, body, want)
		}
	}
}

// TestFileURLHost checks that a file: URL naming another host is refused
// rather than read as a local path.
func TestFileURLHost(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "a.html")
	if err := os.WriteFile(page, []byte("<p>x</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := scanner.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	slash := filepath.ToSlash(page)
	for _, u := range []string{"file://evil.example" + slash, "file://user@localhost" + slash, "file://localhost:80" + slash, "file://127.0.0.1" + slash} {
		if _, err := scanner.ResolveTargets([]string{u}, srv); err == nil || !strings.Contains(err.Error(), u) || !strings.Contains(err.Error(), "host") {
			t.Errorf("%s: error %v, want one naming the URL and its host", u, err)
		}
	}
	for _, u := range []string{"file://" + slash, "file://localhost" + slash, "FILE://LOCALHOST" + slash} {
		ts, err := scanner.ResolveTargets([]string{u}, srv)
		if err != nil || len(ts) != 1 || ts[0].Skip != "" {
			t.Errorf("%s: %+v, %v; want the page", u, ts, err)
		}
	}
}

// TestMalformedURLTarget: an argument meant as a URL that does not parse
// says so (not "no such file"), and hides what may be its password.
func TestMalformedURLTarget(t *testing.T) {
	for arg, want := range map[string]string{
		"http://exa mple.com/":               `target "http://exa mple.com/": not a valid URL: invalid character " " in host name`,
		"HTTPS://user:sec ret@exa mple.com/": `target "HTTPS://***@exa mple.com/": not a valid URL`,
	} {
		_, err := scanner.ResolveTargets([]string{arg}, nil)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "sec ret") {
			t.Errorf("%s: error %v, want %q", arg, err, want)
		}
	}
}
