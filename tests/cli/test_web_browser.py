"""loa web in a real browser (issue 20): headless Chromium driven by
Selenium logs in, sees the dashboard and the clip library with a player
for each clip, on a desktop (1366x900) and a phone (360x740), in
Vietnamese and, when the browser asks, in English. Titles that would be
script if put in as HTML are shown as text. Screenshots are written to
$LOA_BUILD/screens/ for a person to look at.
"""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from webtest import PASSWORD, USER, XSS, WebTest  # noqa: E402

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
except ImportError:  # pragma: no cover
    webdriver = None

SCREENS = os.path.join(os.environ.get("LOA_BUILD", "."), "screens")
SIZES = [("desktop", 1366, 900), ("phone", 360, 740)]


def browser(lang):
    o = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--lang=" + lang):
        o.add_argument(a)
    o.add_experimental_option("prefs", {"intl.accept_languages": lang})
    return webdriver.Chrome(options=o)


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class WebBrowserTest(WebTest):
    def wait(self, d, pred, what, timeout=15):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            v = d.execute_script(pred)
            if v:
                return v
            time.sleep(0.1)
        self.fail("timed out waiting for " + what)

    def shot(self, d, name):
        os.makedirs(SCREENS, exist_ok=True)
        d.save_screenshot(os.path.join(SCREENS, name + ".png"))

    def assert_fits(self, d, where):
        sw = d.execute_script("return document.documentElement.scrollWidth")
        w = d.execute_script("return window.innerWidth")
        self.assertLessEqual(sw, w, "%s overflows the window's width" % where)

    def no_alert(self, d):
        try:
            d.switch_to.alert
            self.fail("a script in a title ran")
        except NoAlertPresentException:
            pass

    def log_in(self, d):
        d.get("http://127.0.0.1:%d/" % self.port)
        self.wait(d, "return !document.getElementById('login').hidden", "the login form")
        d.find_element(By.ID, "user").send_keys(USER)
        d.find_element(By.ID, "password").send_keys(PASSWORD)
        d.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
        self.wait(d, "return document.querySelectorAll('#dash-warn li').length", "the dashboard")

    def test_vietnamese_desktop_and_phone(self):
        d = browser("vi-VN,vi")
        try:
            for name, w, h in SIZES:
                with self.subTest(size=name):
                    d.set_window_size(w, h)
                    d.delete_all_cookies()
                    d.get("http://127.0.0.1:%d/" % self.port)
                    self.wait(d, "return !document.getElementById('login').hidden", "the login form")
                    labels = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#login label")]
                    self.assertEqual(labels, ["Tên đăng nhập", "Mật khẩu"])
                    self.shot(d, "login-" + name)
                    # A wrong password is said beside the form, in Vietnamese.
                    d.find_element(By.ID, "user").send_keys(USER)
                    d.find_element(By.ID, "password").send_keys("sai")
                    d.find_element(By.CSS_SELECTOR, "#login-form button").click()
                    msg = self.wait(d, "return document.getElementById('login-error').textContent",
                                    "the refusal")
                    self.assertIn("sai tên đăng nhập hoặc mật khẩu", msg)
                    d.find_element(By.ID, "user").clear()
                    self.log_in(d)
                    body = d.find_element(By.TAG_NAME, "body").text
                    self.assertIn("Tổng quan", body)
                    self.assertIn("Sắp phát", body)
                    # The station's clock: Monday 4 March 2024, 05:00; next airing 06:00.
                    self.assertIn("04/03/2024 06:00", body)
                    self.assertIn("Bản tin sáng", body)
                    # The clip that stops being valid on Wednesday, in Vietnamese words.
                    self.assertIn("Thông báo tiêm chủng", d.find_element(By.ID, "dash-warn").text)
                    for english in ("Overview", "Next airings", "running", "clip "):
                        self.assertNotIn(english, body)
                    self.assert_fits(d, "the dashboard on the " + name)
                    self.shot(d, "dashboard-" + name)

                    d.find_element(By.ID, "nav-clips").click()
                    self.wait(d, "return document.querySelectorAll('#clip-list li.clip').length == 4",
                              "the clip list")
                    titles = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".clip-title")]
                    self.assertEqual(titles, ["Thông báo tiêm chủng", "Bản tin nông nghiệp"] + XSS)
                    self.assertEqual(d.find_elements(By.CSS_SELECTOR, "main img"), [])
                    self.assertEqual(len(d.find_elements(By.TAG_NAME, "script")), 2)
                    self.no_alert(d)
                    audio = d.find_elements(By.CSS_SELECTOR, "#clip-list audio")
                    self.assertEqual(len(audio), 4)
                    self.assertTrue(all(a.get_attribute("src").endswith("/audio") for a in audio))
                    self.assertTrue(all(a.get_attribute("controls") for a in audio))
                    # The browser can read the first clip through its player.
                    ok = d.execute_async_script(
                        "const a = document.querySelector('#clip-list audio'), done = arguments[0];"
                        "a.addEventListener('loadedmetadata', () => done(a.duration));"
                        "a.addEventListener('error', () => done(-1)); a.load();")
                    self.assertAlmostEqual(ok, 1.0, delta=0.1)
                    self.assert_fits(d, "the clip library on the " + name)
                    self.shot(d, "clips-" + name)
                    # Search ignores case and diacritics.
                    d.find_element(By.ID, "clip-search").send_keys("NONG NGHIEP")
                    titles = [e.text for e in d.find_elements(By.CSS_SELECTOR, ".clip-title")]
                    self.assertEqual(titles, ["Bản tin nông nghiệp"])
                    d.find_element(By.ID, "clip-search").clear()

                    d.find_element(By.ID, "logout").click()
                    self.wait(d, "return !document.getElementById('login').hidden", "the login form again")
        finally:
            d.quit()

    def test_english_when_the_browser_asks(self):
        d = browser("en-US,en")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d)
            body = d.find_element(By.TAG_NAME, "body").text
            self.assertIn("Overview", body)
            self.assertIn("Next airings", body)
            self.assertIn("2024-03-04 06:00", body)
            self.assertNotIn("Tổng quan", body)
            self.shot(d, "dashboard-english")
        finally:
            d.quit()


if __name__ == "__main__":
    main()
