#!/usr/bin/env bash
# run.sh: the scan step of the beiancheck GitHub Action (action.yml).
#
# It reads the action's inputs from the environment, never from text pasted
# into a script: action.yml passes them as INPUT_* variables through `env:`,
# so no input is ever parsed by a shell. The beiancheck command line is
# built as a bash array and run directly (no eval, no sh -c), so a target
# such as "$(touch x)" or "a;b" reaches beiancheck literally.
#
# Environment:
#   INPUT_TARGETS     URLs, .html files or directories, separated by spaces,
#                     tabs or newlines (a target cannot contain whitespace)
#   INPUT_URLS_FILE   a file of URLs, one per line (--urls); one path
#   INPUT_SITEMAP     sitemap URLs, files or "auto", separated by whitespace;
#                     each becomes one --sitemap
#   INPUT_CRAWL       true or false (also yes/no, on/off, 1/0)
#   INPUT_FAIL_ON     error (default), warning, note or none
#   INPUT_ARGS        extra arguments, split on whitespace only: quotes are
#                     NOT interpreted, so an argument cannot contain spaces
#                     (write --level=ICP003=off, not --level "ICP003=off")
#   INPUT_SARIF_FILE  where the SARIF report goes (default beiancheck.sarif)
#   BEIANCHECK_BIN    the beiancheck binary (default: beiancheck on PATH)
#   RUNNER_TEMP       the JSON report goes to $RUNNER_TEMP/beiancheck.json
#   GITHUB_OUTPUT     step outputs: sarif, json, errors, exit-code
#   GITHUB_STEP_SUMMARY  the Markdown job summary (--markdown)
#
# Exit status: beiancheck's own (0 pass, 1 findings at or above fail-on,
# 2 usage or set-up error, 3 pages not checked); 2 when an input is invalid.
#
# Deliberately no `set -e`: beiancheck's non-zero exit is a result to
# record, not a reason to stop before the outputs are written. Written for
# bash 3.2 too (macOS): no ${var,,}, no mapfile, guarded empty arrays.
set -uo pipefail

# output NAME VALUE appends one step output. Values never hold a newline
# (checked where they come from), so the simple NAME=VALUE form is safe.
output() {
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
	else
		printf 'output %s=%s\n' "$1" "$2"
	fi
}

# fail MESSAGE: an invalid input, a set-up error (exit 2) like beiancheck's.
# The message may quote an input: escaped as workflow command data, so a
# newline in it cannot start a workflow command of its own.
fail() {
	msg=${1//'%'/%25}
	msg=${msg//$'\r'/%0D}
	msg=${msg//$'\n'/%0A}
	printf '::error title=beiancheck::%s\n' "$msg"
	output exit-code 2
	exit 2
}

# split VAR TEXT sets the array VAR to the whitespace-separated words of
# TEXT. `read -a` splits on IFS only: no globbing, no expansion, no quotes.
split() {
	IFS=$' \t\r\n' read -r -d '' -a "$1" <<<"$2" || true
}

newline=$'\n'
cr=$'\r'

bin=${BEIANCHECK_BIN:-beiancheck}
sarif=${INPUT_SARIF_FILE:-beiancheck.sarif}
fail_on=${INPUT_FAIL_ON:-error}
json="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/beiancheck.json"

case $sarif in
*"$newline"* | *"$cr"*) fail "sarif-file must be one path, not several lines" ;;
esac
# urls-file is one path (it may hold spaces): trim the whitespace around it
# that a YAML block scalar leaves, then it must be one line.
urls_file=${INPUT_URLS_FILE:-}
urls_file=${urls_file#"${urls_file%%[![:space:]]*}"}
urls_file=${urls_file%"${urls_file##*[![:space:]]}"}
case $urls_file in
*"$newline"* | *"$cr"*) fail "urls-file is one file; list the URLs in it, one per line" ;;
esac

crawl=${INPUT_CRAWL:-false}
crawl=$(printf '%s' "$crawl" | tr 'A-Z' 'a-z')
case $crawl in
true | yes | on | 1) crawl=true ;;
false | no | off | 0 | "") crawl=false ;;
*) fail "crawl must be true or false, not '${INPUT_CRAWL}'" ;;
esac

if ! command -v "$bin" >/dev/null 2>&1; then
	fail "beiancheck not found ('$bin'): the action's build step did not run or failed"
fi

args=(scan
	--sarif "$sarif"
	--json "$json"
	--annotations github
	--fail-on "$fail_on")
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	args+=(--markdown "$GITHUB_STEP_SUMMARY")
fi
if [ "$crawl" = true ]; then
	args+=(--crawl)
fi
if [ -n "$urls_file" ]; then
	args+=(--urls "$urls_file")
fi
split sitemaps "${INPUT_SITEMAP:-}"
for s in ${sitemaps[@]+"${sitemaps[@]}"}; do
	args+=(--sitemap "$s")
done
split extra "${INPUT_ARGS:-}"
args+=(${extra[@]+"${extra[@]}"})
split targets "${INPUT_TARGETS:-}"
if [ ${#targets[@]} -gt 0 ]; then
	# "--" ends the flags: a target can never be read as a flag, even one
	# named "--chrome=./x" (targets may come from file names in a PR).
	args+=(-- "${targets[@]}")
fi

# Stale reports from an earlier step must not pass for this run's.
rm -f -- "$json" "$sarif"

printf '+ %s' "$bin"
printf ' %q' "${args[@]}"
printf '\n'
"$bin" "${args[@]}"
code=$?

# errors: the number of error-level findings, summary.errors of the JSON
# report. python3 when there is one (a real JSON parser). Else sed, on the
# last "summary" object up to its first "}": only keys can match a bare
# `"summary"` or `"errors"` (quotes inside strings are escaped as \"), and a
# summary holding a nested object is refused rather than misread.
errors=""
if [ -s "$json" ]; then
	if command -v python3 >/dev/null 2>&1; then
		errors=$(python3 - "$json" <<'PY' 2>/dev/null
import json, sys
n = json.load(open(sys.argv[1], encoding="utf-8"))["summary"]["errors"]
if isinstance(n, int) and not isinstance(n, bool):
    print(n)
PY
		)
	else
		summary=$(tr -d '\r\n' <"$json" |
			sed -n 's/.*"summary"[[:space:]]*:[[:space:]]*{\([^}]*\)}.*/\1/p')
		case $summary in
		*'{'*) summary="" ;;
		esac
		errors=$(printf '%s\n' "$summary" | sed -n \
			-e 's/.*"errors"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\)[[:space:]]*$/\1/p' \
			-e 's/.*"errors"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\)[[:space:]]*,.*/\1/p')
	fi
	case $errors in
	'' | *[!0-9]*)
		errors=""
		printf '::warning title=beiancheck::could not read summary.errors from %s; the errors output is empty\n' "$json"
		;;
	esac
else
	printf '::warning title=beiancheck::beiancheck (exit code %s) wrote no JSON report; the errors output is empty\n' "$code"
fi
if [ ! -f "$sarif" ]; then
	printf '::warning title=beiancheck::beiancheck (exit code %s) wrote no SARIF report to %s\n' "$code" "$sarif"
fi

output sarif "$sarif"
output json "$json"
output errors "$errors"
output exit-code "$code"
exit "$code"
