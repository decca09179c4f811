"""The Duyệt page in a real browser (issue 21): headless Chromium, on a
desktop (1366x900) and a phone (360x740). An officer's changes wait: the
officer sees "chờ duyệt" on the clip changed; the leader sees the count on
the menu entry, the queue with a player for the clip and the slot's rule in
words, rejects the slot (a reason is required) and approves the clip. What
the page did is what the command line then reads: the queue, the agenda,
the audit trail. Screenshots go to $LOA_BUILD/screens/.
"""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from test_web_browser import SIZES, BrowserChecks, browser, webdriver  # noqa: E402
from webtest import LEADER, USER, WebTest  # noqa: E402

if webdriver is not None:
    from selenium.webdriver.common.by import By


@unittest.skipIf(webdriver is None, "python3-selenium is not installed")
class ApprovePageTest(BrowserChecks, WebTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.t.loa("station", "--approval", "required")

    def officer_changes(self, n):
        """An officer's new slot and changed clip, through the API: both wait."""
        c = self.client()
        h = {"X-CSRF-Token": c.csrf}
        r = c.request("POST", "/api/v1/slots", {"clip": self.t.clips[1], "at": "%02d:15" % (7 + n), "days": "mon-sat",
                                                "from": "4/3/2024", "until": "9/3/2024", "title": "Tin thử %d" % n},
                      headers=h)
        self.assertEqual(r.status, 201, r)
        sid = r.json()[0]["id"]
        cid = self.t.clips[n]
        r = c.request("PATCH", "/api/v1/clips/%d" % cid, {"title": "Bản tin sửa %d" % n}, headers=h)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["approval"], "pending")
        return sid, cid

    def queue(self):
        return self.cli("approve", "list", "--format", "json").json()

    def item(self, d, kind, id_):
        return d.find_element(By.CSS_SELECTOR, "#ap-list li[data-kind='%s'][data-id='%d']" % (kind, id_))

    def test_schedule_shows_pending_and_rejected_airings(self):
        """Lịch phát: an officer's slot waiting shows "chờ duyệt", one the
        leader rejected "bị từ chối" with the leader's reason, each as
        `loa agenda` says (statuses pending, rejected)."""
        c = self.client()
        ids = []
        for at, title in (("10:45", "Tin chờ duyệt"), ("11:45", "Tin bị từ chối")):
            r = c.request("POST", "/api/v1/slots", {"clip": self.t.clips[1], "at": at, "from": "4/3/2024",
                                                    "until": "5/3/2024", "title": title},
                          headers={"X-CSRF-Token": c.csrf})
            self.assertEqual(r.status, 201, r)
            ids.append(r.json()[0]["id"])
        leader = self.client(user=LEADER)
        r = leader.request("POST", "/api/v1/approvals", {"slot": ids[1], "decision": "reject",
                                                         "reason": "Sai nội dung"},
                           headers={"X-CSRF-Token": leader.csrf})
        self.assertEqual(r.status, 200, r)
        want = sorted([a["start"], a["status"]] for a in
                      self.cli("agenda", "--from", "2024-03-04", "--to", "2024-03-11", "--format", "json").json()
                      if a["slot"] in ids)
        self.assertEqual(sorted({s for _, s in want}), ["pending", "rejected"])
        blocks = ("return Array.from(document.querySelectorAll('#sc-week button.sc-block'))"
                  ".filter(b => [%s].includes(b.dataset.slot)).map(b => [b.dataset.start, b.dataset.status,"
                  " b.textContent, getComputedStyle(b).backgroundImage])" % ",".join("'%d'" % i for i in ids))
        for size, w, h in SIZES:
            d = browser("vi")
            try:
                d.set_window_size(w, h)
                self.log_in(d, USER)
                d.find_element(By.ID, "nav-schedule").click()
                got = self.wait(d, "const b = %s; return b.length && b;" % blocks[7:], "the officer's airings")
                mine = want if size == "desktop" else [x for x in want if x[0].startswith("2024-03-04")]
                self.assertEqual(sorted([g[0], g[1]] for g in got), mine)
                for start, status, text, bg in got:
                    if status == "pending":
                        self.assertIn("Tin chờ duyệt", text)
                        self.assertIn("chờ duyệt", text.replace("Tin chờ duyệt", ""))
                    else:
                        self.assertIn("bị từ chối: Sai nội dung", text)
                    # Hatched, not a plain block.
                    self.assertIn("repeating-linear-gradient", bg)
                # The key says what hatched means, on a week that has them.
                for x in ("pending", "rejected"):
                    self.assertTrue(d.find_element(By.ID, "sc-key-" + x).is_displayed())
                # The slot's panel says its state too.
                d.find_element(By.CSS_SELECTOR, "#sc-week button.sc-block[data-status='rejected'][data-slot='%d']"
                               % ids[1]).click()
                panel = self.wait(d, "const p = document.getElementById('sc-panel');"
                                     "return !p.hidden && p.textContent", "the slot's panel")
                self.assertIn("Kiểm duyệt", panel)
                self.assertIn("bị từ chối: Sai nội dung", panel)
                d.execute_script("document.getElementById('sc-panel').hidden = true;"
                                 "document.getElementById('sc-week').scrollIntoView()")
                self.assert_fits(d, "Lịch phát (%s)" % size)
                self.shot(d, "schedule-approval-%s" % size)
            finally:
                d.quit()
        for i in ids:
            self.cli("slot", "rm", str(i))

    def test_the_log_names_who_approved(self):
        """Nhật ký phát: a programme the leader approved names the leader,
        as `loa log` does in its last column."""
        fill = os.path.join(os.environ.get("LOA_TEST_BIN", "."), "airlog_fill")
        sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        script = "\n".join([
            "\t".join(["begin", "2024-03-03T19:00:00+07:00", "2024-03-03T19:00:00+07:00", "0", "1", "normal",
                       str(self.t.clips[1]), "", "Tin đã duyệt", "", sha, "default", "", LEADER]),
            "\t".join(["end", "{row}", "completed", "2024-03-03T19:00:02+07:00", "2.0", "", ""]),
        ])
        first = subprocess.run([fill, self.db, "script"], input=script.split("\n")[0] + "\n", text=True,
                               capture_output=True, check=True).stdout
        row = first.split()[1]
        subprocess.run([fill, self.db, "script"], input=script.split("\n")[1].format(row=row) + "\n", text=True,
                       capture_output=True, check=True)
        (mine,) = [r for r in self.cli("log", "--format", "json").json() if r["title"] == "Tin đã duyệt"]
        self.assertEqual((mine["approved_by"], mine["requested_by"]), (LEADER, None))
        self.assertIn("intact", self.cli("log", "verify").out)
        d = browser("vi")
        try:
            d.set_window_size(1366, 900)
            self.log_in(d, USER)
            d.find_element(By.ID, "nav-log").click()
            self.wait(d, "return document.querySelectorAll('#log-list li.airing').length", "the log")
            li = [x for x in d.find_elements(By.CSS_SELECTOR, "#log-list li.airing") if "Tin đã duyệt" in x.text]
            self.assertEqual(len(li), 1)
            li[0].find_element(By.TAG_NAME, "summary").click()
            facts = li[0].find_element(By.CSS_SELECTOR, ".facts").text
            self.assertIn("Lãnh đạo đã duyệt", facts)
            self.assertIn(LEADER, facts)
            self.assertNotIn("phát khẩn", facts)
        finally:
            d.quit()

    def test_officer_sees_pending_and_leader_decides(self):
        for n, (size, w, h) in enumerate(SIZES):
            with self.subTest(size=size):
                sid, cid = self.officer_changes(n)
                waiting = len(self.queue())
                self.assertGreaterEqual(waiting, 2)
                d = browser("vi")
                try:
                    d.set_window_size(w, h)
                    # The officer: the clip changed says it waits.
                    self.log_in(d, USER)
                    # Its new slot's next airing waits, on the dashboard too.
                    pend = self.wait(d, "return Array.from(document.querySelectorAll('#dash-next li')).filter("
                                        "li => li.querySelector('.pending')).map(li => li.textContent)",
                                     "the pending airing on the dashboard")
                    self.assertTrue(any("Tin thử %d" % n in p and "chờ duyệt" in p for p in pend), pend)
                    self.assertTrue(d.find_element(By.ID, "nav-approve").get_attribute("hidden") is not None)
                    d.get("http://127.0.0.1:%d/#clips" % self.port)
                    self.wait(d, "return document.querySelectorAll('#clip-list li').length", "the clip list")
                    marks = d.execute_script(
                        "return Array.from(document.querySelectorAll('#clip-list li')).filter("
                        "li => li.querySelector('.clip-title').textContent === arguments[0])"
                        ".map(li => (li.querySelector('.pending') || {}).textContent)", "Bản tin sửa %d" % n)
                    self.assertEqual(marks, ["chờ duyệt"])
                    d.execute_script("document.querySelector('#clip-list .pending').closest('li').scrollIntoView()")
                    self.shot(d, "approve-officer-%s" % size)
                    d.delete_all_cookies()
                    # The leader: the count on the menu, then the queue.
                    self.log_in(d, LEADER)
                    self.wait(d, "return !document.getElementById('nav-approve-count').hidden", "the count")
                    self.assertEqual(d.find_element(By.ID, "nav-approve-count").text, str(waiting))
                    d.find_element(By.ID, "nav-approve").click()
                    self.wait(d, "return document.querySelectorAll('#ap-list li').length === %d" % waiting,
                              "the queue")
                    slot = self.item(d, "slot", sid)
                    self.assertIn("Tin thử %d" % n, slot.text)
                    self.assertIn("%02d:15" % (7 + n), slot.text)
                    self.assertIn(USER, slot.text)
                    clip = self.item(d, "clip", cid)
                    audio = clip.find_element(By.TAG_NAME, "audio")
                    self.assertTrue(audio.get_attribute("src").endswith("/api/v1/clips/%d/audio" % cid))
                    # The player plays the clip's file: its length is read.
                    d.execute_script("arguments[0].preload = 'metadata'; arguments[0].load()", audio)
                    self.wait(d, "return document.querySelector(\"#ap-list li[data-kind='clip'][data-id='%d'] audio\")"
                                 ".duration > 0" % cid, "the clip's audio")
                    self.assert_fits(d, "the Duyệt page (%s)" % size)
                    self.shot(d, "approve-%s" % size)
                    # Rejecting needs a reason.
                    slot.find_element(By.CSS_SELECTOR, "button.secondary").click()
                    self.wait(d, "return document.querySelector(\"#ap-list li[data-kind='slot'][data-id='%d'] .error\")"
                                 ".textContent" % sid, "the reason's error")
                    self.assertEqual(slot.find_element(By.TAG_NAME, "input").get_attribute("aria-invalid"), "true")
                    self.assertIn({"kind": "slot", "id": sid}, [{"kind": e["kind"], "id": e["id"]} for e in self.queue()])
                    slot.find_element(By.TAG_NAME, "input").send_keys("Sai giờ phát, sửa lại 17:00")
                    slot.find_element(By.CSS_SELECTOR, "button.secondary").click()
                    self.wait(d, "return !document.querySelector(\"#ap-list li[data-kind='slot'][data-id='%d']\")" % sid,
                              "the slot to leave the queue")
                    self.item(d, "clip", cid).find_element(By.CSS_SELECTOR, ".actions button:not(.secondary)").click()
                    self.wait(d, "return !document.querySelector(\"#ap-list li[data-kind='clip'][data-id='%d']\")" % cid,
                              "the clip to leave the queue")
                    self.wait(d, "return document.getElementById('nav-approve-count').textContent === '%d'"
                              " || (%d === 0 && document.getElementById('nav-approve-count').hidden)"
                              % (waiting - 2, waiting - 2), "the count to go down")
                    self.shot(d, "approve-done-%s" % size)
                finally:
                    d.quit()
                # The command line reads what the page did.
                left = [(e["kind"], e["id"]) for e in self.queue()]
                self.assertNotIn(("slot", sid), left)
                self.assertNotIn(("clip", cid), left)
                self.assertEqual(self.cli("slot", "show", str(sid), "--format", "json").json()["approval"], "rejected")
                self.assertEqual(self.cli("clip", "show", str(cid), "--format", "json").json()["approval"], "approved")
                audit = self.cli("audit", "--format", "json").json()
                (rej,) = [e for e in audit if e["action"] == "reject" and e["object"] == "slot %d" % sid]
                self.assertEqual((rej["user"], json.loads(rej["after"])["reason"]), (LEADER, "Sai giờ phát, sửa lại 17:00"))
                self.assertEqual(len([e for e in audit if e["action"] == "approve" and e["object"] == "clip %d" % cid]), 1)


if __name__ == "__main__":
    main()
