"""loa clip add on a USB stick as an officer brings it: folders named after
topics (and one not), Vietnamese names, a phone's .m4a, raw .aac, .wma, a
text file, a damaged MP3, a video loa cannot read, a copy of one recording
under another name, hidden and system folders. Checked under
LANG=vi_VN.UTF-8: what was imported with which topic, each file not added
named with its reason, the summary and the exit status, the volume line in
plain words, the M4A clip played through the player at its exact length,
and the progress bar on a narrow terminal."""
import array
import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
import unicodedata
import unittest
import wave

sys.path.insert(0, os.path.dirname(__file__))
import loatest  # noqa: E402
from loatest import StationTest, main, tone  # noqa: E402
from audiotest import frequency  # noqa: E402

VI = {"LC_ALL": "", "LANGUAGE": "", "LANG": "vi_VN.UTF-8"}
LONG = "Thông báo lịch tiêm chủng mở rộng cho trẻ em dưới năm tuổi tại trạm y tế xã Đức Hòa"


def has_locale(name):
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    norm = name.lower().replace("utf-8", "utf8")
    return any(loc.lower() == norm for loc in out)


def ffmpeg(path, codec, seconds=3.25, freq=440, channels=2, extra=()):
    """A sine through ffmpeg's own encoders, as a phone or Windows makes it."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=%d:duration=%s:sample_rate=44100" % (freq, seconds),
                    "-ac", str(channels), "-c:a", codec, *extra, path],
                   check=True, capture_output=True)
    return path


def columns(text):
    """The columns text takes on a terminal (Vietnamese: 1 a letter, 0 a mark)."""
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


class UsbStickTest(StationTest):
    def setUp(self):
        super().setUp()
        if not has_locale("vi_VN.UTF-8"):
            self.skipTest("the vi_VN.UTF-8 locale is not generated here")
        self.usb = self.path("usb")

        def at(*parts):
            os.makedirs(os.path.join(self.usb, *parts[:-1]), exist_ok=True)
            return os.path.join(self.usb, *parts)

        self.m4a = ffmpeg(at("Y tế", "Phòng chống sốt xuất huyết.m4a"), "aac")
        ffmpeg(at("Thời sự", "Bản tin sáng thứ hai.aac"), "aac", freq=550, channels=1)
        ffmpeg(at("Cải cách hành chính", "ghi âm.wma"), "wmav2", freq=660, channels=1)
        tone(at("Nhạc", "kết thúc.wav"), seconds=1.5, freq=330)
        tone(at("Giới thiệu.flac"), seconds=1.0, freq=770)
        # A second copy of the phone's recording, sent on through Zalo: it
        # sorts after "Y tế", so the first title is the one above.
        shutil.copy(self.m4a, at("tải về", "Phong chong SXH (1).m4a"))
        with open(at("Khác", "hỏng.mp3"), "wb") as f:
            f.write(b"\xff\xfb\x90\x00" + os.urandom(20000))
        ffmpeg(at("Khác", "video.mkv"), "libvorbis", seconds=1)
        with open(at("ghi chú.txt"), "w") as f:
            f.write("Danh sách bài phát tháng 3\n")
        ffmpeg(at(".Trashes", "501", "cũ.m4a"), "aac", seconds=1)
        with open(at("System Volume Information", "IndexerVolumeGuid"), "w") as f:
            f.write("{x}")
        with open(at("._Giới thiệu.flac"), "wb") as f:
            f.write(b"\x00\x05\x16\x07" + b"\x00" * 80)

    def clips(self):
        return {c["title"]: c for c in self.loa("clip", "list", "--format", "json").json()}

    def test_the_stick_in_vietnamese(self):
        r = self.loa("clip", "add", self.usb + "/", "--topic-from-folder", "--topic", "thông báo",
                     env=VI, expect=1)
        out, err = r.out, r.err
        clips = self.clips()
        want = {
            "Phòng chống sốt xuất huyết": ("y tế", "m4a"),
            "Bản tin sáng thứ hai": ("thời sự – chính sách", "aac"),   # an alias of the topic
            "ghi âm": ("cải cách hành chính", "wma"),                  # its name, in capitals
            "kết thúc": ("thông báo", "wav"),                           # "Nhạc" names no topic
            "Giới thiệu": ("thông báo", "flac"),                        # the stick's root
        }
        self.assertEqual({t: (c["topic"], c["format"]) for t, c in clips.items()}, want, r)
        self.assertEqual(clips["Phòng chống sốt xuất huyết"]["duration"], 3.25)
        # The copy under another name kept the first title, and said so.
        first = clips["Phòng chống sốt xuất huyết"]
        self.assertIn("'%s/tải về/Phong chong SXH (1).m4a' đã có trong thư viện là tệp âm thanh "
                      "số %d 'Phòng chống sốt xuất huyết' (cùng một bản ghi)" % (self.usb, first["id"]),
                      out)
        # Folders that name no topic are said once each.
        self.assertEqual(out.count("thư mục 'Nhạc' không trùng tên chủ đề nào của đài: các tệp "
                                   "trong đó nhận chủ đề đã ghi, 'thông báo'"), 1)
        # Each file not added: its path, the reason and what to do; counted.
        self.assertRegex(err, r"loa: không đọc được tệp âm thanh '%s/Khác/hỏng\.mp3': .+\n"
                         r"gợi ý: .+" % re.escape(self.usb))
        self.assertRegex(err, r"loa: không đọc được tệp âm thanh '%s/Khác/video\.mkv': "
                         r"không phải tệp âm thanh mà loa đọc được, hoặc tệp bị hỏng\n"
                         r"gợi ý: loa nhận các tệp WAV, FLAC, Ogg Vorbis, Opus, MP3, M4A/AAC và WMA"
                         % re.escape(self.usb))
        self.assertIn("bỏ qua 'ghi chú.txt': không phải tệp âm thanh", out)
        self.assertRegex(out, r"\b5\b.*\b1\b.*\b2\b.*\n")
        summary = [line for line in out.splitlines() if line.startswith("5 ")]
        self.assertEqual(len(summary), 1, out)
        self.assertIn("số tệp bỏ qua vì không phải âm thanh: 1", out)
        self.assertIn("chưa thêm được:\n  Khác/hỏng.mp3\n  Khác/video.mkv\n", out)
        # Hidden and system entries are not the officer's: not a word.
        for hidden in (".Trashes", "cũ.m4a", "System Volume", "IndexerVolumeGuid", "._Giới"):
            self.assertNotIn(hidden, out + err)
        self.assertNotIn("//", out + err)
        # One plain sentence on the volume, decimal comma; no meter jargon.
        self.assertRegex(out, r"đã thêm tệp âm thanh số \d+: 'Phòng chống sốt xuất huyết' "
                         r"\(3,2 giây, m4a, chủ đề 'y tế'\); âm lượng đã được chỉnh cho đều với "
                         r"các tin khác \(\+\d+,\d dB\)\n")
        self.assertNotIn("LUFS", out + err)
        self.assertNotIn("dBTP", out + err)
        # The figures are in clip show.
        show = self.loa("clip", "show", first["id"], "--format", "json").json()
        self.assertLess(show["loudness"], -10)
        self.assertLess(show["true_peak"], 0)
        self.assertAlmostEqual(show["gain"], -16 - show["loudness"], delta=0.01)

    def test_m4a_plays_at_its_length(self):
        self.loa("clip", "add", self.m4a, env=VI)
        clip = self.clips()["Phòng chống sốt xuất huyết"]
        out = self.path("out.wav")
        # Through the player and the file sink, as the daemon plays it.
        self.loa("render", "--clip", clip["id"], "-o", out)
        with wave.open(out) as w:
            rate, ch, n = w.getframerate(), w.getnchannels(), w.getnframes()
            a = array.array("h")
            a.frombytes(w.readframes(n))
        self.assertEqual((rate, ch), (48000, 2))
        # 3.25 s (143325 frames at 44.1 kHz): the encoder's priming and
        # padding left out; the resampler may round up by one frame.
        self.assertAlmostEqual(n, 156000, delta=1)
        left = [v / 32768.0 for v in a[0::2]]
        self.assertAlmostEqual(frequency(left, 48000), 440, delta=0.5)
        # Its library copy is the phone's file itself, under its SHA-256.
        self.assertTrue(clip["path"].endswith(".m4a"))
        with open(clip["path"], "rb") as f, open(self.m4a, "rb") as g:
            self.assertEqual(f.read(), g.read())

    def test_progress_on_a_narrow_terminal(self):
        # A Mac wrote this name decomposed (NFD): letters and their marks apart.
        long_nfd = unicodedata.normalize("NFD", LONG)
        tone(os.path.join(self.usb, "Y tế", long_nfd + ".wav"), seconds=0.5)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))
        env = dict(os.environ, LOA_DB=self.db, COLUMNS="40", **VI)
        proc = subprocess.Popen([loatest.LOA, "clip", "add", self.usb + "/"], stdout=subprocess.PIPE,
                                stderr=slave, env=env)
        os.close(slave)
        raw = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            raw += chunk
        proc.communicate(timeout=120)
        os.close(master)
        self.assertEqual(proc.returncode, 1)
        text = raw.decode("utf-8")  # strict: a character cut in half fails here
        self.assertNotIn("//", text)
        bars = [seg for seg in re.split(r"[\r\n]|\x1b\[K", text) if re.search(r"\] \d+/\d+$", seg)]
        self.assertEqual(len(bars), 9, text)  # every file tried, hidden ones aside
        for seg in bars:
            self.assertLessEqual(columns(seg), 39, seg)
        cut = [seg for seg in bars if seg.startswith("…")]
        for seg in cut:
            self.assertFalse(unicodedata.combining(seg[1]), seg)  # never a mark without its letter
        # The long name gave way from the left: its end, the file's own
        # name, stays in view.
        mine = [seg for seg in cut if "Đức Hòa.wav" in unicodedata.normalize("NFC", seg)]
        self.assertEqual(len(mine), 1, bars)

    def test_english_volume_sentence(self):
        p = tone(self.path("quiet.wav"), seconds=2, gain_db=-30)
        r = self.loa("clip", "add", p)
        self.assertRegex(r.out, r"added clip 1: 'quiet' \(2\.0 s, wav\); volume matched to the other "
                         r"clips \(\+\d+\.\d dB\)\n")


if __name__ == "__main__":
    main()
