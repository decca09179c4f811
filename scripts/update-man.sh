#!/usr/bin/env bash
# scripts/update-man.sh — rewrites the command sections of doc/loa.1 from the
# --help texts of a built loa, so the manual says exactly what the program
# says.
#
#   scripts/update-man.sh [LOA_BINARY [PAGE]]
#                         (defaults: build/loa, doc/loa.1)
#
# COMMANDS (between '.\" BEGIN COMMANDS' and '.\" END COMMANDS') gets one
# entry per command of LOA_BINARY; a command group (loa clip ...) is followed
# into each subcommand. COMMANDS IN PROGRESS (between '.\" BEGIN IN PROGRESS'
# and '.\" END IN PROGRESS') keeps the entries of commands LOA_BINARY does not
# have yet and drops the others. LOA_MAN_IN_PROGRESS=OTHER_LOA[:OTHER_LOA...]
# (loa binaries built from branches not merged yet) adds or refreshes there
# every command they have and LOA_BINARY lacks. Everything else is written by
# hand and kept. Run it after adding or changing a command, and commit
# doc/loa.1; tests/cli/test_docs.py fails when the page is not current.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
loa=${1:-$top/build/loa}
page=${2:-$top/doc/loa.1}
other=${LOA_MAN_IN_PROGRESS:-}
[ -x "$loa" ] || { echo "update-man.sh: no loa binary at '$loa'; build first" >&2; exit 1; }
export LC_ALL=C.UTF-8 LANGUAGE= LANG=C.UTF-8

# The command names listed after "Commands:" in a help text.
commands_of() {
	local bin=$1
	shift
	"$bin" "$@" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'
}

# Every leaf command of a binary, one per line ("clip add").
leaves() {
	local bin=$1 c help
	shift
	for c in $(commands_of "$bin" "$@"); do
		# Read the whole text before looking at its first line: a pipe into
		# "head -1" or "grep -q" may close before loa has written it all, and
		# under pipefail loa's SIGPIPE (exit 141) would fail the script.
		help=$("$bin" "$@" "$c" --help)
		if [[ ${help%%$'\n'*} == *'COMMAND [ARGS]' ]]; then
			leaves "$bin" "$@" "$c"
		else
			echo "$* $c" | sed 's/^ //'
		fi
	done
}

# roff for one usage text: a marker line naming the command, a subsection
# titled by the synopsis, the rest as preformatted text (backslashes,
# hyphens and leading dots escaped).
emit() {
	local bin=$1 text synopsis
	shift
	text=$("$bin" "$@" --help)
	# The first line without a pipe into "head -1": it may close before
	# printf has written the rest, and pipefail makes that SIGPIPE (141)
	# the script's failure (test_docs saw it under load), as in leaves().
	synopsis=${text%%$'\n'*}
	synopsis=${synopsis#Usage: }
	printf '.\\" command: %s\n' "$*"
	printf '.SS "%s"\n' "$(printf '%s' "$synopsis" | sed 's/\\/\\e/g; s/"/\\(dq/g; s/-/\\-/g')"
	printf '.nf\n'
	printf '%s\n' "$text" | tail -n +3 | sed 's/\\/\\e/g; s/^\([.'"'"']\)/\\\&\1/; s/-/\\-/g'
	printf '.fi\n'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
leaves "$loa" >"$tmp/have"
while read -r cmd; do
	# shellcheck disable=SC2086
	emit "$loa" $cmd
done <"$tmp/have" >"$tmp/commands"

# The in-progress block: its entries for commands LOA_BINARY lacks, each
# replaced by the text of an OTHER_LOA that has the command, plus the other
# commands those binaries have and LOA_BINARY lacks.
awk '/^\.\\" BEGIN IN PROGRESS/ { on = 1; next } /^\.\\" END IN PROGRESS/ { on = 0 } on' "$page" >"$tmp/old-progress"
mkdir "$tmp/entries"
awk -v dir="$tmp/entries" '
	/^\.\\" command: / { n++; f = sprintf("%s/%04d", dir, n); print substr($0, 14) > (dir "/index") }
	f { print > f }
' "$tmp/old-progress"
touch "$tmp/entries/index"
: >"$tmp/progress"
: >"$tmp/done"
IFS=: read -ra others <<<"$other"
for bin in "${others[@]}"; do
	[ -x "$bin" ] || { echo "update-man.sh: no loa binary at '$bin'" >&2; exit 1; }
	leaves "$bin" | grep -vxF -f "$tmp/have" | grep -vxF -f "$tmp/done" >"$tmp/list" || true
	while read -r cmd; do
		# shellcheck disable=SC2086
		emit "$bin" $cmd >>"$tmp/progress"
		echo "$cmd" >>"$tmp/done"
	done <"$tmp/list"
done
n=0
while read -r cmd; do
	n=$((n + 1))
	if ! grep -qxF -- "$cmd" "$tmp/have" "$tmp/done"; then
		cat "$tmp/entries/$(printf %04d $n)" >>"$tmp/progress"
	fi
done <"$tmp/entries/index"

awk -v cmds="$tmp/commands" -v prog="$tmp/progress" '
	/^\.\\" BEGIN COMMANDS/ { print; while ((getline l < cmds) > 0) print l; skip = 1; next }
	/^\.\\" BEGIN IN PROGRESS/ { print; while ((getline l < prog) > 0) print l; skip = 1; next }
	/^\.\\" END (COMMANDS|IN PROGRESS)/ { skip = 0 }
	!skip { print }
' "$page" >"$page.new"
mv "$page.new" "$page"
n_prog=$(grep -c '^\.\\" command: ' "$tmp/progress" || true)
echo "$page: $(grep -c '^\.\\" command: ' "$page") command entries, $n_prog of them in progress"
