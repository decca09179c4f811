"""The leader's approval (kiểm duyệt, issue 21) on a real station: the
station's setting, the states an officer's, a leader's and the
technician's changes leave, the queue (`loa approve list`, GET
/api/v1/approvals) and the decisions (`loa approve`, POST
/api/v1/approvals: a leader only, with the session's token, each in the
audit trail), the agenda's "pending" airings, and the daemon on the
simulated clock: a pending slot never airs (logged skipped,
pending_approval), approving it makes it air, and its airing log row names
the leader, inside the hash chain `loa log verify` checks.
"""
import csv as csvmod
import datetime
import io
import json
import os
import shutil
import signal
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, StationTest, main  # noqa: E402
from runtest import T0, RunTest, iso  # noqa: E402
from test_airlog import encode_hash  # noqa: E402
from webtest import LEADER, PASSWORD, USER, VIEWER, Client, WebTest, free_port, start_console  # noqa: E402


class SettingTest(StationTest):

    def test_off_by_default_and_changed_by_loa_station(self):
        self.assertEqual(self.loa("station", "--format", "json").json()["approval"], "off")
        r = self.loa("station", "--approval", "required", "--format", "json")
        self.assertEqual(r.json()["approval"], "required")
        self.assertEqual(self.loa("station", "--format", "json").json()["approval"], "required")
        r = self.loa("station", "--approval", "sometimes", expect=2)
        self.assertIn("'sometimes'", r.err)
        self.assertEqual(self.loa("station", "--format", "json").json()["approval"], "required")
        self.loa("station", "--approval", "off")
        self.assertEqual(self.loa("station", "--format", "json").json()["approval"], "off")

    def test_usage_errors_name_what_is_wrong(self):
        for args, words in ((["approve"], "slot:ID"), (["approve", "5"], "'5'"), (["approve", "slot:x"], "'slot:x'"),
                            (["approve", "--reject", "slot:1"], "--reason"),
                            (["approve", "slot:1", "--reason", "x"], "--reject")):
            with self.subTest(args=args):
                r = self.loa(*args, expect=2)
                self.assertIn(words, r.err)
        r = self.loa("approve", "slot:99", expect=1)
        self.assertIn("slot 99", r.err)

    def test_technician_changes_are_approved(self):
        self.loa("station", "--approval", "required")
        path = self.path("a.wav")
        from loatest import tone
        tone(path, seconds=1.0, rate=8000, channels=1)
        self.loa("clip", "add", path, "--title", "Tin")
        self.loa("slot", "add", "--clip", "1", "--at", "6h", "--from", "2024-03-04")
        self.assertEqual(self.loa("slot", "show", "1", "--format", "json").json()["approval"], "approved")
        self.assertEqual(self.loa("clip", "show", "1", "--format", "json").json()["approval"], "approved")
        self.assertEqual(self.loa("approve", "list", "--format", "json").json(), [])


class ApprovalApiTest(WebTest):
    """The console's station with approval required; USER is an officer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.t.loa("station", "--approval", "required")

    def write(self, c, method, path, body=None, csrf=True):
        return c.request(method, path, body, headers={"X-CSRF-Token": c.csrf} if csrf else {})

    def new_slot(self, c, title, at):
        body = {"clip": self.t.clips[1], "at": at, "days": "mon-sat", "from": "4/3/2024", "until": "9/3/2024",
                "title": title}
        r = self.write(c, "POST", "/api/v1/slots", body)
        self.assertEqual(r.status, 201, r)
        (slot,) = r.json()
        return slot

    def decide(self, c, body, status=200, csrf=True):
        r = self.write(c, "POST", "/api/v1/approvals", body, csrf=csrf)
        self.assertEqual(r.status, status, r)
        return r.json()

    def queue(self):
        r = self.cli("approve", "list", "--format", "json")
        self.assertEqual(r.rc, 0, r)
        return r.json()

    def agenda_of(self, sid):
        r = self.cli("agenda", "--from", "4/3/2024", "--to", "6/3/2024", "--format", "json")
        self.assertEqual(r.rc, 0, r)
        return [a for a in r.json() if a["slot"] == sid]

    def audit(self, action, obj):
        r = self.cli("audit", "--format", "json")
        return [e for e in r.json() if e["action"] == action and e["object"] == obj]

    def test_station_shows_the_setting(self):
        r = self.client().get("/api/v1/station")
        self.assertEqual(r.json()["approval"], "required")

    def test_officers_slot_waits_and_the_leader_approves_it(self):
        officer, leader = self.client(), self.client(user=LEADER)
        slot = self.new_slot(officer, "Tin chờ duyệt", "06:30")
        sid = slot["id"]
        self.assertEqual(slot["approval"], "pending")
        self.assertEqual(self.cli("slot", "show", str(sid), "--format", "json").json()["approval"], "pending")
        # Its airings are in the agenda as pending, in the console's too.
        mine = self.agenda_of(sid)
        self.assertEqual(len(mine), 2)
        self.assertEqual({a["status"] for a in mine}, {"pending"})
        api = [a for a in officer.get("/api/v1/agenda?from=4/3/2024&to=6/3/2024").json() if a["slot"] == sid]
        self.assertEqual(api, mine)
        vi = self.cli("agenda", "--from", "4/3/2024", "--to", "6/3/2024", "--format", "table", lang="vi").out
        self.assertIn("chờ duyệt", vi)
        # The queue names it, who asked and its rule in words.
        (e,) = [x for x in self.queue() if x["kind"] == "slot" and x["id"] == sid]
        self.assertEqual(e["asked_by"], USER)
        self.assertEqual(e["title"], "Tin chờ duyệt")
        self.assertIn("06:30", e["what"])
        self.assertEqual(e["version"], 1)
        self.assertEqual([x for x in leader.get("/api/v1/approvals").json() if x["id"] == sid and x["kind"] == "slot"],
                         [e])
        # Only a leader decides; the token is needed.
        for c in (officer, self.client(user=VIEWER)):
            self.decide(c, {"slot": sid, "decision": "approve"}, 403)
        self.decide(leader, {"slot": sid, "decision": "approve"}, 403, csrf=False)
        self.assertEqual({a["status"] for a in self.agenda_of(sid)}, {"pending"})
        # A stale version is refused: the leader looks again.
        self.decide(leader, {"slot": sid, "decision": "approve", "version": 7}, 409)
        r = self.decide(leader, {"slot": sid, "decision": "approve", "version": 1})
        self.assertEqual(r, {"slot": sid, "approval": "approved", "by": LEADER, "reason": None, "version": 1})
        self.assertEqual({a["status"] for a in self.agenda_of(sid)}, {"plays"})
        self.assertEqual([x for x in self.queue() if x["id"] == sid and x["kind"] == "slot"], [])
        (a,) = self.audit("approve", "slot %d" % sid)
        self.assertEqual(a["user"], LEADER)
        self.assertEqual(json.loads(a["before"])["approval"], "pending")
        self.assertEqual(json.loads(a["after"]), {"approval": "approved", "asked_by": USER, "by": LEADER, "version": 1})
        # Changed again by the officer, it waits again and does not air
        # meanwhile (the approved version is not kept to air instead).
        r = self.write(officer, "PATCH", "/api/v1/slots/%d" % sid, {"version": 1, "title": "Tin đã sửa"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["approval"], "pending")
        self.assertEqual({a["status"] for a in self.agenda_of(sid)}, {"pending"})

    def test_rejection_keeps_it_off_with_its_reason(self):
        officer, leader = self.client(), self.client(user=LEADER)
        sid = self.new_slot(officer, "Tin bị từ chối", "07:30")["id"]
        e = self.decide(leader, {"slot": sid, "decision": "reject"}, 422)
        self.assertEqual(e["field"], "reason")
        self.decide(leader, {"slot": sid, "decision": "maybe"}, 422)
        self.decide(leader, {"slot": sid, "clip": 1, "decision": "approve"}, 422)
        self.decide(leader, {"slot": 9999, "decision": "approve"}, 404)
        r = self.decide(leader, {"slot": sid, "decision": "reject", "reason": "Sai giờ, phát lúc 17:00"})
        self.assertEqual(r["approval"], "rejected")
        self.assertEqual(r["reason"], "Sai giờ, phát lúc 17:00")
        self.assertEqual(self.cli("slot", "show", str(sid), "--format", "json").json()["approval"], "rejected")
        # Rejected is not waiting: its own status, with the leader's reason,
        # in the agenda of the command line and of the API alike.
        rows = self.agenda_of(sid)
        self.assertEqual({a["status"] for a in rows}, {"rejected"})
        self.assertEqual({a["note"] for a in rows}, {"rejected by the leader: Sai giờ, phát lúc 17:00"})
        api = [a for a in officer.get("/api/v1/agenda?from=2024-03-04&to=2024-03-06").json() if a["slot"] == sid]
        self.assertEqual(api, rows)
        vi = self.cli("agenda", "--from", "4/3/2024", "--to", "6/3/2024", lang="vi").out
        self.assertIn("bị từ chối: Sai giờ, phát lúc 17:00", vi)
        (a,) = self.audit("reject", "slot %d" % sid)
        self.assertEqual(json.loads(a["after"])["reason"], "Sai giờ, phát lúc 17:00")
        self.assertEqual(a["user"], LEADER)

    def test_leaders_own_change_is_approved_at_once(self):
        leader = self.client(user=LEADER)
        slot = self.new_slot(leader, "Tin của lãnh đạo", "08:30")
        self.assertEqual(slot["approval"], "approved")
        self.assertEqual({a["status"] for a in self.agenda_of(slot["id"])}, {"plays"})
        self.assertEqual([x for x in self.queue() if x["id"] == slot["id"] and x["kind"] == "slot"], [])

    def test_officers_clip_waits_and_so_do_its_slots(self):
        officer, leader = self.client(), self.client(user=LEADER)
        cid = self.t.clips[2]
        r = self.write(officer, "PATCH", "/api/v1/clips/%d" % cid, {"title": "Tin mới sửa"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["approval"], "pending")
        # The technician schedules it: the slot is approved, its clip is not.
        r = self.cli("slot", "add", "--clip", str(cid), "--at", "9h", "--from", "4/3/2024", "--until", "5/3/2024")
        self.assertEqual(r.rc, 0, r)
        sid = max(s["id"] for s in self.cli("slot", "list", "--format", "json").json())
        self.assertEqual({a["status"] for a in self.agenda_of(sid)}, {"pending"})
        (e,) = [x for x in leader.get("/api/v1/approvals").json() if x["kind"] == "clip" and x["id"] == cid]
        self.assertEqual((e["asked_by"], e["title"]), (USER, "Tin mới sửa"))
        # A clip's "what" is its length; the whole queue is the command's, cell for cell.
        secs = round(e["duration"])
        self.assertEqual(e["what"], "%d:%02d" % (secs // 60, secs % 60))
        self.assertEqual(leader.get("/api/v1/approvals").json(), self.queue())
        self.assertGreater(e["duration"], 0)
        self.assertEqual(leader.get("/api/v1/clips/%d/audio" % cid).status, 200)
        # Rejected at the command line: its own status and the reason.
        r = self.cli("approve", "--reject", "clip:%d" % cid, "--reason", "Âm thanh bị rè")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual({(a["status"], a["note"]) for a in self.agenda_of(sid)},
                         {("rejected", "rejected by the leader: Âm thanh bị rè")})
        # The technician approves it at the command line.
        r = self.cli("approve", "clip:%d" % cid)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual({a["status"] for a in self.agenda_of(sid)}, {"plays"})
        self.assertEqual(len(self.audit("approve", "clip %d" % cid)), 1)
        self.assertEqual(self.cli("clip", "show", str(cid), "--format", "json").json()["approval"], "approved")


class ApprovalRunTest(RunTest):
    """The daemon on the simulated clock with the console beside it."""

    def setUp(self):
        super().setUp()
        self.loa("station", "--approval", "required")
        for name, role in ((USER, "officer"), (LEADER, "leader")):
            self.loa("user", "add", name, "--role", role, input=PASSWORD + "\n")
        self.port = free_port()
        env = dict(os.environ, LOA_CLOCK="fixed:" + iso(T0))
        env.pop("LOA_DB", None)
        self.web = start_console(["--db", self.db, "web", "--listen", "127.0.0.1:%d" % self.port], env, self.port)

    def tearDown(self):
        self.web.send_signal(signal.SIGTERM)
        self.web.communicate(timeout=30)
        super().tearDown()

    def login(self, user):
        c = Client(self.port)
        self.assertEqual(c.login(user=user).status, 200)
        return c

    def rows(self, sid):
        return [r for r in self.log() if int(r["slot"]) == sid]

    def test_pending_never_airs_and_approving_makes_it_air(self):
        clip = self.clip("Tin xã")
        technician = self.slot(clip, T0 + datetime.timedelta(minutes=30), rrule="FREQ=DAILY;COUNT=4")
        officer, leader = self.login(USER), self.login(LEADER)
        r = officer.request("POST", "/api/v1/slots", {"clip": clip, "at": "06:00", "from": "4/3/2024",
                                                      "until": "7/3/2024", "title": "Tin của cán bộ"},
                            headers={"X-CSRF-Token": officer.csrf})
        self.assertEqual(r.status, 201, r)
        sid = r.json()[0]["id"]
        # Day 1: pending, skipped with its reason; the technician's airs.
        self.run_sim(T0, T0 + datetime.timedelta(hours=2))
        (row,) = self.rows(sid)
        self.assertEqual((row["status"], row["reason_code"]), ("skipped", "pending_approval"))
        self.assertEqual([r["status"] for r in self.rows(technician)], ["completed"])
        # Day 2: approved by the leader, it airs, and its row names the leader.
        r = leader.request("POST", "/api/v1/approvals", {"slot": sid, "decision": "approve"},
                           headers={"X-CSRF-Token": leader.csrf})
        self.assertEqual(r.status, 200, r)
        day2 = T0 + datetime.timedelta(days=1)
        self.run_sim(day2, day2 + datetime.timedelta(hours=2))
        self.assertEqual([r["status"] for r in self.rows(sid)], ["skipped", "completed"])
        # Day 3: the officer changed it again: off air until approved again.
        r = officer.request("PATCH", "/api/v1/slots/%d" % sid, {"version": 1, "title": "Tin sửa lại"},
                            headers={"X-CSRF-Token": officer.csrf})
        self.assertEqual(r.status, 200, r)
        day3 = T0 + datetime.timedelta(days=2)
        self.run_sim(day3, day3 + datetime.timedelta(hours=2))
        self.assertEqual([(r["status"], r["reason_code"]) for r in self.rows(sid)],
                         [("skipped", "pending_approval"), ("completed", ""), ("skipped", "pending_approval")])
        # Another, rejected: skipped with a reason of its own, not "pending".
        r = officer.request("POST", "/api/v1/slots", {"clip": clip, "at": "06:30", "from": "7/3/2024",
                                                      "until": "7/3/2024", "title": "Tin bị từ chối"},
                            headers={"X-CSRF-Token": officer.csrf})
        self.assertEqual(r.status, 201, r)
        no = r.json()[0]["id"]
        r = leader.request("POST", "/api/v1/approvals", {"slot": no, "decision": "reject", "reason": "Sai nội dung"},
                           headers={"X-CSRF-Token": leader.csrf})
        self.assertEqual(r.status, 200, r)
        day4 = T0 + datetime.timedelta(days=3)
        self.run_sim(day4, day4 + datetime.timedelta(hours=2))
        self.assertEqual([(r["status"], r["reason_code"]) for r in self.rows(no)], [("skipped", "rejected")])
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        by = {(r["slot_id"], r["status"]): r["approved_by"] for r in con.execute("SELECT * FROM airing")}
        self.assertEqual(by[(sid, "completed")], LEADER)
        self.assertIsNone(by[(sid, "skipped")])
        self.assertIsNone(by[(technician, "completed")])
        # `loa log` names the approver in its last column, CSV and JSON, and
        # the console's log is the command's, byte for byte.
        csv = self.loa("log", "--format", "csv").csv()
        self.assertEqual(list(csv[0])[-1], "approved_by")
        self.assertEqual({(int(r["slot"]), r["status"], r["approved_by"]) for r in csv if int(r["slot"]) == sid},
                         {(sid, "skipped", ""), (sid, "completed", LEADER)})
        js = self.loa("log", "--format", "json").json()
        self.assertEqual(list(js[0])[-1], "approved_by")
        self.assertEqual([r["approved_by"] for r in js if r["slot"] == technician], [None] * len(self.rows(technician)))
        self.assertEqual([r["approved_by"] for r in js if r["slot"] == sid and r["status"] == "completed"], [LEADER])
        api = leader.get("/api/v1/log?format=csv")
        self.assertEqual(api.status, 200, api)
        self.assertEqual(list(csvmod.DictReader(io.StringIO(api.body.decode("utf-8")))), self.log())
        # Every row's hash recomputes from the documented encoding, the
        # approver's included; verify passes.
        for r in con.execute("SELECT * FROM airing WHERE seq IS NOT NULL"):
            self.assertEqual(encode_hash(r, r["prev_hash"], con), r["hash"])
        con.close()
        self.assertIn("intact", self.loa("log", "verify").out)
        # The approver is part of the hash: naming another breaks it.
        rid = sqlite3.connect(self.db).execute("SELECT id FROM airing WHERE approved_by IS NOT NULL").fetchone()[0]
        con = sqlite3.connect(self.db)
        con.executescript("DROP TRIGGER airing_no_update; UPDATE airing SET approved_by = 'ai đó' WHERE id = %d;" % rid)
        con.close()
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row %d" % rid, r.out + r.err)


class OldStationTest(StationTest):

    def test_old_rows_still_verify_after_step_12(self):
        shutil.rmtree(os.path.dirname(self.db))
        shutil.copytree(os.path.join(SRC, "tests", "fixtures", "station-v5"), os.path.dirname(self.db))
        r = self.loa("log", "verify")
        self.assertIn("36 closed rows", r.out)
        st = self.loa("station", "--format", "json").json()
        self.assertEqual((st["approval"], st["schema"]), ("off", 15))
        # Every old slot airs as before.
        self.assertEqual({s["approval"] for s in self.loa("slot", "list", "--format", "json").json()}, {"approved"})


if __name__ == "__main__":
    main()
