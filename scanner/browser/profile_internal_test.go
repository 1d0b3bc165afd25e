package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestStaleProfilesRemoved: the profiles a killed run left (owner dead, or
// its PID reused by another process) are removed with the processes still
// using them; a live owner's, one without an owner file and another
// program's folder are kept.
func TestStaleProfilesRemoved(t *testing.T) {
	root := t.TempDir()
	dead := exec.Command("sh", "-c", "exit 0")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	profile := func(name, owner string) string {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Join(dir, chromeDir), 0o700); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(owner), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	me := os.Getpid()
	stale := profile(profilePrefix+"dead", fmt.Sprintf("%d %s\n", dead.Process.Pid, startTime(dead.Process.Pid)))
	reused := profile(profilePrefix+"reused", fmt.Sprintf("%d 1\n", me))
	live := profile(profilePrefix+"live", fmt.Sprintf("%d %s\n", me, startTime(me)))
	unowned := profile(profilePrefix+"creating", "")
	other := profile("chromedp-runner123", fmt.Sprintf("%d\n", dead.Process.Pid))

	// A browser child of the dead run, still using its profile.
	leftover := exec.Command("sh", "-c", "read x", "--user-data-dir="+filepath.Join(stale, chromeDir))
	w, err := leftover.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := leftover.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- leftover.Wait() }()

	removeStaleProfiles(root)
	for _, d := range []string{stale, reused} {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("stale profile %s kept (%v)", filepath.Base(d), err)
		}
	}
	for _, d := range []string{live, unowned, other} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(d), err)
		}
	}
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		t.Error("the process using the stale profile still runs")
		leftover.Process.Kill()
	}
}

// TestBrowserProfileRemovedOnClose: a browser's profile is under the
// temporary folder, marked with its owner, while it runs, and gone after
// Close.
func TestBrowserProfileRemovedOnClose(t *testing.T) {
	path, err := FindChrome("")
	if err != nil {
		t.Skipf("no browser: %v", err)
	}
	root := t.TempDir()
	t.Setenv("TMPDIR", root)
	b, err := Start(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob(filepath.Join(root, profilePrefix+"*", ownerFile))
	if len(dirs) != 1 {
		t.Errorf("profiles with an owner while the browser runs: %v, want 1", dirs)
	}
	b.Close()
	if ents, _ := os.ReadDir(root); len(ents) != 0 {
		t.Errorf("after Close the temporary folder holds %d entries (%s…), want none", len(ents), ents[0].Name())
	}
}
