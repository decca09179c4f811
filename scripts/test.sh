#!/usr/bin/env bash
# scripts/test.sh — sets up and runs all of loa's tests on a Debian machine.
#
#   scripts/test.sh            install what is missing, check the formatting
#                              (scripts/format.sh), then a warnings-as-errors
#                              build with every test, then an ASan+UBSan build
#                              with every test, then each fuzz target for 15 s
#                              (LOA_FUZZ_SECONDS)
#   scripts/test.sh --quick    the first build only
#
# Exit status 0 only when every test of every build passed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LOA_TOP"

quick=0
for a in "$@"; do
	case $a in
	--quick) quick=1 ;;
	-h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "scripts/test.sh: unknown option '$a'" >&2; exit 2 ;;
	esac
done

ensure_packages
ensure_locale

echo "== format: .clang-format on every C file =="
sh scripts/format.sh --check
echo "== build: warnings as errors =="
build_loa build/test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOA_WERROR=ON
echo "== tests =="
ctest --test-dir build/test --output-on-failure -j2 --timeout 900

if [ $quick = 0 ]; then
	echo "== build: AddressSanitizer + UndefinedBehaviorSanitizer =="
	build_loa build/asan -DCMAKE_BUILD_TYPE=Debug -DLOA_WERROR=ON -DLOA_SANITIZE=ON
	echo "== tests under ASan+UBSan =="
	ctest --test-dir build/asan --output-on-failure -j2 --timeout 900 -LE nosan
fi
if [ $quick = 0 ]; then
	echo "== fuzzing: each target for a short time (scripts/fuzz.sh for long runs) =="
	LOA_FUZZ_TIMEOUT=${LOA_FUZZ_TIMEOUT:-10} bash scripts/fuzz.sh "${LOA_FUZZ_SECONDS:-15}"
fi
echo "all tests passed"
