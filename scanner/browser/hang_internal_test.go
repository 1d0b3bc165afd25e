package browser

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestPageHungWords checks what a hung page's error says: out of memory
// when its heap is near the cap, unresponsive otherwise.
func TestPageHungWords(t *testing.T) {
	for _, c := range []struct {
		e    pageHung
		want string
	}{
		{pageHung{after: 15 * time.Second, heapUsed: 1 << 20, heapCap: 512 << 20}, `page unresponsive: its scripts ran for 15s without a break while it loaded (a loop that never ends?); Chromium shows "Page Unresponsive" after 15 s`},
		{pageHung{after: 16 * time.Second, heapUsed: 500 << 20, heapCap: 512 << 20}, "page out of memory: its JavaScript heap at 500 MiB of its 512 MiB cap, its scripts ran for 16s without a break while it loaded"},
		{pageHung{after: 15 * time.Second, heapUsed: 300 << 20, heapCap: 512 << 20}, "page unresponsive:"},
		{pageHung{after: 15 * time.Second, heapUsed: 900 << 20}, "page unresponsive:"},
	} {
		if got := c.e.Error(); !strings.HasPrefix(got, c.want) {
			t.Errorf("%+v: %q, want it to start with %q", c.e, got, c.want)
		}
		if !errors.Is(&c.e, errPageHung) {
			t.Errorf("%+v is not errPageHung", c.e)
		}
	}
}
