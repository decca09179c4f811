"""The expansion table: libical's output kept in the station between runs.

Every `loa agenda` is a new process. A read-write process (the daemon, here
`loa run --check`) keeps libical's output for each slot, a year ahead, in the
station's expansion table; later processes, read-only ones included, read
it back. Reading a station never writes to it. These tests check that an agenda read from the table is the
very agenda libical gives afresh (a mixed set of rules over a year, in
Asia/Ho_Chi_Minh and in America/New_York across its DST changes), that
editing a slot makes its row stale, and that a damaged row is never used.
"""
import hashlib
import os
import sqlite3
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, StationTest, main  # noqa: E402

ICS = os.path.join(SRC, "tests", "ics")

EVENTS = [
    # Started years ago: libical is started near the window, not at DTSTART.
    ("daily-old", "DTSTART;TZID=Asia/Ho_Chi_Minh:20190301T060000", "RRULE:FREQ=DAILY"),
    ("weekdays", "DTSTART;TZID=Asia/Ho_Chi_Minh:20240101T170000",
     "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR,SA;UNTIL=20241130T100000Z", "EXDATE;TZID=Asia/Ho_Chi_Minh:20240210T170000"),
    ("weekly", "DTSTART;TZID=Asia/Ho_Chi_Minh:20231002T113000", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;INTERVAL=2"),
    ("last-friday", "DTSTART;TZID=Asia/Ho_Chi_Minh:20200131T190000", "RRULE:FREQ=MONTHLY;BYDAY=-1FR"),
    ("setpos", "DTSTART;TZID=Asia/Ho_Chi_Minh:20240102T080000",
     "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2"),
    ("count", "DTSTART;TZID=Asia/Ho_Chi_Minh:20240105T200000", "RRULE:FREQ=WEEKLY;COUNT=30"),
    ("yearly", "DTSTART;TZID=Asia/Ho_Chi_Minh:20150902T070000", "RRULE:FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=2"),
    ("ny-dst", "DTSTART;TZID=America/New_York:20230310T013000", "RRULE:FREQ=DAILY;INTERVAL=3"),
    ("ny-hourly", "DTSTART;TZID=America/New_York:20240309T000000",
     "RRULE:FREQ=HOURLY;INTERVAL=7;UNTIL=20240320T000000Z"),
    ("floating", "DTSTART:20240601T053000", "RRULE:FREQ=DAILY;BYMONTH=6,7", "RDATE:20240815T053000"),
    ("once", "DTSTART;TZID=Asia/Ho_Chi_Minh:20240704T090000"),
]


def calendar():
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//loa tests//EN"]
    for uid, *props in EVENTS:
        out += ["BEGIN:VEVENT", "UID:%s@loa.test" % uid, "SUMMARY:%s" % uid, *props, "DURATION:PT5M",
                "END:VEVENT"]
    # A moved and a cancelled occurrence of the old daily slot.
    out += ["BEGIN:VEVENT", "UID:daily-old@loa.test", "SUMMARY:daily-old",
            "RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20240405T060000",
            "DTSTART;TZID=Asia/Ho_Chi_Minh:20240405T064500", "DURATION:PT5M", "END:VEVENT",
            "BEGIN:VEVENT", "UID:daily-old@loa.test", "SUMMARY:daily-old", "STATUS:CANCELLED",
            "RECURRENCE-ID;TZID=Asia/Ho_Chi_Minh:20240406T060000",
            "DTSTART;TZID=Asia/Ho_Chi_Minh:20240406T060000", "END:VEVENT"]
    out.append("END:VCALENDAR")
    return "\r\n".join(out) + "\r\n"


class AgendaCacheTest(StationTest):
    def setUp(self):
        super().setUp()
        path = self.path("mixed.ics")
        with open(path, "w", encoding="utf-8") as f:
            f.write(calendar())
        self.loa("slot", "import", path)
        for name in ("google.ics", "thunderbird.ics", "outlook.ics", "evolution.ics"):
            self.loa("slot", "import", os.path.join(ICS, name))

    def agenda(self, frm="2024-01-01", to="2025-01-01"):
        return self.loa("agenda", "--from", frm, "--to", to, "--format", "csv").out

    def sql(self, query, *args):
        con = sqlite3.connect(self.db)
        try:
            rows = con.execute(query, args).fetchall()
            con.commit()
            return rows
        finally:
            con.close()

    def keep(self):
        """A read-write process keeps a year of expansions from 2024-01-01.
        The slots have no clip, so --check also says nothing will air."""
        r = self.loa("run", "--check", env={"LOA_CLOCK": "fixed:2024-01-01T00:00:00+07:00"}, expect=1)
        self.assertIn("nothing will air in the next 7 days", r.err)

    def fresh(self, *window):
        """The agenda with nothing kept: libical expands every slot."""
        self.sql("DELETE FROM expansion")
        return self.agenda(*window)

    def test_kept_agenda_equals_fresh_over_a_year(self):
        self.assertEqual(self.sql("SELECT count(*) FROM expansion"), [(0,)])
        cold = self.agenda()
        self.assertGreater(cold.count("\n"), 1000)
        self.assertIn("2024-04-05T06:45:00+07:00", cold)  # the moved occurrence
        self.assertNotIn("2024-04-06T06:00:00+07:00", cold)  # the cancelled one
        self.assertEqual(self.sql("SELECT count(*) FROM expansion"), [(0,)])  # a reader keeps nothing
        self.keep()
        self.assertGreaterEqual(self.sql("SELECT count(*) FROM expansion")[0][0], 10)
        self.assertEqual(self.agenda(), cold)
        # Narrower and later windows, served from the rows kept.
        for window in (("2024-03-01T05:00", "2024-03-20"), ("2024-10-27", "2024-11-10"),
                       ("2024-06-30T23:00", "2024-07-01T01:00")):
            warm = self.agenda(*window)
            self.assertEqual(warm, self.fresh(*window), window)
            self.keep()

    def test_editing_a_slot_makes_its_row_stale(self):
        before = self.agenda()
        self.keep()
        key = self.sql("SELECT key FROM expansion WHERE slot_id = 1")[0][0]
        self.loa("slot", "edit", "1", "--rrule", "FREQ=WEEKLY;BYDAY=TU")
        self.keep()
        after = self.agenda()
        self.assertNotEqual(after, before)
        self.assertNotEqual(self.sql("SELECT key FROM expansion WHERE slot_id = 1")[0][0], key)
        self.assertEqual(after, self.fresh())
        tuesdays = [l for l in after.splitlines() if ",1," in l and "T06:00:00" in l]
        self.assertEqual(len(tuesdays), 53)  # 2024 has 53 Tuesdays
        self.loa("slot", "rm", "2")
        self.assertEqual(self.sql("SELECT count(*) FROM expansion WHERE slot_id = 2"), [(0,)])

    def test_damaged_rows_are_never_used(self):
        good = self.agenda()
        self.keep()
        rows = self.sql("SELECT slot_id, key, data FROM expansion ORDER BY slot_id")
        slot, key, data = rows[0]
        n = struct.unpack_from("<q", data, 24)[0]
        self.assertGreater(n, 300)
        t0 = struct.unpack_from("<q", data, 32 + 8 * 100)[0]

        shifted = bytearray(data)
        struct.pack_into("<q", shifted, 32 + 8 * 100, t0 + 3600)  # one airing an hour late
        dropped = bytearray(data[:32 + 8 * 100] + data[32 + 8 * 101:])
        struct.pack_into("<q", dropped, 24, n - 1)  # one airing fewer, count kept right
        # Even with its checksum made right, a row out of order is refused.
        swapped = bytearray(data)
        a, b = data[32 + 800:40 + 800], data[40 + 800:48 + 800]
        swapped[32 + 800:40 + 800], swapped[40 + 800:48 + 800] = b, a
        body = bytes(swapped[:-64])
        swapped[-64:] = hashlib.sha256(key.encode() + body).hexdigest().encode()
        for bad in (bytes(shifted), bytes(dropped), data[:-10], b"garbage", b"", bytes(swapped),
                    data.replace(b"LOASPAN1", b"LOASPAN2")):
            self.sql("UPDATE expansion SET data = ? WHERE slot_id = ?", bad, slot)
            self.assertEqual(self.agenda(), good, bad[:16])
            self.keep()
            # The damaged row was replaced by libical's output again.
            self.assertEqual(self.sql("SELECT data FROM expansion WHERE slot_id = ?", slot)[0][0], data)
        # A row kept under another key (another text, zone or loa) is not used.
        self.sql("UPDATE expansion SET key = ? WHERE slot_id = ?", "0" * 64, slot)
        self.assertEqual(self.agenda(), good)
        self.keep()
        self.assertEqual(self.sql("SELECT key FROM expansion WHERE slot_id = ?", slot)[0][0], key)

    def test_reading_never_changes_the_station(self):
        """`loa agenda` and `loa report`-style readers never write: with no
        rows kept, the file is byte for byte the same after a read."""
        def digest():
            with open(self.db, "rb") as f:
                return hashlib.sha256(f.read()).hexdigest()
        self.agenda()  # settle the WAL left by the import
        before = digest()
        self.agenda()
        self.assertEqual(digest(), before)
        self.assertEqual(self.sql("SELECT count(*) FROM expansion"), [(0,)])

if __name__ == "__main__":
    main()
