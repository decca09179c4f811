#!/bin/sh
# Each third-party library is included by exactly one module (STYLE.md):
# this test fails when a header shows up anywhere else. It also keeps raw
# clock reads inside clock.c, so tests can replace the clock.
top=${1:-.}
cd "$top/src" || exit 1
fail=0
check() { # check HEADER-REGEX ALLOWED-FILES-REGEX
	bad=$(grep -lE "#include *<($1)" -- *.c *.h 2>/dev/null | grep -vE "^($2)$")
	if [ -n "$bad" ]; then
		echo "FAIL: <$1> included outside $2: $bad"
		fail=1
	else
		echo "ok: <$1> only in $2"
	fi
}
check 'sqlite3\.h' 'store[a-z_]*\.(c|h)'
check 'sndfile\.h' 'decode\.c'
check 'ebur128\.h' 'loudness\.c'
check 'openssl/' 'hash\.c'
check 'libical/|ical\.h' 'ical[a-z_]*\.(c|h)'
check 'portaudio\.h' 'sink_portaudio\.c'
check 'samplerate\.h' 'resample\.c'
check 'xlsxwriter\.h' 'report_xlsx\.c'
check 'systemd/' 'service\.c'
check 'ini\.h' 'config\.c'
check 'utf8proc\.h' 'utf8\.c'
check 'zip\.h' 'report_docx\.c'
bad=$(grep -lE 'clock_gettime|gettimeofday|[^_a-z]time\(NULL\)' -- *.c | grep -v '^clock\.c$')
if [ -n "$bad" ]; then
	echo "FAIL: clock read outside clock.c: $bad"
	fail=1
else
	echo "ok: clock reads only in clock.c"
fi
[ $fail = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail
