#!/usr/bin/python3
"""bench_link — the airing log up to the hub: ingest, a backlog, an idle link.

Real `loa link` processes on real stations whose logs the store's own writers
filled (airlog_fill: programmes of 3 items), a real Mosquitto with an account
per station and the ACL of doc/link/acl, the real `loa-hub run` into a
throw-away PostgreSQL with fsync=off (tests/cli/hubtest.py), all on this PC.
Measures:

- a 100,000-row backlog drained end to end: from `loa link`'s start to the
  hub's acknowledgement of the last row (aim: under 30 s);
- the hub's ingest: rows stored per second of the hub's own work on each
  message (decode, hashes, COPY, commit; its -v log), for that backlog and
  for 10 stations sending 10,000 rows each at once, whose wall-clock rate
  end to end is given too (aim: 20,000 rows/s);
- `loa link` idle: its RSS (and its anonymous part: the rest is the
  station's database, which the store maps to read the log), and its
  wake-ups (context switches) in 60 s once its status has settled (aim:
  none; its one timer is the broker's keep-alive, every 120 s).

Prints `name<TAB>value<TAB>unit<TAB>aim` lines; anything else to stderr.
"""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

SRC = os.environ.get("LOA_SRC", ".")
BUILD = os.environ.get("LOA_BUILD", "build")
sys.path.insert(0, os.path.join(SRC, "tests", "cli"))
os.environ.setdefault("LOA_TEST_BIN", os.path.join(BUILD, "tests"))
import hubtest  # noqa: E402

LOA = os.environ.get("LOA_BIN", os.path.join(BUILD, "loa"))
HUB = os.path.join(BUILD, "loa-hub")
FILL = os.path.join(BUILD, "tests", "airlog_fill")
BACKLOG = 100000
STATIONS, EACH = 10, 10000

hubtest.ACCOUNTS.update({"s%d" % i: "s%d-pw" % i for i in range(1, STATIONS + 3)})


def run(argv):
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("%s: %s" % (" ".join(argv), p.stderr))
    return p.stdout


def mark(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT seq FROM link_mark").fetchone()[0]
    finally:
        con.close()


def proc_status(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def stored(log, since=0):
    """Rows stored and the hub's milliseconds on them, from its -v log (from
    byte `since` on)."""
    with open(log) as f:
        f.seek(since)
        text = f.read()
    got = [(int(n), float(ms)) for n, ms in re.findall(r": (\d+) rows stored in ([0-9.]+) ms", text)]
    return sum(n for n, _ in got), sum(ms for _, ms in got)


class Bench:
    def __init__(self, d, pg):
        self.d, self.pg, self.procs = d, pg, {}

    def station(self, sid, rows, start):
        db = os.path.join(self.d, sid, "station.db")
        run([LOA, "--db", db, "init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài xã " + sid])
        if rows:
            run([FILL, db, "generate", str(rows), start, "300", str(len(self.procs) + 7), "3"])
        return db

    def link(self, sid, db):
        log = open(os.path.join(self.d, "link-%s.log" % sid), "w")
        p = subprocess.Popen([LOA, "--db", db, "link", "--broker", self.broker.url(), "--station", sid,
                              "--user", sid], env=dict(os.environ, LOA_LINK_PASSWORD=sid + "-pw"),
                             stdout=log, stderr=subprocess.STDOUT)
        self.procs[sid] = p
        return p

    def stop(self, sid):
        p = self.procs.pop(sid)
        p.terminate()
        p.wait(10)


def main():
    if hubtest.MISSING or not os.path.exists(FILL):
        print("bench_link: skipped, missing %s" % ", ".join(hubtest.MISSING + [FILL]), file=sys.stderr)
        return
    d = tempfile.mkdtemp(prefix="loa-bench-link-")
    pg = hubtest.Postgres()
    b = Bench(d, pg)
    hub = None
    try:
        pg.sql("postgres", "CREATE DATABASE hub")
        url = pg.url("hub")
        run([HUB, "init", "--db", url])
        b.broker = hubtest.Broker(os.path.join(d, "broker"))
        b.broker.start()
        hub_log = os.path.join(d, "hub.log")
        with open(hub_log, "w") as log:
            hub = subprocess.Popen([HUB, "-v", "run", "--db", url, "--broker", b.broker.url(), "--user", "hub"],
                                   env=dict(os.environ, LOA_HUB_PASSWORD="hub-pw"), stdout=log,
                                   stderr=subprocess.STDOUT)
        hubtest.wait_for("loa-hub to subscribe", lambda: "the hub listens" in open(hub_log).read(), 10)

        # A year of programmes every 5 minutes waiting in one station.
        db = b.station("s1", BACKLOG, "2026-01-01T06:00:00+07:00")
        t0 = time.time()
        link = b.link("s1", db)
        hubtest.wait_for("the backlog acknowledged", lambda: mark(db) == BACKLOG, 300, 0.02)
        drained = time.time() - t0
        settled = time.time()
        n, ms = stored(hub_log)
        print("the backlog: %d rows stored in %.0f ms of the hub's work" % (n, ms), file=sys.stderr)
        print("link_backlog_%d_drain\t%.1f\ts\t< 30" % (BACKLOG, drained))
        print("link_backlog_%d_end_to_end\t%.0f\trows/s" % (BACKLOG, BACKLOG / drained))
        print("hub_ingest_backlog\t%.0f\trows/s\t>= 20000" % (n / ms * 1000))

        # Ten stations at once.
        dbs = {"s%d" % i: b.station("s%d" % i, EACH, "2026-01-%02dT06:00:00+07:00" % i)
               for i in range(2, STATIONS + 2)}
        since = os.path.getsize(hub_log)
        t0 = time.time()
        for sid, sdb in dbs.items():
            b.link(sid, sdb)
        hubtest.wait_for("the stations acknowledged", lambda: all(mark(x) == EACH for x in dbs.values()), 300, 0.05)
        wall = time.time() - t0
        n, ms = stored(hub_log, since)
        print("%d stations: %d rows stored in %.0f ms of the hub's work, %.1f s end to end"
              % (STATIONS, n, ms, wall), file=sys.stderr)
        print("hub_ingest_%d_stations\t%.0f\trows/s\t>= 20000" % (STATIONS, n / ms * 1000))
        print("hub_ingest_%d_stations_end_to_end\t%.0f\trows/s" % (STATIONS, STATIONS * EACH / wall))
        print("hub_peak_rss\t%.1f\tMB" % (proc_status(hub.pid, "VmHWM") / 1024))
        for sid in dbs:
            b.stop(sid)

        # A link with nothing to send: its memory once connected.
        small = b.station("s%d" % (STATIONS + 2), 10, "2026-01-01T06:00:00+07:00")
        fresh = b.link("s%d" % (STATIONS + 2), small)
        hubtest.wait_for("its 10 rows acknowledged", lambda: mark(small) == 10, 30)
        time.sleep(2)
        # RSS counts the pages of the station's database the link mapped
        # (the store reads the log through mmap): clean, shared with the
        # page cache. RssAnon is the link's own memory.
        for name, p in (("link_idle", fresh), ("link_after_backlog", link)):
            print("%s_rss\t%.1f\tMB\t< 8" % (name, proc_status(p.pid, "VmRSS") / 1024))
            print("%s_rss_anon\t%.1f\tMB" % (name, proc_status(p.pid, "RssAnon") / 1024))
        # The backlog's link, idle: its last status (at most one a minute
        # after a change) published, then 60 s with nothing to do.
        time.sleep(max(0.0, settled + 65 - time.time()))
        before = proc_status(link.pid, "voluntary_ctxt_switches") + proc_status(link.pid, "nonvoluntary_ctxt_switches")
        time.sleep(60)
        after = proc_status(link.pid, "voluntary_ctxt_switches") + proc_status(link.pid, "nonvoluntary_ctxt_switches")
        print("link_idle_wakeups_60s\t%d\twake-ups\t0 (keep-alive every 120 s)" % (after - before))
    finally:
        for p in list(b.procs.values()) + ([hub] if hub else []):
            p.kill()
            p.wait()
        if getattr(b, "broker", None):
            b.broker.stop()
        pg.stop()
        shutil.rmtree(d, ignore_errors=True)


main()
