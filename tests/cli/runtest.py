"""runtest — what the `loa run` tests share: a station on a chosen clock,
clips made with sox, slots, and readers for the agenda and the airing log.

Simulated-clock runs (LOA_CLOCK=sim:...) use the daemon's real loop with the
file output: sleeps jump, so days pass in seconds. Real-time runs use the
offset clock (LOA_CLOCK=offset:...: the real clock shifted to a known
instant) and the "null" output, which plays at real-time pace.
"""
import datetime
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, StationTest, tone  # noqa: E402

ZONE = datetime.timezone(datetime.timedelta(hours=7))
# A Monday, 05:00 in Asia/Ho_Chi_Minh.
T0 = datetime.datetime(2024, 3, 4, 5, 0, 0, tzinfo=ZONE)


def iso(t):
    return t.isoformat()


def parse(s):
    return datetime.datetime.fromisoformat(s)


class RunTest(StationTest):
    """A station created an hour before T0 (so nothing before T0 is missed)."""

    create_station = False

    def setUp(self):
        super().setUp()
        self.loa("init", *self.init_args, env=self.clock(T0 - datetime.timedelta(hours=1)))
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        super().tearDown()

    @staticmethod
    def clock(t, kind="sim"):
        return {"LOA_CLOCK": "%s:%s" % (kind, iso(t))}

    def clip(self, title, seconds=0.25, freq=440):
        path = tone(self.path("%s.wav" % title.replace(" ", "_")), seconds=seconds, freq=freq,
                    rate=8000, channels=1)
        self.loa("clip", "add", path, "--title", title)
        for row in self.loa("clip", "list", "--format", "csv").csv():
            if row["title"] == title:
                return int(row["id"])
        self.fail("clip %r not listed after clip add" % title)

    def clip_path(self, clip_id):
        return self.loa("clip", "show", str(clip_id), "--format", "json").json()["path"]

    def slot(self, clip, start, rrule=None, tier=None, expect=0):
        args = ["slot", "add", "--clip", str(clip), "--start", iso(start)]
        if rrule:
            args += ["--rrule", rrule]
        if tier:
            args += ["--tier", tier]
        self.loa(*args, expect=expect)
        rows = self.loa("slot", "list", "--format", "csv").csv()
        return max(int(r["id"]) for r in rows)

    def run_sim(self, start, until, *args, expect=0, timeout=300):
        return self.loa("run", "--output", "file:" + self.path("out.flac"), "--until", iso(until),
                        *args, env=self.clock(start), expect=expect, timeout=timeout)

    def start_daemon(self, start, *args, output="null", env=None):
        """Starts `loa run` in the background on the offset clock."""
        e = dict(os.environ)
        e.update(self.clock(start, "offset"))
        if env:
            e.update(env)
        argv = [LOA, "--db", self.db, "run", "--output", output] + [str(a) for a in args]
        p = subprocess.Popen(argv, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        return p

    def stop_daemon(self, p, sig=signal.SIGTERM, timeout=30):
        p.send_signal(sig)
        out, err = p.communicate(timeout=timeout)
        return p.returncode, err

    def log(self, *args):
        return self.loa("log", "--format", "csv", *args).csv()

    def agenda(self, start, end):
        """The agenda as JSON: every field, among them status and nominal_start."""
        return self.loa("agenda", "--from", iso(start), "--to", iso(end), "--format", "json").json()

    def wait_for(self, pred, timeout=30, what="condition"):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            v = pred()
            if v:
                return v
            time.sleep(0.1)
        self.fail("timed out waiting for " + what)

    def rows_by_status(self, status):
        return [r for r in self.log() if r["status"] == status]
