"""What the tests of the link to the hub share (test_link.py,
test_hub_report.py): a throw-away PostgreSQL cluster and Mosquitto broker on
free loopback ports in temporary folders, stopped by their PIDs, with one
account per station and the ACL of doc/link.md; a station test case that
starts the real `loa link` and `loa-hub run` and waits for the hub's
acknowledgements.
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

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, StationTest  # noqa: E402

BUILD = os.environ.get("LOA_BUILD", ".")
HUB = os.path.join(BUILD, "loa-hub")
FILL = os.path.join(os.environ.get("LOA_TEST_BIN", "."), "airlog_fill")
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1:] or [""]
PG_BIN = PG_BIN[0]
ACCOUNTS = {"hub": "hub-pw", "s1": "s1-pw", "s2": "s2-pw", "s3": "s3-pw"}

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
    # The bulletin it aired (the station's step 15, the hub's step 2): only when there is one.
    if row.get("bulletin") is not None:
        enc += i(row["bulletin"])
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


class HubTest(StationTest):
    """A station test with its own hub database and broker per test."""

    @classmethod
    def setUpClass(cls):
        cls.pg = Postgres()
        cls.dbs = 0

    @classmethod
    def tearDownClass(cls):
        cls.pg.stop()

    def setUp(self):
        super().setUp()
        type(self).dbs += 1
        self.hubdb = "hub%d" % type(self).dbs
        self.pg.sql("postgres", "CREATE DATABASE %s" % self.hubdb)
        r = subprocess.run([HUB, "init", "--db", self.pg.url(self.hubdb)], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("schema 3", r.stdout)
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
