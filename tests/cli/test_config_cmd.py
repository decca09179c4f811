"""loa config and the configuration file: --config, LOA_CONFIG, the shipped
default (packaging/loa.conf), mistakes reported with file and line, the
station check."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, StationTest, main  # noqa: E402


class ConfigTest(StationTest):
    def conf(self, text, name="loa.conf"):
        p = self.path(name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def settings(self, *args, **kw):
        r = self.loa(*args, "config", "--format", "json", **kw)
        return {row["setting"]: row for row in r.json()}

    def test_shipped_default_file_is_valid_and_all_defaults(self):
        shipped = os.path.join(SRC, "packaging", "loa.conf")
        s = self.settings("--config", shipped)
        self.assertEqual(s["playout.max_lateness"]["value"], "300 s")
        self.assertEqual(s["hooks.lead"]["value"], "5 s")
        self.assertEqual(s["hooks.gap"]["value"], "120 s")
        self.assertEqual(s["hooks.timeout"]["value"], "10 s")
        for key in ("output.device", "playout.max_lateness", "hooks.on_air", "hooks.lead"):
            self.assertEqual(s[key]["source"], "default")
        self.assertEqual(s["station.name"]["value"], "Đài xã Thử Nghiệm")
        self.assertEqual(s["station.zone"]["source"], self.db)

    def test_shipped_file_uncommented_is_valid(self):
        # Every example of the shipped file, un-commented, must load as
        # written (apart from the relay program, which is not installed here).
        text = open(os.path.join(SRC, "packaging", "loa.conf"), encoding="utf-8").read()
        lines = []
        for line in text.splitlines():
            if line.startswith(";") and "=" in line and " " not in line.split("=")[0].strip(";").strip():
                line = line[1:].replace("/usr/local/bin/amp-relay", "/bin/echo")
            lines.append(line)
        p = self.conf("\n".join(lines) + "\n")
        s = self.settings("--config", p)
        self.assertEqual(s["hooks.on_air"]["value"], "/bin/echo on")
        self.assertEqual(s["playout.max_lateness"]["source"], p + ":37")

    def test_values_and_sources(self):
        p = self.conf("[output]\ndevice = system\n[playout]\nmax_lateness = 90s\n"
                      "[hooks]\non_air = /bin/true\nlead = 5\n")
        s = self.settings("--config", p)
        self.assertEqual(s["output.device"]["value"], "system")
        self.assertEqual(s["output.device"]["source"], p + ":2")
        self.assertEqual(s["playout.max_lateness"]["value"], "90 s")
        self.assertEqual(s["hooks.on_air"]["value"], "/bin/true")
        self.assertEqual(s["hooks.lead"]["value"], "5 s")
        self.assertEqual(s["hooks.off_air"]["source"], "default")

    def test_loa_config_environment(self):
        p = self.conf("[output]\ndevice = from-env\n")
        s = self.settings(env={"LOA_CONFIG": p})
        self.assertEqual(s["output.device"]["value"], "from-env")
        # --config wins over LOA_CONFIG.
        q = self.conf("[output]\ndevice = from-option\n", "other.conf")
        s = self.settings("--config", q, env={"LOA_CONFIG": p})
        self.assertEqual(s["output.device"]["value"], "from-option")

    def test_missing_explicit_file_is_error(self):
        r = self.loa("--config", self.path("nope.conf"), "config", expect=1)
        self.assertIn("cannot read the configuration file", r.err)
        self.assertIn(self.path("nope.conf"), r.err)
        self.assertIn("hint:", r.err)
        r = self.loa("config", env={"LOA_CONFIG": self.path("nope.conf")}, expect=1)
        self.assertIn(self.path("nope.conf"), r.err)

    def test_every_mistake_reported_with_line(self):
        p = self.conf("[output]\n"             # 1
                      "devise = hw:0\n"         # 2 unknown key
                      "[playout]\n"             # 3
                      "max_lateness = soon\n"   # 4 bad value
                      "[hooks]\n"               # 5
                      "lead = 5\n"              # 6
                      "lead = 6\n"              # 7 twice
                      "on_air = /nonexistent/relay on\n"  # 8 no program
                      "[sound]\n"               # 9
                      "volume = 3\n"            # 10 unknown section
                      "just words\n"            # 11 not key = value
                      "[station]\n"             # 12
                      "zone = Asia/Atlantis\n"  # 13 unknown zone
                      "target_lufs = 5\n")      # 14 out of range
        r = self.loa("--config", p, "config", expect=1)
        for line, what in [(2, "unknown key 'devise' in section [output]"),
                           (4, "'max_lateness' must be a duration"),
                           (7, "'lead' is given twice in [hooks] (first on line 6)"),
                           (8, "the program of 'on_air' is not found or not executable: "
                               "'/nonexistent/relay'"),
                           (10, "unknown section [sound]"),
                           (11, "not a 'key = value' line or a [section]: 'just words'"),
                           (13, "unknown time zone: 'Asia/Atlantis'"),
                           (14, "the target loudness must be a number of LUFS from -70 to 0: '5'")]:
            self.assertIn("loa: %s:%d: %s" % (p, line, what), r.err)
        self.assertIn("hint: the keys of [output] are: device", r.err)
        self.assertEqual(r.out, "")

    def test_not_utf8_and_long_line(self):
        p = self.path("latin1.conf")
        with open(p, "wb") as f:
            f.write(b"[station]\nname = \xd0\xe0i x\xe3\n")
        r = self.loa("--config", p, "config", expect=1)
        self.assertIn("%s:2: the line is not UTF-8 text" % p, r.err)
        p = self.conf("[output]\ndevice = " + "x" * 300 + "\n")
        r = self.loa("--config", p, "config", expect=1)
        self.assertIn("%s:2: the line is longer than" % p, r.err)

    def test_station_mismatch_warns_database_wins(self):
        p = self.conf("[station]\nname = Đài xã Khác\nzone = Asia/Bangkok\ntarget_lufs = -16\n")
        r = self.loa("--config", p, "config", "--format", "csv")
        self.assertIn("[station] name is 'Đài xã Khác' but the station's database says "
                      "'Đài xã Thử Nghiệm'; the database is used", r.err)
        self.assertIn("[station] zone is 'Asia/Bangkok'", r.err)
        self.assertNotIn("target_lufs is", r.err)
        rows = {row["setting"]: row["value"] for row in r.csv()}
        self.assertEqual(rows["station.zone"], "Asia/Ho_Chi_Minh")

    def test_without_station(self):
        os.remove(self.db)
        p = self.conf("[output]\ndevice = x\n")
        s = self.settings("--config", p)
        self.assertNotIn("station.name", s)

    def test_help(self):
        r = self.loa("config", "--help")
        self.assertIn("Example:", r.out)

    def test_unexpected_argument(self):
        r = self.loa("config", "extra", expect=2)
        self.assertIn("'extra'", r.err)


if __name__ == "__main__":
    main()
