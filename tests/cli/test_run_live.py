"""loa run in real time (the offset clock and the real-time-paced "null"
output): SIGTERM, kill -9 and restart, a schedule edit while running,
SIGHUP, an emergency cut-in, a clock step, and the systemd protocol.
"""
import datetime
import os
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from loatest import main  # noqa: E402
from runtest import T0, RunTest, iso, parse  # noqa: E402

S = datetime.timedelta(seconds=1)


class LiveTest(RunTest):
    def now(self):
        """The daemon's "now" on the offset clock started at T0."""
        return T0 + datetime.timedelta(seconds=time.monotonic() - self.t_start)

    def start(self, *args, **kw):
        self.t_start = time.monotonic()
        return self.start_daemon(T0, *args, **kw)

    def playing(self):
        return self.rows_by_status("playing")

    def test_sigterm_fades_logs_interrupted_exits_0(self):
        c = self.clip("Dài", 30, 440)
        s = self.slot(c, T0 + 4 * S)
        p = self.start()
        self.wait_for(self.playing, what="the airing to start")
        time.sleep(2.5)
        rc, err = self.stop_daemon(p)
        self.assertEqual(rc, 0, err)
        row = self.log()[0]
        self.assertEqual((int(row["slot"]), row["status"]), (s, "interrupted"))
        self.assertIn("SIGTERM", row["reason"])
        self.assertGreater(float(row["played"]), 1.5)
        self.assertLess(float(row["played"]), 10)
        self.loa("log", "verify")

    def test_kill9_mid_airing_then_restart(self):
        c = self.clip("Dài", 8, 440)    # 05:00:04 to 05:00:12, cut at about :07
        short = self.clip("Ngắn", 1, 660)
        s1 = self.slot(c, T0 + 4 * S)
        s2 = self.slot(short, T0 + 14 * S)
        p = self.start()
        self.wait_for(self.playing, what="the airing to start")
        time.sleep(3)   # at least one progress update (every 2 s)
        p.kill()
        p.wait()
        self.assertEqual(self.playing()[0]["slot"], str(s1))
        # Restart: the open row is closed as interrupted with what was
        # recorded, and the next airing plays.
        p = self.start_daemon(T0 + datetime.timedelta(seconds=int(time.monotonic() - self.t_start)),
                              "--until", iso(T0 + 20 * S))
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        self.assertIn("left open by a crash", err)
        rows = {int(r["slot"]): r for r in self.log()}
        self.assertEqual(rows[s1]["status"], "interrupted")
        self.assertGreater(float(rows[s1]["played"]), 1)
        self.assertEqual(rows[s2]["status"], "completed")
        self.loa("log", "verify")

    def test_schedule_edit_takes_effect_while_running(self):
        c = self.clip("Tin", 1, 440)
        p = self.start()
        time.sleep(1)
        # Nothing scheduled: the daemon sleeps with no timer. An airing
        # added 4.5 s ahead must still start on time.
        at = (self.now() + 4.5 * S).replace(microsecond=0)
        s = self.slot(c, at)
        row = self.wait_for(lambda: [r for r in self.log() if r["status"] == "completed"], timeout=20,
                            what="the new airing")[0]
        self.assertEqual(int(row["slot"]), s)
        self.assertEqual(row["late"], "false")
        self.assertLess(abs((parse(row["started"]) - at).total_seconds()), 1.0)
        rc, err = self.stop_daemon(p)
        self.assertEqual(rc, 0, err)

    def test_sighup_replans(self):
        c = self.clip("Tin", 1)
        p = self.start()
        time.sleep(1)
        p.send_signal(signal.SIGHUP)
        s = self.slot(c, (self.now() + 4 * S).replace(microsecond=0))
        p.send_signal(signal.SIGHUP)
        self.wait_for(lambda: self.rows_by_status("completed"), timeout=20, what="the airing")
        rc, err = self.stop_daemon(p)
        self.assertEqual(rc, 0)
        self.assertIn("SIGHUP", err)
        self.assertEqual(int(self.log()[0]["slot"]), s)

    def test_emergency_cuts_in(self):
        normal = self.clip("Nhạc", 30, 300)
        alarm = self.clip("Báo bão", 1, 1000)
        s_n = self.slot(normal, T0 + 4 * S)
        p = self.start()
        self.wait_for(self.playing, what="the normal airing")
        s_e = self.slot(alarm, (self.now() + 2 * S).replace(microsecond=0), tier="emergency")
        self.wait_for(lambda: [r for r in self.log() if r["slot"] == str(s_e) and r["status"] == "completed"],
                      timeout=20, what="the emergency airing")
        rc, err = self.stop_daemon(p)
        self.assertEqual(rc, 0, err)
        rows = {int(r["slot"]): r for r in self.log()}
        self.assertEqual(rows[s_n]["status"], "interrupted")
        self.assertIn("emergency", rows[s_n]["reason"])
        self.assertLess(float(rows[s_n]["played"]), 15)
        self.assertLessEqual(parse(rows[s_n]["ended"]), parse(rows[s_e]["started"]) + S)

    def test_device_lost_mid_airing_then_next_airing(self):
        # The output fails after 1 s of each airing (a USB card pulled):
        # each airing is logged failed with the reason, the loop goes on.
        c = self.clip("Tin", 3)
        s1 = self.slot(c, T0 + 4 * S)
        s2 = self.slot(c, T0 + 10 * S)
        p = self.start("--until", iso(T0 + 15 * S), output="null:fail-write=1")
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        rows = {int(r["slot"]): r for r in self.log()}
        for s in (s1, s2):
            self.assertEqual(rows[s]["status"], "failed")
            self.assertIn("fail-write", rows[s]["reason"])
            self.assertAlmostEqual(float(rows[s]["played"]), 1, delta=0.3)

    def test_stalled_output_is_detected(self):
        c = self.clip("Tin", 3)
        s1 = self.slot(c, T0 + 4 * S)
        s2 = self.slot(c, T0 + 10 * S)
        p = self.start("--until", iso(T0 + 16 * S), output="null:stall=1")
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 0, err)
        rows = {int(r["slot"]): r for r in self.log()}
        self.assertEqual(rows[s1]["status"], "failed")
        self.assertIn("stalled", rows[s1]["reason"])
        # The next airing was still attempted, on time.
        self.assertEqual(rows[s2]["status"], "failed")
        self.assertEqual(parse(rows[s2]["started"]), T0 + 10 * S)

    def test_clock_step_wakes_and_replans(self):
        # A step of the wall clock cancels the daemon's timer
        # (TFD_TIMER_CANCEL_ON_SET). Setting the clock to the value it
        # already has is a zero step: harmless, but it needs CAP_SYS_TIME.
        c = self.clip("Tin", 1)
        self.slot(c, T0 + 3600 * S)
        p = self.start()
        time.sleep(1.5)
        try:
            time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME))
        except PermissionError:
            self.stop_daemon(p)
            self.skipTest("setting the clock needs CAP_SYS_TIME")
        time.sleep(1)
        rc, err = self.stop_daemon(p)
        self.assertEqual(rc, 0)
        self.assertIn("clock was set", err)

    def test_clock_stepped_an_hour_forward_and_back_while_running(self):
        # The kernel's part is real: a zero step of the machine's clock
        # cancels the daemon's timerfd. The hour itself is the offset
        # clock's (LOA_CLOCK_STEP_FILE), so this machine's clock is never
        # an hour off. Forward at 05:00:07 to 06:00:07: 05:00:20 and 05:30
        # are jumped over (missed), 06:00:12 plays. Back at 06:00:15 to
        # 05:00:15: 05:00:20 and 05:30 come round again and must not play
        # or be logged twice.
        c = self.clip("Tin", 1)
        a = self.slot(c, T0 + 4 * S)
        d = self.slot(c, T0 + 20 * S)
        b = self.slot(c, T0 + 1800 * S)
        k = self.slot(c, T0 + 3612 * S)
        step = self.path("step")
        with open(step, "w") as f:
            f.write("0\n")

        def step_to(seconds):
            with open(step, "w") as f:
                f.write("%d\n" % seconds)
            time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME))

        try:
            time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME))
        except PermissionError:
            self.skipTest("setting the clock needs CAP_SYS_TIME")
        p = self.start(env={"LOA_CLOCK_STEP_FILE": step})
        self.wait_for(lambda: self.rows_by_status("completed"), timeout=20, what="the 05:00:04 airing")
        time.sleep(7 - (time.monotonic() - self.t_start))
        step_to(3600)
        self.wait_for(lambda: len(self.rows_by_status("completed")) == 2, timeout=20,
                      what="the 06:00:12 airing")
        time.sleep(max(0, 15 - (time.monotonic() - self.t_start)))
        step_to(0)
        time.sleep(max(0, 24 - (time.monotonic() - self.t_start)))  # past 05:00:20 again
        rc, err = self.stop_daemon(p)
        self.assertEqual(rc, 0, err)
        self.assertEqual(err.count("clock was set"), 2, err)
        rows = self.log()
        by_slot = {}
        for r in rows:
            by_slot.setdefault(int(r["slot"]), []).append(r)
        self.assertEqual(sorted(by_slot), sorted([a, d, b, k]), rows)
        for slot, want in ((a, "completed"), (d, "missed"), (b, "missed"), (k, "completed")):
            self.assertEqual([r["status"] for r in by_slot[slot]], [want], (slot, rows))
        # The 06:00:12 airing started on the stepped clock, on time.
        self.assertLess(abs((parse(by_slot[k][0]["started"]) - (T0 + 3612 * S)).total_seconds()), 1.0)
        self.loa("log", "verify")

    def test_systemd_notify_and_watchdog(self):
        sock_path = self.path("notify.sock")
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        srv.bind(sock_path)
        srv.settimeout(0.1)
        got = []   # (monotonic time, message), read all along like systemd
        done = threading.Event()

        def reader():
            while not done.is_set():
                try:
                    got.append((time.monotonic(), srv.recv(4096).decode()))
                except socket.timeout:
                    pass

        t = threading.Thread(target=reader)
        t.start()
        try:
            # Without WatchdogSec: READY and a status, no periodic messages.
            p = self.start(env={"NOTIFY_SOCKET": sock_path})
            time.sleep(2.5)
            rc, _ = self.stop_daemon(p)
            self.assertEqual(rc, 0)
            time.sleep(0.3)
            msgs = [m for _, m in got]
            text = "\n".join(msgs)
            self.assertIn("READY=1", text)
            self.assertIn("STATUS=", text)
            self.assertIn("STOPPING=1", text)
            self.assertNotIn("WATCHDOG=1", text)
            # With WatchdogSec=0.4 s: a ping every 0.2 s while idle.
            del got[:]
            p = self.start_daemon(T0, env={"NOTIFY_SOCKET": sock_path, "WATCHDOG_USEC": "400000"})
            time.sleep(2.0)
            self.stop_daemon(p)
        finally:
            done.set()
            t.join()
            srv.close()
        pings = [m for _, m in got if "WATCHDOG=1" in m]
        self.assertGreaterEqual(len(pings), 5)
        self.assertLessEqual(len(pings), 15)


if __name__ == "__main__":
    main()
