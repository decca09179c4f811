"""What a hostile review broke (issue 17), items 8, 9 and 14: the clip
library, the amplifier hooks and `loa run --check`, each fault reproduced as
the review did it, on the real binary.

Every test here failed on the main the review looked at.
"""
import datetime
import os
import socket
import sqlite3
import sys
import threading
import time
import wave

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main, tone  # noqa: E402
from runtest import T0, RunTest, parse  # noqa: E402

S = datetime.timedelta(seconds=1)
M = datetime.timedelta(minutes=1)

# An on-air command that hangs: it notes when it started and when it was
# told to stop (SIGTERM to its process group), in files of the test's folder.
HANGING_HOOK = """#!/bin/sh
date +%%s.%%N > %(dir)s/$LOA_HOOK.started
trap 'date +%%s.%%N > %(dir)s/$LOA_HOOK.stopped; exit 143' TERM
sleep 30 &
wait
"""
# An off-air command that only notes when it ran.
QUICK_HOOK = """#!/bin/sh
date +%%s.%%N > %(dir)s/$LOA_HOOK.started
"""


def seconds(path):
    with wave.open(path) as w:
        return w.getnframes() / w.getframerate()


class LibraryPathTest(RunTest):
    """8. `clip rm` deleted any file the database named."""

    def forge(self, sql, *args):
        """Edits the station's database by hand, as the review did."""
        db = sqlite3.connect(self.db)
        db.execute(sql, args)
        db.commit()
        db.close()

    def library_file(self, clip_id):
        """Where the clip's copy is by its SHA-256 and format, whatever the row says."""
        c = self.loa("clip", "show", str(clip_id), "--format", "json").json()
        return os.path.join(self.dir, "station", "clips", c["sha256"][:2], "%s.%s" % (c["sha256"], c["format"]))

    def test_rm_deletes_the_library_copy_never_the_file_the_row_names(self):
        victim = self.path("victim")
        os.mkdir(victim)
        with open(os.path.join(victim, "keep.txt"), "w") as f:
            f.write("keep me\n")
        c = self.clip("Tin", 0.3)
        copy = self.library_file(c)
        self.assertTrue(os.path.isfile(copy))
        self.forge("UPDATE clip SET file = '../../victim/keep.txt' WHERE id = ?", c)
        r = self.loa("clip", "rm", str(c))
        with open(os.path.join(victim, "keep.txt")) as f:
            self.assertEqual(f.read(), "keep me\n")
        self.assertFalse(os.path.exists(copy), "the library copy must go")
        self.assertFalse(os.path.exists(os.path.dirname(copy)), "and its emptied fan-out folder")
        self.assertTrue(os.path.isdir(self.path("station", "clips")))
        self.assertIn("../../victim/keep.txt", r.err)   # the warning names what was left alone
        # A row whose SHA-256 itself is a path names no file at all: nothing
        # is deleted, and the officer is told.
        d = self.clip("Tin 2", 0.4, 550)
        other = self.library_file(d)
        self.forge("UPDATE clip SET sha256 = ? WHERE id = ?", "../" * 21 + "k", d)
        self.assertEqual(self.loa("clip", "show", str(d), "--format", "json").json()["path"], "")
        r = self.loa("clip", "rm", str(d))
        self.assertIn("no valid library file", r.err)
        self.assertTrue(os.path.isfile(other))
        with open(os.path.join(victim, "keep.txt")) as f:
            self.assertEqual(f.read(), "keep me\n")

    def test_a_forged_row_never_plays_another_file(self):
        a = self.clip("Ngắn", 0.3, 440)
        b = self.clip("Dài", 1.0, 880)
        secret = tone(self.path("secret.wav"), seconds=2.0, rate=8000, channels=1)
        for target in (os.path.relpath(secret, self.path("station", "clips")),
                       os.path.relpath(self.library_file(b), self.path("station", "clips"))):
            self.forge("UPDATE clip SET file = ? WHERE id = ?", target, a)
            self.assertEqual(self.clip_path(a), self.library_file(a))
            out = self.path("out.wav")
            self.loa("render", "--clip", str(a), "-o", out)
            self.assertAlmostEqual(seconds(out), 0.3, delta=0.01, msg=target)
            # The playlist export names the library copy too.
            self.loa("playlist", "create", "p-%d" % len(target), str(a))
            r = self.loa("playlist", "export", "p-%d" % len(target))
            self.assertIn(self.library_file(a), r.out)
            self.assertNotIn(target.split("/")[-1], r.out)
        # The daemon plays the clip's own copy: 0.3 s, not the 2 s secret.
        self.forge("UPDATE clip SET file = ? WHERE id = ?",
                   os.path.relpath(secret, self.path("station", "clips")), a)
        self.slot(a, T0 + 10 * M)
        self.run_sim(T0, T0 + 20 * M)
        row = self.log()[0]
        self.assertEqual(row["status"], "completed")
        self.assertAlmostEqual(float(row["played"]), 0.3, delta=0.05)


class CheckMissingClipTest(RunTest):
    """14. `run --check` with a missing clip file blamed the output device."""

    def test_check_names_the_clip_and_says_what_to_do(self):
        c = self.clip("Bản tin sáng", 0.3)
        ok = self.clip("Nhạc", 0.3, 660)
        self.slot(c, T0 + 10 * M, "FREQ=DAILY")
        self.slot(ok, T0 + 20 * M, "FREQ=DAILY")
        path = self.clip_path(c)
        os.unlink(path)
        r = self.loa("run", "--check", "--output", "null", env=self.clock(T0), expect=1)
        self.assertIn("clip %d 'Bản tin sáng' is missing: '%s'" % (c, path), r.err)
        self.assertEqual(r.err.count(path), 1, "one report for the clip, not one per airing:\n" + r.err)
        self.assertIn("7 airing(s) in the next 7 days", r.err)
        self.assertIn("loa clip add", r.err)
        self.assertNotIn("does not open", r.err)
        self.assertNotIn("loa devices", r.err)
        self.assertIn("output null opens", r.out)
        self.assertNotIn("ready to air", r.out)
        # A broken output is the output's problem alone, said apart.
        r = self.loa("run", "--check", "--output", "null:fail-open", env=self.clock(T0), expect=1)
        device = [ln for ln in r.err.splitlines() if "does not open" in ln]
        self.assertEqual(len(device), 1, r.err)
        self.assertNotIn("clip", device[0])
        self.assertIn("null:fail-open", device[0])
        self.assertIn("is missing", r.err)
        # The sibling commands: play and render hint at the clip, not the output.
        r = self.loa("render", "--clip", str(c), "-o", self.path("x.wav"), expect=1)
        self.assertIn("loa clip add", r.err)
        self.assertNotIn(".wav, .flac or .mp3", r.err)
        # Put back, the station is ready.
        self.loa("clip", "add", tone(self.path("Bản_tin_sáng.wav"), seconds=0.3, rate=8000, channels=1))
        r = self.loa("run", "--check", "--output", "null", env=self.clock(T0))
        self.assertIn("ready to air", r.out)


class HungHookTest(RunTest):
    """9. A hung on-air hook made the airing late and starved the watchdog."""

    def hooks(self):
        on, off = self.path("on.sh"), self.path("off.sh")
        for path, text in ((on, HANGING_HOOK), (off, QUICK_HOOK)):
            with open(path, "w") as f:
                f.write(text % {"dir": self.dir})
            os.chmod(path, 0o755)
        return on, off

    def when(self, name):
        """The wall-clock time a hook noted, or None."""
        try:
            with open(self.path(name)) as f:
                return float(f.read())
        except (OSError, ValueError):
            return None

    def test_hanging_on_air_hook_neither_delays_the_airing_nor_runs_past_its_timeout(self):
        c = self.clip("Tin", 1.0)
        s = self.slot(c, T0 + 6 * S)
        on, off = self.hooks()
        # The on-air command starts at 05:00:02 and hangs; its timeout is 8 s.
        p = self.start_daemon(T0, "--on-air-cmd", on, "--off-air-cmd", off, "--on-air-lead", "4",
                              "--hook-gap", "0", "--hook-timeout", "8")
        self.wait_for(lambda: self.rows_by_status("completed"), timeout=40, what="the airing")
        self.wait_for(lambda: self.when("off-air.started"), timeout=20, what="the off-air command")
        rc, err = self.stop_daemon(p)
        self.assertEqual(rc, 0, err)
        row = self.log()[0]
        self.assertEqual((int(row["slot"]), row["status"], row["late"]), (s, "completed", "false"), row)
        self.assertLess(abs((parse(row["started"]) - parse(row["scheduled"])).total_seconds()), 1.0, row)
        started, stopped = self.when("on-air.started"), self.when("on-air.stopped")
        self.assertIsNotNone(stopped, "the hung command is stopped:\n" + err)
        self.assertAlmostEqual(stopped - started, 8, delta=1.5)
        self.assertIn("did not finish in 8.0 s", err)
        # The off-air command, asked for when the airing ended, waited for
        # the on-air one to end: a relay gets its commands in order.
        self.assertGreaterEqual(self.when("off-air.started"), stopped)

    def test_watchdog_is_fed_while_a_hook_hangs_and_the_timeout_is_capped(self):
        sock_path = self.path("notify.sock")
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        srv.bind(sock_path)
        srv.settimeout(0.1)
        got = []   # (monotonic time, message)
        done = threading.Event()

        def reader():
            while not done.is_set():
                try:
                    got.append((time.monotonic(), srv.recv(4096).decode()))
                except socket.timeout:
                    pass

        t = threading.Thread(target=reader)
        t.start()
        c = self.clip("Tin", 1.0)
        self.slot(c, T0 + 5 * S)
        on, off = self.hooks()
        try:
            # WatchdogSec=4 s: a ping every 2 s, and a hook may run 2 s,
            # whatever --hook-timeout asks.
            p = self.start_daemon(T0, "--on-air-cmd", on, "--off-air-cmd", off, "--on-air-lead", "3",
                                  "--hook-timeout", "12",
                                  env={"NOTIFY_SOCKET": sock_path, "WATCHDOG_USEC": "4000000"})
            t0 = time.monotonic()
            self.wait_for(lambda: self.rows_by_status("completed"), timeout=40, what="the airing")
            time.sleep(max(0, 9 - (time.monotonic() - t0)))
            rc, err = self.stop_daemon(p)
        finally:
            done.set()
            t.join()
            srv.close()
        self.assertEqual(rc, 0, err)
        # Pings never stopped: no gap near WatchdogSec, hook or no hook.
        pings = [w for w, m in got if "WATCHDOG=1" in m]
        self.assertGreaterEqual(len(pings), 3, got)
        gaps = [b - a for a, b in zip([t0] + pings, pings)]
        self.assertLess(max(gaps), 3.5, "the watchdog went unfed: %r" % gaps)
        self.assertEqual(self.log()[0]["late"], "false")
        # The 12 s asked for was capped to half of WatchdogSec, and said.
        self.assertIn("WatchdogSec=4.0 s", err)
        started, stopped = self.when("on-air.started"), self.when("on-air.stopped")
        self.assertIsNotNone(stopped, err)
        self.assertAlmostEqual(stopped - started, 2, delta=0.8)


if __name__ == "__main__":
    main()
