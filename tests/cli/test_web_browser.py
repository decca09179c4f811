"""loa web in a real browser (issue 20): headless Chromium driven by
Selenium logs in, sees the dashboard and the clip library with a player
for each clip, on a desktop (1366x900) and a phone (360x740), in
Vietnamese and, when the browser asks, in English. Titles that would be
script if put in as HTML are shown as text. Screenshots are written to
$LOA_BUILD/screens/ for a person to look at.
"""
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main, tone  # noqa: E402
from webtest import LEADER, PASSWORD, USER, XSS, Client, WebTest  # noqa: E402

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


class BrowserChecks:
    """What the browser tests share."""

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

    def log_in(self, d, user=USER):
        d.get("http://127.0.0.1:%d/" % self.port)
        self.wait(d, "return !document.getElementById('login').hidden", "the login form")
        d.find_element(By.ID, "user").send_keys(user)
        d.find_element(By.ID, "password").send_keys(PASSWORD)
        d.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
        self.wait(d, "return document.querySelectorAll('#dash-warn li').length", "the dashboard")



@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class WebBrowserTest(BrowserChecks, WebTest):
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
                    self.assertEqual(len(d.find_elements(By.TAG_NAME, "script")), 3)
                    # An officer's bar has no leader's pages.
                    self.assertFalse(d.find_element(By.ID, "nav-users").is_displayed())
                    self.assertFalse(d.find_element(By.ID, "nav-audit").is_displayed())
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



@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class UploadBrowserTest(BrowserChecks, WebTest):
    """A station of its own: an officer adds clips and edits one."""

    def test_officer_uploads_two_clips_and_edits_a_title(self):
        good = [tone(self.t.path(n), seconds=s, freq=f, rate=8000, channels=1)
                for n, s, f in (("Tin chiều thứ hai.wav", 1.5, 523), ("Nhạc hiệu.wav", 1.0, 659))]
        bad = self.t.path("ghi-chu.mp3")
        with open(bad, "wb") as f:
            f.write(b"not audio " * 200)
        d = browser("vi-VN,vi")
        try:
            for name, w, h in SIZES:
                with self.subTest(size=name):
                    d.set_window_size(w, h)
                    d.delete_all_cookies()
                    self.log_in(d)
                    d.find_element(By.ID, "nav-clips").click()
                    self.wait(d, "return !document.getElementById('upload').hidden", "the upload form")
                    self.assertIn("kéo thả", d.find_element(By.CSS_SELECTOR, "label[for=upload-files]").text)
                    if name == "desktop":
                        d.find_element(By.ID, "upload-files").send_keys("\n".join(good + [bad]))
                        self.wait(d, "return document.querySelectorAll('#upload-list .upload-state.good,"
                                     " #upload-list .upload-state.bad').length == 3", "the three outcomes", 60)
                        states = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#upload-list .upload-state")]
                        self.assertRegex(states[0], r"^đã thêm, số \d+: Tin chiều thứ hai$")
                        self.assertRegex(states[1], r"^đã thêm, số \d+: Nhạc hiệu$")
                        self.assertTrue(states[2].startswith("không thêm được: "), states)
                        self.assertIn("'ghi-chu.mp3'", states[2])
                        self.assertNotIn("upload", states[2])  # no folder of the server's
                        d.execute_script("window.scrollTo(0, 0)")
                        self.assert_fits(d, "the upload's outcomes")
                        self.shot(d, "clips-uploaded-" + name)
                        self.first_id = int(d.find_element(By.CSS_SELECTOR, "#upload-list li").get_attribute(
                            "data-clip"))
                    cid = self.first_id
                    self.wait(d, "return document.querySelectorAll('#clip-list li.clip').length == 6", "the list")
                    # Edit the first new clip through its form.
                    first = [li for li in d.find_elements(By.CSS_SELECTOR, "#clip-list li.clip")
                             if li.find_element(By.CSS_SELECTOR, ".clip-no").text == "Số %d" % cid][0]
                    first.find_element(By.TAG_NAME, "summary").click()
                    title = first.find_element(By.CSS_SELECTOR, "input[name=title]")
                    until = first.find_element(By.CSS_SELECTOR, "input[name=valid_until]")
                    # A date that does not exist is refused beside its field.
                    until.clear()
                    until.send_keys("31/2/2024")
                    first.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                    msg = self.wait(d, "return Array.from(document.querySelectorAll('#clip-list .error'))"
                                       ".map(e => e.textContent).join('')", "the refusal")
                    self.assertIn("31/2/2024", msg)
                    self.assertEqual(until.get_attribute("aria-invalid"), "true")
                    self.assert_fits(d, "the clip library on the " + name)
                    self.shot(d, "clips-edit-" + name)
                    until.clear()
                    title.clear()
                    new = "Tin chiều <b>thứ hai</b> (%s)" % name
                    title.send_keys(new)
                    first.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                    self.wait(d, "return Array.from(document.querySelectorAll('#clip-list .clip-title'))"
                                 ".some(e => e.textContent == %s)" % json.dumps(new), "the new title")
                    shown = self.cli("clip", "show", str(cid), "--format", "json").json()
                    self.assertEqual(shown["title"], new)
                    self.assertEqual(d.find_elements(By.CSS_SELECTOR, "main b"), [])
                    self.assert_fits(d, "the clip library on the " + name)
                    self.shot(d, "clips-upload-" + name)
        finally:
            d.quit()
        added = [e for e in self.loa("audit", "--format", "json").json() if e["action"] == "clip.add"]
        self.assertEqual(len(added), 2)


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class LeaderBrowserTest(BrowserChecks, WebTest):
    """A station of its own: the leader adds users and reads the audit
    trail, where a title with markup in before/after shows as text."""

    MARKUP = "Tin <b>đậm</b> \"><img src=x onerror=alert(1)>"

    def add_user(self, d, name, pw, again):
        d.find_element(By.ID, "ua-name").clear()
        d.find_element(By.ID, "ua-name").send_keys(name)
        d.find_element(By.CSS_SELECTOR, "#ua-role option[value=officer]").click()
        d.find_element(By.ID, "ua-password").send_keys(pw)
        d.find_element(By.ID, "ua-password2").send_keys(again)
        d.find_element(By.CSS_SELECTOR, "#user-add button[type=submit]").click()

    def test_leader_adds_an_officer_and_reads_the_audit_trail(self):
        c = Client(self.port)
        c.login()
        r = c.request("PATCH", "/api/v1/clips/%d" % self.t.clips[1], {"title": self.MARKUP},
                      headers={"X-CSRF-Token": c.csrf})
        self.assertEqual(r.status, 200, r)
        d = browser("vi-VN,vi")
        try:
            for name, w, h in SIZES:
                with self.subTest(size=name):
                    d.set_window_size(w, h)
                    d.delete_all_cookies()
                    self.log_in(d, LEADER)
                    d.find_element(By.ID, "nav-users").click()
                    self.wait(d, "return document.querySelectorAll('#user-list li.user').length >= 3", "the users")
                    new = "can.bo." + name
                    # Two different passwords are caught before anything is sent.
                    self.add_user(d, new, "lúa chín vàng đồng", "lúa chín vàng")
                    self.assertIn("không giống nhau", d.find_element(By.ID, "ua-error").text)
                    d.find_element(By.ID, "ua-password").clear()
                    d.find_element(By.ID, "ua-password2").clear()
                    self.add_user(d, new, "lúa chín vàng đồng", "lúa chín vàng đồng")
                    self.wait(d, "return document.querySelector('#user-list li[data-user=\"%s\"]')" % new,
                              "the new officer")
                    li = d.find_element(By.CSS_SELECTOR, "#user-list li[data-user='%s']" % new)
                    self.assertIn("Cán bộ", li.text)
                    self.assertIn("Đã thêm người dùng " + new, d.find_element(By.ID, "ua-error").text)
                    self.assertEqual(Client(self.port).login(new, "lúa chín vàng đồng").status, 200)
                    # A name that is markup is refused by the name rules, beside its field.
                    self.add_user(d, "<img src=x onerror=alert(1)>", "một câu dài đủ", "một câu dài đủ")
                    msg = self.wait(d, "return document.getElementById('ua-error').textContent", "the refusal")
                    self.assertIn("img src=x", msg)
                    self.assertIn("không nhận tên", msg)
                    self.assertEqual(d.find_element(By.ID, "ua-name").get_attribute("aria-invalid"), "true")
                    self.no_alert(d)
                    self.assert_fits(d, "the users on the " + name)
                    self.shot(d, "users-refused-" + name)
                    d.execute_script("window.scrollTo(0, 0)")
                    self.shot(d, "users-" + name)
                    if name == "phone":
                        # Removing asks first.
                        li.find_element(By.CSS_SELECTOR, "button.secondary").click()
                        confirm = li.find_element(By.CSS_SELECTOR, ".confirm")
                        self.assertTrue(confirm.is_displayed())
                        self.assertIn("Xóa hẳn", confirm.text)
                        d.execute_script("arguments[0].scrollIntoView()", confirm)
                        self.shot(d, "users-remove-" + name)
                        confirm.find_element(By.CSS_SELECTOR, "button:not(.secondary)").click()
                        self.wait(d, "return !document.querySelector('#user-list li[data-user=\"%s\"]')" % new,
                                  "the removal")
                        users = [u["name"] for u in self.cli("user", "list", "--format", "json").json()]
                        self.assertNotIn(new, users)

                    d.find_element(By.ID, "nav-audit").click()
                    self.wait(d, "return document.querySelectorAll('#audit-list li.entry').length", "the entries")
                    text = d.find_element(By.ID, "audit-list").text
                    self.assertIn("thêm người dùng: " + new, text)
                    self.assertIn("sửa tệp âm thanh: %d" % self.t.clips[1], text)
                    # The title before and after, as text.
                    self.assertIn("title: Bản tin nông nghiệp → " + self.MARKUP, text)
                    self.assertEqual(d.find_elements(By.CSS_SELECTOR, "main img, main b"), [])
                    self.no_alert(d)
                    self.assert_fits(d, "the audit trail on the " + name)
                    self.shot(d, "audit-" + name)
                    # A day with nothing done, typed as the officer types it.
                    d.find_element(By.ID, "audit-from").send_keys("5/3/2024")
                    d.find_element(By.ID, "audit-to").send_keys("6/3/2024")
                    d.find_element(By.CSS_SELECTOR, "#audit-form button").click()
                    self.wait(d, "return document.getElementById('audit-count').textContent.includes('Không có')",
                              "an empty period")
                    d.find_element(By.ID, "audit-from").clear()
                    d.find_element(By.ID, "audit-to").clear()
                    d.find_element(By.ID, "logout").click()
                    self.wait(d, "return !document.getElementById('login').hidden", "the login form again")
        finally:
            d.quit()


if __name__ == "__main__":
    main()