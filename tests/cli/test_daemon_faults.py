"""loa run against the faults of a commune's PC: kill -9 mid-airing on the
JACK dummy server, the output missing for an hour then back, the clock
moved an hour forward and back across restarts, and the disk filling up
during an airing.

Which clock: the output-missing and clock tests use the simulated clock
(LOA_CLOCK=sim:..., file output), so hours pass in a second. The disk-full
test uses the offset clock (real time, the real-time-paced null output)
because the disk must fill while an airing is on air. The JACK test runs
on the real clock against a JACK dummy server named from a small fixed
pool (JACK's registry has 8 server slots, and a SIGKILLed server keeps its
slot until a server of the same name starts again).
"""
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, main  # noqa: E402
from runtest import T0, RunTest, iso, parse  # noqa: E402
from test_crash import SEED, CrashBase, key  # noqa: E402

try:
    from audiotest import JACK_PROBE, JackServer  # noqa: E402
except ImportError:
    JackServer = None

S = datetime.timedelta(seconds=1)
M = datetime.timedelta(minutes=1)
H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)

# An on-air hook that lets the output folder appear only on its Nth call:
# the "sound card" is missing for the first N-1 airings, then back.
HOOK = r'''
import os, sys
count, folder, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
k = int(open(count).read()) + 1 if os.path.exists(count) else 1
open(count, "w").write(str(k))
if k >= n:
    os.makedirs(folder, exist_ok=True)
'''


def integrity(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


class OutputMissingTest(RunTest):
    def test_output_missing_for_an_hour_then_back(self):
        """Airings every 10 minutes; the output (a file in a folder that does
        not exist) fails to open for the first 6 airings — an hour — and is
        back from the 7th: those fail with the reason, the daemon never stops
        or replays them, and the rest complete on time."""
        c = self.clip("Tin", 0.5)
        s = self.slot(c, T0 + 10 * M, "FREQ=MINUTELY;INTERVAL=10;COUNT=12")
        hook = self.path("hook.py")
        with open(hook, "w") as f:
            f.write(HOOK)
        folder = self.path("card")
        r = self.loa("run", "--output", "file:" + os.path.join(folder, "out.flac"), "--until", iso(T0 + 3 * H),
                     "--on-air-cmd", "/usr/bin/python3 %s %s %s 7" % (hook, self.path("count"), folder),
                     "--on-air-lead", "1", "--hook-gap", "0", env=self.clock(T0), timeout=120)
        rows = sorted(self.log(), key=lambda r: r["scheduled"])
        self.assertEqual(len(rows), 12, r.err)
        self.assertEqual(len({key(x["slot"], x["scheduled"]) for x in rows}), 12)
        failed = [x for x in rows if x["status"] == "failed"]
        done = [x for x in rows if x["status"] == "completed"]
        self.assertEqual(len(failed), 6, [(x["scheduled"], x["status"], x["reason"]) for x in rows])
        self.assertEqual(len(done), 6)
        self.assertTrue(all(f["scheduled"] < d["scheduled"] for f in failed for d in done))
        for x in failed:
            self.assertTrue(x["reason"], x)
        for x in done:
            self.assertEqual(parse(x["started"]), parse(x["scheduled"]), x)
        self.assertEqual(integrity(self.db), "ok")
        self.loa("log", "verify")


class ClockStepTest(CrashBase):
    """The clock an hour ahead, then an hour back (a PC whose battery-backed
    clock is wrong at boot, then corrected by NTP), each seen by a restart:
    the hour jumped over is logged missed (past the lateness) and nothing
    already logged is played or logged again when time runs back over it.
    (A step of an hour forward and back *while running* is
    tests/cli/test_run_live.py's
    test_clock_stepped_an_hour_forward_and_back_while_running: a zero step
    of the real clock, which needs CAP_SYS_TIME, cancels the daemon's
    timerfd as a real step does, and the offset clock moves by the hour.)"""

    def test_forward_and_back_an_hour(self):
        self.busy_station()
        end = T0 + 2 * D
        noon = T0 + 7 * H                       # 12:00
        self.run_sim(T0, noon)
        # Forward: the clock reads 13:00 at the next start.
        self.run_sim(noon + H, noon + 3 * H)
        # Back: the clock is corrected to 13:30 (the daemon had reached 15:00).
        self.run_sim(noon + 90 * M, end)
        statuses = self.check_log(T0, end, [noon + H, noon + 90 * M], 0)
        missed = [r for r in self.log() if r["status"] == "missed"]
        self.assertTrue(missed)
        for r in missed:
            self.assertTrue(noon <= parse(r["scheduled"]) < noon + H, r)
        print("statuses=%s" % dict(statuses), file=sys.stderr)


def have_jack():
    return JackServer is not None and shutil.which("jackd") and os.path.exists(JACK_PROBE)


if JackServer is not None:
    class PoolJack(JackServer):
        """A JackServer under a fixed name from a pool of two, so killed
        servers never use up JACK's 8 registry slots across runs."""

        def __init__(self, slot=0):
            super().__init__()
            self.name = "loa-hardening-%d" % slot


@unittest.skipUnless(have_jack(), "needs jackd and the jack_probe test tool")
class JackKillTest(CrashBase):
    """LOA_JACK_KILLS (default 2; 100 for the full proof) kills at random
    moments inside airings played in real time on the JACK dummy server."""

    def test_jack_kills(self):
        kills = int(os.environ.get("LOA_JACK_KILLS", "2"))
        try:
            jack = PoolJack(0).start()
        except RuntimeError as e:
            self.skipTest(str(e))
        self.addCleanup(jack.stop)
        c = self.clip("Dài", 5, 500)
        now = datetime.datetime.now().astimezone().replace(microsecond=0)
        first = now + 6 * S
        n = kills + 2
        for i in range(n):
            self.slot(c, first + i * 8 * S)
        end = first + n * 8 * S
        restarts = []
        argv = [LOA, "--db", self.db, "run", "--device", "system", "--until", iso(end)]
        for i in range(kills):
            seen = {r["id"] for r in self.log()}
            p = subprocess.Popen(argv, env=jack.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.procs.append(p)
            # A new row on air (not the one the last kill left "playing").
            self.wait_for(lambda: any(r["status"] == "playing" and r["id"] not in seen for r in self.log()),
                          timeout=30, what="an airing to start")
            time.sleep(self.rng.uniform(0.1, 3.5))
            p.kill()
            p.wait()
            restarts.append(datetime.datetime.now().astimezone())
        p = subprocess.Popen(argv, env=jack.env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        _, err = p.communicate(timeout=120)
        self.assertEqual(p.returncode, 0, err)
        start = first - S
        statuses = self.check_log(start, end, restarts, kills)
        self.assertGreaterEqual(statuses["completed"], 1, err)
        print("jack kills=%d statuses=%s seed=%d" % (kills, dict(statuses), SEED), file=sys.stderr)


@unittest.skipUnless(os.geteuid() == 0, "a full disk is made with a small tmpfs, which needs root (mount -t tmpfs)")
class DiskFullTest(RunTest):
    def test_disk_full_during_an_airing(self):
        """The station on a small tmpfs; the disk fills while the first
        airing plays and stays full across two more: they still play (the
        player never waits for the log), the failure is on stderr, the
        daemon goes on, and once space returns the next airings are logged;
        the database is intact and its chain verifies."""
        mnt = self.path("small")
        os.makedirs(mnt)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt], capture_output=True, text=True)
        if r.returncode:
            self.skipTest("cannot mount a tmpfs here: %s" % r.stderr.strip())
        self.addCleanup(subprocess.run, ["umount", "-l", mnt])
        shutil.copytree(os.path.dirname(self.db), os.path.join(mnt, "station"))
        self.db = os.path.join(mnt, "station", "station.db")
        c = self.clip("Tin", 3, 440)
        # Airings at +4, +9, +14, +19, +24 s of the offset clock.
        s = self.slot(c, T0 + 4 * S, "FREQ=SECONDLY;INTERVAL=5;COUNT=5")
        t_start = time.monotonic()
        p = self.start_daemon(T0, "--until", iso(T0 + 29 * S))
        self.wait_for(lambda: self.rows_by_status("playing"), what="the first airing")
        st = os.statvfs(mnt)
        filler = os.path.join(mnt, "filler")
        with open(filler, "wb") as f:
            try:
                f.write(b"\0" * (st.f_bavail * st.f_frsize))
            except OSError:
                pass
        # Full through the airings at +9 and +14; space back before +19.
        time.sleep(max(0, 16.5 - (time.monotonic() - t_start)))
        os.unlink(filler)
        _, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        self.assertEqual(err.count("on air"), 5, err)
        self.assertIn("airing log", err)
        rows = self.log()
        keys = [key(r["slot"], r["scheduled"]) for r in rows]
        self.assertEqual(len(keys), len(set(keys)), "an airing was logged twice")
        by_time = {parse(r["scheduled"]): r for r in rows}
        # The airing on air when the disk filled is closed once space
        # returns, as completed (not left "playing", to be recovered as
        # interrupted); the two that started on the full disk played but
        # have no row (stderr says so); the rest are logged.
        for k in (4, 19, 24):
            self.assertEqual(by_time[T0 + k * S]["status"], "completed", rows)
        self.assertIn("closed after all", err)
        self.assertIn("cannot open the airing log row", err)
        self.assertEqual(integrity(self.db), "ok")
        self.loa("log", "verify")
        print("disk full: rows %s" % [(r["scheduled"][11:19], r["status"]) for r in rows], file=sys.stderr)


if __name__ == "__main__":
    main()
