#!/bin/sh
# The layers of doc/ARCHITECTURE.md, checked on the source tree:
#  - each third-party library is included by exactly one module (STYLE.md);
#  - raw clock reads stay in base/clock.c, so tests can replace the clock.
# Run with the project's top folder; prints one line per rule and fails
# (exit 1) on the first rule broken, naming the files that break it.
top=${1:-.}
cd "$top/src" || exit 1
fail=0
ok=0
pass() { echo "ok: $1"; ok=$((ok + 1)); }
flunk() { echo "FAIL: $1"; fail=$((fail + 1)); }
check() { # check HEADER-REGEX ALLOWED-FILES-REGEX
	bad=$(grep -lE "#include *<($1)" -- */*.c */*.h 2>/dev/null | grep -vE "^($2)$")
	if [ -n "$bad" ]; then flunk "<$1> included outside $2: $bad"; else pass "<$1> only in $2"; fi
}
check 'sqlite3\.h' 'store/[a-z_]*\.(c|h)'
check 'sndfile\.h' 'audio/decode\.c'
check 'ebur128\.h' 'audio/loudness\.c'
check 'openssl/' 'base/hash\.c'
check 'libical/|ical\.h' 'schedule/ical[a-z_]*\.(c|h)'
check 'portaudio\.h' 'audio/sink_portaudio\.c'
check 'samplerate\.h' 'audio/resample\.c'
check 'xlsxwriter\.h' 'airlog/report_xlsx\.c'
check 'systemd/' 'base/service\.c'
check 'ini\.h' 'base/config\.c'
check 'utf8proc\.h' 'base/utf8\.c'
check 'zip\.h' 'airlog/report_docx\.c'
bad=$(grep -lE 'clock_gettime|gettimeofday|[^_a-z]time\(NULL\)' -- */*.c | grep -v '^base/clock\.c$')
if [ -n "$bad" ]; then flunk "clock read outside base/clock.c: $bad"; else pass "clock reads only in base/clock.c"; fi
echo "$ok passed, $fail failed"
[ $fail = 0 ]
