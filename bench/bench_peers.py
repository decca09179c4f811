#!/usr/bin/python3
"""bench_peers — what a technician would otherwise use, measured like loa.

Runs only with `scripts/bench.sh --peers` (LOA_BENCH_PEERS=1); otherwise it
prints nothing. On a JACK dummy server (48 kHz, 256-frame periods, as
bench_playout), with the same frame-accurate probe (tests/tools/jack_probe),
it launches a 1 s clip the way cron would — the process is started at the
scheduled instant — and measures when its first sample reaches the DAC:
  - `play` (sox) on a WAV and on an MP3, through ALSA's JACK plugin
    (sox on Debian has no JACK driver: AUDIODRIVER=alsa and an ALSA
    configuration whose default device is a `type jack` PCM, from
    libasound2-plugins, which must be installed by hand for this; its
    JACK client is named "play.P.PID.0");
  - `mpg123 -o jack` on the MP3 (a launch that crashes — mpg123 1.31's
    JACK output segfaulted now and then here — is left out and counted).
Prints name<TAB>value<TAB>unit lines: median and max start error (ms) of
LOA_BENCH_PEER_RUNS launches each (default 8). loa's own figure is
bench_playout's playout_start_error_*, on a server of the same settings.

The server is named from a fixed pool ("loa-bench-peers"), never a new
name per run: JACK's registry holds only 8 servers.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.environ.get("LOA_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BUILD = os.environ.get("LOA_BUILD", os.path.join(TOP, "build"))
sys.path.insert(0, os.path.join(TOP, "tests", "cli"))
os.environ.setdefault("LOA_TEST_BIN", os.path.join(BUILD, "tests"))
from audiotest import JACK_PROBE, JackServer, kv  # noqa: E402

RUNS = int(os.environ.get("LOA_BENCH_PEER_RUNS", "8"))
ALSA_PLUGIN_DIRS = ["/usr/lib/x86_64-linux-gnu/alsa-lib", "/usr/lib/aarch64-linux-gnu/alsa-lib", "/usr/lib/alsa-lib"]

ASOUNDRC = """
pcm.!default { type plug slave.pcm "jackout" }
pcm.jackout {
    type jack
    playback_ports { 0 system:playback_1 1 system:playback_2 }
}
"""


def out(name, value, unit, aim=""):
    print("%s\t%s\t%s\t%s" % (name, value, unit, aim))
    sys.stdout.flush()


def measure(jack, client, argv, env):
    """Starts argv at a whole-second instant; returns the start error in ms
    (first sample at the DAC minus the instant), or None."""
    probe = subprocess.Popen([JACK_PROBE, "-c", client, "-t", "20", "-q", "0.5"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    if probe.stdout.readline().strip() != "ready":
        probe.kill()
        return None
    at = int(time.time()) + 2
    while time.time() < at:
        time.sleep(min(0.05, max(0.0, at - time.time())))
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, perr = p.communicate(timeout=30)
    o, _ = probe.communicate(timeout=30)
    r = kv(o)
    if p.returncode != 0 or "first_dac_ns" not in r:
        print("%s failed: rc=%d %s %r" % (argv[0], p.returncode, perr.decode(errors="replace")[-300:], r),
              file=sys.stderr)
        return None
    return int(r["first_dac_ns"]) / 1e6 - at * 1000


def main():
    if os.environ.get("LOA_BENCH_PEERS", "0") != "1":
        return 0
    for tool in ("play", "mpg123", "jackd"):
        if not shutil.which(tool):
            print("bench_peers: %s is not installed (scripts/packages.txt)" % tool, file=sys.stderr)
            return 1
    d = tempfile.mkdtemp(prefix="loa-peers-")
    jack = JackServer()
    jack.name = "loa-bench-peers"
    jack.start()
    try:
        wav, mp3 = os.path.join(d, "clip.wav"), os.path.join(d, "clip.mp3")
        subprocess.run(["sox", "-n", "-r", "48000", "-c", "2", wav, "synth", "1", "sine", "1000", "gain", "-6"],
                       check=True)
        subprocess.run(["sox", wav, "-C", "128", mp3], check=True)
        rc = os.path.join(d, "asoundrc")
        with open(rc, "w") as f:
            f.write(ASOUNDRC)
        env = jack.env({"ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:" + rc, "AUDIODRIVER": "alsa"})
        peers = [
            ("peer_sox_play_wav", "play", ["play", "-q", wav]),
            ("peer_sox_play_mp3", "play", ["play", "-q", mp3]),
            ("peer_mpg123_jack_mp3", "mpg123", ["mpg123", "-q", "-o", "jack", mp3]),
        ]
        if not any(os.path.exists(os.path.join(d, "libasound_module_pcm_jack.so")) for d in ALSA_PLUGIN_DIRS):
            # Not in scripts/packages.txt on purpose: its rate plugin
            # (10-samplerate.conf) is then loaded by every ALSA "plug"
            # device and leaks under ASan in tests/cli/test_playout_sinks.py.
            print("bench_peers: sox needs ALSA's JACK plugin: apt-get install libasound2-plugins "
                  "(then remove it before running the ASan tests)", file=sys.stderr)
            out("peer_sox_play", "skipped", "-", "needs libasound2-plugins")
            peers = peers[2:]
        for name, client, argv in peers:
            errs, failed = [], 0
            for i in range(RUNS):
                e = measure(jack, client, argv, env)
                failed += e is None
                if e is not None:
                    errs.append(e)
                    print("%s run %d: %+.1f ms" % (name, i, e), file=sys.stderr)
            if errs:
                out(name + "_start_error_median", "%.1f" % statistics.median(errs), "ms")
                out(name + "_start_error_max", "%.1f" % max(errs), "ms")
            else:
                out(name + "_start_error_median", "failed", "ms")
            out(name + "_failed_launches", "%d/%d" % (failed, RUNS), "runs")
    finally:
        jack.stop()
        shutil.rmtree(d, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
