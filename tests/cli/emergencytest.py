"""emergencytest — what the emergency's JACK test and its benchmark share:
a station aired by the real `loa run` on a JACK dummy server, served by
the real `loa web`, and a jack_probe that hears only the stream the
emergency opens, so the instant its sound reached the DAC is measured
even while it cuts a programme.

Everything runs on the real clock, so the request's instant (the client's
clock), the airing log's and the probe's DAC timestamps compare directly.
"""
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time

from audiotest import JACK_PROBE, JackServer, Probe  # noqa: F401  (re-exported for the users)
from loatest import LOA, tone

PASSWORD = "mật khẩu khẩn cấp"
OFFICER = "can.bo"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NewPortsProbe(Probe):
    """jack_probe -n: listens only to the output ports loa registers after
    it starts, so the programme on air (its stream already open) is not
    heard and the first sound is the emergency's, on the stream the
    daemon opens after cutting the programme. It connects to a port when
    the port appears: a sound that starts at once may lose its first
    milliseconds, which only makes the measured start later."""

    def __init__(self, server, timeout=30, quiet=0.5):
        # A client of the same name may still be leaving the server: try
        # again a few times before giving up.
        for attempt in range(5):
            self.proc = subprocess.Popen([JACK_PROBE, "-n", "-t", str(timeout), "-q", str(quiet)],
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                         env=server.env())
            line = self.proc.stdout.readline()
            if line.strip() == "ready":
                return
            err = self.proc.stderr.read()
            self.proc.wait()
            time.sleep(0.5)
        raise RuntimeError("jack_probe did not start: %r %s" % (line, err))


class Station:
    """A station in a temporary folder: a long programme clip (clip 1) and a
    short emergency clip (clip 2) of other tones, an officer, and when
    started the daemon on JACK's "system" device and the console."""

    def __init__(self, jack, normal_s=20, emergency_s=2):
        self.jack = jack
        self.dir = tempfile.mkdtemp(prefix="loa-emergency-")
        self.db = os.path.join(self.dir, "station.db")
        self.port = free_port()
        self.procs = []
        self.env = dict(os.environ)
        self.env.pop("LOA_DB", None)
        self.env.pop("LOA_CLOCK", None)
        self.loa("init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài xã Khẩn Cấp")
        self.loa("clip", "add", tone(os.path.join(self.dir, "ct.wav"), normal_s, 440), "--title", "Chương trình dài")
        self.loa("clip", "add", tone(os.path.join(self.dir, "bao.wav"), emergency_s, 1000), "--title",
                 "Tin bão khẩn")
        self.loa("user", "add", OFFICER, "--role", "officer", input=PASSWORD + "\n")
        self.cookie = self.csrf = None

    def loa(self, *args, input=None, check=True):
        p = subprocess.run([LOA, "--db", self.db] + [str(a) for a in args], capture_output=True, text=True,
                           env=self.env, input=input, timeout=120)
        if check and p.returncode != 0:
            raise RuntimeError("loa %s: %s" % (" ".join(map(str, args)), p.stderr))
        return p

    def daemon(self, *extra):
        """`loa run` on the JACK server's system device (-v: its debug lines).
        Its journal goes to a file, not a pipe: PortAudio's ALSA host prints
        some 4 KB each time the output is opened, and a pipe nobody reads
        until the end fills after a dozen airings and blocks the daemon."""
        self.journal = open(os.path.join(self.dir, "loa-run.log"), "w+")
        p = subprocess.Popen([LOA, "-v", "--db", self.db, "run", "--device", "system"] + list(extra),
                             env=self.jack.env(self.env), stdout=subprocess.DEVNULL, stderr=self.journal,
                             text=True)
        self.procs.append(p)
        end = time.monotonic() + 20
        while time.monotonic() < end:
            st = self.status()
            if st["daemon"]["running"]:
                return p
            time.sleep(0.05)
        raise RuntimeError("loa run did not start")

    def status(self):
        return json.loads(self.loa("status", "--format", "json", check=False).stdout)

    def web(self):
        p = subprocess.Popen([LOA, "--db", self.db, "web", "--listen", "127.0.0.1:%d" % self.port], env=self.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        end = time.monotonic() + 20
        while time.monotonic() < end:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        status, headers, body = self.request("POST", "/api/v1/session", {"user": OFFICER, "password": PASSWORD})
        if status != 200:
            raise RuntimeError("login: %d %s" % (status, body))
        self.cookie = headers["Set-Cookie"].split(";")[0]
        self.csrf = json.loads(body)["csrf"]
        return p

    def request(self, method, path, body=None):
        h = {"Accept-Language": "en"}
        if self.cookie:
            h["Cookie"] = self.cookie
            h["X-CSRF-Token"] = self.csrf
        raw = None
        if body is not None:
            raw = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request(method, path, body=raw, headers=h)
        r = c.getresponse()
        out = (r.status, r.headers, r.read())
        c.close()
        return out

    def emergency(self, clip=2):
        """POST /api/v1/emergency; (wall-clock ns just before sending, status, answer)."""
        t0 = time.time_ns()
        status, _, body = self.request("POST", "/api/v1/emergency", {"clip": clip})
        return t0, status, json.loads(body)

    def slot_at(self, clip, at):
        """A one-off normal slot of clip at datetime at."""
        self.loa("slot", "add", "--clip", clip, "--start", at.isoformat())

    def log(self):
        return json.loads(self.loa("log", "--format", "json").stdout)

    def started_ms(self, slot):
        """The airing log's start of slot's airing, to the millisecond (the
        JSON has seconds), or None."""
        con = sqlite3.connect(self.db)
        try:
            row = con.execute("SELECT started_ms FROM airing WHERE slot_id = ?", (slot,)).fetchone()
        finally:
            con.close()
        return row[0] if row else None

    def stop(self):
        """Stops every process it started (SIGTERM, by PID); their stderr
        (the daemon's journal first)."""
        errs = []
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
            try:
                errs.append(p.communicate(timeout=30)[1] or "")
            except subprocess.TimeoutExpired:
                p.kill()
                errs.append(p.communicate()[1] or "")
        if self.procs and getattr(self, "journal", None):
            self.journal.seek(0)
            errs[0] = self.journal.read()
            self.journal.close()
            self.journal = None
        self.procs = []
        return errs

    def journal_text(self):
        """What the daemon has written so far."""
        with open(os.path.join(self.dir, "loa-run.log")) as f:
            return f.read()

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def now():
    return datetime.datetime.now().astimezone()


def parse_ms(iso):
    return int(datetime.datetime.fromisoformat(iso).timestamp() * 1000)
