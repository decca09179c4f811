"""loa run under valgrind: a simulated day of a station with airings,
skips, a failure and hooks, with no leak and no memory error.
Labelled slow/nosan (valgrind cannot run an ASan build)."""
import datetime
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, main  # noqa: E402
from runtest import T0, RunTest, iso  # noqa: E402

M = datetime.timedelta(minutes=1)


def sanitized():
    """True when the binary under test is an ASan build (valgrind cannot run it)."""
    cache = os.path.join(os.environ.get("LOA_BUILD", ""), "CMakeCache.txt")
    try:
        with open(cache) as f:
            return "LOA_SANITIZE:BOOL=ON" in f.read()
    except OSError:
        return False


@unittest.skipUnless(shutil.which("valgrind"), "valgrind is not installed")
@unittest.skipIf(sanitized(), "an ASan build cannot run under valgrind")
class ValgrindTest(RunTest):
    def test_daemon_is_valgrind_clean(self):
        a = self.clip("Tin", 0.3, 440)
        b = self.clip("Hỏng", 0.3, 550)
        self.slot(a, T0 + 10 * M, "FREQ=HOURLY;COUNT=12")
        self.slot(b, T0 + 20 * M)
        self.slot(a, T0 + 10 * M, tier="priority")
        with open(self.clip_path(b), "wb") as f:
            f.write(b"not audio")
        env = dict(os.environ)
        env.update(self.clock(T0))
        argv = ["valgrind", "--leak-check=full", "--show-leak-kinds=definite,indirect",
                "--errors-for-leak-kinds=definite,indirect", "--error-exitcode=99", "--quiet",
                LOA, "--db", self.db, "run", "--output", "file:" + self.path("out.wav"),
                "--on-air-cmd", "true", "--off-air-cmd", "true",
                "--until", iso(T0 + 13 * 60 * M)]
        p = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr[-4000:])
        statuses = sorted(r["status"] for r in self.log())
        self.assertIn("failed", statuses)
        self.assertEqual(statuses.count("completed"), 13)


if __name__ == "__main__":
    main()
