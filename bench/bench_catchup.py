#!/usr/bin/python3
"""bench_catchup — how soon `loa run` is ready to air after downtime.

A station with N daily slots (spread over the day) whose computer was off
for D days: the daemon logs every airing it missed (31 days back at most)
before it can play the next one. Runs the real daemon on the simulated
clock (so the next airing's wait costs nothing) and measures the wall time
from start to its "on air" line, and the CPU it used. Prints
`name<TAB>value<TAB>unit<TAB>aim` lines (issue 17: a 1,000-slot station
back from 90 days off is ready in under 5 s).

Usage: bench/bench_catchup.py [path/to/loa]   (default: $LOA_BIN)
"""
import datetime
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

LOA = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("LOA_BIN", "build/loa")
ZONE = datetime.timezone(datetime.timedelta(hours=7))
T0 = datetime.datetime(2024, 6, 3, 5, 0, 0, tzinfo=ZONE)


def clock(t):
    return dict(os.environ, LOA_CLOCK="sim:" + t.isoformat())


def station(tmp, n, days):
    db = os.path.join(tmp, "station.db")
    made = T0 - datetime.timedelta(days=days + 1)
    subprocess.run([LOA, "--db", db, "init", "--tz", "Asia/Ho_Chi_Minh"], env=clock(made), check=True,
                   capture_output=True)
    wav = os.path.join(tmp, "tin.wav")
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", wav, "synth", "0.2", "sine", "440"], check=True)
    subprocess.run([LOA, "--db", db, "clip", "add", wav, "--title", "Tin"], env=clock(made), check=True,
                   capture_output=True)
    day = made.replace(hour=0, minute=0)
    ev = ["BEGIN:VEVENT\r\nUID:s%d@bench\r\nSUMMARY:Tin\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:%s\r\n"
          "RRULE:FREQ=DAILY\r\nEND:VEVENT\r\n" % (k, (day + datetime.timedelta(seconds=k * 86400 // n))
                                                  .strftime("%Y%m%dT%H%M%S")) for k in range(n)]
    ics = os.path.join(tmp, "c.ics")
    with open(ics, "w") as f:
        f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n" + "".join(ev) + "END:VCALENDAR\r\n")
    subprocess.run([LOA, "--db", db, "slot", "import", ics], env=clock(made), check=True, capture_output=True)
    return db


def ready(db):
    """Seconds from start to the first "on air", CPU seconds, rows logged."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    p = subprocess.Popen([LOA, "--db", db, "run", "--output", "null", "--until",
                          (T0 + datetime.timedelta(minutes=30)).isoformat()],
                         env=clock(T0), stderr=subprocess.PIPE, text=True)
    at = None
    for line in p.stderr:
        if at is None and line.startswith("on air"):
            at = time.monotonic() - t
    p.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rows = subprocess.run([LOA, "--db", db, "log", "--status", "missed", "--format", "csv"], check=True,
                          capture_output=True, text=True).stdout.count("\n") - 1
    return at, cpu, rows


def main():
    for n, days, aim in ((200, 31, ""), (1000, 90, "<5")):
        tmp = tempfile.mkdtemp(prefix="loa-bench-")
        try:
            db = station(tmp, n, days)
            at, cpu, rows = ready(db)
            name = "catchup_%d_slots_%d_days" % (n, days)
            print("%s_ready\t%.2f\ts\t%s" % (name, at, aim))
            print("%s_cpu\t%.2f\ts" % (name, cpu))
            print("%s_missed_rows\t%d\trows" % (name, rows))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
