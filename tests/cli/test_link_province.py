"""A province of 30 stations through a rough quarter, end to end: each
station its own folder, its own `loa link` process and its own MQTT account
(the broker runs with the ACL of doc/link/acl as shipped), the real
`loa-hub run` into a real PostgreSQL. The stations air a quarter on the
simulated clock — their airing logs written by the store's own writers
(tests/tools/airlog_fill), in rounds of about a fortnight — while the broker
is stopped by its PID and started again with its persistence (at least
twice, with rows on the way), and stations are cut off at random (their
`loa link` killed with SIGKILL, started again rounds later; one of them is
away for about two months of airings). The choices come from a seeded
random.Random, the seed printed: LOA_TEST_SEED=N runs the same quarter
again.

Afterwards: PostgreSQL holds every airing of every station exactly once
(as many rows as the station's log, seq 1..n, no duplicate; the hub stored
as many rows as all the logs hold, none twice), every chain recomputes and
chains in Python from PostgreSQL's columns, the rows of each station were
received in their order, and `loa-hub report --quarter` says for each
station what its own `loa report` says, the province's figures their sum.
Finally a row changed on one station's disk is refused and flagged: that
station's chain verdict in the province's report, and only its.

The single-station cases are tests/cli/test_link.py's: a week offline
catching up in order (test_a_week_offline_then_everything_in_order), a
tampered row refused, recorded and shown at the station
(test_a_tampered_row_is_refused_and_flagged).
"""
import datetime
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main, tone  # noqa: E402
from hubtest import ACCOUNTS, FILL, HUB, MISSING, HubTest, wait_for  # noqa: E402

STATIONS = 30
ROUNDS = 7
QUARTER = "2026Q3"
ZONE = datetime.timezone(datetime.timedelta(hours=7))
# The rounds cover the quarter and a little on either side of it (the
# period is honoured at both ends, in the station's zone).
FIRST_DAY = datetime.datetime(2026, 6, 28, tzinfo=ZONE)
LAST_DAY = datetime.datetime(2026, 10, 3, tzinfo=ZONE)

ACCOUNTS.update({"s%d" % i: "s%d-pw" % i for i in range(1, STATIONS + 1)})


def leaves(d, prefix=""):
    """A report's figures as {path: value}, its nested objects flattened."""
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(leaves(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


@unittest.skipIf(MISSING, "the province's test needs: %s" % ", ".join(MISSING))
class ProvinceTest(HubTest):
    create_station = False

    def setUp(self):
        super().setUp()
        self.seed = int(os.environ.get("LOA_TEST_SEED") or random.SystemRandom().randrange(1 << 31))
        print("\nthe province's quarter with seed %d (LOA_TEST_SEED=%d runs it again)" % (self.seed, self.seed),
              file=sys.stderr)
        self.rng = random.Random(self.seed)
        self.ids = ["s%d" % i for i in range(1, STATIONS + 1)]
        self.dbs = {sid: self.path(sid, "station.db") for sid in self.ids}
        self.rows = {sid: 0 for sid in self.ids}  # each station's log length
        self.live = set()

    # ---- the stations ----

    def link(self, sid, up):
        if up:
            self.start_link(station=sid, db=self.dbs[sid], name="link-" + sid)
            self.live.add(sid)
        else:
            self.stop("link-" + sid, signal.SIGKILL)
            self.live.discard(sid)

    def air(self, sid, since, until):
        """The station's airings from since to until: one every `step`
        hours from its first of the day, programmes of its item count."""
        step, first, items = self.plan[sid]
        t = FIRST_DAY + first
        if t < since:
            t += step * -(-(since - t) // step)
        n = 0 if t >= until else -(-(until - t) // step)
        if n:
            self.generate(n, t.isoformat(), step_s=int(step.total_seconds()), items=items, db=self.dbs[sid],
                          seed=self.rng.randrange(1 << 30))
            self.rows[sid] += n

    def generate(self, n, start, step_s=3600, items=3, db=None, seed=7):
        p = subprocess.run([FILL, db, "generate", str(n), start, str(step_s), str(seed), str(items)],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)

    def all_acknowledged(self):
        return all(self.mark(self.dbs[sid])[0] == self.rows[sid] for sid in self.ids)

    def hub(self, *args):
        r = subprocess.run([HUB, args[0], "--db", self.pg.url(self.hubdb)] + list(args[1:]),
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    # ---- the test ----

    def test_a_quarter_of_30_stations_through_broker_restarts_and_cuts(self):
        rng = self.rng
        for k, sid in enumerate(self.ids):
            self.loa("--db", self.dbs[sid], "init", "--tz", "Asia/Ho_Chi_Minh", "--name",
                     "Đài truyền thanh xã Số %d" % (k + 1), db=False)
        # A programme every 2, 3 or 4 hours from a time of its own, of 2 to 4 items.
        self.plan = {sid: (datetime.timedelta(hours=rng.choice((2, 3, 4))),
                           datetime.timedelta(hours=5, minutes=rng.randrange(0, 120, 5)), rng.choice((2, 3, 4)))
                     for sid in self.ids}
        days = (LAST_DAY - FIRST_DAY).days
        bounds = [FIRST_DAY + datetime.timedelta(days=days * r // ROUNDS) for r in range(ROUNDS + 1)]
        # Two or three rounds in which the broker goes away; one station
        # away from the first round to the fifth (two months of airings).
        restarts = set(rng.sample(range(1, ROUNDS - 1), rng.choice((2, 3))))
        away = rng.choice(self.ids)

        self.broker.start()
        self.start_hub()
        for sid in self.ids:
            self.link(sid, True)
        cuts = restarted = 0
        for r in range(ROUNDS):
            # Some stations come back, some are cut off.
            for sid in sorted(set(self.ids) - self.live):
                if (sid == away and r == 5) or (sid != away and rng.random() < 0.5):
                    self.link(sid, True)
            cut = set(rng.sample(sorted(self.live - {away}), rng.randint(2, 5)))
            if r == 1:
                cut.add(away)
            order = self.ids[:]
            rng.shuffle(order)
            half = rng.randrange(5, STATIONS - 5)
            for k, sid in enumerate(order):
                if r in restarts and k == half:
                    # Rows on the way for some stations; the rest air while
                    # the broker is away.
                    self.broker.stop()
                    restarted += 1
                self.air(sid, bounds[r], bounds[r + 1])
                if sid in cut and rng.random() < 0.5:
                    # Killed while it sends what it just aired (or about to).
                    time.sleep(rng.uniform(0.0, 0.03))
                    cut.discard(sid)
                    self.link(sid, False)
                    cuts += 1
                elif cut and rng.random() < 0.2:
                    self.link(cut.pop(), False)
                    cuts += 1
            for sid in cut:
                self.link(sid, False)
                cuts += 1
            if r in restarts:
                time.sleep(rng.uniform(0.2, 1.0))
                self.broker.start()
            time.sleep(rng.uniform(0.0, 0.5))
        for sid in sorted(set(self.ids) - self.live):
            self.link(sid, True)
        total = sum(self.rows.values())
        print("%d rows of %d stations; the broker restarted %d times, %d links killed"
              % (total, STATIONS, restarted, cuts), file=sys.stderr)
        self.assertGreaterEqual(restarted, 2)
        self.assertGreaterEqual(cuts, 2 * ROUNDS)
        t0 = time.time()
        wait_for("every station's log acknowledged", self.all_acknowledged, 150, 0.25)
        print("the last rows acknowledged %.1f s after the last link started" % (time.time() - t0), file=sys.stderr)

        # Every airing once: seq 1..n of each station, no duplicate, nothing else.
        got = {r["station"]: r for r in self.pg.json(
            self.hubdb, "SELECT station, count(*) AS n, count(DISTINCT seq) AS d, min(seq) AS lo, max(seq) AS hi"
                        " FROM airing GROUP BY station")}
        self.assertEqual({sid: (g["n"], g["d"], g["lo"], g["hi"]) for sid, g in got.items()},
                         {sid: (n, n, 1, n) for sid, n in self.rows.items()})
        heads = {r["id"]: r for r in self.pg.json(self.hubdb, "SELECT id, head_seq, problem_seq FROM station")}
        self.assertEqual({sid: (h["head_seq"], h["problem_seq"]) for sid, h in heads.items()},
                         {sid: (n, 0) for sid, n in self.rows.items()})
        # Every chain recomputes from PostgreSQL's columns, equal to the
        # station's own hashes; each station's rows came in their order.
        for sid in self.ids:
            self.assert_hub_holds_the_station(self.rows[sid], sid, self.dbs[sid])
        out_of_order = self.pg.sql(self.hubdb, "SELECT count(*) FROM (SELECT received_ms < lag(received_ms) OVER"
                                               " (PARTITION BY station ORDER BY seq) AS back FROM airing) x"
                                               " WHERE back")
        self.assertEqual(out_of_order, "0")
        # The links that lived through a broker restart saw it.
        lost = sum(1 for sid in self.ids if "connection to the hub's broker was lost" in self.output("link-" + sid))
        self.assertGreater(lost, 0)

        # The province's report is its stations' own (each station's topic
        # list reached the hub with its status, a killed link's kept under its will).
        wait_for("every station's topic list at the hub", lambda: self.pg.sql(
            self.hubdb, "SELECT count(*) FROM station WHERE jsonb_array_length(status->'topics') > 0")
            == str(STATIONS), 30)
        hub = json.loads(self.hub("report", "--quarter", QUARTER, "--format", "json"))
        self.assertEqual([s["station"] for s in hub["stations"]], sorted(self.ids))
        own = {}
        for s in hub["stations"]:
            sid = s["station"]
            own[sid] = self.loa("--db", self.dbs[sid], "report", "--quarter", QUARTER, "--format", "json",
                                db=False).json()
            self.assertEqual(s["totals"], own[sid]["totals"], sid)
            self.assertEqual(s["cchc"], own[sid]["cchc"], sid)
            self.assertEqual(s["name"], own[sid]["station"])
            self.assertTrue(s["chain"]["intact"], sid)
            self.assertGreater(own[sid]["totals"]["airings"], 0, sid)
            self.assertGreater(own[sid]["cchc"]["airings"], 0, sid)
            # The quarter, not the rounds around it: fewer airings than the log.
            self.assertLess(own[sid]["totals"]["programmes"], self.rows[sid], sid)
        self.assertTrue(hub["chain"]["intact"])
        # The province: every counted figure the sum of the stations' own.
        for part in ("totals", "cchc"):
            mine = leaves(hub[part])
            for key, v in mine.items():
                if isinstance(v, bool) or not isinstance(v, int) or key.endswith("share"):
                    continue  # a ratio, checked below
                self.assertEqual(v, sum(leaves(o[part]).get(key, 0) for o in own.values()), part + "." + key)
            self.assertGreater(mine["airings"], 0)
        self.assertEqual(hub["totals"]["airings"], sum(o["totals"]["airings"] for o in own.values()))
        self.assertAlmostEqual(hub["cchc"]["share"],
                               100.0 * hub["cchc"]["airtime_s"] / hub["totals"]["content_airtime_s"], delta=0.06)

        # The hub stored each row once, all in its one run.
        self.assertEqual(self.stop("hub"), 0)
        self.assertIn("the hub stops: %d rows stored" % total, self.output("hub"))
        print([line for line in self.output("hub").splitlines() if "the hub stops" in line][-1], file=sys.stderr)

        # A row changed on one station's disk before it went up: refused,
        # flagged, the station's verdict and the province's; the others intact.
        self.start_hub()
        bad = rng.choice(self.ids)
        self.link(bad, False)
        n = self.rows[bad]
        self.generate(20, "2026-10-05T06:00:00+07:00", db=self.dbs[bad])
        con = sqlite3.connect(self.dbs[bad])
        con.execute("DROP TRIGGER airing_no_update")
        con.execute("UPDATE airing SET played_ms = played_ms + 1000 WHERE seq = ?", (n + 7,))
        con.commit()
        con.close()
        self.link(bad, True)
        wait_for("the hub's refusal", lambda: self.mark(self.dbs[bad])[1] == n + 7)
        self.assertEqual(self.mark(self.dbs[bad])[0], n + 6)
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT head_seq || '|' || problem_seq FROM station WHERE id = '%s'"
                                     % bad), "%d|%d" % (n + 6, n + 7))
        rep = json.loads(self.hub("report", "--quarter", QUARTER, "--format", "json"))
        self.assertEqual([s["station"] for s in rep["stations"] if not s["chain"]["intact"]], [bad])
        self.assertEqual([s["chain"].get("bad_seq") for s in rep["stations"] if s["station"] == bad], [n + 7])
        self.assertFalse(rep["chain"]["intact"])
        self.assertEqual(rep["totals"], hub["totals"])

        # Each station's status at the hub says, within the minute its
        # statuses are spaced by, what the hub acknowledged.
        self.rows[bad] += 20
        want = {sid: (n, n) for sid, n in self.rows.items()}
        want[bad] = (self.rows[bad], self.rows[bad] - 14)

        def said():
            return {s["id"]: (s["rows"], s["ack"]) for s in self.pg.json(
                self.hubdb, "SELECT id, (status->'log'->>'rows')::int AS rows,"
                            " (status->'log'->>'acknowledged')::int AS ack FROM station")}
        try:
            wait_for("each station's status to say what the hub acknowledged", lambda: said() == want, 75, 0.5)
        finally:
            self.assertEqual(said(), want)

    def test_a_bulletin_to_all_30_stations(self):
        # A normal bulletin to all: the 29 stations online have it at once,
        # the one offline when it comes back. Then a bulletin to one station
        # that is offline, its audio damaged at the broker before it comes
        # back: refused there, and the hub says why.
        for k, sid in enumerate(self.ids):
            self.loa("--db", self.dbs[sid], "init", "--tz", "Asia/Ho_Chi_Minh", "--name",
                     "Đài truyền thanh xã Số %d" % (k + 1), db=False)
        offline, damaged = self.rng.sample(self.ids, 2)
        self.broker.start()
        self.start_hub()
        for sid in self.ids:
            if sid not in (offline, damaged):
                self.link(sid, True)
        for sid in self.live:
            wait_for(sid + " online", lambda: '"online": true' in self.broker.retained("loa/%s/status" % sid, "hub")
                     or '"online":true' in self.broker.retained("loa/%s/status" % sid, "hub"), 20)
        audio = tone(self.path("tiem-chung.wav"), 3, 523)

        def send(*args):
            r = subprocess.run([HUB, "bulletin", "send", audio, "--db", self.pg.url(self.hubdb), "--broker",
                                self.broker.url(), "--user", "hub", "--format", "json"] + list(args),
                               capture_output=True, text=True, timeout=60, env=dict(os.environ, LOA_HUB_PASSWORD="hub-pw"))
            self.assertEqual(r.returncode, 0, r.stderr)
            return json.loads(r.stdout)["id"]

        def held(sid, bid):
            out = self.loa("--db", self.dbs[sid], "bulletin", "list", "--format", "json", db=False).json()
            return {b["id"]: b for b in out}.get(bid)

        def status(bid):
            return {x["station"]: x for x in json.loads(self.hub("bulletin", "status", str(bid), "--format",
                                                                 "json"))["stations"]}

        t0 = time.time()
        bid = send("--title", "Lịch tiêm chủng mở rộng tháng 12", "--tier", "normal", "--to", "all", "--topic",
                   "Y tế", "--at", "06:30,17:30")
        online = sorted(self.live)
        self.assertEqual(len(online), STATIONS - 2)
        for sid in online:
            wait_for(sid + " to hold the bulletin", lambda: held(sid, bid), 30, 0.1)
        print("a bulletin to all: %d stations online held it %.1f s after bulletin send began"
              % (len(online), time.time() - t0), file=sys.stderr)
        for sid in online:
            b = held(sid, bid)
            self.assertEqual((b["state"], b["tier"], b["title"], b["at"]),
                             ("received", "normal", "Lịch tiêm chủng mở rộng tháng 12", "06:30,17:30"), sid)
        wait_for("the hub to hear each online station's state",
                 lambda: sorted(k for k, v in status(bid).items() if v["state"] == "received") == online, 30, 0.2)
        self.assertIsNone(held(offline, bid))
        # The one offline gets it when it comes back (the retained message).
        self.link(offline, True)
        wait_for(offline + " to hold the bulletin on its return", lambda: held(offline, bid), 30, 0.1)
        wait_for("the hub to hear it", lambda: status(bid).get(offline, {}).get("state") == "received", 30, 0.2)

        # Damaged on the way: the retained message replaced by one whose
        # audio has a byte changed (as a faulty relay would), before the
        # station comes back.
        bid2 = send("--title", "Thông báo riêng", "--tier", "normal", "--to", damaged)
        topic = "loa/%s/bulletin/%d" % (damaged, bid2)
        p = subprocess.run(["mosquitto_sub", "-p", str(self.broker.port), "-u", damaged, "-P",
                            ACCOUNTS[damaged], "-t", topic, "-C", "1", "-W", "5", "-q", "1", "-N"],
                           capture_output=True, timeout=15)
        self.assertEqual(p.returncode, 0, p.stderr)
        payload = bytearray(p.stdout)
        payload[-100] ^= 0x55
        p = subprocess.run(["mosquitto_pub", "-p", str(self.broker.port), "-u", "hub", "-P", ACCOUNTS["hub"], "-t",
                            topic, "-r", "-q", "1", "-s"], input=bytes(payload), capture_output=True, timeout=15)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.link(damaged, True)
        wait_for(damaged + " to refuse it", lambda: held(damaged, bid2), 30, 0.1)
        b = held(damaged, bid2)
        self.assertEqual((b["state"], b["code"], b["clip"]), ("refused", "hash_mismatch", None))
        wait_for("the hub to hear the refusal", lambda: status(bid2).get(damaged, {}).get("code") == "hash_mismatch",
                 30, 0.2)
        print(status(bid2)[damaged], file=sys.stderr)
        # Nothing of it was imported: the station's clips are the first
        # bulletin's only (which it received before).
        clips = self.loa("--db", self.dbs[damaged], "clip", "list", "--format", "json", db=False).json()
        self.assertEqual([c["title"] for c in clips], ["Lịch tiêm chủng mở rộng tháng 12"])


if __name__ == "__main__":
    main()
