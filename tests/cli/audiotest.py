"""audiotest — what the playout tests share: a private JACK dummy server,
the frame-accurate JACK probe, the play_file tool, and signal measures.

Every JACK test starts its own server under a unique name (jackd -n) and
stops it by PID, so runs never collide; clients find it through
JACK_DEFAULT_SERVER.
"""
import array
import itertools
import math
import os
import signal
import subprocess
import time

BIN = os.environ.get("LOA_TEST_BIN", ".")
PLAY_FILE = os.path.join(BIN, "play_file")
JACK_PROBE = os.path.join(BIN, "jack_probe")
_counter = itertools.count()


def kv(text):
    """Parses key=value lines."""
    out = {}
    for line in text.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


class JackServer:
    """A JACK dummy server (48 kHz, 256-frame periods) owned by one test.

    Stop it with stop() (SIGTERM): a server killed with SIGKILL keeps its
    slot in JACK's shared registry (8 slots) until a server of the same
    name starts again, so a test that kills one restarts it."""

    def __init__(self):
        self.name = "loa-test-%d-%d" % (os.getpid(), next(_counter))
        self.proc = None

    def env(self, extra=None):
        e = dict(os.environ)
        e["JACK_DEFAULT_SERVER"] = self.name
        e["JACK_NO_AUDIO_RESERVATION"] = "1"
        if extra:
            e.update(extra)
        return e

    def start(self):
        self.proc = subprocess.Popen(
            ["jackd", "-r", "-n", self.name, "-d", "dummy", "-r", "48000", "-p", "256"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.env())
        r = subprocess.run(["jack_wait", "-s", self.name, "-w", "-t", "15"], env=self.env(),
                           capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            self.stop()
            raise RuntimeError("jackd did not start: %s %s" % (r.stdout, r.stderr))
        return self

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=15)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                # Generous: a SIGKILL would leave the server's slot taken.
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Probe:
    """jack_probe listening for loa's output ports."""

    def __init__(self, server, capture=None, seconds=10, timeout=60, quiet=0.7):
        args = [JACK_PROBE, "-t", str(timeout), "-q", str(quiet)]
        if capture:
            args += ["-w", capture, "-W", str(seconds)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=server.env())
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError("jack_probe did not start: %r %s" % (line, self.proc.stderr.read()))

    def result(self, timeout=60):
        out, err = self.proc.communicate(timeout=timeout)
        r = kv(out)
        r["_stderr"] = err
        return r


def play_file(*args, env=None, timeout=120):
    """Runs play_file; returns (returncode, key=value dict, stderr)."""
    p = subprocess.run([PLAY_FILE] + [str(a) for a in args], capture_output=True, text=True,
                       env=env, timeout=timeout)
    r = kv(p.stdout)
    return p.returncode, r, p.stderr


def read_raw_stereo(path):
    """Reads raw float32 interleaved stereo; returns (left, right)."""
    a = array.array("f")
    with open(path, "rb") as f:
        a.frombytes(f.read())
    return a[0::2], a[1::2]


def trim(x):
    """Drops leading and trailing exact zeros."""
    i, j = 0, len(x)
    while i < j and x[i] == 0.0:
        i += 1
    while j > i and x[j - 1] == 0.0:
        j -= 1
    return x[i:j]


def rms(x):
    return math.sqrt(sum(v * v for v in x) / len(x)) if len(x) else 0.0


def peak(x):
    return max(abs(v) for v in x) if len(x) else 0.0


def frequency(x, rate):
    """Estimates a tone's frequency from its upward zero crossings."""
    ups = [i for i in range(1, len(x)) if x[i - 1] < 0 <= x[i]]
    if len(ups) < 2:
        return 0.0
    return (len(ups) - 1) * rate / (ups[-1] - ups[0])


def longest_zero_run(x):
    best = run = 0
    for v in x:
        run = run + 1 if v == 0.0 else 0
        best = max(best, run)
    return best


def now_ms():
    return int(time.time() * 1000)
