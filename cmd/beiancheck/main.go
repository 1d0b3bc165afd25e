// Command beiancheck renders web pages in headless Chromium and reports,
// with evidence, whether they display the Chinese ICP filing number the way
// the law asks: in the footer, centred, readable and linked to
// https://beian.miit.gov.cn/.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// errorText is err as one line without the credentials of any URL it
// quotes and with control characters as visible escapes: errors quote
// arguments, URLs and the browser, which quotes pages.
func errorText(err error) string {
	return sanitize.Text(sanitize.Credentials(err.Error()))
}

// exitCode prints err and maps it to the documented exit codes.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ex *exitError
	if errors.As(err, &ex) {
		if ex.err != nil {
			fmt.Fprintln(stderr, "beiancheck:", errorText(ex.err))
		}
		return ex.code
	}
	fmt.Fprintln(stderr, "beiancheck:", errorText(err))
	return exitSetup
}
