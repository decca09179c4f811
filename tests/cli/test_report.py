"""loa report: totals against a hand-computed fixture, every format (the xlsx
read back with openpyxl), both languages, and every bad input the issue lists."""
import json
import os
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from loatest import StationTest, main  # noqa: E402
from test_airlog import FILL, begin, end, record  # noqa: E402

import openpyxl  # noqa: E402  (Debian's python3-openpyxl)

CCHC = "Cải cách hành chính"
T7 = "Bản tin CCHC số 1"
T8 = "Dịch vụ công trực tuyến"


class ReportTest(StationTest):
    def fill(self, *lines, expect=0):
        p = subprocess.run([FILL, self.db, "script"], input="\n".join(lines) + "\n",
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, expect, p.stderr)

    def setUp(self):
        super().setUp()
        self.row = 0

    def aired(self, sched, seconds, clip, title, topic, status="completed", late=0, reason=""):
        self.row += 1
        self.fill(begin(sched, sched, late, 3, clip, title, topic),
                  end(self.row, status, sched, seconds, reason))

    def not_aired(self, status, reason, sched, clip, title, topic):
        self.row += 1
        self.fill(record(status, reason, sched, 5, clip, title, topic))

    def fixture(self):
        """Quarter 1 of 2024 in Asia/Ho_Chi_Minh (+07:00), worked out by hand:
        aired 5 (4 completed + 1 interrupted), airtime 300+300+120+600+240 =
        1560 s = 26 min, 2 items (clip 9 never aired), 3 not aired, 1 late."""
        self.aired("2023-12-31T23:59", 100, 7, T7, CCHC)                    # before Q1
        self.aired("2024-01-05T06:00", 300, 7, T7, CCHC)
        self.aired("2024-01-20T06:00", 300, 7, T7, CCHC, late=5000)
        self.aired("2024-02-03T06:00", 120, 7, T7, CCHC, "interrupted", reason="emergency announcement")
        self.aired("2024-02-14T18:00", 240, 8, T8, "Dịch vụ công")
        self.not_aired("missed", "loa was not running at the time", "2024-03-02T18:00", 8, T8, "Dịch vụ công")
        self.not_aired("failed", "audio device not found", "2024-03-10T18:00", 9, "Y tế cộng đồng", "Y tế")
        self.not_aired("skipped", "blackout day", "2024-03-11T18:00", 9, "Y tế cộng đồng", "Y tế")
        self.aired("2024-03-31T23:30", 600, 7, T7, CCHC)                    # 16:30Z: still Q1 here
        self.aired("2024-04-01T00:00", 100, 8, T8, "Dịch vụ công")          # after Q1

    # ---- totals ----

    def test_totals_by_hand(self):
        self.fixture()
        j = self.loa("report", "--quarter", "2024Q1", "--format", "json").json()
        self.assertEqual(j["station"], "Đài xã Thử Nghiệm")
        self.assertEqual(j["period"]["from"], "2024-01-01T00:00:00+07:00")
        self.assertEqual(j["period"]["to"], "2024-04-01T00:00:00+07:00")
        self.assertTrue(j["chain"]["intact"])
        t = j["totals"]
        self.assertEqual((t["items"], t["airings"], t["airtime_s"], t["not_aired"], t["late"]),
                         (2, 5, 1560, 3, 1))
        self.assertEqual(t["by_status"], {"completed": 4, "interrupted": 1, "failed": 1, "missed": 1,
                                          "skipped": 1})
        months = [(m["from"][:7], m["airings"], m["airtime_s"], m["not_aired"]) for m in j["by_month"]]
        self.assertEqual(months, [("2024-01", 2, 600, 0), ("2024-02", 2, 360, 0), ("2024-03", 1, 600, 3)])
        topics = {x["topic"]: (x["items"], x["airings"], x["airtime_s"], x["not_aired"]) for x in j["by_topic"]}
        self.assertEqual(topics, {CCHC: (1, 4, 1320, 0), "Dịch vụ công": (1, 1, 240, 1), "Y tế": (0, 0, 0, 2)})
        self.assertEqual(j["by_topic"][0]["topic"], CCHC)  # most airtime first
        clips = [(c["clip"], c["title"], c["airings"], c["airtime_s"], c["first"], c["last"]) for c in j["by_clip"]]
        self.assertEqual(clips, [
            (7, T7, 4, 1320, "2024-01-05T06:00:00+07:00", "2024-03-31T23:30:00+07:00"),
            (8, T8, 1, 240, "2024-02-14T18:00:00+07:00", "2024-02-14T18:00:00+07:00")])
        probs = [(p["scheduled"][:10], p["status"], p["reason"]) for p in j["problems"]]
        self.assertEqual(probs, [("2024-02-03", "interrupted", "emergency announcement"),
                                 ("2024-03-02", "missed", "loa was not running at the time"),
                                 ("2024-03-10", "failed", "audio device not found")])
        self.assertEqual(j["problems_total"], 3)
        self.assertEqual(j["problems"][0]["played_s"], 120.0)

    def test_half_and_year_and_range(self):
        self.fixture()
        j = self.loa("report", "--half", "2024H1", "--format", "json").json()
        self.assertEqual(j["totals"]["airings"], 6)  # Q1 plus 1 April
        self.assertEqual(len(j["by_month"]), 6)
        j = self.loa("report", "--year", "2023", "--format", "json").json()
        self.assertEqual((j["totals"]["airings"], j["totals"]["airtime_s"]), (1, 100))
        j = self.loa("report", "--from", "2024-03-01", "--to", "2024-03-15", "--format", "json").json()
        self.assertNotIn("by_month", j)
        weeks = [(w["from"][:10], w["not_aired"]) for w in j["by_week"]]
        # Missed on Sat 2, failed on Sun 10, skipped on Mon 11 March.
        self.assertEqual(weeks, [("2024-03-01", 1), ("2024-03-04", 1), ("2024-03-11", 1)])
        self.assertEqual(j["period"]["to"], "2024-03-16T00:00:00+07:00")

    # ---- formats and languages ----

    def test_csv_vietnamese_by_default(self):
        self.fixture()
        r = self.loa("report", "--quarter", "2024Q1", "--format", "csv")
        self.assertTrue(r.out.startswith("\ufeff"))
        for label in ("Báo cáo kết quả phát thanh tuyên truyền cải cách hành chính", "Số tin bài",
                      "Số lượt phát", "Thời lượng", "Quý 1/2024", "Theo chủ đề", "Theo tháng",
                      "Tháng 1/2024", "0 giờ 26 phút", "Đối chiếu kế hoạch và thực tế",
                      "Nhật ký toàn vẹn", "05/01/2024 06:00", "bị lỡ"):
            self.assertIn(label, r.out)
        self.assertIn("Số tin bài,2\n", r.out)
        self.assertIn("Số lượt phát,5\n", r.out)
        # Every value has its label: the decimal hours on a row of their own.
        self.assertIn("Thời lượng,0 giờ 26 phút\n", r.out)
        self.assertIn("Thời lượng (giờ),0.43\n", r.out)
        # Reasons loa writes in English are shown in Vietnamese.
        self.assertIn("loa không chạy vào thời điểm đó", r.out)
        self.assertNotIn("loa was not running", r.out)

    def test_reasons_with_values_in_vietnamese(self):
        """A reason with values (a device name, a library message) keeps them
        in its Vietnamese wording; an unknown reason is shown as written."""
        self.not_aired("failed", "cannot open sound output device 'hw:1': Device unavailable",
                       "2024-03-10T18:00", 9, "Y tế cộng đồng", "Y tế")
        self.not_aired("failed", "the output device stopped taking audio for 5 seconds (stalled)",
                       "2024-03-11T18:00", 9, "Y tế cộng đồng", "Y tế")
        self.not_aired("missed", "máy hỏng", "2024-03-12T18:00", 9, "Y tế cộng đồng", "Y tế")
        r = self.loa("report", "--quarter", "2024Q1", "--format", "csv")
        self.assertIn("không mở được thiết bị phát âm thanh 'hw:1': Device unavailable\n", r.out)
        self.assertIn("thiết bị âm thanh ngừng nhận âm thanh trong 5 giây (bị treo)\n", r.out)
        self.assertIn(",máy hỏng\n", r.out)
        html = self.loa("report", "--quarter", "2024Q1", "--format", "html").out
        self.assertIn("<td>không mở được thiết bị phát âm thanh 'hw:1': Device unavailable</td>", html)

    def test_english(self):
        self.fixture()
        r = self.loa("report", "--quarter", "2024Q1", "--lang", "en", "--format", "csv")
        for label in ("Items aired,2", "Airings,5", "Airtime,0 h 26 min\n", "Airtime (hours),0.43\n", "Q1 2024",
                      "By topic", "Jan 2024", "missed", "loa was not running at the time"):
            self.assertIn(label, r.out)
        self.assertNotIn("Số lượt phát", r.out)

    def test_xlsx_read_back(self):
        self.fixture()
        out = self.path("bao-cao.xlsx")
        self.loa("report", "--quarter", "2024Q1", "-o", out)
        wb = openpyxl.load_workbook(out)
        self.assertEqual(wb.sheetnames, ["Tổng hợp", "Theo chủ đề", "Theo tháng", "Theo tin bài",
                                         "Không hoàn thành"])
        summary = {row[0]: row[1:] for row in wb["Tổng hợp"].iter_rows(values_only=True) if row[0]}
        self.assertEqual(summary["Đài truyền thanh"][0], "Đài xã Thử Nghiệm")
        self.assertEqual(summary["Kỳ báo cáo"][0], "Quý 1/2024")
        self.assertEqual(summary["Số tin bài"][0], 2)
        self.assertEqual(summary["Số lượt phát"][0], 5)
        self.assertEqual(summary["Thời lượng"][0], "0 giờ 26 phút")
        self.assertAlmostEqual(summary["Thời lượng"][1], 1560 / 3600)
        self.assertEqual(summary["hoàn thành"][0], 4)
        self.assertEqual(summary["Kiểm tra nhật ký phát thanh"][0], "Nhật ký toàn vẹn, không bị sửa đổi")
        months = [r for r in wb["Theo tháng"].iter_rows(min_row=3, values_only=True) if r[0]]
        self.assertEqual([(m[0], m[1], m[4]) for m in months],
                         [("Tháng 1/2024", 2, 0), ("Tháng 2/2024", 2, 0), ("Tháng 3/2024", 1, 3)])
        self.assertAlmostEqual(months[1][3], 360 / 3600)
        clips = list(wb["Theo tin bài"].iter_rows(min_row=3, values_only=True))
        self.assertEqual(clips[0][:4], (7, T7, CCHC, 4))
        self.assertEqual((clips[0][6], clips[0][7]), ("05/01/2024 06:00", "31/03/2024 23:30"))
        probs = list(wb["Không hoàn thành"].iter_rows(min_row=3, values_only=True))
        self.assertEqual([p[3] for p in probs], ["bị gián đoạn", "bị lỡ", "lỗi"])
        with zipfile.ZipFile(out) as z:
            self.assertIn("xl/charts/chart1.xml", z.namelist())

    def test_html_self_contained_with_chart(self):
        self.fixture()
        out = self.path("bao-cao.html")
        self.loa("report", "--quarter", "2024Q1", "-o", out)
        html = open(out, encoding="utf-8").read()
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertIn('<html lang="vi">', html)
        self.assertIn("<svg", html)
        self.assertEqual(html.count("<rect class=bar"), 3)
        self.assertIn("<title>Tháng 3/2024: 0.2 giờ</title>", html)
        self.assertIn("@media print", html)
        for bad in ("<script", "<link", "src=", "@import"):
            self.assertNotIn(bad, html)
        self.assertIn("Số lượt phát", html)
        self.assertIn("audio device not found", html)
        r = self.loa("report", "--from", "2024-03-01", "--to", "2024-03-15", "--format", "html", "--lang", "en")
        self.assertEqual(r.out.count("<rect class=bar"), 3)
        self.assertIn("By week", r.out)

    # ---- bad input ----

    def test_bad_periods_are_usage_errors(self):
        for args, word in ((["--quarter", "2024Q5"], "'2024Q5'"), (["--quarter", "Q1-2024"], "'Q1-2024'"),
                           (["--half", "2024H3"], "'2024H3'"), (["--year", "24"], "'24'"),
                           (["--from", "2024-02-30", "--to", "2024-03-01"], "'2024-02-30'"),
                           (["--from", "2024-03-01"], "--to"), ([], "period"),
                           (["--quarter", "2024Q1", "--year", "2024"], "one period"),
                           (["--quarter", "2024Q1", "--lang", "fr"], "'fr'"),
                           (["--quarter", "2024Q1", "--format", "pdf"], "'pdf'"),
                           (["--quarter", "2024Q1", "--format", "xlsx"], "-o")):
            r = self.loa("report", *args, expect=2)
            self.assertIn(word, r.err, args)
            self.assertIn("hint:", r.err)

    def test_to_before_from(self):
        r = self.loa("report", "--from", "2024-03-01", "--to", "2024-02-01", expect=2)
        self.assertIn("--to 2024-02-01 is before --from 2024-03-01", r.err)

    def test_unwritable_output(self):
        self.fixture()
        for name in ("x.xlsx", "x.html"):
            out = self.path("no-such-folder", name)
            r = self.loa("report", "--quarter", "2024Q1", "-o", out, expect=1)
            self.assertIn(out, r.err)
            self.assertIn("hint:", r.err)
            self.assertFalse(os.path.exists(self.path("no-such-folder")))
        # A good report is replaced only by a complete one; no temporary files stay.
        good = self.path("q1.json")
        self.loa("report", "--quarter", "2024Q1", "-o", good)
        self.assertEqual(json.load(open(good))["totals"]["airings"], 5)
        self.assertEqual(sorted(os.listdir(self.dir)), ["q1.json", "station"])

    def test_tampered_log_still_reported(self):
        self.fixture()
        subprocess.run(["sqlite3", self.db], input="DROP TRIGGER airing_no_update;"
                       " UPDATE airing SET played_ms = 3600000 WHERE id = 5;", check=True, text=True)
        r = self.loa("report", "--quarter", "2024Q1", "--format", "json")
        self.assertIn("fails verification", r.err)
        j = r.json()
        self.assertFalse(j["chain"]["intact"])
        self.assertEqual(j["chain"]["bad_row"], 5)
        self.assertIn("row 5", j["chain"]["problem"])
        r = self.loa("report", "--quarter", "2024Q1", "--format", "csv")
        self.assertIn("KHÔNG ĐẠT", r.out)
        out = self.path("t.html")
        self.loa("report", "--quarter", "2024Q1", "-o", out)
        self.assertIn("class=bad", open(out, encoding="utf-8").read())

    def test_empty_period_says_nothing_aired(self):
        self.fixture()
        j = self.loa("report", "--year", "2019", "--format", "json").json()
        self.assertEqual((j["totals"]["airings"], j["totals"]["items"], j["by_clip"], j["problems"]),
                         (0, 0, [], []))
        r = self.loa("report", "--year", "2019", "--format", "csv")
        self.assertIn("Không có lượt phát nào trong kỳ báo cáo", r.out)
        out = self.path("empty.xlsx")
        self.loa("report", "--year", "2019", "-o", out, "--lang", "en")
        rows = [r[0] for r in openpyxl.load_workbook(out)["Summary"].iter_rows(values_only=True)]
        self.assertIn("Nothing aired in this period", rows)

    def test_new_station_without_airings(self):
        r = self.loa("report", "--quarter", "2024Q1", "--format", "html")
        self.assertIn("Không có lượt phát nào", r.out)


class PlanTest(StationTest):
    """Planned versus aired, against the agenda of a real slot."""

    def test_planned_versus_aired(self):
        from loatest import tone
        self.loa("clip", "add", tone(self.path("tin.wav"), seconds=3))
        # Ten days at 06:00 but 5 January: 9 planned airings.
        self.loa("slot", "add", "--clip", "1", "--at", "06:00", "--from", "2024-01-01", "--until",
                 "2024-01-10", "--except", "2024-01-05")
        lines = [begin("2024-01-01T06:00", "2024-01-01T06:00", 0, 1, 1, "tin", ""),
                 end(1, "completed", "2024-01-01T06:00:03", 3),
                 record("missed", "loa was not running", "2024-01-02T06:00", 1, 1, "tin", ""),
                 begin("2024-01-03T06:00", "2024-01-03T06:00", 0, 1, 1, "tin", ""),
                 end(3, "interrupted", "2024-01-03T06:00:01", 1, "cut by an emergency airing"),
                 # Not in the plan: another slot, same day.
                 record("failed", "audio device not found", "2024-01-04T07:00", 9, 1, "tin", "")]
        p = subprocess.run([FILL, self.db, "script"], input="\n".join(lines) + "\n", capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        j = self.loa("report", "--from", "2024-01-01", "--to", "2024-01-10", "--format", "json").json()
        self.assertEqual(j["plan"], {"planned": 9, "planned_skipped": 0, "logged": 3, "aired": 2,
                                     "unlogged": 6})
        r = self.loa("report", "--from", "2024-01-01", "--to", "2024-01-10", "--format", "csv")
        self.assertIn("Số lượt theo kế hoạch,9", r.out)
        self.assertIn("Số lượt kế hoạch không có trong nhật ký,6", r.out)


if __name__ == "__main__":
    main()
