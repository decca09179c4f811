"""The bulletins down, at the station: a real Mosquitto broker with the ACL of
doc/link.md, the hub's account publishing each bulletin as the contract says
(a line of JSON, a newline, the audio; retained, QoS 1), the real `loa link`
receiving it, and for the airing the real `loa run` (null output, the real
clock) and the real `loa-hub` storing the row in a real PostgreSQL.

What is proved: a normal bulletin is imported as a clip and waits
(received) until `loa bulletin schedule` makes slots at the hub's times,
which the agenda shows; a bulletin whose audio does not match its SHA-256
is refused (hash_mismatch) and nothing is imported; every state reaches the
broker on loa/<station>/bulletins, and is marked told only then; the same
retained message delivered again on a new connection changes nothing; a
priority bulletin becomes a slot that ends when the next programme begins,
or is refused (no_programme) when no programme falls in its period; an
emergency bulletin plays at once through the daemon, its airing log row
names the bulletin, the log verifies, and PostgreSQL holds the row with
airing.bulletin set, its hash recomputed in Python with the field; with no
daemon it is refused (no_daemon).
"""
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import unittest
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, main, tone  # noqa: E402
from hubtest import ACCOUNTS, MISSING, HubTest, row_hash, wait_for  # noqa: E402

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
if not __import__("shutil").which("mosquitto_pub"):
    MISSING.append("mosquitto_pub")


def now_ms():
    return int(time.time() * 1000)


def message(bid, audio, tier="normal", title="Thông báo lịch tiêm chủng", topic="y tế", at=("06:00", "17:00"),
            from_ms=None, until_ms=None, sha=None, name="tiem-chung.wav"):
    head = {"id": bid, "title": title, "topic": topic, "tier": tier, "name": name, "bytes": len(audio),
            "sha256": sha or hashlib.sha256(audio).hexdigest(),
            "from_ms": now_ms() - 3600000 if from_ms is None else from_ms,
            "until_ms": now_ms() + 10 * 86400000 if until_ms is None else until_ms,
            "at": list(at), "sent_ms": now_ms()}
    return json.dumps(head, ensure_ascii=False).encode() + b"\n" + audio


@unittest.skipIf(MISSING, "the bulletin test needs: %s" % ", ".join(MISSING))
class BulletinTest(HubTest):
    def setUp(self):
        super().setUp()
        with open(tone(self.path("tiem-chung.wav"), 2.0, 660), "rb") as f:
            self.audio = f.read()

    def publish(self, topic, payload):
        p = subprocess.run(["mosquitto_pub", "-p", str(self.broker.port), "-u", "hub", "-P", ACCOUNTS["hub"],
                            "-t", topic, "-r", "-q", "1", "-s"], input=payload, capture_output=True, timeout=10)
        self.assertEqual(p.returncode, 0, p.stderr)

    def listen(self, count):
        """mosquitto_sub as the hub on loa/s1/bulletins, for count messages."""
        p = subprocess.Popen(["mosquitto_sub", "-p", str(self.broker.port), "-u", "hub", "-P", ACCOUNTS["hub"],
                              "-t", "loa/s1/bulletins", "-q", "1", "-C", str(count), "-W", "30"],
                             stdout=subprocess.PIPE, text=True)
        time.sleep(0.3)  # subscribed before anything is published
        return p

    def heard(self, p):
        out, _ = p.communicate(timeout=40)
        states = {}
        for line in out.splitlines():
            msg = json.loads(line)
            self.assertEqual(msg["station"], "s1")
            for b in msg["bulletins"]:
                states.setdefault(b["id"], []).append(b)
        return states

    def bulletins(self):
        return {b["id"]: b for b in self.loa("bulletin", "list", "--format", "json").json()}

    def clips(self):
        return self.loa("clip", "list", "--format", "json").json()

    def told(self):
        con = sqlite3.connect(self.db)
        try:
            return dict(con.execute("SELECT id, told FROM bulletin"))
        finally:
            con.close()

    def test_normal_waits_then_scheduled_and_a_corrupted_one_refused(self):
        self.broker.start()
        sub = self.listen(2)
        self.start_link()
        wait_for("the link connected", lambda: "connected to the hub" in self.output("link"))
        self.publish("loa/s1/bulletin/17", message(17, self.audio))
        bad = bytearray(self.audio)
        bad[-100] ^= 0xFF
        self.publish("loa/all/bulletin/18", message(18, bytes(bad), sha=hashlib.sha256(self.audio).hexdigest(),
                                                    title="Bản tin hỏng"))
        wait_for("two bulletins", lambda: len(self.bulletins()) == 2)
        b = self.bulletins()
        self.assertEqual((b[17]["state"], b[17]["tier"], b[17]["title"], b[17]["at"]),
                         ("received", "normal", "Thông báo lịch tiêm chủng", "06:00,17:00"))
        self.assertEqual((b[18]["state"], b[18]["code"], b[18]["clip"]), ("refused", "hash_mismatch", None))
        self.assertIn("SHA-256", b[18]["reason"])
        clips = self.clips()
        self.assertEqual([(c["id"], c["title"], c["topic"]) for c in clips],
                         [(b[17]["clip"], "Thông báo lịch tiêm chủng", "y tế")])
        # No temporary file is left in the library.
        lib = self.path("station", "clips")
        self.assertEqual([f for f in os.listdir(lib) if f.startswith("bulletin-")], [])
        # The states reached the hub's side of the broker, and are told.
        states = self.heard(sub)
        self.assertEqual(states[17][-1]["state"], "received")
        self.assertEqual(states[17][-1]["clip"], b[17]["clip"])
        self.assertEqual((states[18][-1]["state"], states[18][-1]["code"]), ("refused", "hash_mismatch"))
        wait_for("both told", lambda: self.told() == {17: 1, 18: 1})
        # loa status says the one waiting for the officer (not the refused
        # one), and what to do.
        def waiting():
            st = self.run_loa("status", "--format", "json").json()
            return [w for w in st["warnings"] if w["code"] == "bulletins_waiting"]
        w = waiting()
        self.assertEqual(len(w), 1, w)
        self.assertTrue(w[0]["message"].startswith("1 bulletin of the province waits to be scheduled"), w)
        text = self.run_loa("status", env={"LANGUAGE": "vi", "LC_ALL": "vi_VN.UTF-8"}).out
        self.assertIn("có 1 bản tin của tỉnh đang chờ xếp lịch", text)
        self.assertIn("loa bulletin schedule", text)
        # The officer schedules it at the hub's times; the link tells the hub.
        sub = self.listen(1)
        r = self.loa("bulletin", "schedule", "17")
        self.assertIn("17", r.out)
        self.assertEqual(self.bulletins()[17]["state"], "scheduled")
        states = self.heard(sub)
        self.assertEqual(states[17][-1]["state"], "scheduled")
        wait_for("told again", lambda: self.told()[17] == 1)
        self.assertEqual(waiting(), [])
        slots = [s for s in self.loa("slot", "list", "--format", "json").json() if s["clip"] == str(b[17]["clip"])]
        self.assertEqual(len(slots), 1)
        today = datetime.datetime.now(ZONE).date()
        agenda = self.loa("agenda", "--from", (today + datetime.timedelta(days=1)).isoformat() + "T00:00",
                          "--to", (today + datetime.timedelta(days=2)).isoformat() + "T00:00",
                          "--format", "json").json()
        self.assertEqual([a["start"][11:16] for a in agenda if a["title"] == "Thông báo lịch tiêm chủng"],
                         ["06:00", "17:00"])
        # A refused bulletin cannot be scheduled.
        r = self.loa("bulletin", "schedule", "18", expect=1)
        self.assertIn("refused", r.err)
        # The link again: the retained messages come again, nothing changes.
        before = self.bulletins()
        self.stop("link")
        self.start_link()
        wait_for("connected again", lambda: self.output("link").count("connected to the hub") == 2)
        time.sleep(1.5)
        self.assertEqual(self.bulletins(), before)
        self.assertEqual(len(self.clips()), 1)
        self.assertEqual(self.output("link").count("waiting for the officer"), 1)

    def test_priority_goes_right_before_the_next_programme(self):
        self.loa("clip", "add", tone(self.path("ct.wav"), 3.0, 440), "--title", "Chương trình")
        start = (datetime.datetime.now(ZONE) + datetime.timedelta(hours=3)).replace(second=0, microsecond=0)
        self.loa("slot", "add", "--clip", "1", "--start", start.strftime("%Y-%m-%dT%H:%M"))
        self.broker.start()
        self.start_link()
        wait_for("the link connected", lambda: "connected to the hub" in self.output("link"))
        # Its period ends before the programme: nothing to go before.
        self.publish("loa/s1/bulletin/21", message(21, self.audio, tier="priority", title="Ưu tiên sớm",
                                                   until_ms=now_ms() + 3600000))
        wait_for("bulletin 21", lambda: 21 in self.bulletins())
        self.assertEqual((self.bulletins()[21]["state"], self.bulletins()[21]["code"]), ("refused", "no_programme"))
        self.publish("loa/s1/bulletin/22", message(22, self.audio, tier="priority", title="Ưu tiên"))
        wait_for("bulletin 22", lambda: 22 in self.bulletins())
        self.assertEqual(self.bulletins()[22]["state"], "scheduled")
        agenda = self.loa("agenda", "--format", "json").json()
        # A description with a key this station does not know, and one
        # whose audio is shorter than it says: refused, nothing imported.
        odd = message(23, self.audio).replace(b'"id": 23', b'"id": 23, "color": "red"')
        self.publish("loa/s1/bulletin/23", odd)
        self.publish("loa/s1/bulletin/24", message(24, self.audio)[:-10])
        wait_for("bulletins 23 and 24", lambda: {23, 24} <= set(self.bulletins()))
        b = self.bulletins()
        self.assertEqual((b[23]["state"], b[23]["code"]), ("refused", "bad_message"))
        self.assertIn('unknown key "color"', b[23]["reason"])
        self.assertEqual((b[24]["state"], b[24]["code"]), ("refused", "bad_message"))
        self.assertIn("not %d" % len(self.audio), b[24]["reason"])
        self.assertEqual(len(self.loa("clip", "list", "--format", "json").json()), 2)
        prio = [a for a in agenda if a["title"] == "Ưu tiên"]
        prog = [a for a in agenda if a["title"] == "Chương trình"]
        self.assertEqual(len(prio), 1)
        self.assertEqual(prio[0]["tier"], "priority")
        end = datetime.datetime.fromisoformat(prio[0]["end"])
        begins = datetime.datetime.fromisoformat(prog[0]["start"])
        self.assertEqual(begins, start)
        self.assertTrue(begins - datetime.timedelta(seconds=1) < end <= begins, (end, begins))

    def test_an_import_that_hangs_is_stopped_and_the_bulletin_refused(self):
        # loa-link copied beside a loa whose clip add never ends (a decoder
        # hung on a file): the link stops it, with what it started, refuses
        # the bulletin and goes on.
        here = self.path("hang")
        os.mkdir(here)
        real = os.path.join(os.path.dirname(shutil.which(LOA)), "loa-link")
        shutil.copy(real, os.path.join(here, "loa-link"))
        with open(os.path.join(here, "loa"), "w") as f:
            f.write("#!/bin/sh\nsleep 600 &\necho $! > %s\nwait\n" % self.path("sleep.pid"))
        os.chmod(os.path.join(here, "loa"), 0o755)
        self.broker.start()
        self.start("link", ["env", "LOA_LINK_PASSWORD=" + ACCOUNTS["s1"], os.path.join(here, "loa-link"), "-v",
                            "--db", self.db, "link"] + self.link_args("s1"))
        wait_for("the link connected", lambda: "connected to the hub" in self.output("link"))
        self.publish("loa/s1/bulletin/40", message(40, self.audio, title="Treo"))
        wait_for("bulletin 40", lambda: 40 in self.bulletins(), 120)
        b = self.bulletins()[40]
        self.assertEqual((b["state"], b["code"]), ("refused", "import_refused"))
        self.assertIn("did not finish", b["reason"])
        with open(self.path("sleep.pid")) as f:
            pid = int(f.read())

        def gone():
            try:
                with open("/proc/%d/stat" % pid) as f:
                    return f.read().split(")")[1].split()[0] == "Z"
            except FileNotFoundError:
                return True
        wait_for("what the import started is gone", gone)
        self.assertEqual(self.procs["link"][0].poll(), None)

    def test_what_an_import_cut_short_left_goes_when_the_link_starts(self):
        # A link killed while clip add ran left its temporary audio in the
        # library folder; the next link removes it, not a running link's.
        clips = os.path.join(os.path.dirname(self.db), "clips")
        os.makedirs(clips, exist_ok=True)
        dead = subprocess.Popen(["true"])
        dead.wait()
        left = os.path.join(clips, "bulletin-41-%d.wav" % dead.pid)
        running = os.path.join(clips, "bulletin-42-%d.wav" % os.getpid())
        other = os.path.join(clips, "bulletin-notes-1.wav")
        for f in (left, running, other):
            with open(f, "wb") as out:
                out.write(self.audio)
        self.broker.start()
        self.start_link()
        wait_for("the link connected", lambda: "connected to the hub" in self.output("link"))
        self.assertEqual([os.path.exists(f) for f in (left, running, other)], [False, True, True])

    def test_emergency_whose_period_begins_later_airs_when_it_begins_not_before(self):
        # No daemon now: what airs in two hours is not refused no_daemon,
        # and nothing airs before the period begins.
        self.broker.start()
        self.start_link()
        wait_for("the link connected", lambda: "connected to the hub" in self.output("link"))
        begins = (datetime.datetime.now(ZONE) + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
        self.publish("loa/s1/bulletin/32", message(32, self.audio, tier="emergency", title="Khẩn sau",
                                                   from_ms=int(begins.timestamp() * 1000)))
        wait_for("bulletin 32", lambda: 32 in self.bulletins())
        self.assertEqual((self.bulletins()[32]["state"], self.bulletins()[32]["code"]), ("scheduled", None))
        agenda = [a for a in self.loa("agenda", "--format", "json").json() if a["title"] == "Khẩn sau"]
        self.assertEqual([(a["tier"], datetime.datetime.fromisoformat(a["start"])) for a in agenda],
                         [("emergency", begins)])

    def test_emergency_airs_at_once_and_its_row_names_the_bulletin(self):
        self.broker.start()
        self.start_hub()
        self.start_link()
        wait_for("the link connected", lambda: "connected to the hub" in self.output("link"))
        # No daemon plays the station: refused. (Its audio is the same as
        # bulletin 30's: one clip, whose airing names the bulletin that
        # was scheduled, not the refused one.)
        self.publish("loa/s1/bulletin/31", message(31, self.audio, tier="emergency", title="Khẩn không phát"))
        wait_for("bulletin 31", lambda: 31 in self.bulletins())
        self.assertEqual((self.bulletins()[31]["state"], self.bulletins()[31]["code"]), ("refused", "no_daemon"))
        self.start("run", [LOA, "-v", "--db", self.db, "run", "--output", "null"])
        wait_for("the daemon", lambda: "loa run: station" in self.output("run"))
        sent = now_ms()
        self.publish("loa/all/bulletin/30", message(30, self.audio, tier="emergency", title="Tin bão khẩn",
                                                    name="bao.wav"))
        wait_for("bulletin 30", lambda: 30 in self.bulletins())
        self.assertEqual(self.bulletins()[30]["state"], "scheduled")

        def aired():
            con = sqlite3.connect(self.db)
            try:
                return con.execute("SELECT seq, status, bulletin, tier, requested_by FROM airing"
                                   " WHERE seq IS NOT NULL").fetchall()
            finally:
                con.close()
        wait_for("the emergency aired", lambda: aired(), 20)
        self.assertEqual(aired(), [(1, "completed", 30, "emergency", "bulletin 30")])
        con = sqlite3.connect(self.db)
        started = con.execute("SELECT started_ms FROM airing WHERE seq = 1").fetchone()[0]
        con.close()
        print("\nemergency bulletin: published to first sample out (null sink) %d ms" % (started - sent),
              file=sys.stderr)
        self.assertIn("intact", self.loa("log", "verify").out)
        wait_for("the row at the hub", lambda: self.hub_count() == 1, 20)
        # PostgreSQL holds it with its bulletin, and its hash recomputes from
        # PostgreSQL's columns only with the bulletin in it.
        row = self.pg.json(self.hubdb, "SELECT * FROM airing WHERE station = 's1'")[0]
        items = self.pg.json(self.hubdb, "SELECT * FROM airing_item WHERE station = 's1' ORDER BY position")
        con = sqlite3.connect(self.db)
        mine = con.execute("SELECT hash FROM airing WHERE seq = 1").fetchone()[0]
        con.close()
        self.assertEqual((row["bulletin"], row["hash"]), (30, mine))
        self.assertEqual(row_hash(row, items), mine)
        self.assertNotEqual(row_hash(dict(row, bulletin=None), items), mine)


if __name__ == "__main__":
    main()
