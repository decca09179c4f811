"""loa topic: the station's topic list, how --topic finds a topic (by name or
alias, in any case, spacing or Unicode form), and the upgrade that maps a
previous release's free-text topics onto the list (tests/fixtures/station-v5).
"""
import os
import shutil
import sqlite3
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, StationTest, main, tone  # noqa: E402

CCHC = "cải cách hành chính"


class TopicTest(StationTest):
    def topics(self):
        return {t["name"]: t for t in self.loa("topic", "list", "--format", "json").json()}

    def clip_topic(self, cid):
        return self.loa("clip", "show", str(cid), "--format", "json").json()["topic"]

    def test_init_creates_the_usual_topics(self):
        t = self.topics()
        self.assertEqual(list(t)[0], CCHC)
        for name in (CCHC, "thời sự – chính sách", "y tế", "nông nghiệp", "an ninh – trật tự", "thông báo",
                     "chương trình"):
            self.assertIn(name, t)
        self.assertIn("CCHC", t[CCHC]["aliases"])
        self.assertTrue(t["chương trình"]["furniture"])
        self.assertFalse(t[CCHC]["furniture"])
        csv = self.loa("topic", "list", "--format", "csv").out.splitlines()
        self.assertEqual(csv[0], "id,name,aliases,furniture,clips")

    def test_topic_found_by_alias_case_spacing_and_form(self):
        wav = tone(self.path("a.wav"))
        nfd = unicodedata.normalize("NFD", "Cải  Cách hành chính ")
        for i, spelling in enumerate(("CCHC", "cchc", " Cải cách  hành chính", nfd), start=1):
            tone(wav, freq=300 + 50 * i)
            self.loa("clip", "add", wav, "--topic", spelling)
            self.assertEqual(self.clip_topic(i), CCHC, spelling)
        self.loa("clip", "edit", "1", "--topic", "Thời sự - Chính sách")
        self.assertEqual(self.clip_topic(1), "thời sự – chính sách")
        self.loa("clip", "edit", "2", "--topic", "sức khoẻ")  # the other tone placement of "sức khỏe"
        self.assertEqual(self.clip_topic(2), "y tế")
        self.assertEqual(self.topics()[CCHC]["clips"], 2)

    def test_unknown_topic_is_refused_with_the_list(self):
        wav = tone(self.path("a.wav"))
        r = self.loa("clip", "add", wav, "--topic", "phòng cháy", expect=2)
        self.assertIn("not one of the station's topics: 'phòng cháy'", r.err)
        self.assertIn(CCHC, r.err)
        self.assertIn('loa topic add "phòng cháy"', r.err)
        self.assertEqual(self.loa("clip", "list", "--format", "json").json(), [])
        self.loa("clip", "add", wav)
        r = self.loa("clip", "edit", "1", "--topic", "xyz", expect=2)
        self.assertIn("'xyz'", r.err)
        self.assertEqual(self.clip_topic(1), "")

    def test_add_alias_rename_rm(self):
        self.loa("topic", "add", "phòng cháy chữa cháy", "--alias", "PCCC")
        r = self.loa("topic", "add", "Phòng  cháy chữa cháy", expect=1)
        self.assertIn("already the topic 'phòng cháy chữa cháy'", r.err)
        r = self.loa("topic", "add", "cchc", expect=1)  # an alias of another topic
        self.assertIn("already the topic 'cải cách hành chính'", r.err)
        wav = tone(self.path("a.wav"))
        self.loa("clip", "add", wav, "--topic", "pccc")
        self.assertEqual(self.clip_topic(1), "phòng cháy chữa cháy")
        self.loa("topic", "alias", "pccc", "cháy nổ")
        self.loa("clip", "edit", "1", "--topic", "Cháy nổ")
        self.loa("topic", "rename", "PCCC", "an toàn cháy nổ")
        self.assertEqual(self.clip_topic(1), "an toàn cháy nổ")
        # The old name still finds it (the airing log keeps old names).
        self.loa("clip", "edit", "1", "--topic", "phòng cháy chữa cháy")
        self.assertEqual(self.clip_topic(1), "an toàn cháy nổ")
        self.assertIn("phòng cháy chữa cháy", self.topics()["an toàn cháy nổ"]["aliases"])
        r = self.loa("topic", "rm", "an toàn cháy nổ", expect=1)
        self.assertIn("1 clip(s)", r.err)
        self.assertIn("--force", r.err)
        self.loa("topic", "rm", "an toàn cháy nổ", "--force")
        self.assertEqual(self.clip_topic(1), "")
        self.assertNotIn("an toàn cháy nổ", self.topics())
        r = self.loa("topic", "rm", "không có", expect=1)
        self.assertIn("no such topic: 'không có'", r.err)

    def test_store_refuses_a_topic_outside_the_list(self):
        wav = tone(self.path("a.wav"))
        self.loa("clip", "add", wav, "--topic", "CCHC")
        db = sqlite3.connect(self.db)
        with self.assertRaises(sqlite3.DatabaseError):
            db.execute("UPDATE clip SET topic = 'cchc' WHERE id = 1")
        with self.assertRaises(sqlite3.DatabaseError):
            db.execute("DELETE FROM topic WHERE name = ?", (CCHC,))
        db.close()


class UpgradeTest(StationTest):
    """A station made by loa 0.1.0, upgraded by its first command."""

    create_station = False

    def setUp(self):
        super().setUp()
        shutil.copytree(os.path.join(SRC, "tests", "fixtures", "station-v5"), self.path("station"))

    def test_free_text_topics_mapped_once(self):
        # A read-only command upgrades the station first (it may write it).
        r = self.loa("clip", "list", "--format", "json")
        self.assertIn("the clips' topic 'CCHC' is now the topic 'cải cách hành chính'", r.err)
        self.assertIn("'Phòng cháy chữa cháy' is new to the topic list", r.err)
        topics = {c["title"]: c["topic"] for c in r.json()}
        self.assertEqual(topics, {
            "Nhạc hiệu": "chương trình",
            "Dịch vụ công trực tuyến": CCHC,
            "Một cửa liên thông": CCHC,
            "Chữ ký số": CCHC,
            "Phòng chống sốt xuất huyết": "y tế",
            "An toàn cháy nổ": "Phòng cháy chữa cháy",
            "Bản tin dài": "thông báo",
        })
        # Said once: the next command upgrades nothing.
        r = self.loa("topic", "list", "--format", "json")
        self.assertNotIn("is now the topic", r.err)
        names = [t["name"] for t in r.json()]
        self.assertEqual(names.count(CCHC), 1)
        self.assertIn("Phòng cháy chữa cháy", names)
        self.loa("log", "verify")


if __name__ == "__main__":
    main()
