#!/usr/bin/env bash
# scripts/demo.sh — sets up and runs the demo station.
#
#   scripts/demo.sh           build loa, create the demo station in demo/, import
#                             the demo clips (audio/), programmes and schedule
#                             (playlists/), add an airing about ten seconds
#                             ahead, show the coming agenda, then run the daemon
#                             in the foreground: Ctrl-C stops it cleanly and the
#                             airing log is shown
#   scripts/demo.sh --once    the same, but stop after the first airing (tests)
#
# With no sound device the airing is rendered to a WAV file instead, and the
# script says where. Environment: LOA_DEMO_DIR (default demo/), LOA_BIN (use
# this loa instead of building one), LOA_DEMO_LEAD (seconds ahead, default 10).
#
# Each step runs only when the command it needs is in this build of loa
# ('loa COMMAND --help' succeeds); otherwise it says it skipped the step.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LOA_TOP"

once=0
for a in "$@"; do
	case $a in
	--once) once=1 ;;
	-h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "scripts/demo.sh: unknown option '$a'" >&2; exit 2 ;;
	esac
done

if [ -n "${LOA_BIN:-}" ]; then
	loa=$LOA_BIN
else
	ensure_packages
	build_loa build/demo -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF
	loa=$LOA_TOP/build/demo/loa
	export LOA_LOCALEDIR=$LOA_TOP/build/demo/locale
fi
dir=${LOA_DEMO_DIR:-$LOA_TOP/demo}
lead=${LOA_DEMO_LEAD:-10}
zone=Asia/Ho_Chi_Minh
export LOA_DB=$dir/station.db
# The demo has its own configuration (none): /etc/loa/loa.conf is the PC's.
export LOA_CONFIG=$dir/loa.conf

step() { printf '\n== %s\n' "$*"; }
# have "clip add": the command exists in this build.
have() { "$loa" "$@" --help >/dev/null 2>&1; }
skipped() { echo "(skipped: 'loa $*' is not in this build of loa yet)"; }
# A clip's id from 'loa clip list' by its original file name.
clip_id() {
	"$loa" clip list --format csv | /usr/bin/python3 -c '
import csv, sys
for row in csv.DictReader(sys.stdin):
    if row.get("original_name") == sys.argv[1]:
        print(row["id"]); break' "$1"
}

step "A fresh demo station in $dir"
rm -rf "$dir"
mkdir -p "$dir"
: >"$LOA_CONFIG"
"$loa" init --tz "$zone" --name "Đài truyền thanh xã (demo)"

step "The demo clips: audio/"
if have clip add; then
	# file, title, topic: what the officer would type for each announcement.
	while IFS='|' read -r file title topic; do
		"$loa" clip add "audio/$file" --title "$title" --topic "$topic"
	done <<'CLIPS'
nhac-hieu.mp3|Nhạc hiệu đài truyền thanh|chương trình
mo-dau.mp3|Lời mở đầu buổi phát thanh|chương trình
cchc.mp3|Tuyên truyền cải cách hành chính|cải cách hành chính
thong-bao.mp3|Thông báo phòng chống dịch sốt xuất huyết|y tế
ket-thuc.mp3|Lời kết thúc buổi phát thanh|chương trình
CLIPS
	"$loa" clip list --format table
else
	skipped clip add
fi

step "The commune's schedule: 06:00 and 17:00, Monday to Saturday (playlists/demo.ics)"
# Each event of demo.ics names its programme (ATTACH:buoi-sang.m3u), which
# the import turns into a playlist; without 'slot import', the programmes
# are imported as playlists alone.
if have slot import; then
	# The programmes name the clips in audio/, beside playlists/ rather than
	# inside it: the demo trusts its own files (--allow-outside).
	"$loa" slot import playlists/demo.ics --allow-outside
	have slot list && "$loa" slot list --format table
elif have playlist import; then
	skipped slot import
	for m3u in playlists/buoi-sang.m3u playlists/buoi-chieu.m3u; do
		"$loa" playlist import "$m3u" --name "$(basename "$m3u" .m3u)" --allow-outside
	done
else
	skipped slot import
	skipped playlist import
fi

step "An airing $lead seconds from now, to hear something at once"
if have slot add && have clip list; then
	at=$(TZ=$zone date -d "+$lead seconds" +%Y-%m-%dT%H:%M:%S)
	if have playlist create; then
		"$loa" playlist create thu-loa "$(clip_id nhac-hieu.mp3)" "$(clip_id mo-dau.mp3)"
		"$loa" slot add --playlist thu-loa --start "$at" --tier priority --title "Thử loa (demo)"
	else
		"$loa" slot add --clip "$(clip_id mo-dau.mp3)" --start "$at" --tier priority --title "Thử loa (demo)"
	fi
else
	skipped slot add
fi

step "The coming agenda"
if have agenda; then
	"$loa" agenda --from "$(TZ=$zone date +%Y-%m-%dT%H:%M)" --to "$(TZ=$zone date -d '+2 days' +%Y-%m-%d)" --format table
else
	skipped agenda
fi

step "The daemon"
if ! have run; then
	skipped run
	echo
	"$loa" station --format table
	exit 0
fi
# Is there a sound device? 'loa devices' knows; until it has landed, a sound
# card's playback device or a running JACK server says so.
device=0
if have devices; then
	[ "$("$loa" devices --format csv 2>/dev/null | tail -n +2 | grep -c .)" -gt 0 ] && device=1
elif ls /dev/snd/pcm*p >/dev/null 2>&1; then
	device=1
elif command -v jack_lsp >/dev/null && JACK_NO_START_SERVER=1 timeout 5 jack_lsp >/dev/null 2>&1; then
	device=1
fi
run_args=()
[ $once = 1 ] && run_args+=(--once)
if [ $device = 1 ]; then
	echo "Playing on the default sound device. Ctrl-C stops the daemon."
else
	wav=$dir/demo-airing.wav
	echo "No sound device on this computer: the airing is written to $wav instead."
	run_args=(--output "file:$wav" --once)
fi
# Ctrl-C reaches loa (it fades out and logs the airing as interrupted); the
# script goes on to show the log.
trap ':' INT
"$loa" run "${run_args[@]}" || echo "loa run stopped with status $?"
trap - INT
[ $device = 0 ] && [ -f "$wav" ] && echo "The airing is in $wav ($(soxi -d "$wav" 2>/dev/null || echo '?'))."

step "The airing log"
if have log; then
	"$loa" log --format table
else
	skipped log
fi
