/*
 * cmd_topic.c — loa topic list|add|alias|rename|rm: the station's topic
 * list, from which every clip's topic is chosen.
 *
 * A topic is named by its name or any alias, in any case or spelling
 * (topic.h), so the officer types "cchc" and gets "cải cách hành chính".
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/topic.h"
#include "loa/views.h"

/* The topic text names, or the exit status after saying it has none. */
static int
find(struct cli *cli, const char *text, struct topic *t)
{
	char names[2048];
	int rc = topic_find(cli->store, text, t);

	if (rc <= 0)
		return rc < 0 ? 1 : 0;
	error(_("no such topic: '%s'"), text);
	if (topic_names(cli->store, names, sizeof names) == 0)
		hint(_("the topics are: %s"), names);
	return 1;
}

int
cmd_topic_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct topic *v;
	size_t n;
	struct view_listing l;
	struct view_cells row;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (topic_list(cli->store, &v, &n) != 0)
		return 1;
	if (view_open(&l, &view_topic, stdout, kind, 0) != 0) {
		free(v);
		return error(_("out of memory")), 1;
	}
	for (size_t i = 0; i < n; i++) {
		view_topic_cells(&row, &v[i]);
		view_add(&l, row.v);
	}
	free(v);
	return view_close(&l) == 0 ? 0 : 1;
}

int
cmd_topic_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"alias", required_argument, NULL, 'a'},
	    {"furniture", no_argument, NULL, 'F'},
	    {NULL, 0, NULL, 0},
	};
	const char *aliases[16];
	int naliases = 0, furniture = 0, c;
	int64_t id;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a') {
			if (naliases == 16)
				return cli_usage_error(cli, _("at most 16 --alias at a time"));
			aliases[naliases++] = optarg;
		} else if (c == 'F') {
			furniture = 1;
		} else {
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, _("name one topic to add"));
	if (store_begin(cli->store) != 0)
		return 1;
	if (topic_add(cli->store, argv[optind], furniture, &id) != 0)
		goto fail;
	for (int i = 0; i < naliases; i++)
		if (topic_alias_add(cli->store, id, aliases[i]) != 0)
			goto fail;
	if (store_commit(cli->store) != 0)
		goto fail;
	printf(_("added topic %" PRId64 ": '%s'\n"), id, argv[optind]);
	return 0;
fail:
	store_rollback(cli->store);
	hint(_("'loa topic list' shows the topics and their other names"));
	return 1;
}

int
cmd_topic_alias(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"rm", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	struct topic t;
	int rm = 0, c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'r')
			return cli_usage_error(cli, _("unknown option"));
		rm = 1;
	}
	if (argc - optind < 2)
		return cli_usage_error(cli, _("name a topic, then the other names to give it"));
	if ((rc = find(cli, argv[optind], &t)) != 0)
		return rc;
	if (store_begin(cli->store) != 0)
		return 1;
	for (int i = optind + 1; i < argc; i++) {
		rc = rm ? topic_alias_remove(cli->store, t.id, argv[i])
		        : topic_alias_add(cli->store, t.id, argv[i]);
		if (rc == 1)
			error(_("'%s' is not another name of the topic '%s'"), argv[i], t.name);
		if (rc != 0) {
			store_rollback(cli->store);
			return 1;
		}
		printf(rm ? _("'%s' is no longer a name of the topic '%s'\n")
		          : _("'%s' now also names the topic '%s'\n"),
		       argv[i], t.name);
	}
	return store_commit(cli->store) == 0 ? 0 : 1;
}

int
cmd_topic_rename(struct cli *cli, int argc, char **argv)
{
	struct topic t;
	int rc;

	if (getopt_long(argc, argv, "", (const struct option[]){{NULL, 0, NULL, 0}}, NULL) != -1)
		return cli_usage_error(cli, _("unknown option"));
	if (argc - optind != 2)
		return cli_usage_error(cli, _("name the topic, then its new name"));
	if ((rc = find(cli, argv[optind], &t)) != 0)
		return rc;
	if (topic_rename(cli->store, t.id, argv[optind + 1]) != 0)
		return 1;
	printf(_("renamed the topic '%s' to '%s'; the old name still finds it\n"), t.name, argv[optind + 1]);
	return 0;
}

int
cmd_topic_rm(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"force", no_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct topic t;
	int force = 0, c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		force = 1;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, _("name one topic to remove"));
	if ((rc = find(cli, argv[optind], &t)) != 0)
		return rc;
	if (topic_remove(cli->store, t.id, force) != 0) {
		hint(_("give those clips another topic with 'loa clip edit ID --topic TOPIC', or remove the "
		       "topic "
		       "anyway with --force (they keep no topic)"));
		return 1;
	}
	printf(_("removed the topic '%s'\n"), t.name);
	return 0;
}
