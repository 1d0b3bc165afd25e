package browser

import (
	"os"
	"path/filepath"
	"testing"
)

// TestUnwrapLauncherScript: a script that runs a program of its own name as
// a child is replaced by that program; a script that execs through
// variables, a script naming another program, and a binary stay as they
// are.
func TestUnwrapLauncherScript(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib")
	if err := os.Mkdir(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(lib, "chromium-headless-shell")
	write(t, real, "\x7fELF\x02\x01\x01", 0o755)
	other := filepath.Join(lib, "gdb")
	write(t, other, "\x7fELF\x02\x01\x01", 0o755)
	notExec := filepath.Join(lib, "chromium")
	write(t, notExec, "\x7fELF\x02\x01\x01", 0o644)

	child := filepath.Join(dir, "chromium-headless-shell")
	write(t, child, "#!/bin/sh -e\n\n"+real+" \"$@\"\n", 0o755)
	viaVars := filepath.Join(dir, "chromium")
	write(t, viaVars, "#!/bin/sh\nGDB="+other+"\nLIBDIR="+lib+"\nexec $LIBDIR/chromium \"$@\"\n", 0o755)
	noTarget := filepath.Join(dir, "google-chrome")
	write(t, noTarget, "#!/bin/sh\nexec "+other+" \"$@\"\n", 0o755)

	for _, c := range []struct{ path, want string }{
		{child, real},
		{viaVars, viaVars}, // names lib/chromium only through $LIBDIR, and it is not executable
		{noTarget, noTarget},
		{real, real},
		{filepath.Join(dir, "missing"), filepath.Join(dir, "missing")},
	} {
		if got := unwrap(c.path); got != c.want {
			t.Errorf("unwrap(%s) = %s, want %s", c.path, got, c.want)
		}
	}
}

func write(t *testing.T, path, text string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
}
