#!/bin/sh
# The layers of doc/ARCHITECTURE.md, checked on the source tree:
#  - each third-party library is included by exactly one module (STYLE.md);
#  - raw clock reads stay in base/clock.c, so tests can replace the clock;
#  - the core never prints: it reports through log.h's writer (base/log.c
#    holds the default one, to stderr);
#  - a front end (cli, daemon) includes only the public headers, loa/*.h,
#    and its own folder's.
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
core='base store schedule library audio airlog playout views'
bad=$(for d in $core; do [ -d "$d" ] && grep -lE '(^|[^a-z_])(printf|puts|putchar|perror)\(|fprintf\( *(stderr|stdout)|fputs\(.*(stderr|stdout)\)' -- "$d"/*.c; done |
	grep -v '^base/log\.c$')
if [ -n "$bad" ]; then flunk "the core prints (use log.h): $bad"; else pass "the core prints only through log.h"; fi
bad=$(for d in cli daemon; do [ -d "$d" ] && grep -HE '^#include *"' -- "$d"/*.c "$d"/*.h 2>/dev/null |
	grep -vE "^$d/[^:]*:#include *\"(loa|$d)/"; done)
if [ -n "$bad" ]; then flunk "a front end includes an internal header of the core: $bad"; else pass "front ends include only loa/*.h and their own"; fi
echo "$ok passed, $fail failed"
[ $fail = 0 ]
