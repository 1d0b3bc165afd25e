package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// groupOf waits until group pgid has at least n live processes and returns
// them.
func groupOf(t *testing.T, pgid, n int) []proc {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		m := groupMembers(pgid)
		if len(m) >= n {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %d has %v, want %d processes", pgid, m, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func alive(pid int) bool {
	for _, p := range liveProcs() {
		if p.pid == pid {
			return true
		}
	}
	return false
}

// TestReapGroupTree: a contestant that leaves a process tree behind (a
// backgrounded sleep, as pa11y-ci leaves its Chromium) loses the whole tree
// when its group is reaped, including a child that ignores SIGTERM.
func TestReapGroupTree(t *testing.T) {
	cmd := exec.Command("sh", "-c", "sleep 100 & sleep 100 & (trap '' TERM; sleep 100) & wait")
	inGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pgid := cmd.Process.Pid
	members := groupOf(t, pgid, 4) // sh, two sleeps, the subshell (and its sleep)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	start := time.Now()
	if err := reapGroup(context.Background(), pgid); err != nil {
		t.Fatal(err)
	}
	<-done
	if left := groupMembers(pgid); len(left) != 0 {
		t.Errorf("group %d still has %v", pgid, left)
	}
	for _, p := range members {
		if alive(p.pid) {
			t.Errorf("%v outlived the reaping", p)
		}
	}
	if d := time.Since(start); d > 2*reapGrace+time.Second {
		t.Errorf("reaping took %v", d)
	}
}

// TestRunGroupReapsOrphans: the leader exits at once and leaves its
// children running; runGroup returns only once they are gone.
func TestRunGroupReapsOrphans(t *testing.T) {
	cmd := exec.Command("sh", "-c", "sleep 100 & sleep 100 & echo started")
	var pgid int
	if err := runGroup(cmd, func(pid int) { pgid = pid }); err != nil {
		t.Fatal(err)
	}
	if left := groupMembers(pgid); len(left) != 0 {
		t.Errorf("runGroup returned with %v left", left)
	}
}

// TestRunGroupCancel: cancelling the context ends the whole group, not only
// the leader.
func TestRunGroupCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", "sleep 100 & sleep 100; wait")
	var pgid int
	start := time.Now()
	err := runGroup(cmd, func(pid int) { pgid = pid })
	if err == nil {
		t.Error("a cancelled contestant reported success")
	}
	if left := groupMembers(pgid); len(left) != 0 {
		t.Errorf("cancelled group left %v", left)
	}
	if d := time.Since(start); d > reapGrace+2*time.Second {
		t.Errorf("cancel took %v", d)
	}
}

// TestCheckFindsLeftovers: the final check names a process of a tracked
// group, and one outside it whose command line names a tracked profile
// folder, exits non-zero (an error) and ends them.
func TestCheckFindsLeftovers(t *testing.T) {
	profile := filepath.Join(t.TempDir(), "puppeteer_dev_chrome_profile-x")
	if err := os.Mkdir(profile, 0o755); err != nil {
		t.Fatal(err)
	}
	var r reaper
	r.trackFolder(profile)

	grouped := exec.Command("sleep", "100")
	inGroup(grouped)
	// A browser that escaped its group: same process group as nobody we
	// track, but its profile on its command line.
	escaped := exec.Command("sh", "-c", "sleep 100; : --user-data-dir="+profile)
	escaped.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	for _, c := range []*exec.Cmd{grouped, escaped} {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		go c.Wait()
	}
	r.track(grouped.Process.Pid)
	defer grouped.Process.Kill()
	defer escaped.Process.Kill()
	groupOf(t, grouped.Process.Pid, 1)
	groupOf(t, escaped.Process.Pid, 1)

	err := r.check(context.Background())
	if err == nil {
		t.Fatal("check found nothing left")
	}
	for _, pid := range []int{grouped.Process.Pid, escaped.Process.Pid} {
		if !strings.Contains(err.Error(), "pid "+strconv.Itoa(pid)+" ") {
			t.Errorf("error does not name pid %d: %v", pid, err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(r.leftovers()) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if left := r.leftovers(); len(left) != 0 {
		t.Errorf("check left %v running", left)
	}
	if err := r.check(context.Background()); err != nil {
		t.Errorf("second check: %v", err)
	}
}
