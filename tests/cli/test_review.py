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
from loatest import LOA, main, tone  # noqa: E402
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


if __name__ == "__main__":
    main()
