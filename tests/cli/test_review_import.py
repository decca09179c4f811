"""What imports read (issue 17, items 7, 11 and 12), each fault reproduced
as the hostile review did it, on the real binary and real files.

7.  A rule's airings were limited in its first year only (a rule airing
    86,400 times on 29 February was imported in March), the agenda had no
    memory bound, and libical kept only 500 values of an EXDATE or RDATE.
11. ATTACH and M3U entries outside the calendar's or playlist's folder were
    read, and `file://localhost/x` was taken as a relative path.
12. FIFOs hung `clip add`, `playlist import` and `slot import`;
    `--config /dev/zero` grew without bound; a 5 GB file was hashed before
    its size was checked.

Every test here failed on the main the review looked at.
"""
import datetime
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, StationTest, main, tone  # noqa: E402

HOURS = ",".join(str(h) for h in range(24))
SIXTY = ",".join(str(m) for m in range(60))
# The review's rule: nothing in its first year from 1 March 2025, then
# every second of 29 February 2028.
LEAP = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=%s;BYMINUTE=%s;BYSECOND=%s" % (HOURS, SIXTY, SIXTY)
HANG = 15  # seconds: what "promptly" may take on a loaded machine, and when a hang is called


def sanitized():
    """True when the loa binary is built with AddressSanitizer."""
    r = subprocess.run(["ldd", LOA], capture_output=True, text=True)
    return "libasan" in r.stdout


def calendar(*events):
    """A calendar of events, each a list of property lines after its UID."""
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//loa review//EN"]
    for k, props in enumerate(events):
        out += ["BEGIN:VEVENT", "UID:review-%d@loa.test" % k, "SUMMARY:Tin %d" % k] + props + ["END:VEVENT"]
    return "\r\n".join(out + ["END:VCALENDAR", ""])


def days(start, n, fmt):
    return [(start + datetime.timedelta(days=i)).strftime(fmt) for i in range(n)]


class ReviewTest(StationTest):
    def write(self, rel, text):
        path = self.path(rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def timed(self, *args, expect=1, limit=HANG, **kw):
        """Runs loa, which must end within limit seconds with status expect."""
        t0 = time.monotonic()
        try:
            r = self.run_loa(*args, timeout=limit, **kw)
        except subprocess.TimeoutExpired:
            self.fail("loa %s still runs after %d s (it hangs)" % (" ".join(map(str, args)), limit))
        took = time.monotonic() - t0
        self.assertEqual(r.rc, expect, "loa %s\n%r" % (" ".join(map(str, args)), r))
        return r, took

    def clips(self):
        return self.loa("clip", "list", "--format", "csv").csv()

    def agenda(self, frm, to):
        return self.loa("agenda", "--from", frm, "--to", to, "--format", "json").json()


class RuleLimitTest(ReviewTest):
    """7. The limit on a rule's airings held for its first year only."""

    def test_leap_day_rule_is_refused_at_import_add_and_edit(self):
        ics = self.write("lich.ics", calendar(["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T000000", "RRULE:" + LEAP]))
        r = self.loa("slot", "import", ics, expect=1)
        self.assertIn("line 8: the event 'review-0@loa.test' is refused: it airs more often than loa allows: "
                      "up to 86400 times on one day, and loa allows 144 a day", r.err)
        self.assertIn("nothing was imported", r.err)
        self.assertEqual(self.loa("slot", "list", "--format", "csv").csv(), [])
        tone(self.path("a.wav"), seconds=0.5)
        self.loa("clip", "add", self.path("a.wav"))
        r = self.loa("slot", "add", "--clip", "1", "--start", "2025-03-01T00:00", "--rrule", LEAP, expect=2)
        self.assertIn("--rrule '%s' is refused: it airs more often than loa allows: up to 86400 times on one day" % LEAP,
                      r.err)
        self.loa("slot", "add", "--clip", "1", "--start", "2025-03-01T06:00", "--rrule", "FREQ=DAILY")
        r = self.loa("slot", "edit", "1", "--rrule", LEAP, expect=2)
        self.assertIn("up to 86400 times on one day", r.err)
        # An hourly, minutely or secondly rule counts by its INTERVAL.
        r = self.loa("slot", "add", "--clip", "1", "--start", "2025-03-01T06:00", "--rrule",
                     "FREQ=MINUTELY;INTERVAL=5;BYMONTH=2;BYMONTHDAY=29", expect=2)
        self.assertIn("up to 288 times on one day", r.err)
        # So do RDATE dates that fall on one day.
        many = ",".join("20280229T%02d%02d00" % (h, m) for h in range(24) for m in range(0, 60, 5))
        ics = self.write("rdate.ics", calendar(["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T000000",
                                                "RDATE;TZID=Asia/Ho_Chi_Minh:" + many]))
        r = self.loa("slot", "import", ics, expect=1)
        self.assertIn("up to 288 times on one day", r.err)
        # A busy rule within the limit is still taken, on its leap day too.
        busy = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=%s;BYMINUTE=0,10,20,30,40,50" % HOURS
        self.loa("slot", "add", "--clip", "1", "--start", "2025-03-01T00:00", "--rrule", busy)
        self.loa("slot", "add", "--clip", "1", "--start", "2025-03-01T06:00",
                 "--rrule", "FREQ=DAILY;BYHOUR=6,7,8,9,10,11,12,13,14,15,16,17;BYMINUTE=0,15,30,45")
        rows = self.agenda("2028-02-29", "2028-03-01")
        self.assertEqual(sum(1 for r in rows if r["slot"] == 2), 144)
        self.assertEqual(sum(1 for r in rows if r["slot"] == 3), 48)

    def test_agenda_of_an_older_station_is_bounded(self):
        # Ten such slots imported by the release before (made here by
        # writing the rule into the station, as that release stored it):
        # 864,000 airings on one day. The agenda refuses them in bounded
        # memory, naming a slot, instead of filling the PC's memory.
        tone(self.path("a.wav"), seconds=0.5)
        self.loa("clip", "add", self.path("a.wav"))
        for _ in range(10):
            self.loa("slot", "add", "--clip", "1", "--start", "2025-03-01T00:00",
                     "--rrule", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
        db = sqlite3.connect(self.db)
        db.execute("UPDATE slot SET vevent = replace(vevent, 'RRULE:FREQ=YEARLY', 'RRULE:%s')" % LEAP.replace(
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY"))
        db.commit()
        db.close()
        p = subprocess.Popen([LOA, "--db", self.db, "agenda", "--from", "2028-02-29", "--to", "2028-03-01",
                              "--format", "csv"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        err = []
        reader = threading.Thread(target=lambda: err.append(p.stderr.read()))
        reader.start()
        killer = threading.Timer(300, p.kill)
        killer.start()
        _pid, status, usage = os.wait4(p.pid, 0)
        killer.cancel()
        reader.join()
        p.stderr.close()
        p.returncode = os.waitstatus_to_exitcode(status)
        self.assertEqual(p.returncode, 1, err[0][-2000:])
        self.assertIn("cannot build the agenda: its airings would take more than 128 MB of memory (slot ", err[0])
        self.assertIn("alone has 86400 airings in the period)", err[0])
        if not sanitized():
            self.assertLess(usage.ru_maxrss, 300 * 1024, "kB of memory used")


class LongListTest(ReviewTest):
    """7. libical 3.0.16 kept 500 values of an EXDATE or RDATE."""

    def test_every_one_of_600_exdates_and_rdates_holds(self):
        first = datetime.date(2025, 3, 1)
        ex = days(first, 600, "%Y%m%dT060000")
        exd = days(first, 600, "%Y%m%d")
        rd = days(datetime.date(2027, 1, 2), 600, "%Y%m%dT070000")
        ics = self.write("lich.ics", calendar(
            ["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T060000", "RRULE:FREQ=DAILY;UNTIL=20270101T000000Z",
             "EXDATE;TZID=Asia/Ho_Chi_Minh:" + ",".join(ex)],
            ["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T063000", "RRULE:FREQ=DAILY;UNTIL=20270101T000000Z",
             "EXDATE;VALUE=DATE:" + ",".join(exd)],
            ["DTSTART;TZID=Asia/Ho_Chi_Minh:20270101T070000", "RDATE;TZID=Asia/Ho_Chi_Minh:" + ",".join(rd)]))
        self.loa("slot", "import", ics)
        rule = lambda slot: self.loa("slot", "show", slot, "--format", "json").json()["rule"]  # noqa: E731
        for slot in ("1", "2"):
            self.assertIn("except 600 date(s)", rule(slot))
        self.assertIn("plus 600 extra date(s)", rule("3"))
        # Not one of the 600 excluded days airs; the day after them does.
        rows = self.agenda("2025-03-01", "2026-10-23")
        self.assertEqual([r["nominal_start"][:10] for r in rows if r["slot"] in (1, 2)],
                         ["2026-10-22", "2026-10-22"])
        rows = self.agenda("2027-01-01", "2029-01-01")
        self.assertEqual(len([r for r in rows if r["slot"] == 3]), 601)


class OutsideTest(ReviewTest):
    """11. ATTACH and M3U entries outside the folder were read."""

    def layout(self, top, secret):
        """top/cal/ (the calendar and playlists), top/secret/x.wav if secret."""
        os.makedirs(self.path(top, "cal"), exist_ok=True)
        if secret:
            os.makedirs(self.path(top, "secret"), exist_ok=True)
            tone(self.path(top, "secret", "x.wav"), seconds=0.5, freq=550)
        return self.path(top)

    def station(self, name):
        self.db = self.path(name, "station.db")
        self.loa("init", "--tz", "Asia/Ho_Chi_Minh")

    def test_attach_outside_is_not_read_and_says_nothing_of_it(self):
        errs = {}
        for top, secret in (("a", True), ("b", False)):
            base = self.layout(top, secret)
            os.symlink("../secret/x.wav", os.path.join(base, "cal", "link.wav"))
            ics = self.write(os.path.join(top, "cal", "lich.ics"), calendar(
                ["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T060000", "ATTACH:../secret/x.wav"],
                ["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T070000", "ATTACH:file://%s/secret/x.wav" % base],
                ["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T080000",
                 "ATTACH:file://localhost%s/secret/x.wav" % base],
                ["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T090000", "ATTACH:link.wav"]))
            self.station(top + "-station")
            r = self.loa("slot", "import", ics)
            self.assertEqual(r.err.count("outside the calendar's folder"), 4, r.err)
            self.assertEqual(self.clips(), [])
            errs[top] = r.err.replace(base, "<top>")
        self.assertEqual(errs["a"], errs["b"])
        self.assertIn("line 8: ATTACH names a file outside the calendar's folder '<top>/cal'; loa does not read it: "
                      "'<top>/cal/../secret/x.wav'", errs["a"])
        self.assertIn("--allow-outside", errs["a"])
        # Trusted: the file is read.
        self.station("c-station")
        self.loa("slot", "import", self.path("a", "cal", "lich.ics"), "--allow-outside")
        self.assertEqual(len(self.clips()), 1)

    def test_file_localhost_names_an_absolute_path(self):
        base = self.layout("a", False)
        tone(self.path("a", "cal", "in.wav"), seconds=0.5)
        ics = self.write(os.path.join("a", "cal", "lich.ics"), calendar(
            ["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T060000", "ATTACH:file://localhost%s/cal/in.wav" % base]))
        self.loa("slot", "import", ics)
        self.assertEqual([c["original_name"] for c in self.clips()], ["in.wav"])
        m3u = self.write(os.path.join("a", "cal", "p.m3u"), "#EXTM3U\nfile://LOCALHOST%s/cal/in.wav\n" % base)
        self.loa("playlist", "import", m3u)
        self.assertEqual(self.loa("playlist", "show", "p", "--format", "csv").csv()[0]["clip"], "1")

    def test_m3u_outside_is_refused_the_same_whether_or_not_it_exists(self):
        errs = {}
        for top, secret in (("a", True), ("b", False)):
            base = self.layout(top, secret)
            for name, line in (("up", "../secret/x.wav"), ("abs", "file://%s/secret/x.wav" % base),
                               ("plain", "%s/secret/x.wav" % base)):
                m3u = self.write(os.path.join(top, "cal", name + ".m3u"), "#EXTM3U\n#EXTINF:1,X\n" + line + "\n")
                self.station("%s-%s-station" % (top, name))
                r = self.loa("playlist", "import", m3u, expect=1)
                self.assertIn("it is outside the folder", r.err)
                self.assertIn("nothing was imported", r.err)
                self.assertEqual(self.clips(), [])
                errs[top, name] = r.err.replace(base, "<top>")
            # A calendar's ATTACHed programme may not reach out either.
            ics = self.write(os.path.join(top, "cal", "lich.ics"), calendar(
                ["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T060000", "ATTACH:up.m3u"]))
            self.station(top + "-ics-station")
            r = self.loa("slot", "import", ics, expect=1)
            errs[top, "ics"] = r.err.replace(base, "<top>")
            self.assertEqual(self.clips(), [])
        for name in ("up", "abs", "plain", "ics"):
            self.assertEqual(errs["a", name], errs["b", name], name)
        self.assertIn("cannot read audio file '<top>/cal/../secret/x.wav': it is outside the folder '<top>/cal'",
                      errs["a", "up"])
        # Trusted: read.
        self.station("c-station")
        self.loa("playlist", "import", self.path("a", "cal", "up.m3u"), "--allow-outside")
        self.assertEqual(len(self.clips()), 1)


class SpecialFileTest(ReviewTest):
    """12. Blocking and unbounded reads."""

    def test_fifos_are_refused_at_once(self):
        for name in ("f.wav", "f.m3u", "f.ics", "f.conf", "f.db", os.path.join("d", "a.wav"),
                     os.path.join("cal", "f.wav")):
            os.makedirs(os.path.dirname(self.path(name)), exist_ok=True)
            os.mkfifo(self.path(name))
        tone(self.path("cal", "ok.wav"), seconds=0.5)
        self.write(os.path.join("cal", "p.m3u"), "#EXTM3U\nok.wav\nf.wav\n")
        ics = self.write(os.path.join("cal", "lich.ics"), calendar(
            ["DTSTART;TZID=Asia/Ho_Chi_Minh:20250301T060000", "ATTACH:f.wav"]))
        for args in (["clip", "add", self.path("f.wav")],
                     ["clip", "add", self.path("d")],
                     ["playlist", "import", self.path("f.m3u")],
                     ["playlist", "import", self.path("cal", "p.m3u")],
                     ["slot", "import", self.path("f.ics")],
                     ["slot", "import", ics],
                     ["--config", self.path("f.conf"), "config"]):
            r, _ = self.timed(*args)
            self.assertIn("is not a regular file (a named pipe)", r.err, args)
        r, _ = self.timed("--db", self.path("f.db"), "station", db=False)
        self.assertIn("cannot open station: '%s' is not a regular file" % self.path("f.db"), r.err)
        self.assertEqual(self.clips(), [])
        self.assertEqual(self.loa("playlist", "list", "--format", "csv").csv(), [])

    def test_config_device_is_refused_unread(self):
        zero = self.path("zero")
        try:
            os.mknod(zero, 0o444 | stat.S_IFCHR, os.makedev(1, 5))
        except PermissionError:
            zero = "/dev/zero"  # read only, never written
        r, took = self.timed("--config", zero, "config", limit=5)
        self.assertIn("cannot read the configuration file '%s': it is not a regular file (a device)" % zero, r.err)
        self.assertLess(took, 5)
        r, _ = self.timed("--config", zero, "report", "--year", "2025", "-o", self.path("r.json"))
        self.assertIn("is not a regular file (a device)", r.err)

    def test_five_gigabytes_are_refused_before_reading(self):
        big = self.path("usb", "big.wav")
        os.makedirs(self.path("usb"))
        with open(big, "wb") as f:
            f.truncate(5 << 30)  # sparse: no disk space, 5 GB to read
        r, took = self.timed("clip", "add", big, limit=60)
        self.assertIn("cannot read audio file '%s': the file is larger than 4 GiB" % big, r.err)
        self.assertLess(took, 2.0)
        m3u = self.write(os.path.join("usb", "p.m3u"), "#EXTM3U\nbig.wav\n")
        r, took = self.timed("playlist", "import", m3u, limit=60)
        self.assertIn("the file is larger than 4 GiB", r.err)
        self.assertLess(took, 2.0)


if __name__ == "__main__":
    main()
