/*
 * cmd_slot.c — loa slot add|list|show|rm|enable|disable|edit|import|export:
 * the officer's schedule.
 *
 * Every way in (plain options, an RRULE, a calendar file) ends as event
 * text checked by the recurrence module (ical.c), so a slot added by hand
 * and one imported from Google Calendar are read by the same code. An
 * import is read and checked completely before anything is written, and
 * written in one transaction: a bad event rejects the whole file.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_input.h"
#include "cli/cmds.h"
#include "loa/agenda_view.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/ics_export.h"
#include "loa/ics_import.h"
#include "loa/log.h"
#include "loa/outfile.h"
#include "loa/slot.h"
#include "loa/slot_rule.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"
#include "loa/views.h"

#include "loa/clip.h"

/* ---- shared by the slot commands ---- */

static int
parse_slot_id(struct cli *cli, const char *s, int64_t *id)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		return cli_usage_error(cli, _("a slot is named by its number (see 'loa slot list'): '%s'"),
		                       s),
		       -1;
	*id = v;
	return 0;
}

static int
get_slot(struct cli *cli, int64_t id, struct slot *s)
{
	int rc = store_slot_get(cli->store, id, s);

	if (rc == 1) {
		error(_("no slot numbered %" PRId64), id);
		hint(_("'loa slot list' shows the slots and their numbers"));
	}
	return rc == 0 ? 0 : -1;
}

/* Checks a clip or playlist exists; sets *title to its title (malloc'd):
 * the clip's title, or the playlist's name as the station has it. */
static int
check_target(int64_t clip_id, const char *playlist, struct store *st, char **title)
{
	int rc;
	if (clip_id > 0) {
		struct clip c;
		if ((rc = clip_get(st, clip_id, &c)) < 0)
			return -1;
		if (rc == 1) {
			error(_("no clip numbered %" PRId64), clip_id);
			hint(_("'loa clip list' shows the clips; add one with 'loa clip add FILE'"));
			return -1;
		}
		*title = strdup(c.title);
		return 0;
	}
	if (playlist) {
		struct playlist p;
		if ((rc = playlist_find(st, playlist, &p)) < 0)
			return -1;
		if (rc == 1) {
			error(_("no playlist named '%s'"), playlist);
			hint(_("import one with 'loa slot import' of an .m3u ATTACH, or see the clip "
			       "library's playlists"));
			return -1;
		}
		playlist_release(&p);
		*title = strdup(p.name); /* as stored: " Tin  Sáng " names "tin sáng" */
		return 0;
	}
	*title = NULL;
	return 0;
}

/* The slot's rule in words (slot_describe), or "?" when memory ran out. */
static char *
describe(const struct slot *s, const char *zone)
{
	char *d = slot_describe(s, zone);

	return d ? d : strdup("?");
}

/* ---- loa slot add ---- */

#define add_opts cli_slot_add /* cli.h */

/* Adds one slot from event text; prints what was added. */
static int
add_one(struct cli *cli, const struct add_opts *o, char *text, const char *uid, const char *title)
{
	struct slot s = {0};
	char *d;

	s.uid = (char *)uid;
	s.title = (char *)title;
	s.vevent = text;
	s.clip_id = o->clip_id;
	s.playlist = (char *)o->playlist;
	s.tier = o->tier;
	s.enabled = 1;
	s.source = "add";
	if (store_slot_add(cli->store, &s) != 0)
		return -1;
	d = describe(&s, cli->station.tz);
	printf(_("Added slot %" PRId64 ": %s\n"), s.id, d);
	free(d);
	fflush(stdout);
	cli_slot_outlook(cli, &s);
	return 0;
}

/* The command line's words for what slot_rules_build found wrong: each
 * names the option it is about and quotes the value (or the item of a
 * list at fault), with examples of what it takes. Returns 2. */
static int
when_error(struct cli *cli, const struct add_opts *o, const struct slot_fault *f)
{
	const char *field = f->field;
	char opt[32];

	if (strcmp(field, "rrule") == 0)
		return cli_usage_error(cli, _("--rrule '%s' is refused: %s"), o->rrule, f->why ? f->why : "");
	if (strcmp(field, "until") == 0 && f->kind == SLOT_FAULT_ORDER)
		return cli_usage_error(cli, _("--until (%s) is before --from (%s)"), o->until,
		                       o->from ? o->from : _("today"));
	if (f->kind == SLOT_FAULT_EMPTY)
		return cli_usage_error(cli, _("--at needs at least one time such as 6h or 06:00"));
	snprintf(opt, sizeof opt, "--%s", field);
	if (f->how.fault != TIME_OK)
		return cli_time_error(cli, opt, f->what, f->bad, &f->how);
	return cli_usage_error(cli, _("--at takes at most %d times of day: '%s'"), SLOT_RULE_MAX_TIMES,
	                       o->at);
}

int
cmd_slot_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"clip", required_argument, NULL, 'c'},
	    {"playlist", required_argument, NULL, 'p'},
	    {"at", required_argument, NULL, 'a'},
	    {"days", required_argument, NULL, 'd'},
	    {"from", required_argument, NULL, 'f'},
	    {"until", required_argument, NULL, 'u'},
	    {"except", required_argument, NULL, 'x'},
	    {"start", required_argument, NULL, 's'},
	    {"rrule", required_argument, NULL, 'r'},
	    {"exdate", required_argument, NULL, 'e'},
	    {"tier", required_argument, NULL, 't'},
	    {"title", required_argument, NULL, 'T'},
	    {NULL, 0, NULL, 0},
	};
	struct add_opts o = {.tier = TIER_NORMAL};
	const char *code;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			errno = 0;
			o.clip_id = strtoll(optarg, &end, 10);
			if (errno || *end || end == optarg || o.clip_id <= 0)
				return cli_usage_error(
				    cli, _("--clip takes a clip number (see 'loa clip list'): '%s'"), optarg);
			break;
		case 'p':
			o.playlist = optarg;
			break;
		case 'a':
			o.at = optarg;
			break;
		case 'd':
			o.days = optarg;
			break;
		case 'f':
			o.from = optarg;
			break;
		case 'u':
			o.until = optarg;
			break;
		case 'x':
			o.except = optarg;
			break;
		case 's':
			o.start = optarg;
			break;
		case 'r':
			o.rrule = optarg;
			break;
		case 'e':
			o.exdate = optarg;
			break;
		case 'T':
			if (cli_check_line(cli, "--title", optarg, UTF8_TITLE_MAX) != 0)
				return 2;
			o.title = optarg;
			break;
		case 't':
			if (cli_word(cli, "--tier", WORDS_TIER, optarg, &code) != 0)
				return 2;
			tier_parse(code, &o.tier);
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (!!o.clip_id + !!o.playlist != 1)
		return cli_usage_error(
		    cli, _("say what the slot airs: --clip ID or --playlist NAME (one of them)"));
	if (!!o.at == !!o.start)
		return cli_usage_error(cli, _("say when it airs: either --at TIMES (with --days, --from, "
		                              "--until) or --start DATETIME (with --rrule)"));
	if (o.at && (o.rrule || o.exdate))
		return cli_usage_error(cli, _("--rrule and --exdate go with --start, not --at"));
	if (o.start && (o.days || o.from || o.until || o.except))
		return cli_usage_error(cli,
		                       _("--days, --from, --until and --except go with --at, not --start"));
	return cli_slot_add_do(cli, &o);
}

int
cli_slot_add_do(struct cli *cli, const struct cli_slot_add *opts)
{
	struct cli_slot_add o = *opts;
	const char *zone = cli->station.tz;
	char *target_title = NULL, uid[96];
	int rc = 1;
	struct slot_when w = {.zone = zone,
	                      .now_ms = clock_wall_ms(),
	                      .at = o.at,
	                      .days = o.days,
	                      .from = o.from,
	                      .until = o.until,
	                      .except = o.except,
	                      .start = o.start,
	                      .rrule = o.rrule,
	                      .exdate = o.exdate,
	                      .quiet = 1};
	struct slot_rules rules;
	const char *title = o.title ? o.title : "";

	/* The clip is checked after the times, so a typing mistake in a time
	 * is reported as such first. */
	if (slot_rules_build(&w, &rules) != 0) {
		rc = rules.fault.kind ? when_error(cli, &o, &rules.fault) : 1;
		slot_rules_free(&rules);
		return rc;
	}
	if (store_begin(cli->store) != 0)
		goto out;
	if (check_target(o.clip_id, o.playlist, cli->store, &target_title) != 0)
		goto rollback;
	if (!o.title && target_title)
		title = target_title;
	if (o.playlist && target_title)
		o.playlist = target_title;
	for (int i = 0; i < rules.n; i++) {
		char *text;
		slot_new_uid(uid, sizeof uid);
		text = slot_rule_text(&rules.v[i], zone, uid, title);
		if (!text || add_one(cli, &o, text, uid, title) != 0) {
			free(text);
			goto rollback;
		}
		free(text);
	}
	if (store_commit(cli->store) != 0)
		goto rollback;
	rc = 0;
	goto out;
rollback:
	store_rollback(cli->store);
	if (rc == 0)
		rc = 1;
out:
	slot_rules_free(&rules);
	free(target_title);
	return rc;
}

/* ---- loa slot list / show ---- */

static const char *
slot_target_text(const struct slot *s, char *buf, size_t n)
{
	if (s->clip_id > 0)
		snprintf(buf, n, "%" PRId64, s->clip_id);
	else if (s->playlist)
		snprintf(buf, n, "%s", s->playlist);
	else
		buf[0] = 0;
	return buf;
}

int
cmd_slot_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct slot *v;
	size_t n;
	int c, unassigned = 0;
	struct view_listing l;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (store_slot_list(cli->store, &v, &n) != 0)
		return 1;
	if (view_open(&l, &view_slot, stdout, kind, VIEW_NARROW) != 0) {
		store_slot_list_free(v, n);
		return error(_("out of memory")), 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct view_cells cells;
		char *d = describe(&v[i], cli->station.tz);
		view_slot_cells(&cells, &v[i], d);
		if (!*cells.v[4]) {
			unassigned++;
			if (kind == FMT_TABLE)
				cells.v[4] = _("(none)");
		}
		view_add(&l, cells.v);
		free(d);
	}
	c = view_close(&l);
	if (unassigned) {
		warning(_("%d slot(s) have no clip yet and will be skipped"), unassigned);
		hint(_("assign one with 'loa slot edit ID --clip C'"));
	}
	store_slot_list_free(v, n);
	return c == 0 ? 0 : 1;
}

int
cmd_slot_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct slot s;
	int64_t id;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, _("name one slot by its number"));
	if (parse_slot_id(cli, argv[optind], &id) != 0)
		return 2;
	if (get_slot(cli, id, &s) != 0)
		return 1;
	char *d = describe(&s, cli->station.tz);
	struct view_cells cells;
	int64_t next;
	/* The next airing of this slot, within a year. */
	if (agenda_slots_next(cli->store, clock_wall_ms(), &s.id, &next, 1) != 0)
		next = 0;
	view_slot_detail_cells(&cells, &s, d, next, cli->station.tz);
	if (!*cells.v[5] && kind == FMT_TABLE)
		cells.v[5] = _("(none: assign with 'loa slot edit ID --clip C')");
	struct view_listing l;
	if (view_open(&l, &view_slot_detail, stdout, kind, FMT_VERTICAL | FMT_SINGLE) != 0)
		c = -1;
	else
		view_add(&l, cells.v), c = view_close(&l);
	free(d);
	slot_clear(&s);
	return c == 0 ? 0 : 1;
}

/* ---- loa slot rm / enable / disable ---- */

/* Runs op on every slot named in argv[optind..], in one transaction. */
static int
each_slot(struct cli *cli, int argc, char **argv, int op)
{
	int64_t id;
	struct slot s;

	if (getopt_long(argc, argv, "", (const struct option[]){{NULL, 0, NULL, 0}}, NULL) != -1)
		return cli_usage_error(cli, _("unknown option"));
	if (optind >= argc)
		return cli_usage_error(cli, _("name at least one slot by its number"));
	for (int i = optind; i < argc; i++)
		if (parse_slot_id(cli, argv[i], &id) != 0)
			return 2;
	if (store_begin(cli->store) != 0)
		return 1;
	for (int i = optind; i < argc; i++) {
		parse_slot_id(cli, argv[i], &id);
		if (get_slot(cli, id, &s) != 0)
			goto fail;
		if (op == 0) {
			if (store_slot_rm(cli->store, id) != 0)
				goto fail_slot;
			printf(_("Removed slot %" PRId64 " (%s)\n"), id, s.title);
		} else {
			s.enabled = op == 1;
			if (store_slot_update(cli->store, &s) != 0)
				goto fail_slot;
			printf(op == 1 ? _("Enabled slot %" PRId64 " (%s)\n")
			               : _("Disabled slot %" PRId64 " (%s)\n"),
			       id, s.title);
		}
		slot_clear(&s);
	}
	return store_commit(cli->store) == 0 ? 0 : 1;
fail_slot:
	slot_clear(&s);
fail:
	store_rollback(cli->store);
	hint(_("nothing was changed"));
	return 1;
}

int
cmd_slot_rm(struct cli *cli, int argc, char **argv)
{
	return each_slot(cli, argc, argv, 0);
}

int
cmd_slot_enable(struct cli *cli, int argc, char **argv)
{
	return each_slot(cli, argc, argv, 1);
}

int
cmd_slot_disable(struct cli *cli, int argc, char **argv)
{
	return each_slot(cli, argc, argv, 2);
}

/* ---- loa slot edit ---- */

int
cmd_slot_edit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"clip", required_argument, NULL, 'c'},
	    {"playlist", required_argument, NULL, 'p'},
	    {"no-clip", no_argument, NULL, 'n'},
	    {"tier", required_argument, NULL, 't'},
	    {"title", required_argument, NULL, 'T'},
	    {"rrule", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	const char *playlist = NULL, *title = NULL, *rrule = NULL, *code;
	int64_t clip_id = 0, id;
	int c, noclip = 0, tier_set = 0;
	enum tier tier = TIER_NORMAL;
	struct slot s;
	char *end, *ttl = NULL, *text;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			errno = 0;
			clip_id = strtoll(optarg, &end, 10);
			if (errno || *end || end == optarg || clip_id <= 0)
				return cli_usage_error(
				    cli, _("--clip takes a clip number (see 'loa clip list'): '%s'"), optarg);
			break;
		case 'p':
			playlist = optarg;
			break;
		case 'n':
			noclip = 1;
			break;
		case 'T':
			if (cli_check_line(cli, "--title", optarg, UTF8_TITLE_MAX) != 0)
				return 2;
			title = optarg;
			break;
		case 'r':
			rrule = optarg;
			break;
		case 't':
			if (cli_word(cli, "--tier", WORDS_TIER, optarg, &code) != 0)
				return 2;
			tier_parse(code, &tier);
			tier_set = 1;
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, _("name one slot by its number"));
	if (parse_slot_id(cli, argv[optind], &id) != 0)
		return 2;
	if (!!clip_id + !!playlist + noclip > 1)
		return cli_usage_error(cli, _("give one of --clip, --playlist and --no-clip"));
	if (!clip_id && !playlist && !noclip && !title && !rrule && !tier_set)
		return cli_usage_error(
		    cli, _("say what to change: --clip, --playlist, --no-clip, --tier, --title or --rrule"));
	if ((clip_id || playlist) && check_target(clip_id, playlist, cli->store, &ttl) != 0)
		return 1;
	if (store_begin(cli->store) != 0) {
		free(ttl);
		return 1;
	}
	if (get_slot(cli, id, &s) != 0) {
		free(ttl);
		goto fail;
	}
	if (clip_id || playlist || noclip) {
		free(s.playlist);
		s.playlist = playlist ? ttl : NULL; /* the name as stored */
		s.clip_id = clip_id;
	}
	if (s.playlist != ttl)
		free(ttl);
	if (tier_set)
		s.tier = tier;
	if (title) {
		if (!(text = ical_text_set(s.vevent, "SUMMARY", title)))
			goto fail_slot;
		free(s.vevent);
		s.vevent = text;
		free(s.title);
		s.title = strdup(title);
	}
	if (rrule) {
		struct slot_fault fault;
		if (slot_rule_set(&s, rrule, cli->station.tz, 1, &fault) != 0) {
			slot_clear(&s);
			store_rollback(cli->store);
			if (!fault.kind)
				return 1;
			return cli_usage_error(cli, _("--rrule '%s' is refused: %s"), rrule, fault.why);
		}
	}
	if (store_slot_update(cli->store, &s) != 0 || store_commit(cli->store) != 0)
		goto fail_slot;
	char *d = describe(&s, cli->station.tz), target[300];
	printf(_("Changed slot %" PRId64 ": %s; airs %s; %s\n"), s.id, s.title,
	       slot_target_text(&s, target, sizeof target)[0] ? target : _("nothing yet (no clip)"), d);
	free(d);
	slot_clear(&s);
	return 0;
fail_slot:
	slot_clear(&s);
fail:
	store_rollback(cli->store);
	return 1;
}

/* ---- loa slot import ---- */

int
cmd_slot_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"blackout", no_argument, NULL, 'b'},
	    {"allow-outside", no_argument, NULL, 'A'},
	    {NULL, 0, NULL, 0},
	};
	struct ics_import_opts o = {.zone = cli->station.tz, .target_lufs = cli->station.target_lufs};
	struct ics_import_result r;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'b')
			o.blackout = 1;
		else if (c == 'A')
			o.allow_outside = 1;
		else
			return cli_usage_error(cli, _("unknown option"));
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, _("name one calendar file (.ics)"));
	o.path = argv[optind];
	if (ics_import(cli->store, &o, &r) != 0) {
		ics_import_result_free(&r);
		return 1;
	}
	ics_import_result_free(&r);
	printf(_("Imported %s: %d new slot(s), %d updated"), o.path, r.added, r.updated);
	if (r.ndays)
		printf(_(", %d blackout day(s)"), r.ndays);
	if (r.ncancelled)
		printf(_(", %d cancelled event(s) left out"), r.ncancelled);
	printf("\n");
	if (r.noclip) {
		warning(
		    _("%d imported slot(s) have no clip yet; their airings are skipped until you assign one"),
		    r.noclip);
		hint(_("see them with 'loa slot list'; assign a clip with 'loa slot edit ID --clip C'"));
	}
	return 0;
}

/* ---- loa slot export ---- */

int
cmd_slot_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *out_path = NULL;
	size_t n, nbo;
	int c, rc = 1;
	char *cal;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c != 'o')
			return cli_usage_error(cli, _("unknown option"));
		out_path = optarg;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (!(cal = ics_export(cli->store, out_path, &n, &nbo)))
		return 1;
	if (out_path) {
		struct outfile of;
		if (outfile_open(&of, out_path) != 0)
			goto out;
		if (fputs(cal, of.f) == EOF) {
			error_errno(_("cannot write '%s'"), out_path);
			outfile_abort(&of);
			goto out;
		}
		if (outfile_commit(&of) != 0)
			goto out;
		fprintf(stderr, _("Exported %zu slot(s) and %zu blackout day(s) to %s\n"), n, nbo, out_path);
	} else {
		fputs(cal, stdout);
	}
	rc = 0;
out:
	free(cal);
	return rc;
}
