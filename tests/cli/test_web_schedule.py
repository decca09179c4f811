"""Lịch phát in a real browser (issue 21): headless Chromium driven by
Selenium. An officer adds the commune's programme — 06:00 and 17:00,
Monday to Saturday, this quarter except Tết — through the form, sees its
rule in words and its airings drawn as a preview, saves it, and the
week's blocks are then `loa agenda`'s airings for that week, airing for
airing; imports a holiday calendar, moves an airing by dragging its
block, skips one, and meets a 409 when the slot was changed behind the
page's back. A phone shows one day. A viewer only reads. Titles that
would be script if put in as HTML are shown as text. Screenshots go to
$LOA_BUILD/screens/.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from test_web_browser import BrowserChecks, browser, webdriver  # noqa: E402
from webtest import LEADER, VIEWER, XSS, Client, WebTest  # noqa: E402

if webdriver is not None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

# The station's clock is Monday 4 March 2024, 05:00: this week, and this
# quarter (Tết was 8 to 14 February 2024).
MON, NEXT_MON = "2024-03-04", "2024-03-11"
TET = ", ".join("%02d/02/2024" % d for d in range(8, 15))
# A commune holiday on Friday 8 March, as a calendar of all-day events.
HOLIDAY_ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//xa//ngay nghi//VI\r
BEGIN:VEVENT\r
UID:nghi-2024-03-08@xa\r
DTSTAMP:20240101T000000Z\r
DTSTART;VALUE=DATE:20240308\r
DTEND;VALUE=DATE:20240309\r
SUMMARY:Ngày hội của xã\r
END:VEVENT\r
END:VCALENDAR\r
"""

# The blocks of the week, as the page drew them (previews apart).
BLOCKS = ("return Array.from(document.querySelectorAll('#sc-week button.sc-block'))"
          ".map(b => [b.dataset.start, b.dataset.slot, b.dataset.status])")


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class ScheduleBrowserTest(BrowserChecks, WebTest):
    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        # The week to itself: the shared slot goes; a priority slot and an
        # emergency one (on Sunday, the window's last day) titled as
        # script would be stay, once each.
        t.loa("slot", "rm", "1")
        t.loa("slot", "add", "--clip", str(t.clips[2]), "--start", "5/3/2024 11h", "--tier", "priority",
              "--title", XSS[0])
        t.loa("slot", "add", "--clip", str(t.clips[3]), "--start", "10/3/2024 14h", "--tier", "emergency",
              "--title", XSS[1])

    def agenda(self):
        # The window ends before --to: the week is Monday to the next Monday.
        rows = self.cli("agenda", "--from", MON, "--to", NEXT_MON, "--format", "json").json()
        return [[a["start"], str(a["slot"]), a["status"]] for a in rows]

    def assert_week_is_agenda(self, d, what):
        want = self.agenda()
        got = self.wait(d, "const b = %s; return b.length == %d && b;" % (BLOCKS[7:], len(want)),
                        "%s: %d blocks" % (what, len(want)))
        self.assertEqual(sorted(got), sorted(want), what)
        return want

    def open_schedule(self, d):
        d.find_element(By.ID, "nav-schedule").click()
        self.wait(d, "return document.querySelector('#sc-week .sc-grid, #sc-week .sc-day')", "the week")

    def block(self, d, start):
        return d.find_element(By.CSS_SELECTOR, "#sc-week button.sc-block[data-start='%s']" % start)

    def slot(self, sid):
        c = Client(self.port)
        c.login()
        return c, c.get("/api/v1/slots/%s" % sid).json()

    def test_officer_adds_the_programme_moves_skips_and_meets_a_409(self):
        d = browser("vi-VN,vi")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d)
            self.open_schedule(d)
            self.assertEqual(d.find_element(By.ID, "sc-title").text, "Tuần từ 04/03/2024 đến 10/03/2024")
            # Monday is today, marked in words too.
            today = d.find_element(By.CSS_SELECTOR, ".sc-dayname.today")
            self.assertIn("Thứ Hai", today.text)
            self.assertIn("Hôm nay", today.text)
            before = self.assert_week_is_agenda(d, "the week before")
            self.assertEqual(len(before), 2)
            # Titles that would be script are text; tiers are words.
            week = d.find_element(By.ID, "sc-week").text
            for x in XSS:
                self.assertIn(x, week)
            self.assertIn("ưu tiên", week)
            self.assertIn("khẩn cấp", week)
            self.assertEqual(d.find_elements(By.CSS_SELECTOR, "main img"), [])
            self.no_alert(d)

            # The form: a time that is none is refused beside its field.
            Select(d.find_element(By.ID, "sf-clip")).select_by_value(str(self.t.clips[1]))
            d.find_element(By.ID, "sf-clip-search").send_keys("nong nghiep")
            self.assertEqual(len(Select(d.find_element(By.ID, "sf-clip")).options), 2)
            d.find_element(By.ID, "sf-at").send_keys("25h")
            err = self.wait(d, "return document.getElementById('sf-err-at').textContent", "the refusal of 25h")
            self.assertIn("25h", err)
            self.assertEqual(d.find_element(By.ID, "sf-at").get_attribute("aria-invalid"), "true")
            at = d.find_element(By.ID, "sf-at")
            at.clear()
            at.send_keys("06:00, 17:00")
            for day in (1, 2, 3, 4, 5, 6):
                d.find_element(By.ID, "sf-day-%d" % day).click()
            self.assertFalse(d.find_element(By.ID, "sf-daily").is_selected())
            d.find_element(By.ID, "sf-from").send_keys("01/01/2024")
            d.find_element(By.ID, "sf-until").send_keys("31/03/2024")
            d.find_element(By.ID, "sf-except").send_keys(TET)
            d.find_element(By.ID, "sf-title").send_keys("Chương trình phát thanh xã")
            d.find_element(By.ID, "sf-preview").click()
            # The rule in words, and its twelve airings of the week dashed.
            self.wait(d, "return document.querySelectorAll('#sc-week .sc-block.preview').length == 12",
                      "the preview's blocks")
            rule = d.find_element(By.CSS_SELECTOR, "#sc-preview .sc-rule").text
            self.assertIn("06:00 và 17:00 thứ Hai – thứ Bảy, từ 01/01 đến 31/03/2024, trừ 7 ngày", rule)
            self.assertEqual(d.find_element(By.ID, "sf-err-at").text, "")
            self.assertEqual(self.agenda(), before)  # nothing kept yet
            d.execute_script("document.getElementById('sc-week').scrollIntoView()")
            self.shot(d, "week-preview-desktop")
            d.execute_script("document.getElementById('sc-add').scrollIntoView()")
            self.shot(d, "form-desktop")
            d.execute_script("document.getElementById('sf-save').scrollIntoView()")
            self.shot(d, "form-preview-desktop")

            d.find_element(By.ID, "sf-save").click()
            note = self.wait(d, "return document.getElementById('sc-note').textContent", "the note")
            self.assertIn("Đã thêm khung giờ", note)
            self.assertEqual(d.find_elements(By.CSS_SELECTOR, "#sc-week .sc-block.preview"), [])
            week = self.assert_week_is_agenda(d, "the week after the programme")
            self.assertEqual(len(week), 14)
            sid = [s for _, s, _ in week if s not in (before[0][1], before[1][1])][0]
            _, slot = self.slot(sid)
            self.assertEqual(slot["title"], "Chương trình phát thanh xã")
            self.assertEqual(slot["clip"], str(self.t.clips[1]))

            # A holiday calendar: Friday's airings are skipped, with why.
            ics = self.t.path("ngay-nghi.ics")
            with open(ics, "w", encoding="utf-8") as f:
                f.write(HOLIDAY_ICS)
            d.find_element(By.ID, "sc-import-file").send_keys(ics)
            d.find_element(By.ID, "sc-import-blackout").click()
            d.find_element(By.CSS_SELECTOR, "#sc-import-form button").click()
            out = self.wait(d, "return document.getElementById('sc-import-out').textContent", "the import")
            self.assertIn("1 ngày nghỉ", out)
            self.wait(d, "return document.querySelectorAll('#sc-week .sc-block.st-skipped').length == 2",
                      "Friday skipped")
            self.assert_week_is_agenda(d, "the week with a holiday")
            # The holidays listed: the page's and the API's, as the import made them.
            days = self.wait(d, "return document.getElementById('sc-blackouts').textContent.includes('08/03/2024')"
                             " && document.getElementById('sc-blackouts').textContent", "the holiday listed")
            self.assertIn("Ngày hội của xã", days)
            c = Client(self.port)
            c.login()
            self.assertEqual(c.get("/api/v1/blackouts").json(),
                             [{"day": "2024-03-08", "title": "Ngày hội của xã", "uid": "nghi-2024-03-08@xa"}])
            friday = self.block(d, "2024-03-08T06:00:00+07:00")
            self.assertIn("không phát", friday.text)
            self.assertEqual(friday.value_of_css_property("text-decoration-line"), "none")  # the tag
            # Only the hours with airings, and one each side.
            hours = d.execute_script("return Array.from(document.querySelectorAll('.sc-row:not(.sc-head):not(.sc-gap)"
                                     " > .sc-hour')).map(h => h.textContent)")
            self.assertEqual(hours, ["05:00", "06:00", "07:00", "10:00", "11:00", "12:00", "13:00", "14:00",
                                     "15:00", "16:00", "17:00", "18:00"])
            d.execute_script("document.querySelector('#schedule h1').scrollIntoView()")
            self.shot(d, "week-desktop")

            # Move Tuesday 06:00 by dragging its block to Wednesday 07:00 (the margin under 06:00).
            d.execute_script(
                "const b = document.querySelector(\"button.sc-block[data-start='2024-03-05T06:00:00+07:00']\");"
                "const c = document.querySelector(\".sc-cell[data-day='2024-03-06'][data-hour='7']\");"
                "const dt = new DataTransfer();"
                "for (const [n, e] of [['dragstart', b], ['dragover', c], ['drop', c], ['dragend', b]])"
                "  e.dispatchEvent(new DragEvent(n, {dataTransfer: dt, bubbles: true, cancelable: true}));")
            self.wait(d, "return document.querySelector(\"button.sc-block[data-start='2024-03-06T07:00:00+07:00']\")",
                      "the moved airing")
            msg = self.wait(d, "return document.getElementById('sc-panel-msg').textContent", "the move's note")
            self.assertIn("Đã dời lượt phát", msg)
            week = self.assert_week_is_agenda(d, "the week after the move")
            self.assertNotIn(["2024-03-05T06:00:00+07:00", sid, "plays"], week)

            # Skip Thursday 17:00 from its panel (opened with the keyboard).
            self.block(d, "2024-03-07T17:00:00+07:00").send_keys(Keys.ENTER)
            self.wait(d, "return !document.getElementById('sc-panel').hidden", "the panel")
            panel = d.find_element(By.ID, "sc-panel").text
            self.assertIn("Chương trình phát thanh xã", panel)
            self.assertIn("Bản tin nông nghiệp", panel)
            self.assertIn("07/03/2024 17:00", panel)
            self.shot(d, "panel-desktop")
            d.find_element(By.ID, "sc-skip").click()
            self.wait(d, "return !document.querySelector(\"button.sc-block[data-start='2024-03-07T17:00:00+07:00']\")",
                      "the skipped airing gone")
            week = self.assert_week_is_agenda(d, "the week after the skip")
            self.assertEqual(len(week), 13)

            # The form that does what dragging does: a time that is none
            # is refused beside it, then Monday 17:00 goes to 18:30.
            self.block(d, "2024-03-04T17:00:00+07:00").click()
            self.wait(d, "return document.getElementById('sc-panel').textContent.includes('04/03/2024 17:00')",
                      "Monday's panel")
            to = d.find_element(By.ID, "sc-move-to")
            to.clear()
            to.send_keys("04/03/2024 25h")
            to.send_keys(Keys.ENTER)
            err = self.wait(d, "return document.getElementById('sc-panel-msg').textContent", "the refusal")
            self.assertIn("25h", err)
            self.assertEqual(d.find_element(By.ID, "sc-move-to").get_attribute("aria-invalid"), "true")
            to = d.find_element(By.ID, "sc-move-to")
            to.clear()
            to.send_keys("04/03/2024 18:30")
            to.send_keys(Keys.ENTER)
            self.wait(d, "return document.querySelector(\"button.sc-block[data-start='2024-03-04T18:30:00+07:00']\")",
                      "the airing moved by the form")
            week = self.assert_week_is_agenda(d, "the week after the form's move")
            self.assertEqual(len(week), 13)

            # Someone changes the slot behind the page's back: turning it
            # off is refused, said, and the slot as it now is shown.
            self.block(d, "2024-03-09T06:00:00+07:00").click()
            self.wait(d, "return document.getElementById('sc-panel').textContent.includes('09/03/2024 06:00')",
                      "Saturday's panel")
            c = Client(self.port)
            c.login(user=LEADER)
            now = c.get("/api/v1/slots/" + sid).json()
            r = c.request("PATCH", "/api/v1/slots/" + sid, {"title": "Đổi tên sau lưng", "version": now["version"]},
                          headers={"X-CSRF-Token": c.csrf})
            self.assertEqual(r.status, 200, r)
            d.find_element(By.ID, "sc-toggle").click()
            box = self.wait(d, "const b = document.getElementById('sc-conflict'); return !b.hidden && b.textContent",
                            "the 409")
            self.assertIn("Người khác vừa sửa khung giờ này", box)
            self.assertIn("Đổi tên sau lưng", box)
            self.assertIn(LEADER, box)  # who changed it
            self.shot(d, "conflict-409-desktop")
            _, still = self.slot(sid)
            self.assertTrue(still["enabled"])  # never written over
            d.find_element(By.CSS_SELECTOR, "#sc-conflict button").click()
            self.wait(d, "return document.getElementById('sc-panel-title').textContent.includes('Đổi tên sau lưng')",
                      "the reloaded slot")
            d.find_element(By.ID, "sc-toggle").click()
            self.wait(d, "return document.getElementById('sc-panel-msg').textContent.includes('Đã lưu')", "saved")
            _, off = self.slot(sid)
            self.assertFalse(off["enabled"])
            self.assert_week_is_agenda(d, "the week with the slot off")
            d.find_element(By.ID, "sc-toggle").click()
            self.wait(d, "return document.getElementById('sc-toggle').textContent == 'Tắt khung giờ'", "on again")
            self.assert_week_is_agenda(d, "the week with the slot on again")
            # Its title back, through the edit form.
            d.find_element(By.CSS_SELECTOR, "#sc-panel .sc-edit summary").click()
            title = d.find_element(By.ID, "sc-e-title")
            title.clear()
            title.send_keys("Chương trình phát thanh xã")
            d.find_element(By.CSS_SELECTOR, "#sc-panel .sc-edit button[type=submit]").click()
            self.wait(d, "return document.getElementById('sc-panel-title').textContent.endsWith('Chương trình phát thanh xã')",
                      "the edited title")
            _, edited = self.slot(sid)
            self.assertEqual(edited["title"], "Chương trình phát thanh xã")
            self.assertEqual(edited["version"], off["version"] + 2)
            self.assert_fits(d, "the week on the desktop")

            # Deleting a slot: a confirmation naming it, then it is gone.
            sunday = "2024-03-10T14:00:00+07:00"
            gone = [s for start, s, _ in self.agenda() if start == sunday][0]
            self.block(d, sunday).click()
            self.wait(d, "return document.getElementById('sc-panel').textContent.includes('10/03/2024 14:00')",
                      "Sunday's panel")
            d.find_element(By.ID, "sc-delete").click()
            ask = d.find_element(By.CSS_SELECTOR, "#sc-panel .confirm")
            self.assertIn("Xóa hẳn khung giờ «%s»" % XSS[1], ask.text)
            ask.find_element(By.CSS_SELECTOR, "button:not(.secondary)").click()
            note = self.wait(d, "const n = document.getElementById('sc-note').textContent;"
                             " return n.startsWith('Đã xóa') && n", "the deletion's note")
            self.assertIn("Đã xóa khung giờ %s: %s" % (gone, XSS[1]), note)
            week = self.assert_week_is_agenda(d, "the week after the deletion")
            self.assertNotIn(sunday, [start for start, _, _ in week])
            self.no_alert(d)

            # A phone: one day, today's, then the next.
            d.set_window_size(360, 740)
            d.refresh()
            self.wait(d, "return document.querySelector('#sc-week .sc-day')", "the day view")
            self.assertEqual(d.find_element(By.ID, "sc-title").text, "Thứ Hai 04/03/2024 (hôm nay)")
            self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#sc-week .sc-day button.sc-block")), 2)
            self.shot(d, "day-phone")
            d.find_element(By.ID, "sc-next").click()
            self.wait(d, "return document.getElementById('sc-title').textContent == 'Thứ Ba 05/03/2024'", "Tuesday")
            self.assertIn(XSS[0], d.find_element(By.ID, "sc-week").text)
            self.assert_fits(d, "the day on a phone")
            self.shot(d, "day-phone-tuesday")
            self.block(d, "2024-03-05T11:00:00+07:00").click()
            self.wait(d, "return !document.getElementById('sc-panel').hidden", "the panel on a phone")
            self.assert_fits(d, "the panel on a phone")
            self.shot(d, "panel-phone")
            d.execute_script("document.getElementById('sc-add').scrollIntoView()")
            self.shot(d, "form-phone")
            self.no_alert(d)
        finally:
            d.quit()

    def test_one_airing_of_a_playlist_previewed(self):
        d = browser("vi-VN,vi")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d)
            self.open_schedule(d)
            d.find_element(By.ID, "sf-kind-playlist").click()
            self.assertFalse(d.find_element(By.ID, "sf-clip").is_displayed())
            Select(d.find_element(By.ID, "sf-playlist")).select_by_visible_text("Bản tin sáng")
            d.find_element(By.ID, "sf-once").click()
            self.assertFalse(d.find_element(By.ID, "sf-at").is_displayed())
            Select(d.find_element(By.ID, "sf-tier")).select_by_visible_text("khẩn cấp")
            start = d.find_element(By.ID, "sf-start")
            start.send_keys("31/02/2024 19h")
            err = self.wait(d, "return document.getElementById('sf-err-start').textContent", "the refused date")
            self.assertIn("31/02/2024", err)
            start.clear()
            start.send_keys("06/03/2024 19h")
            self.wait(d, "return document.querySelectorAll('#sc-week .sc-block.preview').length == 1", "one preview")
            block = d.find_element(By.CSS_SELECTOR, "#sc-week .sc-block.preview")
            self.assertEqual(block.get_attribute("data-start"), "2024-03-06T19:00:00+07:00")
            self.assertIn("khẩn cấp", block.text)
            self.assertIn("Bản tin sáng", block.text)
            self.assertIn("một lần", d.find_element(By.CSS_SELECTOR, "#sc-preview .sc-rule").text)
            self.assertEqual(d.find_element(By.ID, "sf-err-start").text, "")
        finally:
            d.quit()

    def test_the_week_follows_a_change_made_elsewhere_without_a_reload(self):
        d = browser("vi-VN,vi")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d)
            self.open_schedule(d)
            self.assert_week_is_agenda(d, "the week as opened")
            # A mark a reload would wipe out.
            d.execute_script("window.notReloaded = true")
            reads = d.execute_script("return sc.reads")
            # Looks that find nothing changed read nothing again, even with
            # the form's preview shown (its dry run changes nothing).
            Select(d.find_element(By.ID, "sf-clip")).select_by_value(str(self.t.clips[1]))
            d.find_element(By.ID, "sf-at").send_keys("09:00")
            self.wait(d, "return document.querySelectorAll('#sc-week .sc-block.preview').length", "the preview")
            reads = d.execute_script("return sc.reads")
            polls = d.execute_script("return sc.polls")
            self.wait(d, "return sc.polls >= %d" % (polls + 2), "two looks at the change token", timeout=30)
            self.assertEqual(d.execute_script("return sc.reads"), reads)
            # A slot added at the command line shows up on the open page,
            # the focus staying on the block that had it.
            first = self.agenda()[0][0]
            d.execute_script("document.querySelector(\"#sc-week button.sc-block[data-start='%s']\").focus()" % first)
            r = self.cli("slot", "add", "--clip", str(self.t.clips[1]), "--start", "6/3/2024 15h",
                         "--title", "Tin mới từ máy phát")
            self.assertEqual(r.rc, 0, r)
            want = self.agenda()
            self.wait(d, "return Array.from(document.querySelectorAll('#sc-week button.sc-block'))"
                         ".some(b => b.textContent.includes('Tin mới từ máy phát'))", "the new slot", timeout=30)
            self.assertTrue(d.execute_script("return window.notReloaded === true"))
            self.assertEqual(d.execute_script("return document.activeElement.dataset.start"), first)
            self.assert_week_is_agenda(d, "the week after the command line's slot")
            self.assertIn(["2024-03-06T15:00:00+07:00", str(max(int(w[1]) for w in want)), "plays"], want)
            # And a holiday added at the command line too, in the panel.
            self.cli("slot", "blackout", "add", "2024-03-07", "--title", "Ngày của xã")
            self.wait(d, "return document.getElementById('sc-blackouts').textContent.includes('07/03/2024')",
                      "the holiday", timeout=30)
            skipped = len([w for w in self.agenda() if w[0].startswith("2024-03-07") and w[2] == "skipped"])
            self.assertGreater(skipped, 0)
            self.wait(d, "return Array.from(document.querySelectorAll('#sc-week button.sc-block')).filter(b => "
                         "b.dataset.start.startsWith('2024-03-07') && b.dataset.status === 'skipped').length == %d"
                      % skipped, "Thursday skipped")
            self.assert_week_is_agenda(d, "the week after the holiday")
            self.assertTrue(d.execute_script("return window.notReloaded === true"))
            self.cli("slot", "blackout", "rm", "2024-03-07")
            sid = max(int(w[1]) for w in self.agenda())
            self.cli("slot", "rm", str(sid))
        finally:
            d.quit()

    def test_a_viewer_reads_and_english_when_asked(self):
        d = browser("en-US,en")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d, VIEWER)
            self.open_schedule(d)
            self.assertEqual(d.find_element(By.ID, "sc-title").text, "Week of 2024-03-04 to 2024-03-10")
            self.assertFalse(d.find_element(By.ID, "sc-key-preview").is_displayed())
            self.assertTrue(d.find_element(By.ID, "sc-viewer").is_displayed())
            self.assertFalse(d.find_element(By.ID, "sc-add").is_displayed())
            self.assertFalse(d.find_element(By.ID, "sc-import-form").is_displayed())
            blocks = d.find_elements(By.CSS_SELECTOR, "#sc-week button.sc-block")
            self.assertTrue(blocks)
            self.assertFalse(any(b.get_attribute("draggable") == "true" for b in blocks))
            blocks[0].click()
            self.wait(d, "return !document.getElementById('sc-panel').hidden", "the panel")
            self.assertEqual(d.find_elements(By.CSS_SELECTOR, "#sc-panel-body button, #sc-panel-body input"), [])
            self.assertIn("Rule", d.find_element(By.ID, "sc-panel").text)
            self.shot(d, "week-viewer-en")
            v = Client(self.port)
            v.login(user=VIEWER)
            r = v.get("/api/v1/blackouts")
            self.assertEqual(r.status, 200, r)
            self.assertIsInstance(r.json(), list)
            self.assertEqual(Client(self.port).get("/api/v1/blackouts").status, 401)
        finally:
            d.quit()


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class DstBrowserTest(BrowserChecks, WebTest):
    """A station in Europe/Berlin: the week of 25 March 2024, whose Sunday
    has 23 hours (02:00 becomes 03:00), shows each airing at its local
    hour on both sides of the change, whatever the browser's zone."""

    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        t.loa("station", "--tz", "Europe/Berlin")
        t.loa("slot", "rm", "1")
        t.loa("slot", "add", "--clip", str(t.clips[1]), "--at", "1h,6h,23h", "--from", "2024-03-25",
              "--until", "2024-04-02", "--title", "Tin mùa hè")

    def test_week_across_the_change(self):
        d = browser("vi-VN,vi")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d)
            d.find_element(By.ID, "nav-schedule").click()
            # The station's clock: Sunday 3 March 2024, 23:00 in Berlin.
            self.wait(d, "return document.getElementById('sc-title').textContent.includes('26/02/2024')",
                      "the week of 26 February")
            for _ in range(4):
                d.find_element(By.ID, "sc-next").click()
            self.wait(d, "return document.getElementById('sc-title').textContent.includes('25/03/2024')",
                      "the week of 25 March")
            rows = self.cli("agenda", "--from", "2024-03-25", "--to", "2024-04-01", "--format", "json").json()
            want = sorted([a["start"], str(a["slot"]), a["status"]] for a in rows)
            self.assertEqual(len(want), 21)
            got = self.wait(d, "const b = %s; return b.length == 21 && b;" % BLOCKS[7:], "21 blocks")
            self.assertEqual(sorted(got), want)
            cells = d.execute_script(
                "return Array.from(document.querySelectorAll('#sc-week button.sc-block'))"
                ".map(b => [b.dataset.start, b.parentNode.dataset.day, b.parentNode.dataset.hour])")
            at = {s: (day, int(h)) for s, day, h in cells}
            self.assertEqual(at["2024-03-30T06:00:00+01:00"], ("2024-03-30", 6))
            self.assertEqual(at["2024-03-31T01:00:00+01:00"], ("2024-03-31", 1))
            self.assertEqual(at["2024-03-31T06:00:00+02:00"], ("2024-03-31", 6))
            self.assertEqual(at["2024-03-31T23:00:00+02:00"], ("2024-03-31", 23))
            for start, (day, hour) in at.items():
                self.assertEqual((start[:10], int(start[11:13])), (day, hour), start)
            self.shot(d, "week-dst-desktop")
        finally:
            d.quit()


if __name__ == "__main__":
    main()
