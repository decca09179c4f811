"""Bản tin của tỉnh in a real browser (issue 22: a normal bulletin waits
for the officer, "shown in the console ..., scheduled with one ...
click"): headless Chromium driven by Selenium, on a station whose
bulletins came through a real broker and the real `loa link`
(test_web_bulletins.receive_bulletins).

The officer logs in and the dashboard says that two bulletins of the
province wait, linking to them; the Lịch phát page shows each with its
title (one titled as script would be, shown as text), topic, tier, when
it arrived, its period and the hub's times in dd/mm/yyyy and 24-hour
time, its state (a refused one with its reason in words) and a player
for its audio; "Xếp lịch" opens a form prefilled with the hub's times
and the period; saving names the slot made and the week shows its
airings. At 1366x900 and at 360x740, in Vietnamese, and in English when
the browser asks. Screenshots are written to $LOA_BUILD/screens/.
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from webtest import WebTest  # noqa: E402
from test_web_browser import SIZES, BrowserChecks, browser, webdriver  # noqa: E402
from test_web_bulletins import BULLETINS, MISSING, XSS_TITLE, receive_bulletins  # noqa: E402

if webdriver is not None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

# Two waiting (41, 42: normal, received), one refused (43), one
# scheduled on arrival (47: priority).
IDS = [41, 42, 43, 47]


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
@unittest.skipIf(MISSING, "the bulletin tests need: %s" % ", ".join(MISSING))
class BulletinsBrowserTest(BrowserChecks, WebTest):
    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        receive_bulletins(t, IDS)

    def cards(self, d):
        return {int(li.get_attribute("data-id")): li for li in d.find_elements(By.CSS_SELECTOR, "#bt-list li.bt")}

    def test_officer_sees_the_waiting_bulletins_and_schedules_one(self):
        d = browser("vi-VN,vi")
        try:
            for name, w, h in SIZES:
                with self.subTest(size=name):
                    d.set_window_size(w, h)
                    d.delete_all_cookies()
                    self.log_in(d)
                    # The dashboard: two wait (41 the first time, only 42 after it is scheduled).
                    waiting = 2 if name == "desktop" else 1
                    link = self.wait(d, "return document.getElementById('dash-bulletins')", "the bulletins' line")
                    self.assertEqual(link.text, "%d bản tin của tỉnh chờ xếp lịch" % waiting)
                    self.assert_fits(d, "the dashboard on the " + name)
                    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
                    self.shot(d, "bulletins-dashboard-" + name)
                    link.click()
                    self.wait(d, "return location.hash == '#bulletins' && "
                                 "document.querySelectorAll('#bt-list li.bt').length == 4", "the bulletins")
                    self.assertEqual(d.find_element(By.ID, "nav-schedule").get_attribute("aria-current"), "page")
                    self.assertEqual(d.switch_to.active_element.get_attribute("id"), "bt-heading")
                    cards = self.cards(d)
                    # Waiting first, newest first; the others folded below.
                    order = [int(x.get_attribute("data-id")) for x in
                             d.find_elements(By.CSS_SELECTOR, "#bt-list > ul > li.bt")]
                    self.assertEqual(order, [42, 41] if name == "desktop" else [42])
                    # The title that would be script is text.
                    self.assertEqual(cards[42].find_element(By.CSS_SELECTOR, ".clip-title").text, XSS_TITLE)
                    self.assertEqual(d.find_elements(By.CSS_SELECTOR, "main img, main script"), [])
                    self.no_alert(d)
                    if name == "desktop":
                        text = cards[41].text
                        for words in ("Số 41", "Thông báo lịch tiêm chủng", "thường", "y tế",
                                      "Nhận lúc\n01/03/2024 07:00", "từ 01/03/2024 đến hết 08/03/2024",
                                      "06:00, 17:00", "chờ xếp lịch"):
                            self.assertIn(words, text)
                        d.find_element(By.CSS_SELECTOR, "#bt-list details.bt-others summary").click()
                        self.assertIn("bị từ chối: tệp âm thanh đến bị hỏng", cards[43].text)
                        self.assertEqual(cards[43].find_elements(By.TAG_NAME, "audio"), [])
                        self.assertEqual(cards[43].find_elements(By.CSS_SELECTOR, "button.bt-go"), [])
                        self.assertIn("ưu tiên", cards[47].text)
                        self.assertIn("đã xếp lịch", cards[47].text)
                        # The player reads the bulletin's audio (1 s).
                        audio = cards[41].find_element(By.TAG_NAME, "audio")
                        self.assertEqual(audio.get_attribute("src").split("/api/v1/")[1],
                                         "clips/%d/audio" % self.cli("bulletin", "list", "--format", "json").json()[-1]["clip"])
                        dur = d.execute_async_script(
                            "const a = arguments[0], done = arguments[1];"
                            "a.addEventListener('loadedmetadata', () => done(a.duration));"
                            "a.addEventListener('error', () => done(-1)); a.load();", audio)
                        self.assertAlmostEqual(dur, 1.0, delta=0.1)
                    self.assert_fits(d, "the bulletins on the " + name)
                    d.execute_script("document.getElementById('bt-heading').scrollIntoView()")
                    self.shot(d, "bulletins-" + name)

                    # Xếp lịch, by keyboard: the form is prefilled.
                    bid = 41 if name == "desktop" else 42
                    card = self.cards(d)[bid]
                    go = card.find_element(By.CSS_SELECTOR, "button.bt-go")
                    self.assertEqual(go.text, "Xếp lịch")
                    go.send_keys(Keys.ENTER)
                    form = card.find_element(By.CSS_SELECTOR, "form.bt-form")
                    labels = [e.text for e in form.find_elements(By.TAG_NAME, "label")]
                    self.assertEqual(labels, ["Giờ phát trong ngày", "Các ngày trong tuần", "Từ ngày", "Đến hết ngày"])
                    for lab in form.find_elements(By.TAG_NAME, "label"):
                        self.assertTrue(form.find_element(By.ID, lab.get_attribute("for")).is_displayed())
                    values = [e.get_attribute("value") for e in form.find_elements(By.TAG_NAME, "input")]
                    self.assertEqual(values, ["06:00, 17:00", "", "04/03/2024", "08/03/2024"] if bid == 41
                                     else ["07:30", "", "05/03/2024", "07/03/2024"])
                    self.assertEqual(d.switch_to.active_element.get_attribute("name"), "at")
                    if name == "phone":
                        # A wrong time is said beside the form, the field marked.
                        at = form.find_element(By.CSS_SELECTOR, "input[name=at]")
                        at.clear()
                        at.send_keys("25h")
                        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                        msg = self.wait(d, "return document.querySelector('form.bt-form .error').textContent",
                                        "the refusal")
                        self.assertIn("25h", msg)
                        self.assertEqual(at.get_attribute("aria-invalid"), "true")
                        at.clear()
                        at.send_keys("07:30")
                    d.execute_script("arguments[0].scrollIntoView()", card)
                    self.assert_fits(d, "the form on the " + name)
                    self.shot(d, "bulletins-form-" + name)
                    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                    done = self.wait(d, "return document.querySelector('#bt-list .bt-done')", "the slots made")
                    self.assertTrue(done.text.startswith("Đã xếp lịch bản tin «%s»:" % BULLETINS[bid][0]), done.text)
                    slots = [s for s in self.cli("slot", "list", "--format", "json").json()
                             if s["title"] == BULLETINS[bid][0]]
                    self.assertEqual(len(slots), 1)
                    self.assertIn("khung giờ số %d: " % slots[0]["id"], done.text)
                    self.assertEqual(self.cli("bulletin", "list", "--format", "json").json()[-1 if bid == 41 else -2]
                                     ["state"], "scheduled")
                    self.assertEqual(d.switch_to.active_element.get_attribute("class"), "bt-done ok")
                    d.execute_script("arguments[0].scrollIntoView()", done)
                    self.assert_fits(d, "what was made on the " + name)
                    self.shot(d, "bulletins-scheduled-" + name)
                    # The week (the day on a phone: Monday, then Tuesday when
                    # its period begins) shows its airings.
                    find = ("return Array.from(document.querySelectorAll('#sc-week .sc-block')).filter(b => "
                            "b.querySelector('.sc-title').textContent == %s).map(b => b.dataset.start.slice(0, 16))"
                            % json.dumps(BULLETINS[bid][0]))
                    if name == "desktop":
                        blocks = self.wait(d, find, "its airings")
                        self.assertEqual(sorted(blocks), ["2024-03-0%dT%s" % (k, h) for k in range(4, 9)
                                                          for h in ("06:00", "17:00")])
                    else:
                        self.assertEqual(d.execute_script(find), [])
                        d.find_element(By.ID, "sc-next").click()
                        blocks = self.wait(d, find, "its airing on Tuesday")
                        self.assertEqual(blocks, ["2024-03-05T07:30"])
                    self.no_alert(d)
                    self.assert_fits(d, "the week on the " + name)
                    d.execute_script("document.getElementById('sc-week').scrollIntoView()")
                    self.shot(d, "bulletins-week-" + name)
        finally:
            d.quit()

    def test_z_english_when_the_browser_asks(self):
        d = browser("en-US,en")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d)
            d.get("http://127.0.0.1:%d/#bulletins" % self.port)
            self.wait(d, "return document.querySelectorAll('#bt-list li.bt').length == 4", "the bulletins")
            d.find_element(By.CSS_SELECTOR, "#bt-list details.bt-others summary").click()
            text = d.find_element(By.ID, "sc-bulletins").text
            self.assertIn("Bulletins from the province", text)
            self.assertIn("Received\n2024-03-01 07:00", text)
            self.assertNotIn("Bản tin của tỉnh", text)
            self.shot(d, "bulletins-english")
        finally:
            d.quit()


if __name__ == "__main__":
    main()
