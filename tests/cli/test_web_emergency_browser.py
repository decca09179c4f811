"""Phát khẩn and the live dashboard in a real browser (issue 21): headless
Chromium driven by Selenium, on a station aired by the real `loa run`
(the null output, the real clock) and served by the real `loa web`.

The officer's dashboard follows the station by itself, never reloaded
(a mark left in the page's window survives): the programme going on air
with its progress, the emergency sent with the button — a choice of clip,
a confirmation naming exactly what will play and for how long — taking
its place with the officer's name, the daemon that stops answering
("mất liên lạc từ HH:MM", on a console whose clock is three minutes on)
and the daemon stopped. A viewer has no button. Screenshots at 1366x900
and 360x740 go to $LOA_BUILD/screens/.
"""
import datetime
import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, StationTest, main, tone  # noqa: E402
from test_web_browser import SCREENS, BrowserChecks, browser, webdriver  # noqa: E402
from webtest import LEADER, PASSWORD, USER, VIEWER, free_port, start_console  # noqa: E402

if webdriver:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

S = datetime.timedelta(seconds=1)


def now():
    return datetime.datetime.now().astimezone()


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class EmergencyBrowserTest(BrowserChecks, StationTest):
    def setUp(self):
        super().setUp()
        self.procs = []
        self.env = dict(os.environ)
        self.env.pop("LOA_DB", None)
        self.env.pop("LOA_CLOCK", None)
        for title, secs, freq in (("Chương trình sáng", 60, 440), ("Tin bão số 3", 20, 1000),
                                  ("Nhạc hiệu", 2, 660)):
            self.loa("clip", "add", tone(self.path("%d.wav" % freq), seconds=secs, freq=freq, rate=8000,
                                         channels=1), "--title", title)
        self.loa("playlist", "create", "Thông báo khẩn về bão", "3", "2")
        for name, role in ((USER, "officer"), (VIEWER, "viewer"), (LEADER, "leader")):
            self.loa("user", "add", name, "--role", role, input=PASSWORD + "\n")
        self.port = free_port()

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGCONT)
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        super().tearDown()

    def console(self, port, env=None):
        e = dict(self.env)
        e.update(env or {})
        p = start_console(["--db", self.db, "web", "--listen", "127.0.0.1:%d" % port], e, port)
        self.procs.append(p)
        return p

    def daemon(self):
        p = subprocess.Popen([LOA, "--db", self.db, "run", "--device", "null"], env=self.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        return p

    def text(self, d, id_):
        return d.find_element(By.ID, id_).text

    def test_emergency_from_the_dashboard(self):
        t = (now() + 6 * S).replace(microsecond=0)
        self.loa("slot", "add", "--clip", "1", "--start", t.isoformat())
        daemon = self.daemon()
        self.console(self.port)
        d = browser("vi-VN,vi")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d)
            d.execute_script("window.loaMark = 'no reload';")
            # The programme goes on air: the page shows it by itself, with
            # its progress out of its length.
            self.wait(d, "return document.getElementById('dash-onair').textContent.includes('Chương trình sáng')",
                      "the programme on air", timeout=30)
            self.assertIn("Chương trình chạy nền: đang chạy", self.text(d, "dash-program"))
            self.wait(d, "return !document.getElementById('dash-progress-box').hidden", "the progress bar")
            self.assertRegex(self.text(d, "dash-elapsed"), r"^0:\d\d / 1:00$")
            time.sleep(2)
            self.shot(d, "emergency-1-programme-desktop")

            # Phát khẩn: a clip, found by its title.
            d.find_element(By.ID, "em-open").click()
            self.wait(d, "return !document.getElementById('em-box').hidden", "the choice")
            d.find_element(By.ID, "em-search").send_keys("bão")
            options = [o.text for o in d.find_elements(By.CSS_SELECTOR, "#em-pick option")]
            self.assertEqual(options, ["2. Tin bão số 3 (0:20)"])
            Select(d.find_element(By.ID, "em-pick")).select_by_index(0)
            d.find_element(By.ID, "em-next").click()
            self.wait(d, "return !document.getElementById('em-confirm').hidden", "the confirmation")
            self.assertEqual(self.text(d, "em-question"),
                             "Phát ngay «Tin bão số 3» (0:20) trên loa, ngắt chương trình đang phát?")
            self.assert_fits(d, "the emergency's confirmation on the desktop")
            self.shot(d, "emergency-2-confirm-desktop")
            d.find_element(By.ID, "em-yes").click()
            self.wait(d, "return document.getElementById('dash-onair').textContent.includes('Tin bão số 3')",
                      "the emergency on air", timeout=10)
            self.assertEqual(self.text(d, "dash-requested"), "Phát khẩn, do %s yêu cầu" % USER)
            self.assertIn("Tin bão số 3", self.text(d, "em-note"))
            self.wait(d, "return /^0:\\d\\d \\/ 0:20$/.test(document.getElementById('dash-elapsed').textContent)",
                      "the emergency's progress")
            self.shot(d, "emergency-3-on-air-desktop")
            # The cut programme is the last airing, said in words.
            self.wait(d, "return document.getElementById('dash-last').textContent.includes('bị ngắt')",
                      "the cut programme as the last airing")
            self.assertIn("Chương trình sáng", self.text(d, "dash-last"))

            # On a phone: the same page, then the choice of a playlist,
            # confirmed as far as the question only.
            d.set_window_size(360, 740)
            time.sleep(1)
            self.assert_fits(d, "the dashboard on a phone")
            self.shot(d, "emergency-4-on-air-phone")
            d.find_element(By.ID, "em-open").click()
            d.find_element(By.CSS_SELECTOR, "input[name=em-kind][value=playlist]").click()
            self.wait(d, "return document.querySelectorAll('#em-pick option').length === 1 && "
                         "document.querySelector('#em-pick option').textContent.includes('Thông báo khẩn')",
                      "the playlists")
            Select(d.find_element(By.ID, "em-pick")).select_by_index(0)
            d.find_element(By.ID, "em-next").click()
            self.assertEqual(self.text(d, "em-question"),
                             "Phát ngay «Thông báo khẩn về bão» (0:22) trên loa, ngắt chương trình đang phát?")
            self.assert_fits(d, "the emergency's confirmation on a phone")
            d.execute_script("document.getElementById('em-confirm').scrollIntoView({block: 'center'})")
            self.shot(d, "emergency-5-confirm-phone")
            d.find_element(By.ID, "em-no").click()
            self.assertTrue(d.execute_script("return document.getElementById('em-box').hidden"))

            # The log: the programme cut, the emergency with the officer's name.
            log = {r["slot"]: r for r in self.loa("log", "--format", "json").json()}
            self.assertEqual((log[1]["status"], log[1]["reason_code"]), ("interrupted", "interrupted_emergency"))
            em = [r for r in log.values() if r["tier"] == "emergency"]
            self.assertEqual([(r["title"], r["requested_by"]) for r in em], [("Tin bão số 3", USER)])

            # The daemon hangs (stopped, its lock held): a console three
            # minutes on says since when it has had no word from it.
            daemon.send_signal(signal.SIGSTOP)
            beat = self.run_loa("status", "--format", "json").json()["daemon"]["heartbeat"]
            later = free_port()
            self.console(later, {"LOA_CLOCK": "offset:" + (now() + 3 * 60 * S).replace(microsecond=0).isoformat()})
            d2 = browser("vi-VN,vi")
            try:
                for name, w, h in (("desktop", 1366, 900), ("phone", 360, 740)):
                    d2.set_window_size(w, h)
                    d2.delete_all_cookies()
                    d2.get("http://127.0.0.1:%d/" % later)
                    self.wait(d2, "return !document.getElementById('login').hidden", "the login form")
                    d2.find_element(By.ID, "user").send_keys(USER)
                    d2.find_element(By.ID, "password").send_keys(PASSWORD)
                    d2.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
                    self.wait(d2, "return document.getElementById('dash-daemon')", "the program's line")
                    self.assertEqual(self.text(d2, "dash-daemon"),
                                     "Chương trình chạy nền: mất liên lạc từ " + beat[11:16])
                    self.assertIn("chưa trả lời", self.text(d2, "dash-warn"))
                    self.assert_fits(d2, "the silent daemon on the " + name)
                    self.shot(d2, "emergency-6-silent-" + name)
            finally:
                d2.quit()
            daemon.send_signal(signal.SIGCONT)

            # Stopped: the first page says so by itself.
            d.set_window_size(1366, 900)
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=30)
            self.wait(d, "return document.getElementById('dash-daemon').textContent.includes('KHÔNG chạy')",
                      "the stopped daemon", timeout=15)
            self.shot(d, "emergency-7-stopped-desktop")
            self.assertEqual(d.execute_script("return window.loaMark"), "no reload")
            self.no_alert(d)
        finally:
            d.quit()

    def test_a_viewer_has_no_button(self):
        self.daemon()
        self.console(self.port)
        d = browser("vi-VN,vi")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d, user=VIEWER)
            self.assertTrue(d.execute_script("return document.getElementById('dash-emergency').hidden"))
            self.assertNotIn("Phát khẩn", d.find_element(By.TAG_NAME, "body").text)
        finally:
            d.quit()


if __name__ == "__main__":
    main()
