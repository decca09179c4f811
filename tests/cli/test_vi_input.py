"""Input as the officer types it, under LANG=vi_VN.UTF-8: a slot added with
6h,17g, "thứ 2 - thứ 7", 1/7/2026 and "ưu tiên" is the very slot the ISO and
English forms add; a quarter written 3/2026, III/2026 or "quý 3/2026" is
2026Q3; "bị lỡ" picks the missed airings; a playlist is named in any case
and spacing; and every refusal names the value and shows, in its hint line,
the forms that are accepted."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import StationTest, main, tone  # noqa: E402

FILL = os.path.join(os.environ.get("LOA_TEST_BIN", "."), "airlog_fill")
VI = {"LC_ALL": "", "LANGUAGE": "", "LANG": "vi_VN.UTF-8"}
# Before the quarter, so that a year left out is chosen from a known day.
CLOCK = {"LOA_CLOCK": "fixed:2026-03-15T10:00:00+07:00"}


def has_vi_locale():
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    return any(loc.lower() in ("vi_vn.utf8", "vi_vn.utf-8") for loc in out)


class ViInputTest(StationTest):
    def setUp(self):
        if not has_vi_locale():
            self.skipTest("the vi_VN.UTF-8 locale is not generated here "
                          "(scripts/test.sh generates it when run as root)")
        super().setUp()

    def vi(self, *args, expect=0):
        return self.loa(*args, env=dict(VI, **CLOCK), expect=expect)

    def add_clip(self):
        self.vi("clip", "add", tone(self.path("tin.wav"), seconds=1), "--title", "Bản tin sáng")
        return self.vi("clip", "list", "--format", "csv").csv()[-1]["id"]

    def slot(self, sid):
        s = self.vi("slot", "show", sid, "--format", "json").json()
        # What may differ between two slots added alike: their number, UID
        # (in the event text too), when they were written, and their next
        # airing (the second of two slots at one time airs after the first).
        event = s["event"].replace(s["uid"], "UID")
        for k in ("id", "uid", "created", "updated", "event", "next"):
            del s[k]
        return s, event

    def test_slot_as_the_officer_types_it(self):
        clip = self.add_clip()
        r = self.vi("slot", "add", "--clip", clip, "--at", "6h,17g", "--days", "thứ 2 - thứ 7",
                    "--from", "1/7/2026", "--until", "30/9/2026", "--except", "2/9/2026",
                    "--tier", "ưu tiên")
        self.assertIn("Đã thêm khung giờ 1", r.out)
        # A date that could be read month first is said back, day first.
        self.assertIn("'1/7/2026' được hiểu là ngày 1 tháng 7 năm 2026", r.err)
        self.vi("slot", "add", "--clip", clip, "--at", "06:00,17:00", "--days", "mon-sat",
                "--from", "2026-07-01", "--until", "2026-09-30", "--except", "2026-09-02",
                "--tier", "priority")
        self.assertEqual(self.vi("slot", "show", "1", "--format", "json").json()["next"],
                         "2026-07-01T06:00:00+07:00")
        officer, iso = self.slot("1"), self.slot("2")
        self.assertEqual(officer, iso)
        self.assertEqual(officer[0]["tier"], "priority")
        self.assertIn("BYHOUR=6,17", officer[1])
        self.assertIn("BYDAY=MO,TU,WE,TH,FR,SA", officer[1])
        self.assertIn("EXDATE;TZID=Asia/Ho_Chi_Minh:20260902T060000", officer[1])

        # Without diacritics, in capitals, with other spellings: the same again.
        self.vi("slot", "add", "--clip", clip, "--at", "6 giờ, 5 giờ chiều", "--days", "T2-T7",
                "--from", "01/07/2026", "--until", "ngày 30 tháng 9 năm 2026", "--except", "2/9",
                "--tier", "UU TIEN")
        self.assertEqual(self.slot("3"), iso)

    def test_year_left_out_is_said_in_words(self):
        clip = self.add_clip()
        r = self.vi("slot", "add", "--clip", clip, "--at", "6h", "--from", "01/02")
        # Today is 15/03/2026: the next 1 February is in 2027.
        self.assertIn("'01/02' được hiểu là ngày 1 tháng 2 năm 2027", r.err)
        self.assertIn("DTSTART;TZID=Asia/Ho_Chi_Minh:20270201T060000", self.slot("1")[1])

    def test_quarter_forms(self):
        want = self.vi("report", "--quarter", "2026Q3", "--format", "json").json()["period"]
        self.assertEqual(want["from"], "2026-07-01T00:00:00+07:00")
        for q in ("quý 3/2026", "III/2026", "3/2026", "Quy III nam 2026"):
            got = self.vi("report", "--quarter", q, "--format", "json").json()["period"]
            self.assertEqual(got, want, q)
        half = self.vi("report", "--half", "6 tháng đầu năm 2026", "--format", "json").json()["period"]
        self.assertEqual((half["from"], half["to"]), ("2026-01-01T00:00:00+07:00", "2026-07-01T00:00:00+07:00"))
        days = self.vi("report", "--from", "1/7/2026", "--to", "30/9/2026", "--format", "json").json()["period"]
        self.assertEqual((days["from"], days["to"]), (want["from"], want["to"]))

    def test_status_words(self):
        lines = [
            "\t".join(["record", "missed", "loa was not running", "2026-07-01T06:00", "1", "normal", "1",
                       "", "Bản tin sáng", "", "", ""]),
            "\t".join(["record", "failed", "audio device not found", "2026-07-01T17:00", "1", "normal",
                       "1", "", "Bản tin chiều", "", "", ""]),
        ]
        p = subprocess.run([FILL, self.db, "script"], input="\n".join(lines) + "\n",
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        for word in ("bị lỡ", "Bị Lỡ", "bi lo", "missed"):
            rows = self.vi("log", "--status", word, "--format", "csv").csv()
            self.assertEqual([r["status"] for r in rows], ["missed"], word)
        rows = self.vi("log", "--status", "bị lỡ,lỗi", "--format", "csv").csv()
        self.assertEqual(sorted(r["status"] for r in rows), ["failed", "missed"])
        # A date without its year is, for the log, the last such day.
        rows = self.vi("log", "--from", "1/7/2026", "--to", "1/7/2026", "--format", "csv").csv()
        self.assertEqual(len(rows), 2)

    def test_playlist_in_any_case_and_spacing(self):
        clip = self.add_clip()
        self.vi("playlist", "create", "tin sáng", clip)
        self.vi("slot", "add", "--playlist", " Tin  Sáng ", "--at", "6h", "--from", "1/7/2026")
        s = self.slot("1")[0]
        self.assertEqual(s["clip"], "tin sáng")  # stored by its own name
        self.assertIn("tin sáng", self.vi("playlist", "show", "TIN SÁNG").out)
        # Stored without the blanks at its ends or doubled inside.
        self.assertIn("'Tin chiều'", self.vi("playlist", "create", "  Tin   chiều ", clip).out)
        self.assertIn("Tin chiều", [p["name"] for p in self.vi("playlist", "list", "--format", "csv").csv()])
        r = self.vi("playlist", "create", "Tin Sáng", clip, expect=1)
        self.assertIn("'Tin Sáng'", r.err)
        self.assertIn("'tin sáng'", r.err)
        self.assertIn("gợi ý:", r.err)

    def test_refusals_name_the_value_and_show_examples(self):
        clip = self.add_clip()
        cases = [
            (["slot", "add", "--clip", clip, "--at", "6h", "--from", "31/02/2026"], "31/02/2026",
             "không có ngày này", "1/7/2026"),
            (["slot", "add", "--clip", clip, "--at", "6h", "--from", "01/13/2026"], "01/13/2026",
             "ngày viết trước tháng: 13/01/2026", "01/07/2026"),
            (["slot", "add", "--clip", clip, "--at", "6h", "--from", "1/7/26"], "1/7/26",
             "bốn chữ số", "2026-07-01"),
            (["slot", "add", "--clip", clip, "--at", "25h"], "25h", "không có giờ này", "6h30"),
            (["slot", "add", "--clip", clip, "--at", "6h", "--days", "t8"], "t8", "t2 đến t7", "t2-t7"),
            (["slot", "add", "--clip", clip, "--at", "6h", "--days", "rác"], "rác", "không phải",
             "thứ 2 - thứ 7"),
            (["slot", "add", "--clip", clip, "--at", "6h", "--tier", "vip"], "vip", "mức", "ưu tiên"),
            (["slot", "add", "--clip", clip, "--at", "6h", "--from", ""], "''", "chưa nhập", "1/7/2026"),
            (["report", "--quarter", "quý 5/2026"], "quý 5/2026", "từ 1 đến 4", "III/2026"),
            (["report", "--half", "2026H3"], "2026H3", "6 tháng", "6 tháng đầu năm 2026"),
            (["log", "--status", "mất"], "mất", "trạng thái", "bị lỡ"),
            (["agenda", "--from", "hôm qua"], "hôm qua", "không phải", "1/7/2026 6h30"),
        ]
        for args, value, why, example in cases:
            r = self.vi(*args, expect=2)
            err, hint = [line for line in r.err.splitlines() if line.startswith("loa:")], \
                [line for line in r.err.splitlines() if line.startswith("gợi ý:")]
            self.assertEqual(len(err), 1, r.err)
            self.assertEqual(len(hint), 1, r.err)
            self.assertIn(value if value == "''" else "'%s'" % value, err[0], args)
            self.assertIn(why, err[0], args)
            self.assertIn(example, hint[0], args)
        # Nothing was added by any of them.
        self.assertEqual(self.vi("slot", "list", "--format", "csv").csv(), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
