package discover

import (
	"bytes"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// robotsRule is one Allow or Disallow line with the user agents of its
// group, kept to explain a decision robotstxt made.
type robotsRule struct {
	agents []string // lower-cased
	allow  bool
	value  string // as written
}

// robotsLine splits "Key: value # comment" into a lower-cased key and a
// trimmed value.
func robotsLine(line string) (key, value string, ok bool) {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	k, v, ok := strings.Cut(line, ":")
	if !ok {
		return "", "", false
	}
	return strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v), true
}

// sanitizeRobots removes what makes robotstxt reject a whole file, so that,
// as RFC 9309 §2.2 asks, the parseable rules still apply: rules before the
// first User-agent line are dropped, and an invalid Crawl-delay (unused
// here) becomes 0 so it still ends its group as before.
func sanitizeRobots(body []byte) []byte {
	lines := strings.Split(string(body), "\n")
	out := make([]string, 0, len(lines))
	seenAgent := false
	for _, line := range lines {
		key, value, _ := robotsLine(line)
		switch key {
		case "user-agent", "useragent":
			seenAgent = true
		case "allow", "disallow":
			if !seenAgent {
				continue
			}
		case "crawl-delay", "crawldelay":
			if !seenAgent {
				continue
			}
			if d, err := strconv.ParseFloat(value, 64); err != nil || d < 0 || math.IsInf(d, 0) || math.IsNaN(d) {
				line = "Crawl-delay: 0"
			}
		}
		out = append(out, line)
	}
	return []byte(strings.Join(out, "\n"))
}

// parseRobotsRules lists the Allow and Disallow lines of body with their
// groups' agents, grouping lines the way robotstxt does.
func parseRobotsRules(body []byte) []robotsRule {
	var (
		rules   []robotsRule
		agents  []string
		inGroup bool // a group member line followed the current agents
	)
	for _, line := range bytes.Split(body, []byte("\n")) {
		key, value, ok := robotsLine(string(line))
		if !ok {
			continue
		}
		switch key {
		case "user-agent", "useragent":
			if value == "" {
				continue
			}
			if inGroup {
				agents, inGroup = nil, false
			}
			agents = append(agents, strings.ToLower(value))
		case "allow", "disallow":
			if value == "" || len(agents) == 0 {
				continue
			}
			inGroup = true
			rules = append(rules, robotsRule{agents: agents, allow: key == "allow", value: value})
		case "crawl-delay", "crawldelay":
			inGroup = len(agents) > 0
		}
	}
	return rules
}

// disallowReason names the Disallow line that blocks path for agent: the
// longest one matching in the group robotstxt picks (the longest agent
// token that prefixes agent, else "*").
func disallowReason(rules []robotsRule, agent, path string) string {
	agent = strings.ToLower(agent)
	group := ""
	for _, r := range rules {
		for _, a := range r.agents {
			if a == "*" && group == "" {
				group = a
			}
			if a != "*" && strings.HasPrefix(agent, a) && (group == "*" || group == "" || len(a) > len(group)) {
				group = a
			}
		}
	}
	best := ""
	for _, r := range rules {
		if r.allow || !slices.Contains(r.agents, group) || !robotsPathMatch(r.value, path) {
			continue
		}
		if len(r.value) > len(best) {
			best = r.value
		}
	}
	if best == "" {
		return "robots.txt: disallowed for " + agent
	}
	return "robots.txt: Disallow " + best
}

// robotsPathMatch matches a rule's path against a URL path the way
// robotstxt does: a prefix, or '*' and '$' wildcards.
func robotsPathMatch(rule, path string) bool {
	if !strings.HasPrefix(rule, "*") && !strings.HasPrefix(rule, "/") {
		rule = "/" + rule
	}
	rule = strings.TrimRight(rule, "*")
	if !strings.ContainsAny(rule, "*$") {
		return strings.HasPrefix(path, rule)
	}
	re := regexp.QuoteMeta(rule)
	re = strings.ReplaceAll(re, `\*`, `.*`)
	re = strings.ReplaceAll(re, `\$`, `$`)
	m, err := regexp.MatchString(re, path)
	return err == nil && m
}
