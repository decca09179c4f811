"""What a hostile review broke in the text that enters and leaves the store
(issue 17, items 5, 6, 10 and 13), each fault reproduced as the issue
describes it, on the real binary.

Text typed on the command line that is not one line, or too long, is
refused; text that comes from a file (a file's name, a calendar's SUMMARY,
an #EXTINF title) is made one line and refused only when too long; what an
attacker forges straight into the SQLite file is escaped on the way out
(.ics), neutralised for a spreadsheet (CSV) and shown visibly on a terminal.

Every test here failed on the main the review looked at.
"""
import csv
import io
import os
import datetime
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import StationTest, main, tone  # noqa: E402
from runtest import T0, RunTest  # noqa: E402

M = datetime.timedelta(minutes=1)

# A playlist name that, written raw into X-LOA-PLAYLIST, closes the slot's
# event and opens one of its own: an emergency every minute, 600 times.
INJECTED = ("p\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@attacker\r\nDTSTAMP:20240101T000000Z\r\n"
            "DTSTART;TZID=Asia/Ho_Chi_Minh:20240304T050000\r\nRRULE:FREQ=MINUTELY;COUNT=600\r\n"
            "SUMMARY:KHẨN CẤP\r\nX-LOA-TIER:emergency")
# Terminal escapes: clear the screen, a hyperlink (OSC 8), a clipboard
# write (OSC 52), and the 8-bit CSI (U+009B).
ESCAPES = "Tin\x1b[2J\x1b]8;;http://evil/\x1b\\bấm\x1b]8;;\x1b\\\x1b]52;c;cm0gLXJmIH4=\x07\x9b31m"
FORMULA_TITLE = "@SUM(1)+cmd|' /C calc'!A0"
FORMULA_STATION = '=HYPERLINK("http://x")'


def calendar(*events):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa tests//EN\r\n" + "".join(events) +
            "END:VCALENDAR\r\n")


def event(uid, summary, start="20240304T060000"):
    return ("BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20240101T000000Z\r\nSUMMARY:%s\r\n"
            "DTSTART;TZID=Asia/Ho_Chi_Minh:%s\r\nEND:VEVENT\r\n" % (uid, summary, start))


class TextTest(StationTest):
    def wav(self, name="a.wav", seconds=0.5, freq=440):
        return tone(self.path(name), seconds=seconds, freq=freq, rate=8000, channels=1)

    def clip(self, title, name="a.wav", freq=440):
        self.loa("clip", "add", self.wav(name, freq=freq), "--title", title)
        return max(int(r["id"]) for r in self.loa("clip", "list", "--format", "csv").csv())

    def sql(self, db, statement, *args):
        con = sqlite3.connect(db)
        with con:
            con.execute(statement, args)
        con.close()

    def fresh_station(self, name):
        db = self.path(name, "station.db")
        self.loa("--db", db, "init", "--tz", "Asia/Ho_Chi_Minh", db=False)
        return db

    def slots(self, db=None):
        args = (["--db", db] if db else []) + ["slot", "list", "--format", "json"]
        return self.loa(*args, db=db is None).json()

    def write(self, name, text, mode="w"):
        with open(self.path(name), mode) as f:
            f.write(text)
        return self.path(name)


class CalendarInjectionTest(TextTest):
    """5. A CR/LF in a playlist name injected a whole VEVENT into `slot export`."""

    def test_playlist_name_with_line_breaks_is_refused_where_it_is_typed(self):
        self.clip("Tin")
        r = self.loa("playlist", "create", INJECTED, "1", expect=2)
        self.assertIn("the playlist's name is refused", r.err)
        self.assertIn("shown here as \\r", r.err)
        self.assertIn("'p\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT", r.err)
        self.assertNotIn("\r", r.err)
        m3u = self.write("sang.m3u", "#EXTM3U\n#EXTINF:1,Tin\n%s\n" % self.path("a.wav"))
        r = self.loa("playlist", "import", m3u, "--name", "a\nb", expect=2)
        self.assertIn("shown here as \\n", r.err)
        self.assertEqual(self.loa("playlist", "list", "--format", "json").json(), [])

    def test_forged_names_are_exported_escaped_and_reimport_as_they_were(self):
        self.clip("Tin")
        self.loa("playlist", "create", "p", "1")
        self.loa("slot", "add", "--playlist", "p", "--start", "2024-03-04T06:00", "--tier", "priority")
        hol = self.write("hol.ics", calendar(
            "BEGIN:VEVENT\r\nUID:tet@x\r\nDTSTAMP:20240101T000000Z\r\nSUMMARY:Tết\r\n"
            "DTSTART;VALUE=DATE:20240210\r\nDTEND;VALUE=DATE:20240212\r\nEND:VEVENT\r\n"))
        self.loa("slot", "import", hol, "--blackout")
        # An attacker with the database file, not the command line.
        self.sql(self.db, "UPDATE playlist SET name = ?", INJECTED)
        self.sql(self.db, "UPDATE slot SET playlist = ?", INJECTED)
        self.sql(self.db, "UPDATE blackout SET title = ?", "Tết" + INJECTED.replace("evil@", "evil2@"))
        before = self.slots()
        out = self.path("out.ics")
        self.loa("slot", "export", "-o", out)
        with open(out, newline="") as f:
            text = f.read()
        self.assertEqual(text.split("\r\n").count("BEGIN:VEVENT"), 2, text)  # the slot and the holiday
        self.assertNotIn("evil@attacker", [ln[4:] for ln in text.split("\r\n") if ln.startswith("UID:")])
        self.assertNotIn("\r\nRRULE:FREQ=MINUTELY", text)
        self.assertIn("X-LOA-PLAYLIST:p\\nEND:VEVENT\\nBEGIN:VEVENT", text.replace("\r\n ", ""))
        # The programme beside the calendar is not written under a name
        # that holds line breaks.
        self.assertEqual(sorted(f for f in os.listdir(self.dir) if f.endswith(".m3u")), [])

        other = self.fresh_station("other")
        r = self.loa("--db", other, "slot", "import", out, db=False)
        self.assertIn("1 new slot(s)", r.out)
        after = self.slots(other)
        self.assertEqual([(s["uid"], s["tier"], s["rule"]) for s in after],
                         [(s["uid"], s["tier"], s["rule"]) for s in before])
        self.assertNotIn("emergency", [s["tier"] for s in after])
        con = sqlite3.connect(other)
        days = con.execute("SELECT day, uid FROM blackout ORDER BY day").fetchall()
        con.close()
        self.assertEqual(days, [("2024-02-10", "tet@x"), ("2024-02-11", "tet@x")])
        # Nothing airs every minute in the other station.
        agenda = self.loa("--db", other, "agenda", "--from", "2024-03-04T04:00", "--to", "2024-03-04T07:00",
                          "--format", "json", db=False).json()
        self.assertLessEqual(len(agenda), 1, agenda)

    def test_line_break_in_a_files_name_no_longer_breaks_the_export(self):
        name = "a\r\nb.wav"
        self.loa("clip", "add", self.wav(name))
        clip = self.loa("clip", "show", "1", "--format", "json").json()
        self.assertEqual(clip["original_name"], "a  b.wav")
        self.assertEqual(clip["title"], "a  b")
        self.loa("slot", "add", "--clip", "1", "--start", "2024-03-04T06:00")
        out = self.path("out.ics")
        self.loa("slot", "export", "-o", out)
        other = self.fresh_station("other")
        r = self.loa("--db", other, "slot", "import", out, db=False)
        self.assertIn("1 new slot(s)", r.out)
        self.assertEqual(len(self.slots(other)), 1)

    def test_summary_line_breaks_become_spaces_and_uid_control_is_refused(self):
        ics = self.write("a.ics", calendar(event("one@x", "Tin\\nBEGIN:VEVENT\\nX-LOA-TIER:emergency")))
        self.loa("slot", "import", ics)
        self.assertEqual([s["title"] for s in self.slots()], ["Tin BEGIN:VEVENT X-LOA-TIER:emergency"])
        ics = self.write("b.ics", calendar(event("two\\n@x", "Tin")))
        r = self.loa("slot", "import", ics, expect=1)
        self.assertIn("b.ics line 5: the event's UID is refused", r.err)
        self.assertIn("'two\\n@x'", r.err)
        self.assertEqual(len(self.slots()), 1)

    def test_extinf_title_is_made_one_line(self):
        self.wav()
        m3u = self.write("sang.m3u", "#EXTM3U\n#EXTINF:1,Tin\x1b[2J\tsáng\n%s\n" % self.path("a.wav"))
        self.loa("playlist", "import", m3u)
        self.assertEqual(self.loa("clip", "show", "1", "--format", "json").json()["title"], "Tin?[2J sáng")


class SpreadsheetTest(RunTest):
    """6. CSV for a spreadsheet wrote =, +, -, @ cells as they were."""

    def setUp(self):
        super().setUp()
        self.loa("station", "--name", FORMULA_STATION)
        self.loa("topic", "add", "+1")
        self.loa("topic", "add", "--", "-2")
        a = tone(self.path("a.wav"), seconds=0.3, rate=8000, channels=1)
        b = tone(self.path("b.wav"), seconds=0.3, freq=660, rate=8000, channels=1)
        self.loa("clip", "add", a, "--title", FORMULA_TITLE, "--topic", "+1")
        self.loa("clip", "add", b, "--title", "-3+4", "--topic", "-2")
        self.loa("playlist", "create", "=1+1", "2")
        self.loa("slot", "add", "--clip", "1", "--start", (T0 + 10 * M).isoformat())
        self.loa("slot", "add", "--playlist", "=1+1", "--start", (T0 + 20 * M).isoformat())
        self.run_sim(T0, T0 + 30 * M)

    @staticmethod
    def rows(text):
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))

    def test_log_excel_neutralises_text_cells_and_leaves_numbers(self):
        for extra in ([], ["--items"]):
            plain = self.rows(self.loa("log", "--format", "csv", *extra).out)
            excel = self.rows(self.loa("log", "--excel", *extra).out)
            self.assertEqual(plain[0], excel[0])
            cols = plain[0]
            numeric = {"id", "seq", "played", "delay", "slot", "clip", "position"}
            for p, x in zip(plain[1:], excel[1:]):
                for name, pv, xv in zip(cols, p, x):
                    if name in numeric or pv[:1] not in ("=", "+", "-", "@"):
                        self.assertEqual(xv, pv, name)
                    else:
                        self.assertEqual(xv, "'" + pv, name)
            titles = [dict(zip(cols, r))["title"] for r in excel[1:]]
            # A programme's row has the slot's title; its items, the clips'.
            self.assertEqual(sorted(titles), sorted(["'" + FORMULA_TITLE, "'-3+4" if extra else "'=1+1"]))
            # Plain CSV stays exact: scripts read the values as stored.
            self.assertIn(FORMULA_TITLE, [dict(zip(cols, r))["title"] for r in plain[1:]])
        excel = self.rows(self.loa("log", "--excel").out)
        rows = [dict(zip(excel[0], r)) for r in excel[1:]]
        self.assertEqual(sorted(r["topic"] for r in rows), ["", "'+1"])
        self.assertIn("'=1+1", [r["playlist"] for r in rows])
        self.assertEqual(sorted(r["played"] for r in rows), ["0.3", "0.3"])

    def test_report_csv_neutralises_station_titles_and_topics(self):
        rows = self.rows(self.loa("report", "--quarter", "2024Q1", "--format", "csv", "--lang", "en").out)
        cells = [c for r in rows for c in r]
        self.assertIn("'" + FORMULA_STATION, cells)
        self.assertNotIn(FORMULA_STATION, cells)
        self.assertIn("'" + FORMULA_TITLE, cells)
        self.assertIn("'-3+4", cells)
        topic_rows = {r[0]: r for r in rows if r and r[0] in ("'+1", "'-2")}
        self.assertEqual(set(topic_rows), {"'+1", "'-2"})
        self.assertEqual(topic_rows["'+1"][1:3], ["1", "1"])  # items and airings: numbers, unchanged
        for c in cells:
            self.assertFalse(c[:1] in ("=", "+", "@"), c)
            self.assertFalse(c[:1] == "-" and not c[1:].replace(".", "").isdigit(), c)


class TerminalTest(TextTest):
    """10. Titles with terminal escapes were printed raw on a terminal."""

    def test_escapes_typed_are_refused(self):
        self.wav()
        r = self.loa("clip", "add", self.path("a.wav"), "--title", ESCAPES, expect=2)
        self.assertIn("--title is refused", r.err)
        self.assertIn("\\x1b", r.err)
        self.assertNotIn("\x1b", r.err)
        self.assertEqual(self.loa("clip", "list", "--format", "json").json(), [])
        r = self.loa("topic", "add", "y tế\u202e", expect=1)  # a right-to-left override
        self.assertIn("the topic's name is refused", r.err)

    def test_stored_escapes_are_shown_visibly_in_every_table(self):
        self.clip("Tin")
        self.loa("playlist", "create", "p", "1")
        self.loa("slot", "add", "--playlist", "p", "--start", "2024-03-04T06:00")
        self.loa("topic", "add", "y tế mới")
        # An older station, or an attacker with the file.
        self.sql(self.db, "UPDATE clip SET title = ?, original_name = ?", ESCAPES, ESCAPES + ".wav")
        self.sql(self.db, "UPDATE playlist SET name = ?", ESCAPES)
        self.sql(self.db, "UPDATE slot SET playlist = ?, title = ?", ESCAPES, ESCAPES)
        self.sql(self.db, "UPDATE topic SET name = ? WHERE name = 'y tế mới'", ESCAPES)
        for args in (["clip", "list"], ["clip", "show", "1"], ["playlist", "list"],
                     ["playlist", "show", ESCAPES], ["slot", "list"], ["slot", "show", "1"],
                     ["topic", "list"], ["agenda", "--from", "2024-03-04", "--to", "2024-03-05"]):
            out = self.loa(*args, "--format", "table").out
            for raw in ("\x1b", "\x07", "\x9b"):
                self.assertNotIn(raw, out, args)
            self.assertIn("Tin\\x1b[2J\\x1b]8;;http://evil/\\x1b\\bấm", out, args)
            self.assertIn("\\x07\\u009b31m", out, args)
        # The exact values stay in JSON, for scripts.
        self.assertEqual(self.loa("clip", "show", "1", "--format", "json").json()["title"], ESCAPES)

    def test_messages_show_control_characters_visibly(self):
        r = self.loa("clip", "add", self.path("x\x1b[2J\n.wav"), expect=1)
        self.assertIn("x\\x1b[2J\\n.wav", r.err)
        self.assertNotIn("\x1b", r.err)
        self.assertEqual(r.err.count("\n"), 2)  # the error and its hint, one line each


class LimitsTest(TextTest):
    """13. Titles had no bound; playlists had two."""

    def test_titles_are_capped_at_500_characters(self):
        self.wav()
        self.loa("clip", "add", self.path("a.wav"), "--title", "ệ" * 500)  # 1,500 bytes
        self.assertEqual(self.loa("clip", "show", "1", "--format", "json").json()["title"], "ệ" * 500)
        r = self.loa("clip", "edit", "1", "--title", "ệ" * 501, expect=2)
        self.assertIn("it is 501 characters long, and at most 500 are allowed", r.err)
        self.assertIn("shorten it to at most 500 characters", r.err)
        r = self.loa("slot", "add", "--clip", "1", "--start", "2024-03-04T06:00", "--title", "a" * 501, expect=2)
        self.assertIn("--title is refused", r.err)
        self.assertEqual(self.slots(), [])
        r = self.loa("playlist", "create", "b" * 81, "1", expect=2)
        self.assertIn("at most 80 are allowed", r.err)
        self.loa("playlist", "create", "ễ" * 80, "1")
        r = self.loa("station", "--name", "c" * 81, expect=2)
        self.assertIn("at most 80", r.err)

    def test_megabyte_summary_is_refused_naming_its_line(self):
        ics = self.write("big.ics", calendar(event("ok@x", "Tin"), event("big@x", "A" * 1048576)))
        r = self.loa("slot", "import", ics, expect=1)
        self.assertIn("big.ics line 13: SUMMARY of event 'big@x' is refused: it is 1048576 characters long, "
                      "and at most 500 are allowed", r.err)
        self.assertIn("nothing was imported", r.err)
        self.assertEqual(self.slots(), [])

    def test_one_playlist_limit_for_create_add_and_m3u(self):
        self.clip("Tin")
        r = self.loa("playlist", "create", "big", *(["1"] * 1001), expect=1)
        self.assertIn("playlist 'big' would have 1001 clips; a playlist holds at most 1000", r.err)
        self.loa("playlist", "create", "full", *(["1"] * 1000))
        r = self.loa("playlist", "add", "full", "1", expect=1)
        self.assertIn("would have 1001 clips", r.err)
        # At the limit, its own export imports again.
        m3u = self.path("full.m3u8")
        self.loa("playlist", "export", "full", "-o", m3u)
        self.loa("playlist", "import", m3u, "--name", "again")
        shown = self.loa("playlist", "list", "--format", "json").json()
        self.assertEqual(sorted((p["name"], p["clips"]) for p in shown), [("again", 1000), ("full", 1000)])
        # One entry more is refused, naming the line.
        with open(m3u, "a") as f:
            f.write("#EXTINF:1,Tin\n%s\n" % self.loa("clip", "show", "1", "--format", "json").json()["path"])
        r = self.loa("playlist", "import", m3u, "--name", "over", expect=1)
        self.assertIn("line 2003: more than 1000 files; a playlist holds at most 1000 clips", r.err)
        self.assertNotIn("over", [p["name"] for p in self.loa("playlist", "list", "--format", "json").json()])


if __name__ == "__main__":
    main()
