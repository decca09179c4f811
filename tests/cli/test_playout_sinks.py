"""The player's content and faults through the null and file sinks, and
through the real PortAudio path into ALSA's file plugin (sample capture).

The file sink renders untimed, so its output can be compared with what the
clip should become: resampled to 48 kHz, mono on both channels, the gain
applied, nothing lost at the end. The null sink paces in real time and
carries fault switches (fail-open, fail-write=S, stall=S).
"""
import os
import shutil
import sys
import tempfile
import time
import unittest
import wave
import array

sys.path.insert(0, os.path.dirname(__file__))
from audiotest import (frequency, longest_zero_run, now_ms, peak, play_file,  # noqa: E402
                       read_raw_stereo, rms, trim)
from loatest import tone  # noqa: E402


def read_wav(path):
    """Reads a 16-bit WAV: (rate, channels, [channel samples as floats])."""
    with wave.open(path) as w:
        rate, ch, n = w.getframerate(), w.getnchannels(), w.getnframes()
        a = array.array("h")
        a.frombytes(w.readframes(n))
    return rate, ch, [[v / 32768.0 for v in a[c::ch]] for c in range(ch)]


class SinkTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="loa-sink-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    # The file sink: content.

    def test_render_resamples_maps_and_applies_gain(self):
        clip = tone(self.path("t.wav"), seconds=2, freq=1000, rate=44100, channels=1, gain_db=-6)
        out = self.path("out.wav")
        rc, r, err = play_file("-o", "file:" + out, "-g", "-6", clip)
        self.assertEqual(rc, 0, (r, err))
        self.assertEqual(r["status"], "done")
        rate, ch, (left, right) = read_wav(out)
        self.assertEqual((rate, ch), (48000, 2))
        self.assertEqual(len(left), 96000)          # 2 s, not a frame lost
        self.assertEqual(left, right)                # mono on both channels
        # -6 dBFS tone, then -6 dB gain: amplitude 0.25.
        self.assertAlmostEqual(peak(left), 0.25, delta=0.005)
        self.assertAlmostEqual(rms(left), 0.25 / 2 ** 0.5, delta=0.003)
        self.assertAlmostEqual(frequency(left, 48000), 1000, delta=0.5)

    def test_stereo_clip_on_a_mono_device_plays_in_full(self):
        clip = tone(self.path("st.wav"), seconds=1, rate=44100, channels=2)
        rc, r, err = play_file("-o", "null:channels=1", "-i", "0", clip)
        self.assertEqual(rc, 0, (r, err))
        self.assertAlmostEqual(float(r["played_s"]), 1.0, delta=0.001)

    def test_playlist_renders_back_to_back(self):
        a = tone(self.path("a.wav"), seconds=1.0, freq=440, rate=48000, channels=2)
        b = tone(self.path("b.wav"), seconds=0.5, freq=550, rate=44100, channels=1)
        c = tone(self.path("c.flac"), seconds=0.7, freq=660, rate=22050, channels=1)
        out = self.path("out.wav")
        rc, r, err = play_file("-o", "file:" + out, a, b, c)
        self.assertEqual(rc, 0, (r, err))
        _, _, (left, _) = read_wav(out)
        self.assertAlmostEqual(len(left), 48000 + 24000 + 33600, delta=2)
        self.assertLess(longest_zero_run(left[100:-100]), 3)

    def test_render_formats(self):
        clip = tone(self.path("t.wav"), seconds=1)
        for ext in ("flac", "mp3"):
            out = self.path("out." + ext)
            rc, r, err = play_file("-o", "file:" + out, clip)
            self.assertEqual(rc, 0, (ext, r, err))
            self.assertGreater(os.path.getsize(out), 1000)

    def test_render_unknown_extension(self):
        clip = tone(self.path("t.wav"), seconds=1)
        rc, r, err = play_file("-o", "file:" + self.path("out.ogx"), clip)
        self.assertEqual(rc, 1)
        self.assertIn("name it .wav, .flac or .mp3", r["error"])

    def test_fade_on_stop_in_render(self):
        clip = tone(self.path("t.wav"), seconds=5, freq=1000, gain_db=-6)
        out = self.path("out.wav")
        rc, r, err = play_file("-o", "file:" + out, "-s", "1.0", "-f", "500", clip)
        self.assertEqual(rc, 0, (r, err))
        self.assertEqual(r["status"], "stopped")
        _, _, (left, _) = read_wav(out)
        self.assertLess(len(left), 48000 * 2)
        self.assertGreater(len(left), 48000 * 1.4)
        self.assertGreater(rms(left[-30000:-25000]), rms(left[-2400:]) * 5)

    def test_missing_clip_in_a_programme_is_left_out(self):
        """One bad item does not silence a programme: the missing file takes
        no time, the items around it play back to back, and each item's
        outcome is known at its place in the output."""
        a = tone(self.path("a.wav"), seconds=1, freq=500)
        b = tone(self.path("b.wav"), seconds=0.5, freq=900)
        out = self.path("out.wav")
        rc, r, err = play_file("-o", "file:" + out, a, self.path("gone.wav"), b)
        self.assertEqual(rc, 0, (r, err))
        self.assertEqual(r["status"], "done")
        self.assertAlmostEqual(float(r["played_s"]), 1.5, delta=0.01)
        items = {k: v.split() for k, v in r.items() if k.startswith("item")}
        self.assertEqual(items["item1"][:2], ["done", "-"])
        self.assertEqual(items["item2"][:2], ["done", "clip_missing"])
        self.assertEqual(float(items["item2"][3]), 0.0)
        self.assertEqual(items["item3"][:2], ["done", "-"])
        self.assertAlmostEqual(float(items["item3"][2]), 1.0, delta=0.01)  # starts right after the first
        self.assertAlmostEqual(float(items["item3"][3]), 0.5, delta=0.01)
        _, _, (left, _) = read_wav(out)
        self.assertAlmostEqual(len(left) / 48000, 1.5, delta=0.01)

    def test_programme_with_no_playable_item_fails_before_anything_plays(self):
        junk = self.path("junk.wav")
        with open(junk, "wb") as f:
            f.write(b"RIFF not really a wave file" * 10)
        rc, r, err = play_file("-o", "null", "-i", "0", self.path("gone.wav"), junk)
        self.assertEqual(rc, 1)
        self.assertEqual(r["status"], "failed")
        self.assertEqual(r["reason"], "clip_missing")  # the first item's reason

    # The null sink: pacing and faults.

    def test_null_sink_paces_and_starts_on_time(self):
        clip = tone(self.path("t.wav"), seconds=1)
        t0 = time.monotonic()
        rc, r, err = play_file("-o", "null", "-i", "1", clip)
        elapsed = time.monotonic() - t0
        self.assertEqual(rc, 0, (r, err))
        self.assertLessEqual(abs(int(r["started_ms"]) - int(r["scheduled_ms"])), 15)
        self.assertGreater(elapsed, 1.9)
        self.assertAlmostEqual(float(r["played_s"]), 1.0, delta=0.001)

    def test_null_fail_open(self):
        clip = tone(self.path("t.wav"), seconds=1)
        rc, r, err = play_file("-o", "null:fail-open", "-i", "0", clip)
        self.assertEqual(rc, 1)
        self.assertIn("fail-open", r["error"])

    def test_null_fail_write(self):
        clip = tone(self.path("t.wav"), seconds=3)
        rc, r, err = play_file("-o", "null:fail-write=0.5", "-i", "0", clip)
        self.assertEqual(rc, 1)
        self.assertIn("fail-write", r["error"])
        self.assertAlmostEqual(float(r["played_s"]), 0.5, delta=0.05)

    def test_stalled_output_is_detected_by_the_watchdog(self):
        clip = tone(self.path("t.wav"), seconds=10)
        t0 = time.monotonic()
        rc, r, err = play_file("-o", "null:stall=0.5", "-i", "0", clip)
        elapsed = time.monotonic() - t0
        self.assertEqual(rc, 1)
        self.assertIn("stalled", r["error"])
        self.assertLess(elapsed, 6)

    def test_null_bad_option(self):
        clip = tone(self.path("t.wav"), seconds=1)
        rc, r, err = play_file("-o", "null:explode", "-i", "0", clip)
        self.assertEqual(rc, 1)
        self.assertIn("unknown null output option 'explode'", r["error"])


class AlsaFileTest(unittest.TestCase):
    """PortAudio's ALSA back end writing into ALSA's file plugin: the real
    Pa_OpenStream/callback path, captured sample by sample. The plugin is
    not paced, so the clip is short enough to sit in the player's ring."""

    def test_captured_samples_match_the_clip(self):
        d = tempfile.mkdtemp(prefix="loa-alsa-")
        try:
            raw = os.path.join(d, "out.raw")
            conf = os.path.join(d, "asoundrc")
            with open(conf, "w") as f:
                f.write('pcm.!default { type plug slave.pcm "capture" }\n'
                        'pcm.capture { type file slave.pcm "null" file "%s" format "raw" }\n' % raw)
            env = dict(os.environ)
            env["ALSA_CONFIG_PATH"] = "/usr/share/alsa/alsa.conf:" + conf
            env["JACK_DEFAULT_SERVER"] = "loa-no-server-%d" % os.getpid()
            env["JACK_NO_START_SERVER"] = "1"
            clip = tone(os.path.join(d, "t.wav"), seconds=0.4, freq=1000, rate=44100, channels=1,
                        gain_db=-6)
            rc, r, err = play_file("-o", "capture", "-i", "0", "-g", "-3", clip, env=env)
            self.assertEqual(rc, 0, (r, err))
            left, right = read_raw_stereo(raw)
            left, right = trim(left), trim(right)
            self.assertAlmostEqual(len(left), 19200, delta=2)
            self.assertEqual(list(left), list(right))
            amp = 0.5 * 10 ** (-3 / 20)
            self.assertAlmostEqual(peak(left), amp, delta=0.01)
            self.assertAlmostEqual(rms(left), amp / 2 ** 0.5, delta=0.01)
            self.assertAlmostEqual(frequency(left, 48000), 1000, delta=2)
            self.assertLess(longest_zero_run(left), 3)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
