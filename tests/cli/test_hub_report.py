"""The province's report and station list at the hub, end to end: three real
stations whose airing logs the store's own writers filled
(tests/tools/airlog_fill), each with its own topic list, send their rows up
through the real `loa link` and a real Mosquitto into a real PostgreSQL
(`loa-hub run`); then `loa-hub report` must say for each commune exactly
what that commune's own `loa report` says for the same period (compared key
by key from both JSONs, no number written here), the province's totals must
be the sum, the workbook must open and the html must parse; `loa-hub
stations` must show a station offline once its link is killed (its last
will), and the others online with nothing left to send.
"""
import csv
import html.parser
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from hubtest import HUB, MISSING, HubTest, wait_for  # noqa: E402

try:
    import openpyxl
except ImportError:  # pragma: no cover
    openpyxl = None

# Counted figures (share is a ratio: checked on its own).
SUMMED = ("items", "airings", "programmes", "airtime_s", "content_airtime_s", "not_aired", "skipped", "late")


class Html(html.parser.HTMLParser):
    """Checks that every element opened is closed, and keeps the text."""

    VOID = {"meta", "br", "img", "link", "input", "hr"}

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, "</%s> closes %s" % (tag, self.stack[-1:])
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@unittest.skipIf(MISSING, "the hub's report test needs: %s" % ", ".join(MISSING))
class HubReportTest(HubTest):
    def hub(self, *args, expect=0):
        r = subprocess.run([HUB, args[0], "--db", self.pg.url(self.hubdb)] + list(args[1:]),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, expect, r.stderr)
        return r.stdout

    def test_every_commune_has_a_sheet_of_its_own(self):
        # A spreadsheet's sheet name has at most 31 characters and ignores
        # case: ids alike in their first 31, or only in case, or the
        # summary's own name, still give one sheet each.
        ids = ["xa-duc-hoa-huyen-duc-hoa-tinh-long-an-1", "xa-duc-hoa-huyen-duc-hoa-tinh-long-an-2", "S1", "s1",
               "summary", "Summary"]
        for sid in ids:
            self.pg.sql(self.hubdb, "INSERT INTO station (id, first_heard_ms, last_heard_ms) VALUES ('%s', 0, 0)"
                        % sid)
        out = self.path("tinh.xlsx")
        self.hub("report", "--quarter", "2026Q4", "--format", "xlsx", "-o", out)
        if openpyxl:
            names = openpyxl.load_workbook(out).sheetnames
            self.assertEqual(names, ["Tổng hợp", "S1", "Summary", "s1~2", "summary~2",
                                     "xa-duc-hoa-huyen-duc-hoa-tinh-l", "xa-duc-hoa-huyen-duc-hoa-tinh~2"])

    def test_the_provinces_report_equals_each_communes_own(self):
        dbs = {"s1": self.db, "s2": self.path("s2", "station.db"), "s3": self.path("s3", "station.db")}
        self.loa("--db", dbs["s2"], "init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài truyền thanh xã Hai",
                 db=False)
        self.loa("--db", dbs["s3"], "init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài truyền thanh xã Ba",
                 db=False)
        # Programmes of 3, 4 and 2 items across the quarter's first day;
        # a station's own topic list decides what
        # counts: at s2 "Y tế" is programme furniture, at s3 CCHC was
        # renamed (its old name an alias). The hub must follow both.
        self.generate(400, "2026-09-15T06:00:00+07:00", step_s=3 * 3600, items=3)
        self.generate(300, "2026-09-25T06:30:00+07:00", step_s=4 * 3600, items=4, db=dbs["s2"])
        self.generate(250, "2026-09-28T07:00:00+07:00", step_s=5 * 3600, items=2, db=dbs["s3"])
        self.loa("--db", dbs["s2"], "topic", "rm", "Y tế", "--force", db=False)
        self.loa("--db", dbs["s2"], "topic", "add", "Y tế", "--furniture", db=False)
        self.loa("--db", dbs["s3"], "topic", "rename", "Cải cách hành chính", "CCHC và dịch vụ công", db=False)
        self.broker.start()
        self.start_hub()
        for sid, db in dbs.items():
            self.start_link(station=sid, db=db, name="link-" + sid)
        counts = {"s1": 400, "s2": 300, "s3": 250}
        for sid, n in counts.items():
            wait_for(sid + "'s rows acknowledged", lambda: self.mark(dbs[sid])[0] == n, 30)
            wait_for(sid + "'s status", lambda: self.pg.sql(
                self.hubdb, "SELECT jsonb_array_length(status->'topics') FROM station WHERE id = '%s'" % sid)
                not in ("", "0"), 10)

        hub = json.loads(self.hub("report", "--quarter", "2026Q4", "--format", "json"))
        self.assertEqual([s["station"] for s in hub["stations"]], ["s1", "s2", "s3"])
        for s in hub["stations"]:
            own = self.loa("--db", dbs[s["station"]], "report", "--quarter", "2026Q4", "--format", "json",
                           db=False).json()
            self.assertEqual(s["totals"], own["totals"], s["station"])
            self.assertEqual(s["cchc"], own["cchc"], s["station"])
            self.assertEqual(s["name"], own["station"])
            self.assertTrue(s["chain"]["intact"])
            self.assertGreater(own["totals"]["airings"], 0, (s["station"], own))
            self.assertGreater(own["cchc"]["airings"], 0)
        # The station's topic list mattered: s2 counts "Y tế" as furniture,
        # so its items differ from what the default list would give; s3's
        # report topic is CCHC under its new name.
        self.assertEqual(hub["stations"][2]["cchc"]["topic"], "CCHC và dịch vụ công")
        # (each programme opens with one jingle: more furniture than
        # programmes only where health items count as furniture)
        s1, s2 = hub["stations"][0]["totals"], hub["stations"][1]["totals"]
        self.assertLessEqual(s1["furniture"]["airings"], s1["programmes"])
        self.assertGreater(s2["furniture"]["airings"], s2["programmes"])
        # The province: the sum of its communes.
        for k in SUMMED:
            self.assertEqual(hub["totals"][k], sum(s["totals"][k] for s in hub["stations"]), k)
        for k in ("items", "airings", "airtime_s", "programmes"):
            self.assertEqual(hub["cchc"][k], sum(s["cchc"][k] for s in hub["stations"]), k)
        for st in hub["totals"]["by_status"]:
            self.assertEqual(hub["totals"]["by_status"][st],
                             sum(s["totals"]["by_status"][st] for s in hub["stations"]), st)
        self.assertAlmostEqual(hub["cchc"]["share"],
                               100.0 * hub["cchc"]["airtime_s"] / hub["totals"]["content_airtime_s"], delta=0.06)
        # Another period gives other figures: the period is honoured.
        sep = json.loads(self.hub("report", "--from", "1/9/2026", "--to", "30/9/2026", "--format", "json"))
        own = self.loa("--db", dbs["s2"], "report", "--from", "1/9/2026", "--to", "30/9/2026", "--format",
                       "json", db=False).json()
        self.assertEqual(sep["stations"][1]["totals"], own["totals"])
        self.assertNotEqual(sep["totals"]["airings"], hub["totals"]["airings"])

        # CSV: one line per commune and the province's.
        rows = list(csv.reader(io.StringIO(self.hub("report", "--quarter", "2026Q4", "--format", "csv"))))
        self.assertEqual(len(rows), 1 + 3 + 1)
        self.assertEqual([r[1] for r in rows[1:4]], ["s1", "s2", "s3"])
        self.assertEqual(int(rows[4][4]), hub["totals"]["airings"])
        self.assertIn("Mã đài", rows[0])
        # html: well formed, every commune's section, Vietnamese wording.
        page = self.hub("report", "--quarter", "2026Q4", "--format", "html")
        # Kept for a look in a browser: $LOA_BUILD/screens/hub-report.html.
        screens = os.path.join(os.environ.get("LOA_BUILD", "."), "screens")
        os.makedirs(screens, exist_ok=True)
        with open(os.path.join(screens, "hub-report.html"), "w") as f:
            f.write(page)
        p = Html()
        p.feed(page)
        p.close()
        self.assertEqual(p.stack, [])
        text = " ".join(p.text)
        for name in ("Đài truyền thanh xã Hai", "Đài truyền thanh xã Ba", "Toàn tỉnh", "quý IV năm 2026"):
            self.assertIn(name, text)
        # xlsx: opens; the summary's figures are the JSON's.
        if openpyxl:
            out = self.path("tinh.xlsx")
            self.hub("report", "--quarter", "2026Q4", "--format", "xlsx", "-o", out)
            wb = openpyxl.load_workbook(out)
            self.assertEqual(wb.sheetnames, ["Tổng hợp", "s1", "s2", "s3"])
            ws = wb["Tổng hợp"]
            self.assertEqual([ws.cell(4 + i, 4).value for i in range(3)],
                             [s["totals"]["items"] for s in hub["stations"]])
            self.assertEqual(ws.cell(7, 5).value, hub["totals"]["airings"])
        self.hub("report", "--quarter", "2026Q4", "--format", "xlsx", expect=1)  # needs -o
        text = self.hub("report", "--year", "2026")
        self.assertIn("Toàn tỉnh", text)
        with open(os.path.join(screens, "hub-report.txt"), "w") as f:
            f.write(text)

        # The station list: all online, nothing left to send; then s3's link
        # is killed and its last will marks it offline.
        lst = {s["station"]: s for s in json.loads(self.hub("stations", "--format", "json"))}
        self.assertEqual({k: (v["online"], v["unsent"], v["rows_held"]) for k, v in lst.items()},
                         {k: (True, 0, n) for k, n in counts.items()})
        self.assertEqual(lst["s2"]["name"], "Đài truyền thanh xã Hai")
        self.stop("link-s3", signal.SIGKILL)
        wait_for("s3's last will", lambda: json.loads(self.hub("stations", "--format", "json"))[2]["online"] is False,
                 15)
        lst = {s["station"]: s for s in json.loads(self.hub("stations", "--format", "json"))}
        self.assertEqual([lst[k]["online"] for k in ("s1", "s2", "s3")], [True, True, False])
        # What s3 last said is kept: its name and its backlog.
        self.assertEqual((lst["s3"]["name"], lst["s3"]["unsent"]), ("Đài truyền thanh xã Ba", 0))
        table = self.hub("stations", "--format", "table").splitlines()
        with open(os.path.join(screens, "hub-stations.txt"), "w") as f:
            f.write("\n".join(table) + "\n")
        self.assertEqual(len(table), 1 + 3)
        self.assertIn("s3", table[3])
        self.assertIn(" yes ", table[1])  # online
        self.assertIn(" no ", table[3])
        rows = list(csv.DictReader(io.StringIO(self.hub("stations"))))  # not a terminal: CSV
        self.assertEqual([r["online"] for r in rows], ["true", "true", "false"])
        self.assertEqual([r["unsent"] for r in rows], ["0", "0", "0"])

        # A chain problem the ingest recorded (test_link makes real ones)
        # is the commune's verdict, and the province's.
        self.pg.sql(self.hubdb, "UPDATE station SET problem_seq = 41, problem = 'row 41 (id 41) does not match"
                                " its hash' WHERE id = 's2'")
        bad = json.loads(self.hub("report", "--quarter", "2026Q4", "--format", "json"))
        self.assertEqual([s["chain"]["intact"] for s in bad["stations"]], [True, False, True])
        self.assertEqual((bad["stations"][1]["chain"]["bad_seq"], bad["chain"]["intact"]), (41, False))
        self.assertEqual(bad["totals"], hub["totals"])
        self.assertIn("KHÔNG ĐẠT", self.hub("report", "--quarter", "2026Q4", "--format", "html"))

        # The station's `loa hub ARGS` is loa-hub's (found beside loa).
        r = self.loa("hub", "stations", "--format", "json", "--db", self.pg.url(self.hubdb), db=False)
        self.assertEqual(json.loads(r.out), json.loads(self.hub("stations", "--format", "json")))
        self.assertIn("loa-hub report", self.loa("hub", "report", "--help", db=False).out)
        # Without loa-hub anywhere: a clear word of what to install.
        alone = self.path("alone", "loa")
        os.makedirs(os.path.dirname(alone), exist_ok=True)
        shutil.copy(os.environ.get("LOA_BIN", "loa"), alone)
        p = subprocess.run([alone, "hub", "stations"], capture_output=True, text=True,
                           env=dict(os.environ, PATH="/usr/bin:/bin"))
        self.assertEqual(p.returncode, 127, p.stderr)
        self.assertIn("install loa-hub", p.stderr)


if __name__ == "__main__":
    main()
