"""Recurrence expansion checked against an independent implementation.

Every example of RFC 5545 section 3.8.5.3 (America/New_York, across its DST
changes) and typical station rules in Asia/Ho_Chi_Minh are imported into a
station; `loa agenda --format csv` must list exactly the instants that
python3-dateutil's rrule computes for the same rule (Debian's
/usr/bin/python3). Several RFC examples are also checked against the
occurrences the RFC itself lists.
"""
import datetime as dt
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import StationTest, main, tone  # noqa: E402

from dateutil import rrule as du  # noqa: E402
from dateutil import tz as dutz  # noqa: E402

NY = "America/New_York"

# (dtstart, rule, exdates) for each RFC 5545 3.8.5.3 example, in its order.
RFC = [
    ("19970902T090000", "FREQ=DAILY;COUNT=10", []),
    ("19970902T090000", "FREQ=DAILY;UNTIL=19971224T000000Z", []),
    ("19970902T090000", "FREQ=DAILY;INTERVAL=2", []),
    ("19970902T090000", "FREQ=DAILY;INTERVAL=10;COUNT=5", []),
    ("19980101T090000", "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA", []),
    ("19980101T090000", "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1", []),
    ("19970902T090000", "FREQ=WEEKLY;COUNT=10", []),
    ("19970902T090000", "FREQ=WEEKLY;UNTIL=19971224T000000Z", []),
    ("19970902T090000", "FREQ=WEEKLY;INTERVAL=2;WKST=SU", []),
    ("19970902T090000", "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", []),
    ("19970902T090000", "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", []),
    ("19970901T090000", "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR", []),
    ("19970902T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", []),
    ("19970905T090000", "FREQ=MONTHLY;COUNT=10;BYDAY=1FR", []),
    ("19970905T090000", "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", []),
    ("19970907T090000", "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", []),
    ("19970922T090000", "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", []),
    ("19970928T090000", "FREQ=MONTHLY;BYMONTHDAY=-3", []),
    ("19970902T090000", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", []),
    ("19970930T090000", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", []),
    ("19970910T090000", "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", []),
    ("19970902T090000", "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", []),
    ("19970610T090000", "FREQ=YEARLY;COUNT=10;BYMONTH=6,7", []),
    ("19970310T090000", "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", []),
    ("19970101T090000", "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", []),
    ("19970519T090000", "FREQ=YEARLY;BYDAY=20MO", []),
    ("19970512T090000", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", []),
    ("19970313T090000", "FREQ=YEARLY;BYMONTH=3;BYDAY=TH", []),
    ("19970605T090000", "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", []),
    ("19970902T090000", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", ["19970902T090000"]),
    ("19970913T090000", "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", []),
    ("19961105T090000", "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8", []),
    ("19970904T090000", "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", []),
    ("19970929T090000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", []),
    ("19970902T090000", "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z", []),
    ("19970902T090000", "FREQ=MINUTELY;INTERVAL=15;COUNT=6", []),
    ("19970902T090000", "FREQ=MINUTELY;INTERVAL=90;COUNT=4", []),
    ("19970902T090000", "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40", []),
    ("19970902T090000", "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16", []),
    ("19970805T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", []),
    ("19970805T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", []),
    ("20070115T090000", "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", []),
]

# The occurrences RFC 5545 itself lists (local times in New York), for
# examples whose list is complete: index into RFC -> list.
RFC_LISTED = {
    0: ["1997-09-02T09:00", "1997-09-03T09:00", "1997-09-04T09:00", "1997-09-05T09:00",
        "1997-09-06T09:00", "1997-09-07T09:00", "1997-09-08T09:00", "1997-09-09T09:00",
        "1997-09-10T09:00", "1997-09-11T09:00"],
    3: ["1997-09-02T09:00", "1997-09-12T09:00", "1997-09-22T09:00", "1997-10-02T09:00",
        "1997-10-12T09:00"],
    13: ["1997-09-05T09:00", "1997-10-03T09:00", "1997-11-07T09:00", "1997-12-05T09:00",
         "1998-01-02T09:00", "1998-02-06T09:00", "1998-03-06T09:00", "1998-04-03T09:00",
         "1998-05-01T09:00", "1998-06-05T09:00"],
    16: ["1997-09-22T09:00", "1997-10-20T09:00", "1997-11-17T09:00", "1997-12-22T09:00",
         "1998-01-19T09:00", "1998-02-16T09:00"],
    31: ["1996-11-05T09:00", "2000-11-07T09:00"],
    32: ["1997-09-04T09:00", "1997-10-07T09:00", "1997-11-06T09:00"],
    # The RFC lists 15:00 too, but its UNTIL (17:00Z) is 13:00 in New York:
    # a known erratum of the example; dateutil agrees with loa here.
    34: ["1997-09-02T09:00", "1997-09-02T12:00"],
    36: ["1997-09-02T09:00", "1997-09-02T10:30", "1997-09-02T12:00", "1997-09-02T13:30"],
    39: ["1997-08-05T09:00", "1997-08-10T09:00", "1997-08-19T09:00", "1997-08-24T09:00"],
    40: ["1997-08-05T09:00", "1997-08-17T09:00", "1997-08-19T09:00", "1997-08-31T09:00"],
    41: ["2007-01-15T09:00", "2007-01-30T09:00", "2007-02-15T09:00", "2007-03-15T09:00",
         "2007-03-30T09:00"],
}

HCM = "Asia/Ho_Chi_Minh"
# Typical commune station rules (what `loa slot add --at` writes, and more).
STATION = [
    ("20240101T060000", "FREQ=DAILY;BYHOUR=6,17;BYMINUTE=0;BYDAY=MO,TU,WE,TH,FR,SA;UNTIL=20240331T165959Z",
     ["20240208T060000", "20240208T170000", "20240209T060000", "20240209T170000"]),
    ("20240101T053000", "FREQ=WEEKLY;BYDAY=MO,WE,FR", []),
    ("20240105T190000", "FREQ=MONTHLY;BYDAY=-1FR", []),
    ("20240115T163000", "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=12", []),
    ("20240101T113000", "FREQ=DAILY;INTERVAL=2;UNTIL=20241231T235959Z", []),
    ("20240301T070000", "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=1", []),
    ("20240102T063000", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=20", ["20240104T063000"]),
]


def calendar(zone, rules):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//loa tests//EN"]
    for i, (start, rule, exdates) in enumerate(rules):
        lines += ["BEGIN:VEVENT", "UID:rule-%d@loa.test" % i, "SUMMARY:rule %d" % i,
                  "DTSTART;TZID=%s:%s" % (zone, start), "RRULE:" + rule]
        if exdates:
            lines.append("EXDATE;TZID=%s:%s" % (zone, ",".join(exdates)))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def dateutil_instants(zone, start, rule, exdates, lo, hi):
    z = dutz.gettz(zone)
    dtstart = dt.datetime.strptime(start, "%Y%m%dT%H%M%S").replace(tzinfo=z)
    rs = du.rruleset()
    rr = du.rrulestr(rule, dtstart=dtstart)
    # RFC 5545 counts DTSTART as the first occurrence even when the rule
    # does not make it (dateutil, like libical's iterator, leaves it out);
    # COUNT includes it.
    first = next(iter(rr), None)
    if first != dtstart:
        rs.rdate(dtstart)
        if rr._count:
            rr = rr.replace(count=rr._count - 1)
    rs.rrule(rr)
    for x in exdates:
        rs.exdate(dt.datetime.strptime(x, "%Y%m%dT%H%M%S").replace(tzinfo=z))
    return [d.astimezone(dt.timezone.utc) for d in rs.between(lo, hi, inc=True) if lo <= d < hi]


class RecurrenceTest(StationTest):
    create_station = False

    def check(self, zone, rules, lo, hi, listed=None):
        self.db = self.path("st-%s" % zone.replace("/", "-"), "station.db")
        self.loa("init", "--tz", zone)
        ics = self.path("rules.ics")
        with open(ics, "w", encoding="utf-8") as f:
            f.write(calendar(zone, rules))
        self.loa("slot", "import", ics)
        r = self.loa("agenda", "--from", lo.isoformat(), "--to", hi.isoformat(), "--format", "csv")
        got = {}
        for row in r.csv():
            got.setdefault(int(row["slot"]), []).append(
                dt.datetime.fromisoformat(row["start"]).astimezone(dt.timezone.utc))
        for i, (start, rule, exdates) in enumerate(rules):
            want = dateutil_instants(zone, start, rule, exdates, lo, hi)
            self.assertTrue(want, "rule %d has no occurrence in the window" % i)
            self.assertEqual(got.get(i + 1, []), want, "rule %d: %s (DTSTART %s)" % (i, rule, start))
            if listed and i in listed:
                z = dutz.gettz(zone)
                local = [d.astimezone(z).strftime("%Y-%m-%dT%H:%M") for d in got[i + 1]]
                self.assertEqual(local[:len(listed[i])], listed[i], "RFC list, example %d" % i)
                if "COUNT" in rule or "UNTIL" in rule:
                    self.assertEqual(local, listed[i], "RFC list, example %d" % i)

    def test_rfc5545_examples_new_york(self):
        lo = dt.datetime(1996, 1, 1, tzinfo=dt.timezone.utc)
        hi = dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)
        # One example (2007) lies outside; check it in its own window below.
        self.check(NY, RFC[:-1], lo, hi, RFC_LISTED)

    def test_rfc5545_invalid_dates_ignored(self):
        lo = dt.datetime(2007, 1, 1, tzinfo=dt.timezone.utc)
        hi = dt.datetime(2008, 1, 1, tzinfo=dt.timezone.utc)
        self.check(NY, RFC[-1:], lo, hi, {0: RFC_LISTED[41]})

    def test_dst_is_applied_after_the_rule(self):
        # 09:00 New York stays 09:00 local across the DST change of
        # 1997-10-26: 13:00Z before, 14:00Z after.
        lo = dt.datetime(1997, 10, 20, tzinfo=dt.timezone.utc)
        hi = dt.datetime(1997, 11, 1, tzinfo=dt.timezone.utc)
        self.check(NY, [RFC[2]], lo, hi)

    def test_station_rules_ho_chi_minh(self):
        lo = dt.datetime(2023, 12, 1, tzinfo=dt.timezone.utc)
        hi = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        self.check(HCM, STATION, lo, hi)

    def test_start_off_the_rule_airs_first(self):
        # RFC 5545 counts DTSTART as the first occurrence even when the rule
        # does not make it, and calendar programs list it: 15/01/2027 is a
        # Friday but not the last of January. It airs, loa says so when the
        # slot is added or imported, and it is one of COUNT's.
        self.db = self.path("st", "station.db")
        self.loa("init", "--tz", HCM)
        tone(self.path("a.wav"), seconds=1.0)
        self.loa("clip", "add", self.path("a.wav"), "--title", "Họp dân")
        rule = "FREQ=MONTHLY;BYDAY=-1FR"
        r = self.loa("slot", "add", "--clip", "1", "--start", "2027-01-15T09:00", "--rrule", rule)
        self.assertIn("warning: the start, 15/01/2027 09:00, is not on the rule 'FREQ=MONTHLY;BYDAY=-1FR': "
                      "RFC 5545 airs it as an extra first airing\n", r.err)
        lo = dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)
        hi = dt.datetime(2027, 5, 1, tzinfo=dt.timezone.utc)

        def starts(slot):
            rows = self.loa("agenda", "--from", "2027-01-01", "--to", "2027-05-01", "--format", "csv").csv()
            return [row["start"] for row in rows if row["slot"] == str(slot)]
        self.assertEqual(starts(1), ["2027-01-15T09:00:00+07:00", "2027-01-29T09:00:00+07:00",
                                     "2027-02-26T09:00:00+07:00", "2027-03-26T09:00:00+07:00",
                                     "2027-04-30T09:00:00+07:00"])
        z = dutz.gettz(HCM)
        want = dateutil_instants(HCM, "20270115T090000", rule, [], lo, hi)
        self.assertEqual(starts(1), [d.astimezone(z).isoformat() for d in want])
        # COUNT=3: the start and the next two last Fridays.
        r = self.loa("slot", "add", "--clip", "1", "--start", "2027-01-15T10:00", "--rrule", rule + ";COUNT=3")
        self.assertIn("is not on the rule", r.err)
        self.assertEqual(starts(2), ["2027-01-15T10:00:00+07:00", "2027-01-29T10:00:00+07:00",
                                     "2027-02-26T10:00:00+07:00"])
        # A start on the rule: no warning, and no extra airing.
        r = self.loa("slot", "add", "--clip", "1", "--start", "2027-01-29T11:00", "--rrule", rule)
        self.assertNotIn("is not on the rule", r.err)
        self.assertEqual(starts(3)[:2], ["2027-01-29T11:00:00+07:00", "2027-02-26T11:00:00+07:00"])
        # Imported, the warning names the file's line and the event.
        ics = self.path("hop.ics")
        with open(ics, "w", encoding="utf-8") as f:
            f.write(calendar(HCM, [("20270115T140000", rule, [])]))
        r = self.loa("slot", "import", ics)
        self.assertIn("hop.ics line 7: the start of event 'rule-0@loa.test', 15/01/2027 14:00, is not on its "
                      "rule 'FREQ=MONTHLY;BYDAY=-1FR': RFC 5545 airs it as an extra first airing", r.err)
        self.assertEqual(starts(4)[:2], ["2027-01-15T14:00:00+07:00", "2027-01-29T14:00:00+07:00"])


if __name__ == "__main__":
    main()
