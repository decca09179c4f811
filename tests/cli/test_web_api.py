"""loa web's JSON API (issue 20): every endpoint on a real station, served
by the real `loa web` process.

The objects are the command line's: /clips is `loa clip list --format
json`, /agenda `loa agenda`, /status `loa status` on the same clock, and so
on, compared parsed. Without a session every call is 401; a change needs
the session's CSRF token; errors are {"error", "hint", "field"} in the
request's language; every answer carries the security headers; a body over
the limit is 413; the audio is sent in the span a Range header asks for.
"""
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, main, tone  # noqa: E402
from webtest import FILL, LEADER, VIEWER, XSS, Client, WebTest, multipart  # noqa: E402

GETS = ["/api/v1/session", "/api/v1/station", "/api/v1/status", "/api/v1/clips", "/api/v1/clips/1",
        "/api/v1/clips/1/audio", "/api/v1/playlists", "/api/v1/agenda", "/api/v1/log", "/api/v1/log/verify",
        "/api/v1/report?quarter=1/2024"]
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'")


class ApiChecks:
    """What every API test checks of an answer."""

    def assert_error(self, r, status, field=None):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.headers["Content-Type"], "application/json")
        e = r.json()
        self.assertEqual(set(e), {"error", "hint", "field"})
        self.assertTrue(e["error"])
        self.assertEqual(e["field"], field)
        return e

    def assert_security_headers(self, r, api=True):
        self.assertEqual(r.headers["Content-Security-Policy"], CSP)
        self.assertEqual(r.headers["X-Frame-Options"], "DENY")
        self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(r.headers["Referrer-Policy"], "no-referrer")
        self.assertNotIn("Strict-Transport-Security", r.headers)  # plain HTTP (test_web_tls.py: HTTPS)
        if api:
            self.assertEqual(r.headers["Cache-Control"], "no-store")

    def cli_bytes(self, *args):
        """The command line's standard output as bytes, on the console's clock."""
        env = dict(os.environ, LOA_CLOCK="fixed:2024-03-03T22:00:00Z")
        env.pop("LOA_DB", None)
        p = subprocess.run([LOA, "--db", self.db] + list(args), capture_output=True, env=env, check=True)
        return p.stdout

    def audit(self, action):
        """The audit trail's entries of action, as `loa audit` prints them."""
        return [e for e in self.loa("audit", "--format", "json").json() if e["action"] == action]


class WebApiTest(ApiChecks, WebTest):
    # Uploads over 1 MiB are refused, so a test can send one.
    config = "[web]\nupload_max = 1M\n"

    # ---- sessions ----

    def test_no_session_is_401_everywhere(self):
        c = Client(self.port)
        for path in GETS:
            with self.subTest(path=path):
                self.assert_security_headers(c.get(path))
                self.assert_error(c.get(path), 401)
        self.assert_error(c.request("DELETE", "/api/v1/session"), 401)
        # A cookie that is not a session's is no better.
        self.assert_error(c.get("/api/v1/clips", headers={"Cookie": "loa_session=" + "A" * 43}), 401)

    def test_wrong_password_is_401_in_the_request_language(self):
        e = self.assert_error(Client(self.port, "en").login(password="sai"), 401, "password")
        self.assertEqual(e["error"], "wrong user name or password")
        e = self.assert_error(Client(self.port, "vi-VN,vi;q=0.9,en;q=0.5").login(password="sai"), 401, "password")
        self.assertIn("mật khẩu", e["error"])
        self.assert_error(Client(self.port).login(user="ai.do"), 401, "password")
        r = Client(self.port).request("POST", "/api/v1/session", raw=b"user=a&password=b")
        self.assert_error(r, 400)

    def test_login_cookie_csrf_and_logout(self):
        c = Client(self.port)
        r = c.login()
        self.assertEqual(r.status, 200, r)
        self.assert_security_headers(r)
        cookie = r.headers["Set-Cookie"]
        self.assertRegex(cookie, r"^loa_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$")
        body = r.json()
        self.assertEqual(body["user"], "can.bo")
        self.assertEqual(body["role"], "officer")
        self.assertRegex(body["csrf"], r"^[A-Za-z0-9_-]{43}$")
        self.assertNotEqual(body["csrf"], cookie[12:55])
        self.assertEqual(c.get("/api/v1/session").json(), body)
        # Logging out needs the token: none, or a wrong one, is 403.
        self.assert_error(c.request("DELETE", "/api/v1/session"), 403)
        self.assert_error(c.request("DELETE", "/api/v1/session", headers={"X-CSRF-Token": "x" * 43}), 403)
        self.assertEqual(c.get("/api/v1/clips").status, 200)
        r = c.request("DELETE", "/api/v1/session", headers={"X-CSRF-Token": c.csrf})
        self.assertEqual(r.status, 204, r)
        self.assertIn("Max-Age=0", r.headers["Set-Cookie"])
        self.assert_error(c.get("/api/v1/clips"), 401)

    def test_wrong_method_unknown_address(self):
        c = self.client()
        self.assert_error(c.request("POST", "/api/v1/station"), 403)  # no token: refused first
        r = c.request("POST", "/api/v1/station", headers={"X-CSRF-Token": c.csrf})
        self.assert_error(r, 405)
        self.assertEqual(r.headers["Allow"], "GET, HEAD")
        self.assert_error(c.get("/api/v1/nothing"), 404)
        self.assert_error(c.get("/api/v1/clips/999"), 404, "id")
        self.assert_error(c.get("/api/v1/clips/999/audio"), 404, "id")
        self.assert_error(c.get("/api/v1/clips/1/other"), 404)

    # ---- the command line's objects ----

    def test_station_clips_playlists_equal_the_command_line(self):
        c = self.client()
        for path, args in [("/api/v1/station", ["station"]), ("/api/v1/clips", ["clip", "list"]),
                           ("/api/v1/clips/%d" % self.t.clips[2], ["clip", "show", str(self.t.clips[2])]),
                           ("/api/v1/playlists", ["playlist", "list"])]:
            with self.subTest(path=path):
                r = c.get(path)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.headers["Content-Type"], "application/json")
                self.assert_security_headers(r)
                cli = self.cli(*args, "--format", "json")
                self.assertEqual(cli.rc, 0, cli)
                self.assertEqual(r.json(), cli.json())
        clips = c.get("/api/v1/clips").json()
        self.assertGreaterEqual(len(clips), 4)  # other tests add their own
        # The titles that would be script in a page are plain strings in JSON.
        self.assertEqual([x["title"] for x in clips[2:4]], XSS)

    def test_agenda_equals_the_command_line_read_as_the_officer_types(self):
        c = self.client()
        r = c.get("/api/v1/agenda?from=4/3/2024&to=" + "6/3/2024%2012h")
        self.assertEqual(r.status, 200, r)
        cli = self.cli("agenda", "--from", "4/3/2024", "--to", "6/3/2024 12h", "--format", "json")
        self.assertEqual(r.json(), cli.json())
        self.assertEqual(len(r.json()), 5)  # Mon 06, 17, Tue 06, 17, Wed 06
        # Without a window: the next 7 days from the console's clock.
        self.assertEqual(c.get("/api/v1/agenda").json(), self.cli("agenda", "--format", "json").json())

    def test_status_equals_the_command_line_on_the_same_clock(self):
        for lang in ("en", "vi"):
            with self.subTest(lang=lang):
                r = self.client(lang).get("/api/v1/status")
                self.assertEqual(r.status, 200, r)
                cli = self.cli("status", "--format", "json", lang=lang)
                self.assertEqual(r.json(), cli.json())
                codes = [w["code"] for w in r.json()["warnings"]]
                self.assertIn("clip_expires", codes)

    def test_log_filters_and_verify(self):
        c = self.client()
        r = c.get("/api/v1/log")
        all_rows = r.json()
        # The very bytes of the command line's JSON.
        self.assertEqual(r.body, self.cli_bytes("log", "--format", "json"))
        self.assertEqual(len(all_rows), 40)
        r = c.get("/api/v1/log?from=2/3/2024&to=2/3/2024&status=" + "b%E1%BB%8B%20l%E1%BB%A1,completed")
        cli = self.cli("log", "--from", "2/3/2024", "--to", "2/3/2024", "--status", "bị lỡ,completed",
                       "--format", "json")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), cli.json())
        self.assertTrue(0 < len(r.json()) < 24)
        items = c.get("/api/v1/log?items=1").json()
        self.assertEqual(items, self.cli("log", "--items", "--format", "json").json())
        e = self.assert_error(c.get("/api/v1/log?status=gone"), 400, "status")
        self.assertIn("gone", e["error"])
        v = c.get("/api/v1/log/verify").json()
        self.assertEqual(v["intact"], True)
        self.assertEqual(v["rows"], 40)
        self.assertIsNone(v["problem"])
        self.assertIn(v["head"], self.cli("log", "verify").out)
        # The reasons in words, in the request's language: the core's, as `loa log` prints them.
        vi, en = self.client("vi").get("/api/v1/reasons").json(), self.client("en").get("/api/v1/reasons").json()
        self.assertEqual(set(vi), set(en))
        self.assertIn("interrupted_emergency", vi)
        self.assertTrue(vi["device_missing"].startswith("không có thiết bị phát âm thanh"), vi)
        self.assertTrue(en["device_missing"].startswith("no sound output device"), en)
        failed = [r for r in all_rows if r["reason_code"]]
        if failed:
            table = self.cli("log", "--status", failed[0]["status"], "--format", "table", lang="vi").out
            self.assertIn(vi[failed[0]["reason_code"]][:30], table)

    def test_log_as_csv_and_for_excel_equals_the_command_line(self):
        c = self.client()
        rng = ["--from", "1/3/2024", "--to", "2/3/2024"]
        q = "from=1%2F3%2F2024&to=2%2F3%2F2024"
        r = c.get("/api/v1/log?" + q + "&format=csv")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(r.headers["Content-Disposition"], 'attachment; filename="nhat-ky-phat.csv"')
        self.assertEqual(r.body, self.cli_bytes("log", *rng, "--format", "csv"))
        self.assertTrue(r.body.startswith(b"id,seq,scheduled,"))
        # 40 rows from 1 March 06:00, one an hour: all but the last 2 of 2 March.
        self.assertEqual(r.body.count(b"\n") - 1, len(c.get("/api/v1/log?" + q).json()))
        # excel=1: the byte-order mark and the spreadsheet-safe form of --excel.
        r = c.get("/api/v1/log?" + q + "&excel=1&status=completed")
        self.assertEqual(r.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), r.body[:10])
        self.assertEqual(r.body, self.cli_bytes("log", *rng, "--status", "completed", "--excel"))
        r = c.get("/api/v1/log?" + q + "&items=1&format=csv")
        self.assertEqual(r.body, self.cli_bytes("log", *rng, "--items", "--format", "csv"))
        self.assertEqual(r.headers["Content-Disposition"], 'attachment; filename="nhat-ky-phat-tung-tin.csv"')
        # format=json is the default; anything else is refused by name.
        self.assertEqual(c.get("/api/v1/log?" + q + "&format=json").json(), c.get("/api/v1/log?" + q).json())
        self.assert_error(c.get("/api/v1/log?format=xlsx"), 400, "format")
        self.assert_error(c.get("/api/v1/log?format=json&excel=1"), 400, "excel")
        self.assert_error(c.get("/api/v1/log?from=31/2/2024&format=csv"), 400, "from")
        self.assertEqual(Client(self.port).get("/api/v1/log?format=csv").status, 401)

    def test_report_in_every_format(self):
        c = self.client()
        r = c.get("/api/v1/report?quarter=qu%C3%BD%201/2024")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.cli("report", "--quarter", "1/2024", "--format", "json").json())
        r = c.get("/api/v1/report?from=1/3/2024&to=31/3/2024&format=csv")
        self.assertEqual(r.headers["Content-Type"], "text/csv; charset=utf-8")
        # (the command's output is read as text: its CRLF line ends become \n)
        self.assertEqual(r.body.decode().replace("\r\n", "\n"), self.cli("report", "--from", "1/3/2024", "--to", "31/3/2024",
                                                   "--format", "csv").out)
        r = c.get("/api/v1/report?half=2024H1&format=html")
        self.assertEqual(r.headers["Content-Type"], "text/html; charset=utf-8")
        self.assertIn("<html", r.body.decode())
        r = c.get("/api/v1/report?year=2024&format=xlsx")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body[:2], b"PK")
        self.assertEqual(r.headers["Content-Disposition"], 'attachment; filename="bao-cao-2024.xlsx"')
        self.assert_error(c.get("/api/v1/report?quarter=5/2024"), 400, "quarter")
        self.assert_error(c.get("/api/v1/report"), 400, "from")
        self.assert_error(c.get("/api/v1/report?quarter=1/2024&year=2024"), 400, "year")
        self.assert_error(c.get("/api/v1/report?quarter=1/2024&format=pdf"), 400, "format")

    # ---- the audio ----

    def test_audio_whole_and_ranges(self):
        c = self.client()
        for clip, ext, ctype in [(self.t.clips[0], "wav", "audio/wav"), (self.t.clips[1], "mp3", "audio/mpeg")]:
            path = c.get("/api/v1/clips/%d" % clip).json()["path"]
            with open(path, "rb") as f:
                data = f.read()
            r = c.get("/api/v1/clips/%d/audio" % clip)
            self.assertEqual(r.status, 200)
            self.assertEqual(r.headers["Content-Type"], ctype)
            self.assertEqual(r.headers["Accept-Ranges"], "bytes")
            self.assertEqual(r.body, data)
            r = c.get("/api/v1/clips/%d/audio" % clip, headers={"Range": "bytes=100-199"})
            self.assertEqual(r.status, 206)
            self.assertEqual(r.headers["Content-Range"], "bytes 100-199/%d" % len(data))
            self.assertEqual(r.body, data[100:200])
            r = c.get("/api/v1/clips/%d/audio" % clip, headers={"Range": "bytes=-10"})
            self.assertEqual((r.status, r.body), (206, data[-10:]))
            r = c.get("/api/v1/clips/%d/audio" % clip, headers={"Range": "bytes=%d-" % (len(data) - 5)})
            self.assertEqual((r.status, r.body), (206, data[-5:]))
            r = c.get("/api/v1/clips/%d/audio" % clip, headers={"Range": "bytes=%d-" % len(data)})
            self.assertEqual(r.status, 416)
            self.assertEqual(r.headers["Content-Range"], "bytes */%d" % len(data))

    # ---- errors, limits, headers ----

    def test_errors_name_the_field_in_the_request_language(self):
        e = self.assert_error(self.client("vi").get("/api/v1/agenda?from=31/02/2026"), 400, "from")
        self.assertIn("31/02/2026", e["error"])
        self.assertIn("28", e["error"])
        self.assertIn("01/07/2026", e["hint"])
        en = self.assert_error(self.client("en-GB,en;q=0.9").get("/api/v1/agenda?from=31/02/2026"), 400, "from")
        self.assertNotEqual(en["error"], e["error"])
        self.assertEqual(self.cli("agenda", "--from", "31/02/2026").err.splitlines()[0],
                         "loa: --from: " + en["error"])
        self.assert_error(self.client().get("/api/v1/agenda?from=5/3/2024&to=4/3/2024"), 400, "to")

    def test_a_body_over_the_limit_is_413(self):
        c = Client(self.port)
        big = b'{"user":"' + b"a" * (70 * 1024) + b'","password":"x"}'
        self.assert_error(c.request("POST", "/api/v1/session", raw=big,
                                    headers={"Content-Type": "application/json"}), 413)
        # Sent in chunks, without a length: counted as it comes.
        import http.client
        h = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h.request("POST", "/api/v1/session", body=iter([big[i:i + 4096] for i in range(0, len(big), 4096)]),
                  headers={"Content-Type": "application/json"}, encode_chunked=True)
        r = h.getresponse()
        self.assertEqual(r.status, 413)
        h.close()
        # The server is still there.
        self.assertEqual(self.client().get("/api/v1/station").status, 200)

    def test_pages_and_headers(self):
        c = Client(self.port)
        for path, ctype in [("/", "text/html; charset=utf-8"), ("/index.html", "text/html; charset=utf-8"),
                            ("/app.js", "text/javascript; charset=utf-8"), ("/logpages.js", "text/javascript; charset=utf-8"),
                            ("/style.css", "text/css; charset=utf-8")]:
            r = c.get(path)
            self.assertEqual((r.status, r.headers["Content-Type"]), (200, ctype), path)
            self.assert_security_headers(r, api=False)
        page = c.get("/").body.decode()
        self.assertNotIn("<script>", page)  # scripts come from files, never inline
        self.assertNotIn("http", page.replace("http-equiv", ""))  # nothing from elsewhere
        self.assertEqual(c.get("/nothing.html").status, 404)
        self.assertEqual(c.request("POST", "/").status, 405)

    def test_login_and_logout_are_in_the_audit_trail(self):
        before = len(self.audit("session.login"))
        c = self.client(user=VIEWER)
        self.assertEqual(c.request("DELETE", "/api/v1/session", headers={"X-CSRF-Token": c.csrf}).status, 204)
        logins = self.audit("session.login")
        self.assertEqual(len(logins), before + 1)
        self.assertEqual((logins[-1]["user"], logins[-1]["addr"], logins[-1]["object"]),
                         (VIEWER, "127.0.0.1", VIEWER))
        out = self.audit("session.logout")[-1]
        self.assertEqual((out["user"], out["addr"]), (VIEWER, "127.0.0.1"))
        # The table says it in Vietnamese.
        self.assertIn("đăng nhập", self.cli("audit", "--format", "table", lang="vi").out)


    # ---- changing the clips ----

    def new_clip(self, title):
        """A clip of its own for a test that changes it: its number."""
        freq = 1000 + sum(map(ord, title)) % 2000  # bytes of its own: not another clip again
        path = tone(self.t.path("%s.wav" % title.replace(" ", "-")), seconds=1.0, freq=freq, rate=8000, channels=1)
        self.loa("clip", "add", path, "--title", title)
        return [c["id"] for c in self.loa("clip", "list", "--format", "json").json() if c["title"] == title][0]

    def clip_json(self, cid):
        return self.cli("clip", "show", str(cid), "--format", "json").json()

    def test_clip_writes_need_a_session_an_officer_and_the_token(self):
        cid = self.new_clip("ghi thử quyền")
        calls = [("PATCH", "/api/v1/clips/%d" % cid, b'{"title": "x"}'), ("DELETE", "/api/v1/clips/%d" % cid, None),
                 ("POST", "/api/v1/clips", b"")]
        viewer, officer = self.client(user=VIEWER), self.client()
        for method, path, body in calls:
            with self.subTest(method=method):
                self.assert_error(Client(self.port).request(method, path, raw=body), 401)
                e = self.assert_error(viewer.request(method, path, raw=body, headers={"X-CSRF-Token": viewer.csrf}),
                                      403)
                self.assertIn("viewer", e["error"])
                self.assert_error(officer.request(method, path, raw=body), 403)
                self.assert_error(officer.request(method, path, raw=body, headers={"X-CSRF-Token": "y" * 43}), 403)
        # A viewer's refusal is in the viewer's language too.
        v = Client(self.port, "vi")
        v.login(user=VIEWER)
        e = self.assert_error(v.request("DELETE", "/api/v1/clips/%d" % cid, headers={"X-CSRF-Token": v.csrf}), 403)
        self.assertIn("người xem", e["error"])
        self.assertEqual(self.clip_json(cid)["title"], "ghi thử quyền")  # nothing changed

    def patch(self, c, cid, body):
        return c.request("PATCH", "/api/v1/clips/%d" % cid, body, headers={"X-CSRF-Token": c.csrf})

    def test_clip_patch_checks_as_clip_edit_and_is_audited(self):
        cid = self.new_clip("sửa thử")
        c, vi = self.client(), self.client("vi")
        before = self.clip_json(cid)
        for body, field in [({"valid_until": "31/2/2024"}, "valid_until"), ({"valid_from": "ngày mai"}, "valid_from"),
                            ({"topic": "không có"}, "topic"), ({"title": ""}, "title"),
                            ({"title": "hai\ndòng"}, "title"), ({"title": "x" * 501}, "title"),
                            ({"valid_from": "10/3/2024", "valid_until": "5/3/2024"}, "valid_until")]:
            with self.subTest(body=body):
                self.assert_error(self.patch(c, cid, body), 422, field)
        e = self.assert_error(self.patch(vi, cid, {"topic": "không có"}), 422, "topic")
        self.assertIn("y tế", e["hint"])  # the station's topics, in Vietnamese
        self.assert_error(self.patch(c, cid, {}), 400)
        self.assert_error(self.patch(c, 999999, {"title": "x"}), 404, "id")
        self.assertEqual(self.clip_json(cid), before)  # a refusal changes nothing
        # The officer's forms: a date without its year, a topic in any case.
        title = 'Lịch tiêm <b>"mới"</b>'
        r = self.patch(c, cid, {"title": title, "topic": "Y TẾ", "valid_from": "5/3", "valid_until": "2024-03-20"})
        self.assertEqual(r.status, 200, r)
        after = self.clip_json(cid)
        self.assertEqual(r.json(), after)
        self.assertEqual((after["title"], after["topic"], after["valid_from"], after["valid_until"]),
                         (title, "y tế", "2024-03-05", "2024-03-20"))
        # "" clears a date.
        self.assertEqual(self.patch(c, cid, {"valid_until": ""}).json()["valid_until"], "")
        edits = [a for a in self.audit("clip.edit") if a["object"] == str(cid)]
        self.assertEqual(len(edits), 2)
        self.assertEqual((edits[0]["user"], edits[0]["addr"]), ("can.bo", "127.0.0.1"))
        self.assertEqual(json.loads(edits[0]["before"]), before)
        self.assertEqual(json.loads(edits[0]["after"]), after)

    def test_clip_delete_keeps_the_command_line_rules(self):
        cid = self.new_clip("xóa thử")
        self.loa("playlist", "create", "Danh sách xóa thử", str(cid))
        c, vi = self.client(), self.client("vi")
        shown = self.clip_json(cid)
        e = self.assert_error(c.request("DELETE", "/api/v1/clips/%d" % cid, headers={"X-CSRF-Token": c.csrf}), 409)
        # It names what uses the clip, and says what to do.
        self.assertEqual(e["error"], "clip %d 'xóa thử' is used by playlist 'Danh sách xóa thử'" % cid)
        self.assertIn("delete it anyway", e["hint"])
        # A slot too, and a second playlist: each named, in Vietnamese for a Vietnamese page.
        self.loa("playlist", "create", "Chiều", str(cid), str(cid))
        self.loa("slot", "add", "--clip", str(cid), "--at", "18:00", "--from", "2024-03-04", "--until", "2024-03-09")
        slot = self.cli("slot", "list", "--format", "json").json()[-1]["id"]
        e = self.assert_error(vi.request("DELETE", "/api/v1/clips/%d" % cid, headers={"X-CSRF-Token": vi.csrf}), 409)
        self.assertIn("%d 'xóa thử'" % cid, e["error"])
        self.assertIn("khung giờ %d" % slot, e["error"])
        self.assertIn("danh sách phát 'Chiều', 'Danh sách xóa thử'", e["error"])
        self.assertIn("xóa", e["hint"])
        self.assertEqual(self.clip_json(cid), shown)
        r = c.request("DELETE", "/api/v1/clips/%d?force=1" % cid, headers={"X-CSRF-Token": c.csrf})
        self.assertEqual(r.status, 204, r)
        self.assert_error(c.get("/api/v1/clips/%d" % cid), 404, "id")
        self.assert_error(c.request("DELETE", "/api/v1/clips/%d" % cid, headers={"X-CSRF-Token": c.csrf}), 404, "id")
        self.loa("clip", "show", str(cid), expect=1)  # gone for the command line too
        rm = [a for a in self.audit("clip.rm") if a["object"] == str(cid)]
        self.assertEqual(len(rm), 1)
        self.assertEqual(json.loads(rm[0]["before"]), shown)
        self.assertIn(rm[0]["after"], (None, ""))


    def library_files(self):
        """Every file and folder under the library folder."""
        lib = os.path.join(self.t.dir, "clips")
        return sorted(os.path.relpath(os.path.join(d, n), lib) for d, ds, fs in os.walk(lib) for n in ds + fs)

    def upload(self, c, fields, files, token=True):
        body, ctype = multipart(fields, files)
        h = {"Content-Type": ctype}
        if token:
            h["X-CSRF-Token"] = c.csrf
        return c.request("POST", "/api/v1/clips", raw=body, headers=h)

    def test_clip_upload_imports_as_clip_add_and_is_audited(self):
        c = self.client()
        with open(tone(self.t.path("up.wav"), seconds=1.5, freq=777, rate=8000, channels=1), "rb") as f:
            wav = f.read()
        r = self.upload(c, {"title": "Thông báo <script>x</script>", "topic": "Y TẾ", "valid_until": "31/3/2024"},
                        [("file", "Thông báo họp.wav", wav)])
        self.assertEqual(r.status, 201, r)
        clip = r.json()
        self.assertEqual(clip, self.clip_json(clip["id"]))
        self.assertEqual((clip["title"], clip["topic"], clip["valid_until"], clip["original_name"], clip["duration"]),
                         ("Thông báo <script>x</script>", "y tế", "2024-03-31", "Thông báo họp.wav", 1.5))
        added = [a for a in self.audit("clip.add") if a["object"] == str(clip["id"])]
        self.assertEqual(len(added), 1)
        self.assertEqual(json.loads(added[0]["after"]), clip)
        self.assertIn(added[0]["before"], (None, ""))
        # Without a title, the file's name is the title, as with clip add.
        with open(tone(self.t.path("up2.wav"), seconds=1.0, freq=888, rate=8000, channels=1), "rb") as f:
            r = self.upload(c, {}, [("file", "Bản tin chiều.wav", f.read())])
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["title"], "Bản tin chiều")
        # The same bytes again are the clip already there, not a new one.
        r = self.upload(c, {}, [("file", "lại.wav", wav)])
        self.assertEqual((r.status, r.json()["id"]), (200, clip["id"]))
        self.assertNotIn(".upload", " ".join(self.library_files()))

    def test_clip_upload_refusals_keep_nothing(self):
        c, vi = self.client(), self.client("vi")
        before = self.library_files()
        clips = len(self.cli("clip", "list", "--format", "json").json())
        # Not audio: the import's reason, in the request's language.
        e = self.assert_error(self.upload(c, {}, [("file", "ban-tin.mp3", b"not audio at all " * 300)]), 422)
        self.assertIn("'ban-tin.mp3'", e["error"])  # the name sent, not the server's folders
        self.assertNotIn("upload", e["error"] + (e["hint"] or ""))
        e = self.assert_error(self.upload(vi, {}, [("file", "ban-tin.mp3", b"not audio at all " * 300)]), 422)
        self.assertRegex(e["error"] + (e["hint"] or ""), "[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữựỳýỷỹỵíìỉĩịúùủũụóòỏõọéèẻẽẹ]")
        # A bad value: refused before the import, naming the field.
        with open(tone(self.t.path("bad.wav"), seconds=1.0, freq=999, rate=8000, channels=1), "rb") as f:
            wav = f.read()
        self.assert_error(self.upload(c, {"valid_from": "32/13"}, [("file", "a.wav", wav)]), 422, "valid_from")
        self.assert_error(self.upload(c, {"topic": "không có"}, [("file", "a.wav", wav)]), 422, "topic")
        self.assert_error(self.upload(c, {"title": "x"}, []), 422, "file")
        # Over upload_max (1 MiB here): sent with its length, refused before it is read...
        big = b"\0" * (1536 * 1024)
        body, ctype = multipart({}, [("file", "dai.wav", big)])
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        s.sendall(("POST /api/v1/clips HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
                   "Content-Type: %s\r\nContent-Length: %d\r\nAccept-Language: en\r\n\r\n"
                   % (c.cookie, c.csrf, ctype, len(body))).encode())
        head = s.recv(65536).decode("utf-8", "replace")
        s.close()
        self.assertTrue(head.startswith("HTTP/1.1 413"), head)
        self.assertIn("larger than", head)
        # ... and sent in chunks without a length: written until it is too big, then removed.
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("POST", "/api/v1/clips", body=(body[i:i + 65536] for i in range(0, len(body), 65536)),
                     headers={"Cookie": c.cookie, "X-CSRF-Token": c.csrf, "Content-Type": ctype},
                     encode_chunked=True)
        r = conn.getresponse()
        e = json.loads(r.read())
        conn.close()
        self.assertEqual((r.status, e["field"]), (413, "file"))
        self.assertEqual(self.library_files(), before)  # nothing kept, no temporary file
        self.assertEqual(len(self.cli("clip", "list", "--format", "json").json()), clips)


class PlaylistApiTest(ApiChecks, WebTest):
    """The playlists written through the API: a station of its own, whose
    playlist "Bản tin sáng" a slot airs."""

    def send(self, c, method, path, body=None, raw=None):
        return c.request(method, path, body, raw=raw, headers={"X-CSRF-Token": c.csrf})

    @staticmethod
    def path(name):
        return "/api/v1/playlists/" + urllib.parse.quote(name, safe="")

    def shown(self, name):
        """The playlist as the command line prints it: its row and its entries."""
        rows = [p for p in self.cli("playlist", "list", "--format", "json").json() if p["name"] == name]
        if not rows:
            return None
        return dict(rows[0], items=self.cli("playlist", "show", name, "--format", "json").json())

    def playlists(self):
        return self.cli("playlist", "list", "--format", "json").json()

    def test_writes_need_a_session_an_officer_and_the_token(self):
        c1 = self.t.clips[1]
        calls = [("POST", "/api/v1/playlists", {"name": "Trưa", "clips": [c1]}),
                 ("PATCH", self.path("Bản tin sáng"), {"clips": [c1]}), ("DELETE", self.path("Bản tin sáng"), None)]
        viewer, officer = self.client(user=VIEWER), self.client()
        before = (self.playlists(), self.shown("Bản tin sáng"))
        for method, path, body in calls:
            with self.subTest(method=method):
                self.assert_error(Client(self.port).request(method, path, body), 401)
                e = self.assert_error(self.send(viewer, method, path, body), 403)
                self.assertIn("viewer", e["error"])
                self.assert_error(officer.request(method, path, body), 403)
                self.assert_error(officer.request(method, path, body, headers={"X-CSRF-Token": "q" * 43}), 403)
        # Reading needs a session, and no more.
        self.assert_error(Client(self.port).get(self.path("Bản tin sáng")), 401)
        self.assertEqual(viewer.get(self.path("Bản tin sáng")).status, 200)
        self.assertEqual((self.playlists(), self.shown("Bản tin sáng")), before)  # nothing changed
        r = self.send(officer, "PUT", "/api/v1/playlists")
        self.assert_error(r, 405)
        self.assertEqual(r.headers["Allow"], "GET, HEAD, POST")
        self.assertEqual(self.send(officer, "PUT", self.path("x")).headers["Allow"], "GET, HEAD, PATCH, DELETE")

    def test_create_then_read_as_the_command_line_prints_it(self):
        c = self.client()
        c0, c1 = self.t.clips[:2]
        name = 'Thời sự <script>alert(1)</script> "tối"'
        r = self.send(c, "POST", "/api/v1/playlists", {"name": "  " + name + " ", "clips": [c1, c0, c1]})
        self.assertEqual(r.status, 201, r)
        self.assert_security_headers(r)
        self.assertEqual(r.json(), self.shown(name))  # its name as stored: the blanks at the ends dropped
        self.assertEqual([i["clip"] for i in r.json()["items"]], [c1, c0, c1])
        self.assertEqual(r.json()["clips"], 3)
        # Found by its name in other capitals and spacing, percent-encoded.
        for asked in (name, name.upper(), "  " + name.replace(" ", "  ")):
            g = c.get(self.path(asked))
            self.assertEqual((g.status, g.json()), (200, r.json()), asked)
        self.assertEqual(c.get("/api/v1/playlists").json(), self.playlists())
        e, = [e for e in self.audit("playlist.create") if e["object"] == name]
        self.assertEqual((e["user"], e["addr"], e["before"]), ("can.bo", "127.0.0.1", None))
        self.assertEqual(json.loads(e["after"]), {"id": r.json()["id"], "name": name, "clips": [c1, c0, c1]})
        # A '/' in a name is part of it (percent-encoded in the path).
        r = self.send(c, "POST", "/api/v1/playlists", {"name": "Tin 6/7", "clips": [c0]})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(c.get(self.path("tin 6/7")).json(), r.json())
        self.assertEqual(self.send(c, "DELETE", self.path("Tin 6/7")).status, 204)
        # Without clips: an empty playlist, as `loa playlist create NAME`.
        r = self.send(c, "POST", "/api/v1/playlists", {"name": "Để trống"})
        self.assertEqual((r.status, r.json()["clips"], r.json()["items"]), (201, 0, []), r)
        self.assert_error(c.get(self.path("không có")), 404, "name")

    def test_refused_bodies_name_their_field(self):
        c, vi = self.client(), self.client("vi")
        c0 = self.t.clips[0]
        before = self.playlists()
        post = lambda body: self.send(c, "POST", "/api/v1/playlists", body)  # noqa: E731
        for body, status, field in [
                ({"clips": [c0]}, 422, "name"), ({"name": "", "clips": [c0]}, 422, "name"),
                ({"name": "   "}, 422, "name"), ({"name": "hai\ndòng"}, 422, "name"), ({"name": "x" * 81}, 422, "name"), ({"name": "ư" * 5000}, 422, "name"),
                ({"name": "-x"}, 422, "name"), ({"name": 12}, 422, "name"), ({"name": ["a"]}, 422, "name"),
                ({"name": "a", "clips": "%d,%d" % (c0, c0)}, 422, "clips"), ({"name": "a", "clips": c0}, 422, "clips"),
                ({"name": "a", "clips": None}, 422, "clips"), ({"name": "a", "clips": [str(c0)]}, 422, "clips"),
                ({"name": "a", "clips": [c0, -1]}, 422, "clips"), ({"name": "a", "clips": [0]}, 422, "clips"),
                ({"name": "a", "clips": [1.5]}, 422, "clips"), ({"name": "a", "clips": [1e300]}, 422, "clips"),
                ({"name": "a", "clips": [10 ** 16]}, 422, "clips"), ({"name": "a", "clips": [999999]}, 422, "clips"),
                ({"name": "a", "clips": [c0] * 1001}, 422, "clips"), ({"name": "a", "clips": [[c0]]}, 400, None),
                ({"name": "a", "clips": {"0": c0}}, 400, None)]:
            with self.subTest(body=str(body)[:80]):
                self.assert_error(post(body), status, field)
        e = self.assert_error(post({"name": "a", "clips": [c0, 999999]}), 422, "clips")
        self.assertIn("999999", e["error"])
        e = self.assert_error(post({"name": "a", "clips": [c0, "7"]}), 422, "clips")
        self.assertIn('"7"', e["error"])
        e = self.assert_error(post({"name": "a", "clips": [c0] * 1001}), 422, "clips")
        self.assertIn("1000", e["error"])
        self.assert_error(self.send(c, "POST", "/api/v1/playlists", raw=b"name=a"), 400)
        self.assert_error(self.send(c, "POST", "/api/v1/playlists", raw=b'{"name": "a", "clips": [1,]}'), 400)
        # The name of another, in other capitals: 409, in the request's language.
        e = self.assert_error(post({"name": "BẢN TIN SÁNG"}), 409, "name")
        self.assertIn("'Bản tin sáng'", e["error"])
        e = self.assert_error(self.send(vi, "POST", "/api/v1/playlists", {"name": "bản  tin sáng"}), 409, "name")
        self.assertIn("danh sách phát", e["error"])
        self.assertEqual(self.playlists(), before)  # nothing made
        # The most a playlist holds is taken.
        r = post({"name": "Một nghìn", "clips": [c0] * 1000})
        self.assertEqual((r.status, r.json()["clips"]), (201, 1000), r)

    def test_reorder_add_remove_and_rename(self):
        c = self.client()
        c0, c1, c2, c3 = self.t.clips[:4]
        self.assertEqual(self.send(c, "POST", "/api/v1/playlists", {"name": "Sửa thử", "clips": [c0, c1]}).status, 201)
        patch = lambda name, body: self.send(c, "PATCH", self.path(name), body)  # noqa: E731
        for clips in ([c1, c0], [c1, c0, c2, c3], [c3, c1], []):
            r = patch("sửa THỬ", {"clips": clips})
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json(), self.shown("Sửa thử"))
            self.assertEqual([i["clip"] for i in r.json()["items"]], clips)
        r = patch("Sửa thử", {"name": "Đã đổi tên", "clips": [c2, c0]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.shown("Đã đổi tên"))
        self.assertEqual(r.json()["name"], "Đã đổi tên")
        self.assertIsNone(self.shown("Sửa thử"))
        self.assert_error(c.get(self.path("Sửa thử")), 404, "name")
        # Its own name in other capitals is allowed; another's is not.
        self.assertEqual(patch("đã đổi tên", {"name": "ĐÃ ĐỔI TÊN"}).json()["name"], "ĐÃ ĐỔI TÊN")
        self.assert_error(patch("ĐÃ ĐỔI TÊN", {"name": "bản tin sáng"}), 409, "name")
        self.assert_error(patch("ĐÃ ĐỔI TÊN", {"name": ""}), 422, "name")
        self.assert_error(patch("ĐÃ ĐỔI TÊN", {"clips": [c0, 999999]}), 422, "clips")
        self.assert_error(patch("ĐÃ ĐỔI TÊN", {}), 400)
        self.assert_error(patch("không có", {"clips": [c0]}), 404, "name")
        self.assertEqual([i["clip"] for i in self.shown("ĐÃ ĐỔI TÊN")["items"]], [c2, c0])  # refusals change nothing
        # The same clips again: answered, nothing to write in the audit trail.
        self.assertEqual(patch("ĐÃ ĐỔI TÊN", {"clips": [c2, c0]}).status, 200)
        edits = [e for e in self.audit("playlist.edit") if json.loads(e["after"])["id"] == r.json()["id"]]
        self.assertEqual(len(edits), 6)
        self.assertEqual(json.loads(edits[0]["before"])["clips"], [c0, c1])
        self.assertEqual(json.loads(edits[0]["after"])["clips"], [c1, c0])
        self.assertEqual((json.loads(edits[4]["before"])["name"], json.loads(edits[4]["after"])["name"]),
                         ("Sửa thử", "Đã đổi tên"))
        self.assertEqual(edits[4]["object"], "Đã đổi tên")

    def test_rename_keeps_the_slots_that_air_it(self):
        c = self.client()
        agenda = c.get("/api/v1/agenda?from=4/3/2024&to=5/3/2024").json()
        self.assertTrue(agenda)
        r = self.send(c, "PATCH", self.path("Bản tin sáng"), {"name": "Bản tin buổi sáng"})
        self.assertEqual(r.status, 200, r)
        self.addCleanup(self.send, c, "PATCH", self.path("Bản tin buổi sáng"), {"name": "Bản tin sáng"})
        # The slot airs it by its new name (its own title stays the officer's).
        slot = self.cli("slot", "list", "--format", "json").json()[0]
        self.assertEqual((slot["clip"], slot["title"]), ("Bản tin buổi sáng", "Bản tin sáng"))
        # It airs as before: the same airings, none skipped for a missing playlist.
        after = c.get("/api/v1/agenda?from=4/3/2024&to=5/3/2024").json()
        self.assertEqual([(a["start"], a["status"]) for a in after], [(a["start"], a["status"]) for a in agenda])
        self.assertNotIn("skipped", [a["status"] for a in after])

    def test_delete_and_the_slots_that_air_it(self):
        c, vi = self.client(), self.client("vi")
        slot = self.cli("slot", "list", "--format", "json").json()[0]["id"]
        # A slot airs it: refused, naming the slot and what to do.
        e = self.assert_error(self.send(c, "DELETE", self.path("bản tin sáng")), 409)
        self.assertEqual(e["error"], "playlist 'Bản tin sáng' is aired by slot %d" % slot)
        self.assertIn("slots", e["hint"])
        e = self.assert_error(self.send(vi, "DELETE", self.path("Bản tin sáng")), 409)
        self.assertIn("khung giờ %d" % slot, e["error"])
        self.assertIsNotNone(self.shown("Bản tin sáng"))
        # One no slot airs goes; its clips stay.
        clips = c.get("/api/v1/clips").json()
        r = self.send(c, "POST", "/api/v1/playlists", {"name": "Xóa đi", "clips": [self.t.clips[0]]})
        self.assertEqual(r.status, 201, r)
        gone = r.json()
        r = self.send(c, "DELETE", self.path("XÓA ĐI"))
        self.assertEqual((r.status, r.body), (204, b""), r)
        self.assertIsNone(self.shown("Xóa đi"))
        self.assertEqual(c.get("/api/v1/clips").json(), clips)
        self.assert_error(c.get(self.path("Xóa đi")), 404, "name")
        self.assert_error(self.send(c, "DELETE", self.path("Xóa đi")), 404, "name")
        e, = [e for e in self.audit("playlist.rm") if e["object"] == "Xóa đi"]
        self.assertEqual(json.loads(e["before"]), {"id": gone["id"], "name": "Xóa đi", "clips": [self.t.clips[0]]})
        self.assertIsNone(e["after"])


class UsersApiTest(ApiChecks, WebTest):
    """The accounts and the audit trail, for a leader only: a station of
    its own, so its users are only the test's."""

    def leader(self, lang="en"):
        return self.client(lang, user=LEADER)

    def send(self, c, method, path, body=None):
        return c.request(method, path, body, headers={"X-CSRF-Token": c.csrf})

    def users(self):
        return self.cli("user", "list", "--format", "json").json()

    def test_only_a_leader_with_the_token(self):
        calls = [("GET", "/api/v1/users", None), ("GET", "/api/v1/audit", None),
                 ("POST", "/api/v1/users", {"name": "ai.do", "role": "viewer", "password": "một câu dài đủ"}),
                 ("PATCH", "/api/v1/users/" + VIEWER, {"role": "officer"}), ("DELETE", "/api/v1/users/" + VIEWER, None)]
        officer, viewer, leader = self.client(), self.client(user=VIEWER), self.leader()
        before = self.users()
        for method, path, body in calls:
            with self.subTest(method=method, path=path):
                self.assert_error(Client(self.port).request(method, path, body), 401)
                for c in (officer, viewer):
                    e = self.assert_error(self.send(c, method, path, body), 403)
                    self.assertIn("leader", e["error"])
                if method != "GET":
                    self.assert_error(leader.request(method, path, body), 403)
                    self.assert_error(leader.request(method, path, body, headers={"X-CSRF-Token": "z" * 43}), 403)
        self.assertEqual(self.users(), before)  # nothing changed
        v = Client(self.port, "vi")
        v.login(user=VIEWER)
        self.assertIn("lãnh đạo", self.assert_error(v.get("/api/v1/users"), 403)["error"])

    def test_list_equals_the_command_line(self):
        r = self.leader().get("/api/v1/users")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.users())
        self.assertIn(LEADER, [u["name"] for u in r.json()])
        self.assertNotIn("password", r.body.decode())

    def test_add_a_user_then_log_in_as_them(self):
        c = self.leader()
        r = self.send(c, "POST", "/api/v1/users", {"name": "nguyễn.an", "role": "cán bộ", "password": "lúa chín vàng đồng"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json(), [u for u in self.users() if u["name"] == "nguyễn.an"][0])
        self.assertEqual(r.json()["role"], "officer")
        self.assertEqual(Client(self.port).login("nguyễn.an", "lúa chín vàng đồng").status, 200)
        e, = [e for e in self.audit("user.add") if e["object"] == "nguyễn.an"]
        self.assertEqual((e["user"], e["addr"], e["before"]), (LEADER, "127.0.0.1", None))
        self.assertEqual(json.loads(e["after"]), {"name": "nguyễn.an", "role": "officer"})
        self.assertNotIn("lúa", json.dumps(self.audit("user.add")))  # never the password
        # The name again, in another case: taken.
        r = self.send(c, "POST", "/api/v1/users", {"name": "NGUYỄN.AN", "role": "viewer", "password": "một câu khác dài"})
        self.assert_error(r, 409, "name")

    def test_refused_values_name_their_field(self):
        c = self.leader("vi")
        n = len(self.users())
        post = lambda body: self.send(c, "POST", "/api/v1/users", body)  # noqa: E731
        self.assert_error(post({"name": "<img src=x onerror=alert(1)>", "role": "viewer",
                                "password": "một câu dài đủ"}), 422, "name")
        self.assert_error(post({"name": XSS[0], "role": "viewer", "password": "một câu dài đủ"}), 422, "name")
        self.assert_error(post({"name": "", "role": "viewer", "password": "một câu dài đủ"}), 422, "name")
        e = self.assert_error(post({"name": "ba.ngan", "role": "viewer", "password": "ngắn"}), 422, "password")
        self.assertIn("ngắn", e["error"])
        self.assert_error(post({"name": "ba.ngan", "role": "viewer", "password": "ba.ngan"}), 422, "password")
        self.assert_error(post({"name": "ba.ngan", "role": "vua", "password": "một câu dài đủ"}), 422, "role")
        self.assert_error(post({"name": "ba.ngan", "password": "một câu dài đủ"}), 422, "role")
        self.assert_error(c.request("POST", "/api/v1/users", raw=b"name=x", headers={"X-CSRF-Token": c.csrf}), 400)
        self.assertEqual(len(self.users()), n)

    def test_change_role_and_password(self):
        c = self.leader()
        self.loa("user", "add", "tam.thoi", "--role", "viewer", input="mật khẩu ban đầu\n")
        t = Client(self.port)
        self.assertEqual(t.login("tam.thoi", "mật khẩu ban đầu").status, 200)
        r = self.send(c, "PATCH", "/api/v1/users/tam.thoi", {"role": "officer"})
        self.assertEqual((r.status, r.json()["role"]), (200, "officer"), r)
        self.assertEqual(t.get("/api/v1/session").json()["role"], "officer")  # at once
        e = self.audit("user.role")[-1]
        self.assertEqual((e["user"], e["object"]), (LEADER, "tam.thoi"))
        self.assertEqual((json.loads(e["before"])["role"], json.loads(e["after"])["role"]), ("viewer", "officer"))
        self.assert_error(self.send(c, "PATCH", "/api/v1/users/tam.thoi", {"password": "ngắn"}), 422, "password")
        r = self.send(c, "PATCH", "/api/v1/users/tam.thoi", {"password": "mật khẩu mới tinh"})
        self.assertEqual(r.status, 200, r)
        self.assert_error(t.get("/api/v1/session"), 401)  # its sessions ended
        self.assertEqual(Client(self.port).login("tam.thoi", "mật khẩu mới tinh").status, 200)
        self.assertEqual(self.audit("user.passwd")[-1]["object"], "tam.thoi")
        self.assert_error(self.send(c, "PATCH", "/api/v1/users/tam.thoi", {"role": "vua"}), 422, "role")
        self.assert_error(self.send(c, "PATCH", "/api/v1/users/tam.thoi", {}), 400)
        self.assert_error(self.send(c, "PATCH", "/api/v1/users/khong.co", {"role": "viewer"}), 404, "name")

    def test_remove_and_the_last_leader_stays(self):
        c = self.leader()
        self.loa("user", "add", "se.xoa", "--role", "viewer", input="mật khẩu ban đầu\n")
        self.assertEqual(self.send(c, "DELETE", "/api/v1/users/se.xoa").status, 204)
        self.assertNotIn("se.xoa", [u["name"] for u in self.users()])
        e = self.audit("user.rm")[-1]
        self.assertEqual((e["user"], e["object"], e["after"]), (LEADER, "se.xoa", None))
        self.assert_error(self.send(c, "DELETE", "/api/v1/users/se.xoa"), 404, "name")
        # The station's only leader can neither go nor be demoted: 409.
        self.assert_error(self.send(c, "DELETE", "/api/v1/users/" + LEADER), 409, "name")
        self.assert_error(self.send(c, "PATCH", "/api/v1/users/" + LEADER, {"role": "officer"}), 409, "role")
        self.assertIn({"name": LEADER, "role": "leader"},
                      [{"name": u["name"], "role": u["role"]} for u in self.users()])
        self.assertEqual(c.get("/api/v1/users").status, 200)  # still a leader

    def test_audit_equals_the_command_line(self):
        c, officer = self.leader(), self.client()
        cid = self.t.clips[0]
        r = self.send(officer, "PATCH", "/api/v1/clips/%d" % cid, {"title": XSS[1]})
        self.assertEqual(r.status, 200, r)
        r = c.get("/api/v1/audit")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.cli("audit", "--format", "json").json())
        edit = [e for e in r.json() if e["action"] == "clip.edit"][-1]
        self.assertIn(XSS[1], json.loads(edit["after"])["title"])
        # Dates as the officer types them: the console's day (4 March 2024).
        r = c.get("/api/v1/audit?from=4/3/2024&to=4/3/2024")
        self.assertEqual(r.json(), self.cli("audit", "--from", "4/3/2024", "--to", "4/3/2024", "--format", "json").json())
        self.assertTrue(r.json())
        self.assertEqual(c.get("/api/v1/audit?from=5/3/2024&to=6/3/2024").json(), [])
        self.assert_error(c.get("/api/v1/audit?from=31/2/2024"), 400, "from")
        self.assert_error(c.get("/api/v1/audit?from=5/3/2024&to=4/3/2024"), 400, "to")


class ThrottleTest(ApiChecks, WebTest):
    """A station of its own: its console's clock stands still, so the
    address's failures would hold off every other test's login."""

    def test_throttled_after_wrong_passwords(self):
        for _ in range(5):
            self.assert_error(Client(self.port).login(password="sai mật khẩu"), 401, "password")
        # The right password during the back-off is refused all the same.
        r = Client(self.port, "vi").login()
        e = self.assert_error(r, 429)
        self.assertGreaterEqual(int(r.headers["Retry-After"]), 1)
        self.assertLessEqual(int(r.headers["Retry-After"]), 60)
        self.assertIn("giây", e["error"])
        self.assertNotIn("Set-Cookie", r.headers)
        e = self.assert_error(Client(self.port, "en").login(), 429)
        self.assertIn("seconds", e["error"])
        # Nobody logged in: the trail has no login.
        self.assertEqual(self.audit("session.login"), [])


NEXT = re.compile(r'^</api/v1/(log\?[^>]*)>; rel="next"$')


class LogStreamTest(ApiChecks, WebTest):
    """The airing log as CSV is sent as the client reads it, in parts each
    read by a walk of its own; as JSON it is paged, 1,000 rows at most a
    page, each naming the next in a Link header. A log of 4,040 airings
    (2,500 of them at one instant, longer than a part and than a page, so
    parts and pages end inside a run of rows that sort by id alone) is the
    command line's bytes in every form, the JSON pages end to end, while
    other requests, another log among them, are served between its
    parts."""

    def pages(self, c, path):
        """Every row of the JSON log at path, following each page's Link
        header; and the pages' answers."""
        rows, answers = [], []
        while path:
            r = c.get(path)
            self.assertEqual(r.status, 200, r)
            page = r.json()
            self.assertLessEqual(len({x["seq"] for x in page}), 1000)
            rows += page
            answers.append(r)
            link = r.headers["Link"]
            path = None
            if link:
                m = NEXT.match(link)
                self.assertIsNotNone(m, link)
                path = "/api/v1/" + m.group(1)
        return rows, answers

    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        subprocess.run([FILL, t.db, "generate", "1500", "2024-02-01T00:00:00+07:00", "600", "4", "3"], check=True,
                       capture_output=True)
        # 2,500 slots missed at one instant (one row per slot and instant).
        script = "".join("record\tmissed\tloa was not running\t2024-03-02T12:30:00+07:00\t%d\tnormal\t%d\t\t"
                         "Tin %d\tY tế\t\tdefault\tmissed_downtime\n" % (k, t.clips[0], k) for k in range(1, 2501))
        subprocess.run([FILL, t.db, "script"], input=script, text=True, check=True, capture_output=True)

    def test_every_form_is_the_command_line_in_parts(self):
        c = self.client()
        for q, args in [("", []), ("?items=1", ["--items"]), ("?format=csv", ["--format", "csv"]),
                        ("?excel=1", ["--excel"]), ("?items=1&format=csv", ["--items", "--format", "csv"]),
                        ("?status=completed,missed", ["--status", "completed,missed"]),
                        ("?items=1&status=completed", ["--items", "--status", "completed"]),
                        ("?from=2/3/2024&to=2/3/2024", ["--from", "2/3/2024", "--to", "2/3/2024"])]:
            with self.subTest(q=q):
                if "format" in q or "excel" in q:
                    r = c.get("/api/v1/log" + q)
                    self.assertEqual(r.status, 200, r)
                    cli = self.cli_bytes("log", *args)
                    self.assertEqual(r.body, cli)
                    self.assertGreater(len(cli), 200000)  # many parts
                    # A download, sent whole as it is written: chunked, no
                    # length known ahead, no next page.
                    self.assertEqual(r.headers["Transfer-Encoding"], "chunked")
                    self.assertIsNone(r.headers["Content-Length"])
                    self.assertIsNone(r.headers["Link"])
                    self.assert_security_headers(r)
                    continue
                rows, answers = self.pages(c, "/api/v1/log" + q)
                self.assertEqual(rows, self.cli("log", *args, "--format", "json").json())
                self.assertGreater(len(answers), 1)
                for r in answers:
                    # A page is sent whole, with its length.
                    self.assertEqual(int(r.headers["Content-Length"]), len(r.body))
                    self.assert_security_headers(r)
        r = c.get("/api/v1/log")
        self.assertEqual(len(r.json()), 1000)
        self.assertEqual(r.headers["Link"], '</api/v1/log?after=%d>; rel="next"' % r.json()[-1]["id"])
        self.assertEqual(len(self.pages(c, "/api/v1/log")[0]), 4040)

    def test_a_short_answer_keeps_its_length(self):
        r = self.client().get("/api/v1/log?from=1/3/2024&to=1/3/2024")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(int(r.headers["Content-Length"]), len(r.body))
        self.assertEqual(r.body, self.cli_bytes("log", "--from", "1/3/2024", "--to", "1/3/2024", "--format", "json"))

    def test_other_requests_are_served_between_its_parts(self):
        c = self.client()
        whole = self.cli_bytes("log", "--items", "--format", "csv")
        slow = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        slow.request("GET", "/api/v1/log?items=1&format=csv", headers={"Cookie": c.cookie})
        r = slow.getresponse()
        head = r.read(1000)   # a slow reader: the rest waits
        # Meanwhile the console answers, another log among them.
        self.assertEqual(c.get("/api/v1/station").status, 200)
        self.assertEqual(c.get("/api/v1/log?items=1&format=csv").body, whole)
        self.assertEqual(self.pages(c, "/api/v1/log?items=1")[0], json.loads(
            self.cli_bytes("log", "--items", "--format", "json")))
        self.assertEqual(head + r.read(), whole)
        slow.close()
        # A client that goes away part way: its answer is dropped (and
        # freed: the console exits cleanly, under ASan too), the console
        # goes on.
        gone = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        gone.request("GET", "/api/v1/log?items=1&format=csv", headers={"Cookie": c.cookie})
        gone.getresponse().read(5000)
        gone.sock.shutdown(socket.SHUT_RDWR)
        gone.close()
        self.assertEqual(c.get("/api/v1/log?format=csv").body, self.cli_bytes("log", "--format", "csv"))

    def test_a_page_at_a_time(self):
        """limit= and after= (the Nhật ký phát page's "Xem thêm"), through=
        (the items of the rows a page shows): the pages, put end to end,
        are the whole log, across parts and across a run of rows at one
        instant."""
        c = self.client()
        whole = self.pages(c, "/api/v1/log")[0]
        self.assertEqual(len(whole), 4040)
        got, after, pages = [], None, 0
        while True:
            r = c.get("/api/v1/log?limit=700" + ("&after=%d" % after if after else ""))
            self.assertEqual(r.status, 200, r)
            page = r.json()
            self.assertLessEqual(len(page), 700)
            got += page
            pages += 1
            if len(page) < 700:
                self.assertIsNone(r.headers["Link"])
                break
            after = page[-1]["id"]
            self.assertEqual(r.headers["Link"], '</api/v1/log?limit=700&after=%d>; rel="next"' % after)
        self.assertEqual(got, whole)
        self.assertEqual(pages, 6)
        # The Link's pages are the same.
        self.assertEqual(self.pages(c, "/api/v1/log?limit=700")[0], whole)
        # A page that ends on the log's last row names no next page.
        r = c.get("/api/v1/log?limit=40&after=%d" % whole[-41]["id"])
        self.assertEqual(r.json(), whole[-40:])
        self.assertIsNone(r.headers["Link"])
        # A status and a period: the first rows of the same listing.
        q = "from=1%2F2%2F2024&to=2%2F3%2F2024&status=completed,missed"
        rows = self.pages(c, "/api/v1/log?" + q)[0]
        self.assertEqual(c.get("/api/v1/log?limit=7&" + q).json(), rows[:7])
        self.assertEqual(c.get("/api/v1/log?limit=7&after=%d&%s" % (rows[6]["id"], q)).json(), rows[7:14])
        # The items of the first 300 rows, however the rows' window is said;
        # with the rest after them, every item of the log.
        items = self.pages(c, "/api/v1/log?items=1")[0]
        first = c.get("/api/v1/log?items=1&limit=300").json()
        self.assertEqual(c.get("/api/v1/log?items=1&through=%d" % whole[299]["id"]).json(), first)
        rest = self.pages(c, "/api/v1/log?items=1&after=%d" % whole[299]["id"])[0]
        self.assertGreater(len(first), 300)
        self.assertEqual(first + rest, items)
        window = c.get("/api/v1/log?items=1&after=%d&through=%d" % (whole[99]["id"], whole[299]["id"])).json()
        self.assertEqual(c.get("/api/v1/log?items=1&limit=100").json() + window, first)
        # CSV too: its header and the rows.
        csv = c.get("/api/v1/log?format=csv&limit=5").body.decode().splitlines()
        self.assertEqual(csv, self.cli_bytes("log", "--format", "csv").decode().splitlines()[:6])
        # What is refused, naming the field.
        # The whole log as CSV, limit= or not: a download has no pages.
        self.assertEqual(c.get("/api/v1/log?format=csv&limit=4040").body.count(b"\n"), 4041)
        # A page of items through a row further than a page: its next page.
        r = c.get("/api/v1/log?items=1&through=%d" % whole[1500]["id"])
        self.assertLess(len({x["seq"] for x in r.json()}), 1001)  # 1,000 programmes, some without items
        self.assertIn("through=%d&after=" % whole[1500]["id"], r.headers["Link"])
        self.assertEqual(self.pages(c, "/api/v1/log?items=1&through=%d" % whole[1500]["id"])[0],
                         [x for x in items if x["seq"] in {y["seq"] for y in whole[:1501]}])
        for q, field, status in [("limit=0", "limit", 400), ("limit=ten", "limit", 400), ("limit=1001", "limit", 400),
                                 ("after=x", "after", 400),
                                 ("after=99999999", "after", 404), ("through=-3", "through", 400)]:
            with self.subTest(q=q):
                e = self.assert_error(c.get("/api/v1/log?" + q), status, field)
                self.assertIn(q.split("=")[1], e["error"])


class SnapshotTest(ApiChecks, WebTest):
    """The console keeps no query open between requests: it sees what
    other processes (the command line, the daemon) wrote since, and can
    write after them. A query /status left open (on the daemon's state)
    held the console on the station as it was then; once another process
    wrote, the console's own writes failed and a session could no longer
    be kept (401)."""

    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        # The daemon's state is written: the daemon ran once.
        t.loa("run", "--output", "null", "--until", "2024-03-04T05:00:30+07:00",
              env={"LOA_CLOCK": "sim:2024-03-03T22:00:00Z"})

    def test_reads_and_writes_after_another_process_wrote(self):
        c = self.client()
        clip = self.t.clips[1]
        for path in ("/api/v1/status", "/api/v1/log", "/api/v1/log?items=1&format=csv", "/api/v1/report?quarter=1/2024"):
            with self.subTest(path=path):
                self.assertEqual(c.get(path).status, 200)
                title = "Đổi từ dòng lệnh sau " + path
                self.loa("clip", "edit", str(clip), "--title", title)
                self.assertEqual(c.get("/api/v1/clips/%d" % clip).json()["title"], title)
                r = c.request("PATCH", "/api/v1/clips/%d" % clip, {"title": "Bản tin nông nghiệp"},
                              headers={"X-CSRF-Token": c.csrf})
                self.assertEqual(r.status, 200, r)


class LeftUploadTest(WebTest):
    """An upload cut short by a console killed mid-way (kill -9, a power
    cut) leaves its folder in the library; the next `loa web` removes it,
    and never a live console's."""

    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        lib = os.path.join(os.path.dirname(t.db), "clips")
        cls.dead = os.path.join(lib, ".upload-999999999-abc123")   # no such process
        cls.old = os.path.join(lib, ".upload-XyZ123")               # before PIDs were in the name
        cls.live = os.path.join(lib, ".upload-%d-def456" % os.getpid())  # this test: alive
        for d in (cls.dead, cls.old, cls.live):
            os.makedirs(d)
            with open(os.path.join(d, "Tin sáng.mp3"), "wb") as f:
                f.write(b"\xff\xfb" * 1000)

    def test_dead_uploads_removed_live_kept(self):
        self.assertFalse(os.path.exists(self.dead))
        self.assertFalse(os.path.exists(self.old))
        self.assertTrue(os.path.exists(os.path.join(self.live, "Tin sáng.mp3")))
        # The clips are untouched.
        self.assertEqual(self.client().get("/api/v1/clips").json(),
                         self.cli("clip", "list", "--format", "json").json())


if __name__ == "__main__":
    main()
