"""The console's chain verdict from its verified-through mark (src/web/chain.c,
issue 20): after a first full pass, /api/v1/log/verify re-hashes only the
programmes closed since and the last AIRLOG_MARK_TAIL (64) before the mark,
so a change to those is seen by the very next verdict; a change to an older
row is seen by the next full pass, which the console runs on a timer
(LOA_WEB_CHAIN_FULL_S, a test's knob: one second here instead of ten
minutes). The log is tampered with the sqlite3 command-line tool while the
console runs, as a tamperer would.

And the whole log as CSV (src/web/log_csv.c), sent from a copy of its
closed rows the console keeps beside the station's file: each download
must be what `loa log --format csv` prints, whatever was appended,
inserted or changed since, and across a restart."""
import http.client
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, main  # noqa: E402
from webtest import FILL, WebTest, start_console  # noqa: E402

TAIL = 64  # AIRLOG_MARK_TAIL


class ChainTest(WebTest):
    """A log of 240 programmes (more than the tail)."""

    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        subprocess.run([FILL, t.db, "generate", "200", "2024-02-01T00:00:00+07:00", "600", "4", "3"], check=True,
                       capture_output=True)

    def sql(self, statements):
        """Runs SQL with the sqlite3 command-line tool, as a tamperer would."""
        r = subprocess.run(["sqlite3", self.db], input=statements, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def change(self, seq):
        """Changes one byte of the title of the row at chain position seq,
        its guard dropped; its id."""
        rid = int(self.sql("SELECT id FROM airing WHERE seq = %d;" % seq))
        self.sql("DROP TRIGGER IF EXISTS airing_no_update;"
                 " UPDATE airing SET title = title || '.' WHERE id = %d;" % rid)
        return rid

    def closed_items(self):
        return int(self.sql("SELECT count(*) FROM airing_item"
                            " WHERE airing_id IN (SELECT id FROM airing WHERE seq IS NOT NULL);"))

    def script(self, lines):
        """airlog_fill's commands, each committed on its own (as the
        daemon writes); what it printed."""
        r = subprocess.run([FILL, self.db, "script"], input="".join("\t".join(f) + "\n" for f in lines),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def kept(self):
        """The path of the console's copy of the log as CSV."""
        return os.path.join(os.path.dirname(self.db), "airing-log.csv.kept")

    def kept_head(self):
        """What the copy's head says it holds."""
        with open(self.kept(), "rb") as f:
            return dict(line.split(" ", 1) for line in f.read(512).decode().split("\n")[1:] if " " in line.strip())

    def same_csv(self, c):
        """The whole log as CSV from the console is the command line's."""
        r = c.get("/api/v1/log?format=csv")
        self.assertEqual(r.status, 200, r)
        cli = subprocess.run([LOA, "--db", self.db, "log", "--format", "csv"], capture_output=True,
                             check=True, env=self.env).stdout
        self.assertEqual(r.body.decode(), cli.decode())
        return r.body

    def verdict(self, c):
        r = c.get("/api/v1/log/verify")
        self.assertEqual(r.status, 200, r)
        return r.json()


class FromMarkTest(ChainTest):
    """The timer at its default (ten minutes): no full pass comes on its
    own while the test runs."""

    def test_new_rows_are_covered_and_new_changes_seen_at_once(self):
        c = self.client()
        first = self.verdict(c)
        self.assertTrue(first["intact"], first)
        self.assertTrue(first["full"])  # the first verdict walks the whole chain
        self.assertEqual(first["rows"], 240)
        self.assertEqual(first["rehashed"], 240)
        self.assertEqual(first["items"], self.closed_items())
        self.assertEqual(first["full_every"], 600)
        self.assertEqual(set(first), {"intact", "rows", "items", "open", "head", "full", "rehashed", "full_at",
                                      "full_every", "problem", "bad_id"})
        again = self.verdict(c)
        self.assertFalse(again["full"])
        self.assertEqual(again["rehashed"], TAIL)
        self.assertEqual({k: again[k] for k in ("intact", "rows", "items", "head", "full_at")},
                         {k: first[k] for k in ("intact", "rows", "items", "head", "full_at")})
        # Programmes aired since (written through airlog.h, as the daemon
        # writes them): covered without a full pass.
        subprocess.run([FILL, self.db, "generate", "5", "2024-03-05T00:00:00+07:00", "600", "9", "3"], check=True,
                       capture_output=True)
        more = self.verdict(c)
        self.assertTrue(more["intact"], more)
        self.assertFalse(more["full"])
        self.assertEqual(more["rehashed"], TAIL + 5)
        self.assertEqual(more["rows"], 245)
        self.assertEqual(more["items"], self.closed_items())
        self.assertGreater(more["items"], first["items"])
        self.assertNotEqual(more["head"], first["head"])
        self.assertIn(more["head"], self.cli("log", "verify").out)
        # An old row changed: not seen from the mark (the limit the answer
        # states: full_at and full_every)...
        old = self.change(3)
        late = self.verdict(c)
        self.assertTrue(late["intact"], late)
        self.assertFalse(late["full"])
        # ...while the command line's full pass names it.
        self.assertIn("row %d " % old, self.run_loa("log", "verify").out + self.run_loa("log", "verify").err)
        self.sql("UPDATE airing SET title = substr(title, 1, length(title) - 1) WHERE id = %d;" % old)
        self.assertFalse(self.verdict(c)["full"])
        # One of the newest rows changed: the very next verdict is a full
        # pass and names it.
        new = self.change(245 - 10)
        bad = self.verdict(c)
        self.assertFalse(bad["intact"], bad)
        self.assertTrue(bad["full"])
        self.assertEqual(bad["bad_id"], new)
        self.assertIn("row %d " % new, bad["problem"])

    def test_the_report_rests_on_the_mark_with_the_command_lines_figures(self):
        c = self.client()
        self.verdict(c)
        r = c.get("/api/v1/report?quarter=1/2024")
        self.assertEqual(r.status, 200, r)
        web = r.json()
        cli = self.cli("report", "--quarter", "1/2024", "--format", "json").json()
        for d in (web, cli):
            d.pop("generated", None)
        self.assertEqual(web, cli)

    def same_report(self, c, period="quarter=1/2024"):
        """The console's report of the period equals loa report's; its
        figures."""
        key, value = period.split("=")
        r = c.get("/api/v1/report?" + period)
        self.assertEqual(r.status, 200, r)
        web, cli = r.json(), self.cli("report", "--" + key, value, "--format", "json").json()
        for d in (web, cli):
            d.pop("generated", None)
        self.assertEqual(web, cli)
        return web

    def test_the_kept_tally_follows_the_log_the_topics_and_the_schedule(self):
        # The console keeps the period's tally between reports (report.c)
        # and folds only what was written since: each step changes what
        # the report says, and each report must still be the command
        # line's, figure for figure.
        c = self.client()
        first = self.same_report(c)
        self.assertEqual(self.same_report(c), first)
        # New programmes in the period, written as the daemon writes them.
        subprocess.run([FILL, self.db, "generate", "7", "2024-03-20T00:00:00+07:00", "600", "11", "3"], check=True,
                       capture_output=True)
        more = self.same_report(c)
        self.assertGreater(more["totals"]["programmes"] + more["totals"]["not_aired"],
                           first["totals"]["programmes"] + first["totals"]["not_aired"])
        # A programme on air in the period (not counted until it closes),
        # then one after it that closed, then the first one closing.
        row = int(self.script([["begin", "2024-03-21T08:00:00+07:00", "2024-03-21T08:00:00+07:00", "0", "1",
                                "normal", str(self.t.clips[1]), "", "Bản tin trưa", "Y tế", "", "test"]]).split()[1])
        on_air = self.same_report(c)
        self.assertEqual(on_air["totals"], more["totals"])
        self.script([["record", "completed", "", "2024-03-21T09:00:00+07:00", "1", "normal", str(self.t.clips[1]),
                      "", "Bản tin chiều", "Giáo dục", "", "test"]])
        after = self.same_report(c)
        self.script([["end", str(row), "completed", "2024-03-21T08:00:02+07:00", "2", ""]])
        closed = self.same_report(c)
        self.assertNotEqual(closed["totals"], after["totals"])
        # The topic list changed: a word the log used becomes another
        # topic's name for it.
        self.loa("topic", "alias", "y tế", "Giáo dục")
        aliased = self.same_report(c)
        self.assertNotEqual(aliased["by_topic"], closed["by_topic"])
        # The schedule changed: a slot added in the period, and its airing
        # logged.
        self.loa("slot", "add", "--clip", str(self.t.clips[1]), "--at", "10h", "--from", "2024-03-25", "--until",
                 "2024-03-26")
        planned = self.same_report(c)
        self.assertGreater(planned["plan"]["planned"], aliased["plan"]["planned"])
        slot = self.cli("slot", "list", "--format", "json").json()[-1]["id"]
        self.script([["record", "completed", "", "2024-03-25T10:00:00+07:00", str(slot), "normal",
                      str(self.t.clips[1]), "", "Tin mới", "Y tế", "", "test"]])
        logged = self.same_report(c)
        self.assertEqual(logged["plan"]["logged"], planned["plan"]["logged"] + 1)
        # Another period between, then this one again.
        self.same_report(c, "half=2024H1")
        self.same_report(c)


class TimerTest(ChainTest):
    """The full pass every second."""

    @classmethod
    def setUpClass(cls):
        os.environ["LOA_WEB_CHAIN_FULL_S"] = "1"
        try:
            super().setUpClass()
        finally:
            del os.environ["LOA_WEB_CHAIN_FULL_S"]

    def test_an_old_row_changed_is_seen_by_the_next_full_pass(self):
        c = self.client()
        v = self.verdict(c)
        self.assertTrue(v["intact"], v)
        self.assertEqual(v["full_every"], 1)
        old = self.change(2)
        # Wait for the timer's pass (no verdict of ours re-hashes row 2: it
        # is far behind the mark's tail), then the verdict names the row.
        end = time.monotonic() + 60
        while v["intact"] and time.monotonic() < end:
            time.sleep(0.2)
            v = self.verdict(c)
        self.assertFalse(v["intact"], v)
        self.assertTrue(v["full"])
        self.assertEqual(v["bad_id"], old)
        self.assertIn("row %d " % old, v["problem"])


class KeptCsvTest(ChainTest):
    """The log as CSV from the kept copy; the timer at its default."""

    def test_rows_appended_on_air_and_inserted_late(self):
        c = self.client()
        self.assertFalse(os.path.exists(self.kept()))
        first = self.same_csv(c)
        self.assertEqual(self.kept_head()["rows"], "240")
        self.assertEqual(os.path.getsize(self.kept()), 512 + len(first))
        self.assertEqual(self.same_csv(c), first)  # from the copy
        # Programmes aired since: in the next download, and kept.
        subprocess.run([FILL, self.db, "generate", "5", "2024-03-05T00:00:00+07:00", "600", "9", "3"], check=True,
                       capture_output=True)
        self.assertNotEqual(self.same_csv(c), first)
        self.assertEqual(self.kept_head()["rows"], "245")
        # One on air (it may still change: sent, never kept), one closed
        # after it, then the first one closing.
        row = int(self.script([["begin", "2024-03-06T08:00:00+07:00", "2024-03-06T08:00:00+07:00", "0", "1",
                                "normal", str(self.t.clips[1]), "", "Bản tin trưa", "Y tế", "", "test"]]).split()[1])
        self.same_csv(c)
        self.script([["record", "completed", "", "2024-03-06T09:00:00+07:00", "1", "normal", str(self.t.clips[1]),
                      "", "Bản tin chiều", "Giáo dục", "", "test"]])
        self.same_csv(c)
        self.assertEqual(self.kept_head()["rows"], "245")
        self.script([["end", str(row), "completed", "2024-03-06T08:00:02+07:00", "2", ""]])
        self.same_csv(c)
        self.assertEqual(self.kept_head()["rows"], "247")
        # A programme written now but scheduled among the oldest (a missed
        # airing recorded afterwards): the copy is written again.
        self.script([["record", "missed", "the daemon was stopped", "2024-02-01T00:05:00+07:00", "1", "normal", str(self.t.clips[1]),
                      "", "Bản tin muộn", "Y tế", "", "test"]])
        self.same_csv(c)
        self.assertEqual(self.kept_head()["rows"], "248")
        # Two downloads at once while the log grows: each is a whole log,
        # and the copy stays right.
        before = self.same_csv(c)
        a = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        a.request("GET", "/api/v1/log?format=csv", headers={"Cookie": c.cookie})
        ra = a.getresponse()
        part = ra.read(4096)
        subprocess.run([FILL, self.db, "generate", "3", "2024-03-07T00:00:00+07:00", "600", "12", "3"], check=True,
                       capture_output=True)
        after = self.same_csv(c)
        self.assertIn(part + ra.read(), (before, after))
        a.close()
        self.assertEqual(self.kept_head()["rows"], "251")
        self.assertEqual(self.same_csv(c), after)

class KeptCsvRestartTest(ChainTest):
    """The kept copy across restarts and changes."""

    def restart(self, between=None):
        """Stops the console, runs between(), starts it again."""
        cls = type(self)
        cls.proc.send_signal(signal.SIGTERM)
        cls.proc.communicate(timeout=30)
        self.assertEqual(cls.proc.returncode, 0)
        if between:
            between()
        cls.proc = start_console(["--db", self.db, "web", "--listen", "127.0.0.1:%d" % self.port], self.env,
                                 self.port)

    def test_a_changed_row_drops_the_copy_and_a_restart_keeps_only_a_valid_one(self):
        c = self.client()
        whole = self.same_csv(c)
        written = os.stat(self.kept()).st_mtime_ns
        # Restarted: the copy is used as it is.
        self.restart()
        c = self.client()
        self.same_csv(c)
        self.assertEqual(os.stat(self.kept()).st_mtime_ns, written)
        # A copy that does not say what it holds (cut short, another
        # zone), or a log changed while the console was stopped: not used.
        self.restart(lambda: os.truncate(self.kept(), os.path.getsize(self.kept()) - 7))
        c = self.client()
        self.same_csv(c)
        self.assertEqual(os.path.getsize(self.kept()), 512 + len(whole))
        with open(self.kept(), "r+b") as f:
            head = f.read(512).replace(b"zone Asia/Ho_Chi_Minh", b"zone Asia/Bangkok\n   ")
            f.seek(0)
            f.write(head)
        self.same_csv(c)
        self.assertEqual(self.kept_head()["zone"], "Asia/Ho_Chi_Minh")
        # One of the newest rows changed: the verdict sees it at once, the
        # copy is dropped and none is written while the chain is broken.
        rid = self.change(240 - 3)
        self.same_csv(c)
        self.assertFalse(os.path.exists(self.kept()))
        self.same_csv(c)
        self.assertFalse(os.path.exists(self.kept()))
        self.sql("UPDATE airing SET title = substr(title, 1, length(title) - 1) WHERE id = %d;" % rid)
        self.same_csv(c)
        self.assertFalse(os.path.exists(self.kept()))
        # Made right again: kept again once a verdict finds the chain
        # intact.
        self.assertTrue(self.verdict(c)["intact"])
        self.same_csv(c)
        self.assertTrue(os.path.exists(self.kept()))
        # An old row changed while the console was stopped.
        self.restart(lambda: self.change(2))
        c = self.client()
        self.same_csv(c)
        self.assertFalse(os.path.exists(self.kept()))


class KeptCsvTimerTest(ChainTest):
    """The log as CSV from the kept copy; the full pass every second."""

    @classmethod
    def setUpClass(cls):
        os.environ["LOA_WEB_CHAIN_FULL_S"] = "1"
        try:
            super().setUpClass()
        finally:
            del os.environ["LOA_WEB_CHAIN_FULL_S"]

    def test_an_old_row_changed_drops_the_copy_at_the_next_full_pass(self):
        c = self.client()
        kept = self.same_csv(c)
        self.assertTrue(os.path.exists(self.kept()))
        self.change(2)
        # Until the timer's pass the copy may be sent as it was (the
        # verdict's promise: an old row is checked within full_every);
        # after it, the download is the log as it is now.
        end = time.monotonic() + 60
        while self.verdict(c)["intact"] and time.monotonic() < end:
            time.sleep(0.2)
        self.assertNotEqual(self.same_csv(c), kept)
        self.assertFalse(os.path.exists(self.kept()))


if __name__ == "__main__":
    main()
