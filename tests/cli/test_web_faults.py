"""loa web's faults (issue 20): the console killed with kill -9 in the
middle of an upload leaves no partial clip and no lock.

A real upload of a real recording is sent slowly, in pieces, over a raw
socket; once its temporary folder is in the library (.upload-PID-XXXXXX,
the file in it growing), `loa web` is killed with SIGKILL: no clean-up of
its own runs. Then the station is looked at with the command line, a new
`loa web` is started on the same port, and the same station's commands
and the new console's upload are used as if nothing had happened. The
new console removes the dead upload's folder when it starts.
"""
import glob
import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main, sox, tone  # noqa: E402
from webtest import Client, WebTest, multipart, start_console  # noqa: E402


class KilledUploadTest(WebTest):

    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        cls.lib = os.path.join(os.path.dirname(t.db), "clips")
        # A real recording, large enough that an upload takes a while: 90 s
        # of stereo speech-band noise at 44.1 kHz, about 16 MB of WAV.
        cls.big = t.path("ban-tin-dai.wav")
        sox("-n", "-r", 44100, "-c", 2, "-b", 16, cls.big, "synth", 90, "pinknoise", "band", 1000, 800,
            "gain", "-12")

    def library(self):
        """The library's files and folders, as paths inside it."""
        return sorted(os.path.relpath(os.path.join(d, n), self.lib)
                      for d, ds, fs in os.walk(self.lib) for n in ds + fs)

    def test_kill_9_mid_upload_leaves_no_clip_and_no_lock(self):
        clips_before = self.cli("clip", "list", "--format", "json").json()
        library_before = self.library()
        c = self.client()
        with open(self.big, "rb") as f:
            wav = f.read()
        body, ctype = multipart({"title": "Bản tin dài"}, [("file", "Bản tin dài.wav", wav)])
        pid = self.proc.pid
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        s.sendall(("POST /api/v1/clips HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
                   "Content-Type: %s\r\nContent-Length: %d\r\nAccept-Language: en\r\n\r\n"
                   % (c.cookie, c.csrf, ctype, len(body))).encode())
        # Slowly, 256 KiB at a time, until the file being received is in
        # the library and has a few pieces in it; then the kill.
        piece, sent, folder, partial = 256 * 1024, 0, None, None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            s.sendall(body[sent:sent + piece])
            sent += piece
            time.sleep(0.05)
            found = glob.glob(os.path.join(self.lib, ".upload-%d-*" % pid))
            if found:
                folder = found[0]
                files = os.listdir(folder)
                if files and os.path.getsize(os.path.join(folder, files[0])) >= 1024 * 1024:
                    partial = os.path.join(folder, files[0])
                    break
        self.assertIsNotNone(partial, "no upload folder with a growing file in %s: %s" % (self.lib, self.library()))
        self.assertLess(sent, len(body) // 2)  # the kill lands in the middle
        self.proc.send_signal(signal.SIGKILL)
        self.proc.communicate(timeout=30)
        self.assertEqual(self.proc.returncode, -signal.SIGKILL)
        s.close()

        # What the dead console left: its folder and the part it had
        # received (nothing cleaned it), and nothing else.
        self.assertTrue(os.path.isdir(folder))
        self.assertEqual(os.path.basename(partial), "Bản tin dài.wav")
        self.assertLess(os.path.getsize(partial), len(wav))
        self.assertEqual([p for p in self.library() if not p.startswith(os.path.basename(folder))], library_before)
        # No clip was added: the command line on the same station.
        self.assertEqual(self.cli("clip", "list", "--format", "json").json(), clips_before)

        # No lock: a new console starts on the same port, and the station's
        # other commands work beside it.
        self.__class__.proc = start_console(["--db", self.db, "web", "--listen", "127.0.0.1:%d" % self.port],
                                            self.env, self.port)
        self.assertFalse(os.path.exists(folder))  # removed when it started: its process is dead
        self.assertEqual(self.library(), library_before)
        other = tone(self.t.path("sau-su-co.wav"), seconds=1.5, freq=523, rate=8000, channels=1)
        self.loa("clip", "add", other, "--title", "Sau sự cố")
        after = self.cli("clip", "list", "--format", "json").json()
        self.assertEqual([x["title"] for x in after], [x["title"] for x in clips_before] + ["Sau sự cố"])
        self.assertEqual(self.cli("log", "verify").rc, 0)
        # The new console serves the station, and the same upload, whole,
        # goes through.
        c = self.client()
        self.assertEqual(c.get("/api/v1/clips").json(), after)
        r = c.request("POST", "/api/v1/clips", raw=body, headers={"Content-Type": ctype, "X-CSRF-Token": c.csrf})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["title"], "Bản tin dài")
        self.assertAlmostEqual(r.json()["duration"], 90.0, places=1)
        self.assertEqual(self.cli("clip", "list", "--format", "json").json(), after + [r.json()])
        self.assertEqual(glob.glob(os.path.join(self.lib, ".upload-*")), [])


if __name__ == "__main__":
    main()
