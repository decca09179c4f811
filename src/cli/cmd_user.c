/*
 * cmd_user.c — loa user add|list|passwd|edit|rm: the web console's accounts,
 * managed on the broadcast PC itself (how the first leader is made).
 *
 * A password is never an argument (it would stay in the shell's history
 * and in every process listing): it is read from standard input, one
 * line, when that is not a terminal (a script, a pipe), else asked twice
 * on the terminal with echo off. The terminal's settings are put back on
 * Ctrl-C too. Each change is written to the audit trail in the same
 * transaction, as done by the system user who ran the command, from
 * "local".
 */
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/account.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/secret.h"
#include "loa/views.h"

/* The terminal's settings while echo is off, for the signal handler. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_changed;

static void
restore_tty(int sig)
{
	if (tty_changed)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One line of standard input without its line end, in a new string (the
 * caller wipes and frees it); NULL at the end of input or on an error. */
static char *
read_line(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);

	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

/* Asks for a line on the terminal with echo off. */
static char *
ask_hidden(const char *prompt)
{
	struct termios quiet;
	char *line;
	int ok;

	if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
		return NULL;
	quiet = saved_tty;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	signal(SIGINT, restore_tty);
	signal(SIGTERM, restore_tty);
	signal(SIGHUP, restore_tty);
	signal(SIGQUIT, restore_tty);
	tty_changed = 1;
	/* Echo off first, then the prompt: what is typed after the prompt is
	 * never shown, nor flushed away. */
	ok = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
	fputs(prompt, stderr);
	fflush(stderr);
	line = ok ? read_line() : NULL;
	tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	tty_changed = 0;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	return line;
}

static void
forget(char *secret)
{
	if (secret) {
		secret_wipe(secret, strlen(secret));
		free(secret);
	}
}

/* The new password of the user name: one line of standard input, or asked
 * twice on a terminal (its rules checked after the first time, so a weak
 * one is said before the second). A new string, or NULL after saying why. */
static char *
read_password(const char *name)
{
	char *pw, *again;

	if (!isatty(STDIN_FILENO)) {
		if (!(pw = read_line())) {
			error(_("no password on standard input"));
			hint(_(
			    "give the password on the first line of standard input, or run the command on a "
			    "terminal to be asked for it"));
		}
		return pw;
	}
	if (!(pw = ask_hidden(_("New password: ")))) {
		error(_("no password was typed"));
		return NULL;
	}
	if (account_check_password(name, pw) != 0) {
		forget(pw);
		return NULL;
	}
	if (!(again = ask_hidden(_("Type it again: ")))) {
		forget(pw);
		error(_("no password was typed"));
		return NULL;
	}
	if (strcmp(pw, again) != 0) {
		forget(pw);
		forget(again);
		error(_("the two passwords differ; nothing was changed"));
		hint(_("run the command again and type the same password twice"));
		return NULL;
	}
	forget(again);
	return pw;
}

/* Writes the audit entry of a change made by this command. 0 or -1. */
static int
audit(struct cli *cli, const char *action, const char *object, const struct account *before,
      const struct account *after)
{
	char who[256], *b = before ? account_audit_json(before) : NULL,
	               *a = after ? account_audit_json(after) : NULL;
	int rc = -1;

	if ((before && !b) || (after && !a))
		error(_("out of memory"));
	else
		rc = audit_write(cli->store, cli_os_user(who, sizeof who), "local", action, object, b, a);
	free(b);
	free(a);
	return rc;
}

/* The account name names, or the exit status after saying it has none. */
static int
find(struct cli *cli, const char *name, struct account *a)
{
	int rc = account_get(cli->store, name, a);

	if (rc <= 0)
		return rc < 0 ? 1 : 0;
	error(_("no such user: '%s'"), name);
	hint(_("'loa user list' shows the users"));
	return 1;
}

/* Rejects any option: the commands that take none. 0, or 2 (printed). */
static int
no_options(struct cli *cli, int argc, char **argv)
{
	if (getopt_long(argc, argv, "", (const struct option[]){{NULL, 0, NULL, 0}}, NULL) != -1)
		return cli_usage_error(cli, _("unknown option"));
	return 0;
}

int
cmd_user_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"role", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	const char *role_arg = NULL, *code, *name;
	struct account a;
	enum role role;
	char *pw;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r')
			return cli_usage_error(cli, _("unknown option"));
		role_arg = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, _("name one user to add"));
	name = argv[optind];
	if (!role_arg)
		return cli_usage_error(cli, _("give the user a role: --role leader, officer or viewer"));
	if ((rc = cli_word(cli, "--role", WORDS_ROLE, role_arg, &code)) != 0)
		return rc;
	if (role_parse(code, &role) != 0)
		return 2;
	if (account_check_name(name) != 0)
		return 2;
	if ((rc = account_get(cli->store, name, &a)) <= 0) {
		if (rc == 0) {
			error(_("there is already a user named '%s'"), a.name);
			hint(_("choose another name, or change this user's password with 'loa user passwd "
			       "%s'"),
			     a.name);
		}
		return 1;
	}
	if (!(pw = read_password(name)))
		return 1;
	if (store_begin(cli->store) != 0) {
		forget(pw);
		return 1;
	}
	rc = account_add(cli->store, name, role, pw);
	forget(pw);
	if (rc != 0 || account_get(cli->store, name, &a) != 0 ||
	    audit(cli, "user.add", a.name, NULL, &a) != 0 || store_commit(cli->store) != 0) {
		store_rollback(cli->store);
		return 1;
	}
	printf(_("added the user '%s' (%s)\n"), a.name, view_word_role(role_name(a.role)));
	return 0;
}

int
cmd_user_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct view_listing l;
	struct view_cells row;
	struct account *v;
	size_t n;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (account_list(cli->store, &v, &n) != 0)
		return 1;
	if (view_open(&l, &view_account, stdout, kind, 0) != 0) {
		free(v);
		return error(_("out of memory")), 1;
	}
	for (size_t i = 0; i < n; i++) {
		view_account_cells(&row, &v[i], cli->station.tz);
		view_add(&l, row.v);
	}
	free(v);
	return view_close(&l) == 0 ? 0 : 1;
}

int
cmd_user_passwd(struct cli *cli, int argc, char **argv)
{
	struct account a;
	char *pw;
	int rc;

	if ((rc = no_options(cli, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(cli, _("name the user whose password to change"));
	if ((rc = find(cli, argv[optind], &a)) != 0)
		return rc;
	if (!(pw = read_password(a.name)))
		return 1;
	if (store_begin(cli->store) != 0) {
		forget(pw);
		return 1;
	}
	rc = account_passwd(cli->store, a.name, pw);
	forget(pw);
	if (rc != 0 || audit(cli, "user.passwd", a.name, NULL, NULL) != 0 || store_commit(cli->store) != 0) {
		store_rollback(cli->store);
		return 1;
	}
	printf(_("changed the password of '%s'; anyone logged in as this user in the web console must log in "
	         "again\n"),
	       a.name);
	return 0;
}

int
cmd_user_edit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"role", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	const char *role_arg = NULL, *code;
	struct account a, b;
	enum role role;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r')
			return cli_usage_error(cli, _("unknown option"));
		role_arg = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, _("name one user to change"));
	if (!role_arg)
		return cli_usage_error(cli, _("say what to change: --role leader, officer or viewer"));
	if ((rc = cli_word(cli, "--role", WORDS_ROLE, role_arg, &code)) != 0)
		return rc;
	if (role_parse(code, &role) != 0)
		return 2;
	if ((rc = find(cli, argv[optind], &a)) != 0)
		return rc;
	if (a.role == role) {
		printf(_("'%s' is already a %s; nothing changed\n"), a.name, view_word_role(role_name(role)));
		return 0;
	}
	b = a;
	b.role = role;
	if (store_begin(cli->store) != 0)
		return 1;
	if (account_set_role(cli->store, a.name, role) != 0 || audit(cli, "user.role", a.name, &a, &b) != 0 ||
	    store_commit(cli->store) != 0) {
		store_rollback(cli->store);
		return 1;
	}
	printf(_("'%s' is now a %s\n"), a.name, view_word_role(role_name(role)));
	return 0;
}

int
cmd_user_rm(struct cli *cli, int argc, char **argv)
{
	struct account a;
	int rc;

	if ((rc = no_options(cli, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(cli, _("name one user to remove"));
	if ((rc = find(cli, argv[optind], &a)) != 0)
		return rc;
	if (store_begin(cli->store) != 0)
		return 1;
	if (account_remove(cli->store, a.name) != 0 || audit(cli, "user.rm", a.name, &a, NULL) != 0 ||
	    store_commit(cli->store) != 0) {
		store_rollback(cli->store);
		return 1;
	}
	printf(_("removed the user '%s'\n"), a.name);
	return 0;
}
