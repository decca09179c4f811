/*
 * cmd_approve.c — loa approve: the leader's approval queue, and approving
 * or rejecting what waits in it.
 *
 * What waits is named with its kind, "slot:5" or "clip:12", since slots
 * and clips are numbered apart and a bare number would be ambiguous. Who
 * runs this command is the station's technician acting for the leader:
 * the decision and the audit entry carry the computer's user name, as
 * loa user's entries do.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/approval.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/views.h"

/* The computer's user running this command. */
static const char *
who(char *buf, size_t n)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "uid %ld", (long)geteuid());
	return buf;
}

/* "slot:5" or "clip:12" into *k and *id; 0, or -1 when it is neither. */
static int
parse_ref(const char *arg, enum approval_kind *k, int64_t *id)
{
	const char *colon = strchr(arg, ':');
	char *end;
	long long v;

	if (!colon)
		return -1;
	if ((size_t)(colon - arg) == 4 && strncmp(arg, "slot", 4) == 0)
		*k = APPROVAL_SLOT;
	else if ((size_t)(colon - arg) == 4 && strncmp(arg, "clip", 4) == 0)
		*k = APPROVAL_CLIP;
	else
		return -1;
	v = strtoll(colon + 1, &end, 10);
	if (!colon[1] || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/* What a decision did, or that there is nothing of that number; 0 or 1. */
static int
say(enum approval_kind k, int64_t id, int approve, int rc)
{
	long long n = (long long)id;

	if (rc == 1) {
		if (k == APPROVAL_SLOT)
			error_at(ERR_NOT_FOUND, NULL, _("there is no slot %lld (loa slot list shows them)"),
			         n);
		else
			error_at(ERR_NOT_FOUND, NULL, _("there is no clip %lld (loa clip list shows them)"),
			         n);
		return 1;
	}
	if (rc != 0)
		return 1;
	if (k == APPROVAL_SLOT && approve)
		printf(_("approved slot %lld: it airs as scheduled\n"), n);
	else if (k == APPROVAL_SLOT)
		printf(_("rejected slot %lld: it does not air\n"), n);
	else if (approve)
		printf(_("approved clip %lld: it airs as scheduled\n"), n);
	else
		printf(_("rejected clip %lld: it does not air\n"), n);
	return 0;
}

static int
list(struct cli *cli, enum fmt_kind kind)
{
	struct approval_entry *v;
	struct view_listing l;
	struct view_cells c;
	size_t n;
	int rc = 0;

	if (approval_queue(cli->store, &v, &n) != 0)
		return 1;
	if (view_open(&l, &view_approval, stdout, kind, 0) != 0) {
		approval_queue_free(v, n);
		return error(_("out of memory")), 1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *what = view_approval_what(cli->store, &v[i], cli->station.tz);
		view_approval_cells(&c, &v[i], what ? what : "?", cli->station.tz);
		rc = view_add(&l, c.v);
		free(what);
	}
	approval_queue_free(v, n);
	if (view_close(&l) != 0 || rc != 0)
		return 1;
	if (n == 0 && kind == FMT_TABLE)
		printf("%s\n", _("nothing waits for approval"));
	return 0;
}

int
cmd_approve(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"reject", required_argument, NULL, 'r'},
	    {"reason", required_argument, NULL, 'R'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	const char *reject = NULL, *reason = NULL;
	char user[256];
	enum approval_kind k;
	int64_t id;
	int c, rc, failed = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			reject = optarg;
			break;
		case 'R':
			reason = optarg;
			break;
		case 'f':
			if (cli_format(cli, optarg, &kind) != 0)
				return 2;
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (!reject && optind < argc && strcmp(argv[optind], "list") == 0) {
		if (optind + 1 < argc)
			return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind + 1]);
		if (reason)
			return cli_usage_error(cli, _("--reason goes with --reject"));
		return list(cli, kind);
	}
	if (reject) {
		if (optind < argc)
			return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
		if (!reason || !*reason)
			return cli_usage_error(cli, _("--reject needs --reason TEXT: say what to change"));
		if (parse_ref(reject, &k, &id) != 0)
			return cli_usage_error(
			    cli, _("--reject '%s': name a slot or a clip as slot:ID or clip:ID"), reject);
		rc = approval_record(cli->store, k, id, 0, who(user, sizeof user), "local", 0, reason);
		return say(k, id, 0, rc);
	}
	if (reason)
		return cli_usage_error(cli, _("--reason goes with --reject"));
	if (optind >= argc)
		return cli_usage_error(cli, _("name what to approve (slot:ID or clip:ID), or list"));
	for (int i = optind; i < argc; i++)
		if (parse_ref(argv[i], &k, &id) != 0)
			return cli_usage_error(cli, _("'%s': name a slot or a clip as slot:ID or clip:ID"),
			                       argv[i]);
	for (int i = optind; i < argc; i++) {
		parse_ref(argv[i], &k, &id);
		rc = approval_record(cli->store, k, id, 0, who(user, sizeof user), "local", 1, NULL);
		failed |= say(k, id, 1, rc);
	}
	return failed;
}
