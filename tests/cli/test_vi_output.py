"""Vietnamese output without English leaks: on a real station (clips, a
playlist, slots of every tier, airings played, missed and skipped by the
daemon on the simulated clock), every listing in table form under
LANG=vi_VN.UTF-8 shows no English value (tier, status, reason, true/false,
null, add), no ISO 8601 date or instant, dates as dd/mm/yyyy and a decimal
comma; and the same listings as CSV and JSON are byte for byte what the C
locale prints (the rule in words and the agenda's note, which are sentences
for a person, aside)."""
import csv
import io
import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import StationTest, main, tone  # noqa: E402

VI = {"LC_ALL": "", "LANGUAGE": "", "LANG": "vi_VN.UTF-8"}
C = {"LC_ALL": "", "LANGUAGE": "", "LANG": "C.UTF-8"}
# Every English value a listing's cells can hold (tiers, both status
# lists, a slot's source, a setting's origin and its empty values),
# booleans and JSON's null.
ENGLISH = re.compile(r"\b(normal|priority|emergency|plays|delayed|skipped|completed|partial|interrupted|"
                     r"failed|missed|playing|add|default|true|false|null|none|yes|no)\b")
REASON_CODES = re.compile(r"\b(missed_downtime|clip_not_yet_valid|device_\w+|clip_\w+|no_clip|blackout)\b")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
VN_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
POINT = re.compile(r"\d\.\d")
COMMA = re.compile(r"\d,\d")


def has_locale(name):
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    return any(loc.lower() == name.lower().replace("utf-8", "utf8") for loc in out)


class VietnameseOutputTest(StationTest):
    create_station = False
    # Now, for every listing: after the airings below, before the next.
    NOW = {"LOA_CLOCK": "sim:2026-07-03T08:00:00+07:00"}

    @classmethod
    def setUpClass(cls):
        if not has_locale("vi_VN.UTF-8"):
            raise unittest.SkipTest("the vi_VN.UTF-8 locale is not generated here "
                                    "(scripts/test.sh generates it when run as root)")

    def setUp(self):
        super().setUp()
        at = lambda t: {"LOA_CLOCK": "sim:" + t}  # noqa: E731
        self.loa("init", *self.init_args, env=at("2026-06-30T05:00:00+07:00"))
        tone(self.path("ban-tin.wav"), seconds=1.5, rate=8000, channels=1)
        tone(self.path("thong-bao.wav"), seconds=1.2, freq=660, rate=8000, channels=1)
        self.loa("clip", "add", self.path("ban-tin.wav"), "--title", "Bản tin sáng", "--topic", "CCHC",
                 "--valid-from", "2026-07-01", "--valid-until", "2026-09-30")
        # Valid from the 2nd: its airing on the 1st is skipped.
        self.loa("clip", "add", self.path("thong-bao.wav"), "--title", "Thông báo",
                 "--valid-from", "2026-07-02")
        self.loa("playlist", "create", "buổi sáng", "1", "2")
        self.loa("slot", "add", "--clip", "1", "--at", "06:00", "--days", "mon-sat", "--from", "2026-07-01",
                 "--until", "2026-09-30", "--except", "2026-09-01,2026-09-02", "--title", "Bản tin")
        self.loa("slot", "add", "--clip", "2", "--at", "06:30", "--from", "2026-07-01", "--until", "2026-07-31",
                 "--tier", "priority", "--title", "Thông báo khẩn")
        self.loa("slot", "add", "--playlist", "buổi sáng", "--at", "07:00", "--days", "mon-fri",
                 "--from", "2026-07-01", "--until", "2026-07-31", "--tier", "emergency", "--title", "Tin khẩn")
        out = "file:" + self.path("out.flac")
        # The 1st: aired (the 06:30 one skipped, its clip not yet valid);
        # the 2nd: the daemon starts at 09:00 and logs the morning missed;
        # the 3rd: aired.
        self.loa("run", "--output", out, "--until", "2026-07-01T07:30:00+07:00",
                 env=at("2026-07-01T05:00:00+07:00"))
        self.loa("run", "--output", out, "--until", "2026-07-03T07:30:00+07:00",
                 env=at("2026-07-02T09:00:00+07:00"))
        statuses = {r["status"] for r in self.loa("log", "--format", "csv", env=self.NOW).csv()}
        self.assertEqual(statuses, {"completed", "missed", "skipped"})

    LISTINGS = [
        ("clip", "list"), ("clip", "show", "1"), ("playlist", "list"), ("playlist", "show", "buổi sáng"),
        ("slot", "list"), ("slot", "show", "1"), ("slot", "show", "2"), ("slot", "show", "3"),
        ("agenda", "--from", "2026-07-01", "--to", "2026-07-04"), ("log",), ("log", "--items"),
        ("topic", "list"), ("station",), ("config",),
    ]

    def table(self, *args):
        env = dict(VI, **self.NOW)
        return self.loa(*args, "--format", "table", env=env).out

    def test_tables_have_no_english_values_nor_iso_dates(self):
        for args in self.LISTINGS:
            out = self.table(*args)
            what = "loa %s:\n%s" % (" ".join(args), out)
            # The iCalendar text of 'slot show' is the event as stored.
            text = out.split("BEGIN:VEVENT")[0]
            self.assertNotRegex(text, ENGLISH, what)
            self.assertNotRegex(text, REASON_CODES, what)
            self.assertNotRegex(text, ISO_DATE, what)
            self.assertNotRegex(text, r"\d{4}-\d{2}-\d{2}T", what)
            if args[0] != "config":  # values as loa.conf writes them
                self.assertNotRegex(text, POINT, what)

    def test_tables_in_the_readers_words(self):
        clips = self.table("clip", "list")
        self.assertRegex(clips, r"1,500 +-\d+,\d\d")  # duration, loudness
        self.assertIn("01/07/2026   30/09/2026", clips)
        self.assertIn("-16,0", self.table("station"))
        slots = self.table("slot", "list")
        self.assertIn("06:00 thứ Hai – thứ Bảy, từ 01/07 đến 30/09/2026, trừ 01/09, 02/09", slots)
        for word in ("thường", "ưu tiên", "khẩn cấp", " có "):
            self.assertIn(word, slots)
        show = self.table("slot", "show", "1")
        self.assertRegex(show, r"lượt phát tới: +04/07/2026 06:00\n")
        self.assertRegex(show, r"nguồn: +thêm trực tiếp\n")
        agenda = self.table("agenda", "--from", "2026-07-01", "--to", "2026-07-04")
        self.assertIn("giờ theo lịch", agenda)
        self.assertRegex(agenda, r"01/07/2026 06:30 .* bỏ qua +01/07/2026 06:30 ")
        self.assertIn("sẽ phát", agenda)
        log = self.table("log")
        self.assertRegex(log, r"01/07/2026 06:00 +01/07/2026 06:00:00 +01/07/2026 06:00:01 +1,5 +hoàn thành")
        self.assertIn("bị lỡ", log)
        self.assertIn("chương trình loa không chạy vào giờ đó", log)
        self.assertIn("tin bài chưa đến ngày được phát", log)
        items = self.table("log", "--items")
        self.assertRegex(items, r"03/07/2026 07:00:01 +1,2 +hoàn thành")
        self.assertRegex(self.table("topic", "list"), r"chương trình .* có ")
        config = self.table("config")
        self.assertRegex(config, r"output\.device +\(thiết bị mặc định\) +mặc định\n")
        self.assertRegex(config, r"hooks\.on_air +\(không có\) +mặc định\n")
        # Every date a person reads is dd/mm/yyyy.
        self.assertRegex(self.table("clip", "show", "1"), r"hiệu lực từ: +01/07/2026\n")

    def test_english_tables_keep_english_words(self):
        env = dict(C, **self.NOW)
        slots = self.loa("slot", "list", "--format", "table", env=env).out
        self.assertIn("06:00, Monday to Saturday, from 01/07 to 30/09/2026, except 01/09, 02/09", slots)
        self.assertRegex(slots, r"priority +yes")
        log = self.loa("log", "--format", "table", env=env).out
        self.assertRegex(log, r"2026-07-01 06:00 +2026-07-01 06:00:00 +2026-07-01 06:00:01 +1\.5 +completed")
        self.assertIn("loa was not running at the time", log)

    def test_csv_and_json_are_the_c_locales(self):
        # Sentences for a person follow the language in every format: the
        # rule in words and the agenda's note; every other value is the same.
        prose = {"rule", "note"}
        for args in self.LISTINGS:
            for kind in ("csv", "json"):
                vi, c = (self.loa(*args, "--format", kind, env=dict(e, **self.NOW)).out for e in (VI, C))
                what = "loa %s --format %s" % (" ".join(args), kind)
                if args[0] not in ("slot", "agenda"):
                    self.assertEqual(vi, c, what)
                    continue
                if kind == "json":
                    rows_vi, rows_c = json.loads(vi), json.loads(c)
                    if isinstance(rows_vi, dict):
                        rows_vi, rows_c = [rows_vi], [rows_c]
                else:
                    self.assertEqual(vi.splitlines()[0], c.splitlines()[0], what)
                    rows_vi, rows_c = (list(csv.DictReader(io.StringIO(t))) for t in (vi, c))
                self.assertEqual(len(rows_vi), len(rows_c), what)
                self.assertGreater(len(rows_c), 0, what)
                for a, b in zip(rows_vi, rows_c):
                    self.assertEqual({k: v for k, v in a.items() if k not in prose},
                                     {k: v for k, v in b.items() if k not in prose}, what)
                    for k in prose & a.keys():
                        self.assertNotRegex(a[k] or "", ISO_DATE, what)

    def test_daemon_messages_in_vietnamese(self):
        # The daemon's lines as the officer reads them: dates dd/mm/yyyy,
        # statuses and reasons in words, seconds with a decimal comma.
        env = dict(VI, LOA_CLOCK="sim:2026-07-06T09:00:00+07:00")
        r = self.loa("run", "--output", "file:" + self.path("out2.flac"), "--until", "2026-07-07T06:45:00+07:00",
                     env=env)
        self.assertIn("bây giờ là 06/07/2026 09:00", r.err)
        self.assertIn("đang phát: Bản tin (khung giờ 1) lúc 07/07/2026 06:00", r.err)
        self.assertIn("đã phát xong: Bản tin (khung giờ 1), 1,5 giây", r.err)
        self.assertNotRegex(r.err, ISO_DATE)
        self.assertNotRegex(r.err, ENGLISH)
        # The morning of the 6th was missed: said in words.
        self.assertRegex(r.err, r"(bị lỡ|đã ghi \d+ lượt bị lỡ)")
        r = self.loa("play", "1", "--device", "null", env=dict(VI, LOA_CLOCK="offset:2026-07-06T09:00:00+07:00"))
        self.assertRegex(r.out, r": 1,500 giây trên 'null', từ 06/07/2026 09:00(:0\d)?\n")
        r = self.loa("run", "--output", "file:" + self.path("out3.flac"), "--until", "2026-07-07T06:45:00+07:00",
                     env=dict(C, LOA_CLOCK="sim:2026-07-06T09:00:00+07:00"))
        self.assertIn("now 2026-07-06T09:00:00+07:00", r.err)


if __name__ == "__main__":
    main()
