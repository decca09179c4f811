"""Vietnamese: the catalogue is complete for the messages in the source, the
language follows LANG / LC_MESSAGES / LANGUAGE, English otherwise, and
Vietnamese tables write dates as dd/mm/yyyy with a 24-hour clock."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, StationTest, main  # noqa: E402


def has_locale(name):
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    norm = name.lower().replace("utf-8", "utf8")
    return any(loc.lower() == norm for loc in out)


VI = {"LC_ALL": "", "LANGUAGE": "", "LANG": "vi_VN.UTF-8"}


class CatalogueTest(unittest.TestCase):
    def test_every_message_translated(self):
        # Regenerates the .pot from src/*/*.c src/*/*.h (xgettext) in a scratch
        # folder, merges po/vi.po with it (msgmerge) and counts with
        # msgfmt --statistics: a message added to the code and not yet
        # translated shows up as untranslated (or fuzzy), and fails here;
        # so does a po/loa.pot that no longer matches the source.
        r = subprocess.run([os.path.join(SRC, "scripts", "update-po.sh"), "--check"],
                           capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        m = re.search(r"vi: (\d+) translated messages?\.\n", r.stdout)
        self.assertIsNotNone(m, r.stdout + r.stderr)
        self.assertNotRegex(r.stdout, "untranslated|fuzzy|out of date")
        self.assertGreater(int(m.group(1)), 50)

    def test_translations_keep_format_directives(self):
        r = subprocess.run(["msgfmt", "--check", "-o", os.devnull, os.path.join(SRC, "po", "vi.po")],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)


class LanguageTest(StationTest):
    def test_error_in_vietnamese_under_lang_vi(self):
        if not has_locale("vi_VN.UTF-8"):
            self.skipTest("the vi_VN.UTF-8 locale is not generated here "
                          "(scripts/test.sh generates it when run as root)")
        r = self.loa("--db", self.path("nowhere", "x.db"), "station", db=False, env=VI, expect=1)
        self.assertIn("loa: không mở được đài '%s'" % self.path("nowhere", "x.db"), r.err)
        self.assertIn("gợi ý: tạo đài bằng 'loa init'", r.err)

    def test_usage_error_in_vietnamese_under_lc_messages(self):
        if not has_locale("vi_VN.UTF-8"):
            self.skipTest("the vi_VN.UTF-8 locale is not generated here")
        env = {"LC_ALL": "", "LANGUAGE": "", "LANG": "C.UTF-8", "LC_MESSAGES": "vi_VN.UTF-8"}
        r = self.loa("init", "--tz", "Asia/Atlantis", env=env, expect=2)
        self.assertIn("múi giờ không hợp lệ: 'Asia/Atlantis'", r.err)
        self.assertIn("chạy 'loa init --help' để xem cách dùng", r.err)

    def test_language_variable_with_c_utf8(self):
        # Works even where no Vietnamese locale is generated.
        env = {"LC_ALL": "", "LANG": "C.UTF-8", "LANGUAGE": "vi"}
        r = self.loa("frobnicate", env=env, expect=2)
        self.assertIn("không có lệnh này: 'frobnicate'", r.err)
        r = self.loa("--help", env=env, db=False)
        self.assertIn("Cách dùng: loa", r.out)
        self.assertIn("tạo một đài: cơ sở dữ liệu và thư viện âm thanh", r.out)

    def test_english_otherwise(self):
        r = self.loa("frobnicate", env={"LC_ALL": "", "LANGUAGE": "", "LANG": "C.UTF-8"}, expect=2)
        self.assertIn("unknown command: 'frobnicate'", r.err)
        self.assertIn("hint: ", r.err)

    def test_config_errors_in_vietnamese(self):
        p = self.path("loa.conf")
        with open(p, "w") as f:
            f.write("[output]\ndevise = hw:0\n")
        r = self.loa("--config", p, "config", env={"LC_ALL": "", "LANG": "C.UTF-8", "LANGUAGE": "vi"},
                     expect=1)
        self.assertIn("%s:2: không có khóa 'devise' trong mục [output]" % p, r.err)
        self.assertIn("gợi ý: các khóa của mục [output] là: device", r.err)

    def test_vietnamese_table_dates_dd_mm_yyyy_24h(self):
        env = {"LC_ALL": "", "LANG": "C.UTF-8", "LANGUAGE": "vi"}
        r = self.loa("station", "--format", "table", env=env)
        self.assertRegex(r.out, r"ngày tạo: +\d\d/\d\d/\d{4} \d\d:\d\d\n")
        # JSON stays ISO 8601 for programs, whatever the language.
        j = self.loa("station", "--format", "json", env=env).json()
        self.assertRegex(j["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
        r = self.loa("station", "--format", "table", env={"LC_ALL": "", "LANGUAGE": "", "LANG": "C.UTF-8"})
        self.assertRegex(r.out, r"created: +\d{4}-\d\d-\d\d \d\d:\d\d\n")

    def test_numbers_stay_with_a_point(self):
        # The Vietnamese locale writes 1,5; CSV and JSON must not.
        if not has_locale("vi_VN.UTF-8"):
            self.skipTest("the vi_VN.UTF-8 locale is not generated here")
        j = self.loa("station", "--format", "json", env=VI).json()
        self.assertEqual(j["target_lufs"], -16.0)


if __name__ == "__main__":
    main()
