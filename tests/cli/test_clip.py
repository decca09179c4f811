"""loa clip: importing each format, measuring, hashing, the library copy,
listing in three formats, editing, removing, and every kind of bad input."""
import math
import os
import pty
import shutil
import sqlite3
import struct
import subprocess
import sys
import unittest
import wave

sys.path.insert(0, os.path.dirname(__file__))
import loatest  # noqa: E402
from loatest import StationTest, main, sox, tone  # noqa: E402
import bs1770  # noqa: E402


def soxi_duration(path):
    return float(subprocess.run(["soxi", "-D", path], check=True, capture_output=True,
                                text=True).stdout)


def sha256sum(path):
    out = subprocess.run(["sha256sum", path], check=True, capture_output=True, text=True).stdout
    return out.split()[0]


def wav_header(channels, rate, data_bytes, bits=16):
    """A canonical 44-byte PCM WAV header claiming data_bytes of audio."""
    align = channels * bits // 8
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE" + b"fmt " +
            struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * align, align, bits) +
            b"data" + struct.pack("<I", data_bytes))


class ClipTest(StationTest):
    def clips(self):
        return self.loa("clip", "list", "--format", "json").json()

    def library_files(self):
        """Every file under the library folder, temporary ones included."""
        out = []
        for root, _, names in os.walk(self.path("station", "clips")):
            out += [os.path.join(root, n) for n in names]
        return sorted(out)

    def add(self, *args, expect=0):
        return self.loa("clip", "add", *args, expect=expect)


class FormatTest(ClipTest):
    """Each format decodes to the right length, and is hashed and copied."""

    def setUp(self):
        super().setUp()
        self.src = self.path("src.wav")
        tone(self.src, seconds=3.25, rate=44100)

    def check_clip(self, path, fmt, expected_duration):
        r = self.add(path)
        self.assertIn("added clip", r.out)
        c = self.clips()[-1]
        self.assertEqual(c["format"], fmt)
        self.assertAlmostEqual(c["duration"], expected_duration, delta=0.001,
                               msg="%s: loa says %s s" % (path, c["duration"]))
        self.assertEqual(c["sha256"], sha256sum(path))
        self.assertEqual(c["original_name"], os.path.basename(path))
        # The library copy is content-addressed and byte-identical.
        sha = c["sha256"]
        expect_path = self.path("station", "clips", sha[:2], "%s.%s" % (sha, fmt))
        self.assertEqual(os.path.realpath(c["path"]), os.path.realpath(expect_path))
        with open(expect_path, "rb") as a, open(path, "rb") as b:
            self.assertEqual(a.read(), b.read())
        self.assertEqual(c["sample_rate"], 44100 if fmt != "opus" else 48000)
        self.assertEqual(c["channels"], 2)
        return c

    def test_wav(self):
        self.check_clip(self.src, "wav", soxi_duration(self.src))

    def test_flac(self):
        p = self.path("tone.flac")
        sox(self.src, p)
        self.check_clip(p, "flac", soxi_duration(p))

    def test_vorbis(self):
        p = self.path("tone.ogg")
        sox(self.src, p)
        self.check_clip(p, "ogg", soxi_duration(p))

    def test_mp3_gapless_length(self):
        # soxi counts whole MP3 frames, so it includes the encoder's delay and
        # padding; libsndfile (through mpg123) reads LAME's gapless tag and
        # gives the original's length, which is what airs.
        p = self.path("tone.mp3")
        subprocess.run(["lame", "--quiet", "-b", "128", self.src, p], check=True)
        c = self.check_clip(p, "mp3", 3.25)
        self.assertLess(c["duration"], soxi_duration(p))

    def test_opus(self):
        if not shutil.which("opusenc"):
            self.fail("opusenc (Debian opus-tools, in scripts/packages.txt) is not installed")
        p = self.path("tone.opus")
        src48 = self.path("src48.wav")
        sox(self.src, "-b", "16", "-r", "48000", src48)
        subprocess.run(["opusenc", "--quiet", src48, p], check=True)
        # Opus always decodes at 48 kHz; opusenc records the pre-skip and the
        # end trim, so the decoded length is the original's.
        self.check_clip(p, "opus", 3.25)

    def test_mono_and_other_rates(self):
        p = self.path("mono22k.wav")
        tone(p, seconds=1.5, rate=22050, channels=1)
        self.add(p)
        c = self.clips()[0]
        self.assertEqual((c["channels"], c["sample_rate"]), (1, 22050))
        self.assertAlmostEqual(c["duration"], 1.5, delta=0.001)


class LoudnessTest(ClipTest):
    """Loudness against EBU Tech 3341 signals and an independent BS.1770 meter."""

    def sine(self, name, dbfs, fmt="wav"):
        p = self.path(name + "." + fmt)
        sox("-n", "-r", 48000, "-c", 2, "-b", 16, p, "synth", 20, "sine", 1000, "gain", dbfs)
        return p

    def test_tech3341_minus23(self):
        self.add(self.sine("m23", -23))
        c = self.clips()[0]
        self.assertAlmostEqual(c["loudness"], -23.0, delta=0.1)
        # Gain to the station's -16 LUFS target.
        self.assertAlmostEqual(c["gain"], -16.0 - c["loudness"], delta=0.01)
        self.assertAlmostEqual(c["true_peak"], -23.0, delta=0.2)

    def test_tech3341_minus33(self):
        self.add(self.sine("m33", -33, "flac"))
        c = self.clips()[0]
        self.assertAlmostEqual(c["loudness"], -33.0, delta=0.1)
        self.assertAlmostEqual(c["gain"], 17.0, delta=0.1)

    def test_station_target_is_used(self):
        os.remove(self.db)
        shutil.rmtree(self.path("station", "clips"))
        self.loa("init", "--target-lufs", "-23")
        self.add(self.sine("m33", -33))
        self.assertAlmostEqual(self.clips()[0]["gain"], 10.0, delta=0.1)

    def test_gain_keeps_true_peak_below_ceiling(self):
        # A quiet sine (-30 dBFS) with a short burst at -1 dBFS each second.
        # Bringing it to -16 LUFS would push the bursts far over -1 dBTP, so
        # the gain is capped at what the peaks allow.
        p = self.path("peaky.wav")
        rate = 48000
        frames = []
        for i in range(rate * 5):
            amp = 0.89 if i % rate < 480 else 0.0316
            v = int(32767 * amp * math.sin(2 * math.pi * 1000 * i / rate))
            frames.append(struct.pack("<hh", v, v))
        with wave.open(p, "wb") as w:
            w.setnchannels(2)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(b"".join(frames))
        r = self.add(p)
        # One plain sentence, no figures of the meter: those are in clip show.
        self.assertIn("as far as its loudest moments allow", r.out)
        self.assertNotIn("LUFS", r.out + r.err)
        self.assertNotIn("dBTP", r.out + r.err)
        c = self.clips()[0]
        self.assertLessEqual(c["true_peak"] + c["gain"], -1.0 + 0.01)
        self.assertLess(c["gain"], -16.0 - c["loudness"])

    def test_speech_against_independent_meter(self):
        speech = self.path("speech.wav")
        raw = self.path("raw.wav")
        subprocess.run(["espeak-ng", "-v", "vi", "-w", raw,
                        "Xin chào bà con. Đây là đài truyền thanh xã. Hôm nay trời nắng, "
                        "bà con nhớ uống đủ nước và phòng chống sốt xuất huyết."],
                       check=True, capture_output=True)
        sox(raw, "-r", 48000, "-c", 2, "-b", 16, speech, "gain", -6)
        expected = bs1770.integrated_loudness(bs1770.read_wav(speech))
        self.add(speech)
        self.assertAlmostEqual(self.clips()[0]["loudness"], expected, delta=0.1)

    def test_mono_is_measured_as_dual_mono(self):
        p = self.path("mono.wav")
        sox("-n", "-r", 48000, "-c", 1, "-b", 16, p, "synth", 10, "sine", 1000, "gain", -23)
        self.add(p)
        c = self.clips()[0]
        self.assertAlmostEqual(c["loudness"], bs1770.integrated_loudness(bs1770.read_wav(p)),
                               delta=0.1)
        self.assertAlmostEqual(c["loudness"], -23.0, delta=0.1)

    def test_silence_imports_with_warning(self):
        p = self.path("silence.wav")
        sox("-n", "-r", 48000, "-c", 2, p, "trim", 0, 3)
        r = self.add(p)
        self.assertIn("silent", r.err)
        self.assertIn("silence.wav", r.err)
        c = self.clips()[0]
        self.assertIsNone(c["loudness"])
        self.assertIsNone(c["true_peak"])
        self.assertEqual(c["gain"], 0)
        self.assertAlmostEqual(c["duration"], 3.0, delta=0.001)
        row = self.loa("clip", "list", "--format", "csv").csv()[0]
        self.assertEqual(row["loudness"], "")


class LibraryTest(ClipTest):
    def test_same_file_twice_is_recognised(self):
        a = tone(self.path("a.wav"))
        self.add(a)
        shutil.copy(a, self.path("copy-of-a.wav"))
        r = self.add(self.path("copy-of-a.wav"))
        self.assertIn("already in the library as clip 1", r.out)
        self.assertEqual(len(self.clips()), 1)
        self.assertEqual(len(self.library_files()), 1)

    def test_title_defaults_to_file_name(self):
        self.add(tone(self.path("Bản tin sáng.wav")))
        self.assertEqual(self.clips()[0]["title"], "Bản tin sáng")

    def test_vietnamese_round_trip(self):
        title, topic = "Phòng chống sốt xuất huyết — tuần 12", "y tế cộng đồng"
        self.loa("topic", "add", topic)
        self.add(tone(self.path("a.wav")), "--title", title, "--topic", topic,
                 "--valid-from", "2024-03-01", "--valid-until", "2024-06-30")
        j = self.clips()[0]
        self.assertEqual((j["title"], j["topic"]), (title, topic))
        self.assertEqual((j["valid_from"], j["valid_until"]), ("2024-03-01", "2024-06-30"))
        row = self.loa("clip", "list", "--format", "csv").csv()[0]
        self.assertEqual((row["title"], row["topic"]), (title, topic))
        table = self.loa("clip", "list", "--format", "table").out
        self.assertIn(title, table)
        self.assertIn(topic, table)
        show = self.loa("clip", "show", "1", "--format", "json").json()
        self.assertEqual(show["title"], title)

    def test_names_not_in_utf8_are_marked(self):
        # A FAT stick mounted with the wrong charset gives Latin-1 bytes; the
        # listings must stay valid UTF-8 (JSON would break otherwise).
        p = os.fsdecode(os.path.join(os.fsencode(self.dir), b"caf\xe9 s\xc3\xa1ng.wav"))
        tone(p)
        self.add(p)
        c = self.clips()[0]
        self.assertEqual((c["title"], c["original_name"]), ("caf? sáng", "caf? sáng.wav"))
        m3u = os.fsdecode(os.path.join(os.fsencode(self.dir), b"b\xe0i.m3u"))
        with open(m3u, "wb") as f:
            f.write(b"#EXTINF:2,Tin t\xfcc\n" + os.path.basename(os.fsencode(p)) + b"\n")
        self.loa("playlist", "import", m3u)
        lst = self.loa("playlist", "list", "--format", "json").json()
        self.assertEqual(lst[0]["name"], "b?i")

    def test_csv_header_contract(self):
        self.add(tone(self.path("a.wav")))
        header = self.loa("clip", "list", "--format", "csv").out.splitlines()[0].split(",")
        for col in ("id", "title", "topic", "duration", "loudness", "sha256", "original_name"):
            self.assertIn(col, header)
        row = self.loa("clip", "list", "--format", "csv").csv()[0]
        self.assertRegex(row["duration"], r"^\d+\.\d{3}$")
        self.assertEqual(set(self.clips()[0].keys()), set(header))

    def test_folder_imports_sorted_and_goes_on_past_bad_files(self):
        d = self.path("usb")
        os.makedirs(d)
        tone(os.path.join(d, "b.wav"))
        tone(os.path.join(d, "a.flac"), freq=300)
        tone(os.path.join(d, "c.ogg"), freq=500)
        with open(os.path.join(d, "broken.mp3"), "wb") as f:
            f.write(os.urandom(30000))
        with open(os.path.join(d, "notes.txt"), "w") as f:
            f.write("not audio, not an audio name: skipped\n")
        r = self.add(d, expect=1)
        self.assertIn("broken.mp3", r.err)
        self.assertNotIn("notes.txt", r.err)
        self.assertIn("3 added", r.out)
        names = [c["original_name"] for c in self.clips()]
        self.assertEqual(names, ["a.flac", "b.wav", "c.ogg"])

    def test_progress_bar_only_on_a_terminal(self):
        d = self.path("usb")
        os.makedirs(d)
        for i in range(3):
            tone(os.path.join(d, "%d.wav" % i), seconds=0.5, freq=200 + 50 * i)
        master, slave = pty.openpty()
        env = dict(os.environ, LOA_DB=self.db)
        proc = subprocess.run([loatest.LOA, "clip", "add", d], stdout=subprocess.PIPE,
                              stderr=slave, env=env, timeout=120)
        os.close(slave)
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        os.close(master)
        self.assertEqual(proc.returncode, 0)
        self.assertIn(b"] 3/3", err)
        self.assertIn(b"#" * 30, err)
        # Not on a terminal (the other tests): no bar in the captured stderr.
        r = self.loa("clip", "add", d)
        self.assertNotIn("[", r.err)
        self.assertIn("3 already in the library", r.out)

    def test_folder_without_audio_is_an_error(self):
        d = self.path("empty.wav")  # a folder named like a file
        os.makedirs(d)
        r = self.add(d, expect=1)
        self.assertIn("no audio files", r.err)
        self.assertIn(d, r.err)

    def test_edit(self):
        self.add(tone(self.path("a.wav")))
        self.loa("clip", "edit", "1", "--title", "Thông báo", "--topic", "CCHC",
                 "--valid-until", "2030-01-01")
        c = self.clips()[0]
        self.assertEqual((c["title"], c["topic"], c["valid_until"]),
                         ("Thông báo", "cải cách hành chính", "2030-01-01"))
        self.loa("clip", "edit", "1", "--topic", "")
        self.assertEqual(self.clips()[0]["topic"], "")
        r = self.loa("clip", "edit", "1", "--valid-from", "2031-01-01", expect=2)
        self.assertIn("2031-01-01", r.err)
        self.assertEqual(self.clips()[0]["valid_from"], "")
        r = self.loa("clip", "edit", "7", "--title", "x", expect=1)
        self.assertIn("no clip numbered 7", r.err)

    def test_bad_dates_are_usage_errors(self):
        a = tone(self.path("a.wav"))
        r = self.add(a, "--valid-from", "2024-02-30", expect=2)
        self.assertIn("2024-02-30", r.err)
        r = self.add(a, "--valid-from", "2024-05-01", "--valid-until", "2024-04-01", expect=2)
        self.assertIn("before", r.err)
        self.assertEqual(self.clips(), [])

    def test_title_with_several_files_is_usage_error(self):
        r = self.add(tone(self.path("a.wav")), tone(self.path("b.wav"), freq=200),
                     "--title", "x", expect=2)
        self.assertIn("--title", r.err)

    def test_rm_deletes_row_and_file(self):
        self.add(tone(self.path("a.wav")))
        self.assertEqual(len(self.library_files()), 1)
        r = self.loa("clip", "rm", "1")
        self.assertIn("removed clip 1", r.out)
        self.assertEqual(self.clips(), [])
        self.assertEqual(self.library_files(), [])
        r = self.loa("clip", "rm", "1", expect=1)
        self.assertIn("no clip numbered 1", r.err)
        self.loa("clip", "rm", "abc", expect=2)

    def test_rm_refused_while_a_slot_uses_it(self):
        self.add(tone(self.path("a.wav")))
        self.loa("slot", "add", "--clip", "1", "--start", "2030-01-01T06:00")
        r = self.loa("clip", "rm", "1", expect=1)
        self.assertIn("in use", r.err)
        self.assertIn("--force", r.err)
        self.assertEqual(len(self.clips()), 1)
        r = self.loa("clip", "rm", "1", "--force")
        self.assertIn("now have no clip", r.err)
        self.assertEqual(self.clips(), [])
        # The slot stays, with no clip: its time and UID are kept.
        slots = self.loa("slot", "list", "--format", "csv").csv()
        self.assertEqual([(s["id"], s["clip"]) for s in slots], [("1", "")])

    def test_show(self):
        self.add(tone(self.path("a.wav")))
        r = self.loa("clip", "show", "1", "--format", "table")
        self.assertIn("SHA-256", r.out)
        self.loa("clip", "show", "2", expect=1)

    def test_help_has_examples(self):
        for cmd in ("add", "list", "show", "edit", "rm"):
            r = self.loa("clip", cmd, "--help")
            self.assertIn("Example", r.out)

    def test_upgrade_from_schema_1(self):
        # A station made before the clip library existed (schema 1: only the
        # station table) gains every later table when a command opens it.
        con = sqlite3.connect(self.db)
        con.isolation_level = None
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                   " AND name != 'station' AND name NOT LIKE 'sqlite%'").fetchall():
            con.execute("PRAGMA foreign_keys = OFF")
            con.execute('DROP TABLE "%s"' % name)
        # SQLite's own table of AUTOINCREMENT counters (the slots', schema
        # 11) cannot be dropped; emptied, it is as a schema 1 file knew it.
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
            con.execute("DELETE FROM sqlite_sequence")
        # The station's own table as schema 1 made it (later steps add columns to it).
        con.execute("CREATE TABLE station_v1 (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL,"
                    " tz TEXT NOT NULL, target_lufs REAL NOT NULL DEFAULT -16,"
                    " library TEXT NOT NULL DEFAULT 'clips', created_ms INTEGER NOT NULL)")
        con.execute("INSERT INTO station_v1 SELECT id, name, tz, target_lufs, library, created_ms FROM station")
        con.execute("DROP TABLE station")
        con.execute("ALTER TABLE station_v1 RENAME TO station")
        con.execute("PRAGMA user_version = 1")
        con.close()
        self.add(tone(self.path("a.wav")))
        self.assertEqual(len(self.clips()), 1)
        con = sqlite3.connect(self.db)
        self.assertGreaterEqual(con.execute("PRAGMA user_version").fetchone()[0], 2)


class BadInputTest(ClipTest):
    """Each bad file: a clear message naming it and the reason, nothing
    changed for it, and the rest of the batch still imported."""

    def setUp(self):
        super().setUp()
        self.good = tone(self.path("good.wav"))

    def assert_refused(self, path, *reason):
        r = self.add(path, self.good, expect=1)
        self.assertIn("'%s'" % path, r.err)
        for word in reason:
            self.assertIn(word, r.err)
        clips = self.clips()
        self.assertEqual([c["original_name"] for c in clips], ["good.wav"])
        self.assertEqual(len(self.library_files()), 1, "only the good file's copy")
        return r

    def test_missing_file(self):
        self.assert_refused(self.path("nowhere.mp3"), "No such file")

    def test_directory_given_as_file_via_api(self):
        # A folder argument imports its audio files; a folder with none is refused.
        os.makedirs(self.path("dir.mp3"))
        r = self.add(self.path("dir.mp3"), self.good, expect=1)
        self.assertIn(self.path("dir.mp3"), r.err)
        self.assertEqual(len(self.clips()), 1)

    def test_zero_bytes(self):
        p = self.path("empty.wav")
        open(p, "wb").close()
        self.assert_refused(p, "empty")

    def test_truncated_mp3(self):
        full = self.path("full.mp3")
        lame_src = tone(self.path("long.wav"), seconds=6)
        subprocess.run(["lame", "--quiet", lame_src, full], check=True)
        data = open(full, "rb").read()
        p = self.path("truncated.mp3")
        with open(p, "wb") as f:
            f.write(data[: len(data) // 3])
        self.assert_refused(p, "truncated")

    def test_mp3_without_length_tag_is_not_called_truncated(self):
        # Radios, phones and 'lame -t' write CBR MP3 with no Xing/Info tag,
        # often behind an ID3 tag with a cover picture: libsndfile's length
        # is then a guess from the file size, not a promise. Such a file
        # imports with its decoded length.
        src = tone(self.path("src.wav"), seconds=20, rate=44100, channels=1)
        art = self.path("cover.jpg")
        with open(art, "wb") as f:
            f.write(b"\xff\xd8\xff\xe0" + os.urandom(150000))
        plain = self.path("plain.mp3")
        covered = self.path("covered.mp3")
        subprocess.run(["lame", "--quiet", "-b", "64", "-t", src, plain], check=True)
        subprocess.run(["lame", "--quiet", "-b", "64", "-t", "--ti", art, src, covered], check=True)
        self.add(plain, covered)
        for c in self.clips():
            self.assertAlmostEqual(float(c["duration"]), 20.0, delta=0.1, msg=c["original_name"])

    def test_truncated_flac_vorbis_opus(self):
        src = tone(self.path("long.wav"), seconds=6, rate=48000)
        src16 = self.path("long16.wav")
        sox(src, "-b", "16", src16)
        files = {"flac": self.path("t.flac"), "ogg": self.path("t.ogg")}
        sox(src, files["flac"])
        sox(src, files["ogg"])
        if shutil.which("opusenc"):
            files["opus"] = self.path("t.opus")
            subprocess.run(["opusenc", "--quiet", src16, files["opus"]], check=True)
        for fmt, full in files.items():
            data = open(full, "rb").read()
            p = self.path("cut-" + os.path.basename(full))
            with open(p, "wb") as f:
                f.write(data[: len(data) // 2])
            r = self.assert_refused(p)
            self.assertTrue("truncated" in r.err or "damaged" in r.err, r.err)

    def test_random_bytes_named_mp3(self):
        p = self.path("random.mp3")
        with open(p, "wb") as f:
            f.write(os.urandom(100000))
        self.assert_refused(p, "not an audio file")

    def test_text_named_wav(self):
        p = self.path("readme.wav")
        with open(p, "w") as f:
            f.write("Đây là văn bản, không phải âm thanh.\n" * 50)
        self.assert_refused(p, "not an audio file")

    def test_wav_header_promising_more_than_present(self):
        p = self.path("liar.wav")
        with open(p, "wb") as f:
            f.write(wav_header(2, 48000, 48000 * 4 * 600) + bytes(48000 * 4))
        self.assert_refused(p, "promises", "truncated")

    def test_thousand_channels(self):
        p = self.path("channels.wav")
        with open(p, "wb") as f:
            f.write(wav_header(1000, 48000, 2000 * 48) + bytes(2000 * 48))
        self.assert_refused(p, "1000 channels")

    def test_ten_megahertz(self):
        p = self.path("rate.wav")
        with open(p, "wb") as f:
            f.write(wav_header(2, 10_000_000, 4000) + bytes(4000))
        self.assert_refused(p, "10000000 Hz")

    def test_unwritable_library(self):
        lib = self.path("station", "clips")
        if os.geteuid() == 0:
            # Root ignores permissions: replace the folder with a file instead.
            os.rmdir(lib)
            with open(lib, "w") as f:
                f.write("not a folder")
        else:
            os.chmod(lib, 0o555)
        try:
            r = self.add(self.good, expect=1)
        finally:
            if os.path.isdir(lib):
                os.chmod(lib, 0o755)
        self.assertIn("cannot write to the clip library", r.err)
        self.assertIn(lib, r.err)
        self.assertIn("good.wav", r.err)
        self.assertIn("hint:", r.err)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT count(*) FROM clip").fetchone()[0], 0)

    def test_not_a_station(self):
        os.remove(self.db)
        with open(self.db, "wb") as f:
            f.write(os.urandom(8192))
        before = open(self.db, "rb").read()
        r = self.loa("clip", "add", self.good, expect=1)
        self.assertIn("not an SQLite database", r.err)  # identified before any write (test_faults.py)
        self.assertIn("loa station", r.err)
        self.assertIn(self.db, r.err)
        self.assertEqual(open(self.db, "rb").read(), before)

    def test_newer_schema(self):
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA user_version = 9999")
        con.commit()
        con.close()
        r = self.loa("clip", "add", self.good, expect=1)
        self.assertIn("newer loa", r.err)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT count(*) FROM clip").fetchone()[0], 0)


if __name__ == "__main__":
    main()
