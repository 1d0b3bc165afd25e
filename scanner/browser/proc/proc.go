// Package proc reads the Linux process table (/proc): the processes below
// a browser, whether one is alive, and how much memory they hold. On
// systems without /proc every answer is empty.
package proc

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// Descendants lists the processes below pid (children, their children and
// so on).
func Descendants(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if f := Stat(n); len(f) > 1 {
			parent[n], _ = strconv.Atoi(f[1])
		}
	}
	var out []int
	var walk func(int)
	walk = func(p int) {
		for c, pp := range parent {
			if pp == p {
				out = append(out, c)
				walk(c)
			}
		}
	}
	walk(pid)
	return out
}

// Alive reports whether a process exists and is not a zombie.
func Alive(pid int) bool {
	f := Stat(pid)
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// TreeRSS is the resident memory, in bytes, of pid and every process
// below it (shared pages count once per process: an upper bound).
func TreeRSS(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	var sum int64
	for _, p := range append([]int{pid}, Descendants(pid)...) {
		sum += rss(p)
	}
	return sum
}

// rss reads VmRSS of one process, in bytes.
func rss(pid int) int64 { return KiB(pid, "status", "VmRSS:") << 10 }

// KiB reads the value, in kB, of the line starting with key in
// /proc/PID/file ("status" and "VmRSS:", "smaps_rollup" and "Pss:"); 0
// when the process or the line is gone.
func KiB(pid int, file, key string) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/" + file)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key); ok {
			if fs := strings.Fields(v); len(fs) > 0 {
				n, _ := strconv.ParseInt(fs[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// Stat returns the fields of /proc/PID/stat after the command name
// (state, ppid, pgrp, …): the name may hold spaces, so the line is cut at
// its last ')'. Nil when the process is gone.
func Stat(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(b)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
}
