/*
 * cli.c — command dispatch and the helpers commands share.
 *
 * One table per level (git's { "add", cmd_add, RUN_SETUP } pattern): a
 * leaf runs, a group dispatches again one word further on. Setup named by
 * the flags (opening the station) happens here so every command gets it
 * the same way, with the same messages.
 */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/topic.h"
#include "loa/utf8.h"

static void
print_group_usage(FILE *out, const struct cli_command *table, const char *group)
{
	fprintf(out, _("Usage: loa [--db PATH] %s%sCOMMAND [ARGS]\n\nCommands:\n"), group ? group : "",
	        group ? " " : "");
	for (const struct cli_command *c = table; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, _(c->summary));
	fprintf(out, _("\nRun 'loa %s%sCOMMAND --help' for the options of one command.\n"),
	        group ? group : "", group ? " " : "");
}

static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

int
cli_dispatch(struct cli *cli, const struct cli_command *table, const char *group, int argc, char **argv)
{
	static char names[4][128]; /* one per nesting level; cli->name points here */
	static int depth;
	char *name = names[depth++ & 3];
	const struct cli_command *c;
	int rc;

	if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
	    strcmp(argv[0], "help") == 0) {
		print_group_usage(argc < 1 ? stderr : stdout, table, group);
		return argc < 1 ? 2 : 0;
	}
	for (c = table; c->name; c++)
		if (strcmp(c->name, argv[0]) == 0)
			break;
	if (!c->name) {
		error(_("unknown command: '%s%s%s'"), group ? group : "", group ? " " : "", argv[0]);
		hint(_("run 'loa %s%s--help' to see the commands"), group ? group : "", group ? " " : "");
		return 2;
	}
	if (snprintf(name, sizeof names[0], "%s%s%s", group ? group : "", group ? " " : "", c->name) >=
	    (int)sizeof names[0])
		return 2;
	cli->name = name;
	if (c->sub)
		return cli_dispatch(cli, c->sub, name, argc - 1, argv + 1);
	if (wants_help(argc, argv) && !((c->flags & CLI_PASS) && argc > 2)) {
		fputs(_(c->usage), stdout);
		return cli_check_stdout();
	}
	if (c->flags & (CLI_STORE | CLI_STORE_RO)) {
		cli->store = store_open(cli->db_path, c->flags & CLI_STORE_RO ? STORE_READONLY : 0);
		if (!cli->store)
			return 1;
		if (store_station_get(cli->store, &cli->station) != 0) {
			store_close(cli->store);
			cli->store = NULL;
			return 1;
		}
	}
	optind = 0; /* glibc: a full reset of getopt for this argv */
	opterr = 1;
	rc = c->fn(cli, argc, argv);
	if (cli_check_stdout() != 0 && rc == 0)
		rc = 1;
	store_close(cli->store);
	cli->store = NULL;
	return rc;
}

int
cli_usage_error(struct cli *cli, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error("%s", msg);
	hint(_("run 'loa %s --help' for how to use it"), cli->name ? cli->name : "");
	return 2;
}

int
cli_format(struct cli *cli, const char *arg, enum fmt_kind *out)
{
	if (fmt_parse_kind(arg, out) == 0)
		return 0;
	cli_usage_error(cli, _("unknown format '%s' (use table, csv or json)"), arg);
	return -1;
}

int
cli_check_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return 0;
		error_errno(_("cannot write the output"));
		return 1;
	}
	return 0;
}

const char *
cli_os_user(char *buf, size_t n)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "uid %ld", (long)geteuid());
	return buf;
}

int
cli_check_line(struct cli *cli, const char *opt, const char *text, size_t max)
{
	struct utf8_fault f;

	(void)cli;
	if (utf8_line_check(text, max, &f) == 0)
		return 0;
	error(_("%s is refused: %s: '%s'"), opt, f.why, f.shown);
	if (f.control)
		hint(_("type it as one line of plain text, without line breaks, tabs or control codes"));
	else
		hint(_("shorten it to at most %zu characters"), max);
	return 2;
}

/* The terminal's width: the window's, else $COLUMNS, else 80. */
static int
terminal_columns(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env && atoi(env) > 0)
		return atoi(env);
	return 80;
}

void
cli_progress(const char *label, long done, long total)
{
	char count[64], bar[31];
	char *shown;
	int room, bar_w, label_w, fill, w;

	if (!isatty(STDERR_FILENO) || total <= 0)
		return;
	/*
	 * "label [#####     ] 3/10" in one column less than the terminal
	 * (a line that fills the last column wraps on some terminals, and \r
	 * would then redraw the wrong line). The label gives way first, cut
	 * from the left by columns on a character boundary, so the file's
	 * own name stays in view; then the bar.
	 */
	snprintf(count, sizeof count, " %ld/%ld", done, total);
	room = terminal_columns() - 1 - (int)strlen(count);
	bar_w = room - 3 >= 60 ? 30 : (room - 3) / 3;
	if (bar_w < 5)
		bar_w = 0;
	label_w = room - (bar_w ? bar_w + 3 : 0);
	fill = (int)(done * bar_w / total);
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, ' ', (size_t)(bar_w - fill));
	bar[bar_w] = 0;
	fputc('\r', stderr);
	/* A name from a USB stick may hold anything: control characters are
	 * shown, never sent to the terminal. */
	if (label_w > 1 && (shown = utf8_visible(label, 0))) {
		const char *tail = shown;
		w = 0;
		if (utf8_width(shown) > label_w) {
			tail = utf8_tail(shown, label_w - 1);
			fputs("…", stderr);
			w = 1;
		}
		w += utf8_width(tail);
		fputs(tail, stderr);
		for (; w < label_w; w++)
			fputc(' ', stderr);
		free(shown);
	}
	if (bar_w)
		fprintf(stderr, " [%s]", bar);
	fputs(count, stderr);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

int
cli_topic(struct cli *cli, const char *opt, const char *text, char *name)
{
	char names[2048];
	struct topic t;
	int rc;

	name[0] = 0;
	if (!*text)
		return 0;
	if ((rc = topic_find(cli->store, text, &t)) < 0)
		return 1;
	if (rc == 0) {
		snprintf(name, TOPIC_NAME_MAX, "%s", t.name);
		return 0;
	}
	if (topic_names(cli->store, names, sizeof names) != 0)
		return 1;
	error(_("%s: not one of the station's topics: '%s'"), opt, text);
	hint(_("the topics are: %s; add a new one with: loa topic add \"%s\""), names, text);
	return 2;
}
