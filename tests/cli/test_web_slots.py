"""The schedule in loa web's API (issue 21): every slot endpoint on a real
station, served by the real `loa web` process, against the command line.

GET /slots and /slots/ID are `loa slot list` and `loa slot show` (--format
json), compared parsed; a slot added by POST is read as `loa slot add`
reads its options ("6h", "t2-t7", "1/7/2026"), and the agenda it makes is
`loa agenda`'s, airing for airing. A skip takes out exactly one airing, a
move moves exactly one. Every change names the version it was made on: a
stale one is 409 with the slot as it is now. A wrong value is 422 naming
its field, in the request's language; a viewer may only read; every change
is in the audit trail with the slot's object before and after.
"""
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, SRC, main  # noqa: E402
from test_web_api import ApiChecks  # noqa: E402
from webtest import LEADER, NOW, PASSWORD, USER, VIEWER, Client, WebTest  # noqa: E402

# The commune's programme: 06:00 and 17:00, Monday to Saturday, this
# quarter (the console's clock is Monday 4 March 2024), except the Tết
# holiday of the Year of the Dragon, 8 to 14 February 2024.
TET = ["8/2/2024", "9/2/2024", "10/2/2024", "11/2/2024", "12/2/2024", "13/2/2024", "14/2/2024"]
PROGRAMME = {"at": "6h,17h", "days": "t2-t7", "from": "1/1/2024", "until": "31/3/2024", "except": ",".join(TET)}


class SlotsApiTest(ApiChecks, WebTest):

    # ---- helpers ----

    def write(self, c, method, path, body=None, headers=None, raw=None):
        h = {"X-CSRF-Token": c.csrf}
        h.update(headers or {})
        return c.request(method, path, body, headers=h, raw=raw)

    def add(self, c, body, status=201):
        r = self.write(c, "POST", "/api/v1/slots", body)
        self.assertEqual(r.status, status, r)
        return r.json()

    def new_slot(self, c=None, **over):
        """A slot of a test's own: 06:00 every day but Sunday, 4 to 9 March,
        airing the clip that stays valid. Its object."""
        body = {"clip": self.t.clips[1], "at": "06:00", "days": "mon-sat", "from": "4/3/2024",
                "until": "9/3/2024", "title": "Tin thử"}
        body.update(over)
        (slot,) = self.add(c or self.client(), body)
        return slot

    def show(self, sid, lang="en"):
        r = self.cli("slot", "show", str(sid), "--format", "json", lang=lang)
        self.assertEqual(r.rc, 0, r)
        return r.json()

    def agenda(self, frm, to, lang="en"):
        r = self.cli("agenda", "--from", frm, "--to", to, "--format", "json", lang=lang)
        self.assertEqual(r.rc, 0, r)
        return r.json()

    def audit_of(self, action, sid):
        return [e for e in self.audit(action) if e["object"] == str(sid)]

    @staticmethod
    def record(shown):
        """A slot as the audit trail keeps it: `slot show`'s object but its
        words and its next airing."""
        return {k: v for k, v in shown.items() if k not in ("rule", "next")}

    def refused_unread(self, path, length, c, ctype="text/calendar"):
        """Sends only the head of a request declaring a body of length
        bytes, as a client that has not sent the rest yet: the answer."""
        head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
                "Content-Type: %s\r\nContent-Length: %d\r\nAccept-Language: en\r\n\r\n"
                % (path, c.cookie, c.csrf, ctype, length))
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(head.encode() + b"BEGIN:VCALENDAR\r\n")
            data = b""
            while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < 2:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        status = int(data.split(b" ", 2)[1])
        return status, json.loads(data.split(b"\r\n\r\n", 1)[1].decode("utf-8"))

    def slot_count(self):
        return len(self.cli("slot", "list", "--format", "json").json())

    # ---- reading ----

    def test_list_and_show_equal_the_command_line(self):
        c = self.client()
        self.new_slot(c, title="Đọc thử")
        for lang in ("en", "vi"):
            with self.subTest(lang=lang):
                c = self.client(lang)
                r = c.get("/api/v1/slots")
                self.assertEqual(r.status, 200, r)
                self.assert_security_headers(r)
                cli = self.cli("slot", "list", "--format", "json", lang=lang)
                self.assertEqual(r.json(), cli.json())
                for row in r.json():
                    one = c.get("/api/v1/slots/%d" % row["id"])
                    self.assertEqual(one.status, 200, one)
                    self.assertEqual(one.json(), self.show(row["id"], lang))
                    self.assertEqual(one.headers["ETag"], '"%d"' % one.json()["version"])
                    self.assertEqual(one.json()["version"], row["version"])
        # The programme of the station's set-up: a playlist, its rule in words.
        first = c.get("/api/v1/slots/1").json()
        self.assertEqual(first["clip"], "Bản tin sáng")
        self.assertIn("thứ Hai", first["rule"])
        self.assert_error(c.get("/api/v1/slots/999"), 404, "id")
        self.assert_error(c.get("/api/v1/slots/1/other"), 404)
        r = self.write(c, "PUT", "/api/v1/slots/1")
        self.assert_error(r, 405)
        self.assertEqual(r.headers["Allow"], "GET, HEAD, PATCH, DELETE")
        self.assertEqual(self.write(c, "GET", "/api/v1/slots/1/skip").status, 405)

    def test_version_counts_every_change_of_the_command_line(self):
        c = self.client()
        slot = self.new_slot(c, title="Đếm")
        self.assertEqual(slot["version"], 1)
        self.cli("slot", "edit", str(slot["id"]), "--title", "Đếm lại")
        self.cli("slot", "disable", str(slot["id"]))
        self.cli("slot", "enable", str(slot["id"]))
        self.assertEqual(self.show(slot["id"])["version"], 4)
        self.assertEqual(c.get("/api/v1/slots/%d" % slot["id"]).json()["version"], 4)
        # CSV carries it too, as the last column; the table leaves it out.
        rows = self.cli("slot", "list", "--format", "csv").csv()
        self.assertEqual(list(rows[0])[-1], "version")
        self.assertNotIn("version", self.cli("slot", "list", "--format", "table").out.splitlines()[0])

    # ---- adding ----

    def test_the_communes_programme_airs_as_loa_agenda_says(self):
        c = self.client("vi")
        slots = self.add(c, dict(PROGRAMME, clip=self.t.clips[1], title="Chương trình của xã"))
        # 06:00 and 17:00 share their minute: one event, as `loa slot add` makes.
        self.assertEqual(len(slots), 1)
        (slot,) = slots
        self.assertEqual(slot, self.show(slot["id"], "vi"))
        for words in ("06:00 và 17:00", "thứ Hai", "thứ Bảy", "01/01", "31/03/2024", "trừ 7 ngày"):
            self.assertIn(words, slot["rule"])
        self.assertIn("EXDATE;TZID=Asia/Ho_Chi_Minh:20240210T060000", slot["event"])
        # The week view of Tết and of the first week of March: the console's
        # agenda is the command line's, airing for airing.
        for frm, to in (("5/2/2024", "12/2/2024"), ("4/3/2024", "11/3/2024")):
            with self.subTest(week=frm):
                r = c.get("/api/v1/agenda?from=%s&to=%s" % (frm, to))
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json(), self.agenda(frm, to, "vi"))
        tet = [a for a in c.get("/api/v1/agenda?from=5/2/2024&to=12/2/2024").json() if a["slot"] == slot["id"]]
        self.assertEqual([a["nominal_start"][:16] for a in tet],
                         ["2024-02-05T06:00", "2024-02-05T17:00", "2024-02-06T06:00", "2024-02-06T17:00",
                          "2024-02-07T06:00", "2024-02-07T17:00"])
        march = [a for a in c.get("/api/v1/agenda?from=4/3/2024&to=11/3/2024").json() if a["slot"] == slot["id"]]
        self.assertEqual(len(march), 12)
        # Slot 1 (the station's morning playlist) airs first at 06:00: the
        # new one follows it, as overlaps are resolved.
        self.assertEqual(march[0]["status"], "delayed")
        # Audited: nothing before, the slot's object after.
        (entry,) = self.audit_of("slot.add", slot["id"])
        self.assertEqual((entry["user"], entry["addr"], entry["before"]), ("can.bo", "127.0.0.1", None))
        self.assertEqual(json.loads(entry["after"]), self.record(self.show(slot["id"], "en")))

    def test_times_that_do_not_share_their_minute_are_two_slots(self):
        c = self.client()
        r = self.write(c, "POST", "/api/v1/slots", {"playlist": " bản tin SÁNG ", "at": "06:00,17:30",
                                                  "from": "2024-03-04", "until": "2024-03-05", "tier": "priority"})
        self.assertEqual(r.status, 201, r)
        slots = r.json()
        self.assertEqual(len(slots), 2)
        self.assertEqual(r.headers["Location"], "/api/v1/slots/%d" % slots[0]["id"])
        for s in slots:
            self.assertEqual(s, self.show(s["id"]))
            self.assertEqual((s["clip"], s["title"], s["tier"], s["version"]), ("Bản tin sáng", "Bản tin sáng",
                                                                                 "priority", 1))
        self.assertEqual([s["rule"][:5] for s in slots], ["06:00", "17:30"])
        self.assertEqual(len(self.audit_of("slot.add", slots[1]["id"])), 1)

    def test_one_start_with_a_rule(self):
        c = self.client()
        # A form's fields: the clip as text, an empty playlist and days (not chosen).
        (s,) = self.add(c, {"clip": str(self.t.clips[1]), "playlist": "", "start": "5/3/2024 7h15",
                            "rrule": "FREQ=WEEKLY;COUNT=3", "exdate": "12/3/2024", "days": "", "tier": "khẩn cấp"})
        self.assertEqual(s, self.show(s["id"]))
        self.assertEqual(s["tier"], "emergency")
        self.assertIn("EXDATE;TZID=Asia/Ho_Chi_Minh:20240312T071500", s["event"])
        rows = [a for a in self.agenda("1/3/2024", "1/4/2024") if a["slot"] == s["id"]]
        self.assertEqual([a["nominal_start"] for a in rows], ["2024-03-05T07:15:00+07:00", "2024-03-19T07:15:00+07:00"])

    def test_a_dry_run_shows_what_saving_makes_and_saves_nothing(self):
        c = self.client("vi")
        body = {"clip": self.t.clips[1], "at": "6h30,18h", "days": "t2,t4,t6", "from": "4/3/2024",
                "until": "15/3/2024"}
        n, audits = self.slot_count(), len(self.audit("slot.add"))
        r = self.write(c, "POST", "/api/v1/slots?dry_run=1&from=4/3/2024&to=11/3/2024", body)
        self.assertEqual(r.status, 200, r)
        dry = r.json()
        self.assertEqual(set(dry), {"slots", "airings", "notes"})
        self.assertEqual(len(dry["slots"]), 2)
        self.assertEqual([s["id"] for s in dry["slots"]], [None, None])
        self.assertIn("'4/3/2024' được hiểu là ngày 4 tháng 3 năm 2024", dry["notes"])
        self.assertEqual(len(dry["airings"]), 6)  # Mon, Wed, Fri of one week, twice a day
        self.assertEqual(self.slot_count(), n)
        self.assertEqual(len(self.audit("slot.add")), audits)
        # Saved, the very slots and airings.
        saved = self.add(c, body)
        for would, real in zip(dry["slots"], saved):
            self.assertEqual(dict(would, id=real["id"], uid=real["uid"], event=real["event"]), real)
            self.assertEqual(would["event"].replace(would["uid"], real["uid"]), real["event"])
        ids = {s["id"] for s in saved}
        real = [dict(a, slot=None) for a in c.get("/api/v1/agenda?from=4/3/2024&to=11/3/2024").json()
                if a["slot"] in ids]
        self.assertEqual(dry["airings"], real)
        # Without a window: the week from the console's clock. A bad value
        # is refused as a real POST would be, and a bad window named.
        r = self.write(c, "POST", "/api/v1/slots?dry_run=1", body)
        self.assertEqual(len(r.json()["airings"]), 6)
        self.assert_error(self.write(c, "POST", "/api/v1/slots?dry_run=1", dict(body, days="t9")), 422, "days")
        self.assert_error(self.write(c, "POST", "/api/v1/slots?dry_run=1&to=32/3/2024", body), 400, "to")

    def test_refused_values_name_their_field(self):
        c, vi = self.client(), self.client("vi")
        clip = self.t.clips[1]
        base = {"clip": clip, "at": "6h"}
        cases = [
            ({"clip": clip, "at": "25h"}, "at"),
            (dict(base, days="t8"), "days"),
            (dict(base, **{"from": "31/02/2024"}), "from"),
            (dict(base, **{"from": "5/3/2024", "until": "4/3/2024"}), "until"),
            (dict(base, except_="32/1/2024"), "except"),
            ({"clip": clip, "start": "hôm qua"}, "start"),
            ({"clip": clip, "start": "5/3/2024 6h", "rrule": "FREQ=SECONDLY"}, "rrule"),
            ({"clip": clip, "start": "5/3/2024 6h", "exdate": "5/13/2024"}, "exdate"),
            (dict(base, tier="gấp"), "tier"),
            (dict(base, clip=9999), "clip"),
            (dict(base, clip="một"), "clip"),
            ({"playlist": "Không có", "at": "6h"}, "playlist"),
            (dict(base, title="hai\ndòng"), "title"),
            (dict(base, title=5), "title"),
            (dict(base, tire="priority"), "tire"),
            (dict(base, playlist="Bản tin sáng"), "playlist"),
            ({"at": "6h"}, "clip"),
            (dict(base, start="5/3/2024 6h"), "start"),
            ({"clip": clip}, "at"),
            (dict(base, rrule="FREQ=DAILY"), "rrule"),
            ({"clip": clip, "start": "5/3/2024 6h", "days": "t2"}, "days"),
        ]
        n = self.slot_count()
        for body, field in cases:
            body = {k.rstrip("_"): v for k, v in body.items()}
            with self.subTest(field=field, body=body):
                en = self.assert_error(self.write(c, "POST", "/api/v1/slots", body), 422, field)
                v = self.assert_error(self.write(vi, "POST", "/api/v1/slots", body), 422, field)
                self.assertNotEqual(en["error"], v["error"])
        self.assertEqual(self.slot_count(), n)
        # The words of the command line: the same reading of the same value.
        e = self.assert_error(self.write(vi, "POST", "/api/v1/slots", dict(base, **{"from": "31/02/2024"})), 422,
                              "from")
        self.assertIn("31/02/2024", e["error"])
        self.assertIn("29", e["error"])  # February 2024 has 29 days
        self.assertIn("1/7/2026", e["hint"])
        self.assert_error(self.write(c, "POST", "/api/v1/slots", raw=b"clip=1&at=6h"), 400)
        self.assert_error(self.write(c, "POST", "/api/v1/slots", raw=b'{"clip": {"id": 1}}'), 400)

    # ---- changing one slot ----

    def test_patch_changes_as_slot_edit_and_is_audited(self):
        c, vi = self.client(), self.client("vi")
        s = self.new_slot(c, title="Sửa thử")
        path = "/api/v1/slots/%d" % s["id"]
        r = self.write(vi, "PATCH", path, {"version": 1, "title": "Đã sửa", "tier": "ưu tiên", "enabled": False})
        self.assertEqual(r.status, 200, r)
        after = r.json()
        self.assertEqual(after, self.show(s["id"], "vi"))
        self.assertEqual((after["title"], after["tier"], after["enabled"], after["version"]),
                         ("Đã sửa", "priority", False, 2))
        self.assertEqual(r.headers["ETag"], '"2"')
        self.assertIn("SUMMARY:Đã sửa", after["event"])
        (entry,) = self.audit_of("slot.edit", s["id"])
        self.assertEqual(json.loads(entry["before"]), dict(self.record(s)))
        self.assertEqual(json.loads(entry["after"]), self.record(self.show(s["id"])))
        # The version by If-Match, as GET gave it as the ETag; a playlist.
        r = self.write(c, "PATCH", path, {"playlist": "Bản tin sáng", "enabled": True}, headers={"If-Match": '"2"'})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["clip"], r.json()["enabled"]), ("Bản tin sáng", True))
        # No clip (null), then a clip again; a rule.
        r = self.write(c, "PATCH", path, {"version": 3, "clip": None})
        self.assertEqual(r.json()["clip"], "")
        r = self.write(c, "PATCH", path, {"version": 4, "clip": self.t.clips[1], "rrule": "FREQ=WEEKLY;BYDAY=TU"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.show(s["id"]))
        self.assertEqual(r.json()["clip"], str(self.t.clips[1]))
        self.assertIn("RRULE:FREQ=WEEKLY;BYDAY=TU", r.json()["event"])
        # Refusals name their field and change nothing.
        for body, field, status in (({"version": 5, "rrule": "FREQ=SECONDLY"}, "rrule", 422),
                                    ({"version": 5, "tier": "gấp"}, "tier", 422),
                                    ({"version": 5, "title": ""}, "title", 422),
                                    ({"version": 5, "enabled": "có"}, "enabled", 422),
                                    ({"version": 5, "clip": 9999}, "clip", 422),
                                    ({"version": 5, "clip": 1, "playlist": "Bản tin sáng"}, "playlist", 422),
                                    ({"version": 5, "at": "7h"}, "at", 422),
                                    ({"version": 5, "version2": 1}, "version2", 422),
                                    ({"title": "Không phiên bản"}, "version", 428),
                                    ({"version": "năm", "title": "x"}, "version", 422)):
            with self.subTest(body=body):
                self.assert_error(self.write(c, "PATCH", path, body), status, field)
        self.assert_error(self.write(c, "PATCH", path, {"version": 5}), 400)
        self.assert_error(self.write(c, "PATCH", path, {"title": "x"}, headers={"If-Match": "*"}), 422, "version")
        self.assertEqual(self.show(s["id"])["version"], 5)
        self.assert_error(self.write(c, "PATCH", "/api/v1/slots/9999", {"version": 1, "title": "x"}), 404, "id")

    def test_a_stale_version_is_409_with_the_slot_as_it_is(self):
        c, leader = self.client(), self.client(user=LEADER)
        s = self.new_slot(c, title="Hai người sửa")
        path = "/api/v1/slots/%d" % s["id"]
        # The command line changes it (no account: the trail does not say who).
        self.cli("slot", "edit", str(s["id"]), "--title", "Sửa ở máy")
        r = self.write(c, "PATCH", path, {"version": 1, "title": "Sửa ở trang"})
        e = r.json()
        self.assertEqual(r.status, 409, r)
        self.assertEqual(set(e), {"error", "hint", "field", "slot"})
        self.assertEqual(e["field"], "version")
        # Who is not known: the trail's last entry (the addition) made version 1.
        self.assertIn("someone else changed slot %d after you read it, at 2024-03-04T05:00:00+07:00" % s["id"],
                      e["error"])
        self.assertIn("version 2", e["error"])
        self.assertEqual(e["slot"], self.show(s["id"]))
        self.assertEqual(r.headers["ETag"], '"2"')
        # The leader changes it in the console: the trail names them, in
        # the officer's language.
        self.assertEqual(self.write(leader, "PATCH", path, {"version": 2, "tier": "priority"}).status, 200)
        vi = self.client("vi")
        for method, sub, body in (("PATCH", "", {"version": 2, "title": "Muộn"}), ("DELETE", "", {"version": 2}),
                                  ("POST", "/skip", {"version": 2, "start": "2024-03-05T06:00:00+07:00"}),
                                  ("POST", "/move", {"version": 2, "start": "2024-03-05T06:00:00+07:00",
                                                     "to": "5/3/2024 7h"})):
            with self.subTest(method=method, sub=sub):
                r = self.write(vi, method, path + sub, body)
                self.assertEqual(r.status, 409, r)
                self.assertIn(LEADER, r.json()["error"])
                self.assertIn("người khác", r.json()["error"])
                self.assertEqual(r.json()["slot"]["version"], 3)
        now = self.show(s["id"])
        self.assertEqual((now["title"], now["tier"], now["version"]), ("Sửa ở máy", "priority", 3))
        self.assertEqual(len(self.audit_of("slot.edit", s["id"])), 1)
        # The officer's own change from another page is told as such.
        self.assertEqual(self.write(c, "PATCH", path, {"version": 3, "title": "Trang một"}).status, 200)
        r = self.write(c, "PATCH", path, {"version": 3, "title": "Trang hai"})
        self.assertEqual(r.status, 409, r)
        self.assertIn("by you (can.bo) in another page", r.json()["error"])
        self.assertEqual(self.show(s["id"])["title"], "Trang một")

    def test_delete_needs_the_version_and_is_audited(self):
        c = self.client()
        s = self.new_slot(c, title="Xóa thử")
        path = "/api/v1/slots/%d" % s["id"]
        self.assert_error(self.write(c, "DELETE", path), 428, "version")
        r = self.write(c, "DELETE", path, headers={"If-Match": '"1"'})
        self.assertEqual(r.status, 204, r)
        self.assert_error(c.get(path), 404, "id")
        self.assert_error(self.write(c, "DELETE", path, {"version": 1}), 404, "id")
        (entry,) = self.audit_of("slot.rm", s["id"])
        self.assertEqual((json.loads(entry["before"])["title"], entry["after"]), ("Xóa thử", None))

    def test_skip_leaves_out_exactly_one_airing(self):
        c = self.client()
        s = self.new_slot(c, title="Bỏ một lượt")
        path = "/api/v1/slots/%d" % s["id"]
        mine = lambda: [a for a in self.agenda("4/3/2024", "11/3/2024") if a["slot"] == s["id"]]  # noqa: E731
        before = mine()
        self.assertEqual(len(before), 6)
        wed = before[2]["nominal_start"]
        r = self.write(c, "POST", path + "/skip", {"version": 1, "start": wed})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.show(s["id"]))
        self.assertEqual(r.json()["version"], 2)
        self.assertIn("EXDATE;TZID=Asia/Ho_Chi_Minh:20240306T060000", r.json()["event"])
        self.assertEqual(mine(), before[:2] + before[3:])
        self.assertEqual(c.get("/api/v1/agenda?from=4/3/2024&to=11/3/2024").json(),
                         self.agenda("4/3/2024", "11/3/2024"))
        (entry,) = self.audit_of("slot.skip", s["id"])
        self.assertNotIn("EXDATE", json.loads(entry["before"])["event"])
        self.assertIn("EXDATE", json.loads(entry["after"])["event"])
        # Not an airing (that one is gone; 06:30 never was): 422 naming start.
        for start in (wed, "6/3/2024 6h30"):
            with self.subTest(start=start):
                e = self.assert_error(self.write(c, "POST", path + "/skip", {"version": 2, "start": start}), 422,
                                      "start")
                self.assertIn("slot %d has no airing that starts at 2024-03-06T06:" % s["id"], e["error"])
        # A day alone names no airing.
        e = self.assert_error(self.write(c, "POST", path + "/skip", {"version": 2, "start": "7/3/2024"}), 422, "start")
        self.assertIn("time of day", e["error"])
        self.assert_error(self.write(c, "POST", path + "/skip", {"version": 2}), 422, "start")
        self.assert_error(self.write(c, "POST", path + "/skip", {"version": 2, "start": wed, "to": wed}), 422, "to")
        self.assertEqual(self.show(s["id"])["version"], 2)

    def test_move_moves_exactly_one_airing(self):
        c = self.client("vi")
        s = self.new_slot(c, title="Dời một lượt")
        path = "/api/v1/slots/%d" % s["id"]
        mine = lambda: [a for a in self.agenda("4/3/2024", "11/3/2024") if a["slot"] == s["id"]]  # noqa: E731
        before = mine()
        thu = before[3]["nominal_start"]
        r = self.write(c, "POST", path + "/move", {"version": 1, "start": thu, "to": "7/3/2024 8h30"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.show(s["id"], "vi"))
        self.assertIn("RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20240307T060000", r.json()["event"])
        after = mine()
        self.assertEqual([a["nominal_start"] for a in after],
                         [a["nominal_start"] for a in before[:3]] + ["2024-03-07T08:30:00+07:00"] +
                         [a["nominal_start"] for a in before[4:]])
        self.assertEqual(after[:3] + after[4:], before[:3] + before[4:])
        # Moved again by where it airs now: still one override.
        r = self.write(c, "POST", path + "/move", {"version": 2, "start": "2024-03-07T08:30:00+07:00",
                                                   "to": "2024-03-07T09:00:00+07:00"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["event"].count("RECURRENCE-ID"), 1)
        self.assertEqual(len(mine()), 6)
        # Onto another of its airings, or where it is: 422 naming "to".
        e = self.assert_error(self.write(c, "POST", path + "/move", {"version": 3, "start": before[0]["nominal_start"],
                                                                     "to": before[1]["nominal_start"]}), 422, "to")
        self.assertIn("05/03/2024 06:00", e["error"])
        self.assert_error(self.write(c, "POST", path + "/move", {"version": 3, "start": before[0]["nominal_start"]}),
                          422, "to")
        self.assert_error(self.write(c, "POST", path + "/move", {"version": 3, "start": "4/3/2024 7h",
                                                                 "to": "4/3/2024 8h"}), 422, "start")
        self.assertEqual(len(self.audit_of("slot.move", s["id"])), 2)
        self.assertEqual(self.show(s["id"])["version"], 3)
        # `loa audit` says what was done in the officer's words.
        self.assertIn("dời một lượt phát", self.cli("audit", "--format", "table", lang="vi").out)

    # ---- who may ----

    def test_a_viewer_reads_only_and_every_change_needs_the_token(self):
        s = self.new_slot(title="Quyền")
        sid = s["id"]
        calls = [("POST", "/api/v1/slots", {"clip": 1, "at": "6h"}),
                 ("PATCH", "/api/v1/slots/%d" % sid, {"version": 1}),
                 ("DELETE", "/api/v1/slots/%d" % sid, {"version": 1}),
                 ("POST", "/api/v1/slots/%d/skip" % sid, {"version": 1}),
                 ("POST", "/api/v1/slots/%d/move" % sid, {"version": 1}), ("POST", "/api/v1/slots/import", None)]
        viewer, officer = self.client(user=VIEWER), self.client()
        self.assertEqual(viewer.get("/api/v1/slots").status, 200)
        self.assertEqual(viewer.get("/api/v1/slots/%d" % sid).status, 200)
        self.assertEqual(viewer.get("/api/v1/slots/export").status, 200)
        for method, path, body in calls:
            with self.subTest(method=method, path=path):
                self.assert_error(Client(self.port).request(method, path, body), 401)
                e = self.assert_error(self.write(viewer, method, path, body), 403)
                self.assertIn("viewer", e["error"])
                self.assert_error(officer.request(method, path, body), 403)
                self.assert_error(officer.request(method, path, body, headers={"X-CSRF-Token": "z" * 43}), 403)
        self.assert_error(Client(self.port).get("/api/v1/slots"), 401)
        self.assertEqual(self.show(sid)["version"], 1)
        # A leader may.
        r = self.write(self.client(user=LEADER), "PATCH", "/api/v1/slots/%d" % sid,
                       {"version": 1, "title": "Lãnh đạo"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.audit_of("slot.edit", sid)[-1]["user"], LEADER)

    # ---- calendars ----

    def test_the_change_token_moves_only_with_a_change(self):
        c, v = self.client(), self.client(user=VIEWER)  # a login is a change (its session, its audit entry)
        token = lambda: c.get("/api/v1/changes").json()["changes"]  # noqa: E731
        t0 = token()
        # Reading moves nothing: not the agenda (whose cache it writes),
        # not the session's time of last request, not a second look.
        for path in ("/api/v1/agenda?from=2024-03-04&to=2024-04-01", "/api/v1/slots", "/api/v1/holidays",
                     "/api/v1/status"):
            self.assertEqual(c.get(path).status, 200)
        self.assertEqual(v.get("/api/v1/changes").json()["changes"], token())
        self.assertEqual(token(), t0)
        # Nor does what is undone: a dry run (the page's preview), a refused change.
        r = self.write(c, "POST", "/api/v1/slots?dry_run=1&from=2024-03-04&to=2024-03-11",
                       {"clip": self.t.clips[1], "at": "06:00", "from": "4/3/2024", "until": "9/3/2024"})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json()["airings"])
        self.assertEqual(self.write(c, "POST", "/api/v1/holidays", {"from": "2/1/2025", "to": "1/1/2025"}).status,
                         422)
        self.assertEqual(token(), t0)
        # A change by the command line (another connection) moves it...
        self.cli("slot", "blackout", "add", "2024-12-24", "--title", "Thử")
        t1 = token()
        self.assertNotEqual(t1, t0)
        self.assertEqual(token(), t1)
        # ...and so does one through this console.
        r = self.write(c, "DELETE", "/api/v1/holidays/2024-12-24")
        self.assertEqual(r.status, 204, r)
        self.assertNotEqual(token(), t1)
        self.assertEqual(Client(self.port).get("/api/v1/changes").status, 401)

    def test_export_is_slot_export(self):
        r = self.client().get("/api/v1/slots/export")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(r.headers["Content-Disposition"], 'attachment; filename="lich-phat.ics"')
        # Byte for byte what the command writes (CRLF lines, RFC 5545).
        env = dict(os.environ, LOA_CLOCK="fixed:" + NOW)
        cli = subprocess.run([LOA, "--db", self.db, "slot", "export"], capture_output=True, env=env, check=True)
        self.assertEqual(r.body, cli.stdout)
        self.assertIn("X-LOA-PLAYLIST:Bản tin sáng\r\n".encode(), r.body)

    def import_ics(self, c, data, name="lich.ics", ctype="text/calendar; charset=utf-8", query=""):
        return self.write(c, "POST", "/api/v1/slots/import?name=%s%s" % (name, query), raw=data,
                          headers={"Content-Type": ctype})

    def test_import_reports_and_audits_each_slot(self):
        c = self.client()
        with open(os.path.join(SRC, "tests", "ics", "google.ics"), "rb") as f:
            data = f.read()
        r = self.import_ics(c, data, name="google.ics")
        self.assertEqual(r.status, 200, r)
        rep = r.json()
        self.assertEqual(set(rep), {"file", "added", "updated", "noclip", "blackout_days", "cancelled", "slots",
                                    "notes"})
        self.assertEqual(rep["file"], "google.ics")
        self.assertEqual(rep["updated"], [])
        self.assertGreaterEqual(len(rep["added"]), 2)
        self.assertEqual([s["id"] for s in rep["slots"]], rep["added"])
        for s in rep["slots"]:
            self.assertEqual(s, self.show(s["id"]))
            self.assertEqual(s["source"], "google.ics")
        self.assertEqual(rep["noclip"], [s["id"] for s in rep["slots"] if s["clip"] == ""])
        self.assertTrue(rep["noclip"])
        # "Thông báo tiêm chủng" is a clip's title: that event gets the clip.
        self.assertIn(str(self.t.clips[0]), [s["clip"] for s in rep["slots"]])
        for s in rep["slots"]:
            (entry,) = self.audit_of("slot.import", s["id"])
            self.assertEqual((entry["before"], json.loads(entry["after"])), (None, self.record(s)))
        self.assertFalse([n for n in rep["notes"] if "/tmp" in n], rep["notes"])
        # Again: the same UIDs update their slots, each a version more.
        again = self.import_ics(c, data, name="google.ics").json()
        self.assertEqual((again["added"], again["updated"]), ([], rep["added"]))
        self.assertEqual([s["version"] for s in again["slots"]], [2] * len(rep["added"]))
        entry = self.audit_of("slot.import", rep["added"][0])[-1]
        self.assertEqual(json.loads(entry["before"]), self.record(rep["slots"][0]))
        self.assertEqual(json.loads(entry["after"]), self.record(again["slots"][0]))

    def test_import_refusals_change_nothing(self):
        c = self.client("vi")
        n = self.slot_count()
        bad = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@y\r\nDTSTART:20240230T060000\r\n"
               b"END:VEVENT\r\nEND:VCALENDAR\r\n")
        e = self.assert_error(self.import_ics(c, bad, name="hong.ics"), 422)
        self.assertIn("hong.ics", e["error"])
        self.assertNotIn("/tmp", e["error"] + (e["hint"] or ""))
        self.assert_error(self.import_ics(c, b"", name="rong.ics"), 422, "file")
        self.assert_error(self.import_ics(c, b"BEGIN:VCALENDAR", ctype="application/json"), 415)
        # Larger than JSON's 64 KiB is fine for a calendar; larger than a
        # calendar may be (4 MiB), refused before it is read.
        events = "".join("BEGIN:VEVENT\r\nUID:big-%d@test\r\nDTSTAMP:20240101T000000Z\r\n"
                         "DTSTART;TZID=Asia/Ho_Chi_Minh:20240401T%02d%02d00\r\nSUMMARY:Tin %d\r\n"
                         "DESCRIPTION:%s\r\nEND:VEVENT\r\n" % (i, 6 + i // 60, i % 60, i, "x" * 60)
                         for i in range(600))
        big = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + events + "END:VCALENDAR\r\n").encode()
        self.assertGreater(len(big), 64 * 1024)
        r = self.import_ics(c, big, name="lon.ics")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json()["added"]), 600)
        self.assertEqual(self.slot_count(), n + 600)
        status, e = self.refused_unread("/api/v1/slots/import", 4 * 1024 * 1024 + 1, c)
        self.assertEqual(status, 413, e)
        self.assertIn("4096 KiB", e["error"])
        # A viewer is refused before the body is read; JSON's limit stays
        # for every other address.
        status, e = self.refused_unread("/api/v1/slots/import", 5 * 1024 * 1024, self.client(user=VIEWER))
        self.assertEqual(status, 403, e)
        status, e = self.refused_unread("/api/v1/slots", 65 * 1024, c, ctype="application/json")
        self.assertEqual((status, e["field"]), (413, None))
        for sid in r.json()["added"]:
            self.cli("slot", "rm", str(sid))


class UpgradeTest(WebTest):
    """A station of loa 0.1.0 (tests/fixtures/station-v5) gains the version
    column: every slot at version 1, counted on from there."""

    @classmethod
    def build_station(cls, t):
        shutil.rmtree(os.path.dirname(t.db))
        shutil.copytree(os.path.join(SRC, "tests", "fixtures", "station-v5"), os.path.dirname(t.db))
        t.loa("user", "add", USER, "--role", "officer", input=PASSWORD + "\n")

    def test_old_slots_start_at_version_1(self):
        con = sqlite3.connect(self.db)
        self.assertGreaterEqual(con.execute("PRAGMA user_version").fetchone()[0], 11)
        con.close()
        slots = self.client().get("/api/v1/slots").json()
        self.assertEqual(slots, self.cli("slot", "list", "--format", "json").json())
        self.assertTrue(slots)
        self.assertEqual({s["version"] for s in slots}, {1})
        r = Client(self.port)
        r.login()
        r = r.request("PATCH", "/api/v1/slots/%d" % slots[0]["id"], {"version": 1, "tier": "priority"},
                      headers={"X-CSRF-Token": r.csrf})
        self.assertEqual((r.status, r.json()["version"]), (200, 2), r)


if __name__ == "__main__":
    main()
