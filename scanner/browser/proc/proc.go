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
		if f := statFields(n); len(f) > 1 {
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
	f := statFields(pid)
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
func rss(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// statFields are the fields of /proc/PID/stat after the command name
// (state, ppid, …); the name may hold spaces, so the line is cut at ')'.
func statFields(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(b)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
}
