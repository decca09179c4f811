#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...] — runs every libFuzzer target of
# tests/fuzz for SECONDS each (default 60), built with clang, ASan and UBSan.
# An input taking over 1 s, a leak, a crash or 2 GB of memory fails the run.
# Prints one line per target: executions, executions per second, seconds
# taken, the slowest input (whole seconds, as libFuzzer rounds), corpus size.
# LOA_FUZZ_TIMEOUT=S raises the per-input limit (default 1 s; the short CI
# run uses 10 s, because a loaded 2-core CI machine can stretch a 0.1 s
# input past 1 s: a hang still fails it).
# LOA_FUZZ_RUNS=N stops each target after N executions (SECONDS still caps
# it): LOA_FUZZ_RUNS=10000000 scripts/fuzz.sh 3600 config is the long run.
# The targets' own error messages (every refused input prints one) are
# dropped (-close_fd_mask=2); libFuzzer's and the sanitizers' reports stay.
# ASan keeps 16 MB of freed memory in quarantine and records 5 frames per
# allocation unless ASAN_OPTIONS says otherwise: with its defaults (256 MB,
# 30 frames) every fork of ical_rule.c's rule probe copied the page tables of
# the whole quarantine, and slotopts ran half as fast (ical a quarter
# slower). A use after free is still caught; a crash's allocation stack is
# shorter (replay the artifact with ASAN_OPTIONS= for the full one).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LOA_TOP"
secs=${1:-60}
shift || true
ensure_packages
build_loa build/fuzz -DCMAKE_C_COMPILER=clang -DLOA_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	targets=($(sed -n 's/^set(LOA_FUZZ_TARGETS \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt))
fi
export ASAN_OPTIONS=${ASAN_OPTIONS-quarantine_size_mb=16:malloc_context_size=5}
fail=0
printf '%-10s %11s %8s %8s %8s %8s %s\n' target execs exec/s seconds slowest corpus result
for t in "${targets[@]}"; do
	work=build/fuzz/corpus-$t
	mkdir -p "$work"
	log=build/fuzz/fuzz-$t.log
	t0=$(date +%s)
	if build/fuzz/tests/fuzz/fuzz_$t -max_total_time="$secs" -timeout="${LOA_FUZZ_TIMEOUT:-1}" -rss_limit_mb=2048 \
		${LOA_FUZZ_RUNS:+-runs=$LOA_FUZZ_RUNS} -close_fd_mask=2 \
		-artifact_prefix="build/fuzz/crash-$t-" -print_final_stats=1 \
		"$work" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
		result=ok
	else
		result="FAILED (see $log)"
		fail=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	# libFuzzer rounds the slowest input down to whole seconds: 0 is under 1 s.
	slow=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$log" | tail -1)
	printf '%-10s %11s %8s %8s %7ss %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$(($(date +%s) - t0))" \
		"${slow:-?}" "$(ls "$work" | wc -l)" "$result"
done
exit $fail
