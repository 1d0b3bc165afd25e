package browser

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Each browser runs with a profile folder of its own under the temporary
// folder, named with profilePrefix and holding an owner file ("PID
// START", START the process's start time in clock ticks since boot, so
// that a reused PID is not taken for the owner). A run killed with -9
// cannot remove its folder: the next run removes every profile whose owner
// is dead, first killing the browser processes still using it, and never
// touches a folder without an owner file or of a live owner.

const (
	profilePrefix = "beiancheck-profile-"
	ownerFile     = "owner"
	// chromeDir is the user data folder Chromium gets inside the profile.
	chromeDir = "chrome"
)

// newProfile removes the stale profiles under root and creates this
// run's; Chromium's user data folder is filepath.Join(dir, chromeDir).
func newProfile(root string) (dir string, err error) {
	removeStaleProfiles(root)
	dir, err = os.MkdirTemp(root, profilePrefix+"*")
	if err != nil {
		return "", fmt.Errorf("browser profile: %w", err)
	}
	owner := fmt.Sprintf("%d %s\n", os.Getpid(), startTime(os.Getpid()))
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(owner), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("browser profile: %w", err)
	}
	return dir, nil
}

// removeProfile kills what still runs with the profile (Chromium's
// children can outlive its main process) and removes it.
func removeProfile(dir string) {
	killUsing(filepath.Join(dir, chromeDir))
	// A child that was just killed may still be writing: retry briefly.
	for i := 0; i < 50; i++ {
		if err := os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// removeStaleProfiles removes the profiles under root whose owner process
// is dead.
func removeStaleProfiles(root string) {
	dirs, _ := filepath.Glob(filepath.Join(root, profilePrefix+"*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			// Not ours, or a run creating it this instant.
			continue
		}
		pid, start, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
		n, err := strconv.Atoi(pid)
		if err != nil || n <= 0 || alive(n, start) {
			continue
		}
		removeProfile(dir)
	}
}

// alive reports whether process pid runs and started at start (when both
// are known).
func alive(pid int, start string) bool {
	if st := procStat(pid); st != nil {
		return st[0] != "Z" && st[0] != "X" && (start == "" || len(st) < 20 || st[19] == start)
	}
	if _, err := os.Stat("/proc/self/stat"); err == nil {
		return false // /proc works and has no such process
	}
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}

// startTime is the start time of process pid as /proc/PID/stat gives it
// (field 22), or "" where there is no /proc.
func startTime(pid int) string {
	if st := procStat(pid); len(st) >= 20 {
		return st[19]
	}
	return ""
}

// procStat are the fields of /proc/PID/stat after the command name
// (state, ppid, …), or nil.
func procStat(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(b)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
}

// killUsing kills the processes started with --user-data-dir=dir, looking
// again until a few looks in a row find none (a child may fork as its
// parent dies). Where there is no /proc it does nothing.
func killUsing(dir string) {
	want := []byte("--user-data-dir=" + dir)
	deadline := time.Now().Add(2 * time.Second)
	for quiet := 0; quiet < 3 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		found := 0
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == os.Getpid() {
				continue
			}
			cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
			if err != nil {
				continue
			}
			for arg := range bytes.SplitSeq(cmdline, []byte{0}) {
				if bytes.Equal(arg, want) {
					_ = syscall.Kill(pid, syscall.SIGKILL)
					found++
					break
				}
			}
		}
		if found == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
}
