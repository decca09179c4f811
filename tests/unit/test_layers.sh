#!/bin/sh
# The layers of doc/ARCHITECTURE.md, checked on the source tree. Each rule
# prints one line; the test fails (exit 1) if any rule is broken, naming
# the files that break it.
#  - each third-party library is included by exactly one module (STYLE.md);
#    libmosquitto's module (net/mqtt.c) is shared by the station's loa and
#    the hub's loa-hub, and libpq's (hub/pg*.c) is the hub's alone;
#  - loa-hub's folder (hub) is a front end: the station's code includes
#    none of its headers, so libpq never reaches the station's binary;
#  - only audio/decode_av.c (FFmpeg) and base/lazy.c (the libraries loaded
#    on first use, include/loa/lazy.h) load a library at run time (dlopen);
#  - raw clock reads stay in base/clock.c, so tests can replace the clock;
#  - the store, the bottom of the core, includes no header of the schedule,
#    the clip library or the player;
#  - front ends include only include/loa/ (and their own folder's headers);
#  - the core writes nothing to stdout or stderr: it reports through the
#    writer a front end installs (log.h); only base/log.c's fallback writes;
#  - the core names no command-line flag or loa command in what it says:
#    that advice is worded by each front end (enum advice);
#  - no source file is longer than 800 lines;
#  - the public headers include one another without a cycle.
top=${1:-.}
cd "$top/src" || exit 1
core='base store access schedule library audio airlog views playout net'
fronts='cli daemon web link hub'
fail=0
ok=0
pass() { echo "ok: $1"; ok=$((ok + 1)); }
flunk() { echo "FAIL: $1"; fail=$((fail + 1)); }
files_of() { # files_of FOLDER...: the .c and .h files in those folders
	for d in "$@"; do [ -d "$d" ] && ls "$d"/*.c "$d"/*.h 2>/dev/null; done
}
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
check 'libav(format|codec|util)/' 'audio/decode_av\.c'
check 'microhttpd\.h' 'web/server\.c'
check 'gnutls/' 'web/tls\.c'
check 'sodium\.h|sodium/' 'base/secret\.c'
check 'mosquitto\.h' 'net/mqtt\.c'
check 'libpq-fe\.h|libpq/|postgres' 'hub/pg[a-z_]*\.(c|h)'

bad=$(grep -lE '#include "hub/' -- */*.c */*.h 2>/dev/null | grep -v '^hub/')
if [ -n "$bad" ]; then flunk "outside hub/, a file includes a header of loa-hub: $bad"; else pass "only hub/ includes loa-hub's headers"; fi

# FFmpeg is loaded at run time (dlopen), not linked: the one module that
# includes its headers is also the one that loads libraries.
bad=$(grep -lE '(^|[^a-z_])dl(open|sym|vsym|mopen)\(' -- */*.c */*.h | grep -vE '^(audio/decode_av|base/lazy)\.c$')
if [ -n "$bad" ]; then flunk "dlopen outside audio/decode_av.c and base/lazy.c: $bad"; else pass "dlopen only in audio/decode_av.c and base/lazy.c"; fi

bad=$(grep -lE 'clock_gettime|gettimeofday|[^_a-z]time\(NULL\)' -- */*.c | grep -v '^base/clock\.c$')
if [ -n "$bad" ]; then flunk "clock read outside base/clock.c: $bad"; else pass "clock reads only in base/clock.c"; fi

bad=$(grep -lE '#include "(loa/(agenda|clip|player|ical|playout)\.h|(schedule|library|audio|airlog|views|playout)/)' -- $(files_of store))
if [ -n "$bad" ]; then flunk "the store includes a schedule, clip or player header: $bad"; else pass "the store includes no schedule, clip or player header"; fi

bad=$(for d in $fronts; do files_of "$d" | xargs -r grep -HE '#include "' | grep -vE "#include \"(loa|$d)/"; done)
if [ -n "$bad" ]; then flunk "a front end includes a core header outside include/loa: $bad"; else pass "front ends include only include/loa/"; fi

# printf-family calls and stream names, outside comments (a line starting
# with " *" or "/*").
bad=$(files_of $core | grep -v '^base/log\.c$' | xargs -r grep -nE \
	'fprintf\((stderr|stdout)|[^a-z_.>]v?printf\(|[^a-z_]puts\(|fputs\([^;]*(stderr|stdout)\)|putchar\(|perror\(|write\((STDERR|STDOUT)_FILENO|(^|[^a-z_])(stdout|stderr)[,)]' |
	grep -vE '^[^:]*:[0-9]+:\s*(/?\*|//)' | grep -vE 'fflush\(stderr\)')
if [ -n "$bad" ]; then flunk "the core writes to stdout/stderr itself (use log.h): $bad"; else pass "the core writes to stdout/stderr only through log.h"; fi

# A flag ("--force") or a command ("'loa slot edit") inside a string of the
# core. Exempt, with their reasons: reason.c matches the English texts
# older releases stored, and playout_air.c stores one of them still ("loa
# run --until was reached": recorded data the log and its tests read, not
# advice); report_text.c's document tells the province which command lists
# the airings it did not print.
bad=$(files_of $core | grep -vE '^(airlog/(reason|report_text)|playout/playout_air)\.c$' | xargs -r grep -nE "\"[^\"]*(([ (]|^\")--[a-z]|'loa [a-z])" |
	grep -vE '^[^:]*:[0-9]+:\s*(/?\*|//)')
if [ -n "$bad" ]; then flunk "the core names a command-line flag or command (use advise()): $bad"; else pass "the core names no command-line flag or command"; fi

bad=$(for f in */*.c */*.h; do n=$(wc -l <"$f"); [ "$n" -gt 800 ] && echo "$f ($n lines)"; done)
if [ -n "$bad" ]; then flunk "files over 800 lines: $bad"; else pass "no source file over 800 lines"; fi

# Cycles among include/loa/*.h: follow each header's includes depth first.
cycle=$(cd ../include/loa && awk '
	FNR == 1 { cur = FILENAME }
	/^#include "loa\// { h = $2; gsub(/"|loa\//, "", h); dep[cur] = dep[cur] " " h }
	function visit(n, path,   k, parts, i) {
		if (state[n] == 1) { found = path " " n; return 1 }
		if (state[n] == 2) return 0
		state[n] = 1
		k = split(dep[n], parts, " ")
		for (i = 1; i <= k; i++) if (visit(parts[i], path " " n)) return 1
		state[n] = 2
		return 0
	}
	END { for (n in dep) if (visit(n, "")) { print found; exit } }' *.h)
if [ -n "$cycle" ]; then flunk "public headers include each other in a cycle:$cycle"; else pass "public headers include no cycle"; fi

echo "$ok passed, $fail failed"
[ $fail = 0 ]
