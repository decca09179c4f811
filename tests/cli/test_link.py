"""The link to the hub, end to end: a real Mosquitto broker with one account
per station and the ACL of doc/link.md, a real PostgreSQL cluster, the real
`loa link` on a real station whose airing log the store's own writers filled
(tests/tools/airlog_fill), and the real `loa-hub`. Both servers run on free
loopback ports in temporary folders and are stopped by their PIDs.

What is proved: every row reaches PostgreSQL once, and its hash recomputes
there (in Python, from the columns PostgreSQL holds) and chains; the
station's mark moves only on the hub's acknowledgement (the hub killed:
rows stay unacknowledged; restarted: every row arrives, none twice); a
week's backlog with the broker away goes up in order when it is back; a row
changed on the station's disk is refused by the hub, recorded there, and
shown by `loa link --check` and `loa station`; a station cannot publish
under another station's topic (the broker's ACL drops it); `loa link` idle
does not wake up.
"""
import glob
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, StationTest, main  # noqa: E402

BUILD = os.environ.get("LOA_BUILD", ".")
HUB = os.path.join(BUILD, "loa-hub")
FILL = os.path.join(os.environ.get("LOA_TEST_BIN", "."), "airlog_fill")
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1:] or [""]
PG_BIN = PG_BIN[0]
ACCOUNTS = {"hub": "hub-pw", "s1": "s1-pw", "s2": "s2-pw"}

MISSING = [p for p in ("mosquitto", "mosquitto_passwd", "mosquitto_sub") if not shutil.which(p)]
if not os.path.exists(os.path.join(PG_BIN, "initdb")):
    MISSING.append("initdb (postgresql)")
if not os.path.exists(HUB):
    MISSING.append(HUB)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, cond, timeout=20.0, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(step)
    raise AssertionError("timed out waiting for " + what)


def row_hash(row, items):
    """airlog_row.c's canonical encoding, from the hub's columns (written
    again from its description, as tests/cli/test_airlog.py does)."""
    def i(v):
        return b"n\n" if v is None else b"i%d\n" % v

    def t(v):
        if v is None:
            return b"n\n"
        b = v.encode()
        return b"t%d:" % len(b) + b + b"\n"

    v2 = row["v"] >= 2
    enc = b"loa-airing-2\n" if v2 else b"loa-airing-1\n"
    for k in ("id", "seq", "scheduled_ms", "started_ms", "ended_ms", "closed_ms", "played_ms"):
        enc += i(row[k])
    enc += t(row["status"]) + i(row["late"]) + i(row["delay_ms"]) + t(row["reason"])
    if v2:
        enc += t(row["reason_code"])
    enc += i(row["slot_id"]) + t(row["tier"]) + i(row["clip_id"])
    for k in ("playlist", "title", "topic", "sha256", "device"):
        enc += t(row[k])
    if row["requested_by"] is not None:
        enc += t(row["requested_by"])
    if v2 or items:
        enc += i(len(items))
        for it in items:
            enc += i(it["position"]) + i(it["clip_id"]) + t(it["title"]) + t(it["topic"]) + t(it["sha256"])
            enc += i(it["started_ms"]) + i(it["played_ms"]) + t(it["status"]) + t(it["reason_code"])
            enc += t(it["reason"])
    if row["approved_by"] is not None:
        enc += t(row["approved_by"])
    enc += t(row["prev_hash"])
    return hashlib.sha256(enc).hexdigest()


class Postgres:
    """A throw-away cluster: initdb as the postgres user, pg_ctl start on a
    free port, stopped by its PID."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="loa-pg-", dir="/tmp")
        self.port = free_port()
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_pg:
            shutil.chown(self.dir, "postgres")
        data = os.path.join(self.dir, "data")
        subprocess.run(self.as_pg + [os.path.join(PG_BIN, "initdb"), "-D", data, "-A", "trust", "-U",
                                     "postgres", "--no-sync", "-E", "UTF8", "--locale", "C"],
                       check=True, capture_output=True, timeout=120)
        opts = "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" % (
            self.port, self.dir)
        subprocess.run(self.as_pg + [os.path.join(PG_BIN, "pg_ctl"), "-D", data, "-o", opts, "-l",
                                     os.path.join(self.dir, "log"), "-w", "start"],
                       check=True, capture_output=True, timeout=120)
        with open(os.path.join(data, "postmaster.pid")) as f:
            self.pid = int(f.readline())

    def url(self, db):
        return "postgresql://postgres@127.0.0.1:%d/%s" % (self.port, db)

    def sql(self, db, query):
        p = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", self.url(db), "-c", query],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError("psql: %s\n%s" % (query, p.stderr))
        return p.stdout.strip()

    def json(self, db, query):
        out = self.sql(db, "SELECT coalesce(json_agg(x), '[]') FROM (%s) x" % query)
        return json.loads(out)

    def stop(self):
        try:
            os.kill(self.pid, signal.SIGINT)  # PostgreSQL's fast shutdown
            for _ in range(200):
                os.kill(self.pid, 0)
                time.sleep(0.05)
        except ProcessLookupError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


class Broker:
    """Mosquitto with an account per station and the ACL of doc/link.md."""

    def __init__(self, folder):
        self.dir = folder
        os.makedirs(folder, exist_ok=True)
        os.chmod(folder, 0o755)
        self.port = free_port()
        pw = os.path.join(folder, "passwd")
        for k, (user, password) in enumerate(ACCOUNTS.items()):
            subprocess.run(["mosquitto_passwd"] + ([] if k else ["-c"]) + ["-b", pw, user, password],
                           check=True, capture_output=True)
        # The ACL shipped for hubs, as it is.
        shutil.copy(os.path.join(SRC, "doc", "link", "acl"), os.path.join(folder, "acl"))
        with open(os.path.join(folder, "mosquitto.conf"), "w") as f:
            f.write("listener %d 127.0.0.1\nallow_anonymous false\npassword_file %s\nacl_file %s\n"
                    "persistence true\npersistence_location %s/\nlog_type all\n%s"
                    % (self.port, pw, os.path.join(folder, "acl"), folder,
                       "user root\n" if os.geteuid() == 0 else ""))
        self.proc = None

    def start(self):
        self.log = open(os.path.join(self.dir, "mosquitto.log"), "a")
        self.proc = subprocess.Popen(["mosquitto", "-c", os.path.join(self.dir, "mosquitto.conf")],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        wait_for("mosquitto to listen", self.listening, 10)

    def listening(self):
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None
            self.log.close()

    def url(self):
        return "mqtt://127.0.0.1:%d" % self.port

    def retained(self, topic, user):
        """The retained message on topic, as user's account reads it."""
        p = subprocess.run(["mosquitto_sub", "-p", str(self.port), "-u", user, "-P", ACCOUNTS[user], "-t",
                            topic, "-C", "1", "-W", "3", "-q", "1"], capture_output=True, text=True, timeout=10)
        return p.stdout.strip()


@unittest.skipIf(MISSING, "the link test needs: %s" % ", ".join(MISSING))
class LinkTest(StationTest):
    @classmethod
    def setUpClass(cls):
        cls.pg = Postgres()
        cls.dbs = 0

    @classmethod
    def tearDownClass(cls):
        cls.pg.stop()

    def setUp(self):
        super().setUp()
        LinkTest.dbs += 1
        self.hubdb = "hub%d" % LinkTest.dbs
        self.pg.sql("postgres", "CREATE DATABASE %s" % self.hubdb)
        r = subprocess.run([HUB, "init", "--db", self.pg.url(self.hubdb)], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("schema 1", r.stdout)
        self.broker = Broker(self.path("broker"))
        self.procs = {}

    def tearDown(self):
        for name in list(self.procs):
            self.stop(name)
        self.broker.stop()
        super().tearDown()

    # ---- processes ----

    def start(self, name, argv, env=None):
        e = dict(os.environ)
        e.update(env or {})
        log = open(self.path(name + ".log"), "a")
        self.procs[name] = (subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=e), log)
        return self.procs[name][0]

    def stop(self, name, sig=signal.SIGTERM):
        p, log = self.procs.pop(name)
        p.send_signal(sig)
        p.wait(10)
        log.close()
        return p.returncode

    def output(self, name):
        with open(self.path(name + ".log")) as f:
            return f.read()

    def start_hub(self, wait=True):
        """Starts loa-hub; with wait (and the broker up), returns once it has
        subscribed: before its first subscription the broker keeps nothing
        for it, and a station's first rows would wait for the link's resend."""
        ready = "the hub listens for the stations' rows"
        before = self.output("hub").count(ready) if os.path.exists(self.path("hub.log")) else 0
        p = self.start("hub", [HUB, "-v", "run", "--db", self.pg.url(self.hubdb), "--broker",
                               self.broker.url(), "--user", "hub"], {"LOA_HUB_PASSWORD": "hub-pw"})
        if wait and self.broker.proc:
            wait_for("loa-hub to subscribe", lambda: self.output("hub").count(ready) > before, 10)
        return p

    def link_args(self, station="s1", user=None):
        return ["--broker", self.broker.url(), "--station", station, "--user", user or station]

    def start_link(self, station="s1", user=None, db=None, name="link"):
        user = user or station
        return self.start(name, ["env", "LOA_LINK_PASSWORD=" + ACCOUNTS[user], os.environ.get("LOA_BIN", "loa"),
                                 "-v", "--db", db or self.db, "link"] + self.link_args(station, user))

    def check(self, expect=0, station="s1"):
        r = self.loa("link", "--check", "--format", "json", *self.link_args(station), expect=expect,
                     env={"LOA_LINK_PASSWORD": ACCOUNTS[station]})
        return r.json()

    # ---- the station and the hub ----

    def generate(self, n, start, step_s=3600, items=3, db=None):
        p = subprocess.run([FILL, db or self.db, "generate", str(n), start, str(step_s), "7", str(items)],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)

    def mark(self, db=None):
        con = sqlite3.connect(db or self.db)
        try:
            return con.execute("SELECT seq, problem_seq, problem FROM link_mark").fetchone()
        finally:
            con.close()

    def hub_count(self, station="s1"):
        return int(self.pg.sql(self.hubdb, "SELECT count(*) FROM airing WHERE station = '%s'" % station))

    def assert_hub_holds_the_station(self, n, station="s1", db=None):
        """The hub holds rows 1..n of the station, once each, equal to the
        station's, each hash recomputed from PostgreSQL's columns and chained."""
        rows = self.pg.json(self.hubdb, "SELECT * FROM airing WHERE station = '%s' ORDER BY seq" % station)
        items = self.pg.json(self.hubdb, "SELECT * FROM airing_item WHERE station = '%s' ORDER BY seq, position"
                             % station)
        by_seq = {}
        for it in items:
            by_seq.setdefault(it["seq"], []).append(it)
        self.assertEqual([r["seq"] for r in rows], list(range(1, n + 1)))
        con = sqlite3.connect(db or self.db)
        mine = dict(con.execute("SELECT seq, hash FROM airing WHERE seq IS NOT NULL"))
        con.close()
        prev = "0" * 64
        for r in rows:
            self.assertEqual(r["prev_hash"], prev, r["seq"])
            self.assertEqual(row_hash(r, by_seq.get(r["seq"], [])), r["hash"], r["seq"])
            self.assertEqual(r["hash"], mine[r["seq"]])
            prev = r["hash"]
        self.assertEqual(len(items), sum(len(v) for v in by_seq.values()))
        self.assertGreater(len(items), n)  # programmes of items went up with their rows

    # ---- the tests ----

    def test_rows_reach_postgres_once_with_hashes_that_verify(self):
        self.generate(1500, "2026-07-01T06:00:00+07:00")
        self.broker.start()
        self.start_hub()
        t0 = time.time()
        link = self.start_link()
        wait_for("the hub's acknowledgement of 1500 rows", lambda: self.mark()[0] == 1500)
        elapsed = time.time() - t0
        print("\n1500 rows (4,000+ items) sent, stored and acknowledged in %.2f s: %.0f rows/s"
              % (elapsed, 1500 / elapsed), file=sys.stderr)
        self.assert_hub_holds_the_station(1500)
        j = self.check()
        self.assertEqual((j["reachable"], j["hub_through"], j["acknowledged"], j["unsent"]), (True, 1500, 1500, 0))
        self.assertEqual(j["sent_to_hub"], "2026-09-01T17:00:00+07:00")  # row 1500's airing: 1499 h on
        st = self.loa("station", "--format", "json").json()
        self.assertEqual(st["sent_to_hub"], "2026-09-01T17:00:00+07:00")
        self.assertEqual(st["hub_problem"], "")
        # Idle, the link sleeps: no wake-up in 3 s (its keep-alive is 2 minutes).
        def switches():
            with open("/proc/%d/status" % link.pid) as f:
                return sum(int(line.split()[1]) for line in f if "ctxt_switches" in line)
        before = switches()
        time.sleep(3)
        self.assertLessEqual(switches() - before, 1)
        # A new airing wakes it at once (inotify), and goes up.
        self.generate(1, "2026-09-02T06:00:00+07:00")
        wait_for("row 1501 acknowledged", lambda: self.mark()[0] == 1501, 5)
        self.assertEqual(self.hub_count(), 1501)
        # Text the hub's COPY must escape (a backslash, quotes) and nulls
        # where text was expected, through to a hash that recomputes.
        line = "\t".join(["record", "failed", "thiết bị lỗi: C:\\loa\\n \"x\"", "2026-09-02T07:00:00+07:00",
                          "3", "normal", "5", "", 'Bản tin "đặc biệt" \\N', "Y tế", "", "", "device_error"])
        p = subprocess.run([FILL, self.db, "script"], input=line + "\n", capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        wait_for("row 1502 acknowledged", lambda: self.mark()[0] == 1502, 5)
        self.assert_hub_holds_the_station(1502)
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT title || '|' || reason FROM airing WHERE seq = 1502"),
                         'Bản tin "đặc biệt" \\N|thiết bị lỗi: C:\\loa\\n "x"')
        # Its status, as the hub keeps it; and its last will when it vanishes.
        status = json.loads(self.pg.sql(self.hubdb, "SELECT status FROM station WHERE id = 's1'"))
        self.assertEqual((status["online"], status["log"]["rows"], status["daemon"]["running"]), (True, 1500, False))
        self.assertEqual(status["log"]["last_status"], "completed")
        self.stop("link", signal.SIGKILL)
        wait_for("the last will", lambda: self.pg.sql(
            self.hubdb, "SELECT status->>'online' FROM station WHERE id = 's1'") == "false", 10)

    def test_mark_moves_only_on_the_hubs_acknowledgement(self):
        self.generate(300, "2026-07-01T06:00:00+07:00")
        self.broker.start()
        self.start_hub()
        self.start_link()
        wait_for("300 rows acknowledged", lambda: self.mark()[0] == 300)
        self.stop("hub", signal.SIGKILL)
        self.generate(400, "2026-08-01T06:00:00+07:00")
        time.sleep(2)  # the link sends; nobody stores, nobody answers
        self.assertEqual(self.mark()[0], 300)
        self.assertEqual(self.hub_count(), 300)
        self.assertEqual(self.check()["unsent"], 400)
        self.start_hub()
        wait_for("700 rows acknowledged", lambda: self.mark()[0] == 700)
        self.assert_hub_holds_the_station(700)
        self.assertEqual(self.stop("hub"), 0)
        # What arrived while it was down was stored once: the restarted hub
        # stored exactly the 400 new rows.
        self.assertIn("400 rows stored", self.output("hub"))
        # A clean stop says goodbye itself (no will is published then).
        self.start_hub()
        self.assertEqual(self.stop("link"), 0)
        wait_for("the station offline", lambda: self.pg.sql(
            self.hubdb, "SELECT status->>'online' FROM station WHERE id = 's1'") == "false", 10)

    def test_two_stations_through_a_broker_restart(self):
        """Two stations send at once; the broker is stopped and started again
        (its persistence on) while their rows are on the way: each chain
        arrives whole, once, under its own station."""
        other = self.path("s2", "station.db")
        self.loa("--db", other, "init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài xã Hai", db=False)
        self.generate(3000, "2026-07-01T06:00:00+07:00", step_s=600)
        self.generate(2000, "2026-07-01T06:05:00+07:00", step_s=900, db=other)
        self.broker.start()
        self.start_hub()
        self.start_link()
        self.start_link(station="s2", db=other, name="link2")
        wait_for("some rows acknowledged", lambda: self.mark()[0] > 0 or self.mark(other)[0] > 0)
        self.broker.stop()
        time.sleep(0.5)
        self.broker.start()
        wait_for("both logs acknowledged", lambda: self.mark()[0] == 3000 and self.mark(other)[0] == 2000, 30)
        self.assert_hub_holds_the_station(3000)
        self.assert_hub_holds_the_station(2000, "s2", other)
        self.assertIn("connection to the hub's broker was lost", self.output("link"))
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT id, head_seq FROM station ORDER BY id").split(),
                         ["s1|3000", "s2|2000"])

    def test_a_week_offline_then_everything_in_order(self):
        self.generate(50, "2026-07-01T06:00:00+07:00")
        # The hub's broker has known the hub before (its persistent session is
        # on the broker's disk): what the station sends as soon as the broker
        # is back waits there for the hub, whichever reconnects first.
        self.broker.start()
        self.start_hub()
        self.stop("hub")
        self.broker.stop()
        self.start_link()  # no broker: the link waits and tries again
        r = self.loa("link", "--check", *self.link_args(), expect=1, env={"LOA_LINK_PASSWORD": "s1-pw"})
        self.assertIn("NOT reachable", r.out)
        # A week of airings every 5 minutes while the broker is away.
        self.generate(7 * 24 * 12, "2026-07-04T00:00:00+07:00", step_s=300, items=2)
        time.sleep(1)
        self.assertEqual(self.mark()[0], 0)
        self.broker.start()
        self.start_hub()
        n = 50 + 7 * 24 * 12
        wait_for("the week's backlog acknowledged", lambda: self.mark()[0] == n, 30)
        self.assert_hub_holds_the_station(n)
        # In order: each row was received no earlier than the one before.
        got = [int(x) for x in self.pg.sql(self.hubdb, "SELECT received_ms FROM airing ORDER BY seq").split()]
        self.assertEqual(got, sorted(got))
        self.assertIn("cannot reach the hub's broker", self.output("link"))

    def test_a_tampered_row_is_refused_and_flagged(self):
        self.generate(100, "2026-07-01T06:00:00+07:00")
        con = sqlite3.connect(self.db)
        con.execute("DROP TRIGGER airing_no_update")
        con.execute("UPDATE airing SET title = 'Bản tin đã sửa' WHERE seq = 40")
        con.commit()
        con.close()
        self.broker.start()
        self.start_hub()
        self.start_link()
        wait_for("the hub's refusal", lambda: self.mark()[1] == 40)
        self.assertEqual(self.mark()[0], 39)
        self.assertEqual(self.hub_count(), 39)
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT head_seq, problem_seq FROM station"), "39|40")
        self.assertIn("does not match its hash", self.pg.sql(self.hubdb, "SELECT problem FROM station"))
        ack = json.loads(self.broker.retained("loa/s1/ack", "s1"))
        self.assertEqual((ack["through"], ack["resend_from"], ack["code"]), (39, 40, "row_changed"))
        j = self.check(expect=1)
        self.assertEqual((j["problem_seq"], j["problem_code"], j["acknowledged"]), (40, "row_changed", 39))
        self.assertIn("changed after it was written", j["problem"])
        st = self.loa("station", "--format", "json").json()
        self.assertEqual(st["hub_problem"], "row 40: it was changed after it was written (its hash does not match)")
        r = self.loa("station", "--format", "table", env={"LANG": "vi_VN.UTF-8", "LC_ALL": "vi_VN.UTF-8"})
        self.assertIn("đã gửi lên tỉnh đến", r.out)
        self.assertIn("bị cấp trên từ chối", r.out)
        self.assertIn("dòng 40: đã bị sửa sau khi ghi", r.out)
        time.sleep(1)  # held: the link does not send the refused row again and again
        self.assertEqual(int(self.pg.sql(self.hubdb, "SELECT count(*) FROM airing")), 39)
        self.assertEqual(self.output("hub").count("station s1: row 40"), 1)

    def test_a_station_cannot_publish_under_another_stations_topic(self):
        self.generate(20, "2026-07-01T06:00:00+07:00")
        self.broker.start()
        self.start_hub()
        # s2's account, s1's topics: the broker drops every message.
        self.start_link(station="s1", user="s2")
        time.sleep(2)
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT count(*) FROM station"), "0")
        self.assertEqual(self.mark()[0], 0)
        with open(os.path.join(self.broker.dir, "mosquitto.log")) as f:
            self.assertIn("Denied PUBLISH from loa-station-s1", f.read())
        self.stop("link")
        # A wrong password: refused, said once, tried again with a growing pause.
        self.start("link", ["env", "LOA_LINK_PASSWORD=wrong", os.environ.get("LOA_BIN", "loa"), "--db", self.db,
                            "link"] + self.link_args())
        r = self.loa("link", "--check", *self.link_args(), expect=1, env={"LOA_LINK_PASSWORD": "wrong"})
        self.assertIn("NOT reachable", r.out)
        self.assertIn("not authorised", r.out)
        time.sleep(3)
        self.assertEqual(self.output("link").count("refused this station"), 1)
        self.assertLessEqual(self.output("link").count("connection to the hub's broker was lost"), 0)
        self.stop("link")
        # The same link with s1's own account: everything arrives.
        self.start_link(station="s1", user="s1")
        wait_for("20 rows acknowledged", lambda: self.mark()[0] == 20)
        self.assertEqual(self.hub_count(), 20)


if __name__ == "__main__":
    main()
