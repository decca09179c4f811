"""Holidays (blackout days) one by one (issue 21): `loa slot blackout
list|add|rm`, GET|POST /api/v1/holidays, DELETE /api/v1/holidays/DATE and
POST /api/v1/holidays/import on a real station served by the real `loa web`
process, and the Ngày nghỉ panel of Lịch phát in headless Chromium.

The API's objects are the command line's (--format json), compared
parsed; a day added through either silences that day's normal airings in
`loa agenda` and on the page, and removing it gives them back. Every
change through the console is in the audit trail with the days before
and after; a wrong value is 422 naming its field, a day already a holiday
409, a viewer may only read. Screenshots go to $LOA_BUILD/screens/.
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from test_web_api import ApiChecks  # noqa: E402
from test_web_browser import SIZES, BrowserChecks, browser, webdriver  # noqa: E402
from webtest import VIEWER, Client, WebTest  # noqa: E402

if webdriver is not None:
    from selenium.webdriver.common.by import By

# The shared slot airs 06:00 and 17:00, Monday 4 to Saturday 9 March 2024
# (the clock: Monday 4 March, 05:00).
MON, NEXT_MON = "2024-03-04", "2024-03-11"
HOLIDAY_ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//xa//ngay nghi//VI\r
BEGIN:VEVENT\r
UID:le-2024-03-06@xa\r
DTSTAMP:20240101T000000Z\r
DTSTART;VALUE=DATE:20240306\r
DTEND;VALUE=DATE:20240307\r
SUMMARY:Lễ của xã\r
END:VEVENT\r
END:VCALENDAR\r
"""


class HolidayChecks:
    def write(self, c, method, path, body=None, headers=None, raw=None):
        h = {"X-CSRF-Token": c.csrf}
        h.update(headers or {})
        return c.request(method, path, body, headers=h, raw=raw)

    def cli_days(self):
        r = self.cli("slot", "blackout", "list", "--format", "json")
        self.assertEqual(r.rc, 0, r)
        return r.json()

    def agenda_of(self, day):
        """`loa agenda`'s airings of one day: [start, status, note]."""
        rows = self.cli("agenda", "--from", MON, "--to", NEXT_MON, "--format", "json").json()
        return [(a["start"], a["status"], a["note"]) for a in rows if a["start"].startswith(day)]


class HolidaysApiTest(HolidayChecks, ApiChecks, WebTest):

    def audit_of(self, action, obj):
        return [e for e in self.audit(action) if e["object"] == obj]

    def test_add_list_and_remove_as_the_command_line(self):
        c = self.client()
        before = self.agenda_of("2024-03-08")
        self.assertEqual([s for _, s, _ in before], ["plays", "plays"])
        r = self.write(c, "POST", "/api/v1/holidays", {"date": "2024-03-08", "title": "Ngày hội của xã"})
        self.assertEqual(r.status, 201, r)
        added = r.json()
        self.assertEqual(added, [{"day": "2024-03-08", "title": "Ngày hội của xã", "uid": "loa-blackout-20240308"}])
        # The API's list is the command line's, and the old address says the same.
        listed = c.get("/api/v1/holidays").json()
        self.assertEqual(listed, self.cli_days())
        self.assertEqual(c.get("/api/v1/blackouts").json(), listed)
        self.assertIn(added[0], listed)
        # That day's airings are skipped, with the holiday as the reason.
        after = self.agenda_of("2024-03-08")
        self.assertEqual([(t, s) for t, s, _ in after], [(t, "skipped") for t, _, _ in before])
        self.assertTrue(all("blackout" in n or "holiday" in n for _, _, n in after), after)
        # Audited: who, and the day added.
        (e,) = self.audit_of("blackout.add", "loa-blackout-20240308")
        self.assertEqual(e["user"], "can.bo")
        self.assertEqual((e["before"], json.loads(e["after"])), (None, added))
        # Removed: the airings come back; the trail has the day as it was.
        r = self.write(c, "DELETE", "/api/v1/holidays/2024-03-08")
        self.assertEqual(r.status, 204, r)
        self.assertEqual(self.agenda_of("2024-03-08"), before)
        self.assertNotIn(added[0], self.cli_days())
        (e,) = self.audit_of("blackout.rm", "2024-03-08")
        self.assertEqual((json.loads(e["before"]), e["after"]), (added, None))
        # Again: there is no such holiday now.
        self.assert_error(self.write(c, "DELETE", "/api/v1/holidays/2024-03-08"), 404)

    def test_a_run_of_days_typed_as_the_officer_writes_them(self):
        c = self.client()
        r = self.write(c, "POST", "/api/v1/holidays", {"from": "15/4/2024", "to": "17/4/2024", "title": "Lễ"})
        self.assertEqual(r.status, 201, r)
        days = r.json()
        self.assertEqual([d["day"] for d in days], ["2024-04-15", "2024-04-16", "2024-04-17"])
        self.assertEqual({d["uid"] for d in days}, {"loa-blackout-20240415-20240417"})
        for d in days:
            self.assertIn(d, self.cli_days())
        # "date" with "to" is a run as well.
        r = self.write(c, "POST", "/api/v1/holidays", {"date": "1/10/2024", "to": "2/10/2024"})
        self.assertEqual([d["day"] for d in r.json()], ["2024-10-01", "2024-10-02"])
        # One event in the export, as a calendar's holiday of three days.
        cal = self.cli("slot", "export").out
        self.assertEqual(cal.count("UID:loa-blackout-20240415-20240417"), 1)
        # One day of it removed by the command line: the others stay.
        self.cli("slot", "blackout", "rm", "16/04/2024")
        self.assertEqual([d["day"] for d in c.get("/api/v1/holidays").json() if d["uid"].endswith("20240417")],
                         ["2024-04-15", "2024-04-17"])

    def test_refusals_name_their_field_and_change_nothing(self):
        c = self.client("vi")
        self.assertEqual(self.write(c, "POST", "/api/v1/holidays", {"date": "2024-05-01"}).status, 201)
        n = len(self.cli_days())
        e = self.assert_error(self.write(c, "POST", "/api/v1/holidays", {"from": "30/4/2024", "to": "2/5/2024"}),
                              409, "date")
        self.assertIn("01/05/2024", e["error"])
        e = self.assert_error(self.write(c, "POST", "/api/v1/holidays", {"from": "10/5/2024", "to": "9/5/2024"}),
                              422, "to")
        self.assertIn("09/05/2024", e["error"])
        e = self.assert_error(self.write(c, "POST", "/api/v1/holidays", {"date": "31/02/2024"}), 422, "date")
        self.assertIn("31/02/2024", e["error"])
        self.assertTrue(e["hint"])
        self.assert_error(self.write(c, "POST", "/api/v1/holidays", {"from": "1/6/2024", "to": "2/6/2025"}), 422,
                          "to")
        self.assert_error(self.write(c, "POST", "/api/v1/holidays", {"date": "1/6/2024", "from": "1/6/2024"}),
                          422, "from")
        self.assert_error(self.write(c, "POST", "/api/v1/holidays", {"date": "1/6/2024", "title": "a\nb"}), 422,
                          "title")
        self.assert_error(self.write(c, "POST", "/api/v1/holidays", {"day": "1/6/2024"}), 422, "day")
        self.assert_error(self.write(c, "POST", "/api/v1/holidays", {"title": "Lễ"}), 422, "date")
        self.assert_error(self.write(c, "DELETE", "/api/v1/holidays/mai"), 404)
        self.assertEqual(len(self.cli_days()), n)
        # Vietnamese for a Vietnamese browser.
        e = self.write(c, "POST", "/api/v1/holidays", {"date": "2024-05-01"}).json()
        self.assertIn("ngày nghỉ", e["error"])

    def test_a_viewer_reads_and_every_change_needs_the_token(self):
        v = self.client(user=VIEWER)
        self.assertEqual(v.get("/api/v1/holidays").json(), self.cli_days())
        self.assert_error(self.write(v, "POST", "/api/v1/holidays", {"date": "2024-07-01"}), 403)
        self.assert_error(self.write(v, "POST", "/api/v1/holidays/import", raw=HOLIDAY_ICS.encode(),
                                     headers={"Content-Type": "text/calendar"}), 403)
        c = self.client()
        self.assert_error(c.request("POST", "/api/v1/holidays", {"date": "2024-07-01"}), 403)
        self.assertEqual(Client(self.port).get("/api/v1/holidays").status, 401)
        self.assertNotIn("2024-07-01", [d["day"] for d in self.cli_days()])

    def test_import_of_a_holiday_calendar(self):
        c = self.client()
        r = self.write(c, "POST", "/api/v1/holidays/import?name=le-xa.ics", raw=HOLIDAY_ICS.encode(),
                       headers={"Content-Type": "text/calendar"})
        self.assertEqual(r.status, 200, r)
        rep = r.json()
        self.assertEqual((rep["file"], rep["blackout_days"], rep["added"]), ("le-xa.ics", 1, []))
        self.assertIn({"day": "2024-03-06", "title": "Lễ của xã", "uid": "le-2024-03-06@xa"}, self.cli_days())
        (e,) = self.audit_of("blackout.import", "le-xa.ics")
        self.assertEqual(json.loads(e["after"]), {"blackout_days": 1})
        self.assertEqual([s for _, s, _ in self.agenda_of("2024-03-06")], ["skipped", "skipped"])
        self.cli("slot", "blackout", "rm", "2024-03-06")
        self.assertEqual([s for _, s, _ in self.agenda_of("2024-03-06")], ["plays", "plays"])

    def test_the_command_line(self):
        r = self.cli("slot", "blackout", "add", "2/9/2024", "--to", "3/9/2024", "--title", "Quốc khánh")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("02/09/2024", r.out)
        days = [d for d in self.client().get("/api/v1/holidays").json() if d["title"] == "Quốc khánh"]
        self.assertEqual([d["day"] for d in days], ["2024-09-02", "2024-09-03"])
        r = self.cli("slot", "blackout", "add", "3/9/2024", lang="vi")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("03/09/2024", r.err)
        self.assertIn("Quốc khánh", r.err)
        r = self.cli("slot", "blackout", "add", "31/9/2024")
        self.assertEqual(r.rc, 2, r)
        self.assertIn("31/9/2024", r.err)
        r = self.cli("slot", "blackout", "rm", "4/9/2024")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("4/9/2024", r.err)
        self.assertEqual(self.cli("slot", "blackout", "frob").rc, 2)
        csv = self.cli("slot", "blackout", "list", "--format", "csv").out.splitlines()
        self.assertEqual(csv[0], "day,title,uid")
        self.assertIn("2024-09-02,Quốc khánh,loa-blackout-20240902-20240903", csv)


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class HolidaysBrowserTest(HolidayChecks, BrowserChecks, WebTest):

    BLOCKS = ("return Array.from(document.querySelectorAll('#sc-week button.sc-block'))"
              ".filter(b => b.dataset.start.startsWith('%s')).map(b => [b.dataset.start, b.dataset.status])")

    def open_schedule(self, d):
        d.find_element(By.ID, "nav-schedule").click()
        self.wait(d, "return document.querySelector('#sc-week .sc-grid, #sc-week .sc-day')", "the week")

    def week_day(self, d, day, want, what):
        """The page's blocks of day once they are `loa agenda`'s."""
        want = sorted([t, s] for t, s, _ in want)
        got = self.wait(d, "const b = %s; return JSON.stringify(b.sort()) === %r && b;"
                        % (self.BLOCKS[7:] % day, json.dumps(want, separators=(",", ":"))), what)
        self.assertEqual(sorted(got), want)

    def test_officer_adds_removes_and_imports_holidays(self):
        d = browser("vi-VN,vi")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d)
            self.open_schedule(d)
            self.week_day(d, "2024-03-08", self.agenda_of("2024-03-08"), "Friday as loa agenda")
            self.assertEqual([s for _, s, _ in self.agenda_of("2024-03-08")], ["plays", "plays"])
            # No approval here: the key says nothing of it.
            self.assertFalse(d.find_element(By.ID, "sc-key-pending").is_displayed())
            panel = d.find_element(By.ID, "sc-holidays")
            self.assertIn("Ngày nghỉ", panel.text)
            # A day without one is refused beside the form.
            d.find_element(By.CSS_SELECTOR, "#sc-hol-form button[type=submit]").click()
            self.assertEqual(d.find_element(By.ID, "sc-hol-err").text, "Hãy chọn ngày nghỉ.")
            self.assertEqual(d.find_element(By.ID, "sc-hol-date").get_attribute("aria-invalid"), "true")
            # The day chosen on the calendar (the browser's own date field)
            # is written day first into the field.
            d.execute_script("const p = document.querySelector('#sc-hol-form .sc-picker');"
                             "p.value = '2024-03-08'; p.dispatchEvent(new Event('change'));")
            self.assertEqual(d.find_element(By.ID, "sc-hol-date").get_attribute("value"), "08/03/2024")
            d.find_element(By.ID, "sc-hol-title").send_keys("Ngày hội của xã")
            d.find_element(By.CSS_SELECTOR, "#sc-hol-form button[type=submit]").click()
            msg = self.wait(d, "return document.getElementById('sc-hol-msg').textContent", "the holiday added")
            self.assertEqual(msg, "Đã thêm ngày nghỉ 08/03/2024 (Ngày hội của xã).")
            items = self.wait(d, "return document.getElementById('sc-blackouts').textContent.includes('08/03/2024')"
                              " && document.getElementById('sc-blackouts').textContent", "the holiday listed")
            self.assertIn("T6 08/03/2024", items)
            self.assertIn("Ngày hội của xã", items)
            # Friday's airings are skipped, on the page as in `loa agenda`.
            now = self.agenda_of("2024-03-08")
            self.assertEqual([s for _, s, _ in now], ["skipped", "skipped"])
            self.week_day(d, "2024-03-08", now, "Friday skipped")
            block = d.find_element(By.CSS_SELECTOR, "#sc-week button.sc-block[data-start^='2024-03-08']").text
            self.assertIn("không phát: ngày tạm ngừng phát", block)
            self.assertIn("Ngày hội của xã", block)
            self.assertEqual([x["day"] for x in self.cli_days()], ["2024-03-08"])
            for name, w, h in SIZES:
                d.set_window_size(w, h)
                d.execute_script("document.getElementById('sc-holidays').scrollIntoView()")
                self.assert_fits(d, "Ngày nghỉ (%s)" % name)
                self.shot(d, "schedule-holidays-" + name)
            d.set_window_size(1366, 900)

            # Removed, after a confirmation naming the day.
            li = d.find_element(By.CSS_SELECTOR, "#sc-blackouts li[data-day='2024-03-08']")
            li.find_element(By.CSS_SELECTOR, ".sc-hol-remove > button").click()
            confirm = li.find_element(By.CSS_SELECTOR, ".confirm")
            self.assertIn("Bỏ ngày nghỉ 08/03/2024 (Ngày hội của xã)?", confirm.text)
            confirm.find_element(By.CSS_SELECTOR, "button.secondary").click()  # Thôi: nothing changes
            self.assertEqual([x["day"] for x in self.cli_days()], ["2024-03-08"])
            li.find_element(By.CSS_SELECTOR, ".sc-hol-remove > button").click()
            li.find_element(By.CSS_SELECTOR, ".sc-hol-yes").click()
            self.wait(d, "return !document.querySelector(\"#sc-blackouts li[data-day='2024-03-08']\")",
                      "the holiday gone")
            self.assertEqual(self.cli_days(), [])
            self.week_day(d, "2024-03-08", self.agenda_of("2024-03-08"), "Friday plays again")
            self.assertIn("Đã bỏ ngày nghỉ 08/03/2024", d.find_element(By.ID, "sc-hol-msg").text)

            # A holiday calendar through the panel's own import.
            path = os.path.join(self.dir, "le-xa.ics")
            with open(path, "w", encoding="utf-8") as f:
                f.write(HOLIDAY_ICS)
            d.find_element(By.ID, "sc-hol-import-file").send_keys(path)
            d.find_element(By.CSS_SELECTOR, "#sc-hol-import-form button").click()
            out = self.wait(d, "return document.getElementById('sc-hol-import-out').textContent", "the import")
            self.assertIn("1 ngày nghỉ", out)
            self.week_day(d, "2024-03-06", self.agenda_of("2024-03-06"), "Wednesday skipped")
            self.assertEqual([s for _, s, _ in self.agenda_of("2024-03-06")], ["skipped", "skipped"])
            self.assertIn("Lễ của xã", d.find_element(By.ID, "sc-blackouts").text)
            self.cli("slot", "blackout", "rm", "2024-03-06")
        finally:
            d.quit()

    def test_a_viewer_only_reads_them(self):
        self.cli("slot", "blackout", "add", "2024-03-07", "--title", "Ngày của xã")
        d = browser("vi-VN,vi")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d, user=VIEWER)
            self.open_schedule(d)
            text = self.wait(d, "return document.getElementById('sc-blackouts').textContent.includes('07/03/2024')"
                             " && document.getElementById('sc-blackouts').textContent", "the holiday listed")
            self.assertIn("Ngày của xã", text)
            self.assertFalse(d.find_element(By.ID, "sc-hol-form").is_displayed())
            self.assertFalse(d.find_element(By.ID, "sc-hol-import-form").is_displayed())
            self.assertEqual(d.find_elements(By.CSS_SELECTOR, "#sc-blackouts button"), [])
        finally:
            d.quit()
            self.cli("slot", "blackout", "rm", "2024-03-07")


if __name__ == "__main__":
    main()
