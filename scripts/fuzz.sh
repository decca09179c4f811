#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...] — runs every libFuzzer target of
# tests/fuzz for SECONDS each (default 60), built with clang, ASan and UBSan.
# An input taking over 1 s, a leak, a crash or 2 GB of memory fails the run.
# Prints one line per target: executions, executions per second, corpus size.
# LOA_FUZZ_TIMEOUT=S raises the per-input limit (default 1 s; the short CI
# run uses 10 s, because a loaded 2-core CI machine can stretch a 0.1 s
# input past 1 s: a hang still fails it).
# LOA_FUZZ_RUNS=N stops each target after N executions (SECONDS still caps
# it): LOA_FUZZ_RUNS=10000000 scripts/fuzz.sh 3600 config is the long run.
# The targets' own error messages (every refused input prints one) are
# dropped (-close_fd_mask=2); libFuzzer's and the sanitizers' reports stay.
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
fail=0
printf '%-12s %12s %10s %8s %s\n' target execs exec/s corpus result
for t in "${targets[@]}"; do
	work=build/fuzz/corpus-$t
	mkdir -p "$work"
	log=build/fuzz/fuzz-$t.log
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
	printf '%-12s %12s %10s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$(ls "$work" | wc -l)" "$result"
done
exit $fail
