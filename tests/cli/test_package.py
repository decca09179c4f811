"""The Debian package: built with cpack from this build folder, checked
with lintian (no errors), unpacked into a scratch root (dpkg -x) and run
from there. Label `package`, run serially (cpack builds and stages the
whole tree).

With LOA_TEST_DPKG_INSTALL=1, as root, it also installs the package on
this machine with dpkg -i (postinst: the loa user in the audio group,
/var/lib/loa and its station, the service enabled), then purges it. That
changes the machine, so it is opt-in."""
import glob
import os
import pwd
import grp
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from loatest import SRC, main  # noqa: E402

BUILD = os.environ.get("LOA_BUILD", os.path.join(SRC, "build"))


def run(*argv, check=True, env=None, **kw):
    e = dict(os.environ)
    if env:
        e.update(env)
    r = subprocess.run([str(a) for a in argv], capture_output=True, text=True, env=e, **kw)
    if check and r.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s\n%s" % (" ".join(map(str, argv)), r.returncode,
                                                         r.stdout, r.stderr))
    return r


def version():
    with open(os.path.join(SRC, "CMakeLists.txt")) as f:
        text = f.read()
    return re.search(r"project\(loa VERSION ([0-9.]+)", text).group(1)


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="loa-test-package-")
        cls.dir = cls.tmp.name
        run("cpack", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-G", "DEB",
            "-B", cls.dir, timeout=600)
        debs = glob.glob(os.path.join(cls.dir, "*.deb"))
        assert len(debs) == 1, debs
        cls.deb = debs[0]
        cls.root = os.path.join(cls.dir, "root")
        run("dpkg", "-x", cls.deb, cls.root)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def installed(self, *parts):
        return os.path.join(self.root, *parts)

    def test_file_name_and_version(self):
        self.assertRegex(os.path.basename(self.deb), r"^loa_%s_[a-z0-9]+\.deb$" % re.escape(version()))
        self.assertEqual(run("dpkg-deb", "-f", self.deb, "Version").stdout.strip(), version())

    def test_lintian_no_errors(self):
        r = run("lintian", "--fail-on", "error", "--display-info", self.deb, check=False)
        print(r.stdout)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotRegex(r.stdout, r"(?m)^E: ")

    def test_dependencies_from_shlibdeps(self):
        depends = run("dpkg-deb", "-f", self.deb, "Depends").stdout
        for lib in ("libc6", "libsqlite3-0", "libinih1", "adduser", "init-system-helpers"):
            self.assertIn(lib, depends)

    def test_depends_on_the_ffmpeg_it_loads(self):
        # FFmpeg is not linked (dpkg-shlibdeps cannot see it) but loaded
        # when a file needs it: the package names the package of each
        # soname the binary loads (libavcodec.so.59: libavcodec59).
        binary = self.installed("usr", "bin", "loa")
        needed = run("readelf", "-d", binary).stdout
        self.assertNotRegex(needed, r"NEEDED.*libav(format|codec|util)")
        with open(binary, "rb") as f:
            sonames = set(re.findall(rb"lib(avformat|avcodec|avutil)\.so\.(\d+)", f.read()))
        self.assertEqual({name for name, _ in sonames}, {b"avformat", b"avcodec", b"avutil"})
        depends = [d.strip() for d in run("dpkg-deb", "-f", self.deb, "Depends").stdout.split(",")]
        for name, major in sonames:
            package = "lib%s%s" % (name.decode(), major.decode())
            self.assertTrue(any(re.match(r"%s( \(>= [0-9:.]+\))?$" % package, d) for d in depends),
                            "%s not in %s" % (package, depends))

    def test_maintainer_scripts(self):
        ctrl = os.path.join(self.dir, "control")
        run("dpkg-deb", "-e", self.deb, ctrl)
        with open(os.path.join(ctrl, "conffiles")) as f:
            self.assertEqual(f.read().split(), ["/etc/loa/loa.conf"])
        for script in ("postinst", "prerm", "postrm"):
            path = os.path.join(ctrl, script)
            self.assertTrue(os.access(path, os.X_OK), script)
            run("sh", "-n", path)
        with open(os.path.join(ctrl, "postinst")) as f:
            postinst = f.read()
        self.assertIn("adduser --system --group", postinst)
        self.assertIn("adduser --quiet loa audio", postinst)
        self.assertIn("loa --db \"$DB\" init", postinst)
        self.assertIn("deb-systemd-helper enable 'loa.service'", postinst)

    def test_files(self):
        for path in ("usr/bin/loa", "etc/loa/loa.conf", "usr/share/man/man1/loa.1.gz",
                     "usr/share/man/man5/loa.conf.5.gz", "usr/share/bash-completion/completions/loa",
                     "usr/share/locale/vi/LC_MESSAGES/loa.mo", "usr/share/doc/loa/copyright",
                     "usr/share/doc/loa/changelog.gz"):
            self.assertTrue(os.path.isfile(self.installed(path)), path)
        units = glob.glob(self.installed("lib", "systemd", "system", "loa.service")) + \
            glob.glob(self.installed("usr", "lib", "systemd", "system", "loa.service"))
        if os.path.exists(os.path.join(SRC, "packaging", "loa.service")):
            self.assertEqual(len(units), 1, "the systemd unit is not in the package")
        else:
            print("note: packaging/loa.service is not in this tree yet; the package has no unit")

    def test_man_pages_render_without_warnings(self):
        for page in ("usr/share/man/man1/loa.1.gz", "usr/share/man/man5/loa.conf.5.gz"):
            r = run("man", "--warnings", "-E", "UTF-8", "-l", self.installed(page),
                    env={"MANWIDTH": "80", "LC_ALL": "C.UTF-8"})
            self.assertEqual(r.stderr, "", page)
            self.assertIn("loa", r.stdout)

    def loa(self, *args, env=None, check=True):
        e = {"LOA_LOCALEDIR": self.installed("usr", "share", "locale"), "LOA_DB": "", "LOA_CONFIG": "",
             "LC_ALL": "C.UTF-8", "LANGUAGE": ""}
        e.update(env or {})
        return run(self.installed("usr", "bin", "loa"), *args, env=e, check=check)

    def test_installed_binary_runs(self):
        self.assertEqual(self.loa("--version").stdout, "loa %s\n" % version())
        # The installed catalogue is found where the package put it.
        r = self.loa("frobnicate", env={"LC_ALL": "", "LANG": "C.UTF-8", "LANGUAGE": "vi"}, check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("không có lệnh này: 'frobnicate'", r.stderr)

    def test_installed_station_and_configuration_check(self):
        db = os.path.join(self.dir, "var-lib-loa", "station.db")
        conf = self.installed("etc", "loa", "loa.conf")
        self.loa("--db", db, "init", "--tz", "Asia/Ho_Chi_Minh")
        if self.loa("run", "--help", check=False).returncode == 0:
            r = self.loa("--db", db, "--config", conf, "run", "--check")
            print("loa run --check:", r.stdout, r.stderr)
        else:
            # 'loa run' has not landed in this tree: check what exists.
            print("note: 'loa run' is not in this tree yet; checked 'loa station' and 'loa config'")
            self.loa("--db", db, "station")
        r = self.loa("--db", db, "--config", conf, "config", "--format", "csv")
        self.assertIn("playout.max_lateness,300 s,default", r.stdout)

    @unittest.skipUnless(os.environ.get("LOA_TEST_DPKG_INSTALL") == "1" and os.geteuid() == 0,
                         "set LOA_TEST_DPKG_INSTALL=1 and run as root to install on this machine")
    def test_dpkg_install_and_purge(self):
        run("dpkg", "-i", self.deb, env={"DEBIAN_FRONTEND": "noninteractive"})
        try:
            user = pwd.getpwnam("loa")
            self.assertIn("loa", grp.getgrnam("audio").gr_mem)
            st = os.stat("/var/lib/loa/station.db")
            self.assertEqual(st.st_uid, user.pw_uid)
            self.assertEqual(os.stat("/var/lib/loa").st_uid, user.pw_uid)
            r = run("runuser", "-u", "loa", "--", "/usr/bin/loa", "--db", "/var/lib/loa/station.db",
                    "station", "--format", "json", env={"LC_ALL": "C.UTF-8"})
            self.assertIn('"tz"', r.stdout)
            if os.path.exists(os.path.join(SRC, "packaging", "loa.service")):
                self.assertTrue(os.path.islink("/etc/systemd/system/multi-user.target.wants/loa.service"))
            self.assertEqual(run("/usr/bin/loa", "--version").stdout, "loa %s\n" % version())
        finally:
            run("dpkg", "--purge", "loa", env={"DEBIAN_FRONTEND": "noninteractive"})
        self.assertFalse(os.path.exists("/usr/bin/loa"))
        self.assertFalse(os.path.exists("/etc/loa/loa.conf"))
        self.assertTrue(os.path.exists("/var/lib/loa/station.db"), "purge must keep the station")


if __name__ == "__main__":
    main()
