"""loa web in a real browser (issue 20): headless Chromium driven by
Selenium logs in, sees the dashboard and the clip library with a player
for each clip, on a desktop (1366x900) and a phone (360x740), in
Vietnamese and, when the browser asks, in English. Titles that would be
script if put in as HTML are shown as text. Screenshots are written to
$LOA_BUILD/screens/ for a person to look at.
"""
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main, tone  # noqa: E402
from webtest import FILL, LEADER, PASSWORD, USER, VIEWER, XSS, Client, WebTest  # noqa: E402

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
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
    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        # Two playlists named as script would be, of the clips titled so.
        t.loa("playlist", "create", XSS[0], str(t.clips[2]), str(t.clips[3]))
        t.loa("playlist", "create", XSS[1], str(t.clips[3]), str(t.clips[2]))

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
                    self.assertTrue(msg.startswith("Sai tên đăng nhập hoặc mật khẩu"), msg)  # a sentence of the page
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
                    self.assertEqual(len(d.find_elements(By.TAG_NAME, "script")), 9)  # the page's own
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

                    # Chương trình: names and titles that would be script are text.
                    d.find_element(By.ID, "nav-playlists").click()
                    self.wait(d, "return document.querySelectorAll('#playlist-list li.playlist').length == 3",
                              "the playlists")
                    names = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#playlist-list .clip-title")]
                    self.assertEqual(sorted(names), sorted(XSS + ["Bản tin sáng"]))
                    li = [x for x in d.find_elements(By.CSS_SELECTOR, "#playlist-list li.playlist")
                          if x.get_attribute("data-name") == XSS[1]][0]
                    li.find_element(By.TAG_NAME, "summary").click()
                    self.wait(d, "return document.querySelectorAll('#playlist-list .pl-item').length == 2",
                              "its clips")
                    titles = [e.text for e in li.find_elements(By.CSS_SELECTOR, ".pl-item .pl-title > span:first-child")]
                    self.assertEqual(titles, list(reversed(XSS)))
                    d.find_element(By.CSS_SELECTOR, "#pl-add-box input[type=search]").send_keys("script")
                    self.assertIn(XSS[0], d.find_element(By.CSS_SELECTOR, "#pl-add-box .pl-found").text)
                    self.assertEqual(d.find_elements(By.CSS_SELECTOR, "main img, main script"), [])
                    self.no_alert(d)
                    self.assert_fits(d, "the playlists on the " + name)
                    d.execute_script("arguments[0].scrollIntoView()", li)
                    self.shot(d, "playlists-escaped-" + name)

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
class PlaylistBrowserTest(BrowserChecks, WebTest):
    """Chương trình on a station of its own: an officer makes a playlist of
    two clips, reorders it by keyboard, renames it and deletes it; the
    playlist a slot airs cannot go; a clip is deleted from Kho âm thanh
    (one a playlist holds only after the refusal says so); a viewer
    reads."""

    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        # Clips of the test's own to delete, one held by a playlist.
        for title, freq in (("Tin cũ để xóa", 1234), ("Nhạc cũ để xóa", 1357), ("Tin thừa", 1480)):
            t.loa("clip", "add", tone(t.path(title + ".wav"), seconds=1.0, freq=freq, rate=8000, channels=1),
                  "--title", title)
        ids = {c["title"]: c["id"] for c in t.loa("clip", "list", "--format", "json").json()}
        t.loa("playlist", "create", "Lưu trữ", str(ids["Tin cũ để xóa"]))
        t.extra = ids

    def playlist(self, name):
        r = Client(self.port)
        r.login()
        g = r.get("/api/v1/playlists/" + urllib.parse.quote(name, safe=""))
        return g.json() if g.status == 200 else None

    def editor_of(self, d, name):
        """The opened playlist's row in the list."""
        return [x for x in d.find_elements(By.CSS_SELECTOR, "#playlist-list li.playlist")
                if x.get_attribute("data-name") == name][0]

    def test_officer_makes_reorders_renames_and_deletes_a_playlist(self):
        c0, c1 = self.t.clips[:2]
        d = browser("vi-VN,vi")
        try:
            for name, w, h in SIZES:
                with self.subTest(size=name):
                    d.set_window_size(w, h)
                    d.delete_all_cookies()
                    self.log_in(d)
                    d.find_element(By.ID, "nav-playlists").click()
                    self.wait(d, "return document.querySelectorAll('#playlist-list li.playlist').length >= 2",
                              "the playlists")
                    text = d.find_element(By.ID, "playlist-list").text
                    self.assertIn("Bản tin sáng", text)
                    self.assertIn("2 tệp âm thanh · 0:03", text)  # 1 s and 2 s
                    self.assert_fits(d, "the playlists on the " + name)
                    self.shot(d, "playlists-" + name)

                    # A new playlist: a name, two clips picked by searching.
                    box = d.find_element(By.ID, "pl-add-box")
                    labels = [e.text for e in box.find_elements(By.TAG_NAME, "label")]
                    self.assertEqual(labels, ["Tên danh sách phát", "Thêm tệp âm thanh: tìm theo tên, chủ đề hoặc số"])
                    for lab in box.find_elements(By.TAG_NAME, "label"):
                        self.assertTrue(box.find_element(By.ID, lab.get_attribute("for")).is_displayed())
                    new = "Tin trưa (%s)" % name
                    box.find_element(By.CSS_SELECTOR, "input[name=name]").send_keys(new)
                    search = box.find_element(By.CSS_SELECTOR, "input[type=search]")
                    for q in ("TIEM CHUNG", "nông nghiệp"):
                        search.clear()
                        search.send_keys(q)
                        found = box.find_elements(By.CSS_SELECTOR, ".pl-found li button")
                        self.assertEqual(len(found), 1, q)
                        found[0].click()
                    rows = [e.text for e in box.find_elements(By.CSS_SELECTOR, ".pl-item .pl-title")]
                    self.assertEqual(len(rows), 2)
                    self.assertTrue(rows[0].startswith("Thông báo tiêm chủng"), rows)
                    self.assertIn("2 tệp, tổng thời lượng 0:03", box.text)
                    self.assert_fits(d, "the new playlist on the " + name)
                    d.execute_script("arguments[0].scrollIntoView()", box)
                    self.shot(d, "playlists-new-" + name)
                    box.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                    self.wait(d, "return document.getElementById('pl-note').textContent.includes('Đã tạo')",
                              "the creation")
                    self.assertEqual([i["clip"] for i in self.playlist(new)["items"]], [c0, c1])

                    # Opened after it is made: its first clip down, by keyboard.
                    li = self.editor_of(d, new)
                    self.wait(d, "return document.querySelectorAll('li.playlist[open], li.playlist details[open] "
                                 ".pl-item').length == 2", "the opened playlist")
                    down = li.find_element(By.CSS_SELECTOR, ".pl-item button.down")
                    self.assertEqual(down.get_attribute("aria-label"), "Đưa xuống dưới: 1. Thông báo tiêm chủng")
                    down.send_keys(Keys.ENTER)
                    rows = [e.text for e in li.find_elements(By.CSS_SELECTOR, ".pl-item .pl-title")]
                    self.assertTrue(rows[0].startswith("Bản tin nông nghiệp"), rows)
                    # The focus stays on the moved clip's button.
                    self.assertEqual(d.switch_to.active_element.get_attribute("aria-label"),
                                     "Đưa lên trên: 2. Thông báo tiêm chủng")
                    self.assertIn("chưa lưu", li.text)
                    # A row dragged onto the one above takes its place (what a mouse does).
                    d.execute_script(
                        "const rows = arguments[0].querySelectorAll('.pl-item'), dt = new DataTransfer();"
                        "rows[1].dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));"
                        "for (const k of ['dragover', 'drop'])"
                        "  rows[0].dispatchEvent(new DragEvent(k, {bubbles: true, cancelable: true, dataTransfer: dt}));",
                        li)
                    rows = [e.text for e in li.find_elements(By.CSS_SELECTOR, ".pl-item .pl-title")]
                    self.assertTrue(rows[0].startswith("Thông báo tiêm chủng"), rows)
                    li.find_element(By.CSS_SELECTOR, ".pl-item button.down").send_keys(Keys.ENTER)
                    # And a new name.
                    renamed = "Tin trưa đã đổi (%s)" % name
                    field = li.find_element(By.CSS_SELECTOR, "input[name=name]")
                    field.clear()
                    field.send_keys(renamed)
                    d.execute_script("arguments[0].scrollIntoView()", li)
                    self.assert_fits(d, "the opened playlist on the " + name)
                    self.shot(d, "playlists-edit-" + name)
                    li.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                    self.wait(d, "return document.getElementById('pl-note').textContent == 'Đã lưu.'", "the save")
                    self.assertIsNone(self.playlist(new))
                    self.assertEqual([i["clip"] for i in self.playlist(renamed)["items"]], [c1, c0])

                    # Deleting asks first, naming it.
                    li = self.editor_of(d, renamed)
                    self.wait(d, "return document.querySelectorAll('li.playlist details[open] .pl-item').length == 2",
                              "the opened playlist")
                    li.find_element(By.XPATH, ".//button[text()='Xóa danh sách phát']").click()
                    confirm = li.find_element(By.CSS_SELECTOR, ".confirm")
                    self.assertTrue(confirm.is_displayed())
                    yes = confirm.find_element(By.CSS_SELECTOR, "button:not(.secondary)")
                    self.assertEqual(yes.text, "Xóa hẳn «%s»" % renamed)
                    d.execute_script("arguments[0].scrollIntoView()", confirm)
                    self.shot(d, "playlists-delete-" + name)
                    yes.click()
                    self.wait(d, "return document.getElementById('pl-note').textContent.includes('Đã xóa')",
                              "the deletion")
                    self.assertIsNone(self.playlist(renamed))
                    self.assertFalse([x for x in d.find_elements(By.CSS_SELECTOR, "#playlist-list li.playlist")
                                      if x.get_attribute("data-name") == renamed])

                    # The one a slot airs: refused, the reason in words beside it.
                    li = self.editor_of(d, "Bản tin sáng")
                    li.find_element(By.TAG_NAME, "summary").click()
                    self.wait(d, "return document.querySelectorAll('li.playlist details[open] .pl-item').length == 2",
                              "its clips")
                    li.find_element(By.XPATH, ".//button[text()='Xóa danh sách phát']").click()
                    li.find_element(By.CSS_SELECTOR, ".confirm button:not(.secondary)").click()
                    msg = self.wait(d, "return Array.from(document.querySelectorAll('#playlist-list .error'))"
                                       ".map(e => e.textContent).join('')", "the refusal")
                    self.assertIn("đang được khung giờ", msg)
                    self.assertIsNotNone(self.playlist("Bản tin sáng"))
                    d.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                                     li.find_element(By.CSS_SELECTOR, ".pl-danger"))
                    self.assert_fits(d, "the refusal on the " + name)
                    self.shot(d, "playlists-refused-" + name)

                    # Kho âm thanh: a clip deleted, the list without it.
                    d.find_element(By.ID, "nav-clips").click()
                    self.wait(d, "return document.querySelectorAll('#clip-list li.clip').length", "the clips")
                    gone = "Tin thừa" if name == "desktop" else "Nhạc cũ để xóa"
                    self.delete_clip(d, gone, name)
                    if name == "desktop":
                        # One a playlist holds: refused first, naming it; then deleted anyway.
                        li = self.clip_row(d, "Tin cũ để xóa")
                        li.find_element(By.CSS_SELECTOR, ".clip-delete > button").click()
                        li.find_element(By.CSS_SELECTOR, ".confirm button:not(.secondary)").click()
                        msg = self.wait(d, "return Array.from(document.querySelectorAll('#clip-list .confirm .error'))"
                                           ".map(e => e.textContent).join('')", "the refusal")
                        self.assertIn("đang được danh sách phát 'Lưu trữ' dùng", msg)
                        yes = li.find_element(By.CSS_SELECTOR, ".confirm button:not(.secondary)")
                        self.assertEqual(yes.text, "Vẫn xóa")
                        d.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                                         li.find_element(By.CSS_SELECTOR, ".confirm"))
                        self.assert_fits(d, "the clip's refusal on the " + name)
                        self.shot(d, "clips-delete-refused-" + name)
                        yes.click()
                        self.wait(d, "return document.getElementById('clip-note').textContent.includes('Tin cũ')",
                                  "the deletion")
                        self.assertEqual(self.playlist("Lưu trữ")["items"], [])
                    d.find_element(By.ID, "logout").click()
                    self.wait(d, "return !document.getElementById('login').hidden", "the login form again")
        finally:
            d.quit()
        rm = [e["object"] for e in self.loa("audit", "--format", "json").json() if e["action"] == "playlist.rm"]
        self.assertEqual(len(rm), 2)

    def clip_row(self, d, title):
        return [li for li in d.find_elements(By.CSS_SELECTOR, "#clip-list li.clip")
                if li.find_element(By.CSS_SELECTOR, ".clip-title").text == title][0]

    def delete_clip(self, d, title, name):
        n = len(d.find_elements(By.CSS_SELECTOR, "#clip-list li.clip"))
        li = self.clip_row(d, title)
        li.find_element(By.CSS_SELECTOR, ".clip-delete > button").click()
        confirm = li.find_element(By.CSS_SELECTOR, ".confirm")
        self.assertIn("Xóa hẳn tệp âm thanh «%s» khỏi kho?" % title, confirm.text)
        d.execute_script("arguments[0].scrollIntoView()", confirm)
        self.assert_fits(d, "the clip's deletion on the " + name)
        self.shot(d, "clips-delete-" + name)
        confirm.find_element(By.CSS_SELECTOR, "button:not(.secondary)").click()
        self.wait(d, "return document.querySelectorAll('#clip-list li.clip').length == %d" % (n - 1), "the list")
        self.assertIn(title, d.find_element(By.ID, "clip-note").text)
        self.assertNotIn(title, [e.text for e in d.find_elements(By.CSS_SELECTOR, ".clip-title")])
        self.assertNotIn(title, [c["title"] for c in self.cli("clip", "list", "--format", "json").json()])

    def test_a_viewer_reads(self):
        d = browser("vi-VN,vi")
        try:
            d.set_window_size(360, 740)
            self.log_in(d, VIEWER)
            d.find_element(By.ID, "nav-playlists").click()
            self.wait(d, "return document.querySelectorAll('#playlist-list li.playlist').length", "the playlists")
            self.assertTrue(d.find_element(By.ID, "pl-viewer").is_displayed())
            self.assertFalse(d.find_element(By.ID, "pl-add").is_displayed())
            li = self.editor_of(d, "Bản tin sáng")
            li.find_element(By.TAG_NAME, "summary").click()
            self.wait(d, "return document.querySelectorAll('li.playlist details[open] .pl-item').length == 2",
                      "its clips")
            self.assertEqual(li.find_elements(By.CSS_SELECTOR, "button, input"), [])
            self.assertIn("Thông báo tiêm chủng", li.text)
            self.assert_fits(d, "the viewer's playlists")
            self.shot(d, "playlists-viewer-phone")
            d.find_element(By.ID, "nav-clips").click()
            self.wait(d, "return document.querySelectorAll('#clip-list li.clip').length", "the clips")
            self.assertEqual(d.find_elements(By.CSS_SELECTOR, ".clip-delete"), [])
        finally:
            d.quit()


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
                    self.assertIn("Không nhận tên", msg)
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
                    # The leader's menu, the longest, stays one row on a phone, its page's entry in sight
                    # (brought there in the frame after the page is shown: waited for).
                    self.wait(d, "const n = document.getElementById('nav').getBoundingClientRect(),"
                                 "      a = document.querySelector('#nav a[aria-current=page]').getBoundingClientRect();"
                                 "return a.left >= n.left - 1 && a.right <= n.right + 1", "the entry in sight", timeout=3)
                    top, cur = d.execute_script(
                        "const n = document.getElementById('nav').getBoundingClientRect(),"
                        "      a = document.querySelector('#nav a[aria-current=page]').getBoundingClientRect();"
                        "return [document.querySelector('header').offsetHeight, [n.left, n.right, a.left, a.right]]")
                    self.assertLessEqual(top, 110 if name == "phone" else 70, "the header's height")
                    self.assertGreaterEqual(cur[2], cur[0] - 1, "the current page's entry is in sight")
                    self.assertLessEqual(cur[3], cur[1] + 1, "the current page's entry is in sight")
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


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class LogReportBrowserTest(BrowserChecks, WebTest):
    """Nhật ký phát and Báo cáo on a station whose log holds 40 programmes
    aired from 1 March 2024, one an hour, on the console's clock (Monday
    4 March 2024, 05:00)."""

    FETCH = ("const done = arguments[1]; fetch(arguments[0], {credentials: 'same-origin'})"
             ".then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'), b.byteLength])))"
             ".catch(e => done([0, String(e), 0]));")

    def download(self, d, link_id):
        href = d.find_element(By.ID, link_id).get_attribute("href")
        self.assertTrue(href.startswith("http://127.0.0.1:%d/api/v1/" % self.port), href)
        return d.execute_async_script(self.FETCH, href)

    def assert_vietnamese(self, d, where):
        body = d.find_element(By.TAG_NAME, "body").text
        self.assertNotRegex(body, r"\d{4}-\d\d-\d\d", where + ": an ISO date")
        for english in ("completed", "failed", "Quarter", "Airing", "Download", "programmes", "null", "undefined"):
            self.assertNotIn(english, body, where)
        return body

    def test_log_and_report_pages(self):
        c = self.client()
        rows = c.get("/api/v1/log?from=26/2/2024&to=4/3/2024").json()
        items = c.get("/api/v1/log?items=1").json()
        report = c.get("/api/v1/report?quarter=2024Q1").json()
        self.assertEqual(len(rows), 40)
        d = browser("vi-VN,vi")
        try:
            for name, w, h in SIZES:
                with self.subTest(size=name):
                    d.set_window_size(w, h)
                    d.delete_all_cookies()
                    self.log_in(d)
                    d.find_element(By.ID, "nav-log").click()
                    self.wait(d, "return document.querySelectorAll('#log-list li.airing').length", "the log")
                    # The last 7 days of the station's clock, day first.
                    self.assertEqual(d.find_element(By.ID, "log-from").get_attribute("value"), "27/02/2024")
                    self.assertEqual(d.find_element(By.ID, "log-to").get_attribute("value"), "04/03/2024")
                    labels = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#log-form label")]
                    self.assertEqual(labels, ["Từ ngày", "Đến hết ngày", "Kết quả", "Chủ đề"])
                    for lab in d.find_elements(By.CSS_SELECTOR, "#log-form label"):
                        self.assertTrue(d.find_element(By.ID, lab.get_attribute("for")).is_displayed())
                    shown = d.find_elements(By.CSS_SELECTOR, "#log-list li.airing")
                    self.assertEqual(len(shown), len(rows))
                    self.assertEqual(d.find_element(By.ID, "log-count").text, "40 / 40 chương trình")
                    self.wait(d, "return document.getElementById('log-verdict').textContent", "the verdict")
                    self.assertTrue(d.find_element(By.ID, "log-verdict").text.startswith(
                        "Nhật ký còn nguyên vẹn: 40 lượt phát đã ghi"), d.find_element(By.ID, "log-verdict").text)
                    words = {"completed": "hoàn thành", "failed": "lỗi", "interrupted": "bị gián đoạn",
                             "partial": "phát một phần", "missed": "bị lỡ", "skipped": "bỏ qua"}
                    for li, r in zip(shown, rows):
                        summary = li.find_element(By.TAG_NAME, "summary").text
                        self.assertIn(r["scheduled"][8:10] + "/03/2024 " + r["scheduled"][11:16], summary)
                        self.assertIn(words[r["status"]], summary)
                    # A programme opens on its items, with their own outcomes.
                    first = shown[0]
                    first.find_element(By.TAG_NAME, "summary").click()
                    its = [it for it in items if it["seq"] == rows[0]["seq"]]
                    lines = first.find_elements(By.CSS_SELECTOR, ".items li")
                    self.assertEqual(len(lines), len(its))
                    for li, it in zip(lines, its):
                        self.assertIn(it["title"], li.text)
                        self.assertIn(it["started"][11:16], li.text)
                    self.assert_vietnamese(d, "the log on the " + name)
                    d.execute_script("window.scrollTo(0, 0)")
                    self.assert_fits(d, "the log on the " + name)
                    self.shot(d, "log-" + name)
                    d.execute_script("arguments[0].scrollIntoView()", first)
                    self.shot(d, "log-items-" + name)
                    # The topic filter: the programmes with an item of that topic.
                    topic = its[1]["topic"]
                    want = {it["seq"] for it in items if it["topic"] == topic}
                    d.execute_script("const s = document.getElementById('log-topic'); s.value = arguments[0];"
                                     "s.dispatchEvent(new Event('change'));", topic)
                    self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, "#log-list li.airing")),
                                     len([r for r in rows if r["seq"] in want]))
                    self.assert_fits(d, "the log by topic on the " + name)
                    self.shot(d, "log-topic-" + name)
                    # The downloads answer with the session of the browser.
                    st, ctype, n = self.download(d, "log-csv")
                    self.assertEqual((st, ctype), (200, "text/csv; charset=utf-8"))
                    self.assertEqual(n, len(c.get("/api/v1/log?from=27/02/2024&to=04/03/2024&format=csv").body))
                    self.assertEqual(self.download(d, "log-excel")[:2], [200, "text/csv; charset=utf-8"])
                    # A status chosen: the rows the API gives for it.
                    d.execute_script("document.getElementById('log-topic').value = '';"
                                     "document.getElementById('log-status').value = 'failed';")
                    d.find_element(By.CSS_SELECTOR, "#log-form button[type=submit]").click()
                    failed = c.get("/api/v1/log?from=27/2/2024&to=4/3/2024&status=failed").json()
                    self.wait(d, "return document.getElementById('log-count').textContent == '%d / %d chương trình'"
                              % (len(failed), len(failed)), "the failed rows")
                    # Its reason in the words of `loa log`'s table, not the English kept in the log.
                    self.assertEqual([r["reason_code"] for r in failed], ["device_missing"])
                    row = d.find_element(By.CSS_SELECTOR, "#log-list li.airing")
                    row.find_element(By.TAG_NAME, "summary").click()
                    self.assertIn("Lý do\nkhông có thiết bị phát âm thanh (chưa cắm", row.text)
                    self.assertNotIn(failed[0]["reason"], row.text)
                    self.shot(d, "log-failed-" + name)
                    # A day that does not exist is refused beside its field.
                    d.find_element(By.ID, "log-from").clear()
                    d.find_element(By.ID, "log-from").send_keys("31/2/2024")
                    d.find_element(By.CSS_SELECTOR, "#log-form button[type=submit]").click()
                    msg = self.wait(d, "return document.getElementById('log-error').textContent", "the refusal")
                    self.assertIn("31/2/2024", msg)
                    self.assertEqual(d.find_element(By.ID, "log-from").get_attribute("aria-invalid"), "true")
                    self.assertEqual(d.find_elements(By.CSS_SELECTOR, "#log-list li"), [])
                    self.assertFalse(d.find_element(By.ID, "log-csv").is_displayed())
                    self.assert_fits(d, "the log's refusal on the " + name)
                    self.shot(d, "log-refused-" + name)
                    d.find_element(By.ID, "log-from").clear()
                    d.find_element(By.ID, "log-from").send_keys("27/02/2024")
                    d.execute_script("document.getElementById('log-status').value = '';")

                    d.find_element(By.ID, "nav-report").click()
                    self.wait(d, "return document.querySelectorAll('#report-preview table').length == 4",
                              "the report's preview")
                    labels = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#report-form label")
                              if e.is_displayed()]
                    self.assertEqual(labels, ["Kỳ báo cáo", "Năm", "Quý"])
                    prev = d.find_element(By.ID, "report-preview")
                    self.assertEqual(prev.find_element(By.TAG_NAME, "h2").text, report["period"]["label"])
                    self.assertIn("Từ 01/01/2024 đến hết 31/03/2024", prev.text)
                    tables = prev.find_elements(By.TAG_NAME, "table")
                    cells = lambda tb: [[x.text for x in tr.find_elements(By.CSS_SELECTOR, "th, td")]
                                        for tr in tb.find_elements(By.CSS_SELECTOR, "tbody tr")]
                    totals = dict(cells(tables[0]))
                    self.assertEqual(totals["Số chương trình đã phát"], str(report["totals"]["programmes"]))
                    self.assertEqual(totals["Số lượt phát tin bài"], str(report["totals"]["airings"]))
                    self.assertEqual(totals["Lượt không phát được"], str(report["totals"]["not_aired"]))
                    cchc = dict(cells(tables[1]))
                    self.assertEqual(cchc["Số lượt phát tin bài"], str(report["cchc"]["airings"]))
                    self.assertEqual(cchc["Tỉ lệ trên tổng thời lượng tin bài"],
                                     ("%.1f %%" % report["cchc"]["share"]).replace(".", ","))
                    by_topic = cells(tables[2])
                    self.assertEqual(len(by_topic), len(report["by_topic"]))
                    for row, k in zip(by_topic, report["by_topic"]):
                        self.assertTrue(row[0].startswith(k["topic"]), (row, k))
                        self.assertEqual(row[1:3], [str(k["items"]), str(k["airings"])])
                    by_month = cells(tables[3])
                    self.assertEqual([r[0] for r in by_month], ["01/2024", "02/2024", "03/2024"])
                    self.assertEqual([r[2] for r in by_month], [str(b["airings"]) for b in report["by_month"]])
                    self.assertEqual(self.download(d, "report-docx")[:2], [
                        200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"])
                    self.assertEqual(self.download(d, "report-xlsx")[:2], [
                        200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
                    self.assertTrue(d.find_element(By.ID, "report-xlsx").get_attribute("href").endswith(
                        "quarter=2024Q1&format=xlsx"))
                    self.assert_vietnamese(d, "the report on the " + name)
                    self.assert_fits(d, "the report on the " + name)
                    self.shot(d, "report-" + name)
                    for i, table in enumerate(("cchc", "topics", "months")):
                        d.execute_script("arguments[0].scrollIntoView()", tables[i + 1])
                        self.shot(d, "report-%s-%s" % (table, name))
                    d.execute_script("window.scrollTo(0, 0)")
                    # A date range of the officer's.
                    d.execute_script("const s = document.getElementById('rep-kind'); s.value = 'range';"
                                     "s.dispatchEvent(new Event('change'));")
                    for field, value in (("rep-from", "1/3/2024"), ("rep-to", "2/3/2024")):
                        d.find_element(By.ID, field).clear()
                        d.find_element(By.ID, field).send_keys(value)
                    d.find_element(By.CSS_SELECTOR, "#report-form button[type=submit]").click()
                    ranged = c.get("/api/v1/report?from=1/3/2024&to=2/3/2024").json()
                    self.wait(d, "return document.querySelector('#report-preview h2') && "
                                 "document.querySelector('#report-preview h2').textContent == %s"
                              % json.dumps(ranged["period"]["label"]), "the range's preview")
                    self.assertEqual(ranged["period"]["label"], "01/03/2024 – 02/03/2024")
                    self.assert_vietnamese(d, "the range's report on the " + name)
                    self.assert_fits(d, "the range's report on the " + name)
                    self.shot(d, "report-range-" + name)
                    d.execute_script("const s = document.getElementById('rep-kind'); s.value = 'quarter';"
                                     "s.dispatchEvent(new Event('change'));")
        finally:
            d.quit()

    def test_log_and_report_in_english(self):
        """The same pages when the browser asks for English: every word of
        the page in English, the station's values as they are."""
        c = self.client()
        failed = c.get("/api/v1/log?from=27/2/2024&to=4/3/2024&status=failed").json()
        d = browser("en-US,en")
        try:
            for name, w, h in SIZES:
                with self.subTest(size=name):
                    d.set_window_size(w, h)
                    d.delete_all_cookies()
                    self.log_in(d)
                    d.find_element(By.ID, "nav-log").click()
                    self.wait(d, "return document.querySelectorAll('#log-list li.airing').length", "the log")
                    labels = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#log-form label")]
                    self.assertEqual(labels, ["From", "Through", "Outcome", "Topic"])
                    self.assertEqual(d.find_element(By.ID, "log-count").text, "40 / 40 programmes")
                    self.wait(d, "return document.getElementById('log-verdict').textContent", "the verdict")
                    self.assertTrue(d.find_element(By.ID, "log-verdict").text.startswith(
                        "The airing log is intact: 40 airings recorded"), d.find_element(By.ID, "log-verdict").text)
                    d.execute_script("document.getElementById('log-status').value = 'failed';")
                    d.find_element(By.CSS_SELECTOR, "#log-form button[type=submit]").click()
                    self.wait(d, "return document.getElementById('log-count').textContent == '%d / %d programmes'"
                              % (len(failed), len(failed)), "the failed rows")
                    row = d.find_element(By.CSS_SELECTOR, "#log-list li.airing")
                    row.find_element(By.TAG_NAME, "summary").click()
                    self.assertIn("failed", row.text)
                    self.assertIn("Why\nno sound output device (none connected", row.text)
                    body = d.find_element(By.TAG_NAME, "body").text
                    for vi in ("Nhật ký", "Lý do", "chương trình", "hoàn thành", "lỗi", "Từ ngày", "thiết bị"):
                        self.assertNotIn(vi, body, "the log in English on the " + name)
                    self.assert_fits(d, "the log in English on the " + name)
                    self.shot(d, "log-english-" + name)

                    d.find_element(By.ID, "nav-report").click()
                    self.wait(d, "return document.querySelectorAll('#report-preview table').length == 4",
                              "the report's preview")
                    labels = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#report-form label")
                              if e.is_displayed()]
                    self.assertEqual(labels, ["Period", "Year", "Quarter"])
                    prev = d.find_element(By.ID, "report-preview")
                    self.assertEqual([e.text for e in prev.find_elements(By.TAG_NAME, "caption")],
                                     ["Totals", "Administrative reform (CCHC)", "By topic", "By month"])
                    for vi in ("Quý", "Tổng hợp", "Tháng", "Số lượt", "Tải"):
                        self.assertNotIn(vi, prev.text, "the report in English on the " + name)
                    self.assert_fits(d, "the report in English on the " + name)
                    self.shot(d, "report-english-" + name)
        finally:
            d.quit()


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class LogPagesBrowserTest(BrowserChecks, WebTest):
    """Nhật ký phát on a station whose week holds 490 programmes: the page
    shows the first 200 with their items, "Xem thêm" the next 200 and then
    the last 90, and the downloads give the whole week."""

    QUERY = "from=27/02/2024&to=04/03/2024"

    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        subprocess.run([FILL, t.db, "generate", "450", "2024-02-27T06:00:30+07:00", "1200", "5", "3"], check=True,
                       capture_output=True)

    def shown(self, d):
        return d.execute_script("return Array.from(document.querySelectorAll('#log-list li.airing summary'))"
                                ".map(s => s.textContent)")

    def test_the_log_a_page_at_a_time(self):
        c = self.client()
        rows = c.get("/api/v1/log?" + self.QUERY).json()
        items = c.get("/api/v1/log?items=1&" + self.QUERY).json()
        self.assertEqual(len(rows), 490)
        d = browser("vi-VN,vi")
        try:
            for name, w, h in SIZES:
                with self.subTest(size=name):
                    d.set_window_size(w, h)
                    d.delete_all_cookies()
                    self.log_in(d)
                    d.find_element(By.ID, "nav-log").click()
                    self.wait(d, "return document.querySelectorAll('#log-list li.airing').length", "the log")
                    self.assertEqual(len(self.shown(d)), 200)
                    self.assertEqual(d.find_element(By.ID, "log-count").text,
                                     "200 / 200 chương trình (còn nữa, bấm Xem thêm ở cuối trang)")
                    # The verdict says what it rests on: the last full pass (the console's clock).
                    self.wait(d, "return document.getElementById('log-verdict').textContent", "the verdict")
                    self.assertIn("Lần kiểm tra toàn bộ gần nhất lúc 04/03/2024 05:00 (kiểm tra toàn bộ mỗi 10 phút).",
                                  d.find_element(By.ID, "log-verdict").text)
                    self.shot(d, "log-page-" + name)
                    more = d.find_element(By.ID, "log-more")
                    self.assertEqual(more.text, "Xem thêm")
                    # The 200th programme with its items, as the API has them.
                    last = d.find_elements(By.CSS_SELECTOR, "#log-list li.airing")[-1]
                    d.execute_script("arguments[0].scrollIntoView()", last)
                    last.find_element(By.TAG_NAME, "summary").click()
                    mine = [it for it in items if it["seq"] == rows[199]["seq"]]
                    self.assertTrue(mine)
                    shown = last.find_elements(By.CSS_SELECTOR, "ul.items li")
                    self.assertEqual(len(shown), len(mine))
                    for li, it in zip(shown, mine):
                        self.assertIn(it["title"], li.text)
                    self.assertIn(rows[199]["title"], last.text)
                    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", more)
                    self.assert_fits(d, "the log's first page on the " + name)
                    self.shot(d, "log-more-" + name)
                    more.click()
                    self.wait(d, "return document.querySelectorAll('#log-list li.airing').length == 400",
                              "the second page")
                    more.click()
                    self.wait(d, "return document.querySelectorAll('#log-list li.airing').length == 490",
                              "the last page")
                    self.assertFalse(more.is_displayed())
                    self.assertEqual(d.find_element(By.ID, "log-count").text, "490 / 490 chương trình")
                    # In the API's order, none twice, none left out: each
                    # programme's title where the API has it.
                    for text, r in zip(self.shown(d), rows):
                        self.assertIn(r["title"] or r["playlist"], text)
                    # Every item of every programme, however the pages fell.
                    n = d.execute_script("return document.querySelectorAll('#log-list ul.items li:not(.muted)')"
                                         ".length")
                    self.assertEqual(n, len([it for it in items if it["seq"] is not None]))
                    # The downloads: the whole week, not the pages shown.
                    csv = c.get("/api/v1/log?%s&format=csv" % self.QUERY.replace("/", "%2F")).body
                    self.assertEqual(self.download_size(d, "log-csv"), len(csv))
                    self.assertEqual(len(csv.decode().splitlines()), 491)
                    self.assert_fits(d, "the log's last page on the " + name)
                    self.shot(d, "log-all-" + name)
        finally:
            d.quit()

    def download_size(self, d, link_id):
        href = d.find_element(By.ID, link_id).get_attribute("href")
        return d.execute_async_script(LogReportBrowserTest.FETCH, href)[2]


if __name__ == "__main__":
    main()