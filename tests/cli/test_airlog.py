"""The airing log: rows written through airlog.h (tests/tools/airlog_fill.c, as
the daemon writes them), loa log export, the append-only guards, loa log
verify against a tamperer using the sqlite3 command-line tool, and crash
recovery."""
import datetime
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, SRC, StationTest, main  # noqa: E402

FILL = os.path.join(os.environ.get("LOA_TEST_BIN", "."), "airlog_fill")
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def begin(sched, started, late_ms, slot, clip, title, topic, tier="normal", playlist="",
          sha=SHA, device="default", requested_by=""):
    return "\t".join(["begin", sched, started, str(late_ms), str(slot), tier, str(clip), playlist,
                      title, topic, sha, device, requested_by])


def record(status, reason, sched, slot, clip, title, topic, tier="normal", sha=SHA):
    return "\t".join(["record", status, reason, sched, str(slot), tier, str(clip), "", title,
                      topic, sha, ""])


def end(row, status, ended, played, reason="", code=""):
    return "\t".join(["end", str(row), status, ended, str(played), reason, code])


def item(row, pos, clip, title, topic, started, sha=SHA):
    return "\t".join(["item", str(row), str(pos), str(clip), title, topic, sha, started])


def itemend(row, pos, status, played, reason="", code=""):
    return "\t".join(["itemend", str(row), str(pos), status, str(played), reason, code])


def itemrec(row, pos, clip, title, topic, status, reason, code, sha=SHA):
    return "\t".join(["itemrec", str(row), str(pos), str(clip), title, topic, sha, status, reason, code])


def forge_beyond_head(db, rid, seq):
    """Appends row rid at chain position seq without moving the head, as a
    tamperer who dropped the chain triggers would."""
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER airing_chain_insert")
    con.execute("DROP TRIGGER airing_head_insert")
    prev = con.execute("SELECT hash FROM airing_head").fetchone()[0]
    con.execute("INSERT INTO airing (id, seq, scheduled_ms, closed_ms, status, slot_id, tier, title,"
                " prev_hash, hash) VALUES (?, ?, 1707530400000, 1707530400000, 'completed', 3,"
                " 'normal', 'Bịa đặt', ?, ?)", (rid, seq, prev, "0" * 64))
    con.commit()
    con.close()


class AirlogTest(StationTest):
    def fill(self, *lines, expect=0):
        p = subprocess.run([FILL, self.db, "script"], input="\n".join(lines) + "\n",
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, expect, p.stderr)
        return p.stdout

    def sql(self, statements):
        """Runs SQL with the sqlite3 command-line tool, as a tamperer would."""
        return subprocess.run(["sqlite3", self.db], input=statements, capture_output=True,
                              text=True, timeout=60)

    def sample(self):
        """Five closed rows: two completed (one late), a missed, a failed, an
        interrupted; closed out of opening order (row 1 closes last)."""
        self.fill(
            begin("2024-01-05T06:00", "2024-01-05T06:00:00", 0, 3, 7, 'Bản tin "CCHC", số 1',
                  "Cải cách hành chính"),                                  # row 1, open
            begin("2024-01-05T06:01", "2024-01-05T06:01:03", 3000, 4, 8, "Thông báo khẩn",
                  "Phòng chống thiên tai", tier="emergency",
                  requested_by="chủ.tịch"),                                # row 2, late, pressed
            end(2, "completed", "2024-01-05T06:03:03", 120),
            "progress\t1\t30.5",
            end(1, "interrupted", "2024-01-05T06:04", 180.25, "emergency announcement"),
            record("missed", "loa was not running", "2024-02-10T18:00", 3, 7,
                   'Bản tin "CCHC", số 1', "Cải cách hành chính"),          # row 3
            record("failed", "audio device not found", "2024-02-11T18:00", 5, 9, "Y tế cộng đồng",
                   "Y tế"),                                                 # row 4
            begin("2024-03-01T06:00", "2024-03-01T06:00", 0, 3, 7, 'Bản tin "CCHC", số 1',
                  "Cải cách hành chính"),                                  # row 5
            end(5, "completed", "2024-03-01T06:05", 300),
        )

    # ---- export ----

    def test_csv_columns_and_values(self):
        self.sample()
        r = self.loa("log", "--format", "csv")
        self.assertTrue(r.out.startswith("id,seq,scheduled,started,ended,played,status,"))
        rows = r.csv()
        self.assertEqual([x["id"] for x in rows], ["1", "2", "3", "4", "5"])
        one = rows[0]
        self.assertEqual(one["scheduled"], "2024-01-05T06:00:00+07:00")
        self.assertEqual(one["started"], "2024-01-05T06:00:00+07:00")
        self.assertEqual(one["ended"], "2024-01-05T06:04:00+07:00")
        self.assertEqual(one["played"], "180.3")
        self.assertEqual(one["status"], "interrupted")
        self.assertEqual(one["reason"], "emergency announcement")
        self.assertEqual(one["title"], 'Bản tin "CCHC", số 1')
        self.assertEqual(one["sha256"], SHA)
        self.assertEqual(one["seq"], "2")  # closed after row 2
        two = rows[1]
        self.assertEqual((two["late"], two["delay"], two["tier"]), ("true", "3.0", "emergency"))
        self.assertEqual(two["seq"], "1")
        # Who pressed the emergency button; nobody asked for the others.
        self.assertEqual([x["requested_by"] for x in rows], ["", "chủ.tịch", "", "", ""])
        self.assertEqual((rows[2]["status"], rows[2]["started"], rows[2]["played"]), ("missed", "", "0.0"))
        # RFC 4180: CRLF line ends, quotes doubled, UTF-8, no byte-order mark.
        raw = subprocess.run([os.environ.get("LOA_BIN", "loa"), "--db", self.db, "log", "--format", "csv"],
                             capture_output=True, check=True).stdout
        self.assertIn('"Bản tin ""CCHC"", số 1"'.encode(), raw)
        self.assertEqual(raw.count(b"\r\n"), 6)
        self.assertEqual(raw.count(b"\n"), 6)
        self.assertFalse(raw.startswith(b"\xef\xbb\xbf"))

    def test_excel_bom_and_json(self):
        self.sample()
        r = self.loa("log", "--excel")
        self.assertTrue(r.out.startswith("\ufeffid,seq,scheduled"))
        j = self.loa("log", "--format", "json").json()
        self.assertEqual(len(j), 5)
        self.assertIsNone(j[2]["started"])
        self.assertEqual(j[0]["played"], 180.3)
        self.assertIs(j[1]["late"], True)
        r = self.loa("log", "--excel", "--format", "json", expect=2)
        self.assertIn("--excel", r.err)

    def test_filters(self):
        self.sample()
        rows = self.loa("log", "--status", "missed,failed", "--format", "csv").csv()
        self.assertEqual([x["id"] for x in rows], ["3", "4"])
        rows = self.loa("log", "--status", "late", "--format", "csv").csv()
        self.assertEqual([x["id"] for x in rows], ["2"])
        rows = self.loa("log", "--from", "2024-02-01", "--to", "2024-02-10", "--format", "csv").csv()
        self.assertEqual([x["id"] for x in rows], ["3"])  # --to DATE includes that day
        rows = self.loa("log", "--from", "2024-01-05T06:00:30", "--format", "csv").csv()
        self.assertEqual([x["id"] for x in rows], ["2", "3", "4", "5"])

    def test_bad_options(self):
        r = self.loa("log", "--status", "aired", expect=2)
        self.assertIn("'aired'", r.err)
        r = self.loa("log", "--from", "2024-13-01", expect=2)
        self.assertIn("'2024-13-01'", r.err)
        r = self.loa("log", "--from", "2024-03-01", "--to", "2024-02-01", expect=2)
        self.assertIn("--to", r.err)

    def test_full_disk_is_an_error(self):
        self.sample()
        for args in (["log", "--format", "csv"], ["report", "--year", "2024", "--format", "csv"]):
            with open("/dev/full", "w") as full:
                p = subprocess.run([os.environ.get("LOA_BIN", "loa"), "--db", self.db] + args, stdout=full,
                                   stderr=subprocess.PIPE, text=True, timeout=60)
            self.assertEqual(p.returncode, 1, args)
            self.assertIn("cannot write", p.stderr)

    def test_help(self):
        for cmd in (["log"], ["log", "verify"], ["report"]):
            r = self.loa(*cmd, "--help")
            self.assertIn("Usage: loa", r.out)
            self.assertIn("Example", r.out)

    def test_empty_log(self):
        r = self.loa("log", "--format", "csv")
        self.assertEqual(r.csv(), [])
        self.assertEqual(self.loa("log", "--format", "json").json(), [])
        r = self.loa("log", "verify")
        self.assertIn("0 closed rows", r.out)

    # ---- guards and the chain ----

    def test_triggers_refuse_changes_to_closed_rows(self):
        self.sample()
        before = open(self.db, "rb").read()
        p = self.sql("UPDATE airing SET title = 'khác' WHERE id = 3;")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("append-only", p.stderr)
        p = self.sql("DELETE FROM airing WHERE id = 3;")
        self.assertIn("append-only", p.stderr)
        p = self.sql("UPDATE airing_head SET seq = 2;")
        self.assertIn("only moves forward", p.stderr)
        p = self.sql("INSERT INTO airing (scheduled_ms, status, slot_id, tier, title, seq, prev_hash, hash,"
                     " closed_ms) VALUES (0, 'completed', 1, 'normal', 'x', 99, 'a', 'b', 0);")
        self.assertIn("extend the chain", p.stderr)
        self.assertEqual(self.loa("log", "verify").rc, 0)
        del before

    def test_hash_recomputes_independently(self):
        """The canonical encoding documented in airlog_row.c, recomputed in Python."""
        self.sample()
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        prev = "0" * 64
        for row in con.execute("SELECT * FROM airing ORDER BY seq"):
            self.assertEqual(row["prev_hash"], prev)
            self.assertEqual(encode_hash(row, row["prev_hash"], con), row["hash"])
            prev = row["hash"]

    def test_verify_intact(self):
        self.sample()
        r = self.loa("log", "verify")
        self.assertIn("intact: 5 closed rows", r.out)

    def test_verify_long_open_row(self):
        """A row that stays open while 5,000 others close lands far from its id
        in the chain (beyond the fast path's reorder window): still intact."""
        self.fill(begin("2024-01-01T06:00", "2024-01-01T06:00", 0, 1, 1, "Dài", "x"))
        p = subprocess.run([FILL, self.db, "generate", "5000", "2024-01-01T06:00:01+07:00", "1", "3"],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.fill(end(1, "completed", "2024-01-01T08:00", 7200))
        self.assertIn("intact: 5001 closed rows", self.loa("log", "verify").out)
        self.assertEqual(self.loa("log", "--from", "2024-01-01T06:00", "--to", "2024-01-01T06:00:01",
                                  "--format", "json").json()[0]["seq"], 5001)
        self.sql("DROP TRIGGER airing_no_update; UPDATE airing SET title = 'khác' WHERE id = 1;")
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row 1 (seq 5001) or its items were changed", r.err)

    def test_verify_names_changed_row(self):
        self.sample()
        p = self.sql("DROP TRIGGER airing_no_update; UPDATE airing SET played_ms = 900000 WHERE id = 3;")
        self.assertEqual(p.returncode, 0, p.stderr)
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row 3 (seq 3) or its items were changed", r.err)

    def test_verify_names_erased_requester(self):
        """Who pressed the emergency button is hashed into its row: erased,
        verify names the row."""
        self.sample()
        p = self.sql("DROP TRIGGER airing_no_update; UPDATE airing SET requested_by = NULL WHERE id = 2;")
        self.assertEqual(p.returncode, 0, p.stderr)
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row 2 (seq 1) or its items were changed", r.err)

    def test_verify_names_added_requester(self):
        """An airing of the schedule given a requester afterwards is named too."""
        self.sample()
        p = self.sql("DROP TRIGGER airing_no_update; UPDATE airing SET requested_by = 'ai.do' WHERE id = 5;")
        self.assertEqual(p.returncode, 0, p.stderr)
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row 5 (seq 5) or its items were changed", r.err)

    def test_verify_names_rehashed_row(self):
        """A tamperer who knows the encoding re-hashes the row he changed: the
        link to the next row breaks, and verify names the changed row."""
        self.sample()
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        con.execute("DROP TRIGGER airing_no_update")
        row = dict(con.execute("SELECT * FROM airing WHERE id = 4").fetchone())
        row["status"] = "completed"
        row["reason"] = None
        row["reason_code"] = None
        con.execute("UPDATE airing SET status = 'completed', reason = NULL, reason_code = NULL, hash = ? WHERE id = 4",
                    (encode_hash(row, row["prev_hash"], con),))
        con.commit()
        con.close()
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row 4 was changed and re-hashed", r.err)

    def test_verify_names_removed_rows(self):
        self.sample()
        p = self.sql("DROP TRIGGER airing_no_delete; DELETE FROM airing WHERE id IN (3, 4);")
        self.assertEqual(p.returncode, 0, p.stderr)
        r = self.loa("log", "verify", expect=1)
        self.assertIn("2 row(s) removed before row 5", r.err)
        self.assertIn("seq 3 to 4", r.err)

    def test_verify_names_removed_last_row(self):
        self.sample()
        self.sql("DROP TRIGGER airing_no_delete; DELETE FROM airing WHERE id = 5;")
        r = self.loa("log", "verify", expect=1)
        self.assertIn("the last 1 row(s) were removed", r.err)

    def test_verify_names_inserted_row_in_middle(self):
        """Room is made at seq 3 by moving later rows, as a tamperer would."""
        self.sample()
        con = sqlite3.connect(self.db)
        for t in ("airing_no_update", "airing_chain_insert", "airing_head_insert"):
            con.execute("DROP TRIGGER %s" % t)
        for seq in (5, 4, 3):
            con.execute("UPDATE airing SET seq = seq + 1 WHERE seq = ?", (seq,))
        prev = con.execute("SELECT hash FROM airing WHERE seq = 2").fetchone()[0]
        con.execute("INSERT INTO airing (id, seq, scheduled_ms, started_ms, ended_ms, closed_ms, played_ms,"
                    " status, slot_id, tier, title, topic, prev_hash, hash) VALUES (42, 3, 1707530400000,"
                    " 1707530400000, 1707530700000, 1707530700000, 300000, 'completed', 3, 'normal',"
                    " 'Bịa đặt', 'Y tế', ?, ?)", (prev, "f" * 64))
        con.commit()
        con.close()
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row 42 (seq 3) was inserted", r.err)

    def test_verify_names_inserted_row_at_end(self):
        self.sample()
        forge_beyond_head(self.db, 77, 6)
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row 77 (seq 6) was inserted", r.err)

    # ---- durability ----

    def test_verify_and_report_while_the_daemon_writes(self):
        """A check that reads the chain head and then the rows in separate
        snapshots sees rows the writer closed in between as "inserted
        beyond the chain's recorded end": a false alarm while the daemon
        airs. Every verify and report must see one snapshot."""
        subprocess.run([FILL, self.db, "generate", "30000", "2024-01-01T00:00:00Z", "300", "3"],
                       check=True, timeout=120)
        writer = subprocess.Popen([FILL, self.db, "script"], stdin=subprocess.PIPE,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            def feed():
                for i in range(100000):
                    try:
                        # One airing is one (slot, nominal start): each its own minute.
                        when = (datetime.datetime(2025, 6, 1, 6) + datetime.timedelta(minutes=i)).strftime(
                            "%Y-%m-%dT%H:%M")
                        writer.stdin.write(record("missed", "loa was not running", when, 3, 7, "Bản tin",
                                                  "CCHC") + "\n")
                        writer.stdin.flush()
                    except (BrokenPipeError, ValueError):
                        return
            import threading
            t = threading.Thread(target=feed, daemon=True)
            t.start()
            for i in range(12):
                r = self.loa("log", "verify")
                self.assertEqual(r.rc, 0, r.out + r.err)
                r = self.loa("report", "--year", "2025", "--format", "json", "--lang", "en")
                self.assertEqual(r.rc, 0, r.err)
                self.assertTrue(r.json()["chain"]["intact"], r.out)
        finally:
            writer.stdin.close()
            writer.kill()
            writer.wait()
        self.assertEqual(self.loa("log", "verify").rc, 0)

    def test_recover_after_kill(self):
        """The writer dies mid-airing (SIGKILL: no chance to clean up); the
        next start closes the row as interrupted with the last played seconds."""
        p = subprocess.Popen([FILL, self.db, "script"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
        p.stdin.write(begin("2024-01-05T06:00", "2024-01-05T06:00:00", 0, 3, 7, "Bản tin", "CCHC") + "\n")
        p.stdin.write("progress\t1\t12.0\nprogress\t1\t14.5\nhang\n")
        p.stdin.flush()
        out = [p.stdout.readline() for _ in range(4)]
        self.assertEqual(out[-1], "hanging\n")
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        rows = self.loa("log", "--format", "csv").csv()
        self.assertEqual(rows[0]["status"], "playing")
        self.assertEqual(rows[0]["played"], "14.5")
        self.assertIn("1 row(s) still playing", self.loa("log", "verify").out)
        out = self.fill("recover\t2024-01-05T07:00")
        self.assertEqual(out, "recovered 1\n")
        row = self.loa("log", "--format", "csv").csv()[0]
        self.assertEqual((row["status"], row["played"]), ("interrupted", "14.5"))
        self.assertEqual(row["ended"], "2024-01-05T06:00:14+07:00")
        self.assertIn("crash", row["reason"])
        self.assertEqual(self.fill("recover\t2024-01-05T07:00"), "recovered 0\n")
        self.assertIn("intact: 1 closed rows", self.loa("log", "verify").out)

    def test_contract_refusals(self):
        self.sample()
        # Closing a closed row, or without a reason, is refused and changes nothing.
        self.fill(end(5, "completed", "2024-03-01T06:05", 300), expect=1)
        self.fill(begin("2024-03-02T06:00", "2024-03-02T06:00", 0, 3, 7, "x", "y"),
                  end(6, "failed", "2024-03-02T06:00", 0, ""), expect=1)
        self.assertEqual(self.loa("log", "verify").rc, 0)


def encode_hash(row, prev_hash, con):
    """airlog_row.c's canonical encoding, written again from its description:
    chain version 2 (reason_code and the row's items) or 1 (rows written
    before items; any item attached to one is encoded, so it fails); in
    both, who asked for the airing after the device, when someone did, the
    leader who approved its slot, when one did, and the hub's bulletin it
    aired (an integer), when it did, just before prev_hash."""
    def i(v):
        return b"n\n" if v is None else b"i%d\n" % v

    def t(v):
        if v is None:
            return b"n\n"
        b = v.encode()
        return b"t%d:" % len(b) + b + b"\n"

    items = con.execute("SELECT * FROM airing_item WHERE airing_id = ? ORDER BY position",
                        (row["id"],)).fetchall()
    v2 = row["v"] >= 2
    enc = b"loa-airing-2\n" if v2 else b"loa-airing-1\n"
    for k in ("id", "seq", "scheduled_ms", "started_ms", "ended_ms", "closed_ms", "played_ms"):
        enc += i(row[k])
    enc += t(row["status"]) + i(row["late"]) + i(row["delay_ms"]) + t(row["reason"])
    if v2:
        enc += t(row["reason_code"])
    enc += i(row["slot_id"]) + t(row["tier"]) + i(row["clip_id"])
    for k in ("playlist", "title", "topic", "sha256", "device"):
        enc += t(row[k])
    # Who asked for it now (schema step 13): only when there is one.
    if "requested_by" in row.keys() and row["requested_by"] is not None:
        enc += t(row["requested_by"])
    if v2 or items:
        enc += i(len(items))
        for it in items:
            enc += i(it["position"]) + i(it["clip_id"]) + t(it["title"]) + t(it["topic"]) + t(it["sha256"])
            enc += i(it["started_ms"]) + i(it["played_ms"]) + t(it["status"]) + t(it["reason_code"])
            enc += t(it["reason"])
    # Schema step 12: the approver, only when there is one.
    if "approved_by" in row.keys() and row["approved_by"] is not None:
        enc += t(row["approved_by"])
    # Schema step 15: the hub's bulletin it aired, an integer, only when there is one.
    if "bulletin" in row.keys() and row["bulletin"] is not None:
        enc += i(row["bulletin"])
    enc += t(prev_hash)
    return hashlib.sha256(enc).hexdigest()


class ItemTest(StationTest):
    """The items of a programme: their rows, their columns in `loa log
    --items`, reason codes, and the chain that covers them."""

    fill = AirlogTest.fill
    sql = AirlogTest.sql

    def programme(self):
        """A morning programme: jingle, a CCHC item, a health item whose file
        went missing (failed at its turn), a notice past its last day
        (skipped); it airs partly. Then one emergency cut mid-item."""
        self.fill(
            begin("2026-07-01T06:00", "2026-07-01T06:00:00", 0, 1, 0, "Buổi sáng", "", playlist="Buổi sáng",
                  sha=""),                                                          # row 1
            item(1, 1, 1, "Nhạc hiệu", "chương trình", "2026-07-01T06:00:00"),
            itemend(1, 1, "completed", 15),
            item(1, 2, 2, "Dịch vụ công trực tuyến", "cải cách hành chính", "2026-07-01T06:00:15"),
            itemend(1, 2, "completed", 120.5),
            itemrec(1, 3, 3, "Phòng chống sốt xuất huyết", "y tế", "failed", "", "clip_missing"),
            itemrec(1, 4, 4, "Thông báo tiêm chủng", "thông báo", "skipped", "", "clip_expired"),
            end(1, "partial", "2026-07-01T06:02:16", 135.5, "", "clip_missing"),
            begin("2026-07-01T17:00", "2026-07-01T17:00:00", 0, 2, 0, "Buổi chiều", "", playlist="Buổi chiều",
                  sha=""),                                                          # row 2
            item(2, 1, 1, "Nhạc hiệu", "chương trình", "2026-07-01T17:00:00"),
            itemend(2, 1, "completed", 15),
            item(2, 2, 2, "Dịch vụ công trực tuyến", "cải cách hành chính", "2026-07-01T17:00:15"),
            "progress\t2\t40\t2\t25",
            end(2, "interrupted", "2026-07-01T17:00:40", 40, "cut by an emergency airing", "interrupted_emergency"),
        )

    def test_items_listed_with_their_columns(self):
        self.programme()
        r = self.loa("log", "--items", "--format", "csv")
        self.assertEqual(r.out.splitlines()[0],
                         "seq,position,started,played,status,reason_code,clip,title,topic,sha256")
        rows = [(x["seq"], x["position"], x["started"], x["played"], x["status"], x["reason_code"], x["title"])
                for x in r.csv()]
        self.assertEqual(rows, [
            ("1", "1", "2026-07-01T06:00:00+07:00", "15.0", "completed", "", "Nhạc hiệu"),
            ("1", "2", "2026-07-01T06:00:15+07:00", "120.5", "completed", "", "Dịch vụ công trực tuyến"),
            ("1", "3", "", "0.0", "failed", "clip_missing", "Phòng chống sốt xuất huyết"),
            ("1", "4", "", "0.0", "skipped", "clip_expired", "Thông báo tiêm chủng"),
            ("2", "1", "2026-07-01T17:00:00+07:00", "15.0", "completed", "", "Nhạc hiệu"),
            # The item on air when the emergency cut in: its last progress.
            ("2", "2", "2026-07-01T17:00:15+07:00", "25.0", "interrupted", "interrupted_emergency",
             "Dịch vụ công trực tuyến"),
        ])
        j = self.loa("log", "--items", "--status", "failed,skipped", "--format", "json").json()
        self.assertEqual([(x["position"], x["status"]) for x in j], [(3, "failed"), (4, "skipped")])
        self.assertIsNone(j[0]["started"])
        log = self.loa("log", "--format", "csv").csv()
        # Added at the end, each in its turn: the old columns stay put.
        self.assertEqual(list(log[0])[-3:], ["reason_code", "requested_by", "approved_by"])
        self.assertEqual([(x["status"], x["reason_code"]) for x in log],
                         [("partial", "clip_missing"), ("interrupted", "interrupted_emergency")])
        self.assertEqual([x["id"] for x in self.loa("log", "--status", "partial", "--format", "csv").csv()], ["1"])
        table = self.loa("log", "--items", "--format", "table").out
        self.assertIn("Phòng chống sốt xuất huyết", table)

    def test_items_are_in_the_chain(self):
        self.programme()
        self.loa("log", "verify")
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        for row in con.execute("SELECT * FROM airing ORDER BY seq"):
            self.assertEqual(row["v"], 2)
            self.assertEqual(encode_hash(row, row["prev_hash"], con), row["hash"])
        con.close()

    def test_items_cannot_change_after_their_airing_closed(self):
        self.programme()
        for sql in ("UPDATE airing_item SET played_ms = 1 WHERE airing_id = 1 AND position = 2;",
                    "DELETE FROM airing_item WHERE airing_id = 1 AND position = 3;",
                    "INSERT INTO airing_item (airing_id, position, clip_id, title, status)"
                    " VALUES (1, 9, 5, 'thêm', 'completed');"):
            p = self.sql(sql)
            self.assertNotEqual(p.returncode, 0, sql)
            self.assertIn("airing log", p.stderr)
        self.loa("log", "verify")

    def test_tampered_items_are_named(self):
        """A tamperer drops the item triggers: changing, removing or adding an
        item of a closed programme breaks its row's hash."""
        self.programme()
        fresh = self.path("fresh.db")
        shutil.copyfile(self.db, fresh)
        for sql in ("UPDATE airing_item SET played_ms = 900000 WHERE airing_id = 1 AND position = 2",
                    "UPDATE airing_item SET topic = 'cải cách hành chính' WHERE airing_id = 1 AND position = 1",
                    "DELETE FROM airing_item WHERE airing_id = 1 AND position = 3",
                    "INSERT INTO airing_item (airing_id, position, clip_id, title, status, played_ms)"
                    " VALUES (1, 5, 2, 'Dịch vụ công trực tuyến', 'completed', 120500)"):
            shutil.copyfile(fresh, self.db)
            p = self.sql("DROP TRIGGER airing_item_no_update; DROP TRIGGER airing_item_no_delete;"
                         " DROP TRIGGER airing_item_open; " + sql + ";")
            self.assertEqual(p.returncode, 0, p.stderr)
            r = self.loa("log", "verify", expect=1)
            self.assertIn("row 1 (seq 1) or its items were changed after it was closed", r.err, sql)
            r = self.loa("report", "--quarter", "2026Q3", "--format", "json")
            self.assertFalse(r.json()["chain"]["intact"], sql)

    def test_upgraded_station_keeps_its_chain(self):
        """A station of the previous release: its rows stay chain version 1
        and verify; an airing logged after the upgrade chains on."""
        shutil.rmtree(os.path.dirname(self.db))
        shutil.copytree(os.path.join(SRC, "tests", "fixtures", "station-v5"), os.path.dirname(self.db))
        old_head = sqlite3.connect(self.db).execute("SELECT hash FROM airing_head").fetchone()[0]
        r = self.loa("log", "verify")
        self.assertIn("36 closed rows, chain head %s" % old_head, r.out)
        log = self.loa("log", "--format", "csv").csv()
        # Codes for the words the old release wrote.
        codes = {x["reason"].split(" '")[0]: x["reason_code"] for x in log if x["reason"]}
        self.assertEqual(codes["loa was not running at the time"], "missed_downtime")
        self.assertEqual(codes["blackout day"], "blackout")
        self.assertEqual(codes["no clip assigned"], "no_clip")
        self.assertEqual(codes["cannot read audio file"], "clip_missing")
        self.assertEqual(codes["loa run --until was reached"], "interrupted_stop")
        # The old rows stand for their one item each.
        items = self.loa("log", "--items", "--format", "csv").csv()
        self.assertEqual(len(items), sum(1 for x in log if x["status"] in ("completed", "interrupted")))
        self.fill(begin("2026-01-12T06:00", "2026-01-12T06:00:00", 0, 1, 0, "Buổi sáng", "", playlist="Buổi sáng"),
                  item(37, 1, 1, "Nhạc hiệu", "chương trình", "2026-01-12T06:00:00"),
                  end(37, "completed", "2026-01-12T06:00:02", 2))
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        self.assertEqual([r["v"] for r in con.execute("SELECT v FROM airing ORDER BY id")], [1] * 36 + [2])
        new = con.execute("SELECT * FROM airing WHERE id = 37").fetchone()
        self.assertEqual(new["prev_hash"], old_head)
        self.assertEqual(encode_hash(new, new["prev_hash"], con), new["hash"])
        for row in con.execute("SELECT * FROM airing WHERE v = 1"):
            self.assertEqual(encode_hash(row, row["prev_hash"], con), row["hash"])
        con.close()
        self.loa("log", "verify")
        # Items slipped under an old row are not part of it: verify says so.
        p = self.sql("DROP TRIGGER airing_item_open; INSERT INTO airing_item (airing_id, position, clip_id, title,"
                     " status, played_ms) VALUES (1, 1, 2, 'Dịch vụ công trực tuyến', 'completed', 60000);")
        self.assertEqual(p.returncode, 0, p.stderr)
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row 1 (seq 1) or its items were changed", r.err)


class LongChainTest(StationTest):
    """A chain of 250,000 rows is checked in parts, one thread each
    (store_chain.c: 100,000 rows or more per part), then the parts are joined.
    Tampering at the joint, where a wrong join would hide it, must still
    fail verification and be named."""

    ROWS = 250000
    template = None

    @classmethod
    def setUpClass(cls):
        cls.tdir = tempfile.mkdtemp(prefix="loa-test-chain-")
        cls.template = os.path.join(cls.tdir, "station.db")
        subprocess.run([LOA, "--db", cls.template, "init", "--tz", "Asia/Ho_Chi_Minh"], check=True,
                       capture_output=True)
        subprocess.run([FILL, cls.template, "generate", str(cls.ROWS), "2015-01-01T00:00:00Z", "315", "5"],
                       check=True, timeout=600)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tdir, ignore_errors=True)

    def setUp(self):
        super().setUp()
        shutil.copyfile(self.template, self.db)

    def rehash(self, seq, **change):
        con = sqlite3.connect(self.db)
        con.row_factory = sqlite3.Row
        con.execute("DROP TRIGGER airing_no_update")
        row = dict(con.execute("SELECT * FROM airing WHERE seq = ?", (seq,)).fetchone())
        row.update(change)
        sets = ", ".join("%s = ?" % k for k in change)
        con.execute("UPDATE airing SET %s, hash = ? WHERE id = ?" % sets,
                    list(change.values()) + [encode_hash(row, row["prev_hash"], con), row["id"]])
        con.commit()
        con.close()
        return row["id"]

    def test_intact_long_chain(self):
        r = self.loa("log", "verify")
        head = sqlite3.connect(self.db).execute("SELECT hash FROM airing_head").fetchone()[0]
        self.assertIn("%d closed rows, chain head %s" % (self.ROWS, head), r.out)

    def test_rehashed_rows_at_the_joint(self):
        # Two parts: seq 1 to 125000 and 125001 to 250000.
        for seq in (125000, 125001):
            with self.subTest(seq=seq):
                shutil.copyfile(self.template, self.db)
                rid = self.rehash(seq, title="Bịa đặt")
                r = self.loa("log", "verify", expect=1)
                self.assertIn("row %d was changed and re-hashed" % rid, r.err)

    def test_changed_row_in_the_last_part(self):
        self.sql("DROP TRIGGER airing_no_update; UPDATE airing SET played_ms = 1 WHERE seq = 249999;")
        r = self.loa("log", "verify", expect=1)
        self.assertIn("(seq 249999) or its items were changed", r.err)

    def test_removed_row_at_the_joint(self):
        self.sql("DROP TRIGGER airing_no_delete; DELETE FROM airing WHERE seq = 125001;")
        r = self.loa("log", "verify", expect=1)
        self.assertIn("1 row(s) removed before row", r.err)
        self.assertIn("seq 125001 to 125001", r.err)

    def test_row_hidden_beyond_the_head(self):
        forge_beyond_head(self.db, 900000, self.ROWS + 1)
        r = self.loa("log", "verify", expect=1)
        self.assertIn("row 900000 (seq %d) was inserted" % (self.ROWS + 1), r.err)

    sql = AirlogTest.sql


if __name__ == "__main__":
    main()
