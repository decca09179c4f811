#!/usr/bin/python3
"""bench_web — the web console (`loa web`, issue 20) on a big station.

The station: 1,000 clips (short real WAV files, added by `loa clip add`
from a folder per topic), 1,000 daily slots (a calendar of 1,000 events
imported by `loa slot import`, each naming its clip by X-LOA-CLIP), and
100,000 airings in the log, programmes of 5 items each, written by
tests/tools/airlog_fill through airlog.h as the daemon writes them (real
rows, hash-chained: /log/verify re-hashes every one), one every 86 s over
the 99.5 days before today. The audio files are made once and kept in
$LOA_BUILD/bench-web/ (with the 300 MB WAV of the upload).

Then `loa web` on a free loopback port, a leader logged in, and:
  idle memory      after start, before any request: VmRSS, and apart
                   RssAnon (the process's own memory), RssFile (pages of
                   the program's and its libraries' files, shared with
                   every process that maps them) and Pss (its fair share);
                   the largest mappings go to the log, and which of the
                   libraries loaded on first use are mapped (none: `loa web`
                   runs loa-web, which links only what the console needs
                   and loads libical, OpenSSL, libsndfile and the report
                   writers when a request needs them). Beside it the same
                   of a command that has just started (`loa user add`
                   waiting for its password): what loading the one binary
                   and its libraries costs any loa process, console or not
  every page and GET endpoint, over one keep-alive connection: each page
                   as the browser opens it (its API calls one after the
                   other), each endpoint alone; after one request not
                   counted (caches warm), 50 requests, or fewer when they
                   take more than LOA_BENCH_WEB_BUDGET seconds (default 10;
                   LOA_BENCH_LONG=1: always 50); p50 and p95 in ms. The
                   log as JSON is paged (1,000 rows at most): its calls
                   are their first page, the whole period is its CSV. And
                   the next quarter's report with a daemon's heartbeat
                   written before each request (the change token moves,
                   as on the air each minute: its planned-versus-aired
                   counts are made again from the schedule)
  peak memory      of a console just started, its peak reset after the
                   login (/proc/PID/clear_refs 5): VmHWM, and RssAnon
                   sampled every 5 ms, while it sends the whole log (JSON,
                   JSON with items, CSV), and while it receives and imports
                   a 300 MB WAV; and the login's own peak (Argon2id takes
                   64 MiB). VmHWM counts the station's file too once a walk
                   of the log has read it (the store maps it: page cache,
                   shared, dropped first); RssAnon is what the console
                   itself holds
  an airing under load: `loa run` on a JACK dummy server airs a slot while
                   50 clients (logged in, each from its own loopback
                   address, as 50 PCs of an office would be, in a process
                   of their own at nice 19 since real browsers do not run
                   on the broadcast PC) hammer the console with what its
                   pages ask for and its downloads (the log as CSV, the
                   report as xlsx), and airs it again with none; the start
                   error at the DAC is measured by tests/tools/jack_probe,
                   alternately quiet and hammered, 3 airings each of 15 s
                   (LOA_BENCH_LONG=1: 5 each of 60 s, as the issue says),
                   the clients running from 3 s before the airing's start
                   to its end; and how many requests a second they were
                   answered. jackd runs real-time, as it does by default,
                   when it may (else, and with LOA_BENCH_WEB_RT=0, without,
                   as the playout tests run it: then the machine's other
                   load shows in every airing, quiet or not; the load
                   average goes to the log). Skipped without jackd or
                   jack_probe.

Prints `name<TAB>value<TAB>unit[<TAB>aim]` lines; what each is, with its
request, its bytes and its count, goes to stderr.

Usage: bench/bench_web.py   (LOA_BIN, LOA_BUILD as scripts/bench.sh sets them)
"""
import datetime
import http.client
import json
import math
import multiprocessing
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import wave

TOP = os.environ.get("LOA_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BUILD = os.environ.get("LOA_BUILD", os.path.join(TOP, "build"))
LOA = os.environ.get("LOA_BIN", os.path.join(BUILD, "loa"))
FILL = os.path.join(BUILD, "tests", "airlog_fill")
JACK_PROBE = os.path.join(BUILD, "tests", "jack_probe")
CACHE = os.path.join(BUILD, "bench-web")
LONG = os.environ.get("LOA_BENCH_LONG") == "1"
BUDGET = float(os.environ.get("LOA_BENCH_WEB_BUDGET", "10"))
RT = os.environ.get("LOA_BENCH_WEB_RT", "1") == "1"
REQUESTS = 50
CLIPS, SLOTS, AIRINGS, STEP_S = 1000, 1000, 100000, 86
AIM_MS = "< 100 ms"
USER, PASSWORD = "bench.leader", "mật khẩu của bench"
TOPICS = ["Cải cách hành chính", "Y tế", "Nông nghiệp", "Giáo dục", "An ninh trật tự", "Chuyển đổi số",
          "Phòng chống thiên tai", "Dịch vụ công trực tuyến"]
UPLOAD_BYTES = 300 * 1000 * 1000


def out(name, value, unit, aim=""):
    print("%s\t%s\t%s\t%s" % (name, value, unit, aim))
    sys.stdout.flush()


def note(*a):
    print(*a, file=sys.stderr)
    sys.stderr.flush()


def loa(db, *args, env=None, input=None):
    r = subprocess.run([LOA, "--db", db] + [str(a) for a in args], capture_output=True, text=True, env=env,
                       input=input)
    if r.returncode != 0:
        sys.exit("loa %s failed: %s" % (" ".join(map(str, args)), r.stderr))
    return r.stdout


# ---- /proc ----

def proc_status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def kb(pid, field):
    return int(proc_status(pid)[field].split()[0])


def pss_kb(pid):
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def reset_peak(pid):
    """Sets VmHWM back to the present RSS (Linux >= 4.0)."""
    with open("/proc/%d/clear_refs" % pid, "w") as f:
        f.write("5")


LAZY_LIBS = ("libical", "libicuuc", "libstdc++", "libcrypto", "libsndfile", "libebur128", "libxlsxwriter",
             "libzip", "libportaudio", "libmosquitto", "libsystemd")


def lazy_mapped(pid):
    """Which of the libraries loa-web loads on first use (include/loa/lazy.h)
    or does not link at all are mapped in pid."""
    with open("/proc/%d/maps" % pid) as f:
        names = {os.path.basename(line.split()[-1]) for line in f if ".so" in line}
    return sorted(lib for lib in LAZY_LIBS if any(n.startswith(lib + ".so") for n in names)) or ["none"]


def mappings(pid, n=12):
    """The n mappings (by file) with the most resident memory, in kB."""
    rss, name = {}, ""
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            p = line.split()
            if "-" in p[0] and len(p) >= 5 and ":" in p[3]:
                name = p[5] if len(p) > 5 else "[anonymous]"
            elif p[0] == "Rss:":
                rss[name] = rss.get(name, 0) + int(p[1])
    return sorted(rss.items(), key=lambda x: -x[1])[:n]


# ---- the station ----

def sine_wav(path, seconds, freq, rate=8000):
    n = int(rate * seconds)
    step = 2 * math.pi * freq / rate
    data = struct.pack("<%dh" % n, *(int(8000 * math.sin(step * k)) for k in range(n)))
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data)


def clip_files():
    """1,000 WAV files of half a second, each its own tone (so its own
    SHA-256), in a folder per topic; made once."""
    root = os.path.join(CACHE, "clips")
    done = os.path.join(CACHE, "clips.done")
    if os.path.exists(done):
        return root
    shutil.rmtree(root, ignore_errors=True)
    for i in range(CLIPS):
        d = os.path.join(root, TOPICS[i % len(TOPICS)])
        os.makedirs(d, exist_ok=True)
        sine_wav(os.path.join(d, "tin-%04d.wav" % i), 0.5, 200 + i * 3.7)
    open(done, "w").close()
    return root


def upload_file():
    """A 300 MB WAV (44.1 kHz stereo pink noise, 28 minutes); made once."""
    path = os.path.join(CACHE, "upload-300mb.wav")
    if not os.path.exists(path):
        tmp = path + ".tmp.wav"
        seconds = UPLOAD_BYTES / (44100 * 2 * 2)
        subprocess.run(["sox", "-n", "-r", "44100", "-c", "2", "-b", "16", tmp, "synth", "%.3f" % seconds,
                        "pinknoise", "gain", "-14"], check=True)
        os.rename(tmp, path)
    return path


def midnight_today():
    return datetime.datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)


def daily_instants(day):
    """The daily slots' start of day, as seconds after its midnight."""
    return [k * 86400 // SLOTS for k in range(SLOTS)]


def station(tmp):
    db = os.path.join(tmp, "station", "station.db")
    t = time.monotonic()
    loa(db, "init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài truyền thanh xã Bench")
    loa(db, "clip", "add", clip_files(), "--topic-from-folder")
    ids = [int(r.split(",")[0]) for r in loa(db, "clip", "list", "--format", "csv").splitlines()[1:]]
    if len(ids) != CLIPS:
        sys.exit("expected %d clips, got %d" % (CLIPS, len(ids)))
    note("clips: %d added in %.1f s" % (len(ids), time.monotonic() - t))
    t = time.monotonic()
    # Daily slots spread over the day, from yesterday (the dashboard's
    # yesterday and today have airings), each with its clip.
    day = midnight_today() - datetime.timedelta(days=1)
    ev = []
    for k, s in enumerate(daily_instants(day)):
        start = day + datetime.timedelta(seconds=s)
        ev.append("BEGIN:VEVENT\r\nUID:s%d@bench\r\nSUMMARY:Bản tin %d\r\nDTSTART;TZID=Asia/Ho_Chi_Minh:%s\r\n"
                  "RRULE:FREQ=DAILY\r\nX-LOA-CLIP:%d\r\nEND:VEVENT\r\n" %
                  (k, k, start.astimezone(datetime.timezone(datetime.timedelta(hours=7))).strftime(
                      "%Y%m%dT%H%M%S"), ids[k]))
    ics = os.path.join(tmp, "lich.ics")
    with open(ics, "w", encoding="utf-8") as f:
        f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa bench//EN\r\n" + "".join(ev) +
                "END:VCALENDAR\r\n")
    loa(db, "slot", "import", ics)
    note("slots: %d imported in %.1f s" % (SLOTS, time.monotonic() - t))
    t = time.monotonic()
    first = midnight_today() - datetime.timedelta(seconds=AIRINGS * STEP_S)
    subprocess.run([FILL, db, "generate", str(AIRINGS), first.isoformat(), str(STEP_S), "7", "5"], check=True,
                   capture_output=True)
    note("log: %d airings of 5 items from %s written in %.1f s" % (AIRINGS, first.isoformat(),
                                                                  time.monotonic() - t))
    loa(db, "user", "add", USER, "--role", "leader", input=PASSWORD + "\n")
    loa(db, "log", "verify")  # the chain is intact, and the file is in the page cache
    return db, ids, first


# ---- HTTP ----

class Conn:
    """A keep-alive connection with the session's cookie."""

    def __init__(self, port, cookie=None, source=None):
        self.port, self.cookie, self.source = port, cookie, source
        self.c = None

    def request(self, method, path, body=None, headers=None):
        h = {"Accept-Language": "vi"}
        if self.cookie:
            h["Cookie"] = self.cookie
        h.update(headers or {})
        for attempt in (0, 1):
            if not self.c:
                self.c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120,
                                                    source_address=(self.source, 0) if self.source else None)
            try:
                self.c.request(method, path, body=body, headers=h)
                r = self.c.getresponse()
                data = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.c.close()
                    self.c = None
                return r.status, data, r
            except (http.client.HTTPException, OSError):
                self.c.close()
                self.c = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def close(self):
        if self.c:
            self.c.close()
            self.c = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_web(db, port, nice=0):
    p = subprocess.Popen(["nice", "-n", str(nice), LOA, "--db", db, "-q", "web", "--listen", "127.0.0.1:%d" % port],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    end = time.monotonic() + 20
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return p
        except OSError:
            if p.poll() is not None:
                sys.exit("loa web exited: %s" % p.stderr.read().decode())
            time.sleep(0.05)
    sys.exit("loa web did not listen")


def login(port):
    c = Conn(port)
    st, body, r = c.request("POST", "/api/v1/session", json.dumps({"user": USER, "password": PASSWORD}).encode(),
                            {"Content-Type": "application/json"})
    if st != 200:
        sys.exit("login failed: %d %s" % (st, body[:300]))
    c.cookie = r.getheader("Set-Cookie").split(";")[0]
    return c, json.loads(body)["csrf"]


def pct(v, p):
    """The p-th percentile of v (nearest rank)."""
    s = sorted(v)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def timed(c, paths):
    """Fetches paths one after the other; their total ms, and bytes."""
    t = time.perf_counter()
    n = 0
    for path, headers in paths:
        st, data, _ = c.get(path, headers)
        if st not in (200, 206):
            raise RuntimeError("%s: %d %s" % (path, st, data[:300]))
        n += len(data)
    return (time.perf_counter() - t) * 1000, n


def measure(c, name, paths, what, before=None):
    """before(): done ahead of each request, not timed."""
    if before:
        before()
    timed(c, paths)  # not counted: caches warm
    ms, size = [], 0
    t0 = time.monotonic()
    while len(ms) < REQUESTS and (LONG or len(ms) < 5 or time.monotonic() - t0 < BUDGET):
        if before:
            before()
        m, size = timed(c, paths)
        ms.append(m)
    unit = "ms" if len(ms) == REQUESTS else "ms (%d requests)" % len(ms)
    out(name + "_p50", "%.1f" % pct(ms, 50), unit)
    out(name + "_p95", "%.1f" % pct(ms, 95), unit, AIM_MS)
    note("%s: %s, %d bytes, %d requests, p50 %.1f ms, p95 %.1f ms, max %.1f ms" %
         (name, what, size, len(ms), pct(ms, 50), pct(ms, 95), max(ms)))
    return ms


def q(**kw):
    return "?" + urllib.parse.urlencode(kw)


class Heartbeat:
    """A daemon's heartbeat, written into the station by another
    connection as `loa run` writes it once a minute: the station's change
    token moves, and what the console keeps only while it stays (a
    report's planned-versus-aired counts) is made again. The row is a
    daemon's that has stopped; it is taken away at the end."""

    def __init__(self, db):
        self.w = sqlite3.connect(db, isolation_level=None, timeout=30)
        now = int(time.time() * 1000)
        self.w.execute("INSERT OR REPLACE INTO daemon_state (id, pid, version, started_ms, checked_ms, device_ok, "
                       "device, reason_code, detail, heartbeat_ms) VALUES (1, 999999, 'bench', ?, 0, 0, '', '', "
                       "'', ?)", (now, now))
        self.beat = 0

    def __call__(self):
        self.beat += 1
        self.w.execute("UPDATE daemon_state SET heartbeat_ms = ? WHERE id = 1",
                       (int(time.time() * 1000) + self.beat,))

    def close(self):
        self.w.execute("DELETE FROM daemon_state")
        self.w.close()


def endpoints(c, today, first, clip, db):
    """Every page as the browser opens it, then every GET endpoint; returns
    the hammer's mix of requests."""
    d = lambda t: t.strftime("%d/%m/%Y")  # noqa: E731  as the officer types dates
    yesterday = today - datetime.timedelta(days=1)
    week = (today - datetime.timedelta(days=6), today)  # the log page's default
    month = (today - datetime.timedelta(days=30), yesterday)
    quarter = (today - datetime.timedelta(days=91), yesterday)
    # The quarter with the most of the log: a report of real size.
    mid = first + (midnight_today() - first) / 2
    rq = "%d/%d" % ((mid.month - 1) // 3 + 1, mid.year)
    assets = ["/", "/style.css", "/i18n.js", "/app.js", "/logpages.js", "/users.js"]
    get = lambda *p: [(x, None) for x in p]  # noqa: E731
    log7 = "/api/v1/log" + q(**{"from": d(week[0]), "to": d(week[1])})
    log7i = "/api/v1/log" + q(items=1, **{"from": d(week[0]), "to": d(week[1])})
    # The Nhật ký phát page shows the week 200 programmes at a time, each
    # page with its items (after=, through=), and "Xem thêm" the next.
    wk = {"from": d(week[0]), "to": d(week[1])}
    page1 = json.loads(c.get("/api/v1/log" + q(limit=200, **wk))[1])
    page2 = json.loads(c.get("/api/v1/log" + q(limit=200, after=page1[-1]["id"], **wk))[1])
    log7p = "/api/v1/log" + q(limit=200, **wk)
    log7pi = "/api/v1/log" + q(items=1, through=page1[-1]["id"], **wk)
    more = ["/api/v1/log" + q(limit=200, after=page1[-1]["id"], **wk),
            "/api/v1/log" + q(items=1, after=page1[-1]["id"], through=page2[-1]["id"], **wk)]
    pages = [
        ("page_login", get("/api/v1/session", *assets), "the console's files and the session check"),
        ("page_dashboard", get("/api/v1/status"), "Tổng quan: status"),
        ("page_clips", get("/api/v1/clips"), "Kho âm thanh: the 1,000 clips"),
        ("page_log", get("/api/v1/status", log7p, log7pi, "/api/v1/log/verify"),
         "Nhật ký phát: status, the week's first 200 programmes, their items, the chain's verdict"),
        ("page_log_more", get(*more), "Nhật ký phát, Xem thêm: the next 200 programmes and their items"),
        ("page_report", get("/api/v1/report" + q(quarter=rq, format="json")), "Báo cáo: quarter " + rq),
        ("page_users", get("/api/v1/users"), "Người dùng"),
        ("page_audit", get("/api/v1/audit"), "Lịch sử thao tác"),
    ]
    gets = [
        ("get_station", "/api/v1/station", None),
        ("get_status", "/api/v1/status", None),
        ("get_clips", "/api/v1/clips", None),
        ("get_clip", "/api/v1/clips/%d" % clip, None),
        ("get_clip_audio_range", "/api/v1/clips/%d/audio" % clip, {"Range": "bytes=1000-4999"}),
        ("get_playlists", "/api/v1/playlists", None),
        ("get_agenda_week", "/api/v1/agenda", None),
        ("get_agenda_quarter", "/api/v1/agenda" + q(**{"from": d(today), "to": d(today + datetime.timedelta(
            days=91))}), None),
        ("get_log_day", "/api/v1/log" + q(**{"from": d(yesterday), "to": d(yesterday)}), None),
        ("get_log_week_items", log7i, None),
        ("get_log_month", "/api/v1/log" + q(**{"from": d(month[0]), "to": d(month[1])}), None),
        ("get_log_quarter", "/api/v1/log" + q(**{"from": d(quarter[0]), "to": d(quarter[1])}), None),
        ("get_log_whole", "/api/v1/log", None),
        ("get_log_whole_csv", "/api/v1/log" + q(format="csv"), None),
        ("get_log_verify", "/api/v1/log/verify", None),
        ("get_report_quarter_json", "/api/v1/report" + q(quarter=rq, format="json"), None),
        ("get_report_quarter_html", "/api/v1/report" + q(quarter=rq, format="html"), None),
        ("get_report_quarter_csv", "/api/v1/report" + q(quarter=rq, format="csv"), None),
        ("get_report_quarter_xlsx", "/api/v1/report" + q(quarter=rq, format="xlsx"), None),
        ("get_audit", "/api/v1/audit", None),
        ("get_users", "/api/v1/users", None),
    ] + [("get_asset_" + (a.strip("/").replace(".", "_") or "index"), a, None) for a in assets]
    for name, paths, what in pages:
        measure(c, name, paths, what)
    for name, path, headers in gets:
        measure(c, name, [(path, headers)], "GET " + path + (" Range " + headers["Range"] if headers else ""))
    # The next quarter's report, planned all through (91,000 airings, no
    # log), the station changed before each: on the air, the daemon's
    # heartbeat moves the change token once a minute, and the report's
    # planned-versus-aired counts are made again from the schedule.
    nq = (today.month - 1) // 3 + 1
    nq, ny = (1, today.year + 1) if nq == 4 else (nq + 1, today.year)
    beat = Heartbeat(db)
    try:
        path = "/api/v1/report" + q(quarter="%d/%d" % (nq, ny), format="json")
        measure(c, "get_report_next_quarter_plan", [(path, None)],
                "GET " + path + ", a daemon's heartbeat written before each", beat)
    finally:
        beat.close()
    # The hammer's mix: what the pages ask for, and the downloads they
    # offer (the week's log as CSV, the whole log as CSV, the quarter's
    # report as xlsx).
    return ["/api/v1/session", "/api/v1/status", "/api/v1/clips", "/api/v1/clips/%d/audio" % clip, log7p, log7pi,
            "/api/v1/log/verify", log7 + "&format=csv", "/api/v1/log?format=csv",
            "/api/v1/report" + q(quarter=rq, format="json"), "/api/v1/report" + q(quarter=rq, format="xlsx"),
            "/api/v1/users", "/api/v1/audit"] + assets


# ---- memory peaks ----

class Sampler:
    """The largest VmRSS and RssAnon of pid, read every 5 ms, while it runs."""

    def __init__(self, pid):
        self.pid, self.rss, self.anon = pid, 0, 0
        self.done = threading.Event()
        self.th = threading.Thread(target=self.run)

    def run(self):
        while not self.done.is_set():
            try:
                st = proc_status(self.pid)
                self.rss = max(self.rss, int(st["VmRSS"].split()[0]))
                self.anon = max(self.anon, int(st["RssAnon"].split()[0]))
            except (OSError, KeyError):
                pass
            time.sleep(0.005)

    def __enter__(self):
        self.th.start()
        return self

    def __exit__(self, *a):
        self.done.set()
        self.th.join()


def fresh_console(db):
    """A console just started, a leader logged in, and its peak reset
    after the login (whose Argon2id takes 64 MiB): (process, port,
    connection, CSRF token, the login's peak in kB)."""
    port = free_port()
    web = start_web(db, port)
    time.sleep(0.5)
    reset_peak(web.pid)
    c, csrf = login(port)
    login_peak = kb(web.pid, "VmHWM")
    reset_peak(web.pid)
    return web, port, c, csrf, login_peak


def stop(web):
    web.send_signal(signal.SIGTERM)
    try:
        web.wait(timeout=30)
    except subprocess.TimeoutExpired:
        web.kill()


def log_peaks(db):
    """The peak memory of a fresh console while it sends the whole log."""
    for name, path in (("log_whole_json", "/api/v1/log"), ("log_whole_items_json", "/api/v1/log?items=1"),
                       ("log_whole_csv", "/api/v1/log?format=csv")):
        web, port, c, csrf, _ = fresh_console(db)
        base, anon = kb(web.pid, "VmRSS"), kb(web.pid, "RssAnon")
        with Sampler(web.pid) as smp:
            st, data, _ = c.get(path)
        peak = kb(web.pid, "VmHWM")
        file_after = kb(web.pid, "RssFile")
        c.close()
        stop(web)
        if st != 200:
            sys.exit("%s: %d" % (path, st))
        out("web_rss_peak_" + name, "%.1f" % (peak / 1024), "MB (VmHWM)")
        out("web_rss_anon_peak_" + name, "%.1f" % (smp.anon / 1024), "MB (RssAnon, sampled)")
        note("%s: %d bytes sent; before it RSS %.1f MB (RssAnon %.1f); VmHWM %.1f MB, RssAnon at most %.1f MB, "
             "RssFile after %.1f MB (the station's file, read through mmap)" %
             (path, len(data), base / 1024, anon / 1024, peak / 1024, smp.anon / 1024, file_after / 1024))


def upload(port, cookie, csrf, path):
    """POSTs path as a browser's form does, streamed from the file;
    returns (status, seconds)."""
    boundary = "----loaBenchBoundary0123456789"
    head = ("--%s\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBản tin dài\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ban-tin-dai.wav\"\r\n"
            "Content-Type: audio/wav\r\n\r\n" % (boundary, boundary)).encode("utf-8")
    tail = ("\r\n--%s--\r\n" % boundary).encode()
    size = os.path.getsize(path)
    t = time.monotonic()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.putrequest("POST", "/api/v1/clips")
    c.putheader("Cookie", cookie)
    c.putheader("X-CSRF-Token", csrf)
    c.putheader("Content-Type", "multipart/form-data; boundary=" + boundary)
    c.putheader("Content-Length", str(len(head) + size + len(tail)))
    c.endheaders()
    c.send(head)
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            c.send(b)
    c.send(tail)
    r = c.getresponse()
    body = r.read()
    secs = time.monotonic() - t
    c.close()
    if r.status != 201:
        note("upload: %d %s" % (r.status, body[:300]))
    return r.status, secs


def upload_peak(db):
    big = upload_file()
    web, port, c, csrf, login_peak = fresh_console(db)
    out("web_rss_peak_login", "%.1f" % (login_peak / 1024), "MB (VmHWM)")
    base = kb(web.pid, "VmRSS")
    with Sampler(web.pid) as smp:
        st, secs = upload(port, c.cookie, csrf, big)
    peak = kb(web.pid, "VmHWM")
    c.close()
    stop(web)
    if st != 201:
        out("web_upload_300mb_status", st, "HTTP status", "201")
        return
    out("web_rss_peak_upload_300mb", "%.1f" % (peak / 1024), "MB (VmHWM)", "< 30 MB")
    out("web_rss_anon_peak_upload_300mb", "%.1f" % (smp.anon / 1024), "MB (RssAnon, sampled)")
    out("web_upload_300mb_s", "%.1f" % secs, "s (received and imported)")
    note("upload of %d bytes: 201 in %.1f s; RSS before %.1f MB, VmHWM %.1f MB, sampled RSS at most %.1f MB, "
         "RssAnon at most %.1f MB" % (os.path.getsize(big), secs, base / 1024, peak / 1024, smp.rss / 1024,
                                      smp.anon / 1024))


# ---- an airing under load ----

class Hammer:
    """n clients, each on its own loopback address and keep-alive
    connection, fetching a random GET of paths until stopped. They run in
    a process of their own at the lowest CPU priority: the officers'
    browsers run on other computers, so here they must not take the
    daemon's CPU themselves; what is measured is the console's load."""

    def __init__(self, port, cookie, paths, n=50):
        self.args = (port, cookie, paths, n)
        ctx = multiprocessing.get_context("fork")
        self.stop = ctx.Event()
        self.q = ctx.Queue()
        self.p = ctx.Process(target=Hammer.run, args=self.args + (self.stop, self.q))
        self.done = self.errors = self.bytes = 0
        self.why = []  # the first failures

    @staticmethod
    def run(port, cookie, paths, n, stop, q):
        os.nice(19)
        lock = threading.Lock()
        st = {"done": 0, "errors": 0, "bytes": 0, "why": []}

        def client(i):
            c = Conn(port, cookie, source="127.0.0.%d" % (10 + i))
            rnd = random.Random(i)
            while not stop.is_set():
                path = rnd.choice(paths)
                try:
                    code, data, _ = c.get(path)
                    ok, why = code in (200, 206), "%d %s" % (code, data[:200])
                except (OSError, http.client.HTTPException) as e:
                    ok, data, why = False, b"", repr(e)
                with lock:
                    st["done"] += ok
                    st["errors"] += not ok
                    st["bytes"] += len(data)
                    if not ok and len(st["why"]) < 5:
                        st["why"].append("%s: %s" % (path, why))
            c.close()

        t0 = time.monotonic()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        q.put((st["done"], st["errors"], st["bytes"], st["why"], time.monotonic() - t0))

    def start(self):
        self.p.start()
        return self

    def finish(self):
        """Stops the clients once their requests are answered; the
        seconds they ran."""
        self.stop.set()
        self.done, self.errors, self.bytes, self.why, secs = self.q.get(timeout=600)
        self.p.join()
        return secs


def jack_env(name):
    e = dict(os.environ)
    e["JACK_DEFAULT_SERVER"] = name
    e["JACK_NO_AUDIO_RESERVATION"] = "1"
    return e


def next_gap(after, seconds):
    """The first whole second >= after at which an airing of seconds
    (and its probe, from 6 s before) meets none of the daily slots."""
    at = after.replace(microsecond=0) + datetime.timedelta(seconds=1)
    while True:
        day = at.replace(hour=0, minute=0, second=0)
        lo = (at - day).total_seconds() - 8
        hi = (at - day).total_seconds() + seconds + 3
        if not any(lo <= s <= hi or lo <= s + 86400 <= hi or lo <= s - 86400 <= hi
                   for s in daily_instants(day)):
            return at
        at += datetime.timedelta(seconds=1)


def airing_under_load(db, tmp, port, cookie, paths):
    if not (shutil.which("jackd") and os.path.exists(JACK_PROBE)):
        note("airing under load: skipped (needs jackd and %s)" % JACK_PROBE)
        return
    seconds = 60 if LONG else 15
    trials = int(os.environ.get("LOA_BENCH_WEB_AIRINGS", "5" if LONG else "3"))
    wav = os.path.join(tmp, "airing.wav")
    subprocess.run(["sox", "-n", "-r", "48000", "-c", "2", wav, "synth", str(seconds), "sine", "1000", "gain",
                    "-6"], check=True)
    loa(db, "clip", "add", wav, "--title", "Bản tin đo")
    clip = max(int(r.split(",")[0]) for r in loa(db, "clip", "list", "--format", "csv").splitlines()[1:])
    name = "loa-bench-web-%d" % os.getpid()
    env = jack_env(name)
    rt = RT
    while True:
        jack = subprocess.Popen(["jackd", "-R" if rt else "-r", "-n", name, "-d", "dummy", "-r", "48000", "-p",
                                 "256"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        if subprocess.run(["jack_wait", "-s", name, "-w", "-t", "15"], env=env, capture_output=True).returncode == 0:
            break
        jack.terminate()
        jack.wait()
        if not rt:
            sys.exit("jackd did not start")
        note("jackd could not run real-time here: the airings are measured without")
        rt = False
    note("jackd %s" % ("real-time (-R, jackd's default)" if rt else "not real-time (-r, as the playout tests run it)"))
    daemon = None
    try:
        daemon = subprocess.Popen([LOA, "--db", db, "-q", "run", "--device", "system"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(5)
        errors = {"quiet": [], "hammered": []}
        xruns = {"quiet": 0, "hammered": 0}
        served = served_s = failed = 0
        for k in range(2 * trials):
            kind = "hammered" if k % 2 else "quiet"
            at = next_gap(datetime.datetime.now().astimezone() + datetime.timedelta(seconds=8), seconds)
            loa(db, "slot", "add", "--clip", clip, "--start", at.isoformat())
            lead = (at - datetime.datetime.now().astimezone()).total_seconds()
            time.sleep(max(0, lead - 5))
            probe = subprocess.Popen([JACK_PROBE, "-t", str(seconds + 30), "-q", "0.7"], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
            if probe.stdout.readline().strip() != "ready":
                note("airing %d (%s): jack_probe did not start: %s" % (k, kind, probe.stderr.read()))
                probe.wait()
                # The airing goes on unheard: the next one must not overlap it
                # (it would be delayed, and its probe hear this one).
                time.sleep(max(0, (at - datetime.datetime.now().astimezone()).total_seconds() + seconds + 2))
                continue
            h = None
            if kind == "hammered":
                time.sleep(max(0, (at - datetime.datetime.now().astimezone()).total_seconds() - 3))
                h = Hammer(port, cookie, paths).start()
            o, e = probe.communicate(timeout=seconds + 60)
            if h:
                secs = h.finish()
                served += h.done
                failed += h.errors
                served_s += secs
                note("hammer: %d requests served in %.1f s (%.1f/s), %d failed, %.0f MB sent%s" %
                     (h.done, secs, h.done / secs, h.errors, h.bytes / 1e6,
                      "; first failures: " + "; ".join(h.why) if h.why else ""))
            r = dict(line.split("=", 1) for line in o.split() if "=" in line)
            err = int(r.get("first_dac_ns", "0")) / 1e6 - at.timestamp() * 1000
            row = [x for x in json.loads(loa(db, "log", "--from", at.isoformat(), "--format", "json"))
                   if x["scheduled"] and datetime.datetime.fromisoformat(x["scheduled"]) == at]
            note("airing %d: the log says %s" % (k, "%s, late %s, delay %s s" % (
                row[0]["status"], row[0]["late"], row[0]["delay"]) if row else "nothing"))
            if "first_dac_ns" not in r or abs(err) > 10000:
                note("airing %d (%s) not heard at its time: %r %s" % (k, kind, r, e))
                continue
            errors[kind].append(err)
            xruns[kind] += int(r.get("xruns", 0))
            note("airing %d at %s (%s): start error at the DAC %+.3f ms, xruns %s" %
                 (k, at.isoformat(), kind, err, r.get("xruns")))
        unit = "ms (%d airings of %d s, JACK %s)" % (trials, seconds, "real-time" if rt else "not real-time")
        for kind in ("quiet", "hammered"):
            if errors[kind]:
                out("airing_start_error_%s_median" % kind, "%.3f" % statistics.median(map(abs, errors[kind])),
                    unit)
                out("airing_start_error_%s_max" % kind, "%.3f" % max(map(abs, errors[kind])), unit)
                out("airing_xruns_%s" % kind, xruns[kind], "xruns")
        if errors["quiet"] and errors["hammered"]:
            diff = statistics.median(map(abs, errors["hammered"])) - statistics.median(map(abs, errors["quiet"]))
            out("airing_start_error_hammered_minus_quiet", "%.3f" % diff, "ms", "< 1 ms")
        if served_s:
            out("web_hammer_requests_per_s", "%.1f" % (served / served_s), "requests/s (50 clients)")
            out("web_hammer_failed", failed, "requests", "0")
    finally:
        if daemon:
            daemon.send_signal(signal.SIGTERM)
            try:
                daemon.wait(timeout=30)
            except subprocess.TimeoutExpired:
                daemon.kill()
        jack.terminate()
        try:
            jack.wait(timeout=60)
        except subprocess.TimeoutExpired:
            jack.kill()


def main():
    os.makedirs(CACHE, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="loa-bench-web-")
    web = None
    try:
        note("load before: %s" % open("/proc/loadavg").read().strip())
        db, ids, first = station(tmp)
        port = free_port()
        web = start_web(db, port)
        time.sleep(1)
        pid = web.pid
        out("web_idle_rss", "%.1f" % (kb(pid, "VmRSS") / 1024), "MB", "< 10 MB")
        out("web_idle_rss_anon", "%.1f" % (kb(pid, "RssAnon") / 1024), "MB")
        out("web_idle_rss_file", "%.1f" % (kb(pid, "RssFile") / 1024), "MB")
        out("web_idle_pss", "%.1f" % (pss_kb(pid) / 1024), "MB")
        note("idle, the largest mappings (kB resident): " +
             ", ".join("%s %d" % (os.path.basename(n), v) for n, v in mappings(pid)))
        note("idle, the program is %s; of the libraries loaded on first use or not linked, mapped: %s" %
             (os.path.basename(os.readlink("/proc/%d/exe" % pid)), ", ".join(lazy_mapped(pid))))
        cmd = subprocess.Popen([LOA, "--db", db, "user", "add", "nobody", "--role", "viewer"],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
        out("command_start_rss", "%.1f" % (kb(cmd.pid, "VmRSS") / 1024), "MB (any loa command)")
        out("command_start_rss_anon", "%.1f" % (kb(cmd.pid, "RssAnon") / 1024), "MB")
        cmd.stdin.close()
        cmd.wait()

        c, csrf = login(port)
        today = datetime.date.today()
        paths = endpoints(c, today, first, ids[len(ids) // 2], db)
        out("web_rss_after_requests", "%.1f" % (kb(pid, "VmRSS") / 1024), "MB")
        out("web_rss_anon_after_requests", "%.1f" % (kb(pid, "RssAnon") / 1024), "MB")
        out("web_rss_file_after_requests", "%.1f" % (kb(pid, "RssFile") / 1024), "MB")
        note("after the requests, mapped: %s" % ", ".join(lazy_mapped(pid)))
        c.close()
        stop(web)
        web = None

        log_peaks(db)
        upload_peak(db)

        port = free_port()
        web = start_web(db, port)
        c, csrf = login(port)
        airing_under_load(db, tmp, port, c.cookie, paths)
        note("load after: %s" % open("/proc/loadavg").read().strip())
    finally:
        if web and web.poll() is None:
            stop(web)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
