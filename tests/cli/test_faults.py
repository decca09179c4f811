"""Faults an unattended broadcast PC meets, without the daemon: a damaged or
cut-short station database, a full disk, and a report holding a long read
transaction while loa writes.

Every case uses the real `loa` binary on a real SQLite file. A damaged file
must be refused with a message that says what to do, and must never be
changed or replaced by an empty station: its bytes are compared before and
after each command.
"""
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import unittest

from loatest import StationTest, main, tone

FILL = os.path.join(os.environ.get("LOA_TEST_BIN", "."), "airlog_fill")

# Commands that only read the station, and what each needs.
READERS = [
    ["station"],
    ["clip", "list"],
    ["playlist", "list"],
    ["slot", "list"],
    ["agenda", "--from", "2024-01-01", "--to", "2024-01-08"],
    ["log", "--format", "csv"],
    ["log", "verify"],
]


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class DamagedDatabase(StationTest):
    """A station with clips, a playlist, slots and airing log rows, then
    damaged on purpose."""

    def setUp(self):
        super().setUp()
        for i in range(3):
            self.loa("clip", "add", tone(self.path("t%d.wav" % i), seconds=1 + i / 10, freq=300 + 100 * i))
        self.loa("playlist", "create", "sang", "1", "2", "1")
        self.loa("slot", "add", "--clip", "1", "--at", "06:00,17:00", "--days", "mon-sat", "--from", "2024-01-01")
        self.loa("slot", "add", "--playlist", "sang", "--start", "2024-01-02T07:00", "--rrule", "FREQ=DAILY")
        script = "".join(
            "record\tmissed\tthe PC was off\t2024-01-0%dT06:00\t1\tnormal\t1\t\tt0\t\t%s\t\n" % (d, "ab" * 32)
            for d in range(1, 8))
        r = subprocess.run([FILL, self.db, "script"], input=script, text=True, capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        # Close cleanly: everything checkpointed into the main file.
        self.assertFalse(os.path.exists(self.db + "-wal") and os.path.getsize(self.db + "-wal") > 0)
        self.good = self.path("good.db")
        shutil.copyfile(self.db, self.good)
        self.size = os.path.getsize(self.db)

    def read_good(self):
        with open(self.good, "rb") as f:
            return f.read()

    def put(self, data):
        for suffix in ("-wal", "-shm"):
            if os.path.exists(self.db + suffix):
                os.unlink(self.db + suffix)
        with open(self.db, "wb") as f:
            f.write(data)
        return digest(self.db)

    def check_refused(self, r, what):
        self.assertEqual(r.rc, 1, "%s\n%r" % (what, r))
        self.assertIn("loa: ", r.err, what)
        self.assertIn(self.db, r.err, "%s: the message names the file\n%r" % (what, r))
        self.assertIn("hint: ", r.err, what)
        self.assertNotIn("Traceback", r.err)

    def test_truncated_file_is_refused_by_every_command(self):
        """A copy cut short anywhere — inside the header, at a page boundary,
        one page short — is refused at open, before any query."""
        good = self.read_good()
        for length in (16, 100, 4096, self.size // 2, self.size - 4096, self.size - 1):
            before = self.put(good[:length])
            for cmd in READERS + [["clip", "add", self.path("t0.wav")], ["init", "--tz", "UTC"]]:
                r = self.run_loa(*cmd)
                self.check_refused(r, "%s on a file cut to %d bytes" % (cmd, length))
                if length >= 100 and cmd[0] != "init":
                    self.assertIn("cut short", r.err)
                    self.assertIn("restore the station from a backup", r.err)
                self.assertEqual(digest(self.db), before, "%s changed a cut file" % cmd)

    def test_empty_file_is_not_made_a_station(self):
        """A zero-byte file (a failed copy) is not a station, and init does
        not turn it into an empty one."""
        self.put(b"")
        for cmd in READERS + [["init", "--tz", "UTC"], ["clip", "add", self.path("t0.wav")]]:
            self.check_refused(self.run_loa(*cmd), cmd)
            self.assertEqual(os.path.getsize(self.db), 0, cmd)

    def test_garbage_page_anywhere(self):
        """Each page in turn overwritten with garbage: every command either
        works (it never reads that page) or exits 1 naming the file and saying
        the database is damaged. Reading never changes the file; a write
        that fails leaves it unchanged."""
        good = self.read_good()
        page = 4096
        refused = 0
        for p in range(len(good) // page):
            data = bytearray(good)
            start = p * page + (100 if p == 0 else 0)
            data[start:(p + 1) * page] = (b"\xde\xad\xbe\xef" * page)[:(p + 1) * page - start]
            before = self.put(bytes(data))
            for cmd in READERS:
                r = self.run_loa(*cmd)
                self.assertIn(r.rc, (0, 1), "%s, page %d: %r" % (cmd, p + 1, r))
                if r.rc:
                    refused += 1
                    self.check_refused(r, "%s, page %d" % (cmd, p + 1))
                    self.assertTrue("damaged" in r.err or "not a loa station" in r.err, r.err)
                self.assertEqual(digest(self.db), before, "%s changed the damaged file (page %d)" % (cmd, p + 1))
            r = self.run_loa("clip", "add", tone(self.path("new.wav"), seconds=0.5, freq=1234))
            self.assertIn(r.rc, (0, 1), r)
            if r.rc:
                self.check_refused(r, "clip add, page %d" % (p + 1))
                self.assertEqual(digest(self.db), before, "a failed clip add changed the file (page %d)" % (p + 1))
        self.assertGreater(refused, 10, "the garbage reached the pages the commands read")

    def test_garbage_page_refused_by_verify_and_report(self):
        """The airing log's table damaged: `log verify` and the report fail
        loudly rather than report an intact log."""
        con = sqlite3.connect(self.good)
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='airing'").fetchone()[0]
        con.close()
        data = bytearray(self.read_good())
        data[(root - 1) * 4096:root * 4096] = b"\xff" * 4096
        before = self.put(bytes(data))
        r = self.run_loa("log", "verify")
        self.check_refused(r, "log verify")
        self.assertNotIn("intact", r.out)
        r = self.run_loa("report", "--year", "2024", "--format", "json", "-o", self.path("r.json"))
        self.assertNotEqual(r.rc, 0, r)
        self.assertEqual(digest(self.db), before)


def is_root():
    return os.geteuid() == 0


@unittest.skipUnless(is_root(), "a full disk is made with a small tmpfs, which needs root (mount -t tmpfs)")
class FullDisk(StationTest):
    """A small tmpfs filled up: loa refuses with a clear message, keeps
    nothing half-written, and works again once space is freed."""

    create_station = False

    def setUp(self):
        super().setUp()
        self.mnt = self.path("small")
        os.makedirs(self.mnt)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", self.mnt], capture_output=True, text=True)
        if r.returncode:
            self.skipTest("cannot mount a tmpfs here: %s" % r.stderr.strip())
        self.addCleanup(subprocess.run, ["umount", "-l", self.mnt])
        self.db = os.path.join(self.mnt, "station", "station.db")
        self.loa("init", *self.init_args)

    def fill(self, leave):
        """Fills the filesystem up to `leave` bytes free; returns the filler."""
        st = os.statvfs(self.mnt)
        free = st.f_bavail * st.f_frsize
        filler = os.path.join(self.mnt, "filler")
        with open(filler, "ab") as f:
            f.write(b"\0" * max(0, free - leave))
        return filler

    def library_files(self):
        out = []
        for root, _, files in os.walk(os.path.join(self.mnt, "station", "clips")):
            out += [os.path.join(root, f) for f in files]
        return sorted(out)

    def test_clip_add_on_a_full_disk(self):
        self.loa("clip", "add", tone(self.path("small.wav"), seconds=0.5))
        big = tone(self.path("big.wav"), seconds=12, channels=2)  # 4.6 MB
        filler = self.fill(leave=1 << 20)
        files = self.library_files()
        r = self.run_loa("clip", "add", big)
        self.assertEqual(r.rc, 1, r)
        self.assertIn("big.wav", r.err)
        self.assertIn("No space left on device", r.err)
        self.assertIn("hint: ", r.err)
        self.assertEqual(self.library_files(), files, "a partial library copy was left behind")
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        self.assertEqual(con.execute("SELECT count(*) FROM clip").fetchone()[0], 1)
        con.close()
        os.unlink(filler)
        self.loa("clip", "add", big)
        self.assertEqual(len(self.loa("clip", "list", "--format", "csv").csv()), 2)

    def test_log_export_and_report_on_a_full_disk(self):
        """The station elsewhere; the export written to the full disk."""
        db = self.path("elsewhere", "station.db")
        self.db = db
        self.loa("init", *self.init_args)
        r = subprocess.run([FILL, db, "generate", "20000", "2024-01-01T06:00", "3600"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        before = digest(db)
        self.fill(leave=64 << 10)
        out = os.path.join(self.mnt, "nhat-ky.csv")
        with open(out, "w") as f:
            p = subprocess.run(["sh", "-c", '"$0" --db "$1" log --format csv', os.environ.get("LOA_BIN", "loa"), db],
                               stdout=f, stderr=subprocess.PIPE, text=True)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("No space left on device", p.stderr)
        r = self.run_loa("report", "--year", "2024", "-o", os.path.join(self.mnt, "bao-cao.xlsx"))
        self.assertEqual(r.rc, 1, r)
        self.assertIn("bao-cao.xlsx", r.err)
        self.assertEqual([f for f in os.listdir(self.mnt) if f.startswith("bao-cao") or f.startswith(".bao-cao")], [],
                         "a partial report was left behind")
        self.assertEqual(digest(db), before, "exporting changed the station")
        self.loa("log", "verify")


class LongReader(StationTest):
    """A report (here a python sqlite3 connection) holds a read transaction
    open while loa writes: no writer ever fails with "database is locked",
    and once the reader ends the WAL is cut back to its 4 MB limit."""

    def test_writers_go_on_and_the_wal_shrinks(self):
        reader = sqlite3.connect(self.db, isolation_level=None)
        reader.execute("BEGIN")
        seen = reader.execute("SELECT count(*) FROM airing").fetchone()[0]
        # 40,000 airings written in batches of 20,000 while the snapshot is held.
        r = subprocess.run([FILL, self.db, "generate", "40000", "2024-01-01T06:00", "600"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("locked", r.stderr)
        for i in range(5):
            r = self.loa("clip", "add", tone(self.path("c%d.wav" % i), seconds=0.3, freq=500 + i))
            self.assertNotIn("locked", r.err)
            r = self.loa("slot", "add", "--clip", "1", "--at", "06:0%d" % i, "--from", "2024-01-01")
            self.assertNotIn("locked", r.err)
        # The reader still sees its snapshot; the WAL holds what was written.
        self.assertEqual(reader.execute("SELECT count(*) FROM airing").fetchone()[0], seen)
        peak = os.path.getsize(self.db + "-wal")
        self.assertGreater(peak, 4 << 20, "the writes should have outgrown the WAL limit while the reader held it")
        reader.execute("COMMIT")
        # An idle connection keeps the WAL file from being removed at close,
        # as the daemon's connection does.
        idle = sqlite3.connect(self.db)
        idle.execute("SELECT 1 FROM station").fetchall()
        for i in range(3):
            self.loa("clip", "add", tone(self.path("d%d.wav" % i), seconds=0.3, freq=700 + i))
        wal = os.path.getsize(self.db + "-wal")
        self.assertLessEqual(wal, 4 << 20, "the WAL stayed at %d bytes after the reader ended" % wal)
        self.assertEqual(idle.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        idle.close()
        reader.close()
        self.assertEqual(len(self.loa("clip", "list", "--format", "csv").csv()), 8)
        self.loa("log", "verify")


if __name__ == "__main__":
    main()
