"""The bulletins down, the hub's side (doc/link.md, "Bulletins down"), end to
end on a real Mosquitto with the ACL of doc/link/acl and a real PostgreSQL:
`loa-hub bulletin send` stores the bulletin and publishes it retained, one
message per station named or one to all, and each message is read back with
mosquitto_sub as a station's account — its header line's keys, the audio's
bytes and their SHA-256 recomputed here; a station that subscribes later
(it was offline) still gets it; a station cannot publish a bulletin; the
states a station publishes (mosquitto_pub as its account) reach `bulletin
status`, the latest by the station's instant; `aired` comes from the hub's
airing rows that name the bulletin; `loa-hub run` clears the retained
messages once the bulletin's period has ended; bad input stores and sends
nothing.
"""
import hashlib
import json
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, main, tone  # noqa: E402
from hubtest import ACCOUNTS, HUB, MISSING, HubTest, wait_for  # noqa: E402

KEYS = {"id", "title", "topic", "tier", "name", "bytes", "sha256", "from_ms", "until_ms", "at", "sent_ms"}


@unittest.skipIf(MISSING, "the hub's bulletin test needs: %s" % ", ".join(MISSING))
class HubBulletinTest(HubTest):
    create_station = False

    def setUp(self):
        super().setUp()
        os.makedirs(self.dir, exist_ok=True)
        self.audio = tone(self.path("tiem-chung.wav"), seconds=1.0)
        with open(self.audio, "rb") as f:
            self.audio_bytes = f.read()
        self.broker.start()

    def hub(self, *args, expect=0, env=None):
        r = subprocess.run([HUB, "--db", self.pg.url(self.hubdb)] + list(args), capture_output=True, text=True,
                           timeout=120, env=dict(os.environ, LOA_HUB_PASSWORD=ACCOUNTS["hub"], **(env or {})))
        self.assertEqual(r.returncode, expect, "loa-hub %s\n%s%s" % (" ".join(args), r.stdout, r.stderr))
        return r

    def send(self, *args, expect=0, env=None):
        r = self.hub("bulletin", "send", *args, "--broker", self.broker.url(), "--user", "hub", "--format",
                     "json", expect=expect, env=env)
        return json.loads(r.stdout) if expect == 0 else r

    def status(self, n):
        return json.loads(self.hub("bulletin", "status", str(n), "--format", "json").stdout)

    def retained(self, topic, user, wait=3):
        """The retained message on topic as user's account reads it, as bytes
        (b"" when there is none)."""
        p = subprocess.run(["mosquitto_sub", "-p", str(self.broker.port), "-u", user, "-P", ACCOUNTS[user],
                            "-t", topic, "-C", "1", "-W", str(wait), "-N", "-q", "1"], capture_output=True,
                           timeout=wait + 10)
        return p.stdout

    def publish(self, user, topic, payload, retain=False):
        subprocess.run(["mosquitto_pub", "-p", str(self.broker.port), "-u", user, "-P", ACCOUNTS[user], "-t",
                        topic, "-q", "1", "-m", payload] + (["-r"] if retain else []), check=True,
                       capture_output=True, timeout=10)

    def check_message(self, data, n, tier, title):
        header, audio = data.split(b"\n", 1)
        h = json.loads(header)
        self.assertEqual(set(h), KEYS)
        self.assertEqual((h["id"], h["tier"], h["title"], h["name"]), (n, tier, title, "tiem-chung.wav"))
        self.assertEqual(audio, self.audio_bytes)
        self.assertEqual(h["bytes"], len(audio))
        self.assertEqual(h["sha256"], hashlib.sha256(audio).hexdigest())
        return h

    def count(self):
        return int(self.pg.sql(self.hubdb, "SELECT count(*) FROM bulletin"))

    # ---- the tests ----

    def test_a_bulletin_to_all_reaches_a_station_that_connects_later(self):
        # s1 and s2 have been heard from (a status); s3 never: still a
        # station of the province, whose message waits at the broker.
        for s in ("s1", "s2"):
            self.pg.sql(self.hubdb, "INSERT INTO station (id, first_heard_ms, last_heard_ms) VALUES ('%s', 1, 2)"
                        % s)
        title = "Thông báo lịch tiêm chủng \"đợt 2\""
        out = self.send(self.audio, "--title", title, "--tier", "normal", "--to", "all", "--topic", "y tế",
                        "--at", "06:00,17:30", "--from", "2026-12-01", "--until", "2099-12-31")
        n = out["id"]
        self.assertEqual(out["topics"], ["loa/all/bulletin/%d" % n])
        # Read only now, after it was sent: a station that was offline.
        h = self.check_message(self.retained("loa/all/bulletin/+", "s3"), n, "normal", title)
        self.assertEqual(h["topic"], "y tế")
        self.assertEqual(h["at"], ["06:00", "17:30"])
        self.assertIsNotNone(h["until_ms"])
        self.assertLess(h["from_ms"], h["until_ms"])
        # The database holds the very bytes.
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT encode(sha256(audio), 'hex') FROM bulletin WHERE id = %d"
                                     % n), hashlib.sha256(self.audio_bytes).hexdigest())
        st = self.status(n)
        self.assertEqual(st["to"], "all")
        self.assertEqual([(s["station"], s["state"]) for s in st["stations"]], [("s1", "sent"), ("s2", "sent")])
        # loa hub passes through to loa-hub.
        r = subprocess.run([LOA, "hub", "bulletin", "list", "--db", self.pg.url(self.hubdb), "--format", "json"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([b["id"] for b in json.loads(r.stdout)], [n])

    def test_a_bulletin_to_some_stations_and_what_they_say_back(self):
        self.start_hub()
        out = self.send(self.audio, "--title", "Phòng chống bão", "--tier", "priority", "--to", "s1", "s2",
                        "--until", time.strftime("%Y-%m-%d", time.localtime(time.time() + 86400 * 3)))
        n = out["id"]
        self.assertEqual(out["to"], ["s1", "s2"])
        for s in ("s1", "s2"):
            self.check_message(self.retained("loa/%s/bulletin/%d" % (s, n), s), n, "priority", "Phòng chống bão")
        # Not to all, and not readable by s3 (the ACL: its own topics only).
        self.assertEqual(self.retained("loa/all/bulletin/+", "s3", wait=1), b"")
        self.assertEqual(self.retained("loa/s1/bulletin/%d" % n, "s3", wait=1), b"")
        # A station cannot publish a bulletin, to itself, another or all.
        for topic in ("loa/s1/bulletin/999", "loa/s2/bulletin/999", "loa/all/bulletin/999"):
            self.publish("s1", topic, "forged", retain=True)
        self.assertEqual(self.retained("loa/s1/bulletin/999", "s1", wait=1), b"")
        self.assertEqual(self.retained("loa/s2/bulletin/999", "s2", wait=1), b"")
        self.assertEqual(self.retained("loa/all/bulletin/999", "s2", wait=1), b"")

        def says(station, state, at_ms, code=None, reason=None, clip=None, bid=n):
            self.publish(station, "loa/%s/bulletins" % station, json.dumps(
                {"station": station, "bulletins": [{"id": bid, "state": state, "code": code, "reason": reason,
                                                    "clip": clip, "at_ms": at_ms}]}))

        says("s1", "scheduled", 2000, clip=42)
        says("s2", "refused", 3000, code="import_refused", reason="not audio loa can play")
        says("s1", "received", 1000, clip=42)  # older, repeated late: kept out
        says("s3", "received", 4000, bid=n)  # not its bulletin
        says("s2", "received", 3500, bid=n + 1000)  # no such bulletin

        def states():
            return {s["station"]: s for s in self.status(n)["stations"]}

        wait_for("the stations' states", lambda: states().get("s2", {}).get("state") == "refused"
                 and states()["s1"]["state"] == "scheduled")
        # A message after them all: once it is in, the earlier ones were handled.
        says("s1", "scheduled", 2500, clip=42)
        wait_for("the last state", lambda: self.pg.sql(self.hubdb, "SELECT at_ms FROM bulletin_state WHERE "
                                                       "station = 's1'") == "2500")
        st = states()
        self.assertEqual(sorted(st), ["s1", "s2"])
        self.assertEqual((st["s1"]["state"], st["s1"]["clip"]), ("scheduled", 42))
        self.assertEqual((st["s2"]["code"], st["s2"]["reason"]), ("import_refused", "not audio loa can play"))
        self.assertIsNotNone(st["s1"]["last_heard"])
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT count(*) FROM bulletin_state"), "2")
        # Aired: counted from the hub's rows that name the bulletin.
        for seq, t in ((1, 1796000400000), (2, 1796086800000)):
            self.pg.sql(self.hubdb, "INSERT INTO airing (station, seq, id, v, scheduled_ms, status, prev_hash, "
                        "hash, received_ms, bulletin) VALUES ('s1', %d, %d, 2, %d, 'completed', 'p', 'h', 1, %d)"
                        % (seq, seq, t, n))
        st = states()
        self.assertEqual((st["s1"]["state"], st["s1"]["airings"]), ("aired", 2))
        self.assertTrue(st["s1"]["first_aired"].startswith("2026-11-30T"), st["s1"]["first_aired"])
        self.assertEqual((st["s2"]["state"], st["s2"]["airings"]), ("refused", 0))
        text = self.hub("bulletin", "status", str(n), "--format", "text").stdout
        self.assertIn("Phòng chống bão", text)
        self.assertIn("import_refused", text)

    def test_the_hub_clears_a_bulletin_whose_period_ended(self):
        def soon(s):
            t = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(time.time() + s))
            return t[:-2] + ":" + t[-2:]

        # Its period ends while loa-hub run is down: cleared when it starts.
        c = self.send(self.audio, "--title", "Ngắn", "--tier", "normal", "--to", "all", "--until", soon(2))
        self.assertNotEqual(self.retained("loa/all/bulletin/%d" % c["id"], "s1"), b"")
        time.sleep(2.5)
        self.assertNotEqual(self.retained("loa/all/bulletin/%d" % c["id"], "s1"), b"")
        self.start_hub()
        wait_for("the bulletin cleared at start",
                 lambda: self.retained("loa/all/bulletin/%d" % c["id"], "s1", wait=1) == b"", timeout=30)
        until = soon(4)
        a = self.send(self.audio, "--title", "Mất điện", "--tier", "emergency", "--to", "s1,s2", "--until", until)
        b = self.send(self.audio, "--title", "Lâu dài", "--tier", "normal", "--to", "all")
        for s in ("s1", "s2"):
            self.assertNotEqual(self.retained("loa/%s/bulletin/%d" % (s, a["id"]), s), b"")
        # Woken by its timer at the period's end (the send's NOTIFY armed it).
        for s in ("s1", "s2"):
            wait_for("the retained message cleared",
                     lambda: self.retained("loa/%s/bulletin/%d" % (s, a["id"]), s, wait=1) == b"", timeout=30)
        wait_for("the clearing recorded", lambda: self.pg.sql(
            self.hubdb, "SELECT cleared_ms IS NOT NULL FROM bulletin WHERE id = %d" % a["id"]) == "t")
        self.assertIn("bulletin %d: its period ended" % a["id"], self.output("hub"))
        # An emergency sent without an end ends a day after its start: not
        # retained for ever, to air at once wherever a station is set up later.
        e = self.send(self.audio, "--title", "Khẩn", "--tier", "emergency", "--to", "s1")
        h = self.check_message(self.retained("loa/s1/bulletin/%d" % e["id"], "s1"), e["id"], "emergency", "Khẩn")
        self.assertEqual(h["until_ms"] - h["from_ms"], 86400000)
        # The one without an end stays.
        self.assertNotEqual(self.retained("loa/all/bulletin/%d" % b["id"], "s3"), b"")
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT cleared_ms IS NULL FROM bulletin WHERE id = %d"
                                     % b["id"]), "t")
        listed = json.loads(self.hub("bulletin", "list", "--format", "json").stdout)
        self.assertEqual([(x["id"], x["cleared"] is not None) for x in listed],
                         [(e["id"], False), (b["id"], False), (a["id"], True), (c["id"], True)])

    def test_init_upgrades_a_hub_of_schema_1(self):
        # The hub as schema 1 made it: no bulletins, no airing.bulletin.
        self.pg.sql(self.hubdb, "DROP TABLE bulletin_state, bulletin; ALTER TABLE airing DROP COLUMN bulletin;"
                    " UPDATE hub_schema SET version = 1")
        r = self.hub("bulletin", "list", expect=1)
        self.assertIn("schema 1, this loa-hub needs 3", r.stderr)
        self.assertIn("schema 3, was 1", self.hub("init").stdout)
        n = self.send(self.audio, "--title", "T", "--tier", "normal", "--to", "all")["id"]
        self.assertEqual(self.pg.sql(self.hubdb, "SELECT count(*) FROM airing WHERE bulletin = %d" % n), "0")

    def test_bad_input_stores_and_sends_nothing(self):
        text = self.path("notes.txt")
        with open(text, "w") as f:
            f.write("not audio\n")
        empty = self.path("empty.wav")
        open(empty, "w").close()
        cases = [
            ((self.path("missing.wav"), "--title", "T", "--tier", "normal", "--to", "all"), 1, "missing.wav"),
            ((empty, "--title", "T", "--tier", "normal", "--to", "all"), 1, "empty"),
            ((text, "--title", "T", "--tier", "normal", "--to", "all"), 1, "notes.txt"),
            ((self.path(), "--title", "T", "--tier", "normal", "--to", "all"), 1, "not a file"),
            ((self.audio, "--title", "T", "--tier", "urgent", "--to", "all"), 2, "urgent"),
            ((self.audio, "--title", "  ", "--tier", "normal", "--to", "all"), 2, "title"),
            ((self.audio, "--tier", "normal", "--to", "all"), 2, "title"),
            ((self.audio, "--title", "T", "--tier", "normal"), 2, "--to"),
            ((self.audio, "--title", "T", "--tier", "normal", "--to", "s1/x"), 2, "s1/x"),
            ((self.audio, "--title", "T", "--tier", "normal", "--to", "all,s1"), 2, "--to all"),
            ((self.audio, "--title", "T", "--tier", "normal", "--to", "all", "--at", "25:00"), 2, "--at"),
            ((self.audio, "--title", "T", "--tier", "normal", "--to", "all", "--until", "2020-01-01"), 2,
             "--until"),
            # Every station would refuse these (bad_message, import_refused).
            ((self.audio, "--title", "Hai\ndòng", "--tier", "normal", "--to", "all"), 2, "title"),
            ((self.audio, "--title", "T\x1b[2J", "--tier", "normal", "--to", "all"), 2, "title"),
            ((self.audio, "--title", "T", "--topic", "y\rtế", "--tier", "normal", "--to", "all"), 2, "topic"),
        ]
        for args, rc, words in cases:
            r = self.send(*args, expect=rc)
            self.assertIn(words, r.stderr, args)
            self.assertTrue(r.stderr.startswith("loa: "), r.stderr)
        # In the reader's language.
        r = self.send(self.audio, "--title", "T", "--tier", "gấp", "--to", "all", expect=2,
                      env={"LC_ALL": "", "LANGUAGE": "", "LANG": "vi_VN.UTF-8"})
        self.assertIn("không có mức ưu tiên 'gấp'", r.stderr)
        # The broker away: refused, nothing stored.
        self.broker.stop()
        r = self.send(self.audio, "--title", "T", "--tier", "normal", "--to", "all", expect=1)
        self.assertIn("cannot reach the broker", r.stderr)
        self.assertEqual(self.count(), 0)
        self.broker.start()
        self.assertEqual(self.retained("loa/all/bulletin/+", "s1", wait=1), b"")
        r = self.hub("bulletin", "status", "7", expect=1)
        self.assertIn("no bulletin 7", r.stderr)
        self.hub("bulletin", "status", "x", expect=2)
        self.hub("bulletin", "send", expect=2)


if __name__ == "__main__":
    main()
