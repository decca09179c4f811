"""What a hostile review broke (issue 17), each fault reproduced as an
attacker or a careless operator would try it, on the real binary.

Every test here failed on the main the review looked at.
"""
import datetime
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, StationTest, main, tone  # noqa: E402
from runtest import T0, RunTest, iso  # noqa: E402

M = datetime.timedelta(minutes=1)
D = datetime.timedelta(days=1)


class TwoDaemonsTest(RunTest):
    """1. Two `loa run` on one station both played and logged every airing."""

    def test_second_daemon_refuses_to_start_naming_the_first(self):
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M)
        first = self.start_daemon(T0)
        lock = self.db + "-daemon.lock"
        self.wait_for(lambda: os.path.exists(lock) and open(lock).read().strip() == str(first.pid),
                      what="the first daemon's lock")
        second = self.start_daemon(T0)
        out, err = second.communicate(timeout=30)
        self.assertEqual(second.returncode, 1, err)
        self.assertIn("PID %d" % first.pid, err)
        self.assertIn("already playing this station", err)
        self.assertIsNone(first.poll(), "the first daemon must go on")
        self.stop_daemon(first)
        # The lock dies with its holder: a new daemon starts (and is
        # stopped) at once, even after a kill -9.
        third = self.start_daemon(T0)
        self.wait_for(lambda: open(lock).read().strip() == str(third.pid), what="the third daemon's lock")
        third.kill()
        third.wait()
        fourth = self.start_daemon(T0)
        self.wait_for(lambda: open(lock).read().strip() == str(fourth.pid), what="a daemon after kill -9")
        self.stop_daemon(fourth)

    def test_store_refuses_a_second_row_for_one_airing(self):
        c = self.clip("Tin", 0.3)
        self.slot(c, T0 + 10 * M)
        self.run_sim(T0, T0 + 20 * M)
        self.assertEqual(len(self.log()), 1)
        db = sqlite3.connect(self.db)
        cols = [r[1] for r in db.execute("PRAGMA table_info(airing)") if r[1] not in ("id", "seq", "hash")]
        with self.assertRaises(sqlite3.DatabaseError) as e:
            db.execute("INSERT INTO airing (%s) SELECT %s FROM airing" % (",".join(cols), ",".join(cols)))
        self.assertIn("already has this airing", str(e.exception))
        db.close()
        self.assertEqual(len(self.log()), 1)
        self.loa("log", "verify")


class OutputTargetTest(RunTest):
    """2. `-o` replaced devices, FIFOs and symlinks, and wrote through a
    predictable temporary name."""

    def setUp(self):
        super().setUp()
        self.c = self.clip("Tin", 0.3)
        self.slot(self.c, T0 + 10 * M)
        self.loa("playlist", "create", "sáng")
        self.loa("playlist", "add", "sáng", str(self.c))
        self.run_sim(T0, T0 + 20 * M)

    def writers(self, target):
        """Every command that writes -o FILE, with a name of the right kind."""
        base = target
        return [
            ("report", ["report", "--quarter", "2024Q1", "-o", base + ".csv"], base + ".csv"),
            ("report docx", ["report", "--quarter", "2024Q1", "-o", base + ".docx"], base + ".docx"),
            ("report xlsx", ["report", "--quarter", "2024Q1", "-o", base + ".xlsx"], base + ".xlsx"),
            ("slot export", ["slot", "export", "-o", base + ".ics"], base + ".ics"),
            ("playlist export", ["playlist", "export", "sáng", "-o", base + ".m3u"], base + ".m3u"),
            ("render", ["render", "--clip", str(self.c), "-o", base + ".wav"], base + ".wav"),
        ]

    def test_symlinked_target_is_refused_and_its_file_untouched(self):
        victim = self.path("victim.txt")
        with open(victim, "w") as f:
            f.write("keep me\n")
        for name, args, out in self.writers(self.path("link")):
            os.symlink(victim, out)
            r = self.loa(*args, expect=1)
            self.assertIn("symbolic link", r.err, name)
            self.assertTrue(os.path.islink(out), name)
            with open(victim) as f:
                self.assertEqual(f.read(), "keep me\n", name)

    def test_planted_temporary_names_are_never_followed(self):
        victim = self.path("victim.txt")
        with open(victim, "w") as f:
            f.write("keep me\n")
        for name, args, out in self.writers(self.path("x")):
            # Every name the old code used for its temporary.
            for tmp in (out + ".tmp", out + ".tmp-1", out + ".airing.wav"):
                os.symlink(victim, tmp)
            self.loa(*args)
            self.assertTrue(os.path.isfile(out) and not os.path.islink(out), name)
            self.assertGreater(os.path.getsize(out), 0, name)
            st = os.stat(out)
            self.assertEqual(stat.S_IMODE(st.st_mode) & 0o044, 0o044, "%s: readable by others as before" % name)
            with open(victim) as f:
                self.assertEqual(f.read(), "keep me\n", name)
        # Nothing is left beside the files but what was planted.
        left = [f for f in os.listdir(self.dir) if f.startswith(".x.")]
        self.assertEqual(left, [])

    def test_fifo_target_is_written_not_replaced(self):
        for name, args, out in self.writers(self.path("fifo")):
            os.mkfifo(out)
            got = bytearray()

            def reader():
                with open(out, "rb") as f:
                    got.extend(f.read())
            t = threading.Thread(target=reader, daemon=True)
            t.start()
            self.loa(*args)
            t.join(30)
            self.assertTrue(stat.S_ISFIFO(os.lstat(out).st_mode), name)
            self.assertGreater(len(got), 20, name)

    def test_device_target_stays_a_device(self):
        # /dev/stdout is what a script names: a link to the process's
        # standard output, followed. (A link made here, as /dev/stdout is
        # made, so that a faulty loa replaces this one, not the system's.)
        stdout = self.path("stdout")
        os.symlink("/proc/self/fd/1", stdout)
        r = self.loa("report", "--quarter", "2024Q1", "--format", "json", "-o", stdout)
        self.assertIn('"airings"', r.out)
        self.assertTrue(os.path.islink(stdout))
        if os.geteuid() != 0:
            self.skipTest("making a device node needs root")
        # A copy of /dev/null in the test's folder (never /dev/null itself).
        null = self.path("null")
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        for name, args, out in self.writers(self.path("dev")):
            args = [null if a == out else a for a in args]
            if name in ("report docx", "report xlsx", "render"):
                continue  # their format comes from the name; --format covers the rest
            self.loa(*args)
            self.assertTrue(stat.S_ISCHR(os.lstat(null).st_mode), name)
        self.loa("report", "--quarter", "2024Q1", "--format", "xlsx", "-o", null)
        self.loa("report", "--quarter", "2024Q1", "--format", "docx", "-o", null)
        self.assertTrue(stat.S_ISCHR(os.lstat(null).st_mode))

    def test_folder_target_is_refused(self):
        os.mkdir(self.path("d.csv"))
        r = self.loa("report", "--quarter", "2024Q1", "-o", self.path("d.csv"), expect=1)
        self.assertIn("not a file", r.err)


def calendar(n, start, summary="Tin"):
    """n daily events spread over the day, from start's date on."""
    day = start.replace(hour=0, minute=0, second=0)
    ev = []
    for k in range(n):
        t = day + datetime.timedelta(seconds=k * 86400 // n)
        ev.append("BEGIN:VEVENT\r\nUID:s%d@loa.test\r\nSUMMARY:%s\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:%s\r\n"
                  "RRULE:FREQ=DAILY\r\nEND:VEVENT\r\n" % (k, summary, t.strftime("%Y%m%dT%H%M%S")))
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa tests//EN\r\n" + "".join(ev) + "END:VCALENDAR\r\n"


class NotifyListener:
    """A systemd notify socket: every datagram with its arrival time."""

    def __init__(self, path):
        import socket
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.settimeout(0.2)
        self.got = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.done.is_set():
            try:
                m = self.sock.recv(4096).decode()
            except OSError:
                continue
            self.got.append((time.monotonic(), m))

    def close(self):
        self.done.set()
        self.thread.join()
        self.sock.close()


class CatchUpTest(RunTest):
    """3. After 31 days off with 200 daily slots, logging the misses took
    65 s of CPU and the first watchdog ping came 65 s after READY=1."""

    def setUp(self):
        StationTest_setUp = super(RunTest, self).setUp  # a station made 40 days before T0
        self.create_station = False
        StationTest_setUp()
        self.procs = []
        self.loa("init", *self.init_args, env=self.clock(T0 - 40 * D))
        self.clip("Tin", 0.2)
        with open(self.path("c.ics"), "w") as f:
            f.write(calendar(200, T0 - 40 * D))
        self.loa("slot", "import", self.path("c.ics"), env=self.clock(T0 - 40 * D))

    def test_back_from_a_month_off_logs_every_miss_at_once_and_pings_the_watchdog(self):
        listener = NotifyListener(self.path("notify"))
        try:
            r = self.loa("run", "--output", "null", "--until", iso(T0 + M),
                         env=dict(self.clock(T0), NOTIFY_SOCKET=self.path("notify"), WATCHDOG_USEC="400000"),
                         timeout=60)
        finally:
            time.sleep(0.3)
            listener.close()
        log = self.log()
        keys = [(x["slot"], x["scheduled"]) for x in log]
        self.assertEqual(len(keys), len(set(keys)), "an airing logged twice")
        missed = [x for x in log if x["status"] == "missed"]
        # 31 days back (the look-back limit) of 200 a day, less the last
        # five minutes' (played late): every one logged, as "not running".
        self.assertGreaterEqual(len(missed), 31 * 200 - 2)
        self.assertLessEqual(len(missed), 31 * 200 + 1)
        self.assertTrue(all(x["reason_code"] == "missed_downtime" for x in missed))
        # One line for them all in the journal, not 6,200.
        self.assertIn("logged %d missed and 0 skipped airing(s)" % len(missed), r.err)
        self.assertLess(r.err.count("\nmissed: "), 2)
        # The watchdog was pinged all along: never more than 2 s without a
        # message between READY=1 and STOPPING=1 (WatchdogSec is 0.4 s here).
        msgs = listener.got
        ready = [t for t, m in msgs if "READY=1" in m]
        stop = [t for t, m in msgs if "STOPPING=1" in m]
        self.assertTrue(ready and stop, msgs)
        times = [t for t, m in msgs if ready[0] <= t <= stop[-1]]
        gaps = [b - a for a, b in zip(times, times[1:])]
        self.assertLess(max(gaps), 2.0, "the watchdog went unpinged for %.1f s" % max(gaps))
        self.loa("log", "verify")


class ReadOnlyTest(RunTest):
    """4. With the database read-only the daemon played "anyway", kept no
    trace, replayed the airing, and logged it later as missed."""

    def as_loa_user(self):
        # Root writes any file: the daemon runs as nobody, as a service would.
        if os.geteuid() != 0:
            return []
        for root, dirs, files in os.walk(self.dir):
            for n in dirs + files:
                os.lchown(os.path.join(root, n), 65534, 65534)
        os.chown(self.dir, 65534, 65534)
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

    def daemon(self, start, until, *args):
        argv = self.as_loa_user() + [LOA, "--db", self.db, "run", "--output", "file:" + self.path("out.flac"),
                                     "--until", iso(until)] + list(args)
        env = dict(os.environ, **self.clock(start))
        env.pop("LOA_DB", None)
        p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
        return p

    def rows(self):
        con = sqlite3.connect("file:%s?immutable=1" % self.db, uri=True)
        try:
            return con.execute("SELECT slot_id, status FROM airing ORDER BY id").fetchall()
        finally:
            con.close()

    def test_airing_played_without_its_row_is_kept_never_replayed_nor_missed(self):
        c = self.clip("Tin", 0.3)
        first = self.slot(c, T0 + 10 * M)
        second = self.slot(c, T0 + 30 * M)
        journal = self.db + "-pending-airings"
        os.chmod(self.db, 0o444)
        p = self.daemon(T0, T0 + 15 * M)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("cannot be written", p.stderr)
        self.assertIn(journal, p.stderr)
        self.assertEqual(p.stderr.count("on air"), 1, p.stderr)
        self.assertEqual(self.rows(), [])
        with open(journal) as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("A\t1\t%d\t" % first), lines[0])
        # A report made meanwhile says what it cannot count yet.
        r = self.loa("report", "--quarter", "2024Q1", "--format", "json")
        self.assertIn("1 airing(s) that played while the database could not be written wait in '%s'" % journal,
                      r.err)
        # Started again within the lateness window: not played twice.
        p = self.daemon(T0 + 12 * M, T0 + 15 * M)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("on air", p.stderr)
        # A SQLite that made -shm and -wal read-only with the database:
        # the warning names each file that keeps the station read-only.
        os.chmod(self.db, 0o644)
        for extra in (self.db + "-shm", self.db + "-wal"):
            with open(extra, "ab"):
                pass
            os.chmod(extra, 0o444)
        if os.geteuid() == 0:
            p = self.daemon(T0 + 13 * M, T0 + 14 * M, "--max-lateness", "60")
            self.assertIn(self.db + "-shm", p.stderr)
            self.assertNotIn("missed", p.stderr)
        for extra in (self.db + "-shm", self.db + "-wal"):
            os.chmod(extra, 0o644)
        # Writable again, with a lateness window the airing is past: it
        # goes into the log as it aired, completed, never as missed.
        p = self.daemon(T0 + 14 * M, T0 + 40 * M, "--max-lateness", "60")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("1 airing(s) kept aside", p.stderr)
        self.assertFalse(os.path.exists(journal))
        rows = [(int(x["slot"]), x["status"]) for x in self.log()]
        self.assertEqual(sorted(rows), [(first, "completed"), (second, "completed")])
        # The kept airing's item is in the log too, as it played.
        items = self.loa("log", "--items", "--format", "csv").csv()
        self.assertEqual([(x["position"], x["status"], x["clip"]) for x in items],
                         [("1", "completed", str(c)), ("1", "completed", str(c))])
        self.assertGreater(float(items[0]["played"]), 0.25)
        self.loa("log", "verify")


if __name__ == "__main__":
    main()
