package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	procfs "github.com/beiancheck/beiancheck/scanner/browser/proc"
)

// Every contestant runs in a process group of its own, and the bench reaps
// the whole group when the contestant ends: a browser that its launcher
// leaves behind (pa11y-ci's puppeteer_dev_chrome_profile-* Chromium after
// pa11y-ci exits) would otherwise run on as an orphan and load the next
// contestant.

// reapGrace is how long a group has between SIGTERM and SIGKILL.
const reapGrace = 3 * time.Second

// inGroup makes cmd the leader of a new process group, whose id is its pid.
// The context's end signals the whole group, not only the leader.
func inGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	if cmd.Cancel != nil { // made by exec.CommandContext
		cmd.Cancel = func() error { return signalGroup(cmd.Process.Pid, syscall.SIGTERM) }
		cmd.WaitDelay = reapGrace
	}
}

// runGroup starts cmd in its own process group, waits for it and reaps
// whatever the group still holds afterwards. started, when not nil, is
// called once the process runs (to sample its memory).
func runGroup(cmd *exec.Cmd, started func(pid int)) error {
	inGroup(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	if started != nil {
		started(cmd.Process.Pid)
	}
	err := cmd.Wait()
	if rerr := reapGroup(context.Background(), cmd.Process.Pid); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// signalGroup sends sig to every process of group pgid; a group that is
// already gone is not an error.
func signalGroup(pgid int, sig syscall.Signal) error {
	if pgid <= 1 {
		return fmt.Errorf("signal group %d: not a contestant's group", pgid) // -0 would be our own group, -1 everything
	}
	if err := syscall.Kill(-pgid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signal group %d: %w", pgid, err)
	}
	return nil
}

// reapGroup ends every live process of group pgid: SIGTERM, then SIGKILL
// for what is left after reapGrace. It returns once the group is empty, or
// an error naming what survived SIGKILL.
func reapGroup(ctx context.Context, pgid int) error {
	if len(groupMembers(pgid)) == 0 {
		return nil
	}
	if err := signalGroup(pgid, syscall.SIGTERM); err != nil {
		return err
	}
	if waitEmpty(ctx, pgid, reapGrace) {
		return nil
	}
	if err := signalGroup(pgid, syscall.SIGKILL); err != nil {
		return err
	}
	if waitEmpty(ctx, pgid, reapGrace) {
		return nil
	}
	return fmt.Errorf("process group %d survived SIGKILL: %v", pgid, groupMembers(pgid))
}

// waitEmpty polls until group pgid has no live process, up to d.
func waitEmpty(ctx context.Context, pgid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if len(groupMembers(pgid)) == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// proc is a live process seen in /proc.
type proc struct {
	pid, pgid int
	cmdline   string // arguments joined by spaces
}

func (p proc) String() string {
	c := p.cmdline
	if len(c) > 160 {
		c = c[:160] + "…"
	}
	return fmt.Sprintf("pid %d (group %d): %s", p.pid, p.pgid, c)
}

// liveProcs lists the processes in /proc that are neither zombies nor
// dead: a zombie holds no memory and waits only for its parent's wait.
func liveProcs() []proc {
	entries, _ := os.ReadDir("/proc")
	var out []proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		f := procfs.Stat(pid)
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		pgid, _ := strconv.Atoi(f[2])
		cl, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		out = append(out, proc{pid: pid, pgid: pgid, cmdline: strings.TrimSpace(strings.ReplaceAll(string(cl), "\x00", " "))})
	}
	return out
}

// groupMembers lists the live processes of group pgid.
func groupMembers(pgid int) []proc {
	var out []proc
	for _, p := range liveProcs() {
		if p.pgid == pgid {
			out = append(out, p)
		}
	}
	return out
}

// reaper remembers the groups and profile folders of the contestants so
// the bench can check at its end that nothing it started is left.
type reaper struct {
	groups  []int
	markers []string // profile folders: a browser names its own on its command line
}

// track records a contestant's process group (its leader's pid).
func (r *reaper) track(pgid int) {
	if pgid > 0 {
		r.groups = append(r.groups, pgid)
	}
}

// trackFolder records a folder whose path a contestant's browsers carry on
// their command lines (their profile, or the temporary folder it is in).
func (r *reaper) trackFolder(dir string) {
	r.markers = append(r.markers, dir)
}

// leftovers lists the live processes of a tracked group, or whose command
// line names a tracked folder (a browser that left its group), except this
// process.
func (r *reaper) leftovers() []proc {
	var out []proc
	for _, p := range liveProcs() {
		if p.pid == os.Getpid() {
			continue
		}
		hit := slices.Contains(r.groups, p.pgid)
		for _, m := range r.markers {
			hit = hit || (m != "" && strings.Contains(p.cmdline, m))
		}
		if hit {
			out = append(out, p)
		}
	}
	return out
}

// check reports the processes the contestants left behind, ends them and
// returns an error naming them (nil when none was left).
func (r *reaper) check(ctx context.Context) error {
	left := r.leftovers()
	if len(left) == 0 {
		return nil
	}
	lines := make([]string, len(left))
	for i, p := range left {
		lines[i] = p.String()
		_ = syscall.Kill(p.pid, syscall.SIGKILL) // best effort: the error below says what was found
	}
	for _, g := range r.groups {
		_ = reapGroup(ctx, g)
	}
	return fmt.Errorf("%d process(es) outlived their contestant:\n  %s", len(left), strings.Join(lines, "\n  "))
}
