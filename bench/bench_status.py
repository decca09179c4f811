#!/usr/bin/python3
"""bench_status — how long the officer waits for `loa status` and
`loa run --check` on a busy station (issue 19).

A station with N daily slots spread over the day (each airing the one
clip, by ATTACH-less slots given the clip afterwards), whose daemon aired
the last two days on the simulated clock, so today's and yesterday's log
holds 2N airings. Measures the wall time of a new `loa status --format
json` process (the agenda of 7 days and the log of 2 days, expansions kept
in the station by the daemon's run) and of `loa run --check`, each the
best of five. Prints `name<TAB>value<TAB>unit<TAB>aim` lines.

Usage: bench/bench_status.py [path/to/loa]   (default: $LOA_BIN)
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time

LOA = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("LOA_BIN", "build/loa")
ZONE = datetime.timezone(datetime.timedelta(hours=7))
T0 = datetime.datetime(2024, 6, 3, 5, 0, 0, tzinfo=ZONE)


def clock(t):
    return dict(os.environ, LOA_CLOCK="sim:" + t.isoformat(), LANGUAGE="vi")


def station(tmp, n):
    db = os.path.join(tmp, "station.db")
    made = T0 - datetime.timedelta(days=3)
    run = lambda *a: subprocess.run([LOA, "--db", db] + list(a), env=clock(made), check=True,
                                    capture_output=True)
    run("init", "--tz", "Asia/Ho_Chi_Minh")
    wav = os.path.join(tmp, "tin.wav")
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", wav, "synth", "0.2", "sine", "440"], check=True)
    run("clip", "add", wav, "--title", "Tin")
    day = made.replace(hour=0, minute=0)
    ev = ["BEGIN:VEVENT\r\nUID:s%d@bench\r\nSUMMARY:Tin\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:%s\r\n"
          "RRULE:FREQ=DAILY\r\nEND:VEVENT\r\n" % (k, (day + datetime.timedelta(seconds=k * 86400 // n))
                                                  .strftime("%Y%m%dT%H%M%S")) for k in range(n)]
    ics = os.path.join(tmp, "c.ics")
    with open(ics, "w") as f:
        f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n" + "".join(ev) + "END:VCALENDAR\r\n")
    run("slot", "import", ics)
    ids = subprocess.run([LOA, "--db", db, "slot", "list", "--format", "csv"], env=clock(made), check=True,
                         capture_output=True, text=True).stdout.splitlines()[1:]
    for line in ids:
        run("slot", "edit", line.split(",")[0], "--clip", "1")
    # The daemon airs the two days before T0.
    subprocess.run([LOA, "--db", db, "run", "--output", "file:" + os.path.join(tmp, "o.flac"), "--until",
                    T0.isoformat()], env=clock(T0 - datetime.timedelta(days=2)), check=True,
                   capture_output=True)
    return db


def best(argv, env, ok=(0, 1)):
    times = []
    for _ in range(5):
        t = time.monotonic()
        r = subprocess.run(argv, env=env, capture_output=True)
        times.append(time.monotonic() - t)
        if r.returncode not in ok:
            sys.exit("%s failed: %s" % (argv, r.stderr.decode()))
    return min(times)


def main():
    n = int(os.environ.get("LOA_BENCH_STATUS_SLOTS", "1000"))
    tmp = tempfile.mkdtemp(prefix="loa-bench-status-")
    try:
        db = station(tmp, n)
        env = clock(T0)
        s = best([LOA, "--db", db, "status", "--format", "json"], env)
        c = best([LOA, "--db", db, "run", "--check", "--output", "null"], env)
        print("loa status, %d slots, 2 days of log (%d airings)\t%.0f\tms\t< 1000" % (n, 2 * n, s * 1000))
        print("loa run --check, %d slots\t%.0f\tms" % (n, c * 1000))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
