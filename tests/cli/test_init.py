"""loa init, global options, exit codes and the store's refusals."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import StationTest, main  # noqa: E402


class InitTest(StationTest):
    create_station = False

    def test_init_creates_database_and_library(self):
        r = self.loa("init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài xã Đức Hòa")
        self.assertIn("Asia/Ho_Chi_Minh", r.out)
        self.assertTrue(os.path.isfile(self.db))
        self.assertTrue(os.path.isdir(self.path("station", "clips")))
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        self.assertEqual(con.execute("PRAGMA application_id").fetchone()[0], 0x6C6F6121)
        self.assertGreaterEqual(con.execute("PRAGMA user_version").fetchone()[0], 1)
        name, tz, lufs = con.execute("SELECT name, tz, target_lufs FROM station").fetchone()
        self.assertEqual((name, tz, lufs), ("Đài xã Đức Hòa", "Asia/Ho_Chi_Minh", -16.0))

    def test_zone_is_stored_not_reread(self):
        self.loa("init", "--tz", "Asia/Ho_Chi_Minh")
        # A different TZ in the environment must not change the station.
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT tz FROM station").fetchone()[0], "Asia/Ho_Chi_Minh")

    def test_target_lufs_option(self):
        self.loa("init", "--target-lufs", "-23")
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT target_lufs FROM station").fetchone()[0], -23.0)

    def test_unknown_zone_is_usage_error(self):
        r = self.loa("init", "--tz", "Asia/Atlantis", expect=2)
        self.assertIn("Asia/Atlantis", r.err)
        self.assertFalse(os.path.exists(self.db))

    def test_bad_lufs_is_usage_error(self):
        r = self.loa("init", "--target-lufs", "loud", expect=2)
        self.assertIn("'loud'", r.err)

    def test_init_twice_refused_and_keeps_station(self):
        self.loa("init", "--name", "first")
        r = self.loa("init", "--name", "second", expect=1)
        self.assertIn("already exists", r.err)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT name FROM station").fetchone()[0], "first")

    def test_missing_station_says_what_to_do(self):
        r = self.loa("station", expect=1)
        self.assertIn(self.db, r.err)
        self.assertIn("loa init", r.err)

    def test_not_a_station(self):
        os.makedirs(self.path("station"))
        with open(self.db, "wb") as f:
            f.write(os.urandom(4096))
        before = open(self.db, "rb").read()
        r = self.loa("init", expect=1)
        self.assertIn("already exists", r.err)
        r = self.loa("station", expect=1)
        self.assertIn("not a loa station", r.err)
        self.assertEqual(open(self.db, "rb").read(), before)

    def test_other_programs_database_refused(self):
        os.makedirs(self.path("station"))
        con = sqlite3.connect(self.db)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
        before = open(self.db, "rb").read()
        r = self.loa("station", expect=1)
        self.assertIn("not a loa station", r.err)
        self.assertEqual(open(self.db, "rb").read(), before)

    def test_station_show(self):
        self.loa("init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài xã")
        j = self.loa("station", "--format", "json").json()
        self.assertEqual(j["name"], "Đài xã")
        self.assertEqual(j["tz"], "Asia/Ho_Chi_Minh")
        self.assertEqual(j["target_lufs"], -16.0)

    def test_newer_schema_refused(self):
        self.loa("init")
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA user_version = 9999")
        con.commit()
        con.close()
        r = self.loa("station", expect=1)
        self.assertIn("newer loa", r.err)


    def test_station_name_and_zone_can_be_changed(self):
        self.loa("init", "--tz", "UTC")
        r = self.loa("station", "--name", "Đài truyền thanh xã Đức Hòa", "--tz", "Asia/Ho_Chi_Minh",
                     "--format", "json")
        self.assertIn("time zone is now Asia/Ho_Chi_Minh (was UTC)", r.err)
        j = self.loa("station", "--format", "json").json()
        self.assertEqual((j["name"], j["tz"]), ("Đài truyền thanh xã Đức Hòa", "Asia/Ho_Chi_Minh"))
        r = self.loa("station", "--tz", "Asia/Atlantis", expect=2)
        self.assertIn("Asia/Atlantis", r.err)
        self.assertEqual(self.loa("station", "--format", "json").json()["tz"], "Asia/Ho_Chi_Minh")


class GlobalTest(StationTest):
    create_station = False

    def test_version(self):
        r = self.loa("--version", db=False)
        self.assertRegex(r.out, r"^loa \d+\.\d+\.\d+\n$")

    def test_help_lists_commands(self):
        r = self.loa("--help", db=False)
        self.assertIn("init", r.out)

    def test_no_command_is_usage(self):
        self.loa(db=False, expect=2)

    def test_unknown_command_is_usage(self):
        r = self.loa("frobnicate", expect=2)
        self.assertIn("unknown command: 'frobnicate'", r.err)
        self.assertIn("hint:", r.err)

    def test_unknown_global_option_is_usage(self):
        r = self.loa("--frob", db=False, expect=2)
        self.assertIn("--frob", r.err)

    def test_loa_db_environment(self):
        self.loa("init", db=False, env={"LOA_DB": self.db})
        self.assertTrue(os.path.isfile(self.db))


if __name__ == "__main__":
    main()
