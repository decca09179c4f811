#!/usr/bin/env bash
# scripts/update-po.sh — refreshes the message catalogue after code changes.
#
#   scripts/update-po.sh          regenerate po/loa.pot from src/*/*.c src/*/*.h
#                                 (xgettext, keywords _, N_, C_ and NC_), merge it into
#                                 every po/*.po (msgmerge) and print what is
#                                 left to translate
#   scripts/update-po.sh --check  the same into a temporary folder: the tree is
#                                 not changed; exit 1 if po/loa.pot is out of
#                                 date or any message is untranslated or
#                                 fuzzy (what tests/cli/test_i18n.py runs)
#
# Translations waiting in po/vi-pending.po (messages of branches not merged
# yet) are taken in by msgmerge (--compendium). After it, translate the
# entries msgfmt counts as untranslated or fuzzy in po/vi.po (remove the
# "#, fuzzy" line once an entry is right), and commit po/ together.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check=0
case ${1:-} in
--check) check=1 ;;
"") ;;
-h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*) echo "update-po.sh: unknown option '$1'" >&2; exit 2 ;;
esac

cd "$top"
out=po
if [ $check = 1 ]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi
version=$(sed -n 's/^project(loa VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
# Sorted file list and no dates: the .pot changes only when messages do.
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --add-comments=TRANSLATORS: \
	--package-name=loa --package-version="$version" --msgid-bugs-address="the loa project" \
	--no-wrap --sort-by-file -o "$out/loa.pot.new" $(ls src/*/*.c src/*/*.h | LC_ALL=C sort)
sed '/^"POT-Creation-Date:/d' "$out/loa.pot.new" > "$out/loa.pot"
rm -f "$out/loa.pot.new"

status=0
if [ $check = 1 ] && ! diff -q <(grep -v '^#' po/loa.pot) <(grep -v '^#' "$out/loa.pot") >/dev/null; then
	echo "po/loa.pot is out of date: run scripts/update-po.sh and commit po/"
	status=1
fi
for po in po/*.po; do
	lang=$(basename "$po" .po)
	case $lang in *-pending) continue ;; esac
	# po/LANG-pending.po holds translations of messages from branches not
	# merged yet: msgmerge takes a message's translation from there when
	# vi.po has none.
	compendium=()
	[ -f "po/$lang-pending.po" ] && compendium=(--compendium="po/$lang-pending.po")
	if [ $check = 1 ]; then
		msgmerge --quiet --no-wrap "${compendium[@]}" -o "$out/$lang.po" "$po" "$out/loa.pot"
		merged=$out/$lang.po
	else
		msgmerge --quiet --no-wrap "${compendium[@]}" --update --backup=none "$po" "$out/loa.pot"
		merged=$po
	fi
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$merged" 2>&1)
	echo "$lang: $stats"
	if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
		status=1
		LC_ALL=C msgattrib --untranslated --only-fuzzy --no-wrap "$merged" 2>/dev/null | grep '^msgid' | head -20 || true
		LC_ALL=C msgattrib --untranslated --no-wrap "$merged" | grep -A1 '^msgid' | head -40 || true
	fi
done
[ $check = 1 ] && exit $status
exit 0
