"""The report's .docx opened by a real office suite: LibreOffice (headless)
converts it to PDF, and the PDF's text (pdftotext) must show what the
province reads — the issuing body and the national motto, the number, the
place and date, the title and its summary, the figures and the narrative,
the signature block and the appendix — on A4. Every page is also rendered
to PNG under the build folder (screens/report-*.png) for a person to look
at. The quarter is written through airlog.h as the daemon writes it, with
programmes of minutes-long items, so the document looks like a real one.
"""
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from loatest import StationTest, main  # noqa: E402
from test_airlog import FILL, begin, end, item, itemend, itemrec, record  # noqa: E402

SCREENS = os.path.join(os.environ.get("LOA_BUILD", "."), "screens")

JINGLE = (1, "Nhạc hiệu Đài truyền thanh xã", "nhạc hiệu", 20)
CLOSING = (2, "Lời kết thúc chương trình", "kết thúc", 10)
CCHC = [(10, "Dịch vụ công trực tuyến mức độ 4", "CCHC", 185),
        (11, "Thủ tục đăng ký khai sinh, khai tử", "cải cách hành chính", 162),
        (12, "Bộ phận một cửa của xã tiếp nhận hồ sơ", "CCHC", 140)]
OTHER = [(20, "Phòng chống sốt xuất huyết mùa mưa", "y tế", 150),
         (21, "Lịch gieo cấy vụ Mùa", "nông nghiệp", 120),
         (22, "Thông báo tiêm chủng mở rộng tháng 9", "thông báo", 60)]


def at(day, hh, mm, s=0):
    t = datetime.datetime(day.year, day.month, day.day, hh, mm) + datetime.timedelta(seconds=s)
    return t.strftime("%Y-%m-%dT%H:%M:%S")


class DocxTest(StationTest):
    init_args = ["--tz", "Asia/Ho_Chi_Minh", "--name", "Đài truyền thanh xã Đức Hòa"]

    def quarter(self):
        """Q3 2026, Monday to Saturday at 06:00 and 17:00: jingle, a CCHC item,
        another item, closing. 2 September (national day) is a blackout;
        the PC was off on 14-15 August; on 8 July the health item's file
        was missing. Returns the figures worked out here, independently."""
        lines, row = [], 0
        fig = {"programmes": 0, "cchc_airings": 0, "cchc_items": set(), "airings": 0, "not_aired": 0,
               "skipped": 0, "partial": 0}
        day = datetime.date(2026, 7, 1)
        n = 0
        while day < datetime.date(2026, 10, 1):
            if day.weekday() == 6:
                day += datetime.timedelta(days=1)
                continue
            for hh in (6, 17):
                n += 1
                sched = at(day, hh, 0)
                cchc, other = CCHC[n % 3], OTHER[n % 3]
                if day == datetime.date(2026, 9, 2):
                    row += 1
                    fig["skipped"] += 1
                    lines.append(record("skipped", "blackout day", sched, 1, 0, "Chương trình phát thanh", "")
                                 + "\tblackout")
                    continue
                if day in (datetime.date(2026, 8, 14), datetime.date(2026, 8, 15)):
                    row += 1
                    fig["not_aired"] += 1
                    lines.append(record("missed", "loa was not running at the time", sched, 1, 0,
                                        "Chương trình phát thanh", "") + "\tmissed_downtime")
                    continue
                row += 1
                lines.append(begin(sched, sched, 0, 1, 0, "Chương trình phát thanh", "", playlist="Chương trình",
                                   sha=""))
                played, pos, failed = 0, 0, False
                for clip, title, topic, secs in (JINGLE, cchc, other, CLOSING):
                    pos += 1
                    if day == datetime.date(2026, 7, 8) and hh == 6 and clip == other[0]:
                        lines.append(itemrec(row, pos, clip, title, topic, "failed", "", "clip_missing"))
                        failed = True
                        continue
                    lines.append(item(row, pos, clip, title, topic, at(day, hh, 0, played)))
                    lines.append(itemend(row, pos, "completed", secs))
                    played += secs
                    if clip in (10, 11, 12):
                        fig["cchc_airings"] += 1
                        fig["cchc_items"].add(clip)
                    if clip >= 10:
                        fig["airings"] += 1
                lines.append(end(row, "partial" if failed else "completed", sched, played, "",
                                 "clip_missing" if failed else ""))
                fig["programmes"] += 1
                fig["partial"] += failed
            day += datetime.timedelta(days=1)
        p = subprocess.run([FILL, self.db, "script"], input="\n".join(lines) + "\n", capture_output=True,
                           text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        return fig

    def test_libreoffice_renders_the_document(self):
        fig = self.quarter()
        conf = self.path("loa.conf")
        with open(conf, "w") as f:
            f.write("[report]\nrecipients = UBND tỉnh Hà Tĩnh (qua Sở Văn hóa, Thể thao và Du lịch);"
                    "Thường trực Đảng ủy xã;Lưu: VT, VHXH\n"
                    "signer_title = KT. CHỦ TỊCH;PHÓ CHỦ TỊCH\nsigner = Nguyễn Văn An\n")
        out = self.path("bao-cao-quy-3.docx")
        self.loa("--config", conf, "report", "--quarter", "2026Q3", "-o", out)
        j = self.loa("--config", conf, "report", "--quarter", "2026Q3", "--format", "json").json()
        self.assertEqual((j["cchc"]["airings"], j["cchc"]["items"], j["totals"]["programmes"]),
                         (fig["cchc_airings"], len(fig["cchc_items"]), fig["programmes"]))
        self.assertEqual((j["totals"]["not_aired"], j["totals"]["skipped"], j["totals"]["by_status"]["partial"]),
                         (fig["not_aired"], fig["skipped"], fig["partial"]))
        self.assertEqual(fig["partial"], 1)

        profile = tempfile.mkdtemp(prefix="loa-lo-")
        try:
            p = subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                                "--convert-to", "pdf", "--outdir", self.dir, out],
                               capture_output=True, text=True, timeout=180)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        pdf = out[:-5] + ".pdf"
        self.assertTrue(os.path.exists(pdf), p.stdout + p.stderr)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        self.assertRegex(info, r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)")
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        self.assertGreaterEqual(pages, 3)
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
        self.assertRegex(fonts, "LiberationSerif|TimesNewRoman")
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout
        # pdftotext may split a word where a diacritic sits (justified text):
        # the text is compared without its blanks.
        flat = re.sub(r"\s+", "", text)
        first = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-l", "1", pdf, "-"], capture_output=True,
                                                 text=True, check=True).stdout)

        def has(needle, hay):
            self.assertIn(re.sub(r"\s+", "", needle), hay, needle)

        # The header: issuing body, national name and motto, number, place and date.
        for t in ("ỦY BAN NHÂN DÂN", "XÃ ĐỨC HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  "Độc lập - Tự do - Hạnh phúc", "/BC-UBND", "Đức Hòa, ngày", "BÁO CÁO",
                  "Kết quả tuyên truyền cải cách hành chính trên hệ thống truyền thanh cơ sở quý III năm 2026"):
            has(t, first)
        # The figures, in the narrative and in the table, Vietnamese style.
        has("đã phát %d tin, bài về cải cách hành chính với %d lượt phát trong %d buổi phát"
            % (len(fig["cchc_items"]), fig["cchc_airings"], fig["programmes"]), flat)
        has("I. KẾT QUẢ THỰC HIỆN", flat)
        has("Có %d buổi phát không thực hiện được và %d trường hợp bị gián đoạn hoặc lỗi một phần"
            % (fig["not_aired"], fig["partial"]), flat)
        has("Ngày tạm ngừng phát (nghỉ lễ)", flat)
        has("Lịch gieo cấy vụ Mùa", flat)
        has("Tệp âm thanh không còn trong thư viện", flat)
        # The officer's own parts are left for the officer.
        has("II. ĐÁNH GIÁ CHUNG", flat)
        has("[Đánh giá ưu điểm", flat)
        # The signature block.
        for t in ("Nơi nhận:", "- UBND tỉnh Hà Tĩnh (qua Sở Văn hóa, Thể thao và Du lịch);", "- Lưu: VT, VHXH.",
                  "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"):
            has(t, flat)
        # The appendix, with the chain's verdict and head; no hash before it.
        body, appendix = flat.split("KIỂMTRANHẬTKÝPHÁTTHANH", 1)
        has("Nhật ký toàn vẹn, không bị sửa đổi", appendix)
        self.assertNotRegex(body, "[0-9a-f]{32}")
        self.assertIn(j["chain"]["head"][:24], appendix)
        # Pages for a person to look at.
        os.makedirs(SCREENS, exist_ok=True)
        for old in os.listdir(SCREENS):
            if old.startswith("report-docx-"):
                os.unlink(os.path.join(SCREENS, old))
        subprocess.run(["pdftoppm", "-r", "70", "-png", pdf, os.path.join(SCREENS, "report-docx-page")],
                       check=True)
        pngs = sorted(x for x in os.listdir(SCREENS) if x.startswith("report-docx-page"))
        self.assertEqual(len(pngs), pages)


if __name__ == "__main__":
    main()
