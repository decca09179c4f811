#!/usr/bin/env bash
# bench_import.sh — clip import speed as a multiple of real time.
#
# Makes a 10-minute 48 kHz stereo WAV (pink noise with a speech-like
# tremolo), the same as a 128 kbit/s MP3 and as a 128 kbit/s AAC in an .m4a
# (as a phone records it; FFmpeg, loaded by that import, decodes it), then
# times `loa clip add` on a fresh station for each: the whole import —
# hashing, decoding every frame, loudness and true peak, the fsync'd copy
# into the library and the database row. loa is single-threaded, so CPU time (user + system) is one
# core's speed, and holds on a busy machine; wall-clock time is printed too.
# Prints lines "name<TAB>value<TAB>unit[<TAB>aim]".
#
# Usage: bench/bench_import.sh [path/to/loa]   (default: build/loa)
set -eu
loa=${1:-${LOA_BIN:-build/loa}}
seconds=${BENCH_SECONDS:-600}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loa-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

sox -n -r 48000 -c 2 -b 16 "$tmp/long.wav" synth "$seconds" pinknoise tremolo 4 60 gain -12
lame --quiet -b 128 "$tmp/long.wav" "$tmp/long.mp3"
ffmpeg -nostdin -v error -i "$tmp/long.wav" -c:a aac -b:a 128k "$tmp/long.m4a"

bench() { # bench NAME FILE
	rm -rf "$tmp/st"
	"$loa" --db "$tmp/st/station.db" init --tz UTC >/dev/null
	TIMEFORMAT='%R %U %S'
	{ time "$loa" --db "$tmp/st/station.db" clip add "$2" >/dev/null 2>"$tmp/err"; } 2>"$tmp/time" ||
		{ cat "$tmp/err" >&2; exit 1; }
	read -r real user sys <"$tmp/time"
	awk -v n="$1" -v s="$seconds" -v r="$real" -v u="$user" -v y="$sys" 'BEGIN {
		printf "%s_cpu_seconds\t%.3f\ts\n", n, u + y
		printf "%s_speed_cpu\t%.1f\tx_realtime\t>=100\n", n, s / (u + y)
		printf "%s_speed_wall\t%.1f\tx_realtime\n", n, s / r }'
}

bench import_wav_10min "$tmp/long.wav"
bench import_mp3_10min "$tmp/long.mp3"
bench import_m4a_10min "$tmp/long.m4a"
