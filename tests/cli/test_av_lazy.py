"""FFmpeg is loaded only when a file needs it (src/audio/decode_av.c).

An idle daemon, and one that has aired a WAV clip, maps no FFmpeg library
(/proc/PID/maps); the same process then airs an .m4a clip added while it
runs, and only then maps libavcodec. A command that imports a WAV file
loads none of FFmpeg (LD_DEBUG=files). Without FFmpeg's libraries (a broken
copy in LD_LIBRARY_PATH, found before the system's), or with libraries
that lack its functions, an .m4a file is refused by name with the packages
to install, in Vietnamese under a Vietnamese locale, and the WAV file beside
it is still added."""
import datetime
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, main, tone  # noqa: E402
from runtest import T0, RunTest, iso  # noqa: E402

S = datetime.timedelta(seconds=1)
VI = {"LC_ALL": "", "LANGUAGE": "", "LANG": "vi_VN.UTF-8"}
FFMPEG = re.compile(r"/lib(avcodec|avformat|avutil)\.so[.0-9]*$")


def sonames():
    """The sonames of FFmpeg's libraries the loa binary dlopen()s."""
    with open(LOA, "rb") as f:
        found = set(re.findall(rb"lib(?:avformat|avcodec|avutil)\.so\.\d+", f.read()))
    assert len(found) == 3, found
    return sorted(name.decode() for name in found)


def m4a(path, seconds=1.5, freq=550):
    """An AAC recording in an MP4 file, as a phone makes it."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=%d:duration=%s:sample_rate=44100" % (freq, seconds),
                    "-c:a", "aac", path], check=True, capture_output=True)
    return path


def ffmpeg_mapped(pid):
    """The FFmpeg libraries process pid has mapped."""
    with open("/proc/%d/maps" % pid) as f:
        return sorted({m.group(1) for m in (FFMPEG.search(line.rstrip()) for line in f) if m})


class LazyFfmpegTest(RunTest):
    def now(self):
        return T0 + datetime.timedelta(seconds=time.monotonic() - self.t_start)

    def completed(self, slot):
        return [r for r in self.log() if r["slot"] == str(slot) and r["status"] == "completed"]

    def test_daemon_maps_ffmpeg_only_for_an_m4a_clip(self):
        wav = self.clip("Tin", 1, 440)
        self.loa("clip", "add", m4a(self.path("phone.m4a")), "--title", "Điện thoại")
        phone = max(int(r["id"]) for r in self.loa("clip", "list", "--format", "csv").csv())
        s1 = self.slot(wav, T0 + 3 * S)
        self.t_start = time.monotonic()
        p = self.start_daemon(T0)
        time.sleep(1.5)
        self.assertIsNone(p.poll(), p.stderr.read() if p.poll() is not None else "")
        self.assertEqual(ffmpeg_mapped(p.pid), [], "the idle daemon")
        self.wait_for(lambda: self.completed(s1), timeout=20, what="the WAV airing")
        self.assertEqual(ffmpeg_mapped(p.pid), [], "the daemon after a WAV airing")
        # An .m4a airing added while it runs: the same process loads
        # FFmpeg and airs it whole.
        s2 = self.slot(phone, (self.now() + 3 * S).replace(microsecond=0))
        row = self.wait_for(lambda: self.completed(s2), timeout=20, what="the M4A airing")[0]
        self.assertAlmostEqual(float(row["played"]), 1.5, delta=0.1)
        self.assertEqual(ffmpeg_mapped(p.pid), ["avcodec", "avformat", "avutil"])
        rc, err = self.stop_daemon(p)
        self.assertEqual(rc, 0, err)

    def test_a_wav_import_loads_no_ffmpeg(self):
        wav = tone(self.path("tin.wav"), seconds=1)
        r = self.loa("clip", "add", wav, env={"LD_DEBUG": "files"})
        self.assertIn("calling init: ", r.err)  # LD_DEBUG did trace the loader
        self.assertNotRegex(r.err, r"file=lib(avcodec|avformat|avutil)\.so")
        r = self.loa("clip", "add", m4a(self.path("phone.m4a")), env={"LD_DEBUG": "files"})
        self.assertRegex(r.err, r"file=libavcodec\.so\.\d+ .*dynamically loaded")


class NoFfmpegTest(RunTest):
    def usb(self):
        """A folder with a WAV file and an .m4a file."""
        usb = self.path("usb")
        os.makedirs(usb)
        tone(os.path.join(usb, "Thông báo.wav"), seconds=1)
        m4a(os.path.join(usb, "Ghi âm.m4a"))
        return usb

    def libs(self, *names, content=None):
        """A folder for LD_LIBRARY_PATH holding the named libraries: content
        (not a shared object) or else empty shared objects (no functions)."""
        d = self.path("lib")
        os.makedirs(d, exist_ok=True)
        src = self.path("empty.c")
        with open(src, "w") as f:
            f.write("int loa_test_nothing;\n")
        for name in names:
            if content is not None:
                with open(os.path.join(d, name), "w") as f:
                    f.write(content)
            else:
                subprocess.run(["cc", "-shared", "-fPIC", "-o", os.path.join(d, name), src], check=True)
        return d

    def refused(self, lib_dir, env=None):
        e = {"LD_LIBRARY_PATH": lib_dir}
        e.update(env or {})
        usb = self.usb()
        r = self.loa("clip", "add", usb, expect=1, env=e)
        titles = [row["title"] for row in self.loa("clip", "list", "--format", "csv").csv()]
        self.assertEqual(titles, ["Thông báo"])
        self.assertIn("'%s/Ghi âm.m4a'" % usb, r.err)
        self.assertRegex(r.err, r"apt install libavformat\d+ libavcodec\d+ libavutil\d+")
        return r.err

    def test_missing_libraries(self):
        err = self.refused(self.libs(*sonames(), content="not a library\n"))
        self.assertIn("cannot read audio file", err)
        self.assertIn("the FFmpeg library that reads M4A, AAC and WMA files is not installed or is damaged", err)

    def test_missing_libraries_in_vietnamese(self):
        err = self.refused(self.libs(*sonames(), content="not a library\n"), env=VI)
        self.assertIn("thư viện FFmpeg", err)
        self.assertIn("cài các gói libavformat", err)
        self.assertNotIn("not installed", err)

    def test_libraries_without_its_functions(self):
        err = self.refused(self.libs(*sonames()))
        self.assertRegex(err, r"the FFmpeg library libav[a-z]+\.so\.\d+ on this computer is not the version")


if __name__ == "__main__":
    main()
