#!/bin/sh
# scripts/format.sh — one formatting for every C file (.clang-format).
#
#   scripts/format.sh           rewrite every C file of src/, include/, tests/, bench/
#   scripts/format.sh --check   list the files that differ; exit 1 if any does
#
# CI runs --check (scripts/test.sh). Debian's clang-format 14 is the
# reference: other versions may wrap a few lines differently.
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 'tests/*.c' 'tests/*.h' 'bench/*.c')
if [ "${1:-}" = --check ]; then
	bad=0
	for f in $files; do
		if ! clang-format --style=file "$f" | cmp -s - "$f"; then
			echo "not formatted: $f (run scripts/format.sh)"
			bad=1
		fi
	done
	[ $bad = 0 ] && echo "format: every C file follows .clang-format"
	exit $bad
fi
clang-format --style=file -i $files
