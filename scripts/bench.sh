#!/usr/bin/env bash
# scripts/bench.sh [--peers] [BENCH...] — builds loa in release mode, runs
# every benchmark of bench/ and prints one table of their figures.
#
# A benchmark is an executable bench/bench_<area>[.sh|.py] (a script) or a C
# program bench/bench_<area>.c built by bench/CMakeLists.txt. It gets LOA_BIN,
# LOA_BUILD, LOA_SRC and LOA_BENCH_PEERS in its environment and prints lines
# "name<TAB>value<TAB>unit[<TAB>aim]"; anything else it prints goes to the log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LOA_TOP"
peers=0
only=()
for a in "$@"; do
	case $a in
	--peers) peers=1 ;;
	-h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) only+=("$a") ;;
	esac
done
ensure_packages
# Not build/bench: that is the ordinary build's bench/ folder, and ctest in
# build/ would find a second copy of every test there.
build_loa build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON
export LOA_BIN=$LOA_TOP/build-bench/loa LOA_BUILD=$LOA_TOP/build-bench LOA_SRC=$LOA_TOP LOA_BENCH_PEERS=$peers
benches=()
for f in bench/bench_*; do
	case $f in *.c | *.h | *.md | *.txt) continue ;; esac
	[ -x "$f" ] && benches+=("$f")
done
for f in build-bench/bench/bench_*; do
	[ -x "$f" ] && [ -f "$f" ] && benches+=("$f")
done
mkdir -p build-bench/logs
results=build-bench/results.tsv
: >"$results"
fail=0
for b in "${benches[@]}"; do
	name=$(basename "$b")
	name=${name%.*}
	if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" ${name#bench_} "* ]]; then
		continue
	fi
	echo "running $name ..." >&2
	if ! "$b" >"build-bench/logs/$name.out" 2>"build-bench/logs/$name.err"; then
		echo "  $name FAILED (build-bench/logs/$name.err)" >&2
		fail=1
	fi
	awk -F'\t' -v b="${name#bench_}" 'NF>=3 { print b "\t" $0 }' "build-bench/logs/$name.out" >>"$results"
done
echo
printf '%-10s %-44s %14s  %-10s %s\n' area figure value unit aim
printf '%-10s %-44s %14s  %-10s %s\n' ---- ------ ----- ---- ---
awk -F'\t' '{ printf "%-10s %-44s %14s  %-10s %s\n", $1, $2, $3, $4, $5 }' "$results"
exit $fail
