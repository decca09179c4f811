"""loa slot add/edit and the agenda with real clips.

Usage errors are checked on any build. The tests that air clips make real
audio with sox and add it with `loa clip add` (the clip library); they are

"""
import datetime as dt
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, StationTest, main, tone  # noqa: E402



class SlotUsageTest(StationTest):
    def test_until_before_from(self):
        r = self.loa("slot", "add", "--clip", "1", "--at", "06:00", "--from", "2024-03-31", "--until",
                     "2024-03-01", expect=2)
        self.assertIn("--until (2024-03-01) is before --from (2024-03-31)", r.err)

    def test_time_that_does_not_parse(self):
        r = self.loa("slot", "add", "--clip", "1", "--at", "06:00,25:00", expect=2)
        self.assertIn("'25:00'", r.err)
        r = self.loa("slot", "add", "--clip", "1", "--start", "2024-02-30T06:00", expect=2)
        self.assertIn("'2024-02-30T06:00'", r.err)
        r = self.loa("slot", "add", "--clip", "1", "--at", "06:00", "--days", "mon-xyz", expect=2)
        self.assertIn("'mon-xyz'", r.err)
        r = self.loa("slot", "add", "--clip", "1", "--at", "06:00", "--except", "2024-13-01", expect=2)
        self.assertIn("'2024-13-01'", r.err)

    def test_bad_rrule(self):
        r = self.loa("slot", "add", "--clip", "1", "--start", "2024-03-01T06:00", "--rrule", "FREQ=SOMETIMES",
                     expect=2)
        self.assertIn("not a valid recurrence rule: 'FREQ=SOMETIMES'", r.err)

    def test_what_and_when_required(self):
        self.assertIn("--clip ID or --playlist NAME", self.loa("slot", "add", "--at", "06:00", expect=2).err)
        self.assertIn("either --at", self.loa("slot", "add", "--clip", "1", expect=2).err)
        self.assertIn("--tier must be", self.loa("slot", "add", "--clip", "1", "--at", "06:00", "--tier", "vip",
                                                 expect=2).err)

    def test_unknown_slot(self):
        r = self.loa("slot", "show", "42", expect=1)
        self.assertIn("no slot numbered 42", r.err)
        self.assertIn("'loa slot list'", r.err)
        self.assertIn("by its number", self.loa("slot", "edit", "x", "--tier", "normal", expect=2).err)

    def test_help_has_examples(self):
        for cmd in (["slot", "add"], ["slot", "list"], ["slot", "show"], ["slot", "rm"], ["slot", "enable"],
                    ["slot", "disable"], ["slot", "edit"], ["slot", "import"], ["slot", "export"], ["agenda"]):
            r = self.loa(*cmd, "--help")
            self.assertIn("Example", r.out, cmd)


class SlotWithClipsTest(StationTest):
    def add_clip(self, name, seconds, title=None, *extra):
        path = tone(self.path(name), seconds=seconds)
        args = ["clip", "add", path] + (["--title", title] if title else []) + list(extra)
        self.loa(*args)
        return int(self.loa("clip", "list", "--format", "csv").csv()[-1]["id"])

    def test_add_plain_options(self):
        clip = self.add_clip("ban-tin.wav", 2.0, "Bản tin sáng")
        r = self.loa("slot", "add", "--clip", clip, "--at", "06:00,17:00", "--days", "mon-sat", "--from",
                     "2024-01-01", "--until", "2024-03-31", "--except", "2024-02-08,2024-02-09")
        self.assertIn("every day at 06:00 and 17:00, Monday to Saturday, until 31/03/2024", r.out)
        show = self.loa("slot", "show", "1", "--format", "json").json()
        self.assertEqual(show["title"], "Bản tin sáng")
        rows = self.loa("agenda", "--from", "2024-01-01", "--to", "2024-04-01", "--format", "csv").csv()
        days = [dt.date(2024, 1, 1) + dt.timedelta(d) for d in range(91)]
        want = [d for d in days if d.weekday() < 6 and d not in (dt.date(2024, 2, 8), dt.date(2024, 2, 9))]
        self.assertEqual(len(rows), 2 * len(want))
        self.assertEqual(rows[0]["start"], "2024-01-01T06:00:00+07:00")
        self.assertEqual(rows[0]["end"], "2024-01-01T06:00:02+07:00")  # start + the clip's length
        self.assertEqual(rows[0]["clip"], str(clip))
        self.assertEqual(rows[-1]["start"], "2024-03-30T17:00:00+07:00")
        self.assertNotIn("2024-02-08T06:00:00+07:00", [x["start"] for x in rows])

    def test_overlap_resolution(self):
        clip = self.add_clip("a.wav", 3.0)
        self.loa("slot", "add", "--clip", clip, "--start", "2024-03-01T06:00", "--title", "thường")
        self.loa("slot", "add", "--clip", clip, "--start", "2024-03-01T06:00:01", "--tier", "emergency",
                 "--title", "khẩn cấp")
        rows = self.loa("agenda", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "json").json()
        self.assertEqual([(r["slot"], r["status"], r["start"]) for r in rows],
                         [(2, "plays", "2024-03-01T06:00:01+07:00"), (1, "delayed", "2024-03-01T06:00:04+07:00")])
        csv = self.loa("agenda", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "csv")
        self.assertEqual(csv.out.splitlines()[0], "start,end,slot,tier,clip,title")
        r = self.loa("agenda", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "json",
                     "--max-lateness", "2")
        # 3 s late is more than 2 s: skipped (listed at its nominal start, first).
        self.assertEqual([(x["slot"], x["status"]) for x in r.json()], [(1, "skipped"), (2, "plays")])
        self.assertIn("maximum lateness", r.json()[0]["note"])

    def test_clip_validity_and_removal(self):
        clip = self.add_clip("b.wav", 1.0, None, "--valid-until", "2024-03-02")
        self.loa("slot", "add", "--clip", clip, "--at", "06:00", "--from", "2024-03-01", "--until", "2024-03-04")
        rows = self.loa("agenda", "--from", "2024-03-01", "--to", "2024-03-05", "--format", "json").json()
        self.assertEqual([r["status"] for r in rows], ["plays", "plays", "skipped", "skipped"])
        self.assertIn("not valid", rows[2]["note"])
        r = self.loa("clip", "rm", clip, expect=1)
        self.assertIn("slot", r.err)
        self.loa("clip", "rm", clip, "--force")

    def test_import_attach_and_assign(self):
        tone(self.path("tin-sang.wav"), seconds=1.0)
        ics = self.path("a.ics")
        with open(ics, "w", encoding="utf-8") as f:
            f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
                    "BEGIN:VEVENT\r\nUID:att@t\r\nSUMMARY:Tin sáng\r\nATTACH:tin-sang.wav\r\n"
                    "DTSTART;TZID=Asia/Ho_Chi_Minh:20240301T060000\r\nEND:VEVENT\r\n"
                    "BEGIN:VEVENT\r\nUID:none@t\r\nSUMMARY:Chưa có\r\n"
                    "DTSTART;TZID=Asia/Ho_Chi_Minh:20240301T070000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        r = self.loa("slot", "import", ics)
        self.assertIn("1 imported slot(s) have no clip yet", r.err)
        slots = self.loa("slot", "list", "--format", "csv").csv()
        self.assertNotEqual(slots[0]["clip"], "")
        self.assertEqual(slots[1]["clip"], "")
        self.loa("slot", "edit", slots[1]["id"], "--clip", slots[0]["clip"])
        rows = self.loa("agenda", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "json").json()
        self.assertEqual([r["status"] for r in rows], ["plays", "plays"])

    def test_reimport_with_m3u_attach_updates_its_programme(self):
        # A calendar whose events ATTACH an .m3u programme, imported twice:
        # the second import updates the slot and the programme in place.
        tone(self.path("a.wav"), seconds=1.0)
        tone(self.path("b.wav"), seconds=1.5, freq=660)
        m3u = self.path("sang.m3u")
        with open(m3u, "w") as f:
            f.write("#EXTM3U\na.wav\n")
        ics = self.path("lich.ics")
        with open(ics, "w", encoding="utf-8") as f:
            f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
                    "BEGIN:VEVENT\r\nUID:sang@t\r\nSUMMARY:Buổi sáng\r\nATTACH:sang.m3u\r\n"
                    "DTSTART;TZID=Asia/Ho_Chi_Minh:20240301T060000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        self.loa("slot", "import", ics)
        with open(m3u, "w") as f:
            f.write("#EXTM3U\na.wav\nb.wav\n")
        r = self.loa("slot", "import", ics)
        self.assertIn("0 new slot(s), 1 updated", r.out)
        self.assertEqual(len(self.loa("slot", "list", "--format", "csv").csv()), 1)
        pls = self.loa("playlist", "list", "--format", "csv").csv()
        self.assertEqual([(p["name"], p["clips"]) for p in pls], [("sang", "2")])
        # A playlist import by command still refuses to overwrite one.
        r = self.loa("playlist", "import", m3u, expect=1)
        self.assertIn("already exists", r.err)

    def test_unknown_clip(self):
        r = self.loa("slot", "add", "--clip", "99", "--at", "06:00", expect=1)
        self.assertIn("no clip numbered 99", r.err)


if __name__ == "__main__":
    main()
