#!/bin/sh
# bench/bench_airlog.sh — the airing log and the report at the scale of ten
# years of a busy station. Prints one figure per line: name<TAB>value<TAB>unit.
#
#   bench/bench_airlog.sh [BUILD_DIR] [AIRINGS]     (default: build, 1000000)
#
# Makes a station in a temporary folder, writes AIRINGS airings through
# airlog.h with tests/tools/airlog_fill (begin/end or record for each, like
# the daemon: a mix of completed, late, interrupted, failed, missed and
# skipped, one every 315 s from 2015); each airing that plays is a
# programme of 5 items (a jingle and 4 of 200 clips on 8 topics), each with
# its item row. Then times:
#   report_1000k_s       loa report over all of it, xlsx (chain verified too)
#   report_quarter_s     loa report for one quarter of it, xlsx
#   report_docx_quarter_s  the docx of a station's one quarter (3 programmes a
#                        day, 5 items each: the officer's usual report)
#   log_verify_s         loa log verify (every row re-hashed)
#   ..._cpu_s            the same in CPU seconds (user + system), which the
#                        other load on a shared machine disturbs less
#   log_csv_rows_per_s   loa log --format csv > /dev/null (and per CPU second)
#   db_mb_per_100k       database size per 100,000 airings
#   fill_rows_per_s      writing the airings (one transaction)
set -eu
build=${1:-${LOA_BUILD:-build}}
n=${2:-1000000}
loa=$build/loa
fill=$build/tests/airlog_fill
dir=$(mktemp -d "${TMPDIR:-/tmp}/loa-bench-airlog.XXXXXX")
trap 'rm -rf "$dir"' EXIT
db=$dir/station.db

now() { date +%s.%N; }
# cpu NAME COMMAND...: runs it and prints NAME_s (wall) and NAME_cpu_s.
cpu() {
	name=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$dir/time" "$@" >/dev/null
	awk -v n="$name" '{ printf "%s_s\t%.3f\ts\n%s_cpu_s\t%.3f\ts\n", n, $1, n, $2 + $3 }' "$dir/time"
}
since() { echo "$(now) $1" | awk '{ printf "%.3f", $1 - $2 }'; }

"$loa" --db "$db" init --tz Asia/Ho_Chi_Minh --name "Đài bench" >/dev/null
t=$(now)
"$fill" "$db" generate "$n" 2015-01-01T00:00:00Z 315 7 5
s=$(since "$t")
printf 'fill_rows_per_s\t%s\trows/s\n' "$(echo "$n $s" | awk '{ printf "%.0f", $1 / $2 }')"
"$loa" --db "$db" log verify >/dev/null   # warm the page cache once, as a station in use has it

cpu "report_$((n / 1000))k" "$loa" -q --db "$db" report --from 2015-01-01 --to 2030-12-31 -o "$dir/all.xlsx"
cpu report_quarter "$loa" -q --db "$db" report --quarter 2020Q2 -o "$dir/q.xlsx"
cpu log_verify "$loa" --db "$db" log verify
q=$dir/quarter.db
"$loa" --db "$q" init --tz Asia/Ho_Chi_Minh --name "Đài truyền thanh xã Đức Hòa" >/dev/null
"$fill" "$q" generate 276 2026-07-01T06:00:00+07:00 28800 7 5
"$loa" --db "$q" report --quarter 2026Q3 -o "$dir/warm.docx" 2>/dev/null
cpu report_docx_quarter "$loa" -q --db "$q" report --quarter 2026Q3 -o "$dir/q.docx"
/usr/bin/time -f "%e %U %S" -o "$dir/time" "$loa" --db "$db" log --format csv >/dev/null
awk -v n="$n" '{ printf "log_csv_rows_per_s\t%.0f\trows/s\nlog_csv_cpu_rows_per_s\t%.0f\trows/s\n", n / $1, n / ($2 + $3) }' "$dir/time"
size=$(stat -c %s "$db")
printf 'db_mb_per_100k\t%s\tMB\n' "$(echo "$size $n" | awk '{ printf "%.1f", $1 / 1048576 * 100000 / $2 }')"
