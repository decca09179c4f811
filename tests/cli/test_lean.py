"""The console and the link idle lean (issues 20 and 22).

`loa web` and `loa link` run loa-web and loa-link (the same process: exec),
which link only what their command uses; and every loa program loads
libical (with ICU and libstdc++), libcrypto, libsndfile, libebur128,
libxlsxwriter and libzip only when a call needs one (include/loa/lazy.h).
Checked in /proc/PID/maps: the idle console maps none of them, and an
agenda request, then an xlsx report, load the ones they need in the same
process; the idle link maps no player, HTTP server, calendar or decoder.
A library that lacks a function loa calls is named, with what to do. loa
without its lean programs says which one it cannot run."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import LOA, StationTest, main  # noqa: E402
from webtest import WebTest, free_port  # noqa: E402

LAZY = ("libical", "libicuuc", "libstdc++", "libcrypto", "libsndfile", "libebur128", "libxlsxwriter", "libzip")
NOT_LINKED = ("libportaudio", "libjack", "libasound", "libsystemd", "libsamplerate")


def mapped(pid):
    """The names (without .so...) of the shared libraries pid maps."""
    with open("/proc/%d/maps" % pid) as f:
        return {re.sub(r"\.so.*$", "", os.path.basename(line.split()[-1])) for line in f if ".so" in line}


def sanitizer_runtime(pid):
    """What an ASan/UBSan build's runtime maps by itself (libasan needs
    libstdc++): the names of the libraries those runtimes depend on, found
    with ldd; none in an ordinary build."""
    with open("/proc/%d/maps" % pid) as f:
        paths = {line.split()[-1] for line in f if re.search(r"/lib(asan|ubsan)\.so", line)}
    names = set()
    for path in paths:
        out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
        names |= {re.sub(r"\.so.*$", "", line.split()[0]) for line in out.splitlines() if ".so" in line}
    return names


def program(pid):
    return os.path.basename(os.readlink("/proc/%d/exe" % pid))


class LeanConsoleTest(WebTest):
    role = "leader"

    def test_idle_console_maps_what_a_request_needs_only_when_asked(self):
        pid = self.proc.pid
        self.assertEqual(program(pid), "loa-web")
        libs = mapped(pid) - sanitizer_runtime(pid)
        self.assertIn("libmicrohttpd", libs)  # the check sees the libraries
        self.assertEqual(sorted(libs.intersection(LAZY + NOT_LINKED + ("libmosquitto",))), [], "idle")
        c = self.client()
        r = c.get("/api/v1/agenda?from=4/3/2024&to=6/3/2024")
        self.assertEqual(r.status, 200, r)
        libs = mapped(pid)
        self.assertIn("libical", libs)
        self.assertNotIn("libxlsxwriter", libs)
        r = c.get("/api/v1/report?quarter=2024Q1&format=xlsx")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body[:2], b"PK")
        self.assertIn("libxlsxwriter", mapped(pid))
        self.assertEqual(sorted(mapped(pid).intersection(NOT_LINKED)), [])


class LeanLinkTest(StationTest):
    def test_idle_link_is_loa_link(self):
        # No broker listens on the port: the link waits and tries again,
        # idle as it is between airings.
        port = free_port()
        p = subprocess.Popen([LOA, "--db", self.db, "link", "--broker", "mqtt://127.0.0.1:%d" % port,
                              "--station", "xa-1"], env=dict(os.environ, LOA_CONFIG=self.path("none.conf")),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with open(self.path("none.conf"), "w"):
            pass
        try:
            time.sleep(1.5)
            self.assertIsNone(p.poll(), p.stderr.read() if p.poll() is not None else "")
            self.assertEqual(program(p.pid), "loa-link")
            libs = mapped(p.pid)
            self.assertIn("libmosquitto", libs)
            self.assertEqual(sorted(libs.intersection(NOT_LINKED + ("libical", "libsndfile", "libxlsxwriter",
                                                                    "libmicrohttpd", "libgnutls"))), [])
        finally:
            p.send_signal(signal.SIGTERM)
            p.communicate(timeout=30)


class LazyFailureTest(StationTest):
    def test_a_library_without_the_function_is_named(self):
        # An empty shared object under libical's soname, found first: the
        # first call that needs libical says which library and what to do,
        # and stops (a broken installation).
        lib = self.path("lib")
        os.makedirs(lib)
        src = self.path("empty.c")
        with open(src, "w") as f:
            f.write("int loa_test_nothing;\n")
        subprocess.run(["cc", "-shared", "-fPIC", "-o", os.path.join(lib, "libical.so.3"), src], check=True)
        ics = self.path("lich.ics")
        with open(ics, "w") as f:
            f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n")
        r = self.run_loa("slot", "import", ics, env={"LD_LIBRARY_PATH": lib})
        self.assertEqual(r.rc, -signal.SIGABRT, r)
        self.assertRegex(r.err, r"loa: cannot load libical\.so\.3, which loa needs: .*undefined symbol: ical")
        self.assertIn("hint: install loa's package again", r.err)
        # A command that needs no calendar runs.
        r = self.run_loa("clip", "list", env={"LD_LIBRARY_PATH": lib})
        self.assertEqual(r.rc, 0, r)

    @unittest.skipIf(os.path.exists("/usr/lib/loa/loa-web"), "loa is installed here: loa alone would run it")
    def test_loa_without_its_lean_program(self):
        alone = self.path("bin")
        os.makedirs(alone)
        shutil.copy(LOA, alone)
        r = subprocess.run([os.path.join(alone, "loa"), "--db", self.db, "web"], capture_output=True, text=True,
                           env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=""))
        self.assertEqual(r.returncode, 127, r)
        self.assertIn("cannot run /usr/lib/loa/loa-web", r.stderr)
        self.assertIn("loa-web comes with loa (in /usr/lib/loa); install loa's package again", r.stderr)


if __name__ == "__main__":
    main()
