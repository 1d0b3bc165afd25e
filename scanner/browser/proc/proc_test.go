package proc

import (
	"os"
	"os/exec"
	"slices"
	"testing"
)

// TestOwnProcessTree checks the readers on this test's own process and a
// child it starts.
func TestOwnProcessTree(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	child := cmd.Process.Pid
	if !slices.Contains(Descendants(os.Getpid()), child) || !Alive(child) {
		t.Errorf("child %d: in descendants %v, alive %v; want both", child, Descendants(os.Getpid()), Alive(child))
	}
	if r := TreeRSS(os.Getpid()); r < 1<<20 {
		t.Errorf("resident memory of this test and its child %d bytes, want at least 1 MiB", r)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if Alive(child) || slices.Contains(Descendants(os.Getpid()), child) {
		t.Errorf("child %d still listed after it was reaped", child)
	}
	if TreeRSS(0) != 0 {
		t.Error("TreeRSS(0) is not 0")
	}
}
