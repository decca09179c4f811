"""loa web's JSON API (issue 20): every endpoint on a real station, served
by the real `loa web` process.

The objects are the command line's: /clips is `loa clip list --format
json`, /agenda `loa agenda`, /status `loa status` on the same clock, and so
on, compared parsed. Without a session every call is 401; a change needs
the session's CSRF token; errors are {"error", "hint", "field"} in the
request's language; every answer carries the security headers; a body over
the limit is 413; the audio is sent in the span a Range header asks for.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from webtest import VIEWER, XSS, Client, WebTest  # noqa: E402

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
        if api:
            self.assertEqual(r.headers["Cache-Control"], "no-store")

    def audit(self, action):
        """The audit trail's entries of action, as `loa audit` prints them."""
        return [e for e in self.loa("audit", "--format", "json").json() if e["action"] == action]


class WebApiTest(ApiChecks, WebTest):

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
        self.assertEqual(len(clips), 4)
        # The titles that would be script in a page are plain strings in JSON.
        self.assertEqual([x["title"] for x in clips[2:]], XSS)

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
        all_rows = c.get("/api/v1/log").json()
        self.assertEqual(all_rows, self.cli("log", "--format", "json").json())
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
                            ("/app.js", "text/javascript; charset=utf-8"), ("/style.css", "text/css; charset=utf-8")]:
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


if __name__ == "__main__":
    main()
