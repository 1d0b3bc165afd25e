package scanner

import "time"

// SetResumeWithin sets how long a parked render waits for a slot before it
// goes on without one, for a test; it returns the func that restores it.
func SetResumeWithin(d time.Duration) (restore func()) {
	old := resumeWithin
	resumeWithin = d
	return func() { resumeWithin = old }
}
