"""Phát khẩn and the live status (issue 21), without a sound card.

POST /api/v1/emergency on the real `loa web`: who may (401 without a
session, 403 without its CSRF token or for a viewer), what it refuses
(400, 404, 422, naming the field), 503 when no `loa run` plays the
station — and then nothing is written that could air later — and, while
one does, the one-off emergency slot, who asked and the audit trail's
"emergency" entry. Where only the daemon's lock matters (the console asks
it whether a daemon runs), the test holds that lock itself.

The real daemon (`loa run`, the null output, the real clock): `loa play
--emergency` cuts the programme on air (logged interrupted_emergency),
its own row names who asked, the programme after it airs on time (the cut
one does not hold the air for the rest of its length), an emergency the
daemon reaches too late is logged missed instead of surprising later, the
heartbeat is written at most once a minute (on the simulated clock), and
`loa status` says when a daemon that still holds its lock stops answering.
The same on a JACK dummy server, with the start measured at the DAC, is
test_emergency_jack.py; the dashboard in a browser,
test_web_emergency_browser.py.
"""
import contextlib
import datetime
import fcntl
import json
import os
import pwd
import re
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, StationTest, main, tone  # noqa: E402
from test_web_api import ApiChecks  # noqa: E402
from webtest import LEADER, NOW, USER, VIEWER, Client, WebTest  # noqa: E402

S = datetime.timedelta(seconds=1)


@contextlib.contextmanager
def daemon_lock(db):
    """Holds the station's daemon lock as `loa run` does (an flock on
    <db>-daemon.lock holding its PID): a stand-in for a daemon, where what
    is tested is the console's side."""
    fd = os.open(db + "-daemon.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.ftruncate(fd, 0)
        os.write(fd, b"%d\n" % os.getpid())
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def rows(db, sql, *args):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, args)]
    finally:
        con.close()


class EmergencyApiTest(ApiChecks, WebTest):
    """The endpoint on the shared station of webtest (its clock: Monday 4
    March 2024, 05:00 in Asia/Ho_Chi_Minh)."""

    def post(self, c, body, token=True):
        h = {"X-CSRF-Token": c.csrf} if token else {}
        return c.request("POST", "/api/v1/emergency", body, headers=h)

    def slots(self):
        return self.cli("slot", "list", "--format", "json").json()

    def test_no_session_is_401(self):
        self.assert_error(Client(self.port).request("POST", "/api/v1/emergency", {"clip": 1}), 401)

    def test_no_token_or_a_viewer_is_403(self):
        c = self.client()
        self.assert_error(self.post(c, {"clip": self.t.clips[1]}, token=False), 403)
        r = c.request("POST", "/api/v1/emergency", {"clip": self.t.clips[1]}, headers={"X-CSRF-Token": "x" * 43})
        self.assert_error(r, 403)
        v = self.client(user=VIEWER)
        with daemon_lock(self.db):
            self.assert_error(self.post(v, {"clip": self.t.clips[1]}), 403)
        self.assertEqual(self.audit("emergency"), [])

    def test_get_is_405(self):
        r = self.client().get("/api/v1/emergency")
        self.assert_error(r, 405)
        self.assertEqual(r.headers["Allow"], "POST")

    def test_daemon_stopped_is_503_and_nothing_is_kept(self):
        before = self.slots()
        agenda = self.cli("agenda", "--format", "json").json()
        c = self.client()
        e = self.assert_error(self.post(c, {"clip": self.t.clips[1]}), 503)
        self.assertEqual(e["error"], "the broadcast program is not running: 'Bản tin nông nghiệp' was not sent "
                                     "and will not air later")
        self.assertIn("systemctl start loa", e["hint"])
        vi = self.client(lang="vi")
        e = self.assert_error(self.post(vi, {"playlist": "Bản tin sáng"}), 503)
        self.assertIn("không chạy", e["error"])
        self.assertIn("Bản tin sáng", e["error"])
        # Nothing that a daemon started later could air.
        self.assertEqual(self.slots(), before)
        self.assertEqual(self.cli("agenda", "--format", "json").json(), agenda)
        self.assertEqual(rows(self.db, "SELECT * FROM emergency"), [])
        self.assertEqual(self.audit("emergency"), [])

    def test_refusals_name_the_field(self):
        c = self.client()
        self.cli("playlist", "create", "Trống")
        try:
            with daemon_lock(self.db):
                for body, status, field in [
                        ({}, 400, None),
                        ({"clip": self.t.clips[1], "playlist": "Bản tin sáng"}, 400, None),
                        ({"clip": str(self.t.clips[1])}, 422, "clip"),
                        ({"clip": 0}, 422, "clip"),
                        ({"clip": 999}, 404, "clip"),
                        ({"playlist": "Không có"}, 404, "playlist"),
                        ({"playlist": 5}, 422, "playlist"),
                        ({"playlist": "Trống"}, 422, "playlist")]:
                    with self.subTest(body=body):
                        self.assert_error(self.post(c, body), status, field)
                r = c.request("POST", "/api/v1/emergency", raw=b"clip=1", headers={"X-CSRF-Token": c.csrf})
                self.assert_error(r, 400)
                # A clip past its last day: said with its title and why.
                self.cli("clip", "edit", str(self.t.clips[1]), "--valid-until", "2024-03-01")
                e = self.assert_error(self.post(c, {"clip": self.t.clips[1]}), 422, "clip")
                self.assertIn("Bản tin nông nghiệp", e["error"])
                self.assertIn("last day", e["error"])
        finally:
            self.cli("clip", "edit", str(self.t.clips[1]), "--valid-until", "")
            self.cli("playlist", "rm", "Trống")
        self.assertEqual(rows(self.db, "SELECT * FROM emergency"), [])
        self.assertEqual(self.audit("emergency"), [])

    def test_status_has_the_live_keys(self):
        """The keys the live dashboard reads, the same in `loa status
        --format json`: the airing closed last, however old (the log of
        this station ends two days before its clock), and the heartbeat,
        null before any daemon ran."""
        st = self.client().get("/api/v1/status").json()
        self.assertEqual(st, self.cli("status", "--format", "json").json())  # one view of the core
        log = self.cli("log", "--format", "json").json()
        last = max(log, key=lambda r: r["seq"] or 0)
        self.assertEqual((st["last"]["id"], st["last"]["status"], st["last"]["scheduled"]),
                         (last["id"], last["status"], last["scheduled"]))
        self.assertEqual(len(st["last"]["items"]), 3)
        self.assertIsNone(st["on_air"])
        self.assertEqual((st["daemon"]["heartbeat"], st["daemon"]["heartbeat_age"]), (None, None))
        self.assertNotIn("daemon_silent", [w["code"] for w in st["warnings"]])

    def test_sent_while_the_daemon_runs(self):
        before = {s["id"] for s in self.slots()}
        length = {c["id"]: round(c["duration"], 1) for c in self.cli("clip", "list", "--format", "json").json()}
        made = []
        try:
            with daemon_lock(self.db):
                r = self.post(self.client(), {"clip": self.t.clips[1]})
                self.assertEqual(r.status, 202, r)
                a = r.json()
                made.append(a["slot"])
                self.assertEqual(a, {"slot": a["slot"], "clip": self.t.clips[1], "playlist": None,
                                     "title": "Bản tin nông nghiệp", "duration": length[self.t.clips[1]],
                                     "requested": "2024-03-04T05:00:00+07:00", "requested_by": USER,
                                     "scheduled": "2024-03-04T05:00:00+07:00"})
                # A leader, a playlist: the same, its length the clips'.
                r = self.post(self.client(user=LEADER), {"playlist": "Bản tin sáng"})
                self.assertEqual(r.status, 202, r)
                b = r.json()
                made.append(b["slot"])
                self.assertEqual((b["clip"], b["playlist"], b["title"], b["duration"], b["requested_by"]),
                                 (None, "Bản tin sáng", "Bản tin sáng",
                                  round(length[self.t.clips[0]] + length[self.t.clips[1]], 1), LEADER))
            # The one-off slots of the emergency tier, at the request's second.
            new = [s for s in self.slots() if s["id"] not in before]
            self.assertEqual(sorted(s["id"] for s in new), sorted(made))
            self.assertEqual({s["tier"] for s in new}, {"emergency"})
            ag = [x for x in self.cli("agenda", "--from", "2024-03-04T04:59", "--to", "2024-03-04T05:10",
                                      "--format", "json").json() if x["slot"] in made]
            self.assertEqual([(x["slot"], x["start"], x["tier"]) for x in ag],
                             [(a["slot"], "2024-03-04T05:00:00+07:00", "emergency"),
                              (b["slot"], ag[1]["start"], "emergency")])
            self.assertGreater(ag[1]["start"], ag[0]["start"])  # after the first, as the agenda orders them
            self.assertEqual(ag[1]["nominal_start"], "2024-03-04T05:00:00+07:00")
            req = rows(self.db, "SELECT slot_id, requested_ms, requested_by, via FROM emergency ORDER BY slot_id")
            self.assertEqual([(x["slot_id"], x["requested_by"], x["via"]) for x in req],
                             [(a["slot"], USER, "127.0.0.1"), (b["slot"], LEADER, "127.0.0.1")])
            now_ms = int(datetime.datetime.fromisoformat(NOW.replace("Z", "+00:00")).timestamp() * 1000)
            self.assertEqual({x["requested_ms"] for x in req}, {now_ms})
            # The audit trail: who, from where, what.
            au = self.audit("emergency")
            self.assertEqual([(e["user"], e["addr"], e["object"]) for e in au],
                             [(USER, "127.0.0.1", "Bản tin nông nghiệp"), (LEADER, "127.0.0.1", "Bản tin sáng")])
            self.assertIsNone(au[0]["before"])
            self.assertEqual(json.loads(au[0]["after"]) if isinstance(au[0]["after"], str) else au[0]["after"],
                             {"slot": a["slot"], "clip": self.t.clips[1], "playlist": None,
                              "title": "Bản tin nông nghiệp", "duration": length[self.t.clips[1]]})
        finally:
            for s in made:
                self.cli("slot", "rm", str(s))
        self.assertEqual(rows(self.db, "SELECT * FROM emergency"), [])  # gone with their slots


class DaemonTest(StationTest):
    """A station aired by the real `loa run` (the null output: real-time
    pace, no sound card) on the real clock."""

    def setUp(self):
        super().setUp()
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGCONT)
                p.kill()
                p.wait()
        super().tearDown()

    def clip(self, title, seconds, freq=440):
        path = tone(self.path("%d.wav" % freq), seconds=seconds, freq=freq, rate=8000, channels=1)
        self.loa("clip", "add", path, "--title", title)
        return max(c["id"] for c in self.loa("clip", "list", "--format", "json").json())

    def slot(self, clip, at, *more):
        self.loa("slot", "add", "--clip", str(clip), "--start", at.isoformat(), *more)
        return max(s["id"] for s in self.loa("slot", "list", "--format", "json").json())

    def daemon(self, *args, env=None, verbose=False):
        e = dict(os.environ)
        e.pop("LOA_DB", None)
        e.update(env or {})
        argv = [LOA] + (["-v"] if verbose else []) + ["--db", self.db, "run"] + [str(a) for a in args]
        p = subprocess.Popen(argv, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        return p

    def wait_for(self, pred, what, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            v = pred()
            if v:
                return v
            time.sleep(0.1)
        self.fail("timed out waiting for " + what)

    def status(self, env=None):
        return self.run_loa("status", "--format", "json", env=env)

    def running(self):
        return self.status().json()["daemon"]["running"]

    def log(self):
        return self.loa("log", "--format", "json").json()

    @staticmethod
    def now():
        return datetime.datetime.now().astimezone()


class EmergencyDaemonTest(DaemonTest):
    def test_cli_emergency_cuts_in_and_the_next_airs_on_time(self):
        prog = self.clip("Chương trình sáng", 30)
        alarm = self.clip("Tin bão số 3", 2, 1000)
        after = self.clip("Thông báo sau", 1, 660)
        t = (self.now() + 3 * S).replace(microsecond=0)
        s1 = self.slot(prog, t)
        s3 = self.slot(after, t + 12 * S)
        p = self.daemon("--device", "null", "--until", (t + 20 * S).isoformat())
        self.wait_for(lambda: any(r["status"] == "playing" for r in self.log()), "the programme on air",
                      timeout=20)
        st = self.status().json()
        # On air, with its length and how far it is, and the daemon's heartbeat.
        self.assertEqual((st["on_air"]["title"], st["on_air"]["duration"]), ("Chương trình sáng", 30.0))
        self.assertGreaterEqual(st["on_air"]["elapsed"], 0)
        self.assertIsNotNone(st["daemon"]["heartbeat"])
        self.assertLess(st["daemon"]["heartbeat_age"], 70)
        time.sleep(1)
        r = self.loa("play", "--emergency", str(alarm))
        m = re.search(r"on air since (\S+), ([0-9.]+) s after the request", r.out)
        self.assertTrue(m, r)
        print("loa play --emergency: on air %s s after the request" % m.group(2), file=sys.stderr)
        self.assertLess(float(m.group(2)), 5)  # a liveness bound; bench_emergency measures
        self.assertIn("emergency: 'Tin bão số 3' (2.0 s) asked for by", r.err)
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        log = {r["slot"]: r for r in self.log()}
        self.assertEqual((log[s1]["status"], log[s1]["reason_code"]), ("interrupted", "interrupted_emergency"))
        em = [r for r in log.values() if r["tier"] == "emergency"]
        self.assertEqual(len(em), 1)
        user = pwd.getpwuid(os.geteuid()).pw_name
        self.assertEqual((em[0]["title"], em[0]["status"], em[0]["requested_by"], em[0]["late"]),
                         ("Tin bão số 3", "completed", user, False))
        # The programme after it at its own time: the cut one holds the air
        # no longer than it aired.
        self.assertEqual((log[s3]["status"], log[s3]["late"]), ("completed", False))
        self.assertLess(abs(datetime.datetime.fromisoformat(log[s3]["started"]).timestamp() -
                            (t + 12 * S).timestamp()), 1.5)
        ag = {x["slot"]: x for x in self.loa("agenda", "--from", (t - S).isoformat(), "--to",
                                               (t + 20 * S).isoformat(), "--format", "json").json()}
        self.assertEqual(ag[s1]["status"], "skipped")
        self.assertIn("cut by an emergency", ag[s1]["note"])
        self.assertEqual(ag[s3]["status"], "plays")
        self.assertEqual(datetime.datetime.fromisoformat(ag[s3]["start"]), t + 12 * S)
        self.assertEqual(self.loa("log", "verify").rc, 0)
        # The audit trail names the system user, from the broadcast PC.
        au = [e for e in self.loa("audit", "--format", "json").json() if e["action"] == "emergency"]
        self.assertEqual([(e["user"], e["addr"], e["object"]) for e in au], [(user, "local", "Tin bão số 3")])

    def test_emergency_in_a_pre_roll_goes_first(self):
        """Asked for while a programme is pre-rolled (its output opened,
        seconds before its time): the programme does not start, the
        emergency plays, then the programme after it, late by what the
        emergency took."""
        prog = self.clip("Bản tin trưa", 3)
        alarm = self.clip("Tin bão số 3", 4, 1000)
        t = (self.now() + 5 * S).replace(microsecond=0)
        s1 = self.slot(prog, t)
        p = self.daemon("--device", "null", "--until", (t + 15 * S).isoformat(), verbose=True)
        time.sleep(max(0.0, (t - 1.5 * S - self.now()).total_seconds()))  # within its 3 s pre-roll
        self.loa("play", "--emergency", str(alarm))
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        self.assertIn("'Bản tin trưa' (slot %d) waits for the emergency" % s1, err)
        log = {r["slot"]: r for r in self.log()}
        em = [r for r in log.values() if r["tier"] == "emergency"][0]
        self.assertEqual((em["status"], em["late"]), ("completed", False))
        self.assertEqual((log[s1]["status"], log[s1]["late"]), ("completed", True), err)
        started = datetime.datetime.fromisoformat(log[s1]["started"])
        self.assertGreaterEqual(started, datetime.datetime.fromisoformat(em["ended"]) - S)
        self.assertGreater(started, t)

    def test_cli_without_daemon_sends_nothing(self):
        c = self.clip("Tin bão số 3", 2, 1000)
        r = self.loa("play", "--emergency", str(c), expect=1)
        self.assertIn("the broadcast program is not running", r.err)
        self.assertIn("systemctl start loa", r.err)
        self.assertEqual(self.loa("slot", "list", "--format", "json").json(), [])
        r = self.loa("play", "--emergency", str(c), "--device", "null", expect=2)
        self.assertIn("--device", r.err)

    def test_an_emergency_reached_late_is_not_played(self):
        """Asked for while a daemon held the lock, then reached by a daemon
        more than 30 s later (its clock moved on): logged missed, not aired."""
        c = self.clip("Tin bão số 3", 2, 1000)
        with daemon_lock(self.db):
            r = self.loa("play", "--emergency", str(c), expect=1)
        self.assertIn("has not started 'Tin bão số 3' after 5 s", r.err)
        later = (self.now() + 40 * S).replace(microsecond=0)
        p = self.daemon("--device", "null", "--until", (later + 3 * S).isoformat(),
                        env={"LOA_CLOCK": "offset:" + later.isoformat()})
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        log = self.log()
        self.assertEqual(len(log), 1, err)
        (row,) = log
        self.assertEqual((row["status"], row["reason_code"], row["started"], row["requested_by"]),
                         ("missed", "missed_downtime", None, pwd.getpwuid(os.geteuid()).pw_name))
        self.assertIn("not played late", row["reason"])
        self.assertIn("not played late", err)

    def test_heartbeat_at_most_once_a_minute(self):
        """On the simulated clock, a five-minute airing: the daemon writes
        its state when it starts and opens the device (each write is a
        heartbeat), then a heartbeat a minute after the last write, never
        sooner; none of them a wake-up of its own (the simulated clock
        has none to give)."""
        c = self.clip("Tin dài", 300)
        t0 = datetime.datetime(2024, 3, 4, 6, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
        self.slot(c, t0)
        p = self.daemon("--output", "file:" + self.path("out.wav"), "--until", (t0 + 6 * 60 * S).isoformat(),
                        env={"LOA_CLOCK": "sim:" + (t0 - 5 * S).isoformat()}, verbose=True)
        out, err = p.communicate(timeout=300)
        self.assertEqual(p.returncode, 0, err)
        writes = [(kind, int(ms)) for kind, ms in re.findall(r"(heartbeat|daemon state) written at (\d+)", err)]
        beats = [i for i, (kind, _) in enumerate(writes) if kind == "heartbeat"]
        self.assertGreaterEqual(len(beats), 4, err)
        for i in beats:
            self.assertGreaterEqual(writes[i][1] - writes[i - 1][1], 60000, writes)
        # While it plays, a minute apart (its steps come every second).
        t0_ms, end_ms = t0.timestamp() * 1000, (t0 + 300 * S).timestamp() * 1000
        gaps = [b[1] - a[1] for a, b in zip(writes, writes[1:]) if t0_ms <= a[1] and b[1] <= end_ms]
        self.assertGreaterEqual(len(gaps), 4, writes)
        self.assertLess(max(gaps), 61500, writes)
        (state,) = rows(self.db, "SELECT heartbeat_ms FROM daemon_state")
        self.assertEqual(state["heartbeat_ms"], writes[-1][1])  # the last write, the row's
        self.assertEqual([r["status"] for r in self.log()], ["completed"])

    def test_status_says_when_the_daemon_stops_answering(self):
        self.clip("Tin", 1)
        p = self.daemon("--device", "null")
        self.wait_for(self.running, "the daemon")
        st = self.status().json()
        self.assertNotIn("daemon_silent", [w["code"] for w in st["warnings"]])
        beat = st["daemon"]["heartbeat"]
        p.send_signal(signal.SIGSTOP)  # hangs: its lock still held
        try:
            later = {"LOA_CLOCK": "offset:" + (self.now() + 3 * 60 * S).replace(microsecond=0).isoformat()}
            r = self.status(env=later)
            self.assertEqual(r.rc, 1, r)
            st = r.json()
            self.assertTrue(st["daemon"]["running"])
            self.assertGreater(st["daemon"]["heartbeat_age"], 120)
            (w,) = [w for w in st["warnings"] if w["code"] == "daemon_silent"]
            self.assertEqual(w["at"], beat)
            self.assertIn("has not answered since", w["message"])
            table = self.run_loa("status", env=later).out
            self.assertIn("sudo systemctl restart loa", table)
        finally:
            p.send_signal(signal.SIGCONT)
        p.send_signal(signal.SIGTERM)
        self.assertEqual(p.wait(timeout=30), 0)


if __name__ == "__main__":
    main()
