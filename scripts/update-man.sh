#!/usr/bin/env bash
# scripts/update-man.sh — rewrites the COMMANDS section of doc/loa.1 from the
# --help texts of a built loa, so the manual says exactly what the program
# says.
#
#   scripts/update-man.sh [LOA_BINARY [PAGE]]
#                         (defaults: build/loa, doc/loa.1)
#
# Everything outside the lines '.\" BEGIN COMMANDS' and '.\" END COMMANDS' of
# doc/loa.1 is written by hand and kept. A command group (loa clip ...) is
# followed into each of its subcommands. Run it after adding or changing a
# command, and commit doc/loa.1; tests/cli/test_man.py fails when a command
# of the binary is missing from the page.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
loa=${1:-$top/build/loa}
page=${2:-$top/doc/loa.1}
[ -x "$loa" ] || { echo "update-man.sh: no loa binary at '$loa'; build first" >&2; exit 1; }
export LC_ALL=C.UTF-8 LANGUAGE= LANG=C.UTF-8

# The command names listed after "Commands:" in a help text.
commands_of() {
	"$loa" "$@" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'
}

# roff for one usage text: a subsection titled by the synopsis, the rest as
# preformatted text (backslashes and leading dots escaped).
emit() {
	local text synopsis
	text=$("$loa" "$@" --help)
	synopsis=$(printf '%s\n' "$text" | head -1 | sed 's/^Usage: //')
	printf '.SS "%s"\n' "$(printf '%s' "$synopsis" | sed 's/\\/\\e/g; s/"/\\(dq/g; s/-/\\-/g')"
	printf '.nf\n'
	printf '%s\n' "$text" | tail -n +3 | sed 's/\\/\\e/g; s/^\([.'"'"']\)/\\\&\1/; s/-/\\-/g'
	printf '.fi\n'
}

walk() {
	local c sub
	for c in $(commands_of "$@"); do
		sub=$("$loa" "$@" "$c" --help | head -1)
		if printf '%s' "$sub" | grep -q 'COMMAND \[ARGS\]$'; then
			walk "$@" "$c"
		else
			emit "$@" "$c"
		fi
	done
}

body=$(mktemp)
trap 'rm -f "$body"' EXIT
walk >"$body"
awk -v body="$body" '
	/^\.\\" BEGIN COMMANDS/ { print; while ((getline l < body) > 0) print l; skip = 1; next }
	/^\.\\" END COMMANDS/ { skip = 0 }
	!skip { print }
' "$page" >"$page.new"
mv "$page.new" "$page"
echo "$page: $(grep -c '^\.SS' "$page") command entries"
