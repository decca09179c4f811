"""loa report: the figures against fixtures worked out by hand (single clips,
programmes of several items, furniture, planned skips, the previous
release's station), every format (the xlsx read back with openpyxl, the
docx taken apart), both languages, the [report] settings, and every bad
input. The document as LibreOffice renders it is tested in
test_report_docx.py; a whole quarter aired by the daemon in test_quarter.py.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, StationTest, main  # noqa: E402
from test_airlog import FILL, begin, end, item, itemend, itemrec, record  # noqa: E402

import openpyxl  # noqa: E402  (Debian's python3-openpyxl)

CCHC = "cải cách hành chính"
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

    def aired(self, sched, seconds, clip, title, topic, status="completed", late=0, reason="", code=""):
        """A single-clip airing, its one item logged as the daemon logs it."""
        self.row += 1
        lines = [begin(sched, sched, late, 3, clip, title, topic), item(self.row, 1, clip, title, topic, sched)]
        if status == "completed":
            lines.append(itemend(self.row, 1, "completed", seconds))
        lines.append(end(self.row, status, sched, seconds, reason, code))
        self.fill(*lines)

    def not_aired(self, status, reason, sched, clip, title, topic, code=""):
        self.row += 1
        self.fill(record(status, reason, sched, 5, clip, title, topic) + "\t" + code)

    def fixture(self):
        """Quarter 1 of 2024 in Asia/Ho_Chi_Minh (+07:00), worked out by hand:
        5 programmes on air (4 completed + 1 cut by an emergency), airtime
        300+300+120+240+600 = 1560 s; 4 completed airings of 2 items (clip 9
        never aired; the interrupted airing is airtime, not an airing); 2
        not aired (missed, failed), 1 skipped for a blackout (not a failure);
        the report's topic, logged as "Cải cách hành chính", is clip 7:
        3 airings in 3 programmes, 1320 s, 84.6% of 1560."""
        self.aired("2023-12-31T23:59", 100, 7, T7, "Cải cách hành chính")             # before Q1
        self.aired("2024-01-05T06:00", 300, 7, T7, "Cải cách hành chính")
        self.aired("2024-01-20T06:00", 300, 7, T7, "Cải cách hành chính", late=5000)
        self.aired("2024-02-03T06:00", 120, 7, T7, "Cải cách hành chính", "interrupted",
                   reason="emergency announcement", code="interrupted_emergency")
        self.aired("2024-02-14T18:00", 240, 8, T8, "Dịch vụ công")
        self.not_aired("missed", "loa was not running at the time", "2024-03-02T18:00", 8, T8, "Dịch vụ công")
        self.not_aired("failed", "no sound output device found", "2024-03-10T18:00", 9, "Y tế cộng đồng", "Y tế")
        self.not_aired("skipped", "blackout day", "2024-03-11T18:00", 9, "Y tế cộng đồng", "Y tế")
        self.aired("2024-03-31T23:30", 600, 7, T7, "CCHC")                             # 16:30Z: still Q1 here
        self.aired("2024-04-01T00:00", 100, 8, T8, "Dịch vụ công")                      # after Q1

    # ---- the figures ----

    def test_totals_by_hand(self):
        self.fixture()
        j = self.loa("report", "--quarter", "2024Q1", "--format", "json").json()
        self.assertEqual(j["station"], "Đài xã Thử Nghiệm")
        self.assertEqual(j["period"]["from"], "2024-01-01T00:00:00+07:00")
        self.assertEqual(j["period"]["to"], "2024-04-01T00:00:00+07:00")
        self.assertTrue(j["chain"]["intact"])
        t = j["totals"]
        self.assertEqual((t["items"], t["airings"], t["programmes"], t["airtime_s"], t["not_aired"], t["skipped"],
                          t["late"]), (2, 4, 5, 1560, 2, 1, 1))
        self.assertEqual(t["by_status"], {"completed": 4, "partial": 0, "interrupted": 1, "failed": 1, "missed": 1,
                                          "skipped": 1})
        self.assertEqual(j["cchc"], {"topic": CCHC, "items": 1, "airings": 3, "airtime_s": 1320, "programmes": 3,
                                     "share": 84.6})
        months = [(m["from"][:7], m["programmes"], m["airings"], m["airtime_s"], m["not_aired"], m["cchc_airings"])
                  for m in j["by_month"]]
        self.assertEqual(months, [("2024-01", 2, 2, 600, 0, 2), ("2024-02", 2, 1, 360, 0, 0),
                                  ("2024-03", 1, 1, 600, 2, 1)])
        topics = {x["topic"]: (x["items"], x["airings"], x["airtime_s"], x["cchc"]) for x in j["by_topic"]}
        # "Cải cách hành chính" and "CCHC" as logged are one topic of the list.
        self.assertEqual(topics, {CCHC: (1, 3, 1320, True), "Dịch vụ công": (1, 1, 240, False)})
        self.assertEqual(j["by_topic"][0]["topic"], CCHC)
        clips = [(c["clip"], c["title"], c["airings"], c["airtime_s"], c["first"], c["last"]) for c in j["by_clip"]]
        self.assertEqual(clips, [
            (7, T7, 3, 1320, "2024-01-05T06:00:00+07:00", "2024-03-31T23:30:00+07:00"),
            (8, T8, 1, 240, "2024-02-14T18:00:00+07:00", "2024-02-14T18:00:00+07:00")])
        probs = [(p["scheduled"][:10], p["status"], p["reason_code"], p["reason"]) for p in j["problems"]]
        self.assertEqual(probs, [("2024-02-03", "interrupted", "interrupted_emergency", "emergency announcement"),
                                 ("2024-03-02", "missed", "missed_downtime", "loa was not running at the time"),
                                 ("2024-03-10", "failed", "device_missing", "no sound output device found")])
        self.assertEqual(j["problems_total"], 3)
        self.assertEqual(j["problems"][0]["played_s"], 120.0)
        # Planned skips are listed apart, never "not aired".
        self.assertEqual(j["skipped_total"], 1)
        self.assertEqual([(s["reason_code"], s["programmes"], s["first"][:10]) for s in j["skipped"]],
                         [("blackout", 1, "2024-03-11")])

    def test_programmes_counted_per_item(self):
        """The case the report got wrong: programmes (jingle, then news items
        of several topics) were counted under their first clip's topic. Each
        item counts under its own topic; the jingle is furniture."""
        rows = 0

        def programme(day, items, cut_after=None):
            nonlocal rows
            rows += 1
            at = "2026-07-%02dT06:00:00" % day
            lines = [begin(at, at, 0, 1, 0, "Bản tin sáng", "", playlist="Bản tin sáng", sha="")]
            played = 0
            for pos, (clip, title, topic, secs) in enumerate(items, start=1):
                lines.append(item(rows, pos, clip, title, topic, "2026-07-%02dT06:%02d:%02d" % (day, played // 60, played % 60)))
                if cut_after is not None and pos > cut_after:
                    lines.append(itemend(rows, pos, "interrupted", secs / 2, "", "interrupted_emergency"))
                    played += secs // 2
                    lines.append(end(rows, "interrupted", at, played, "", "interrupted_emergency"))
                    break
                lines.append(itemend(rows, pos, "completed", secs))
                played += secs
            else:
                lines.append(end(rows, "completed", at, played))
            self.fill(*lines)

        jingle = (1, "Nhạc hiệu", "nhạc hiệu", 15)  # an alias of "chương trình": furniture
        cchc = (2, "Dịch vụ công trực tuyến", "CCHC", 120)
        cchc2 = (3, "Một cửa liên thông", "cải cách  hành chính", 90)
        health = (4, "Phòng chống sốt xuất huyết", "Y tế", 100)
        closing = (5, "Kết thúc chương trình", "kết thúc", 10)
        for day in range(1, 11):  # ten mornings: jingle, CCHC, health, closing
            programme(day, [jingle, cchc, health, closing])
        programme(11, [jingle, cchc2, health, closing])
        programme(12, [jingle, health, closing])                 # no CCHC that day
        programme(13, [jingle, cchc2, health, closing], cut_after=2)  # cut during the health item
        j = self.loa("report", "--quarter", "2026Q3", "--format", "json").json()
        t = j["totals"]
        # Items: clips 2, 3, 4 completed (jingle and closing are furniture).
        self.assertEqual(t["items"], 3)
        # Airings: 11 CCHC (days 1-11, 13) ... counted by hand:
        cchc_airings = 10 + 1 + 1           # days 1-10, 11, 13 (completed before the cut)
        health_airings = 10 + 1 + 1         # days 1-10, 11, 12 (day 13's was cut)
        self.assertEqual(t["airings"], cchc_airings + health_airings)
        self.assertEqual(t["programmes"], 13)
        airtime = 10 * 245 + 215 + 125 + (15 + 90 + 50)
        self.assertEqual(t["airtime_s"], airtime)
        self.assertEqual(t["furniture"], {"airings": 13 + 12, "airtime_s": 13 * 15 + 12 * 10})
        self.assertEqual(t["content_airtime_s"], airtime - (13 * 15 + 12 * 10))
        c = j["cchc"]
        self.assertEqual((c["items"], c["airings"], c["airtime_s"], c["programmes"]),
                         (2, cchc_airings, 10 * 120 + 90 + 90, 12))
        self.assertEqual(c["share"], round(100 * (10 * 120 + 180) / t["content_airtime_s"], 1))
        topics = {x["topic"]: (x["furniture"], x["items"], x["airings"], x["airtime_s"]) for x in j["by_topic"]}
        self.assertEqual(topics[CCHC], (False, 2, 12, 1380))
        self.assertEqual(topics["y tế"], (False, 1, 12, 1000 + 100 + 100 + 50))
        self.assertEqual(topics["chương trình"], (True, 2, 25, 13 * 15 + 12 * 10))
        self.assertEqual([x["topic"] for x in j["by_topic"]][-1], "chương trình")  # furniture last
        probs = [(p["scheduled"][:10], p["status"], p["reason_code"]) for p in j["problems"]]
        self.assertEqual(probs, [("2026-07-13", "interrupted", "interrupted_emergency")])

    def test_failed_and_skipped_items_of_a_programme(self):
        """A programme whose health item's file was missing (failed at its
        turn) and whose notice was past its last day (skipped, planned)
        airs partly: the failure is listed, the skip is not a failure."""
        at = "2026-07-01T06:00:00"
        self.fill(begin(at, at, 0, 1, 0, "Bản tin sáng", "", playlist="Bản tin sáng", sha=""),
                  item(1, 1, 2, T8, "CCHC", at), itemend(1, 1, "completed", 120),
                  itemrec(1, 2, 4, "Phòng chống sốt xuất huyết", "y tế", "failed", "", "clip_missing"),
                  itemrec(1, 3, 6, "Thông báo tiêm chủng", "thông báo", "skipped", "", "clip_expired"),
                  end(1, "partial", at, 120, "", "clip_missing"))
        j = self.loa("report", "--quarter", "2026Q3", "--format", "json").json()
        self.assertEqual(j["totals"]["by_status"]["partial"], 1)
        self.assertEqual((j["totals"]["programmes"], j["totals"]["not_aired"], j["totals"]["airings"]), (1, 0, 1))
        self.assertEqual([(p["status"], p["title"], p["item"], p["reason_code"]) for p in j["problems"]],
                         [("failed", "Bản tin sáng", "Phòng chống sốt xuất huyết", "clip_missing")])
        self.assertEqual([(s["reason_code"], s["programmes"], s["items"]) for s in j["skipped"]],
                         [("clip_expired", 0, 1)])
        self.assertEqual(j["skipped_total"], 0)

    def test_half_and_year_and_range(self):
        self.fixture()
        j = self.loa("report", "--half", "2024H1", "--format", "json").json()
        self.assertEqual(j["totals"]["airings"], 5)  # Q1 plus 1 April
        self.assertEqual(len(j["by_month"]), 6)
        j = self.loa("report", "--year", "2023", "--format", "json").json()
        self.assertEqual((j["totals"]["airings"], j["totals"]["airtime_s"]), (1, 100))
        j = self.loa("report", "--from", "2024-03-01", "--to", "2024-03-15", "--format", "json").json()
        self.assertNotIn("by_month", j)
        weeks = [(w["from"][:10], w["not_aired"]) for w in j["by_week"]]
        # Missed on Sat 2, failed on Sun 10; the skip of Mon 11 March is planned.
        self.assertEqual(weeks, [("2024-03-01", 1), ("2024-03-04", 1), ("2024-03-11", 0)])
        self.assertEqual(j["period"]["to"], "2024-03-16T00:00:00+07:00")

    def test_previous_release_station(self):
        """The station of loa 0.1.0 (tests/fixtures/station-v5) reports after
        its upgrade: its rows stand for one item each, under the topic they
        were logged with, mapped through the topic list (so its programmes,
        logged under their jingle's topic, count as furniture: the items
        were not kept then). Worked out from make-station-v5.sh."""
        shutil.rmtree(os.path.dirname(self.db))
        shutil.copytree(os.path.join(SRC, "tests", "fixtures", "station-v5"), os.path.dirname(self.db))
        j = self.loa("report", "--from", "2026-01-05", "--to", "2026-01-11", "--format", "json").json()
        self.assertTrue(j["chain"]["intact"])
        self.assertEqual(j["chain"]["rows"], 36)
        t = j["totals"]
        # 7 days x 6 slots = 42... the fixture's rows: 36 (5 a day, 6 on the 6th).
        self.assertEqual(t["by_status"], {"completed": 24, "partial": 0, "interrupted": 1, "failed": 1,
                                          "missed": 4, "skipped": 6})
        self.assertEqual((t["programmes"], t["not_aired"], t["skipped"]), (25, 5, 6))
        # Chữ ký số (11:00) and Một cửa liên thông (17:00): 5 days each.
        self.assertEqual((j["cchc"]["items"], j["cchc"]["airings"], j["cchc"]["programmes"]), (2, 10, 10))
        topics = {x["topic"]: x["airings"] for x in j["by_topic"]}
        self.assertEqual(topics, {CCHC: 10, "thông báo": 5, "Phòng cháy chữa cháy": 5, "chương trình": 4})
        codes = sorted(p["reason_code"] for p in j["problems"])
        self.assertEqual(codes, ["clip_missing", "interrupted_stop"] + ["missed_downtime"] * 4)
        self.assertEqual({s["reason_code"]: s["programmes"] for s in j["skipped"]}, {"no_clip": 1, "blackout": 5})

    # ---- formats and languages ----

    def test_csv_vietnamese_by_default(self):
        self.fixture()
        r = self.loa("report", "--quarter", "2024Q1", "--format", "csv")
        self.assertTrue(r.out.startswith("\ufeff"))
        for label in ("Báo cáo kết quả tuyên truyền cải cách hành chính", "Số tin, bài", "Số lượt phát",
                      "Số buổi phát", "Thời lượng", "Quý 1/2024", "Theo chủ đề", "Theo tháng", "Tháng 1/2024",
                      "0 giờ 26 phút", "Đối chiếu kế hoạch và thực tế", "Nhật ký toàn vẹn", "05/01/2024 06:00",
                      "bị lỡ", "Tạm ngừng theo kế hoạch", "ngày tạm ngừng phát (nghỉ lễ)"):
            self.assertIn(label, r.out)
        self.assertIn('"Số tin, bài",1,2\n', r.out)
        self.assertIn("Số lượt phát,3,4\n", r.out)
        self.assertIn("Số buổi phát,3,5\n", r.out)
        self.assertIn("Thời lượng,0 giờ 22 phút,0 giờ 26 phút\n", r.out)
        self.assertIn("Thời lượng (giờ),0.37,0.43\n", r.out)
        # Reasons in words from their codes, with the log's detail beside them.
        self.assertIn("chương trình loa không chạy vào giờ đó (máy tắt hoặc mất điện)", r.out)
        self.assertIn("không có thiết bị phát âm thanh", r.out)

    def test_english(self):
        self.fixture()
        r = self.loa("report", "--quarter", "2024Q1", "--lang", "en", "--format", "csv")
        for label in ("News items,1,2", "Airings,3,4", "Airtime,0 h 22 min,0 h 26 min", "Q1 2024", "By topic",
                      "Jan 2024", "missed", "loa was not running at the time (computer off or power cut)"):
            self.assertIn(label, r.out)
        self.assertNotIn("Số lượt phát", r.out)

    def test_xlsx_keeps_the_data(self):
        self.fixture()
        out = self.path("bao-cao.xlsx")
        self.loa("report", "--quarter", "2024Q1", "-o", out)
        wb = openpyxl.load_workbook(out)
        self.assertEqual(wb.sheetnames, ["Tổng hợp", "Theo chủ đề", "Theo tháng", "Tin bài", "Không phát được",
                                         "Tạm ngừng", "Phụ lục"])
        cells = [c for row in wb["Tổng hợp"].iter_rows(values_only=True) for c in row if c is not None]
        for text in ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "BÁO CÁO", "Kết quả tuyên truyền cải cách hành chính trên hệ thống truyền thanh cơ sở quý I năm 2024",
                     "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"):
            self.assertIn(text, cells)
        summary = {row[0]: row[1:] for row in wb["Tổng hợp"].iter_rows(values_only=True) if row[0]}
        self.assertEqual(summary["Số tin, bài"][:2], (1, 2))
        self.assertEqual(summary["Số lượt phát"][:2], (3, 4))
        self.assertEqual(summary["Số buổi phát"][:2], (3, 5))
        self.assertEqual(summary["Thời lượng"][0].total_seconds(), 1320)  # an Excel duration, [h]:mm
        self.assertAlmostEqual(summary["Thời lượng (giờ)"][1], 1560 / 3600)
        self.assertAlmostEqual(summary["Tỷ lệ thời lượng so với tổng thời lượng tin, bài"][0], 0.846, places=3)
        months = [r for r in wb["Theo tháng"].iter_rows(min_row=3, values_only=True) if r[0]]
        self.assertEqual([(m[0].strftime("%m/%Y"), m[1], m[2], m[6]) for m in months],
                         [("01/2024", 2, 2, 0), ("02/2024", 2, 1, 0), ("03/2024", 1, 1, 2)])
        self.assertAlmostEqual(months[1][5], 360 / 3600)
        clips = list(wb["Tin bài"].iter_rows(min_row=3, values_only=True))
        self.assertEqual(clips[0][:5], (7, T7, CCHC, False, 3))
        # Real dates, not text.
        self.assertEqual(clips[0][7].strftime("%d/%m/%Y %H:%M"), "05/01/2024 06:00")
        self.assertEqual(clips[0][8].strftime("%d/%m/%Y %H:%M"), "31/03/2024 23:30")
        probs = list(wb["Không phát được"].iter_rows(min_row=3, values_only=True))
        self.assertEqual([(p[4], p[7]) for p in probs], [("bị gián đoạn", "interrupted_emergency"),
                                                         ("bị lỡ", "missed_downtime"), ("lỗi", "device_missing")])
        self.assertEqual(probs[1][1].strftime("%d/%m/%Y %H:%M"), "02/03/2024 18:00")
        skips = list(wb["Tạm ngừng"].iter_rows(min_row=3, values_only=True))
        self.assertEqual([(s[1], s[2]) for s in skips], [("blackout", 1)])
        appendix = {row[0]: row[1] for row in wb["Phụ lục"].iter_rows(values_only=True) if row[0]}
        self.assertEqual(appendix["Kiểm tra nhật ký phát thanh"], "Nhật ký toàn vẹn, không bị sửa đổi")
        self.assertRegex(appendix["Mã kiểm tra cuối chuỗi (SHA-256)"], "^[0-9a-f]{64}$")
        with zipfile.ZipFile(out) as z:
            self.assertIn("xl/charts/chart1.xml", z.namelist())

    def test_html_is_the_documents_preview(self):
        self.fixture()
        out = self.path("bao-cao.html")
        self.loa("report", "--quarter", "2024Q1", "-o", out)
        html = open(out, encoding="utf-8").read()
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertIn('<html lang="vi">', html)
        self.assertIn("@media print", html)
        for bad in ("<script", "<link", "src=", "@import", "url("):
            self.assertNotIn(bad, html)
        for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "<h1>BÁO CÁO</h1>", "I. KẾT QUẢ THỰC HIỆN",
                     "đã phát 1 tin, bài về cải cách hành chính với 3 lượt phát trong 3 buổi phát",
                     "chiếm 84,6% thời lượng phát tin, bài", "Nơi nhận:", "Phụ lục", "class=todo"):
            self.assertIn(text, html)
        # Hashes and library paths stay out of the body: only the appendix has the head.
        body, appendix = html.split("Phụ lục", 1)
        self.assertNotRegex(body, "[0-9a-f]{64}")
        self.assertRegex(appendix, "[0-9a-f]{64}")
        r = self.loa("report", "--from", "2024-03-01", "--to", "2024-03-15", "--format", "html", "--lang", "en")
        self.assertIn("3. By week", r.out)
        self.assertIn("SOCIALIST REPUBLIC OF VIET NAM", r.out)

    def test_docx_package(self):
        """The .docx is a WordprocessingML package: A4, the decree's margins,
        Times New Roman, the header, the body and the appendix."""
        self.fixture()
        out = self.path("bao-cao.docx")
        self.loa("report", "--quarter", "2024Q1", "-o", out)
        with zipfile.ZipFile(out) as z:
            self.assertEqual(z.namelist()[0], "[Content_Types].xml")
            for part in ("_rels/.rels", "word/document.xml", "word/styles.xml", "word/header1.xml",
                         "docProps/core.xml"):
                self.assertIn(part, z.namelist())
            doc = z.read("word/document.xml").decode()
            styles = z.read("word/styles.xml").decode()
        self.assertIn('<w:pgSz w:w="11906" w:h="16838"/>', doc)  # A4
        self.assertIn('w:top="1134" w:right="851" w:bottom="1134" w:left="1701"', doc)  # 20/15/20/30 mm
        self.assertIn('w:ascii="Times New Roman"', styles)
        text = re.sub("<[^>]+>", "", doc)
        for t in ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số:        /BC-UBND",
                  "Kết quả tuyên truyền cải cách hành chính trên hệ thống truyền thanh cơ sở quý I năm 2024",
                  "Trong quý I năm 2024", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "KIỂM TRA NHẬT KÝ PHÁT THANH"):
            self.assertIn(t, text)
        self.assertNotIn("/clips/", text)

    def test_report_settings(self):
        """loa.conf [report] names the issuer, the place, the recipients and
        the signer; lines are separated by ';'."""
        self.fixture()
        conf = self.path("loa.conf")
        with open(conf, "w") as f:
            f.write("[report]\nissuer = ỦY BAN NHÂN DÂN;XÃ CẨM NHƯỢNG\nplace = Cẩm Nhượng\nnumber = BC-VHXH\n"
                    "recipients = UBND tỉnh Hà Tĩnh ; Sở Văn hóa, Thể thao và Du lịch;Lưu: VT\n"
                    "authority = TM. ỦY BAN NHÂN DÂN\nsigner_title = KT. CHỦ TỊCH;PHÓ CHỦ TỊCH\n"
                    "signer = Hoàng Trung Kiên\n")
        out = self.path("r.html")
        self.loa("--config", conf, "report", "--quarter", "2024Q1", "-o", out)
        html = open(out, encoding="utf-8").read()
        for t in ("<p><b>XÃ CẨM NHƯỢNG</b></p>", "Số:        /BC-VHXH", "Cẩm Nhượng, ngày", "- UBND tỉnh Hà Tĩnh;",
                  "- Sở Văn hóa, Thể thao và Du lịch;",
                  "- Lưu: VT.", "<p>KT. CHỦ TỊCH</p>", "<p>PHÓ CHỦ TỊCH</p>", "<p>Hoàng Trung Kiên</p>"):
            self.assertIn(t, html)
        r = self.loa("--config", conf, "config", "--format", "csv")
        rows = {x["setting"]: (x["value"], x["source"]) for x in r.csv()}
        self.assertEqual(rows["report.signer"], ("Hoàng Trung Kiên", conf + ":8"))
        self.assertEqual(rows["report.topic"], (CCHC, "default"))
        with open(conf, "a") as f:
            f.write("stamp = yes\n")
        r = self.loa("--config", conf, "report", "--quarter", "2024Q1", "--format", "json", expect=1)
        self.assertIn("unknown key 'stamp' in section [report]", r.err)

    def test_defaults_from_the_station_name(self):
        self.loa("station", "--name", "Đài truyền thanh xã Đức Hòa")
        r = self.loa("report", "--quarter", "2024Q1", "--format", "html")
        for t in ("<p><b>ỦY BAN NHÂN DÂN</b></p>", "<p><b>XÃ ĐỨC HÒA</b></p>", "Đức Hòa, ngày",
                  "Ủy ban nhân dân xã Đức Hòa báo cáo"):
            self.assertIn(t, r.out)

    # ---- bad input ----

    def test_bad_periods_are_usage_errors(self):
        for args, word in ((["--quarter", "2024Q5"], "'2024Q5'"), (["--quarter", "Q1-24"], "'Q1-24'"),
                           (["--half", "2024H3"], "'2024H3'"), (["--year", "24"], "'24'"),
                           (["--from", "2024-02-30", "--to", "2024-03-01"], "'2024-02-30'"),
                           (["--from", "2024-03-01"], "--to"), ([], "period"),
                           (["--quarter", "2024Q1", "--year", "2024"], "one period"),
                           (["--quarter", "2024Q1", "--lang", "fr"], "'fr'"),
                           (["--quarter", "2024Q1", "--format", "pdf"], "'pdf'"),
                           (["--quarter", "2024Q1", "--format", "xlsx"], "-o"),
                           (["--quarter", "2024Q1", "--format", "docx"], "-o")):
            r = self.loa("report", *args, expect=2)
            self.assertIn(word, r.err, args)
            self.assertIn("hint:", r.err)

    def test_to_before_from(self):
        r = self.loa("report", "--from", "2024-03-01", "--to", "2024-02-01", expect=2)
        self.assertIn("--to 2024-02-01 is before --from 2024-03-01", r.err)

    def test_unwritable_output(self):
        self.fixture()
        for name in ("x.xlsx", "x.html", "x.docx"):
            out = self.path("no-such-folder", name)
            r = self.loa("report", "--quarter", "2024Q1", "-o", out, expect=1)
            self.assertIn(out, r.err)
            self.assertIn("hint:", r.err)
            self.assertFalse(os.path.exists(self.path("no-such-folder")))
        # A good report is replaced only by a complete one; no temporary files stay.
        good = self.path("q1.json")
        self.loa("report", "--quarter", "2024Q1", "-o", good)
        self.assertEqual(json.load(open(good))["totals"]["airings"], 4)
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
        r = self.loa("report", "--quarter", "2024Q1", "--format", "html")
        self.assertIn("KHÔNG ĐẠT: nhật ký đã bị sửa đổi ngoài phần mềm", r.out)

    def test_empty_period_says_nothing_aired(self):
        self.fixture()
        j = self.loa("report", "--year", "2019", "--format", "json").json()
        self.assertEqual((j["totals"]["airings"], j["totals"]["items"], j["by_clip"], j["problems"]),
                         (0, 0, [], []))
        r = self.loa("report", "--year", "2019", "--format", "csv")
        self.assertIn("Không có buổi phát nào trong kỳ báo cáo", r.out)
        r = self.loa("report", "--year", "2019", "--format", "html")
        self.assertIn("đài chưa có buổi phát nào được ghi nhận", r.out)

    def test_new_station_without_airings(self):
        r = self.loa("report", "--quarter", "2024Q1", "--format", "html")
        self.assertIn("chưa có buổi phát nào", r.out)


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
                 record("missed", "loa was not running at the time", "2024-01-02T06:00", 1, 1, "tin", ""),
                 begin("2024-01-03T06:00", "2024-01-03T06:00", 0, 1, 1, "tin", ""),
                 end(3, "interrupted", "2024-01-03T06:00:01", 1, "cut by an emergency airing"),
                 # Not in the plan: another slot, same day.
                 record("failed", "no sound output device found", "2024-01-04T07:00", 9, 1, "tin", "")]
        p = subprocess.run([FILL, self.db, "script"], input="\n".join(lines) + "\n", capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        j = self.loa("report", "--from", "2024-01-01", "--to", "2024-01-10", "--format", "json").json()
        self.assertEqual(j["plan"], {"planned": 9, "planned_skipped": 0, "logged": 3, "aired": 2,
                                     "unlogged": 6})
        r = self.loa("report", "--from", "2024-01-01", "--to", "2024-01-10", "--format", "csv")
        self.assertIn("Số buổi theo kế hoạch,9", r.out)
        self.assertIn("Số buổi kế hoạch không có trong nhật ký,6", r.out)


if __name__ == "__main__":
    main()
