// Command beiancheck renders web pages in headless Chromium and reports,
// with evidence, whether they display the Chinese ICP filing number the way
// the law asks: in the footer, centred, readable and linked to
// https://beian.miit.gov.cn/.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err and maps it to the documented exit codes.
func exitCode(err error, stderr *os.File) int {
	if err == nil {
		return 0
	}
	var ex *exitError
	if errors.As(err, &ex) {
		if ex.err != nil {
			fmt.Fprintln(stderr, "beiancheck:", ex.err)
		}
		return ex.code
	}
	fmt.Fprintln(stderr, "beiancheck:", err)
	return exitSetup
}
