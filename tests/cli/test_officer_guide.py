"""doc/officer-guide.md, run as the officer would run it (issue 19).

Every command of the guide's ```sh blocks runs, in order, on a real station
under Vietnamese messages, against a USB stick made here (topic folders,
Vietnamese names, an MP3, a phone's .m4a, a text file). The HTML comment
before each block says when it runs ("at: 2026-12-28T08:00", the station's
local time, on the simulated clock); between blocks the daemon airs the
schedule on the simulated clock up to the next block's time, as the
broadcast PC would, and "daemon" starts a real one for the block (so
`loa status` sees the program running). Then the results are checked: the
clips and their topics, the agenda, the daily status, the intact log and a
quarterly report whose figures match the schedule the guide sets up.
"""
import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, SRC, StationTest, main, sox  # noqa: E402

VI = {"LC_ALL": "", "LANG": "C.UTF-8", "LANGUAGE": "vi"}
BLOCK = re.compile(r"<!-- at: (\S+)( daemon)? -->\n```sh\n(.*?)```", re.S)


def blocks():
    with open(os.path.join(SRC, "doc", "officer-guide.md"), encoding="utf-8") as f:
        text = f.read()
    out = []
    for at, daemon, body in BLOCK.findall(text):
        cmds = [line.strip() for line in body.replace("\\\n", " ").splitlines()]
        out.append((at, bool(daemon), [c for c in cmds if c and not c.startswith("#")]))
    return text, out


class OfficerGuideTest(StationTest):
    create_station = False

    def stick(self):
        """A USB stick as the province and a phone fill it."""
        usb = self.path("usb")
        for d in ("Cải cách hành chính", "Nhạc hiệu", "Y tế"):
            os.makedirs(os.path.join(usb, d))
        wav = self.path("t.wav")
        sox("-n", "-r", 44100, "-c", 1, wav, "synth", 2.0, "sine", 500, "gain", -14)
        subprocess.run(["lame", "--quiet", wav, os.path.join(usb, "Cải cách hành chính",
                                                             "Dịch vụ công trực tuyến.mp3")], check=True)
        sox("-n", "-r", 44100, "-c", 1, wav, "synth", 1.5, "sine", 600, "gain", -14)
        subprocess.run(["ffmpeg", "-loglevel", "error", "-i", wav, os.path.join(
            usb, "Cải cách hành chính", "Đăng ký khai sinh.m4a")], check=True)
        sox("-n", "-r", 44100, "-c", 2, os.path.join(usb, "Nhạc hiệu", "nhac-hieu.wav"),
            "synth", 1.0, "sine", 700, "gain", -14)
        sox("-n", "-r", 44100, "-c", 1, os.path.join(usb, "Y tế", "Tiêm chủng mở rộng.wav"),
            "synth", 1.2, "sine", 800, "gain", -14)
        with open(os.path.join(usb, "ghi-chu.txt"), "w") as f:
            f.write("lịch phát quý 1\n")
        return usb

    def clock(self, at, kind="sim"):
        # The broadcast PC's sound card is, here, loa's null output (loa.conf).
        return dict(VI, LOA_CLOCK="%s:%s:00+07:00" % (kind, at), LOA_CONFIG=self.path("loa.conf"))

    def at_terminal(self, args, env):
        """Runs loa on a terminal (script(1) gives it one), as the officer
        does: tables, not CSV. stdout and stderr are the one screen."""
        e = dict(os.environ, COLUMNS="200", **env)
        e.pop("LOA_DB", None)
        line = shlex.join([LOA, "--db", self.db] + list(args))
        p = subprocess.run(["script", "-qefc", line, "/dev/null"], capture_output=True, text=True,
                           env=e, timeout=600)

        class R:
            rc = p.returncode
            out = p.stdout.replace("\r\n", "\n")
            err = p.stderr

            def __repr__(self):
                return "rc=%d\n%s%s" % (self.rc, self.out, self.err)
        return R()

    def air_until(self, since, until):
        """The daemon airs the schedule from since to until (simulated; the
        file output, which renders at once, as the other simulated runs)."""
        self.loa("run", "--output", "file:" + self.path("aired.flac"), "--until", until + ":00+07:00",
                 env=self.clock(since), timeout=600)

    def test_the_guide_runs_from_usb_stick_to_report(self):
        text, steps = blocks()
        self.assertEqual(len(steps), 6, "the guide's blocks are not as this test expects")
        usb = self.stick()
        with open(self.path("loa.conf"), "w") as f:
            f.write("[output]\ndevice = null\n")
        self.loa("init", env=self.clock(steps[0][0]))  # what the package does
        outputs = {}
        aired = steps[0][0]
        for at, daemon, cmds in steps:
            if at > aired and at > "2027-01-01":
                self.air_until(aired, at)
            aired = max(aired, at)
            proc = None
            if daemon:
                e = dict(os.environ, **self.clock(at, "offset"))
                proc = subprocess.Popen([LOA, "--db", self.db, "run", "--output", "null"], env=e,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                lock = self.db + "-daemon.lock"
                for _ in range(100):
                    r = self.run_loa("status", "--format", "json", env=self.clock(at))
                    if r.out and json.loads(r.out)["daemon"]["running"]:
                        break
                    time.sleep(0.1)
                self.assertTrue(os.path.exists(lock))
            try:
                for cmd in cmds:
                    argv = shlex.split(cmd.replace("/media/usb/", usb + "/"))
                    self.assertEqual(argv[0], "loa", cmd)
                    r = self.at_terminal(argv[1:], self.clock(at))
                    self.assertEqual(r.rc, 0, "%s\n%r" % (cmd, r))
                    outputs[cmd] = r
            finally:
                if proc:
                    proc.terminate()
                    proc.wait(timeout=30)
        def by(prefix):
            """The result of the guide's command that starts with "loa " + prefix."""
            found = [r for c, r in outputs.items() if c.startswith("loa " + prefix)]
            self.assertEqual(len(found), 1, prefix)
            return found[0]

        # The stick: four clips, topics from the folders, the text file named.
        add = by("clip add")
        self.assertIn("ghi-chu.txt", add.out + add.err)
        clips = self.loa("clip", "list", "--format", "json").json()
        self.assertEqual([(c["id"], c["title"], c["topic"], c["format"]) for c in clips],
                         [(1, "Dịch vụ công trực tuyến", "cải cách hành chính", "mp3"),
                          (2, "Đăng ký khai sinh", "cải cách hành chính", "m4a"),
                          (3, "Nhạc hiệu", "chương trình", "wav"),
                          (4, "Tiêm chủng mở rộng", "y tế", "wav")])
        # The agenda of Monday 4 January in the officer's dates.
        agenda = by("agenda").out
        self.assertIn("04/01/2027 06:00", agenda)
        self.assertIn("04/01/2027 17:00", agenda)
        self.assertIn("sẵn sàng phát sóng", by("run --check").out)
        # The morning status: the program runs, yesterday's airings by title.
        st = by("status").out
        self.assertIn("Chương trình loa: đang chạy", st)
        self.assertIn("Hôm qua, 04/01/2027:", st)
        self.assertIn("06:00  Bản tin sáng — đã phát trọn vẹn", st)
        self.assertIn("1. Nhạc hiệu — đã phát trọn vẹn", st)
        self.assertIn("Không có việc gì cần xử lý", st)
        # The quarter's report: every programme of the schedule, its CCHC items.
        self.assertTrue(zipfile.is_zipfile(self.path("bao-cao-quy-1-2027.docx")))
        rep = self.loa("report", "--quarter", "2027Q1", "--format", "json").json()
        days = [datetime.date(2027, 1, 1) + datetime.timedelta(d) for d in range(90)]
        off = {datetime.date(2027, 2, 16), datetime.date(2027, 2, 17), datetime.date(2027, 2, 18)}
        n = 2 * len([d for d in days if d.weekday() < 6 and d not in off])
        self.assertEqual(rep["totals"]["programmes"], n)
        self.assertEqual(rep["cchc"]["items"], 2)
        items = self.loa("log", "--items", "--format", "json").json()
        self.assertEqual([i for i in items if i["status"] != "completed"], [], json.dumps(items[:40], ensure_ascii=False))
        self.assertEqual(rep["cchc"]["airings"], 2 * n)
        self.assertIn("nguyên vẹn", by("log verify").out)

    def setUp(self):
        super().setUp()
        self.cwd = os.getcwd()
        os.chdir(self.dir)  # the report's -o names a file where the officer is

    def tearDown(self):
        os.chdir(self.cwd)
        super().tearDown()


if __name__ == "__main__":
    main()
