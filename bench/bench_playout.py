#!/usr/bin/python3
"""bench_playout — playout on the real PortAudio path, on a JACK dummy server.

Prints "name<TAB>value<TAB>unit<TAB>aim" lines:
  start error of N scheduled airings at the DAC, measured by the
  frame-accurate probe tests/tools/jack_probe (median and max of |error|);
  CPU time per minute of MP3 airing (the player process's CPU in the
  steady middle of a 30 s airing, /proc/PID/stat; the whole airing with
  start-up by getrusage);
  private RSS while playing (/proc/PID/smaps_rollup Private_Clean +
  Private_Dirty: JACK's ~100 MB of shared memory, mapped by every client,
  is left out).
The player is tests/tools/play_file (player.h over the PortAudio sink, as
the daemon and `loa play` use it). Needs LOA_BUILD (a build with tests).
Progress goes to stderr.
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.environ.get("LOA_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BUILD = os.environ.get("LOA_BUILD", os.path.join(TOP, "build"))
sys.path.insert(0, os.path.join(TOP, "tests", "cli"))
os.environ.setdefault("LOA_TEST_BIN", os.path.join(BUILD, "tests"))
import audiotest  # noqa: E402
from audiotest import JackServer, Probe, kv  # noqa: E402

AIRINGS = int(os.environ.get("LOA_BENCH_AIRINGS", "20"))
MP3_SECONDS = 30


def out(name, value, unit, aim=""):
    print("%s\t%s\t%s\t%s" % (name, value, unit, aim))
    sys.stdout.flush()


def private_kb(pid):
    total = 0
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                total += int(line.split()[1])
    return total


def cpu_s(pid):
    """User + system CPU seconds of a running process (/proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    d = tempfile.mkdtemp(prefix="loa-bench-")
    jack = JackServer().start()
    try:
        clip = os.path.join(d, "t.wav")
        subprocess.run(["sox", "-n", "-r", "44100", "-c", "1", clip, "synth", "1", "sine", "1000",
                        "gain", "-6"], check=True)
        errors, xruns = [], 0
        for i in range(AIRINGS):
            probe = Probe(jack)
            rc, r, err = audiotest.play_file("-o", "system", "-i", "2", clip, env=jack.env())
            p = probe.result()
            if rc != 0 or "first_dac_ns" not in p:
                print("airing %d failed: %r %s" % (i, r, err), file=sys.stderr)
                continue
            e = (int(p["first_dac_ns"]) - int(r["scheduled_ms"]) * 1000000) / 1e6
            xruns += int(p.get("xruns", 0))
            errors.append(abs(e))
            print("airing %d: start error %+.3f ms" % (i, e), file=sys.stderr)
        if errors:
            out("playout_start_error_median", "%.3f" % statistics.median(errors), "ms", "< 1")
            out("playout_start_error_max", "%.3f" % max(errors), "ms", "< 5")
            out("playout_start_airings", len(errors), "airings", str(AIRINGS))
            out("playout_start_xruns", xruns, "xruns", "0")

        mp3 = os.path.join(d, "speech.mp3")
        subprocess.run(["sox", "-n", "-r", "44100", "-c", "2", mp3, "synth", str(MP3_SECONDS),
                        "pinknoise", "gain", "-12"], check=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.Popen([audiotest.PLAY_FILE, "-o", "system", "-i", "1", mp3],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=jack.env())
        # Steady state: CPU between 5 s and 5 s before the end of the airing
        # (process start and PortAudio's device scan are counted apart).
        time.sleep(1 + 5)
        t0, c0 = time.monotonic(), cpu_s(proc.pid)
        time.sleep(MP3_SECONDS - 10)
        t1, c1 = time.monotonic(), cpu_s(proc.pid)
        rss = private_kb(proc.pid)
        o, e = proc.communicate(timeout=MP3_SECONDS * 3)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = kv(o.decode())
        if proc.returncode != 0:
            print("mp3 airing failed: %r %s" % (r, e.decode()), file=sys.stderr)
            return 1
        total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        steady = (c1 - c0) / (t1 - t0)
        out("playout_cpu_per_minute_mp3", "%.2f" % (steady * 60), "s/min", "< 0.6")
        out("playout_cpu_share_mp3", "%.2f" % (steady * 100), "% of a core", "< 1")
        out("playout_cpu_whole_mp3_airing", "%.2f" % total, "s",
            "%d s airing, start-up included" % MP3_SECONDS)
        out("playout_rss_playing_private", "%.1f" % (rss / 1024), "MB", "< 16")
    finally:
        jack.stop()
        subprocess.run(["rm", "-rf", d])
    return 0


if __name__ == "__main__":
    sys.exit(main())
