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
        self.assertIn("--rrule 'FREQ=SOMETIMES' is refused: it is not a rule RFC 5545 knows", r.err)
        # Every refusal names the --rrule value and the reason, as a usage error.
        for rule, reason in (("FREQ=SECONDLY", "airs more often than loa allows"),
                             ("FREQ=DAILY;COUNT=999999999", "loa accepts at most"),
                             ("FREQ=DAILY;UNTIL=20240230T000000Z", "UNTIL is not a real date"),
                             ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never produces an airing"),
                             ("FREQ=DAILY;BYDAY=2MO", "needs FREQ=MONTHLY or FREQ=YEARLY"),
                             ("FREQ=MONTHLY;BYDAY=-6SU", "1 to 5 in a monthly rule")):
            r = self.loa("slot", "add", "--clip", "1", "--start", "2024-03-01T06:00", "--rrule", rule, expect=2)
            self.assertIn("--rrule '%s' is refused: " % rule, r.err)
            self.assertIn(reason, r.err)
            self.assertNotIn("line", r.err)
            self.assertNotIn("@loa", r.err)

    def test_bad_rrule_on_edit(self):
        self.loa("slot", "import", os.path.join(os.path.dirname(__file__), "..", "ics", "google.ics"))
        for rule, reason in (("FREQ=SECONDLY", "airs more often than loa allows"),
                             ("FREQ=SOMETIMES", "not a rule RFC 5545 knows")):
            r = self.loa("slot", "edit", "1", "--rrule", rule, expect=2)
            self.assertIn("--rrule '%s' is refused: " % rule, r.err)
            self.assertIn(reason, r.err)
        self.assertNotIn("SECONDLY", self.loa("slot", "show", "1", "--format", "json").out)

    def test_agenda_note_no_clip_once(self):
        # A slot with no clip: the note says so once, in every format; what to
        # do is said once, under the list (it used to read "no clip assigned;
        # no clip assigned: assign one with ...").
        self.loa("slot", "import", os.path.join(os.path.dirname(__file__), "..", "ics", "google.ics"))
        args = ("agenda", "--from", "2024-01-02", "--to", "2024-01-03")
        rows = self.loa(*args, "--format", "json").json()
        self.assertTrue(rows)
        for row in rows:
            self.assertEqual((row["status"], row["note"]), ("skipped", "no clip assigned"))
        r = self.loa(*args, "--format", "csv")
        self.assertEqual({x["note"] for x in r.csv()}, {"no clip assigned"})
        self.assertEqual(r.err.count("no clip assigned"), 1, r.err)
        self.assertEqual(r.err.count("'loa slot edit ID --clip C'"), 1, r.err)
        r = self.loa(*args, "--format", "table")
        self.assertNotIn("no clip assigned;", r.out)
        self.assertNotIn("no clip assigned: assign", r.out)

    def test_what_and_when_required(self):
        self.assertIn("--clip ID or --playlist NAME", self.loa("slot", "add", "--at", "06:00", expect=2).err)
        self.assertIn("either --at", self.loa("slot", "add", "--clip", "1", expect=2).err)
        self.assertIn("--tier: not a tier: 'vip'", self.loa("slot", "add", "--clip", "1", "--at", "06:00", "--tier", "vip",
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
        self.assertIn("06:00 and 17:00, Monday to Saturday, from 01/01 to 31/03/2024, except 08/02, 09/02",
                      r.out)
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
        self.assertEqual(csv.out.splitlines()[0], "start,end,slot,tier,clip,title,status,nominal_start,note")
        self.assertEqual([(r["slot"], r["status"]) for r in csv.csv()], [("2", "plays"), ("1", "delayed")])
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

    def library_files(self):
        found = []
        for root, _dirs, files in os.walk(self.path("station")):
            found += [os.path.join(root, f) for f in files if not f.startswith("station.db")]
        return sorted(found)

    def test_failed_import_adds_no_clip_and_keeps_playlists(self):
        # Event 1 imports a new audio file, event 2 replaces the programme
        # of playlist 'sang' (adding a new clip), event 3 attaches a file
        # that is not audio: the import fails and must change nothing.
        tone(self.path("a.wav"), seconds=1.0)
        tone(self.path("fresh.wav"), seconds=1.0, freq=550)
        tone(self.path("c.wav"), seconds=1.0, freq=770)
        with open(self.path("broken.mp3"), "wb") as f:
            f.write(os.urandom(4096))
        m3u = self.path("sang.m3u")
        with open(m3u, "w") as f:
            f.write("#EXTM3U\na.wav\n")
        self.loa("playlist", "import", m3u)
        with open(m3u, "w") as f:
            f.write("#EXTM3U\nc.wav\na.wav\n")
        before = (self.loa("clip", "list", "--format", "csv").out, self.loa("playlist", "show", "sang").out,
                  self.library_files())
        ics = self.path("lich.ics")
        with open(ics, "w", encoding="utf-8") as f:
            f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
                    "BEGIN:VEVENT\r\nUID:t1@t\r\nSUMMARY:Mới\r\nATTACH:fresh.wav\r\n"
                    "DTSTART;TZID=Asia/Ho_Chi_Minh:20240301T060000\r\nEND:VEVENT\r\n"
                    "BEGIN:VEVENT\r\nUID:t2@t\r\nSUMMARY:Buổi sáng\r\nATTACH:sang.m3u\r\n"
                    "DTSTART;TZID=Asia/Ho_Chi_Minh:20240301T070000\r\nEND:VEVENT\r\n"
                    "BEGIN:VEVENT\r\nUID:t3@t\r\nSUMMARY:Hỏng\r\nATTACH:broken.mp3\r\n"
                    "DTSTART;TZID=Asia/Ho_Chi_Minh:20240301T080000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        r = self.loa("slot", "import", ics, expect=1)
        self.assertIn("broken.mp3", r.err)
        self.assertIn("nothing was imported", r.err)
        after = (self.loa("clip", "list", "--format", "csv").out, self.loa("playlist", "show", "sang").out,
                 self.library_files())
        self.assertEqual(after, before)
        self.assertEqual(self.loa("slot", "list", "--format", "csv").csv(), [])

    def import_events(self, *events):
        ics = self.path("lich.ics")
        with open(ics, "w", encoding="utf-8") as f:
            f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n")
            for k, props in enumerate(events):
                f.write("BEGIN:VEVENT\r\nUID:e%d@t\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:20240301T0%d0000\r\n" % (k, k)
                        + "".join(p + "\r\n" for p in props) + "END:VEVENT\r\n")
            f.write("END:VCALENDAR\r\n")
        return self.loa("slot", "import", ics)

    def test_names_that_lead_nowhere_are_warned_about(self):
        clip = str(self.add_clip("x.wav", 1.0, "Tin sáng"))
        r = self.import_events(["SUMMARY:Không có", "ATTACH:media/thieu.wav"],      # line 8 is ATTACH
                               ["SUMMARY:Cũng không", "X-LOA-CLIP:99"],             # line 14
                               ["SUMMARY:Tin sáng", "ATTACH:media/thieu2.wav"])     # line 20
        self.assertIn("line 8: the file that ATTACH names does not exist", r.err)
        self.assertIn(os.path.join("media", "thieu.wav") + "'", r.err)
        self.assertIn("line 14: X-LOA-CLIP names clip 99, which is not in this station's library", r.err)
        self.assertIn("loa clip add FILE", r.err)
        # A missing file then matched by title: said, not silent.
        self.assertIn("line 20: the file that ATTACH names does not exist", r.err)
        self.assertIn("line 16: event 'e2@t' gets clip %s because its title is 'Tin sáng'" % clip, r.err)
        self.assertEqual([s["clip"] for s in self.loa("slot", "list", "--format", "csv").csv()], ["", "", clip])

    def test_shared_title_is_not_picked_silently(self):
        ids = [self.add_clip("x.wav", 1.0, "Tin sáng"), self.add_clip("y.wav", 1.5, "Tin sáng")]
        r = self.import_events(["SUMMARY:Tin sáng"])
        self.assertIn("2 clips are titled 'Tin sáng' (clips %s, %s)" % tuple(ids), r.err)
        self.assertIn("line 4:", r.err)
        self.assertIn("loa slot edit ID --clip C", r.err)
        self.assertEqual(self.loa("slot", "list", "--format", "csv").csv()[0]["clip"], "")

    def test_unknown_clip(self):
        r = self.loa("slot", "add", "--clip", "99", "--at", "06:00", expect=1)
        self.assertIn("no clip numbered 99", r.err)


if __name__ == "__main__":
    main()
