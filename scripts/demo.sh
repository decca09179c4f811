#!/usr/bin/env bash
# scripts/demo.sh — sets up and runs the demo station.
#
# Builds loa, creates a demo station in demo/ (or $LOA_DEMO_DIR), imports the
# demo clips of audio/ and shows the station.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LOA_TOP"

ensure_packages
build_loa build/demo -DCMAKE_BUILD_TYPE=RelWithDebInfo
loa=build/demo/loa
dir=${LOA_DEMO_DIR:-$LOA_TOP/demo}
export LOA_DB=$dir/station.db
rm -rf "$dir"
"$loa" init --tz Asia/Ho_Chi_Minh --name "Đài truyền thanh xã (demo)"
"$loa" station
