"""webtest — what the `loa web` tests share: a station with clips, a slot
and an airing log, the real `loa web` process on a free loopback port
(started and stopped by its PID), and a small HTTP client that keeps the
session's cookie.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, StationTest, tone  # noqa: E402

FILL = os.path.join(os.environ.get("LOA_TEST_BIN", "."), "airlog_fill")
# The console's clock and the commands' clock: Monday 4 March 2024, 05:00
# in Asia/Ho_Chi_Minh.
NOW = "2024-03-03T22:00:00Z"
USER, PASSWORD = "can.bo", "mật khẩu đúng"
# The station's other accounts, each with PASSWORD: a viewer and a leader.
VIEWER, LEADER = "nguoi.xem", "chu.tich"
# Titles that would run as script if a page put them in as HTML.
XSS = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, r):
        self.status = r.status
        self.headers = r.headers
        self.body = r.read()

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "%d %r" % (self.status, self.body[:400])


class Client:
    """One browser's worth of HTTP: a cookie and a CSRF token."""

    def __init__(self, port, lang="en", tls=None):
        self.port = port
        self.lang = lang
        self.tls = tls  # an ssl.SSLContext: HTTPS, verified with it
        self.cookie = None
        self.csrf = None

    def request(self, method, path, body=None, headers=None, cookie=True, raw=None):
        h = {"Accept-Language": self.lang}
        if cookie and self.cookie:
            h["Cookie"] = self.cookie
        if body is not None:
            raw = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        if self.tls:
            c = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=self.tls)
        else:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request(method, path, body=raw, headers=h)
        r = Response(c.getresponse())
        c.close()
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def login(self, user=USER, password=PASSWORD):
        r = self.request("POST", "/api/v1/session", {"user": user, "password": password})
        if r.status == 200:
            self.cookie = r.headers["Set-Cookie"].split(";")[0]
            self.csrf = r.json()["csrf"]
        return r


def multipart(fields, files):
    """A multipart/form-data body as a browser's form sends it: its bytes
    and its Content-Type. files: [(field, file name, bytes)]."""
    boundary = "----loaTestBoundary7MA4YWxkTrZu0gW"
    out = []
    for k, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, k)).encode()
                   + v.encode("utf-8") + b"\r\n")
    for k, name, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n" % (boundary, k, name)).encode("utf-8")
                   + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def start_console(argv, env, port):
    """Starts `loa web` (argv after the binary) and waits until it accepts
    connections on port: its Popen, with stdout and stderr piped."""
    proc = subprocess.Popen([LOA] + argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + 20
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("loa web exited: %s" % proc.communicate()[1])
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("loa web did not listen on port %d within 20 s" % port)


class WebTest(StationTest):
    """A station with clips, a slot and a log, served by `loa web`."""

    role = "officer"
    # loa.conf's text for the console and the commands of the test (None: none).
    config = None

    @classmethod
    def setUpClass(cls):
        cls.t = StationTest("setUp")
        cls.t.setUp()
        cls.build_station(cls.t)
        cls.port = free_port()
        cls.env = dict(os.environ, LOA_CLOCK="fixed:" + NOW)
        cls.env.pop("LOA_DB", None)
        cls.conf = None
        if cls.config is not None:
            cls.conf = cls.t.path("loa.conf")
            with open(cls.conf, "w", encoding="utf-8") as f:
                f.write(cls.config)
            cls.env["LOA_CONFIG"] = cls.conf
        cls.proc = start_console(["--db", cls.t.db, "web", "--listen", "127.0.0.1:%d" % cls.port], cls.env, cls.port)

    @classmethod
    def tearDownClass(cls):
        cls.proc.send_signal(signal.SIGTERM)
        out, err = cls.proc.communicate(timeout=30)
        cls.t.tearDown()
        # SIGTERM stops the console cleanly.
        assert cls.proc.returncode == 0, (cls.proc.returncode, err)
        # No request left a query or a transaction open on the station's
        # connection (store_settle names each, in the last request's
        # language).
        assert "internal error" not in err and "lỗi nội bộ" not in err, err

    @classmethod
    def build_station(cls, t):
        clips = []
        for i, title in enumerate(["Thông báo tiêm chủng", "Bản tin nông nghiệp"] + XSS):
            path = tone(t.path("c%d.%s" % (i, "mp3" if i == 1 else "wav")), seconds=1.0 + i, freq=440 + 110 * i,
                        rate=8000, channels=1)
            t.loa("clip", "add", path, "--title", title)
        for row in t.loa("clip", "list", "--format", "json").json():
            clips.append(row["id"])
        t.loa("clip", "edit", str(clips[0]), "--valid-until", "2024-03-06")
        t.loa("playlist", "create", "Bản tin sáng", str(clips[0]), str(clips[1]))
        t.loa("slot", "add", "--playlist", "Bản tin sáng", "--at", "06:00,17:00", "--days", "mon-sat",
              "--from", "2024-03-04", "--until", "2024-03-09")
        subprocess.run([FILL, t.db, "generate", "40", "2024-03-01T06:00:00+07:00", "3600", "1", "3"],
                       check=True, capture_output=True)
        t.clips = clips
        # Real accounts, made as the officer makes them: the password on
        # standard input.
        for name, role in ((USER, cls.role), (VIEWER, "viewer"), (LEADER, "leader")):
            t.loa("user", "add", name, "--role", role, input=PASSWORD + "\n")

    def setUp(self):
        self.dir = self.t.dir
        self.db = self.t.db

    def tearDown(self):
        pass

    # An ssl.SSLContext when the console serves HTTPS (test_web_tls.py).
    tls = None

    def client(self, lang="en", login=True, user=USER):
        c = Client(self.port, lang, tls=self.tls)
        if login:
            r = c.login(user=user)
            self.assertEqual(r.status, 200, r)
        return c

    def cli(self, *args, lang="en"):
        """The command line on the console's clock, in English or Vietnamese."""
        env = {"LOA_CLOCK": "fixed:" + NOW}
        if self.conf:
            env["LOA_CONFIG"] = self.conf
        if lang == "vi":
            env.update({"LC_ALL": "", "LANG": "C.UTF-8", "LANGUAGE": "vi"})
        return self.run_loa(*args, env=env)
