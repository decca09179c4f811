"""The hub's bulletins in `loa web` (issue 22, "Bulletins down": a normal
bulletin waits for the officer, shown in the console and scheduled with
one click): GET /api/v1/bulletins and POST /api/v1/bulletins/ID/schedule.

The bulletins reach the station as they do in a commune: a real Mosquitto
broker with the ACL of doc/link.md, the hub's account publishing each as
the contract says (retained, QoS 1), the real `loa link` receiving and
importing it (through `loa clip add`). The link's clock is a few days
before the console's, so one bulletin's period is over by the time the
officer looks.

What is proved: the list is `loa bulletin list --format json`, object for
object; scheduling takes the hub's times over the bulletin's period by
default, or the officer's choices, and makes exactly the slots `loa
bulletin schedule` makes for a twin bulletin; it refuses as the command
does (404 unknown, 409 refused or over, 422 no times or a wrong one); an
officer's slots wait for the leader when the station requires approval;
it is audited (bulletin.schedule, before and after, and slot.add); a
viewer may read but not schedule, no session is 401, a wrong CSRF token
403.
"""
import datetime
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, main, tone  # noqa: E402
from webtest import LEADER, NOW, VIEWER, XSS, Client, WebTest  # noqa: E402
from hubtest import ACCOUNTS, Broker, wait_for  # noqa: E402

MISSING = [p for p in ("mosquitto", "mosquitto_passwd", "mosquitto_pub") if not shutil.which(p)]
# The link received the bulletins on Friday 1 March 2024, 07:00 at the
# station; the console's clock is Monday 4 March, 05:00 (webtest.NOW).
LINK_NOW = "2024-03-01T00:00:00Z"
ZONE = datetime.timezone(datetime.timedelta(hours=7))
# A title that would be script twice over if a page put it in as HTML.
XSS_TITLE = XSS[0] + " " + XSS[1]


def ms(y, m, d, hh=0, mm=0):
    """UTC ms of a wall time at the station (UTC+7)."""
    return int(datetime.datetime(y, m, d, hh, mm, tzinfo=ZONE).timestamp() * 1000)


# id: (title, tier, topic, suggested times, from, until, audio damaged)
BULLETINS = {
    41: ("Thông báo lịch tiêm chủng", "normal", "y tế", ["06:00", "17:00"], ms(2024, 3, 1), ms(2024, 3, 9), False),
    42: (XSS_TITLE, "normal", None, ["07:30"], ms(2024, 3, 5), ms(2024, 3, 8), False),
    43: ("Bản tin hỏng", "normal", "y tế", ["06:00"], ms(2024, 3, 1), ms(2024, 3, 9), True),
    44: ("Tin không giờ gợi ý", "normal", None, [], ms(2024, 3, 1), ms(2024, 3, 9), False),
    45: ("Tin đã hết hạn", "normal", None, ["06:00"], ms(2024, 3, 1), ms(2024, 3, 2), False),
    46: ("Thông báo lịch tiêm chủng (bản sao)", "normal", "y tế", ["06:00", "17:00"], ms(2024, 3, 1),
         ms(2024, 3, 9), False),
    47: ("Tin ưu tiên của tỉnh", "priority", None, [], ms(2024, 3, 1), ms(2024, 3, 9), False),
    48: ("Tin cần lãnh đạo duyệt", "normal", None, ["18:00"], ms(2024, 3, 1), ms(2024, 3, 9), False),
}


def message(bid, audio, damaged=False):
    title, tier, topic, at, start, end, _ = BULLETINS[bid]
    sha = hashlib.sha256(audio).hexdigest()
    if damaged:
        audio = audio[:-100] + bytes(b ^ 0xFF for b in audio[-100:])
    head = {"id": bid, "title": title, "topic": topic, "tier": tier, "name": "ban-tin-%d.wav" % bid,
            "bytes": len(audio), "sha256": sha, "from_ms": start, "until_ms": end, "at": at,
            "sent_ms": ms(2024, 2, 29, 16)}
    return json.dumps(head, ensure_ascii=False).encode() + b"\n" + audio


def receive_bulletins(t, ids):
    """The hub sends bulletins ids to the station of t through a real
    broker; the real `loa link` receives them. Returns once `loa bulletin
    list` holds every one; the link and the broker are stopped."""
    broker = Broker(t.path("broker"))
    broker.start()
    log = open(t.path("link.log"), "a")
    env = dict(os.environ, LOA_CLOCK="fixed:" + LINK_NOW, LOA_LINK_PASSWORD=ACCOUNTS["s1"])
    env.pop("LOA_DB", None)
    link = subprocess.Popen([LOA, "-v", "--db", t.db, "link", "--broker", broker.url(), "--station", "s1",
                             "--user", "s1"], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        for k, bid in enumerate(ids):
            audio = open(tone(t.path("b%d.wav" % bid), 1.0 + 0.25 * k, 300 + 37 * bid, rate=8000, channels=1),
                         "rb").read()
            p = subprocess.run(["mosquitto_pub", "-p", str(broker.port), "-u", "hub", "-P", ACCOUNTS["hub"],
                                "-t", "loa/s1/bulletin/%d" % bid, "-r", "-q", "1", "-s"],
                               input=message(bid, audio, BULLETINS[bid][6]), capture_output=True, timeout=10)
            assert p.returncode == 0, p.stderr

        def held():
            r = t.run_loa("bulletin", "list", "--format", "json", env={"LOA_CLOCK": "fixed:" + LINK_NOW})
            return r.rc == 0 and len(json.loads(r.out)) == len(ids)
        wait_for("the link to receive %d bulletins" % len(ids), held, 60)
    finally:
        link.send_signal(signal.SIGTERM)
        link.wait(10)
        log.close()
        broker.stop()


@unittest.skipIf(MISSING, "the bulletin tests need: %s" % ", ".join(MISSING))
class WebBulletinsTest(WebTest):
    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        receive_bulletins(t, sorted(BULLETINS))

    def bulletins(self):
        return {b["id"]: b for b in self.cli("bulletin", "list", "--format", "json").json()}

    def schedule(self, c, bid, body=None, **kw):
        return c.request("POST", "/api/v1/bulletins/%d/schedule" % bid, body if body is not None else {},
                         headers={"X-CSRF-Token": c.csrf}, **kw)

    def airings(self, title, day_from, day_to, status=False):
        """The planned starts of title's airings (with their status)."""
        rows = self.cli("agenda", "--from", day_from, "--to", day_to, "--format", "json").json()
        return [((a.get("nominal_start") or a["start"])[:16], a["status"]) if status
                else (a.get("nominal_start") or a["start"])[:16] for a in rows if a["title"] == title]

    def audit(self, action, obj):
        return [e for e in self.cli("audit", "--format", "json").json()
                if e["action"] == action and e["object"] == obj]

    def test_a_list_is_the_command_lines(self):
        c = self.client()
        r = c.get("/api/v1/bulletins")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.cli("bulletin", "list", "--format", "json").json())
        b = {x["id"]: x for x in r.json()}
        self.assertEqual(sorted(b), sorted(BULLETINS))
        self.assertEqual([x["id"] for x in r.json()], sorted(BULLETINS, reverse=True))
        self.assertEqual((b[41]["state"], b[41]["tier"], b[41]["topic"], b[41]["at"]),
                         ("received", "normal", "y tế", "06:00,17:00"))
        self.assertEqual((b[41]["received"], b[41]["from"], b[41]["until"]),
                         ("2024-03-01T07:00:00+07:00", "2024-03-01T00:00:00+07:00", "2024-03-09T00:00:00+07:00"))
        self.assertEqual(b[42]["title"], XSS_TITLE)
        self.assertIsNone(b[42]["topic"])
        self.assertEqual((b[43]["state"], b[43]["code"], b[43]["clip"]), ("refused", "hash_mismatch", None))
        self.assertEqual((b[47]["state"], b[47]["tier"]), ("scheduled", "priority"))
        for x in b.values():
            if x["state"] != "refused":
                self.assertIsInstance(x["clip"], int)
        # A viewer reads it too; without a session it is 401.
        self.assertEqual(self.client(user=VIEWER).get("/api/v1/bulletins").json(), r.json())
        self.assertEqual(Client(self.port).get("/api/v1/bulletins").status, 401)
        self.assertEqual(c.request("DELETE", "/api/v1/bulletins", headers={"X-CSRF-Token": c.csrf}).status, 405)

    def test_b_schedule_at_the_hubs_times_as_the_command_does(self):
        c = self.client()
        r = self.schedule(c, 41)
        self.assertEqual(r.status, 201, r)
        body = r.json()
        self.assertEqual(body["bulletin"], self.bulletins()[41])
        self.assertEqual(body["bulletin"]["state"], "scheduled")
        self.assertEqual(len(body["slots"]), 1)
        slot = body["slots"][0]
        self.assertEqual((slot["title"], slot["clip"], slot["tier"], slot["approval"]),
                         ("Thông báo lịch tiêm chủng", str(body["bulletin"]["clip"]), "normal", "approved"))
        self.assertEqual(self.cli("slot", "show", str(slot["id"]), "--format", "json").json()["rule"], slot["rule"])
        # At 06:00 and 17:00 from today (its period began before) through
        # Friday 8 March, the last day before its end.
        self.assertEqual(self.airings("Thông báo lịch tiêm chủng", "2024-03-01", "2024-03-12"),
                         ["2024-03-%02dT%s" % (d, h) for d in range(4, 9) for h in ("06:00", "17:00")])
        # Its twin scheduled by `loa bulletin schedule`: the same rule,
        # the same event but for its uid and title.
        twin = self.cli("bulletin", "schedule", "46")
        self.assertEqual(twin.rc, 0, twin)
        mine = [s for s in self.cli("slot", "list", "--format", "json").json()
                if s["title"] == "Thông báo lịch tiêm chủng (bản sao)"]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["rule"], slot["rule"])

        def event(sid):
            e = self.cli("slot", "show", str(sid), "--format", "json").json()["event"]
            return [x for x in e.splitlines() if not x.startswith(("UID", "SUMMARY", "DTSTAMP", "CREATED"))]
        self.assertEqual(event(mine[0]["id"]), event(slot["id"]))
        # Audited: the bulletin before and after, and the slot added.
        [e] = self.audit("bulletin.schedule", "41")
        self.assertEqual((e["user"], json.loads(e["before"])["state"], json.loads(e["after"])["state"]),
                         ("can.bo", "received", "scheduled"))
        self.assertEqual(json.loads(e["after"]), body["bulletin"])
        self.assertEqual(len(self.audit("slot.add", str(slot["id"]))), 1)
        # Again, as the command allows: more slots, the state unchanged.
        r = self.schedule(c, 41, {"at": "12h", "from": "6/3/2024", "until": "6/3/2024"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.airings("Thông báo lịch tiêm chủng", "2024-03-06", "2024-03-07"),
                         ["2024-03-06T06:00", "2024-03-06T12:00", "2024-03-06T17:00"])

    def test_c_the_officers_choices(self):
        c = self.client(lang="vi")
        # A time that does not exist: 422 naming the field, in Vietnamese;
        # nothing is written.
        r = self.schedule(c, 42, {"at": "25h"})
        self.assertEqual((r.status, r.json()["field"]), (422, "at"), r)
        self.assertIn("25h", r.json()["error"])
        self.assertEqual(self.bulletins()[42]["state"], "received")
        r = self.schedule(c, 42, {"at": "8h", "days": "t2-t6", "until": ""})
        self.assertEqual(r.status, 201, r)
        # From the day its period begins (Tuesday), through its last day
        # (Thursday 7 March), weekdays at 08:00.
        self.assertEqual(self.airings(XSS_TITLE, "2024-03-01", "2024-03-12"),
                         ["2024-03-0%dT08:00" % d for d in (5, 6, 7)])
        self.assertEqual(r.json()["slots"][0]["title"], XSS_TITLE)

    def test_d_refusals_as_the_command_refuses(self):
        c = self.client()
        r = self.schedule(c, 999)
        self.assertEqual(r.status, 404, r)
        self.assertIn("999", r.json()["error"])
        # Refused at its arrival, its audio never imported: it cannot air.
        r = self.schedule(c, 43)
        self.assertEqual(r.status, 409, r)
        self.assertIn("refused", r.json()["error"])
        self.assertIn("SHA-256", r.json()["error"])
        cli = self.cli("bulletin", "schedule", "43")
        self.assertEqual(cli.rc, 1, cli)
        # Its period is over.
        r = self.schedule(c, 45)
        self.assertEqual(r.status, 409, r)
        self.assertIn("period is over", r.json()["error"])
        self.assertEqual(self.cli("bulletin", "schedule", "45").rc, 1)
        # No time suggested and none chosen: 422 on "at", then with one.
        r = self.schedule(c, 44)
        self.assertEqual((r.status, r.json()["field"]), (422, "at"), r)
        self.assertEqual(self.cli("bulletin", "schedule", "44").rc, 2)
        # A key it does not take.
        r = self.schedule(c, 44, {"at": "9h", "tier": "emergency"})
        self.assertEqual((r.status, r.json()["field"]), (422, "tier"), r)
        self.assertEqual(self.bulletins()[44]["state"], "received")
        r = self.schedule(c, 44, {"at": "9h"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.bulletins()[44]["state"], "scheduled")
        # Only POST; and no such address below a bulletin.
        self.assertEqual(c.get("/api/v1/bulletins/44/schedule").status, 405)
        self.assertEqual(c.request("POST", "/api/v1/bulletins/44/play", {},
                                   headers={"X-CSRF-Token": c.csrf}).status, 404)
        self.assertFalse(self.audit("bulletin.schedule", "43") + self.audit("bulletin.schedule", "45"))

    def test_e_who_may_schedule(self):
        viewer = self.client(user=VIEWER)
        r = self.schedule(viewer, 48)
        self.assertEqual(r.status, 403, r)
        r = Client(self.port).request("POST", "/api/v1/bulletins/48/schedule", {})
        self.assertEqual(r.status, 401, r)
        c = self.client()
        r = c.request("POST", "/api/v1/bulletins/48/schedule", {}, headers={"X-CSRF-Token": "wrong"})
        self.assertEqual(r.status, 403, r)
        r = c.request("POST", "/api/v1/bulletins/48/schedule", {})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(self.bulletins()[48]["state"], "received")
        # Where the station requires approval, the officer's slots wait
        # for the leader, as any slot the officer adds; the leader's do not.
        self.cli("station", "--approval", "required")
        try:
            # No body at all: every default, as the command with no option.
            r = c.request("POST", "/api/v1/bulletins/48/schedule", headers={"X-CSRF-Token": c.csrf})
            self.assertEqual(r.status, 201, r)
            self.assertEqual(r.json()["slots"][0]["approval"], "pending")
            self.assertEqual(self.airings("Tin cần lãnh đạo duyệt", "2024-03-04", "2024-03-05", status=True),
                             [("2024-03-04T18:00", "pending")])
            r = self.schedule(self.client(user=LEADER), 48, {"at": "19h"})
            self.assertEqual(r.status, 201, r)
            self.assertEqual(r.json()["slots"][0]["approval"], "approved")
        finally:
            self.cli("station", "--approval", "off")


if __name__ == "__main__":
    main()
