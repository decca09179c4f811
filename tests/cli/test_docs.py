"""What ships beside the binary: the man page lists every command exactly as
its --help says, the bash completion completes commands and options, and
the demo content (audio/, playlists/) is small, complete and a realistic
commune schedule (checked with python3-dateutil, independently of loa)."""
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, SRC, main  # noqa: E402

from dateutil import rrule  # noqa: E402


class ManPageTest(unittest.TestCase):
    def test_commands_section_is_current(self):
        with tempfile.TemporaryDirectory() as d:
            page = os.path.join(d, "loa.1")
            shutil.copy(os.path.join(SRC, "doc", "loa.1"), page)
            r = subprocess.run([os.path.join(SRC, "scripts", "update-man.sh"), LOA, page],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(page) as f, open(os.path.join(SRC, "doc", "loa.1")) as g:
                self.assertEqual(f.read(), g.read(),
                                 "doc/loa.1 does not match the --help texts: run scripts/update-man.sh")

    def test_every_command_has_an_entry(self):
        out = subprocess.run([LOA, "--help"], capture_output=True, text=True,
                             env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")).stdout
        names = re.findall(r"(?m)^  ([a-z][a-z-]*) ", out.split("Commands:")[1])
        self.assertIn("config", names)
        with open(os.path.join(SRC, "doc", "loa.1")) as f:
            page = f.read()
        for n in names:
            self.assertRegex(page, r'\.SS "loa [^"]*\b%s\b' % re.escape(n), n)

    def test_pages_render_without_warnings(self):
        for page in ("loa.1", "loa.conf.5"):
            r = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", os.path.join(SRC, "doc", page)],
                               capture_output=True, text=True, env=dict(os.environ, MANWIDTH="80"))
            self.assertEqual(r.returncode, 0)
            self.assertEqual(r.stderr, "", page)

    def test_conf_page_names_every_key(self):
        with open(os.path.join(SRC, "doc", "loa.conf.5")) as f:
            page = f.read()
        with open(os.path.join(SRC, "packaging", "loa.conf")) as f:
            shipped = f.read()
        for key in ("name", "zone", "target_lufs", "device", "max_lateness", "on_air", "off_air",
                    "lead", "gap", "timeout", "issuer", "place", "number", "recipients", "authority",
                    "signer_title", "signer", "topic", "listen", "upload_max", "cert", "key", "broker",
                    "station", "user", "password", "ca"):
            self.assertIn(".BI %s " % key, page)
            self.assertRegex(shipped, r"(?m)^;%s =" % key)


COMPLETION = r'''
source /usr/share/bash-completion/bash_completion
source "$1"
comp() { COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<<"$COMP_LINE"
  [[ $COMP_LINE == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=(); _loa; echo "${COMPREPLY[*]}"; }
comp "loa "
comp "loa --db x.db st"
comp "loa init --"
comp "loa init --tz Asia/Ho_"
comp "loa station --format j"
comp "loa -"
'''


@unittest.skipUnless(os.path.exists("/usr/share/bash-completion/bash_completion"),
                     "bash-completion is not installed")
class CompletionTest(unittest.TestCase):
    def test_completes_commands_and_options(self):
        env = dict(os.environ, PATH=os.path.dirname(LOA) + ":" + os.environ["PATH"])
        r = subprocess.run(["bash", "-c", COMPLETION, "comp",
                            os.path.join(SRC, "packaging", "bash-completion", "loa")],
                           capture_output=True, text=True, env=env)
        lines = r.stdout.split("\n")
        self.assertIn("init", lines[0].split())
        self.assertIn("config", lines[0].split())
        self.assertEqual(set(lines[1].split()), {"station", "status"})
        self.assertEqual(set(lines[2].split()), {"--tz", "--name", "--target-lufs", "--help"})
        self.assertIn("Asia/Ho_Chi_Minh", lines[3].split())
        self.assertEqual(lines[4], "json")
        self.assertIn("--config", lines[5].split())


class DemoContentTest(unittest.TestCase):
    def test_audio_small_and_real(self):
        files = sorted(os.listdir(os.path.join(SRC, "audio")))
        mp3 = [f for f in files if f.endswith(".mp3")]
        self.assertGreaterEqual(len(mp3), 4)
        total = sum(os.path.getsize(os.path.join(SRC, "audio", f)) for f in files)
        self.assertLess(total, 2 * 1024 * 1024)
        for f in mp3:
            r = subprocess.run(["soxi", "-D", os.path.join(SRC, "audio", f)], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, f)
            self.assertGreater(float(r.stdout), 2.0, f)

    def test_playlists_point_at_the_clips(self):
        for name in ("buoi-sang.m3u", "buoi-chieu.m3u"):
            path = os.path.join(SRC, "playlists", name)
            with open(path, encoding="utf-8") as f:
                entries = [l.strip() for l in f if l.strip() and not l.startswith("#")]
            self.assertGreaterEqual(len(entries), 4)
            for e in entries:
                self.assertTrue(e.startswith("../audio/"), e)
                self.assertTrue(os.path.isfile(os.path.join(SRC, "playlists", e)), e)

    def test_demo_ics_schedule(self):
        path = os.path.join(SRC, "playlists", "demo.ics")
        with open(path, "rb") as f:
            raw = f.read()
        self.assertTrue(all(len(l) <= 75 for l in raw.split(b"\r\n")), "lines must be folded at 75 octets")
        text = raw.decode("utf-8").replace("\r\n ", "").replace("\r\n", "\n")
        self.assertIn("BEGIN:VTIMEZONE\nTZID:Asia/Ho_Chi_Minh", text)
        events = re.findall(r"BEGIN:VEVENT\n(.*?)END:VEVENT", text, re.S)
        self.assertEqual(len(events), 2)
        hours = set()
        for ev in events:
            props = dict(re.match(r"([A-Z-]+)[;:](.*)", l).groups() for l in ev.strip().split("\n"))
            start = datetime.datetime.strptime(props["DTSTART"].split(":")[1], "%Y%m%dT%H%M%S")
            rule = rrule.rrulestr(props["RRULE"], dtstart=start)
            exdates = [datetime.datetime.strptime(x, "%Y%m%dT%H%M%S")
                       for x in props["EXDATE"].split(":")[1].split(",")]
            rs = rrule.rruleset()
            rs.rrule(rule)
            for x in exdates:
                rs.exdate(x)
            year = list(rs.between(datetime.datetime(2026, 1, 1), datetime.datetime(2027, 1, 1)))
            # Monday to Saturday, every week, minus the holidays that fall on those days.
            self.assertTrue(all(d.weekday() < 6 for d in year))
            self.assertEqual(len({d.hour for d in year}), 1)
            hours.add(year[0].hour)
            for x in exdates:
                self.assertIn(x, list(rule.between(x - datetime.timedelta(minutes=1), x + datetime.timedelta(minutes=1))),
                              "an EXDATE must fall on an airing: %s" % x)
                self.assertNotIn(x, year)
            attach = props["ATTACH"]
            self.assertTrue(os.path.isfile(os.path.join(SRC, "playlists", attach)), attach)
        self.assertEqual(hours, {6, 17})

    def test_script_rebuilds_the_same_clips(self):
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([os.path.join(SRC, "scripts", "make-demo-audio.sh"), d],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            for f in os.listdir(os.path.join(SRC, "audio")):
                with open(os.path.join(d, f), "rb") as a, open(os.path.join(SRC, "audio", f), "rb") as b:
                    self.assertEqual(a.read(), b.read(), "%s differs: rerun scripts/make-demo-audio.sh" % f)


if __name__ == "__main__":
    main()
