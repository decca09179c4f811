"""A quarter aired by the daemon on the simulated clock, and the report that
comes of it, checked against figures worked out here from the schedule
alone.

The station airs a morning and an evening programme (jingle, a CCHC item,
another item, closing) Monday to Saturday and a single-clip notice every
day. During the quarter: the health item of the morning programme passes
its last valid day; the agriculture item's library file is removed for a
week and then restored by adding the file again; 2 September is a
blackout day; the PC is off for a day and a half. The daemon is the real
one (`loa run` with LOA_CLOCK=sim, the file output), so every row and item
row is written as on a commune's PC. Afterwards the chain verifies, and an
item row changed behind loa's back is named by `loa log verify`.
"""
import datetime
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main, tone  # noqa: E402
from runtest import RunTest, ZONE  # noqa: E402

D = datetime.timedelta(days=1)
Q3 = datetime.date(2026, 7, 1), datetime.date(2026, 10, 1)
HEALTH_LAST_DAY = datetime.date(2026, 8, 15)
AGRI_GONE = datetime.date(2026, 7, 20), datetime.date(2026, 7, 27)   # removed .. restored
BLACKOUT = datetime.date(2026, 9, 2)
OFF = datetime.datetime(2026, 8, 20, 5, 0, tzinfo=ZONE), datetime.datetime(2026, 8, 21, 12, 0, tzinfo=ZONE)

# title, topic as typed, seconds, tone frequency
CLIPS = {
    "jingle": ("Nhạc hiệu", "nhạc hiệu", 0.2, 300),
    "closing": ("Kết thúc chương trình", "kết thúc", 0.1, 350),
    "cchc1": ("Dịch vụ công trực tuyến", "CCHC", 0.4, 500),
    "cchc2": ("Một cửa liên thông", "Cải cách hành chính", 0.35, 550),
    "health": ("Phòng chống sốt xuất huyết", "y tế", 0.3, 600),
    "agri": ("Lịch gieo cấy vụ Mùa", "nông nghiệp", 0.3, 650),
    "notice": ("Thông báo lịch tiêm chủng", "thông báo", 0.25, 700),
}
CONTENT = ("cchc1", "cchc2", "health", "agri", "notice")
MORNING = ("jingle", "cchc1", "health", "closing")
EVENING = ("jingle", "cchc2", "agri", "closing")


def t(day, hh, mm=0):
    return datetime.datetime(day.year, day.month, day.day, hh, mm, tzinfo=ZONE)


def expected():
    """Every airing of the quarter and what becomes of it, from the schedule
    and the events above alone."""
    e = {"status": {}, "airings": {k: 0 for k in CLIPS}, "played": {k: 0.0 for k in CLIPS},
         "programmes": 0, "missed": 0, "skipped": 0, "partial": 0, "expired_items": 0, "failed_items": 0,
         "cchc_programmes": 0, "cchc_by_month": {7: 0, 8: 0, 9: 0}}

    def count(status):
        e["status"][status] = e["status"].get(status, 0) + 1

    day = Q3[0]
    while day < Q3[1]:
        slots = [(t(day, 11, 30), ("notice",))]
        if day.weekday() != 6:
            slots += [(t(day, 6), MORNING), (t(day, 17), EVENING)]
        for when, items in slots:
            if day == BLACKOUT:
                count("skipped")
                e["skipped"] += 1
                continue
            if OFF[0] <= when < OFF[1] - datetime.timedelta(minutes=5):
                count("missed")
                e["missed"] += 1
                continue
            failed = False
            for k in items:
                if k == "health" and day > HEALTH_LAST_DAY:
                    e["expired_items"] += 1
                    continue
                if k == "agri" and AGRI_GONE[0] <= day < AGRI_GONE[1]:
                    e["failed_items"] += 1
                    failed = True
                    continue
                e["airings"][k] += 1
                e["played"][k] += CLIPS[k][2]
                if k.startswith("cchc"):
                    e["cchc_by_month"][day.month] += 1
            if any(k.startswith("cchc") for k in items):
                e["cchc_programmes"] += 1
            e["programmes"] += 1
            e["partial"] += failed
            count("partial" if failed else "completed")
        day += D
    return e


class QuarterTest(RunTest):
    def add(self, key):
        title, topic, secs, freq = CLIPS[key]
        path = tone(self.path(key + ".wav"), seconds=secs, freq=freq, rate=8000, channels=1)
        args = ["clip", "add", path, "--title", title, "--topic", topic]
        if key == "health":
            args += ["--valid-until", HEALTH_LAST_DAY.isoformat()]
        self.loa(*args, env=self.clock(t(Q3[0], 0) - D))
        return [c["id"] for c in self.loa("clip", "list", "--format", "json").json() if c["title"] == title][0]

    def setup_station(self):
        ids = {k: self.add(k) for k in CLIPS}
        env = self.clock(t(Q3[0], 0) - D)
        self.loa("playlist", "create", "Buổi sáng", *[ids[k] for k in MORNING], env=env)
        self.loa("playlist", "create", "Buổi chiều", *[ids[k] for k in EVENING], env=env)
        last = (Q3[1] - D).isoformat()
        self.loa("slot", "add", "--playlist", "Buổi sáng", "--at", "06:00", "--days", "mon-sat", "--from",
                 Q3[0].isoformat(), "--until", last, env=env)
        self.loa("slot", "add", "--playlist", "Buổi chiều", "--at", "17:00", "--days", "mon-sat", "--from",
                 Q3[0].isoformat(), "--until", last, env=env)
        self.loa("slot", "add", "--clip", ids["notice"], "--at", "11:30", "--from", Q3[0].isoformat(),
                 "--until", last, env=env)
        ics = self.path("nghi-le.ics")
        with open(ics, "w") as f:
            f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa test//VI\r\nBEGIN:VEVENT\r\n"
                    "UID:quoc-khanh-2026@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260902\r\n"
                    "SUMMARY:Quốc khánh\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        self.loa("slot", "import", "--blackout", ics, env=env)
        return ids

    def test_quarter_figures_equal_the_schedule(self):
        ids = self.setup_station()
        agri_path = self.clip_path(ids["agri"])
        # July 1 to 20; the agriculture item's file goes missing.
        self.run_sim(t(Q3[0], 0), t(AGRI_GONE[0], 0))
        os.rename(agri_path, self.path("agri-lost.wav"))
        self.run_sim(t(AGRI_GONE[0], 0), t(AGRI_GONE[1], 0))
        # The officer adds the same file again: the library copy is back.
        r = self.loa("clip", "add", self.path("agri.wav"), env=self.clock(t(AGRI_GONE[1], 0)))
        self.assertIn("restored the library copy of clip %d" % ids["agri"], r.out)
        self.assertTrue(os.path.exists(agri_path))
        self.run_sim(t(AGRI_GONE[1], 0), OFF[0])
        self.run_sim(OFF[1], t(Q3[1], 0))
        self.loa("log", "verify")

        e = expected()
        j = self.loa("report", "--quarter", "2026Q3", "--format", "json").json()
        tot = j["totals"]
        self.assertTrue(j["chain"]["intact"])
        by_status = {k: v for k, v in tot["by_status"].items() if v}
        self.assertEqual(by_status, e["status"])
        self.assertEqual(tot["programmes"], e["programmes"])
        self.assertEqual(tot["not_aired"], e["missed"])
        self.assertEqual(tot["skipped"], e["skipped"])
        self.assertEqual(tot["items"], len(CONTENT))
        self.assertEqual(tot["airings"], sum(e["airings"][k] for k in CONTENT))
        self.assertEqual(tot["furniture"]["airings"], e["airings"]["jingle"] + e["airings"]["closing"])
        self.assertAlmostEqual(tot["airtime_s"], sum(e["played"].values()), delta=1)
        cchc = j["cchc"]
        self.assertEqual(cchc["items"], 2)
        self.assertEqual(cchc["airings"], e["airings"]["cchc1"] + e["airings"]["cchc2"])
        self.assertEqual(cchc["programmes"], e["cchc_programmes"])
        self.assertAlmostEqual(cchc["airtime_s"], e["played"]["cchc1"] + e["played"]["cchc2"], delta=1)
        topics = {x["topic"]: x["airings"] for x in j["by_topic"]}
        self.assertEqual(topics, {
            "cải cách hành chính": e["airings"]["cchc1"] + e["airings"]["cchc2"],
            "y tế": e["airings"]["health"],
            "nông nghiệp": e["airings"]["agri"],
            "thông báo": e["airings"]["notice"],
            "chương trình": e["airings"]["jingle"] + e["airings"]["closing"],
        })
        self.assertEqual([m["cchc_airings"] for m in j["by_month"]],
                         [e["cchc_by_month"][m] for m in (7, 8, 9)])
        # The misses and the week without the agriculture item's file.
        probs = {}
        for p in j["problems"]:
            probs[(p["status"], p["reason_code"], p["item"])] = probs.get((p["status"], p["reason_code"],
                                                                            p["item"]), 0) + 1
        self.assertEqual(probs, {("missed", "missed_downtime", ""): e["missed"],
                                 ("failed", "clip_missing", CLIPS["agri"][0]): e["failed_items"]})
        skips = {(s["reason_code"], s["programmes"], s["items"]) for s in j["skipped"]}
        self.assertEqual(skips, {("blackout", e["skipped"], 0), ("clip_expired", 0, e["expired_items"])})
        # The health item stops at its last day, inside the morning programme.
        last = max(c["last"] for c in j["by_clip"] if c["title"] == CLIPS["health"][0])
        self.assertEqual(last[:10], HEALTH_LAST_DAY.isoformat() if HEALTH_LAST_DAY.weekday() != 6
                         else (HEALTH_LAST_DAY - D).isoformat())

        # An item row of a programme changed behind loa's back is named.
        rows = self.loa("log", "--format", "csv", "--from", "2026-08-03", "--to", "2026-08-03").csv()
        morning = [r for r in rows if r["playlist"] == "Buổi sáng"][0]
        p = subprocess.run(["sqlite3", self.db], input="DROP TRIGGER airing_item_no_update;"
                           " UPDATE airing_item SET title = 'Tin khác' WHERE airing_id = %s AND position = 2;"
                           % morning["id"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row %s (seq %s) or its items were changed" % (morning["id"], morning["seq"]), r.err)


if __name__ == "__main__":
    main()
