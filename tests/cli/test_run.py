"""loa run on a simulated clock: a month of a busy station, downtime (late
and missed), faults at air time, overlapping tiers, hooks, --until, --check.

Every test runs the daemon's real loop (the real binary, the real agenda,
player and airing log) with LOA_CLOCK=sim:..., so days pass in seconds.
"""
import collections
import sqlite3
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from runtest import T0, RunTest, iso, parse  # noqa: E402

H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)
S = datetime.timedelta(seconds=1)
D = datetime.timedelta(days=1)


def key(slot, start):
    """An airing's identity: its slot and nominal start, as a UTC instant."""
    return (int(slot), parse(start).astimezone(datetime.timezone.utc))


class MonthTest(RunTest):
    def test_thirty_days_every_airing_exactly_once(self):
        news = self.clip("Bản tin sáng", 0.3, 440)
        music = self.clip("Nhạc", 0.2, 660)
        notice = self.clip("Thông báo", 0.25, 880)
        # 17 hourly airings a day, 3 priority notices at :30, and a weekly
        # normal slot that collides with the 07:00 news (same tier: the
        # lower slot id first, the other right after).
        self.slot(news, T0, "FREQ=DAILY;BYHOUR=5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21")
        self.slot(notice, T0 + 90 * M, "FREQ=DAILY;BYHOUR=6,12,18;BYMINUTE=30", tier="priority")
        self.slot(music, T0 + 2 * H, "FREQ=WEEKLY;BYDAY=MO,TH")
        end = T0 + 30 * D
        r = self.run_sim(T0, end)
        self.assertIn("--until reached", r.err)
        planned = self.agenda(T0, end)
        self.assertGreater(len(planned), 30 * 20)
        log = self.log("--from", iso(T0), "--to", iso(end))
        counts = collections.Counter(key(r["slot"], r["scheduled"]) for r in log)
        dup = [k for k, n in counts.items() if n > 1]
        self.assertEqual(dup, [], "airings logged more than once")
        by_key = {key(r["slot"], r["scheduled"]): r for r in log}
        for a in planned:
            k = key(a["slot"], a["nominal_start"])
            self.assertIn(k, by_key, "agenda airing %r is not in the log" % (a,))
            row = by_key[k]
            want = "skipped" if a.get("status") == "skipped" else "completed"
            self.assertEqual(row["status"], want, "%r -> %r" % (a, row))
            if want == "completed":
                # It started when the agenda said (after overlaps).
                self.assertLessEqual(abs((parse(row["started"]) - parse(a["start"])).total_seconds()), 1)
        self.assertEqual(len(log), len(planned))
        # The colliding weekly airing played right after the news, late by
        # the news's length, as the agenda showed.
        late = [r for r in log if r["late"] == "true"]
        self.assertTrue(late)
        for r in late:
            self.assertEqual(r["status"], "completed")
            self.assertGreater(float(r["delay"]), 0)
        # The chain the daemon wrote verifies.
        self.loa("log", "verify")


class DowntimeTest(RunTest):
    def test_late_and_missed_after_downtime(self):
        c = self.clip("Tin", 0.3)
        ids = [self.slot(c, T0 + k * 10 * M) for k in (1, 2, 3, 4)]
        # The computer is off from 05:00 to 05:33: 05:10 and 05:20 are more
        # than 5 minutes past (missed), 05:30 is 3 minutes past (plays late).
        self.run_sim(T0 + 33 * M, T0 + 50 * M)
        rows = {int(r["slot"]): r for r in self.log()}
        self.assertEqual(rows[ids[0]]["status"], "missed")
        self.assertEqual(rows[ids[1]]["status"], "missed")
        self.assertIn("not running", rows[ids[0]]["reason"])
        self.assertEqual(rows[ids[2]]["status"], "completed")
        self.assertEqual(rows[ids[2]]["late"], "true")
        self.assertAlmostEqual(float(rows[ids[2]]["delay"]), 180, delta=1)
        self.assertEqual(rows[ids[3]]["status"], "completed")
        self.assertEqual(rows[ids[3]]["late"], "false")
        # Restarting never replays nor logs anything twice.
        self.run_sim(T0 + 51 * M, T0 + 60 * M)
        self.assertEqual(len(self.log()), 4)

    def test_clock_behind_the_station_creation_still_airs(self):
        # The PC's clock was a day ahead when the station was made, then was
        # corrected: airings after the corrected "now" must still play, and
        # nothing is logged as missed before the station existed.
        ahead = T0 + D
        self.loa("init", "--tz", "Asia/Ho_Chi_Minh", db=False,
                 env=dict(self.clock(ahead), LOA_DB=self.path("ahead.db")))
        db = self.db
        self.db = self.path("ahead.db")
        try:
            c = self.clip("Tin", 0.3)
            self.slot(c, T0 + 10 * M)
            self.run_sim(T0, T0 + 20 * M)
            rows = self.log()
            self.assertEqual([r["status"] for r in rows], ["completed"])
        finally:
            self.db = db

    def test_max_lateness_option(self):
        c = self.clip("Tin", 0.3)
        s = self.slot(c, T0 + 10 * M)
        self.run_sim(T0 + 13 * M, T0 + 20 * M, "--max-lateness", "60")
        self.assertEqual(self.log()[0]["status"], "missed")
        self.assertEqual(int(self.log()[0]["slot"]), s)


class FaultTest(RunTest):
    def test_corrupt_clip_fails_and_loop_goes_on(self):
        bad = self.clip("Hỏng", 0.3, 500)
        good = self.clip("Tốt", 0.3, 700)
        s_bad = self.slot(bad, T0 + 10 * M)
        s_good = self.slot(good, T0 + 20 * M)
        with open(self.clip_path(bad), "r+b") as f:
            f.write(os.urandom(64))
            f.truncate(100)
        r = self.run_sim(T0, T0 + 30 * M)
        rows = {int(x["slot"]): x for x in self.log()}
        self.assertEqual(rows[s_bad]["status"], "failed")
        self.assertTrue(rows[s_bad]["reason"])
        self.assertEqual(rows[s_good]["status"], "completed")
        self.assertIn("failed", r.err)

    def test_missing_clip_file(self):
        c = self.clip("Mất", 0.3)
        s = self.slot(c, T0 + 10 * M)
        os.unlink(self.clip_path(c))
        self.run_sim(T0, T0 + 20 * M)
        row = self.log()[0]
        self.assertEqual((int(row["slot"]), row["status"]), (s, "failed"))
        self.assertTrue(row["reason"])

    def test_device_that_does_not_open(self):
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M, "FREQ=MINUTELY;INTERVAL=10;COUNT=3")
        r = self.loa("run", "--output", "null:fail-open", "--until", iso(T0 + 60 * M),
                     env=self.clock(T0))
        rows = self.log()
        self.assertEqual([x["status"] for x in rows], ["failed"] * 3)
        self.assertIn("failed", r.err)


class UnassignedTest(RunTest):
    def test_no_clip_assigned_is_logged_skipped(self):
        # A calendar made in Google Calendar names no local file: the slot
        # imports with no clip, and its airings are logged skipped.
        ics = self.path("google.ics")
        with open(ics, "w") as f:
            f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
                    "BEGIN:VEVENT\r\nUID:hop-xa@google.com\r\nDTSTAMP:20240301T000000Z\r\n"
                    "DTSTART:20240303T221000Z\r\nDTEND:20240303T222000Z\r\n"
                    "SUMMARY:Họp dân về phòng chống bão\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        self.loa("slot", "import", ics)
        c = self.clip("Tin", 0.3)
        s2 = self.slot(c, T0 + 20 * M)
        self.run_sim(T0, T0 + 30 * M)
        rows = self.log()
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[0]["status"], "skipped")
        self.assertEqual(rows[0]["reason"], "no clip assigned")
        self.assertEqual(parse(rows[0]["scheduled"]), T0 + 10 * M)
        self.assertEqual((int(rows[1]["slot"]), rows[1]["status"]), (s2, "completed"))


class LogWriteFailureTest(RunTest):
    def test_unwritable_log_never_replays_or_spins(self):
        # Every write to the airing log fails (as on a full disk): the
        # airings still play once each and the daemon neither stops nor
        # replays them in a loop.
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M, "FREQ=MINUTELY;INTERVAL=10;COUNT=3")
        con = sqlite3.connect(self.db)
        con.execute("CREATE TRIGGER full BEFORE INSERT ON airing BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        con.commit()
        con.close()
        r = self.run_sim(T0, T0 + 60 * M, timeout=60)
        self.assertEqual(r.err.count("on air:"), 3)
        self.assertIn("cannot", r.err)


class TierTest(RunTest):
    def test_priority_first_then_normal_at_the_boundary(self):
        normal = self.clip("Nhạc", 2, 300)
        prio = self.clip("Thông báo", 2, 900)
        s_n = self.slot(normal, T0 + 10 * M)
        s_p = self.slot(prio, T0 + 10 * M, tier="priority")
        self.run_sim(T0, T0 + 20 * M)
        rows = {int(x["slot"]): x for x in self.log()}
        self.assertEqual(rows[s_p]["status"], "completed")
        self.assertEqual(rows[s_n]["status"], "completed")
        self.assertLess(parse(rows[s_p]["started"]), parse(rows[s_n]["started"]))
        self.assertEqual(rows[s_n]["late"], "true")
        self.assertAlmostEqual(float(rows[s_n]["delay"]), 2, delta=0.2)
        # As the agenda said.
        ag = {int(a["slot"]): a for a in self.agenda(T0, T0 + 20 * M)}
        self.assertEqual(ag[s_n]["status"], "delayed")
        self.assertEqual(parse(ag[s_n]["nominal_start"]), parse(rows[s_n]["scheduled"]))
        self.assertEqual(parse(ag[s_n]["start"]), parse(rows[s_n]["started"]))


class HookTest(RunTest):
    def test_shared_on_air_period(self):
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M)
        self.slot(c, T0 + 11 * M)   # within the gap: same on-air period
        self.slot(c, T0 + 40 * M)   # far: a second period
        trace = self.path("hooks.txt")
        script = self.path("relay.sh")
        with open(script, "w") as f:
            f.write('#!/bin/sh\necho "$1 $LOA_HOOK" >> %s\n' % trace)
        os.chmod(script, 0o755)
        self.run_sim(T0, T0 + 60 * M, "--on-air-cmd", script + " on", "--off-air-cmd", script + " off",
                     "--on-air-lead", "10", "--hook-gap", "120")
        with open(trace) as f:
            lines = f.read().split()
        self.assertEqual(lines, ["on", "on-air", "off", "off-air", "on", "on-air", "off", "off-air"])

    def test_hanging_hook_is_killed_and_airing_plays(self):
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M)
        r = self.run_sim(T0, T0 + 20 * M, "--on-air-cmd", "sleep 60", "--hook-timeout", "1")
        self.assertIn("did not finish", r.err)
        self.assertEqual(self.log()[0]["status"], "completed")

    def test_bad_hook_is_usage_error(self):
        r = self.loa("run", "--on-air-cmd", "relay 'on", "--until", iso(T0 + M), env=self.clock(T0),
                     expect=2)
        self.assertIn("relay 'on", r.err)


class ConfigFileTest(RunTest):
    def write_conf(self, text):
        path = self.path("loa.conf")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_settings_from_the_file_and_options_win(self):
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M)
        self.slot(c, T0 + 40 * M)
        trace = self.path("hooks.txt")
        script = self.path("relay.sh")
        with open(script, "w") as f:
            f.write('#!/bin/sh\necho "$1" >> %s\n' % trace)
        os.chmod(script, 0o755)
        conf = self.write_conf("[playout]\nmax_lateness = 1m\n[hooks]\non_air = %s 'on air'\n"
                               "off_air = %s off\nlead = 10s\ngap = 2m\n" % (script, script))
        # Started at 05:12: the 05:10 airing is 2 minutes late, past the
        # file's 1 minute, so it is missed; the 05:40 one plays with hooks.
        self.loa("--config", conf, "run", "--output", "file:" + self.path("o.wav"),
                 "--until", iso(T0 + 50 * M), env=self.clock(T0 + 12 * M))
        rows = self.log()
        self.assertEqual([r["status"] for r in rows], ["missed", "completed"])
        with open(trace) as f:
            self.assertEqual(f.read().splitlines(), ["on air", "off"])
        # An option wins over the file: --max-lateness 300 plays it late.
        c2 = self.clip("Tin 2", 0.3, 550)
        self.slot(c2, T0 + 60 * M)
        self.loa("--config", conf, "run", "--output", "file:" + self.path("o.wav"), "--max-lateness", "300",
                 "--until", iso(T0 + 70 * M), env=self.clock(T0 + 62 * M))
        self.assertEqual(self.log()[-1]["status"], "completed")
        self.assertEqual(self.log()[-1]["late"], "true")

    def test_bad_file_is_a_fatal_start_up_error(self):
        conf = self.write_conf("[playout]\nmax_lateness = soon\n")
        r = self.loa("--config", conf, "run", "--until", iso(T0 + M), env=self.clock(T0), expect=1)
        self.assertIn("loa.conf:2", r.err)


class OptionsTest(RunTest):
    def test_until_in_the_past_is_usage_error(self):
        r = self.loa("run", "--until", iso(T0 - M), env=self.clock(T0), expect=2)
        self.assertIn("already past", r.err)

    def test_until_not_a_time(self):
        r = self.loa("run", "--until", "tomorrow", env=self.clock(T0), expect=2)
        self.assertIn("'tomorrow'", r.err)

    def test_bad_seconds(self):
        r = self.loa("run", "--max-lateness", "5min", env=self.clock(T0), expect=2)
        self.assertIn("'5min'", r.err)

    def test_once_plays_one_airing(self):
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M, "FREQ=MINUTELY;INTERVAL=10;COUNT=5")
        self.loa("run", "--output", "file:" + self.path("o.wav"), "--once", env=self.clock(T0))
        self.assertEqual([r["status"] for r in self.log()], ["completed"])

    def test_help(self):
        r = self.loa("run", "--help")
        self.assertIn("--max-lateness", r.out)
        self.assertIn("Example", r.out)

    def test_check_ready_and_broken(self):
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M, "FREQ=DAILY")
        r = self.loa("run", "--check", "--output", "null", env=self.clock(T0))
        self.assertIn("ready to air", r.out)
        r = self.loa("run", "--check", "--output", "file:" + self.path("x.wav"), env=self.clock(T0))
        self.assertIn("opens", r.out)
        path = self.clip_path(c)
        os.unlink(path)
        r = self.loa("run", "--check", "--output", "null", env=self.clock(T0), expect=1)
        self.assertIn(path, r.err)

    def test_check_without_any_sound_device(self):
        # No --device, no configured device, and a computer with no sound
        # output at all: --check must not say "ready to air".
        env = dict(self.clock(T0), JACK_NO_START_SERVER="1", JACK_DEFAULT_SERVER="loa-no-such-server")
        if self.run_loa("devices", env=env).rc == 0:
            self.skipTest("this computer has a sound output device")
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M, "FREQ=DAILY")
        r = self.loa("run", "--check", env=env, expect=1)
        self.assertNotIn("ready to air", r.out)
        self.assertIn("does not open", r.err)

    def test_check_device_that_does_not_open(self):
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M, "FREQ=DAILY")
        r = self.loa("run", "--check", "--output", "null:fail-open", env=self.clock(T0), expect=1)
        self.assertIn("does not open", r.err)


if __name__ == "__main__":
    main()
