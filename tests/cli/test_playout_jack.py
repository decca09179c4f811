"""Playout on the real PortAudio path, on a private JACK dummy server.

A frame-accurate JACK probe (tests/tools/jack_probe.c) listens to loa's
output ports: it reports when the first non-silent frame passed through the
graph (wall clock) and how many frames were heard. The player aims the
first sample at the DAC (graph time + the declared playback latency), so
the start error is measured there. Tolerances are generous for a loaded
2-core machine; the measured error is printed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from audiotest import (JackServer, Probe, frequency, longest_zero_run, play_file,  # noqa: E402
                       read_raw_stereo, rms, trim)
from loatest import LOA, tone  # noqa: E402

TOLERANCE_MS = 20


class JackPlayoutTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="loa-jack-")
        self.jack = JackServer().start()

    def tearDown(self):
        self.jack.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def assertFullLength(self, probe, expected):
        """The probe heard expected frames. An xrun (a client that missed
        its cycle on this loaded machine) makes JACK repeat or drop one
        period of what loa played, so each allows one period."""
        span, xruns = int(probe["span_frames"]), int(probe["xruns"])
        print("heard %d frames, expected %d, %d xruns" % (span, expected, xruns), file=sys.stderr)
        self.assertLessEqual(abs(span - expected), 3 + 256 * xruns)

    def assertNoGap(self, samples, probe):
        """No silence inside what was heard. An xrun may leave a late
        client's period silent on this loaded machine, so each allows one."""
        xruns = int(probe["xruns"])
        self.assertLess(longest_zero_run(samples), 3 + 256 * xruns, "a gap (%d xruns)" % xruns)

    def test_airing_starts_on_time_and_plays_full_length(self):
        clip = tone(self.path("t.wav"), seconds=3, freq=1000, rate=44100, channels=1, gain_db=-6)
        cap = self.path("cap.raw")
        probe = Probe(self.jack, capture=cap, seconds=5)
        rc, r, err = play_file("-o", "system", "-i", "3", clip, env=self.jack.env())
        p = probe.result()
        self.assertEqual(rc, 0, (r, err))
        self.assertEqual(r["status"], "done")
        err_ms = (int(p["first_dac_ns"]) - int(r["scheduled_ms"]) * 1000000) / 1e6
        print("start error at the DAC: %+.3f ms (graph latency %s frames)"
              % (err_ms, p["latency_frames"]), file=sys.stderr)
        self.assertLess(abs(err_ms), TOLERANCE_MS)
        self.assertEqual(int(p["latency_frames"]), 512)
        # 3 s at 44.1 kHz is exactly 144000 frames at 48 kHz: all heard.
        self.assertFullLength(p, 144000)
        self.assertAlmostEqual(float(r["played_s"]), 3.0, delta=0.001)
        # What reached the graph is the clip: mono on both channels,
        # 1000 Hz, -6 dBFS sine (RMS 0.5/sqrt 2), no dropout.
        left, right = read_raw_stereo(cap)
        left, right = trim(left), trim(right)
        self.assertEqual(list(left[:1000]), list(right[:1000]))
        self.assertAlmostEqual(frequency(left, 48000), 1000, delta=1)
        self.assertAlmostEqual(rms(left), 0.5 / 2 ** 0.5, delta=0.01)
        self.assertNoGap(left, p)

    def test_playlist_is_gap_free(self):
        a = tone(self.path("a.wav"), seconds=1.0, freq=440, rate=48000, channels=2)
        b = tone(self.path("b.wav"), seconds=0.5, freq=550, rate=44100, channels=1)
        c = tone(self.path("c.flac"), seconds=0.7, freq=660, rate=22050, channels=1)
        cap = self.path("cap.raw")
        probe = Probe(self.jack, capture=cap, seconds=4)
        rc, r, err = play_file("-o", "system", "-i", "2", a, b, c, env=self.jack.env())
        p = probe.result()
        self.assertEqual(rc, 0, (r, err))
        expected = 48000 + 24000 + 33600
        left, _ = read_raw_stereo(cap)
        self.assertNoGap(trim(left), p)
        self.assertFullLength(p, expected)

    def test_fade_out_on_stop(self):
        clip = tone(self.path("t.wav"), seconds=6, freq=1000, rate=48000, channels=2, gain_db=-6)
        cap = self.path("cap.raw")
        probe = Probe(self.jack, capture=cap, seconds=6)
        rc, r, err = play_file("-o", "system", "-i", "1", "-s", "1.0", "-f", "500", clip,
                               env=self.jack.env())
        p = probe.result()
        self.assertEqual(rc, 0, (r, err))
        self.assertEqual(r["status"], "stopped")
        played = float(r["played_s"])
        self.assertGreater(played, 1.4)
        self.assertLess(played, 1.8)
        span = int(p["span_frames"])
        self.assertAlmostEqual(span, played * 48000, delta=256 * (1 + int(p["xruns"])))
        left, _ = read_raw_stereo(cap)
        left = trim(left)
        before = rms(left[len(left) - 36000:len(left) - 24000])  # just before the fade
        end = rms(left[len(left) - 2400:])                        # its last 50 ms
        self.assertGreater(before, 0.3)
        self.assertLess(end, before * 0.1)

    def test_server_killed_mid_airing_fails_without_hanging(self):
        clip = tone(self.path("t.wav"), seconds=8, freq=500)
        from audiotest import PLAY_FILE
        t0 = time.monotonic()
        proc = subprocess.Popen([PLAY_FILE, "-o", "system", "-i", "0.5", clip],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=self.jack.env())
        time.sleep(2.0)
        self.jack.kill()
        out, err = proc.communicate(timeout=30)
        elapsed = time.monotonic() - t0
        self.assertEqual(proc.returncode, 1, out + err)
        self.assertIn("status=failed", out)
        self.assertIn("stopped", out)
        self.assertLess(elapsed, 8.0, "the player did not notice the server was gone")
        # Restarted under the same name (which also frees the dead server's
        # slot in JACK's registry: only 8 servers fit), the output works again.
        self.jack.start()
        rc, r, err = play_file("-o", "system", "-i", "0.5", tone(self.path("u.wav"), seconds=0.5),
                               env=self.jack.env())
        self.assertEqual(rc, 0, (r, err))

    def test_device_not_found(self):
        clip = tone(self.path("t.wav"), seconds=0.5)
        rc, r, err = play_file("-o", "no-such-card", "-i", "0", clip, env=self.jack.env())
        self.assertEqual(rc, 1)
        self.assertEqual(r["error"], "no sound output device named 'no-such-card'")
        self.assertNotIn("ALSA lib", err)


    def test_loa_devices_lists_the_jack_server(self):
        r = subprocess.run([LOA, "devices", "--format", "json"], capture_output=True, text=True,
                           env=self.jack.env())
        self.assertEqual(r.returncode, 0, r.stderr)
        devs = json.loads(r.stdout)
        system = [d for d in devs if d["name"] == "system"]
        self.assertEqual(len(system), 1, devs)
        self.assertEqual(system[0]["api"], "JACK Audio Connection Kit")
        self.assertEqual((system[0]["rate"], system[0]["channels"]), (48000, 2))
        self.assertNotIn("ALSA lib", r.stderr)


class NoDeviceTest(unittest.TestCase):
    def test_loa_devices_with_no_device(self):
        env = dict(os.environ)
        env["JACK_DEFAULT_SERVER"] = "loa-no-server-%d" % os.getpid()
        env["JACK_NO_START_SERVER"] = "1"
        r = subprocess.run([LOA, "devices"], capture_output=True, text=True, env=env)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        self.assertEqual(r.stderr.splitlines(), [
            "loa: no sound output device found",
            "hint: connect the sound card (or start the JACK server), then run 'loa devices' again"])

    def test_no_device_at_all_is_one_plain_line(self):
        d = tempfile.mkdtemp(prefix="loa-nodev-")
        try:
            clip = tone(os.path.join(d, "t.wav"), seconds=0.5)
            env = dict(os.environ)
            env["JACK_DEFAULT_SERVER"] = "loa-no-server-%d" % os.getpid()
            env["JACK_NO_START_SERVER"] = "1"
            rc, r, err = play_file("-i", "0", clip, env=env)
            self.assertEqual(rc, 1)
            self.assertIn("no sound output device found", r["error"])
            self.assertNotIn("ALSA lib", err)
            self.assertNotIn("jack", err.lower())
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
