package discover

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
)

// RobotsSitemaps returns the Sitemap: URLs of the robots.txt of pageURL's
// site (scheme://host/robots.txt), normalised and deduplicated, for
// --sitemap auto. A robots.txt that is unavailable (4xx other than 429)
// counts as one without Sitemap lines. When there are none and fallback is
// true, scheme://host/sitemap.xml is returned. Sitemap lines that are not
// http(s) URLs are skipped.
func RobotsSitemaps(ctx context.Context, fetch Fetcher, pageURL string, fallback bool) ([]string, error) {
	u, err := parseHTTPURL(pageURL)
	if err != nil {
		return nil, fmt.Errorf("robots.txt sitemaps of %q: %w", pageURL, err)
	}
	origin := u.Scheme + "://" + u.Host
	robotsURL := origin + "/robots.txt"
	body, err := readRobots(ctx, fetch, robotsURL)
	if err != nil && !robotsUnavailable(err) {
		return nil, fmt.Errorf("robots.txt sitemaps: %s: %w", robotsURL, err)
	}
	base, err := parseHTTPURL(robotsURL)
	if err != nil {
		return nil, fmt.Errorf("robots.txt sitemaps: %w", err)
	}
	var out []string
	seen := make(map[string]bool)
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4<<10), maxRobotsBytes)
	for sc.Scan() {
		key, value, ok := robotsLine(sc.Text())
		if !ok || key != "sitemap" || value == "" {
			continue
		}
		ref, err := base.Parse(value)
		if err != nil || normalizeParsed(ref) != nil {
			continue
		}
		if s := ref.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("robots.txt sitemaps: read %s: %w", robotsURL, err)
	}
	if len(out) == 0 && fallback {
		out = append(out, origin+"/sitemap.xml")
	}
	return out, nil
}
