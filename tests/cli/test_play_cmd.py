"""loa play and loa render on a real station: clips imported with
`loa clip add`, played on a JACK dummy server (measured by the probe) or
rendered to a file and compared with what the clip should become."""
import json
import os
import sys
import unittest
import wave
import array

sys.path.insert(0, os.path.dirname(__file__))
from audiotest import JackServer, Probe, frequency, longest_zero_run, rms  # noqa: E402
from loatest import StationTest, tone  # noqa: E402


def read_wav(path):
    with wave.open(path) as w:
        rate, ch, n = w.getframerate(), w.getnchannels(), w.getnframes()
        a = array.array("h")
        a.frombytes(w.readframes(n))
    return rate, ch, [[v / 32768.0 for v in a[c::ch]] for c in range(ch)]


def window_rms(path, t, dur):
    """RMS of the left channel of a 16-bit WAV over [t, t + dur) seconds."""
    with wave.open(path) as w:
        rate, ch = w.getframerate(), w.getnchannels()
        w.setpos(int(t * rate))
        a = array.array("h")
        a.frombytes(w.readframes(int(dur * rate)))
    return rms([v / 32768.0 for v in a[0::ch]])


def no_device_env():
    env = {"JACK_DEFAULT_SERVER": "loa-no-server-%d" % os.getpid(), "JACK_NO_START_SERVER": "1"}
    return env


class RenderTest(StationTest):
    def add(self, path, title):
        self.loa("clip", "add", path, "--title", title)
        clips = self.loa("clip", "list", "--format", "json").json()
        return [c for c in clips if c["title"] == title][0]

    def test_render_clip_applies_its_gain(self):
        src = tone(self.path("t.wav"), seconds=2, freq=1000, rate=44100, channels=1, gain_db=-20)
        clip = self.add(src, "tone")
        out = self.path("out.wav")
        r = self.loa("render", "--clip", clip["id"], "-o", out)
        self.assertIn("2.000 s", r.out)
        rate, ch, (left, right) = read_wav(out)
        self.assertEqual((rate, ch, len(left)), (48000, 2, 96000))
        self.assertEqual(left, right)
        gain = float(clip["gain"])
        expected = 10 ** (-20 / 20) / 2 ** 0.5 * 10 ** (gain / 20)
        self.assertAlmostEqual(rms(left), expected, delta=expected * 0.02)
        self.assertAlmostEqual(frequency(left, 48000), 1000, delta=0.5)

    def test_render_playlist_back_to_back(self):
        a = self.add(tone(self.path("a.wav"), seconds=1.0, freq=440), "a")
        b = self.add(tone(self.path("b.flac"), seconds=0.5, freq=550, rate=44100, channels=1), "b")
        self.loa("playlist", "create", "sáng", a["id"], b["id"], a["id"])
        out = self.path("out.flac")
        self.loa("render", "--playlist", "sáng", "-o", out)
        r = self.loa("render", "--playlist", "sáng", "-o", self.path("out.wav"))
        self.assertIn("2.500 s", r.out)
        _, _, (left, _) = read_wav(self.path("out.wav"))
        self.assertAlmostEqual(len(left), 120000, delta=2)
        self.assertLess(longest_zero_run(left[10:-10]), 3)

    def test_render_refusals(self):
        self.add(tone(self.path("t.wav"), seconds=1), "t")
        r = self.loa("render", "--clip", "9", "-o", self.path("o.wav"), expect=1)
        self.assertIn("no clip number 9", r.err)
        r = self.loa("render", "--playlist", "nope", "-o", self.path("o.wav"), expect=1)
        self.assertIn("no playlist named 'nope'", r.err)
        r = self.loa("render", "--clip", "1", "-o", self.path("o.ogx"), expect=1)
        self.assertIn(".wav, .flac or .mp3", r.err)
        r = self.loa("render", "--clip", "1", expect=2)
        self.assertIn("-o FILE", r.err)
        r = self.loa("render", "--clip", "x", "-o", self.path("o.wav"), expect=2)
        self.assertIn("'x'", r.err)

    def test_render_agenda_stretch_with_silence_between(self):
        self.add(tone(self.path("t.wav"), seconds=2, freq=1000, rate=44100, channels=1,
                      gain_db=-20), "tone")
        self.loa("slot", "add", "--clip", "1", "--start", "2024-03-01T06:01")
        self.loa("slot", "add", "--clip", "1", "--start", "2024-03-01T06:03")
        out = self.path("sang.wav")
        r = self.loa("render", "--from", "2024-03-01T06:00", "--to", "2024-03-01T06:05", "-o", out)
        self.assertIn("rendered 2 airings, 300.000 s", r.out)
        with wave.open(out) as w:
            self.assertEqual((w.getframerate(), w.getnchannels(), w.getnframes()),
                             (48000, 2, 300 * 48000))
        self.assertEqual(window_rms(out, 59.9, 0.1), 0.0)        # silence before
        self.assertGreater(window_rms(out, 60.0, 0.05), 0.05)    # at 06:01 to the frame
        self.assertGreater(window_rms(out, 61.95, 0.05), 0.05)   # the whole clip
        self.assertEqual(window_rms(out, 62.0, 0.1), 0.0)        # then silence
        self.assertGreater(window_rms(out, 180.0, 0.05), 0.05)   # 06:03
        self.assertEqual(window_rms(out, 182.0, 118), 0.0)       # silence to the end

    def test_render_agenda_refusals(self):
        r = self.loa("render", "--from", "2024-03-01T06:00", "-o", self.path("o.wav"), expect=2)
        self.assertIn("--from and --to", r.err)
        r = self.loa("render", "--from", "2024-03-01T06:00", "--to", "2024-03-01T05:00",
                     "-o", self.path("o.wav"), expect=2)
        self.assertIn("--to must be after --from", r.err)
        r = self.loa("render", "--from", "sáng mai", "--to", "2024-03-01T05:00",
                     "-o", self.path("o.wav"), expect=2)
        self.assertIn("'sáng mai'", r.err)

    def test_play_without_any_device(self):
        self.add(tone(self.path("t.wav"), seconds=1), "t")
        r = self.loa("play", "1", env=no_device_env(), expect=1)
        lines = r.err.splitlines()
        self.assertEqual(lines[0], "loa: cannot play clip 1 \"t\": no sound output device found "
                                   "(is the sound card connected and the sound server running?)")
        self.assertTrue(lines[1].startswith("hint: "))
        self.assertEqual(len(lines), 2, r.err)


class PlayJackTest(StationTest):
    def setUp(self):
        super().setUp()
        self.jack = JackServer().start()

    def tearDown(self):
        self.jack.stop()
        super().tearDown()

    def test_play_clip_now_on_jack(self):
        self.loa("clip", "add", tone(self.path("t.wav"), seconds=1.5, rate=44100), "--title", "t")
        probe = Probe(self.jack)
        env = {"JACK_DEFAULT_SERVER": self.jack.name, "JACK_NO_AUDIO_RESERVATION": "1"}
        r = self.loa("play", "1", "--device", "system", env=env)
        p = probe.result()
        self.assertIn("played clip 1", r.out)
        self.assertIn("on 'system'", r.out)
        self.assertLessEqual(abs(int(p["span_frames"]) - 72000), 3 + 256 * int(p["xruns"]))

    def test_play_unknown_device(self):
        self.loa("clip", "add", tone(self.path("t.wav"), seconds=1), "--title", "t")
        env = {"JACK_DEFAULT_SERVER": self.jack.name}
        r = self.loa("play", "1", "--device", "Loa phường", env=env, expect=1)
        self.assertIn("no sound output device named 'Loa phường'", r.err)
        self.assertIn("loa devices", r.err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
