package scanner

import "fmt"

// Screenshots says which page-viewports get evidence screenshots.
type Screenshots string

const (
	ScreenshotsNone     Screenshots = "none"
	ScreenshotsFindings Screenshots = "findings" // page-viewports with a finding
	ScreenshotsAll      Screenshots = "all"
)

// ParseScreenshots reads --screenshots.
func ParseScreenshots(s string) (Screenshots, error) {
	switch v := Screenshots(s); v {
	case ScreenshotsNone, ScreenshotsFindings, ScreenshotsAll:
		return v, nil
	}
	return "", fmt.Errorf("unknown screenshots mode %q (want findings, all or none)", s)
}

// Artifacts is where evidence files go.
type Artifacts struct {
	Dir  string
	When Screenshots
}

// wants reports whether a checked page-viewport gets screenshots.
func (a *Artifacts) wants(pr *PageResult) bool {
	if a == nil || a.Dir == "" || !pr.Status.Checked() {
		return false
	}
	return a.When == ScreenshotsAll || (a.When == ScreenshotsFindings && len(pr.Findings) > 0)
}
