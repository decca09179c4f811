"""loa status, run --check and slot add when the loudspeakers would fall
silent (issue 19, "Did this morning's broadcast go out?").

The daemon airs two days of a programme on the simulated clock; an item's
library file goes missing and the sound device fails to open; then `loa
status` must tell the officer, by title and in Vietnamese, what aired, what
failed and why, what comes next and what to do. A real-time daemon shows as
running, with what it has on air.
"""
import datetime
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from runtest import T0, RunTest, iso  # noqa: E402

H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)
S = datetime.timedelta(seconds=1)
D = datetime.timedelta(days=1)
# Vietnamese messages without depending on a generated vi_VN locale.
VI = {"LC_ALL": "", "LANG": "C.UTF-8", "LANGUAGE": "vi"}
MON = T0.replace(hour=0)  # Monday 4 March 2024, 00:00 (+07:00)


class StatusTest(RunTest):
    def programme(self):
        """Jingle + a CCHC notice valid until Thursday, 06:00 and 17:00
        Monday to Saturday, this week only."""
        jingle = self.clip("Nhạc hiệu", 0.3, 440)
        notice = self.clip("Thông báo CCHC quý 1", 0.4, 660)
        self.loa("clip", "edit", notice, "--valid-until", "2024-03-07")
        self.loa("playlist", "create", "Bản tin sáng", jingle, notice)
        self.loa("slot", "add", "--playlist", "Bản tin sáng", "--at", "06:00,17:00", "--days", "mon-sat",
                 "--from", "2024-03-04", "--until", "2024-03-09")
        return jingle, notice

    def status(self, at, env=None, expect=1):
        e = dict(self.clock(at))
        e.update(env or {})
        return self.loa("status", env=e, expect=expect)

    def status_json(self, at, expect=1):
        """The status as JSON; expect None: whatever the exit status."""
        if expect is None:
            return self.run_loa("status", "--format", "json", env=self.clock(at)).json()
        return self.loa("status", "--format", "json", env=self.clock(at), expect=expect).json()

    def test_two_days_by_title_failures_next_and_warnings(self):
        jingle, notice = self.programme()
        # Monday 06:00 and 17:00, Tuesday 06:00 air in full.
        self.run_sim(T0, MON + D + 7 * H)
        # The notice's library file is lost: Tuesday 17:00 airs the jingle
        # only (partial). Then Wednesday 06:00 the sound device fails.
        os.remove(self.clip_path(notice))
        self.run_sim(MON + D + 16 * H, MON + D + 18 * H)
        self.loa("run", "--output", "null:fail-open", "--until", iso(MON + 2 * D + 7 * H),
                 env=self.clock(MON + 2 * D + 5 * H))
        at = MON + 2 * D + 9 * H  # Wednesday 09:00
        st = self.status_json(at)
        self.assertEqual(st["station"], "Đài xã Thử Nghiệm")
        self.assertEqual(st["now"], "2024-03-06T09:00:00+07:00")
        self.assertIs(st["daemon"]["running"], False)
        self.assertIs(st["daemon"]["device_ok"], False)
        # Tried when the 06:00 airing was prepared, in its pre-roll.
        self.assertRegex(st["daemon"]["device_checked"], r"^2024-03-0(6T06:00:00|6T05:59:5\d)\+07:00$")
        self.assertEqual(st["daemon"]["device_reason_code"], "device_error")
        # Yesterday and today: four airings, by instant.
        got = [(a["scheduled"], a["status"], a["reason_code"]) for a in st["aired"]]
        self.assertEqual(got, [("2024-03-05T06:00:00+07:00", "completed", None),
                               ("2024-03-05T17:00:00+07:00", "partial", "clip_missing"),
                               ("2024-03-06T06:00:00+07:00", "failed", "device_error")])
        partial = st["aired"][1]
        self.assertEqual([(i["title"], i["status"], i["reason_code"]) for i in partial["items"]],
                         [("Nhạc hiệu", "completed", None),
                          ("Thông báo CCHC quý 1", "failed", "clip_missing")])
        self.assertIsNone(st["on_air"])
        # Next: Wednesday 17:00 onwards, five of them.
        self.assertEqual([n["start"] for n in st["next"]],
                         ["2024-03-06T17:00:00+07:00", "2024-03-07T06:00:00+07:00",
                          "2024-03-07T17:00:00+07:00", "2024-03-08T06:00:00+07:00",
                          "2024-03-08T17:00:00+07:00"])
        self.assertEqual(st["next"][0]["title"], "Bản tin sáng")
        codes = {w["code"]: w for w in st["warnings"]}
        self.assertEqual(set(codes), {"daemon_stopped", "no_device", "schedule_ends", "clip_expires"})
        self.assertEqual(codes["schedule_ends"]["at"], "2024-03-09T17:00:00+07:00")
        self.assertEqual(codes["clip_expires"]["clip"], notice)
        self.assertEqual(codes["clip_expires"]["date"], "2024-03-07")

        # The screen, in Vietnamese: by title, never a path or a hash.
        r = self.status(at, env=VI)
        out = r.out
        self.assertIn("Chương trình loa: KHÔNG chạy", out)
        self.assertRegex(out, r"Thiết bị âm thanh: KHÔNG hoạt động lúc 06/03/2024 0(5:59|6:00) "
                              r"\('null:fail-open'\)")
        self.assertIn("(06/03/2024 0", out)
        self.assertIn("'null:fail-open': thiết bị phát âm thanh không mở được", out)
        self.assertIn("Hôm nay, 06/03/2024:", out)
        self.assertIn("Hôm qua, 05/03/2024:", out)
        self.assertIn("06:00  Bản tin sáng — đã phát trọn vẹn", out)
        self.assertIn("17:00  Bản tin sáng — đã phát, nhưng có tin bị lỗi", out)
        self.assertIn("2. Thông báo CCHC quý 1 — lỗi: tệp âm thanh không còn trong thư viện", out)
        self.assertIn("06:00  Bản tin sáng — lỗi: thiết bị phát âm thanh không mở được", out)
        self.assertIn("06/03/2024 17:00  Bản tin sáng", out)
        self.assertIn("lịch phát sắp hết: lượt phát cuối cùng lúc 09/03/2024 17:00", out)
        self.assertIn("tệp âm thanh %d 'Thông báo CCHC quý 1' chỉ được phát đến hết 07/03/2024" % notice, out)
        self.assertIn("bật chương trình loa bằng 'systemctl start loa'", out)
        self.assertNotIn("/clips/", out)
        self.assertIsNone(re.search(r"[0-9a-f]{64}", out))
        words = out.replace("'null:fail-open'", "")
        for english in ("completed", "partial", "failed", "normal", "true", "false", "null"):
            self.assertNotRegex(words, r"\b%s\b" % english)
        self.assertIsNone(re.search(r"\d{4}-\d\d-\d\dT", out))

    def test_all_well_exits_0(self):
        c = self.clip("Tin", 0.3)
        self.loa("slot", "add", "--clip", c, "--at", "06:00", "--days", "mon-sun", "--from", "2024-03-04")
        p = self.start_daemon(T0)
        self.wait_for(lambda: self.status_json(T0, expect=None)["daemon"]["running"], what="the lock")
        r = self.loa("status", env=self.clock(T0))
        self.assertIn("Nothing needs you", r.out)
        self.stop_daemon(p)

    def test_running_daemon_and_on_air(self):
        c = self.clip("Tin dài", 3.0)
        start = T0 + 2 * S
        self.slot(c, start)
        p = self.start_daemon(T0)
        st = self.wait_for(lambda: (lambda s: s if s["on_air"] else None)(
            self.status_json(T0, expect=None)), timeout=30, what="the airing on air")
        self.assertIs(st["daemon"]["running"], True)
        self.assertEqual(st["daemon"]["pid"], p.pid)
        self.assertIs(st["daemon"]["device_ok"], True)
        self.assertEqual(st["on_air"]["title"], "Tin dài")
        self.assertEqual(st["on_air"]["status"], "playing")
        r = self.run_loa("status", env=self.clock(T0))
        self.assertIn("On air now: Tin dài (slot", r.out)
        self.stop_daemon(p)
        st = self.status_json(T0, expect=None)
        self.assertIs(st["daemon"]["running"], False)
        self.assertIsNone(st["on_air"])

    def test_fresh_station_and_slot_without_clip(self):
        st = self.status_json(T0)
        self.assertEqual([w["code"] for w in st["warnings"]], ["no_slots"])
        self.assertIsNone(st["daemon"]["running"] or None)
        self.assertIsNone(st["daemon"]["device_ok"])
        c = self.clip("Sẽ xóa", 0.3)
        sid = self.slot(c, T0 + H, "FREQ=DAILY")
        self.loa("clip", "rm", c, "--force")
        st = self.status_json(T0)
        w = [w for w in st["warnings"] if w["code"] == "slot_no_clip"]
        self.assertEqual(len(w), 1, st["warnings"])
        self.assertEqual(w[0]["slot"], sid)
        self.assertEqual(w[0]["at"], iso(T0 + H))
        r = self.loa("status", env=self.clock(T0), expect=1)
        self.assertIn("loa slot edit %d --clip" % sid, r.out)
        r = self.loa("status", "--format", "csv", env=self.clock(T0), expect=2)
        self.assertIn("--format json", r.err)


class CheckTest(RunTest):
    """loa run --check: a quarter that ran out is not "ready to air"."""

    def test_schedule_ran_out_fails(self):
        c = self.clip("Tin", 0.3)
        self.loa("slot", "add", "--clip", c, "--at", "06:00,17:00", "--days", "mon-sat",
                 "--from", "2024-01-01", "--until", "2024-03-31")
        r = self.loa("run", "--check", "--output", "null", env=self.clock(T0))
        self.assertIn("ready to air", r.out)
        self.assertNotIn("schedule ends", r.err)
        # Five days before the end: a warning, still ready.
        r = self.loa("run", "--check", "--output", "null", env=self.clock(T0 + 22 * D))
        self.assertIn("the schedule ends within 7 days: the last airing is at 2024-03-30 17:00", r.err)
        self.assertIn("ready to air", r.out)
        # After the end: nothing will air although slots exist: exit 1.
        r = self.loa("run", "--check", "--output", "null", env=self.clock(T0 + 30 * D), expect=1)
        self.assertIn("nothing will air in the next 7 days, although the station has 1 enabled slot(s)",
                      r.err)
        self.assertNotIn("ready to air", r.out)
        r = self.loa("run", "--check", "--output", "null", env=dict(self.clock(T0 + 30 * D), **VI),
                     expect=1)
        self.assertIn("7 ngày tới sẽ không có lượt phát nào", r.err)


class SlotAddTest(RunTest):
    """slot add warns at once when none of the slot's airings will air."""

    def test_clip_invalid_on_every_date(self):
        c = self.clip("Thông báo tháng 1", 0.3)
        self.loa("clip", "edit", c, "--valid-from", "2024-01-01", "--valid-until", "2024-01-31")
        r = self.loa("slot", "add", "--clip", c, "--at", "06:00", "--days", "mon-fri",
                     "--from", "2024-03-04", "--until", "2024-03-29", env=self.clock(T0))
        self.assertIn("Added slot", r.out)
        self.assertIn("none of the 20 airing(s) of slot 1 will air: clip %d 'Thông báo tháng 1' may air "
                      "only from 2024-01-01 to 2024-01-31" % c, r.err)
        self.assertIn("loa clip edit %d" % c, r.err)
        r = self.loa("slot", "add", "--clip", c, "--at", "07:00", "--days", "mon-fri",
                     "--from", "2024-03-04", "--until", "2024-03-29", env=dict(self.clock(T0), **VI))
        self.assertIn("chỉ được phát từ 01/01/2024 đến 31/01/2024", r.err)
        # A clip valid on some of the dates: no warning.
        ok = self.clip("Tin", 0.3, 880)
        self.loa("clip", "edit", ok, "--valid-until", "2024-03-10")
        r = self.loa("slot", "add", "--clip", ok, "--at", "08:00", "--from", "2024-03-04",
                     env=self.clock(T0))
        self.assertEqual(r.err, "")

    def test_times_in_the_past_only(self):
        c = self.clip("Tin", 0.3)
        r = self.loa("slot", "add", "--clip", c, "--at", "06:00", "--from", "2024-01-01",
                     "--until", "2024-01-31", env=self.clock(T0))
        self.assertIn("slot 1 will not air: none of its times falls within the coming year", r.err)

    def test_every_airing_taken_by_a_higher_tier(self):
        # An emergency programme of 6 minutes at 06:00 on the same days: the
        # normal slot at 06:01 would start later than the lateness allows.
        long = self.clip("Cảnh báo bão", 400, 220)
        short = self.clip("Tin", 0.3)
        self.loa("slot", "add", "--clip", long, "--at", "06:00", "--days", "mon-fri", "--from", "2024-03-04",
                 "--until", "2024-03-08", "--tier", "emergency", env=self.clock(T0))
        r = self.loa("slot", "add", "--clip", short, "--at", "06:00", "--days", "mon-fri",
                     "--from", "2024-03-04", "--until", "2024-03-08", env=self.clock(T0))
        self.assertIn("none of the 5 airing(s) of slot 2 will air: at each of its times, slot 1 takes the "
                      "air", r.err)


if __name__ == "__main__":
    main()
