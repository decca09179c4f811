#!/usr/bin/python3
"""bench_emergency — how soon "Phát khẩn" is heard (issue 21: within 1 s).

The real path: `loa run --device system` on a JACK dummy server (the real
PortAudio output, real-time paced), the real `loa web`, the request a
POST /api/v1/emergency as the console's button sends it. The sound is
timed at the DAC by the frame-accurate jack_probe (tests/tools), the
request on the same wall clock just before it is sent. Two cases, N of
each (LOA_BENCH_EMERGENCIES, default 5):

  idle    nothing on air: the daemon asleep in poll(), woken by inotify;
  cut-in  a programme on air: it is faded out (PLAYER_FADE_MS), its stream
          closed, the emergency's opened; the probe (jack_probe -n) hears
          only ports registered after it started, i.e. the emergency's.

Also the airing log's view: the emergency row's "started" minus the
request's instant as the console recorded it (requested). Prints
"name<TAB>value<TAB>unit<TAB>aim" lines; progress goes to stderr.
"""
import datetime
import os
import shutil
import sqlite3
import statistics
import sys
import time

TOP = os.environ.get("LOA_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BUILD = os.environ.get("LOA_BUILD", os.path.join(TOP, "build"))
sys.path.insert(0, os.path.join(TOP, "tests", "cli"))
os.environ.setdefault("LOA_TEST_BIN", os.path.join(BUILD, "tests"))
os.environ.setdefault("LOA_BIN", os.path.join(BUILD, "loa"))
import emergencytest as et  # noqa: E402
from audiotest import JACK_PROBE  # noqa: E402

N = int(os.environ.get("LOA_BENCH_EMERGENCIES", "5"))
S = datetime.timedelta(seconds=1)


def out(name, value, unit, aim=""):
    print("%s\t%s\t%s\t%s" % (name, value, unit, aim))
    sys.stdout.flush()


def log_delay(st, answer):
    """The emergency's row: started minus requested (the console's instant,
    in the emergency table), ms; None before it started."""
    con = sqlite3.connect(st.db)
    try:
        row = con.execute("SELECT a.started_ms - e.requested_ms FROM airing a JOIN emergency e"
                          " ON e.slot_id = a.slot_id WHERE a.slot_id = ?", (answer["slot"],)).fetchone()
    finally:
        con.close()
    return row[0] if row else None


def wait_row_closed(st, slot, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if any(r["slot"] == slot and r["status"] != "playing" for r in st.log()):
            return
        time.sleep(0.2)


def idle(st, jack, dac, logged):
    for i in range(N):
        probe = et.Probe(jack, quiet=0.5, timeout=20)
        time.sleep(0.3)
        t0, status, answer = st.emergency()
        p = probe.result()
        if status != 202 or "first_dac_ns" not in p:
            print("idle %d: %d %r %r" % (i, status, answer, p), file=sys.stderr)
            continue
        d = (int(p["first_dac_ns"]) - t0) / 1e6
        dac.append(d)
        lg = log_delay(st, answer)
        if lg is not None:
            logged.append(lg)
        print("idle %d: request -> DAC %.1f ms, log started - requested %s ms" % (i, d, lg), file=sys.stderr)
        wait_row_closed(st, answer["slot"])


def cut_in(st, jack, dac, logged):
    for i in range(N):
        at = (et.now() + 3 * S).replace(microsecond=0)
        st.slot_at(1, at)
        time.sleep(max(0.0, (at + 3 * S - et.now()).total_seconds()))
        probe = et.NewPortsProbe(jack)
        time.sleep(0.3)
        t0, status, answer = st.emergency()
        p = probe.result()
        if status != 202 or "first_dac_ns" not in p:
            print("cut-in %d: %d %r %r" % (i, status, answer, p), file=sys.stderr)
            continue
        d = (int(p["first_dac_ns"]) - t0) / 1e6
        dac.append(d)
        lg = log_delay(st, answer)
        if lg is not None:
            logged.append(lg)
        print("cut-in %d: request -> DAC %.1f ms, log started - requested %s ms" % (i, d, lg), file=sys.stderr)
        wait_row_closed(st, answer["slot"])


def main():
    if not shutil.which("jackd") or not os.path.exists(JACK_PROBE):
        print("needs jackd and tests/tools/jack_probe", file=sys.stderr)
        return 1
    jack = et.JackServer().start()
    st = et.Station(jack)
    try:
        st.daemon()
        st.web()
        figures = {}
        for name, fn in (("idle", idle), ("cutin", cut_in)):
            dac, logged = [], []
            fn(st, jack, dac, logged)
            figures[name] = (dac, logged)
        for name, (dac, logged) in figures.items():
            if dac:
                out("emergency_%s_request_to_dac_median" % name, "%.0f" % statistics.median(dac), "ms", "< 1000")
                out("emergency_%s_request_to_dac_max" % name, "%.0f" % max(dac), "ms", "< 1000")
                out("emergency_%s_airings" % name, len(dac), "airings", str(N))
            if logged:
                out("emergency_%s_log_started_minus_requested_max" % name, "%.0f" % max(logged), "ms", "< 1000")
    finally:
        errs = st.stop()
        jack.stop()
        sys.stderr.write("\n".join(l for l in (errs[0] if errs else "").splitlines() if "ALSA" not in l and "snd_" not in l) + "\n")
        st.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
