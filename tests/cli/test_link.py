"""The link to the hub, end to end: a real Mosquitto broker with one account
per station and the ACL of doc/link.md, a real PostgreSQL cluster, the real
`loa link` on a real station whose airing log the store's own writers filled
(tests/tools/airlog_fill), and the real `loa-hub`. Both servers run on free
loopback ports in temporary folders and are stopped by their PIDs.

What is proved: every row reaches PostgreSQL once, and its hash recomputes
there (in Python, from the columns PostgreSQL holds) and chains; the
station's mark moves only on the hub's acknowledgement (the hub killed:
rows stay unacknowledged; restarted: every row arrives, none twice); a
week's backlog with the broker away goes up in order when it is back; a row
changed on the station's disk is refused by the hub, recorded there, and
shown by `loa link --check` and `loa station`; a station cannot publish
under another station's topic (the broker's ACL drops it); `loa link` idle
does not wake up.
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from hubtest import FILL, MISSING, HubTest, wait_for  # noqa: E402


@unittest.skipIf(MISSING, "the link test needs: %s" % ", ".join(MISSING))
class LinkTest(HubTest):
    # ---- the tests ----

    def test_rows_reach_postgres_once_with_hashes_that_verify(self):
        self.generate(1500, "2026-07-01T06:00:00+07:00")
        self.broker.start()
        self.start_hub()
        t0 = time.time()
        link = self.start_link()
        wait_for("the hub's acknowledgement of 1500 rows", lambda: self.mark()[0] == 1500)
        elapsed = time.time() - t0
        print("\n1500 rows (4,000+ items) sent, stored and acknowledged in %.2f s: %.0f rows/s"
              % (elapsed, 1500 / elapsed), file=sys.stderr)
        self.assert_hub_holds_the_station(1500)
        j = self.check()
        self.assertEqual((j["reachable"], j["hub_through"], j["acknowledged"], j["unsent"]), (True, 1500, 1500, 0))
        self.assertEqual(j["sent_to_hub"], "2026-09-01T17:00:00+07:00")  # row 1500's airing: 1499 h on
        st = self.loa("station", "--format", "json").json()
        self.assertEqual(st["sent_to_hub"], "2026-09-01T17:00:00+07:00")
        self.assertEqual(st["hub_problem"], "")
        # Idle, the link sleeps: no wake-up in 3 s (its keep-alive is 2 minutes).
        def switches():
            with open("/proc/%d/status" % link.pid) as f:
                return sum(int(line.split()[1]) for line in f if "ctxt_switches" in line)
        before = switches()
        time.sleep(3)
        self.assertLessEqual(switches() - before, 1)
        # A new airing wakes it at once (inotify), and goes up.
        self.generate(1, "2026-09-02T06:00:00+07:00")
        wait_for("row 1501 acknowledged", lambda: self.mark()[0] == 1501, 5)
        self.assertEqual(self.hub_count(), 1501)
        # Text the hub's COPY must escape (a backslash, quotes) and nulls
        # where text was expected, through to a hash that recomputes.
        line = "\t".join(["record", "failed", "thiết bị lỗi: C:\\loa\\n \"x\"", "2026-09-02T07:00:00+07:00",
                          "3", "normal", "5", "", 'Bản tin "đặc biệt" \\N', "Y tế", "", "", "device_error"])
        p = subprocess.run([FILL, self.db, "script"], input=line + "\n", capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        wait_for("row 1502 acknowledged", lambda: self.mark()[0] == 1502, 5)
        self.assert_hub_holds_the_station(1502)
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT title || '|' || reason FROM airing WHERE seq = 1502"),
                         'Bản tin "đặc biệt" \\N|thiết bị lỗi: C:\\loa\\n "x"')
        # Its status, as the hub keeps it; and its last will when it vanishes.
        status = json.loads(self.pg.sql(self.hubdb, "SELECT status FROM station WHERE id = 's1'"))
        self.assertEqual((status["online"], status["log"]["rows"], status["daemon"]["running"]), (True, 1500, False))
        self.assertEqual(status["log"]["last_status"], "completed")
        self.stop("link", signal.SIGKILL)
        wait_for("the last will", lambda: self.pg.sql(
            self.hubdb, "SELECT status->>'online' FROM station WHERE id = 's1'") == "false", 10)

    def test_mark_moves_only_on_the_hubs_acknowledgement(self):
        self.generate(300, "2026-07-01T06:00:00+07:00")
        self.broker.start()
        self.start_hub()
        self.start_link()
        wait_for("300 rows acknowledged", lambda: self.mark()[0] == 300)
        self.stop("hub", signal.SIGKILL)
        self.generate(400, "2026-08-01T06:00:00+07:00")
        time.sleep(2)  # the link sends; nobody stores, nobody answers
        self.assertEqual(self.mark()[0], 300)
        self.assertEqual(self.hub_count(), 300)
        self.assertEqual(self.check()["unsent"], 400)
        self.start_hub()
        wait_for("700 rows acknowledged", lambda: self.mark()[0] == 700)
        self.assert_hub_holds_the_station(700)
        self.assertEqual(self.stop("hub"), 0)
        # What arrived while it was down was stored once: the restarted hub
        # stored exactly the 400 new rows.
        self.assertIn("400 rows stored", self.output("hub"))
        # A clean stop says goodbye itself (no will is published then).
        self.start_hub()
        self.assertEqual(self.stop("link"), 0)
        wait_for("the station offline", lambda: self.pg.sql(
            self.hubdb, "SELECT status->>'online' FROM station WHERE id = 's1'") == "false", 10)

    def test_two_stations_through_a_broker_restart(self):
        """Two stations send at once; the broker is stopped and started again
        (its persistence on) while their rows are on the way: each chain
        arrives whole, once, under its own station."""
        other = self.path("s2", "station.db")
        self.loa("--db", other, "init", "--tz", "Asia/Ho_Chi_Minh", "--name", "Đài xã Hai", db=False)
        self.generate(3000, "2026-07-01T06:00:00+07:00", step_s=600)
        self.generate(2000, "2026-07-01T06:05:00+07:00", step_s=900, db=other)
        self.broker.start()
        self.start_hub()
        self.start_link()
        self.start_link(station="s2", db=other, name="link2")
        wait_for("some rows acknowledged", lambda: self.mark()[0] > 0 or self.mark(other)[0] > 0)
        self.broker.stop()
        time.sleep(0.5)
        self.broker.start()
        wait_for("both logs acknowledged", lambda: self.mark()[0] == 3000 and self.mark(other)[0] == 2000, 30)
        self.assert_hub_holds_the_station(3000)
        self.assert_hub_holds_the_station(2000, "s2", other)
        self.assertIn("connection to the hub's broker was lost", self.output("link"))
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT id, head_seq FROM station ORDER BY id").split(),
                         ["s1|3000", "s2|2000"])

    def test_a_week_offline_then_everything_in_order(self):
        self.generate(50, "2026-07-01T06:00:00+07:00")
        # The hub's broker has known the hub before (its persistent session is
        # on the broker's disk): what the station sends as soon as the broker
        # is back waits there for the hub, whichever reconnects first.
        self.broker.start()
        self.start_hub()
        self.stop("hub")
        self.broker.stop()
        self.start_link()  # no broker: the link waits and tries again
        r = self.loa("link", "--check", *self.link_args(), expect=1, env={"LOA_LINK_PASSWORD": "s1-pw"})
        self.assertIn("NOT reachable", r.out)
        # A week of airings every 5 minutes while the broker is away.
        self.generate(7 * 24 * 12, "2026-07-04T00:00:00+07:00", step_s=300, items=2)
        time.sleep(1)
        self.assertEqual(self.mark()[0], 0)
        self.broker.start()
        self.start_hub()
        n = 50 + 7 * 24 * 12
        wait_for("the week's backlog acknowledged", lambda: self.mark()[0] == n, 30)
        self.assert_hub_holds_the_station(n)
        # In order: each row was received no earlier than the one before.
        got = [int(x) for x in self.pg.sql(self.hubdb, "SELECT received_ms FROM airing ORDER BY seq").split()]
        self.assertEqual(got, sorted(got))
        self.assertIn("cannot reach the hub's broker", self.output("link"))

    def test_a_tampered_row_is_refused_and_flagged(self):
        self.generate(100, "2026-07-01T06:00:00+07:00")
        con = sqlite3.connect(self.db)
        con.execute("DROP TRIGGER airing_no_update")
        con.execute("UPDATE airing SET title = 'Bản tin đã sửa' WHERE seq = 40")
        con.commit()
        con.close()
        self.broker.start()
        self.start_hub()
        self.start_link()
        wait_for("the hub's refusal", lambda: self.mark()[1] == 40)
        self.assertEqual(self.mark()[0], 39)
        self.assertEqual(self.hub_count(), 39)
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT head_seq, problem_seq FROM station"), "39|40")
        self.assertIn("does not match its hash", self.pg.sql(self.hubdb, "SELECT problem FROM station"))
        ack = json.loads(self.broker.retained("loa/s1/ack", "s1"))
        self.assertEqual((ack["through"], ack["resend_from"], ack["code"]), (39, 40, "row_changed"))
        j = self.check(expect=1)
        self.assertEqual((j["problem_seq"], j["problem_code"], j["acknowledged"]), (40, "row_changed", 39))
        self.assertIn("changed after it was written", j["problem"])
        st = self.loa("station", "--format", "json").json()
        self.assertEqual(st["hub_problem"], "row 40: it was changed after it was written (its hash does not match)")
        r = self.loa("station", "--format", "table", env={"LANG": "vi_VN.UTF-8", "LC_ALL": "vi_VN.UTF-8"})
        self.assertIn("đã gửi lên tỉnh đến", r.out)
        self.assertIn("bị cấp trên từ chối", r.out)
        self.assertIn("dòng 40: đã bị sửa sau khi ghi", r.out)
        time.sleep(1)  # held: the link does not send the refused row again and again
        self.assertEqual(int(self.pg.sql(self.hubdb, "SELECT count(*) FROM airing")), 39)
        self.assertEqual(self.output("hub").count("station s1: row 40"), 1)

    def test_all_is_no_station_id(self):
        # loa/all/ carries the bulletins to every station: a station "all"
        # would take them as its own, and could never be sent one alone.
        for station in ("all", "s1/x", "+"):
            r = self.loa("link", "--check", "--broker", "mqtt://127.0.0.1:1", "--station", station, expect=2)
            self.assertIn("station id", r.err)
        r = self.loa("link", "--check", "--broker", "mqtt://127.0.0.1:1", "--station", "all", expect=2)
        self.assertIn("'all' cannot be", r.err)

    def test_a_station_cannot_publish_under_another_stations_topic(self):
        self.generate(20, "2026-07-01T06:00:00+07:00")
        self.broker.start()
        self.start_hub()
        # s2's account, s1's topics: the broker drops every message.
        self.start_link(station="s1", user="s2")
        time.sleep(2)
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT count(*) FROM station"), "0")
        self.assertEqual(self.mark()[0], 0)
        with open(os.path.join(self.broker.dir, "mosquitto.log")) as f:
            self.assertIn("Denied PUBLISH from loa-station-s1", f.read())
        self.stop("link")
        # A wrong password: refused, said once, tried again with a growing pause.
        self.start("link", ["env", "LOA_LINK_PASSWORD=wrong", os.environ.get("LOA_BIN", "loa"), "--db", self.db,
                            "link"] + self.link_args())
        r = self.loa("link", "--check", *self.link_args(), expect=1, env={"LOA_LINK_PASSWORD": "wrong"})
        self.assertIn("NOT reachable", r.out)
        self.assertIn("not authorised", r.out)
        time.sleep(3)
        self.assertEqual(self.output("link").count("refused this station"), 1)
        self.assertLessEqual(self.output("link").count("connection to the hub's broker was lost"), 0)
        self.stop("link")
        # The same link with s1's own account: everything arrives.
        self.start_link(station="s1", user="s1")
        wait_for("20 rows acknowledged", lambda: self.mark()[0] == 20)
        self.assertEqual(self.hub_count(), 20)


if __name__ == "__main__":
    main()
