"""loatest — what the CLI tests share: a temporary station and the real binary.

Every test drives the real `loa` binary (LOA_BIN, set by ctest) on a station
in a private temporary folder, and makes its fixtures (audio with sox,
calendars as text) at test time.
"""
import json
import csv
import io
import os
import shutil
import subprocess
import tempfile
import unittest

LOA = os.environ.get("LOA_BIN", "loa")
SRC = os.environ.get("LOA_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))


class Result:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def csv(self):
        return list(csv.DictReader(io.StringIO(self.out)))

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "rc=%d\nstdout:\n%s\nstderr:\n%s" % (self.rc, self.out, self.err)


class StationTest(unittest.TestCase):
    """A test case with a fresh folder and a station database path in it."""

    init_args = ["--tz", "Asia/Ho_Chi_Minh", "--name", "Đài xã Thử Nghiệm"]
    create_station = True

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="loa-test-")
        self.db = os.path.join(self.dir, "station", "station.db")
        if self.create_station:
            self.loa("init", *self.init_args)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def run_loa(self, *args, env=None, input=None, db=True, timeout=120):
        e = dict(os.environ)
        e.pop("LOA_DB", None)
        if env:
            e.update(env)
        argv = [LOA] + (["--db", self.db] if db else []) + [str(a) for a in args]
        proc = subprocess.run(argv, capture_output=True, text=True, env=e, input=input,
                              timeout=timeout)
        return Result(proc)

    def loa(self, *args, expect=0, **kw):
        """Runs loa and checks its exit status (0 by default)."""
        r = self.run_loa(*args, **kw)
        self.assertEqual(r.rc, expect, "loa %s\n%r" % (" ".join(map(str, args)), r))
        return r


def sox(*args):
    subprocess.run(["sox"] + [str(a) for a in args], check=True, capture_output=True)


def tone(path, seconds=2.0, freq=440, rate=48000, channels=2, gain_db=-12):
    """Writes a sine tone in the format the file name's extension says."""
    sox("-n", "-r", rate, "-c", channels, path, "synth", seconds, "sine", freq, "gain", gain_db)
    return path


def main():
    unittest.main(verbosity=2)
