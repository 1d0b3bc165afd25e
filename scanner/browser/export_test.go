package browser

import "time"

// SetAttachWithin sets the bound of a worker attach for a test and
// returns what restores it.
func SetAttachWithin(d time.Duration) (restore func()) {
	old := attachWithin
	attachWithin = d
	return func() { attachWithin = old }
}
