"""loa web over HTTPS (issue 20): a certificate and key named in loa.conf
(or by --cert and --key), served by the real `loa web` with
libmicrohttpd's TLS, reached by Python's ssl with verification on.

The certificate is made at test time with openssl, as loa.conf(5) tells
the technician to make one for a LAN address: a self-signed one for
localhost and 127.0.0.1, trusted by the client as a browser trusts it once
it is installed. Under HTTPS the session cookie is Secure and every answer
carries Strict-Transport-Security; plain HTTP and TLS 1.1 are refused.
Each wrong configuration stops `loa web` with exit 2 before it listens,
and its message names the file and what to do.
"""
import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import warnings

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, StationTest, main, tone  # noqa: E402
from webtest import Client, WebTest, free_port, multipart, start_console  # noqa: E402

HSTS = "max-age=31536000"


def make_cert(folder, name="", cn="localhost", san="DNS:localhost,IP:127.0.0.1"):
    """A self-signed P-256 certificate and its key, as loa.conf(5) says to
    make them: the paths (cert, key), the key readable by its owner only."""
    cert = os.path.join(folder, "cert%s.pem" % name)
    key = os.path.join(folder, "key%s.pem" % name)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-subj", "/CN=" + cn, "-addext", "subjectAltName=" + san, "-days", "2",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    os.chmod(key, 0o600)
    return cert, key


def trusting(cert):
    """A client context that trusts cert alone and verifies the name."""
    ctx = ssl.create_default_context(cafile=cert)
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    return ctx


class HttpsTest(WebTest):
    """The console on HTTPS, its certificate and key named in loa.conf."""

    @classmethod
    def build_station(cls, t):
        super().build_station(t)
        cls.cert, cls.key = make_cert(t.dir)
        cls.config = "[web]\ncert = %s\nkey = %s\nupload_max = 4M\n" % (cls.cert, cls.key)
        cls.tls = trusting(cls.cert)

    def test_login_sets_a_secure_cookie_and_hsts(self):
        c = Client(self.port, tls=self.tls)
        r = c.login()
        self.assertEqual(r.status, 200, r)
        cookie = r.headers["Set-Cookie"]
        self.assertRegex(cookie, r"^loa_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/; Secure$")
        parts = [p.strip() for p in cookie.split(";")]
        for attr in ("Secure", "HttpOnly", "SameSite=Strict"):
            self.assertIn(attr, parts)
        self.assertEqual(r.headers["Strict-Transport-Security"], HSTS)
        # The session works over TLS, and every kind of answer carries HSTS:
        # an API answer, a page, a refusal, a 413 refused before its body.
        r = c.get("/api/v1/clips")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.cli("clip", "list", "--format", "json").json())
        for path, status in (("/api/v1/station", 200), ("/", 200), ("/style.css", 200), ("/api/v1/nothing", 404)):
            r = c.get(path)
            self.assertEqual((r.status, r.headers["Strict-Transport-Security"]), (status, HSTS), path)
        r = Client(self.port, tls=self.tls).get("/api/v1/clips")
        self.assertEqual((r.status, r.headers["Strict-Transport-Security"]), (401, HSTS))
        # (Declared, not sent: the answer comes before the body, and TLS
        # would report the connection closed under a body being written.)
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            with self.tls.wrap_socket(s, server_hostname="127.0.0.1") as t:
                t.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 71680\r\n\r\n")
                head = t.recv(65536).decode()
        self.assertTrue(head.startswith("HTTP/1.1 413"), head)
        self.assertIn("\r\nStrict-Transport-Security: %s\r\n" % HSTS, head)
        # Logging out clears the cookie with the same attributes.
        r = c.request("DELETE", "/api/v1/session", headers={"X-CSRF-Token": c.csrf})
        self.assertEqual(r.status, 204, r)
        self.assertIn("Secure", r.headers["Set-Cookie"])
        self.assertIn("Max-Age=0", r.headers["Set-Cookie"])

    def test_the_handshake_is_tls_1_2_or_1_3_and_verified(self):
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            with self.subTest(version=version):
                ctx = trusting(self.cert)
                ctx.minimum_version = ctx.maximum_version = version
                with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
                    with ctx.wrap_socket(s, server_hostname="127.0.0.1") as t:
                        self.assertEqual(t.version(), version.name.replace("_", "."))
                        self.assertRegex(t.cipher()[0], "GCM|CHACHA20")  # AEAD only
        # A client that does not trust the certificate refuses it: the
        # verification above was real.
        with self.assertRaises(ssl.SSLCertVerificationError):
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
                ssl.create_default_context().wrap_socket(s, server_hostname="localhost")
        other, _ = make_cert(self.t.dir, "-other", cn="other", san="DNS:other")
        with self.assertRaises(ssl.SSLCertVerificationError):
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
                trusting(other).wrap_socket(s, server_hostname="localhost")

    def test_plain_http_to_the_tls_port_fails(self):
        h = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        with self.assertRaises((http.client.HTTPException, ConnectionError, OSError)):
            h.request("GET", "/api/v1/station")
            h.getresponse().read()
        h.close()
        # The console is still there for HTTPS.
        self.assertEqual(self.client().get("/api/v1/station").status, 200)

    def test_tls_1_1_is_refused(self):
        warnings.simplefilter("ignore", DeprecationWarning)

        def tls11(ctx):
            ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1_1
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            return ctx

        # First, can this computer's OpenSSL speak TLS 1.1 at all? A Python
        # server and client of 1.1 on the same certificate.
        try:
            srv = tls11(ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER))
            srv.load_cert_chain(self.cert, self.key)
            cli = tls11(trusting(self.cert))
        except (ssl.SSLError, ValueError) as e:
            self.skipTest("this OpenSSL cannot be set to TLS 1.1: %s" % e)
        ls = socket.create_server(("127.0.0.1", 0))
        got = []

        def serve():
            c, _ = ls.accept()
            try:
                with srv.wrap_socket(c, server_side=True) as t:
                    got.append(t.version())
            except (ssl.SSLError, OSError):
                c.close()

        th = threading.Thread(target=serve)
        th.start()
        try:
            with socket.create_connection(ls.getsockname(), timeout=10) as s:
                with cli.wrap_socket(s, server_hostname="localhost") as t:
                    control = t.version()
        except (ssl.SSLError, OSError) as e:
            control = None
            reason = e
        th.join(10)
        ls.close()
        if control != "TLSv1.1":
            self.skipTest("this OpenSSL refuses TLS 1.1 itself: %s" % reason)
        # It can: loa web must refuse it.
        with self.assertRaises((ssl.SSLError, ConnectionError)):
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
                with tls11(trusting(self.cert)).wrap_socket(s, server_hostname="localhost") as t:
                    self.fail("loa web accepted %s" % t.version())

    def test_upload_and_audio_ranges_over_tls(self):
        c = self.client()
        with open(tone(self.t.path("tls.wav"), seconds=2.0, freq=660, rate=8000, channels=1), "rb") as f:
            wav = f.read()
        body, ctype = multipart({"title": "Qua HTTPS"}, [("file", "tls.wav", wav)])
        r = c.request("POST", "/api/v1/clips", raw=body, headers={"Content-Type": ctype, "X-CSRF-Token": c.csrf})
        self.assertEqual(r.status, 201, r)
        clip = r.json()
        self.assertEqual(clip, self.cli("clip", "show", str(clip["id"]), "--format", "json").json())
        with open(clip["path"], "rb") as f:
            data = f.read()
        r = c.get("/api/v1/clips/%d/audio" % clip["id"])
        self.assertEqual((r.status, r.body), (200, data))
        r = c.get("/api/v1/clips/%d/audio" % clip["id"], headers={"Range": "bytes=100-4099"})
        self.assertEqual((r.status, r.body), (206, data[100:4100]))

    def test_loa_config_shows_the_files(self):
        rows = {r["setting"]: r for r in self.cli("config", "--format", "json").json()}
        self.assertEqual(rows["web.cert"]["value"], self.cert)
        self.assertEqual(rows["web.key"]["value"], self.key)
        self.assertEqual(rows["web.cert"]["source"], self.conf + ":2")


class OptionsTest(StationTest):
    """--cert and --key on the command line win over loa.conf; the
    configurations that cannot serve HTTPS each stop loa web with exit 2,
    before anything listens, saying which file and what to do."""

    def setUp(self):
        super().setUp()
        self.cert, self.key = make_cert(self.dir)
        self.port = free_port()

    def web(self, *args, conf=None, env=None, timeout=20):
        """loa web run to its end (it must stop by itself)."""
        e = {"LOA_CONFIG": ""}
        if conf is not None:
            e["LOA_CONFIG"] = self.path("loa.conf")
            with open(e["LOA_CONFIG"], "w", encoding="utf-8") as f:
                f.write(conf)
        e.update(env or {})
        return self.run_loa("web", "--listen", "127.0.0.1:%d" % self.port, *args, env=e, timeout=timeout)

    def assert_refused(self, r, *words):
        self.assertEqual(r.rc, 2, r)
        for w in words:
            self.assertIn(w, r.err)
        self.assertRegex(r.err, "\n(hint|gợi ý): ")
        self.assertNotIn("listens on", r.err)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", self.port), timeout=2).close()

    def test_bad_configurations_exit_2_naming_the_file(self):
        other_cert, other_key = make_cert(self.dir, "-other")
        garbage = self.path("garbage.pem")
        with open(garbage, "w") as f:
            f.write("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n")
        os.chmod(garbage, 0o600)
        missing = self.path("khong-co.pem")
        open_key = self.path("key-open.pem")
        with open(self.key) as f, open(open_key, "w") as g:
            g.write(f.read())
        os.chmod(open_key, 0o644)
        locked = self.path("key-locked.pem")
        subprocess.run(["openssl", "pkey", "-in", self.key, "-aes256", "-passout", "pass:bí mật", "-out", locked],
                       check=True, capture_output=True)
        os.chmod(locked, 0o600)
        cases = [
            ("missing certificate", ["--cert", missing, "--key", self.key], None,
             ["'%s'" % missing, "No such file"]),
            ("missing key", ["--cert", self.cert, "--key", missing], None, ["private key '%s'" % missing]),
            ("garbage key", ["--cert", self.cert, "--key", garbage], None,
             ["'%s' is not a private key" % garbage]),
            ("mismatched key", ["--cert", self.cert, "--key", other_key], None,
             ["'%s' is not the key of the certificate '%s'" % (other_key, self.cert)]),
            ("swapped", ["--cert", self.key, "--key", self.cert], None, ["'%s' is not a certificate" % self.key,
                                                                         "swapped"]),
            ("key readable by all", ["--cert", self.cert, "--key", open_key], None,
             ["'%s'" % open_key, "chmod o-rwx '%s'" % open_key]),
            ("key under a passphrase", ["--cert", self.cert, "--key", locked], None, ["'%s'" % locked, "passphrase"]),
            ("only the certificate, in loa.conf", [], "[web]\ncert = %s\n" % self.cert,
             ["loa.conf:2: [web] cert is set but key is not"]),
            ("only the key, in loa.conf", [], "\n[web]\nkey = %s\n" % self.key,
             ["loa.conf:3: [web] key is set but cert is not"]),
            ("only --cert", ["--cert", self.cert], None, ["--cert is given but --key is not"]),
            ("--key over loa.conf, no certificate", ["--key", self.key], "[web]\n", ["--key is given but --cert"]),
        ]
        for name, args, conf, words in cases:
            with self.subTest(name):
                self.assert_refused(self.web(*args, conf=conf), *words)
        # In Vietnamese, for the officer.
        r = self.web("--cert", self.cert, "--key", other_key,
                     env={"LC_ALL": "", "LANG": "C.UTF-8", "LANGUAGE": "vi"})
        self.assert_refused(r, other_key)
        self.assertNotIn("is not the key", r.err)

    def test_a_relative_path_in_loa_conf_is_refused(self):
        r = self.web(conf="[web]\ncert = cert.pem\nkey = /etc/loa/key.pem\n")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("loa.conf:2: 'cert' must be a file's full path", r.err)
        r = self.run_loa("config", env={"LOA_CONFIG": self.path("loa.conf")})
        self.assertEqual(r.rc, 1, r)

    def test_options_win_over_loa_conf(self):
        other_cert, other_key = make_cert(self.dir, "-other", cn="other", san="DNS:other")
        conf = "[web]\ncert = %s\nkey = %s\n" % (other_cert, other_key)
        with open(self.path("loa.conf"), "w") as f:
            f.write(conf)
        proc = start_console(["--db", self.db, "web", "--listen", "127.0.0.1:%d" % self.port, "--cert", self.cert,
                              "--key", self.key], dict(os.environ, LOA_CONFIG=self.path("loa.conf")), self.port)
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
                with trusting(self.cert).wrap_socket(s, server_hostname="localhost") as t:
                    self.assertTrue(t.version())
        finally:
            proc.terminate()
            out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("listens on https://127.0.0.1:%d/" % self.port, err)

    def test_certificate_dates_are_warned_of(self):
        # On a clock past its end, the certificate is served with a warning
        # (the browser tells the officer too); two days before its end, a
        # warning that it ends soon.
        for clock, words in (("fixed:2099-01-01T00:00:00Z", "expired on"), (None, "expires on")):
            with self.subTest(clock=clock):
                env = dict(os.environ, LOA_CONFIG="")
                if clock:
                    env["LOA_CLOCK"] = clock
                proc = start_console(["--db", self.db, "web", "--listen", "127.0.0.1:%d" % self.port, "--cert",
                                      self.cert, "--key", self.key], env, self.port)
                proc.terminate()
                out, err = proc.communicate(timeout=30)
                self.assertEqual(proc.returncode, 0, err)
                self.assertIn("warning: the certificate '%s' %s" % (self.cert, words), err)
                self.assertIn("listens on https://", err)


if __name__ == "__main__":
    main()
