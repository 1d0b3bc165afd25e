package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/beiancheck/beiancheck/rules"
	"github.com/beiancheck/beiancheck/scanner"
	"github.com/beiancheck/beiancheck/scanner/sanitize"
)

// AnnotationLimit is the most annotations WriteAnnotations writes per
// level: GitHub shows 10 error and 10 warning annotations of a step and
// drops the rest without a word.
const AnnotationLimit = 10

// annotation is one workflow command: a finding of one rule on one page,
// at one or more viewports, or a page that could not be checked.
type annotation struct {
	level     rules.Level // the most severe of its findings
	rule      string      // "" for a page not checked
	page      string
	order     int // index of the page in canonical order
	viewports []string
	messages  []annotationText // distinct, in canonical order
	fix       string
	file      string
	line      int
	// counts holds the findings merged into the annotation by level, or
	// the page-viewports not checked under "".
	counts map[rules.Level]int
}

// annotationText is one message of an annotation and the viewports it was
// found at.
type annotationText struct {
	text      string
	viewports []string
}

// WriteAnnotations writes GitHub workflow commands that annotate the run:
// pages that could not be checked and error findings as ::error, warning
// findings as ::warning (notes are not annotated), most severe first, at
// most AnnotationLimit of each. Findings of one rule on one page are one
// annotation naming every viewport they were found at. A finding in a
// local file is placed at its path and line; a URL target's has no
// location, its URL is in the message with the fix. Page text has its
// control and bidi characters as visible escapes and URLs no credentials
// (sanitize), so a page cannot drive the log or fake a line. If anything was left
// out, a final ::notice says how much and where to find it.
func WriteAnnotations(w io.Writer, r *scanner.Result) error {
	var b strings.Builder
	writeAnnotations(&b, sortedCopy(r))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write annotations: %w", err)
	}
	return nil
}

func writeAnnotations(b *strings.Builder, r *scanner.Result) {
	cat := rulesByID(r)
	anns := collectAnnotations(r, cat)
	shown := map[rules.Level]int{}
	left := map[rules.Level]int{}
	for _, a := range anns {
		if shown[a.level] >= AnnotationLimit {
			for l, n := range a.counts {
				left[l] += n
			}
			continue
		}
		shown[a.level]++
		writeAnnotation(b, a, cat)
	}
	for i := range r.Pages {
		_, _, notes := countLevels(r.Pages[i].Findings)
		left[rules.LevelNote] += notes
	}

	var parts []string
	for _, l := range []rules.Level{rules.LevelError, rules.LevelWarning, rules.LevelNote} {
		if left[l] > 0 {
			parts = append(parts, plural(left[l], string(l)))
		}
	}
	findings := left[rules.LevelError] + left[rules.LevelWarning] + left[rules.LevelNote]
	var text string
	switch pages := left[""]; {
	case findings > 0 && pages > 0:
		text = fmt.Sprintf("%s (%s) and %s not checked are", plural(findings, "more finding"),
			strings.Join(parts, ", "), plural(pages, "more page-viewport"))
	case findings > 0:
		text = fmt.Sprintf("%s (%s) are", plural(findings, "more finding"), strings.Join(parts, ", "))
	case pages > 0:
		text = plural(pages, "more page-viewport") + " not checked are"
	default:
		return
	}
	writeCommand(b, "notice", [][2]string{{"title", toolName}}, text+" in the SARIF report and the job summary")
}

// collectAnnotations merges findings by (rule, page) and failed pages by
// page, and orders them: pages not checked, then by level, rule and page.
func collectAnnotations(r *scanner.Result, cat map[string]*rules.Rule) []*annotation {
	type key struct{ rule, page string }
	byKey := map[key]*annotation{}
	var anns []*annotation
	add := func(k key, order int, level rules.Level, viewport, msg, path string, line int) *annotation {
		// One line each: the command's own line breaks separate them.
		msg, path = sanitize.Text(msg), sanitize.Text(path)
		a := byKey[k]
		if a == nil {
			a = &annotation{level: level, rule: k.rule, page: k.page, order: order, counts: map[rules.Level]int{}}
			byKey[k] = a
			anns = append(anns, a)
		}
		if level.Rank() > a.level.Rank() {
			a.level = level
		}
		if !slices.Contains(a.viewports, viewport) {
			a.viewports = append(a.viewports, viewport)
		}
		if j := slices.IndexFunc(a.messages, func(t annotationText) bool { return t.text == msg }); j < 0 {
			a.messages = append(a.messages, annotationText{text: msg, viewports: []string{viewport}})
		} else if !slices.Contains(a.messages[j].viewports, viewport) {
			a.messages[j].viewports = append(a.messages[j].viewports, viewport)
		}
		if a.file == "" && path != "" {
			a.file, a.line = cleanFilePath(path), line
		}
		return a
	}
	for i := range r.Pages {
		p := &r.Pages[i]
		page := sanitize.Text(displayURL(p))
		if notChecked(p) {
			a := add(key{"", page}, i, rules.LevelError, p.Viewport, sanitize.Credentials(p.Error), p.Target.Path, 0)
			a.counts[""]++
		}
		for _, f := range p.Findings {
			if f.Level != rules.LevelError && f.Level != rules.LevelWarning {
				continue
			}
			vp := cmp.Or(f.Viewport, p.Viewport)
			a := add(key{f.Rule, page}, i, f.Level, vp, f.Message, f.Path, f.Line)
			a.fix = cmp.Or(a.fix, sanitize.Text(findingFix(f, cat)))
			a.counts[f.Level]++
		}
	}
	slices.SortStableFunc(anns, func(a, b *annotation) int {
		return cmp.Or(cmp.Compare(b.level.Rank(), a.level.Rank()), cmp.Compare(isFinding(a), isFinding(b)),
			cmp.Compare(a.rule, b.rule), cmp.Compare(a.order, b.order))
	})
	return anns
}

func writeAnnotation(b *strings.Builder, a *annotation, cat map[string]*rules.Rule) {
	var props [][2]string
	if a.file != "" {
		props = append(props, [2]string{"file", a.file})
		if a.line > 0 {
			props = append(props, [2]string{"line", strconv.Itoa(a.line)})
		}
	}
	vps := strings.Join(a.viewports, ", ")
	var title string
	if a.rule == "" {
		title = toolName + ": page not checked (" + vps + ")"
	} else {
		title = a.rule
		if rule := cat[a.rule]; rule != nil && rule.Title != "" {
			title += " " + rule.Title
		}
		title += " (" + vps + ")"
	}
	props = append(props, [2]string{"title", title})

	// One message names no viewport; several are told apart by theirs.
	var lines []string
	for _, m := range a.messages {
		if len(a.messages) == 1 {
			lines = append(lines, m.text)
		} else {
			lines = append(lines, strings.Join(m.viewports, ", ")+": "+m.text)
		}
	}
	if a.fix != "" {
		lines = append(lines, "Fix: "+a.fix)
	}
	lines = append(lines, "Page: "+a.page+" ("+vps+")")
	cmd := "warning"
	if a.level == rules.LevelError {
		cmd = "error"
	}
	writeCommand(b, cmd, props, strings.Join(lines, "\n"))
}

// isFinding is 0 for a page not checked, which goes before the findings
// of its level, and 1 for a finding.
func isFinding(a *annotation) int {
	if a.rule == "" {
		return 0
	}
	return 1
}

// writeCommand writes "::name k=v,k=v::message" with the escaping of
// GitHub's actions/toolkit (escapeProperty and escapeData).
func writeCommand(b *strings.Builder, name string, props [][2]string, message string) {
	b.WriteString("::" + name)
	for i, kv := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(kv[0] + "=" + propertyEscaper.Replace(kv[1]))
	}
	b.WriteString("::" + dataEscaper.Replace(message) + "\n")
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
