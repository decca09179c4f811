#!/usr/bin/python3
"""bench_hub_report — `loa-hub report` for a quarter of 170 communes.

One real station airs a quarter (a programme of 4 items every 4 hours,
airlog_fill) and sends it through the real `loa link`, Mosquitto and
`loa-hub run` into a throw-away PostgreSQL (tests/cli/hubtest.py); its rows
are then copied in SQL under 169 more station ids, so the hub holds 170
communes' quarters. Measures `loa-hub report --quarter` in every format
(median of 3, wall time and peak RSS) and `loa-hub stations`, and checks
that each commune's figures equal the station's own `loa report`. Prints
`name<TAB>value<TAB>unit<TAB>aim` lines (issue 22: under 2 s).

Usage: bench/bench_hub_report.py [COMMUNES]   (default 170)
"""
import json
import os
import shutil
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
N = int(sys.argv[1]) if len(sys.argv) > 1 else 170


def run(argv, env=None):
    """Runs argv: its output and wall time."""
    t = time.time()
    p = subprocess.run(argv, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit("%s: %s" % (" ".join(argv), p.stderr))
    return p.stdout, time.time() - t


def main():
    if hubtest.MISSING or not os.path.exists(FILL):
        print("bench_hub_report: skipped, missing %s" % ", ".join(hubtest.MISSING + [FILL]), file=sys.stderr)
        return
    d = tempfile.mkdtemp(prefix="loa-bench-hub-")
    pg = hubtest.Postgres()
    procs = []
    try:
        pg.sql("postgres", "CREATE DATABASE hub")
        url = pg.url("hub")
        run([HUB, "init", "--db", url])
        db = os.path.join(d, "station.db")
        run([LOA, "--db", db, "init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài truyền thanh xã Một"])
        run([FILL, db, "generate", "552", "2026-10-01T06:00:00+07:00", "14400", "7", "4"])
        broker = hubtest.Broker(os.path.join(d, "broker"))
        broker.start()
        procs.append(subprocess.Popen([HUB, "run", "--db", url, "--broker", broker.url(), "--user", "hub"],
                                      env=dict(os.environ, LOA_HUB_PASSWORD="hub-pw"), stderr=subprocess.DEVNULL))
        time.sleep(1)
        procs.append(subprocess.Popen([LOA, "--db", db, "link", "--broker", broker.url(), "--station", "s1", "--user",
                                       "s1"], env=dict(os.environ, LOA_LINK_PASSWORD="s1-pw"),
                                      stderr=subprocess.DEVNULL))
        hubtest.wait_for("the quarter at the hub", lambda: pg.sql(
            "hub", "SELECT coalesce(jsonb_array_length(status->'topics'), 0) || '|' || head_seq FROM station")
            .endswith("|552") and not pg.sql("hub", "SELECT status->'topics' FROM station").startswith("null"), 60)
        for p in procs:
            p.terminate()
            p.wait(10)
        procs.clear()
        broker.stop()
        cols = ("station, seq, id, v, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms, status, late, "
                "delay_ms, reason, reason_code, slot_id, tier, clip_id, playlist, title, topic, sha256, device, "
                "requested_by, approved_by, prev_hash, hash, received_ms")
        icols = ("station, seq, position, clip_id, title, topic, sha256, started_ms, played_ms, status, "
                 "reason_code, reason")
        pg.sql("hub", "INSERT INTO station SELECT 'c' || lpad(i::text, 3, '0'), first_heard_ms, last_heard_ms,"
                      " head_seq, head_hash, problem_seq, problem_code, problem, problem_ms, status, status_ms"
                      " FROM station, generate_series(2, %d) i WHERE id = 's1'" % N)
        pg.sql("hub", "INSERT INTO airing (%s) SELECT st.id, %s FROM airing a, station st WHERE a.station = 's1'"
                      " AND st.id <> 's1'" % (cols, ", ".join("a." + c.strip() for c in cols.split(",")[1:])))
        pg.sql("hub", "INSERT INTO airing_item (%s) SELECT st.id, %s FROM airing_item i, station st"
                      " WHERE i.station = 's1' AND st.id <> 's1'"
                      % (icols, ", ".join("i." + c.strip() for c in icols.split(",")[1:])))
        pg.sql("hub", "ANALYZE")
        rows = int(pg.sql("hub", "SELECT count(*) FROM airing"))
        print("the hub holds %d communes, %d rows, %s items" % (N, rows, pg.sql("hub", "SELECT count(*) FROM"
                                                                                  " airing_item")), file=sys.stderr)
        for fmt in ("json", "xlsx", "html", "csv", "text"):
            ts = []
            for _ in range(3):
                out = ["-o", os.path.join(d, "tinh.xlsx")] if fmt == "xlsx" else []
                ts.append(run([HUB, "report", "--db", url, "--quarter", "2026Q4", "--format", fmt] + out)[1])
            print("hub_report_%d_%s\t%.2f\ts\t< 2" % (N, fmt, sorted(ts)[1]))
        rss = subprocess.run(["/usr/bin/time", "-f", "%M", HUB, "report", "--db", url, "--quarter", "2026Q4",
                              "--format", "json"], capture_output=True, text=True).stderr.split()[-1]
        print("hub_report_%d_peak_rss\t%.1f\tMB" % (N, int(rss) / 1024))
        print("hub_stations_%d\t%.3f\ts" % (N, run([HUB, "stations", "--db", url])[1]))
        own = json.loads(run([LOA, "--db", db, "report", "--quarter", "2026Q4", "--format", "json"])[0])
        hub = json.loads(run([HUB, "report", "--db", url, "--quarter", "2026Q4", "--format", "json"])[0])
        equal = sum(1 for s in hub["stations"] if s["totals"] == own["totals"] and s["cchc"] == own["cchc"])
        same = equal == N
        print("hub_report_equals_own\t%d\tcommunes of %d" % (equal, N))
        if not same or hub["totals"]["airings"] != own["totals"]["airings"] * N:
            raise SystemExit("the hub's figures differ from the station's own report")
    finally:
        for p in procs:
            p.kill()
        pg.stop()
        shutil.rmtree(d, ignore_errors=True)


main()
