package main

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beiancheck/beiancheck/scanner/browser/browsertest"
)

// TestMain lets a test run the real program as a child process (to send it
// signals) by re-executing the test binary.
func TestMain(m *testing.M) {
	if os.Getenv("BEIANCHECK_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestInterruptLeavesNoProcess interrupts a scan of slow pages and checks
// that beiancheck exits with code 3 (pages not checked) and that no
// browser process outlives it.
func TestInterruptLeavesNoProcess(t *testing.T) {
	needBrowser(t)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(20 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	var args []string
	for i := range 6 {
		args = append(args, fmt.Sprintf("%s/p%d", slow.URL, i))
	}
	report := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command(os.Args[0], append([]string{"scan", "--json", report}, args...)...)
	cmd.Env = append(os.Environ(), "BEIANCHECK_RUN_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the browser runs and pages are loading.
	deadline := time.Now().Add(30 * time.Second)
	var kids []int
	for time.Now().Before(deadline) {
		if kids = browsertest.Descendants(cmd.Process.Pid); len(kids) >= 3 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second)
	kids = browsertest.Descendants(cmd.Process.Pid)
	if len(kids) == 0 {
		t.Fatal("no browser process started")
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
	}
	err = cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if code != exitFailed {
		t.Errorf("exit %d (%v), want %d\n%s", code, err, exitFailed, out.String())
	}
	time.Sleep(500 * time.Millisecond)
	for _, p := range kids {
		if browsertest.Alive(p) {
			t.Errorf("process %d outlived the interrupted run", p)
		}
	}
}
