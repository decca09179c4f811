/*
 * cmd_bulletin.c — loa bulletin list and loa bulletin schedule: the
 * bulletins the hub sent (bulletin.h), which `loa link` received.
 *
 * A normal bulletin waits for the officer; scheduling it adds slots
 * airing its clip through the very code of `loa slot add --clip`
 * (cli_slot_add_do), by default at the times the hub suggested over the
 * bulletin's period, and moves it to scheduled, which the link tells the
 * hub (it wakes on the station's commit). One refused after its audio
 * was imported (no programme to go before, no daemon for an emergency)
 * can be scheduled too; one whose audio was never imported cannot.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/bulletin.h"
#include "loa/clock.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/timeutil.h"
#include "loa/views.h"

static const char *
word_state(const char *st)
{
	if (strcmp(st, "received") == 0)
		return C_("bulletin", "received");
	if (strcmp(st, "scheduled") == 0)
		return C_("bulletin", "scheduled");
	if (strcmp(st, "refused") == 0)
		return C_("bulletin", "refused");
	return st;
}

/* The reader's words for a refusal's code (the reason is the station's
 * English sentence for the hub's technician). */
static const char *
word_code(const char *code)
{
	static const struct {
		const char *code, *words;
	} w[] = {
	    {"hash_mismatch", N_("the audio arrived damaged (its SHA-256 does not match)")},
	    {"bad_message", N_("the hub's message cannot be read")},
	    {"import_refused", N_("the audio file was refused")},
	    {"expired", N_("its period was over when it arrived")},
	    {"no_daemon", N_("no daemon was playing the station")},
	    {"no_programme", N_("no programme in its period to air it before")},
	};

	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		if (strcmp(code, w[i].code) == 0)
			return _(w[i].words);
	return code;
}

static const struct fmt_col cols[] = {
    {"id", FMT_NUM, N_("no."), NULL},
    {"tier", FMT_WORD, N_("tier"), view_word_tier},
    {"title", FMT_TEXT, N_("title"), NULL},
    {"topic", FMT_TEXT, N_("topic"), NULL},
    {"state", FMT_WORD, N_("state"), word_state},
    {"received", FMT_INSTANT, N_("arrived"), NULL},
    {"from", FMT_INSTANT, N_("may air from"), NULL},
    {"until", FMT_INSTANT, N_("may air until"), NULL},
    {"at", FMT_TEXT, N_("suggested times"), NULL},
    {"clip", FMT_NUM, N_("clip"), NULL},
    {"code", FMT_WORD, N_("why refused"), word_code},
    {"reason", FMT_TEXT, N_("reason"), NULL},
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

struct listing {
	struct fmt *f;
	const char *zone;
	int n;
};

static int
list_one(void *ctx, const struct bulletin *b)
{
	struct listing *x = ctx;
	char id[FMT_INT_LEN], clip[FMT_INT_LEN], rec[64], from[64], until[64];
	const char *cells[NCOLS];

	cells[0] = fmt_int(id, b->id);
	cells[1] = b->tier;
	cells[2] = b->title;
	cells[3] = *b->topic ? b->topic : NULL;
	cells[4] = bulletin_state_name(b->state);
	cells[5] = time_format_iso(b->received_ms, x->zone, rec, sizeof rec);
	cells[6] = time_format_iso(b->from_ms, x->zone, from, sizeof from);
	cells[7] = b->until_ms ? time_format_iso(b->until_ms, x->zone, until, sizeof until) : NULL;
	cells[8] = b->at;
	cells[9] = b->clip_id > 0 ? fmt_int(clip, b->clip_id) : NULL;
	cells[10] = *b->code ? b->code : NULL;
	cells[11] = *b->reason ? b->reason : NULL;
	x->n++;
	return fmt_row(x->f, cells) == 0 ? 0 : -1;
}

int
cmd_bulletin_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct listing x = {.zone = cli->station.tz};
	struct fmt_col words[NCOLS];
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return cli_usage_error(cli, _("unknown option"));
		if (cli_format(cli, optarg, &kind) != 0)
			return 2;
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	for (int i = 0; i < NCOLS; i++) {
		words[i] = cols[i];
		words[i].heading = _(cols[i].heading);
	}
	if (!(x.f = fmt_open(stdout, kind, words, NCOLS, 0)))
		return 1;
	rc = bulletin_each(cli->store, 0, list_one, &x);
	if (fmt_close(x.f) != 0 || rc != 0)
		return 1;
	if (x.n == 0 && kind == FMT_TABLE)
		hint(_("no bulletin from the hub yet; 'loa link' receives them"));
	return cli_check_stdout();
}

/* The station's date of instant ms, "YYYY-MM-DD", into out. */
static const char *
date_of(const char *zone, int64_t ms, char out[16])
{
	struct civil c;

	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		return NULL;
	snprintf(out, 16, "%04d-%02d-%02d", c.year % 10000, c.month % 100, c.day % 100);
	return out;
}

int
cmd_bulletin_schedule(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"at", required_argument, NULL, 'a'},
	    {"days", required_argument, NULL, 'd'},
	    {"from", required_argument, NULL, 'f'},
	    {"until", required_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	struct cli_slot_add o = {.tier = TIER_NORMAL};
	struct bulletin b;
	char from[16], until[16], *end;
	int64_t id, now = clock_wall_ms();
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
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
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, _("name one bulletin by its number (see 'loa bulletin list')"));
	errno = 0;
	id = strtoll(argv[optind], &end, 10);
	if (errno || *end || end == argv[optind] || id <= 0)
		return cli_usage_error(cli, _("not a bulletin's number: '%s' (see 'loa bulletin list')"),
		                       argv[optind]);
	if ((rc = bulletin_get(cli->store, id, &b)) < 0)
		return 1;
	if (rc == 0) {
		error(_("no bulletin numbered %" PRId64 " from the hub"), id);
		hint(_("'loa bulletin list' shows the bulletins and their numbers"));
		return 1;
	}
	/* A bulletin refused after its audio was imported (no programme to
	 * go before, no daemon for an emergency) may still be aired. */
	if (b.clip_id <= 0) {
		error(_("bulletin %" PRId64 " was refused and cannot air: %s"), id,
		      *b.reason ? b.reason : _("its audio was not added to the clip library"));
		hint(_("ask the hub to send it again"));
		return 1;
	}
	if (b.until_ms && b.until_ms <= now) {
		error(_("bulletin %" PRId64 "'s period is over: it may not air any more"), id);
		return 1;
	}
	if (!o.at && !*b.at)
		return cli_usage_error(cli,
		                       _("the hub suggested no times for bulletin %" PRId64
		                         ": say when with --at, e.g. --at 6h,17h"),
		                       id);
	if (!o.at)
		o.at = b.at;
	if (!o.from && b.from_ms > now)
		o.from = date_of(cli->station.tz, b.from_ms, from);
	if (!o.until && b.until_ms)
		o.until = date_of(cli->station.tz, b.until_ms - 1, until);
	o.clip_id = b.clip_id;
	o.title = b.title;
	o.tier = TIER_NORMAL;
	if ((rc = cli_slot_add_do(cli, &o)) != 0)
		return rc;
	if (bulletin_set_state(cli->store, id, BULLETIN_SCHEDULED, NULL, NULL, 0, now) != 0)
		return 1;
	printf(_("Bulletin %" PRId64 " is scheduled; 'loa link' tells the hub.\n"), id);
	return cli_check_stdout();
}
