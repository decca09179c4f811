"""loa playlist: create, add, rm, list, show, and M3U import/export,
including all-or-nothing import and the example playlists in playlists/."""
import glob
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, StationTest, main, tone  # noqa: E402


class PlaylistTest(StationTest):
    def setUp(self):
        super().setUp()
        os.makedirs(self.path("audio"))

    def clip(self, name, freq, seconds=1.0):
        return tone(self.path("audio", name), seconds=seconds, freq=freq)

    def add_clips(self, n=3):
        for i in range(n):
            self.loa("clip", "add", self.clip("c%d.wav" % (i + 1), 200 + 100 * i, 1.0 + i))

    def show(self, name):
        return self.loa("playlist", "show", name, "--format", "json").json()

    def order(self, name):
        return [e["clip"] for e in self.show(name)]

    def counts(self):
        con = sqlite3.connect(self.db)
        r = tuple(con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
                  for t in ("clip", "playlist", "playlist_item"))
        con.close()
        return r

    def library_files(self):
        return sorted(glob.glob(self.path("station", "clips", "**", "*"), recursive=True)
                      + glob.glob(self.path("station", "clips", ".*")))

    def test_create_show_list(self):
        self.add_clips()
        name = "Chương trình sáng"
        r = self.loa("playlist", "create", name, "3", "1", "2", "1")
        self.assertIn(name, r.out)
        rows = self.show(name)
        self.assertEqual([e["clip"] for e in rows], [3, 1, 2, 1])
        self.assertEqual([e["position"] for e in rows], [1, 2, 3, 4])
        # Start offsets add up the clips' exact durations.
        self.assertEqual([e["start"] for e in rows], [0.0, 3.0, 4.0, 6.0])
        lst = self.loa("playlist", "list", "--format", "csv").csv()
        self.assertEqual(lst[0]["name"], name)
        self.assertEqual((lst[0]["clips"], lst[0]["duration"]), ("4", "7.000"))
        self.assertIn(name, self.loa("playlist", "list", "--format", "table").out)

    def test_create_refuses_duplicate_name_and_unknown_clip(self):
        self.add_clips(1)
        self.loa("playlist", "create", "p", "1")
        r = self.loa("playlist", "create", "p", "1", expect=1)
        self.assertIn("already exists", r.err)
        r = self.loa("playlist", "create", "q", "1", "42", expect=1)
        self.assertIn("no clip numbered 42", r.err)
        self.assertEqual(self.counts()[1:], (1, 1))
        self.loa("playlist", "create", "r", "x", expect=2)

    def test_add_at_and_rm(self):
        self.add_clips()
        self.loa("playlist", "create", "p", "1", "2")
        self.loa("playlist", "add", "p", "3")
        self.assertEqual(self.order("p"), [1, 2, 3])
        self.loa("playlist", "add", "p", "3", "3", "--at", "1")
        self.assertEqual(self.order("p"), [3, 3, 1, 2, 3])
        r = self.loa("playlist", "add", "p", "1", "--at", "9", expect=2)
        self.assertIn("past the end", r.err)
        self.loa("playlist", "rm", "p", "2")
        self.assertEqual(self.order("p"), [3, 1, 2, 3])
        self.loa("playlist", "rm", "p", "--clip", "3")
        self.assertEqual(self.order("p"), [1, 2])
        r = self.loa("playlist", "rm", "p", "5", expect=1)
        self.assertIn("no position 5", r.err)
        r = self.loa("playlist", "rm", "p", "--clip", "3", expect=1)
        self.assertIn("not in playlist", r.err)
        self.loa("playlist", "rm", "p")
        self.assertEqual(self.counts(), (3, 0, 0))
        r = self.loa("playlist", "rm", "p", expect=1)
        self.assertIn("no playlist named 'p'", r.err)

    def test_clip_rm_refused_while_in_playlist(self):
        self.add_clips(2)
        self.loa("playlist", "create", "p", "1", "2", "1")
        r = self.loa("clip", "rm", "1", expect=1)
        self.assertIn("in use", r.err)
        self.assertEqual(self.order("p"), [1, 2, 1])
        self.loa("clip", "rm", "1", "--force")
        rows = self.show("p")
        self.assertEqual([(e["position"], e["clip"]) for e in rows], [(1, 2)])

    def write_m3u(self, name, lines, encoding="utf-8"):
        p = self.path(name)
        with open(p, "w", encoding=encoding, newline="") as f:
            f.write("".join(lines))
        return p

    def test_import_m3u8(self):
        self.clip("nhạc hiệu.wav", 300)
        self.clip("tin.flac", 400, 2.0)
        os.makedirs(self.path("audio", "sub"))
        self.clip("sub/kết thúc.ogg", 500)
        self.loa("clip", "add", self.path("audio", "tin.flac"))  # already in the library
        p = self.write_m3u("sáng.m3u8", [
            "\ufeff#EXTM3U\r\n",
            "#EXTINF:1,Nhạc hiệu đài\r\n",
            "audio/nhạc hiệu.wav\r\n",
            "\r\n",
            "# a comment\r\n",
            "file://" + self.path("audio", "tin.flac").replace(" ", "%20") + "\r\n",
            "audio/sub/kết thúc.ogg\r\n",
            "audio/nhạc hiệu.wav\r\n",
        ])
        r = self.loa("playlist", "import", p)
        self.assertIn("'sáng'", r.out)
        rows = self.show("sáng")
        self.assertEqual([e["clip"] for e in rows], [2, 1, 3, 2])
        self.assertEqual(rows[0]["title"], "Nhạc hiệu đài")
        self.assertEqual(rows[2]["title"], "kết thúc")
        self.assertEqual(self.counts(), (3, 1, 4))

    def test_import_name_option_and_taken_name(self):
        self.clip("a.wav", 300)
        p = self.write_m3u("p.m3u", ["audio/a.wav\n"])
        self.loa("playlist", "import", p)
        r = self.loa("playlist", "import", p, expect=1)
        self.assertIn("already exists", r.err)
        self.assertIn("--name", r.err)
        self.loa("playlist", "import", p, "--name", "khác")
        self.assertEqual(self.order("khác"), [1])

    def test_failed_import_changes_nothing(self):
        self.clip("a.wav", 300)
        self.clip("b.wav", 400)
        with open(self.path("audio", "bad.mp3"), "wb") as f:
            f.write(os.urandom(20000))
        p = self.write_m3u("p.m3u", ["#EXTM3U\n", "audio/a.wav\n", "audio/b.wav\n",
                                     "audio/bad.mp3\n"])
        before_files = self.library_files()
        r = self.loa("playlist", "import", p, expect=1)
        self.assertIn("line 4", r.err)
        self.assertIn("bad.mp3", r.err)
        self.assertIn("nothing was imported", r.err)
        self.assertEqual(self.counts(), (0, 0, 0))
        self.assertEqual(self.library_files(), before_files)

    def test_import_missing_file_and_folder_lines(self):
        self.clip("a.wav", 300)
        os.makedirs(self.path("audio", "folder.wav"))
        for line, reason in (("audio/nowhere.wav", "No such file"),
                             ("audio/folder.wav", "folder"),
                             ("http://example.com/a.mp3", "internet")):
            p = self.write_m3u("p.m3u", ["audio/a.wav\n", line + "\n"])
            r = self.loa("playlist", "import", p, expect=1)
            self.assertIn(reason, r.err)
            self.assertIn("line 2", r.err)
            self.assertEqual(self.counts(), (0, 0, 0))

    def test_import_not_a_playlist(self):
        p = self.path("noise.m3u")
        with open(p, "wb") as f:
            f.write(b"\x00\x01" * 500)
        r = self.loa("playlist", "import", p, expect=1)
        self.assertIn("not a playlist", r.err)
        empty = self.write_m3u("empty.m3u", ["#EXTM3U\n"])
        r = self.loa("playlist", "import", empty, expect=1)
        self.assertIn("no audio files", r.err)
        r = self.loa("playlist", "import", self.path("none.m3u"), expect=1)
        self.assertIn("none.m3u", r.err)

    def test_export_round_trip(self):
        self.add_clips()
        self.loa("clip", "edit", "2", "--title", "Bản tin")
        self.loa("playlist", "create", "p", "2", "1", "3")
        out = self.loa("playlist", "export", "p").out
        self.assertTrue(out.startswith("#EXTM3U\n"))
        self.assertIn("#EXTINF:2,Bản tin\n", out)
        f = self.path("p.m3u8")
        self.loa("playlist", "export", "p", "-o", f)
        self.assertEqual(open(f, encoding="utf-8").read(), out)
        self.loa("playlist", "import", f, "--name", "copy")
        self.assertEqual(self.order("copy"), [2, 1, 3])
        self.assertEqual(self.counts()[0], 3)
        r = self.loa("playlist", "export", "nope", expect=1)
        self.assertIn("no playlist named 'nope'", r.err)

    def test_example_playlists_are_valid(self):
        # As shipped: every file they name is in the repository's audio/
        # (a stale example once named .wav files nobody had). That folder is
        # beside playlists/, not inside it: a trusted playlist's files
        # outside its folder need --allow-outside.
        examples = sorted(glob.glob(os.path.join(SRC, "playlists", "*.m3u*")))
        self.assertTrue(examples)
        for ex in examples:
            self.loa("playlist", "import", ex, "--allow-outside")
        self.assertEqual(len(self.loa("playlist", "list", "--format", "json").json()),
                         len(examples))

    def test_help_has_examples(self):
        for cmd in ("create", "add", "rm", "list", "show", "import", "export"):
            self.assertRegex(self.loa("playlist", cmd, "--help").out, re.compile("Example"))


if __name__ == "__main__":
    main()
