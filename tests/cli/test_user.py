"""loa user and loa audit: the web console's accounts made on the command
line (the password from standard input, or asked twice on a terminal with
echo off), the last leader kept, Vietnamese role words, and the audit trail
of the command line's own changes."""
import json
import os
import pty
import pwd
import select
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import loatest  # noqa: E402
from loatest import StationTest, main  # noqa: E402
from test_i18n import VI, has_locale  # noqa: E402

GOOD = "một câu đủ dài"
ME = pwd.getpwuid(os.geteuid()).pw_name


class UserTest(StationTest):
    def add(self, name, role, password=GOOD, expect=0, **kw):
        return self.loa("user", "add", name, "--role", role, input=password + "\n", expect=expect, **kw)

    def users(self):
        return {u["name"]: u for u in self.loa("user", "list", "--format", "json").json()}

    def audit(self, *args):
        return self.loa("audit", "--format", "json", *args).json()

    def on_terminal(self, args, answers, env=None):
        """Runs loa with a terminal as standard input and error, answering
        each prompt in turn; returns (exit status, what the terminal showed)."""
        master, slave = pty.openpty()
        e = dict(os.environ, **(env or {}))
        proc = subprocess.Popen([loatest.LOA, "--db", self.db] + args, stdin=slave, stdout=subprocess.PIPE,
                                stderr=slave, env=e)
        os.close(slave)
        shown = b""

        def read_some():
            nonlocal shown
            ready, _, _ = select.select([master], [], [], 30)
            self.assertTrue(ready, "loa waits without a prompt: %r" % shown)
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return False
            shown += chunk
            return bool(chunk)

        for prompt, answer in answers:
            while prompt.encode() not in shown:
                self.assertTrue(read_some(), "no prompt %r: %r" % (prompt, shown))
            shown = shown.replace(prompt.encode(), b"<" + prompt.encode() + b">", 1)
            os.write(master, answer.encode() + b"\n")
        while read_some():
            pass
        out, _ = proc.communicate(timeout=60)
        os.close(master)
        return proc.returncode, shown.decode() + out.decode()

    def test_first_leader_from_standard_input(self):
        self.assertEqual(self.users(), {})  # no default account
        r = self.add("chu-tich", "leader")
        self.assertEqual(r.out, "added the user 'chu-tich' (leader)\n")
        users = self.loa("user", "list", "--format", "json").json()
        self.assertEqual(len(users), 1)
        self.assertEqual(list(users[0]), ["name", "role", "created", "last_login"])
        self.assertEqual(users[0]["name"], "chu-tich")
        self.assertEqual(users[0]["role"], "leader")
        self.assertRegex(users[0]["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
        self.assertIsNone(users[0]["last_login"])
        csv = self.loa("user", "list", "--format", "csv").out
        self.assertTrue(csv.startswith("name,role,created,last_login\r\n") or
                        csv.startswith("name,role,created,last_login\n"), csv)
        # Only the first line is the password; the database keeps its hash.
        self.add("can-bo", "officer", password=GOOD + "\nmore lines")
        with open(self.db, "rb") as f:
            self.assertNotIn(GOOD.encode(), f.read())

    def test_asked_twice_on_a_terminal(self):
        rc, shown = self.on_terminal(["user", "add", "chu-tich", "--role", "leader"],
                                     [("New password: ", GOOD), ("Type it again: ", GOOD)])
        self.assertEqual(rc, 0, shown)
        self.assertIn("added the user 'chu-tich' (leader)", shown)
        self.assertNotIn(GOOD, shown)  # echo off
        self.assertIn("chu-tich", self.users())
        # Two different passwords: nothing added.
        rc, shown = self.on_terminal(["user", "add", "can-bo", "--role", "officer"],
                                     [("New password: ", GOOD), ("Type it again: ", GOOD + "x")])
        self.assertEqual(rc, 1, shown)
        self.assertIn("loa: the two passwords differ; nothing was changed", shown)
        self.assertIn("hint: run the command again and type the same password twice", shown)
        self.assertNotIn(GOOD, shown)
        self.assertNotIn("can-bo", self.users())
        # A weak one is said at once, before it is asked again.
        rc, shown = self.on_terminal(["user", "passwd", "chu-tich"], [("New password: ", "ngắn")])
        self.assertEqual(rc, 1, shown)
        self.assertIn("the password is too short: 4 characters, at least 10", shown)
        self.assertNotIn("Type it again", shown)
        # passwd on a terminal, and the terminal's echo back on afterwards.
        rc, shown = self.on_terminal(["user", "passwd", "CHU-TICH"],
                                     [("New password: ", "mật khẩu mới dài"),
                                      ("Type it again: ", "mật khẩu mới dài")])
        self.assertEqual(rc, 0, shown)
        self.assertIn("changed the password of 'chu-tich'", shown)

    def test_weak_password_refused_with_what_to_do(self):
        r = self.add("chu-tich", "leader", password="12345", expect=1)
        self.assertEqual(r.err, "loa: the password is too short: 5 characters, at least 10\n"
                                "hint: choose a longer one: a few words that make a sentence are easy to "
                                "remember and hard to guess\n")
        r = self.add("chu-tich", "leader", password="Chu-Tich", expect=1)
        self.assertIn("too short", r.err)
        r = self.add("nguyen-van-an", "leader", password="Nguyen-Van-An", expect=1)
        self.assertIn("loa: the password is the user's name\n", r.err)
        r = self.add("chu-tich", "leader", password="", expect=1)
        self.assertIn("too short: 0 characters", r.err)
        r = self.loa("user", "add", "chu-tich", "--role", "leader", input="", expect=1)
        self.assertIn("loa: no password on standard input\n", r.err)
        r = self.add("chủ tịch", "leader", expect=2)
        self.assertIn("the user name 'chủ tịch' is refused", r.err)
        self.assertIn("hint: for example: chu-tich", r.err)
        r = self.loa("user", "add", "chu-tich", input=GOOD + "\n", expect=2)
        self.assertIn("--role leader, officer or viewer", r.err)
        self.assertEqual(self.users(), {})

    def test_names_in_any_case(self):
        self.add("Chu-Tich", "leader")
        r = self.add("chu-tich", "viewer", expect=1)
        self.assertIn("loa: there is already a user named 'Chu-Tich'", r.err)
        r = self.loa("user", "passwd", "nobody", input=GOOD + "\n", expect=1)
        self.assertIn("loa: no such user: 'nobody'", r.err)
        self.loa("user", "passwd", "CHU-TICH", input="một mật khẩu khác\n")

    def test_last_leader_cannot_be_removed(self):
        self.add("chu-tich", "leader")
        self.add("can-bo", "officer")
        r = self.loa("user", "rm", "chu-tich", expect=1)
        self.assertIn("loa: 'chu-tich' is the station's last leader and cannot be removed", r.err)
        self.assertIn("hint: make another user a leader first", r.err)
        self.assertEqual(set(self.users()), {"chu-tich", "can-bo"})
        r = self.loa("user", "edit", "chu-tich", "--role", "officer", expect=1)
        self.assertIn("loa: 'chu-tich' is the station's last leader and must stay a leader", r.err)
        self.assertEqual(self.loa("user", "edit", "can-bo", "--role", "lãnh đạo").out,
                         "'can-bo' is now a leader\n")
        self.assertEqual(self.loa("user", "edit", "can-bo", "--role", "leader").out,
                         "'can-bo' is already a leader; nothing changed\n")
        self.assertEqual(self.loa("user", "rm", "chu-tich").out, "removed the user 'chu-tich'\n")
        self.loa("user", "edit", "CAN-BO", "--role", "viewer", expect=1)
        self.add("pho-chu-tich", "leader")
        self.loa("user", "edit", "CAN-BO", "--role", "viewer")
        self.assertEqual([(e["action"], e["object"], e["before"], e["after"]) for e in self.audit()
                          if e["action"] == "user.role"],
                         [("user.role", "can-bo", '{"name": "can-bo", "role": "officer"}',
                           '{"name": "can-bo", "role": "leader"}'),
                          ("user.role", "can-bo", '{"name": "can-bo", "role": "leader"}',
                           '{"name": "can-bo", "role": "viewer"}')])
        self.loa("user", "rm", "can-bo")
        self.assertEqual(set(self.users()), {"pho-chu-tich"})
        r = self.loa("user", "rm", "can-bo", expect=1)
        self.assertIn("no such user", r.err)

    def test_audit_lists_the_command_lines_changes(self):
        at = {"LOA_CLOCK": "fixed:2026-07-01T08:00:00+07:00"}
        self.add("chu-tich", "leader", env=at)
        self.add("can-bo", "cán bộ", env={"LOA_CLOCK": "fixed:2026-07-02T09:30:00+07:00"})
        self.loa("user", "passwd", "can-bo", input="một mật khẩu khác\n",
                 env={"LOA_CLOCK": "fixed:2026-07-03T10:00:00+07:00"})
        self.loa("user", "rm", "can-bo", env={"LOA_CLOCK": "fixed:2026-07-04T11:00:00+07:00"})
        # Refused changes leave no entry.
        self.loa("user", "rm", "chu-tich", expect=1)
        self.add("chu-tich", "viewer", expect=1)
        entries = self.audit()
        self.assertEqual([(e["action"], e["object"]) for e in entries],
                         [("user.add", "chu-tich"), ("user.add", "can-bo"), ("user.passwd", "can-bo"),
                          ("user.rm", "can-bo")])
        self.assertEqual(list(entries[0]), ["at", "user", "addr", "action", "object", "before", "after"])
        for e in entries:
            self.assertEqual(e["user"], ME)
            self.assertEqual(e["addr"], "local")
        self.assertEqual(entries[0]["at"], "2026-07-01T08:00:00+07:00")
        self.assertIsNone(entries[0]["before"])
        self.assertEqual(json.loads(entries[0]["after"]), {"name": "chu-tich", "role": "leader"})
        self.assertEqual(json.loads(entries[3]["before"]), {"name": "can-bo", "role": "officer"})
        self.assertIsNone(entries[3]["after"])
        # No password and no hash in the trail.
        self.assertNotIn("argon2", json.dumps(entries))
        self.assertNotIn("khác", json.dumps(entries))
        # --from and --to, as the officer types dates.
        self.assertEqual([e["action"] for e in self.audit("--from", "2/7/2026", "--to", "3/7/2026")],
                         ["user.add", "user.passwd"])
        self.assertEqual(len(self.audit("--from", "2026-07-04")), 1)
        self.assertEqual(len(self.audit("--to", "2026-07-01T08:00")), 0)
        r = self.loa("audit", "--from", "3/7/2026", "--to", "1/7/2026", expect=2)
        self.assertIn("--to must be after --from", r.err)
        csv = self.loa("audit", "--format", "csv").out.splitlines()
        self.assertEqual(csv[0], "at,user,addr,action,object,before,after")
        self.assertEqual(len(csv), 5)

    def test_vietnamese_role_words(self):
        self.add("chu-tich", "Lãnh Đạo")
        self.add("can-bo", "can bo")
        self.add("thanh-tra", "người xem")
        self.assertEqual({n: u["role"] for n, u in self.users().items()},
                         {"chu-tich": "leader", "can-bo": "officer", "thanh-tra": "viewer"})
        r = self.add("x-y", "boss", expect=2)
        self.assertIn("loa: --role: not a role: 'boss'", r.err)
        self.assertIn("lãnh đạo, cán bộ, người xem", r.err)

    @unittest.skipUnless(has_locale("vi_VN.UTF-8"), "the vi_VN.UTF-8 locale is not generated here")
    def test_vietnamese_tables_and_messages(self):
        env = dict(VI, LOA_CLOCK="fixed:2026-07-01T08:00:00+07:00")
        r = self.add("chu-tich", "lãnh đạo", env=env)
        self.assertEqual(r.out, "Đã thêm người dùng 'chu-tich' (lãnh đạo)\n")
        self.add("can-bo", "officer", env=env)
        table = self.loa("user", "list", "--format", "table", env=env).out
        self.assertRegex(table, r"người dùng +vai trò +ngày tạo +lần đăng nhập cuối")
        self.assertRegex(table, r"chu-tich +lãnh đạo +01/07/2026 08:00")
        self.assertRegex(table, r"can-bo +cán bộ +01/07/2026 08:00")
        self.assertNotIn("leader", table)
        audit = self.loa("audit", "--format", "table", env=env).out
        self.assertRegex(audit, r"01/07/2026 08:00:00 +%s +local +thêm người dùng +chu-tich" % ME)
        # CSV and JSON stay the machine's values under Vietnamese.
        self.assertIn('"role": "leader"', self.loa("user", "list", "--format", "json", env=env).out)
        self.assertIn(",user.add,", self.loa("audit", "--format", "csv", env=env).out)
        r = self.add("an", "viewer", password="ngắn", expect=1, env=env)
        self.assertEqual(r.err, "loa: mật khẩu ngắn quá: 4 ký tự, cần ít nhất 10\n"
                                "gợi ý: hãy chọn mật khẩu dài hơn: vài từ ghép thành một câu vừa dễ nhớ "
                                "vừa khó đoán\n")
        r = self.loa("user", "rm", "chu-tich", expect=1, env=env)
        self.assertIn("loa: 'chu-tich' là lãnh đạo cuối cùng của đài nên không xóa được", r.err)


if __name__ == "__main__":
    main()
