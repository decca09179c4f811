/*
 * cmd_status.c — loa status: "did this morning's broadcast go out?" on one
 * screen, in the officer's language; --format json for scripts and the
 * web console (views.h, view_status_json).
 *
 * The screen reads top to bottom as the officer asks: is the program
 * running and the sound device there, what is on air, what aired today
 * and yesterday (by title, each item of a programme, every failure with
 * its reason), what comes next, and what to do before the loudspeakers
 * fall silent — each warning with the command that fixes it. Exit status
 * 0 when nothing needs the officer, 1 when a warning does (so a script or
 * a cron job can mail it), 2 for a usage error.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmds.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/reason.h"
#include "loa/slot.h"
#include "loa/status.h"
#include "loa/timeutil.h"
#include "loa/views.h"

/* An outcome of the log in the reader's words. */
static const char *
outcome(enum airlog_status s)
{
	switch (s) {
	case AIRLOG_PLAYING:
		return _("on air");
	case AIRLOG_COMPLETED:
		return _("aired in full");
	case AIRLOG_INTERRUPTED:
		return _("cut off");
	case AIRLOG_FAILED:
		return _("failed");
	case AIRLOG_MISSED:
		return _("missed");
	case AIRLOG_SKIPPED:
		return _("not aired (as planned)");
	case AIRLOG_PARTIAL:
		return _("aired, some items failed");
	default:
		return "?";
	}
}

/* m:ss of ms. */
static const char *
mmss(int64_t ms, char *b, size_t n)
{
	int64_t s = (ms + 500) / 1000;

	snprintf(b, n, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
	return b;
}

/* "HH:MM" of ms in zone. */
static const char *
hhmm(int64_t ms, const char *zone, char *b, size_t n)
{
	struct civil c;

	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		snprintf(b, n, "?");
	else
		snprintf(b, n, "%02d:%02d", c.hour % 100, c.min % 100);
	return b;
}

static void
show_daemon(const struct station_status *s, const char *zone)
{
	const struct daemon_state *d = &s->state;
	char b[40];

	if (s->running == 1)
		printf(_("Broadcast program: running (PID %lld)\n"), (long long)s->pid);
	else if (s->running == 0)
		printf("%s\n", _("Broadcast program: NOT running"));
	else
		printf("%s\n", _("Broadcast program: cannot tell (its lock file cannot be read)"));
	if (!s->have_state || d->device_ok < 0)
		printf("%s\n", _("Sound device: not tried yet (the program tries it at each airing)"));
	else if (d->device_ok)
		printf(_("Sound device: '%s' worked at %s\n"), d->device,
		       i18n_format_time(d->checked_ms, zone, b, sizeof b));
	else
		printf(_("Sound device: NOT working at %s ('%s')\n"),
		       i18n_format_time(d->checked_ms, zone, b, sizeof b), d->device);
}

static void
show_on_air(const struct status_aired *a, int64_t now_ms, const char *zone)
{
	char b[32], t[16], d[32];
	int64_t so_far =
	    a && a->started_ms != AIRLOG_NONE && now_ms > a->started_ms ? now_ms - a->started_ms : 0;

	if (!a)
		return;
	if (so_far < a->played_ms)
		so_far = a->played_ms;
	if (a->duration_ms > 0)
		printf(_("On air now: %s (slot %lld), since %s, %s of %s\n"), a->title, (long long)a->slot_id,
		       hhmm(a->started_ms, zone, t, sizeof t),
		       mmss(so_far < a->duration_ms ? so_far : a->duration_ms, b, sizeof b),
		       mmss(a->duration_ms, d, sizeof d));
	else
		printf(_("On air now: %s (slot %lld), since %s, %s so far\n"), a->title,
		       (long long)a->slot_id, hhmm(a->started_ms, zone, t, sizeof t),
		       mmss(so_far, b, sizeof b));
	if (*a->requested_by)
		printf(_("  an emergency, asked for by %s\n"), a->requested_by);
}

/* One airing of the log, and its items when it is a programme. */
static void
show_aired(const struct status_aired *a, const char *zone, int vi)
{
	char t[16], d[32];

	printf("  %s  %s — %s", hhmm(a->scheduled_ms, zone, t, sizeof t), a->title, outcome(a->status));
	if (a->status == AIRLOG_COMPLETED || a->status == AIRLOG_PARTIAL || a->status == AIRLOG_PLAYING)
		printf(" (%s)", mmss(a->played_ms, d, sizeof d));
	if (a->why != REASON_NONE && a->status != AIRLOG_PARTIAL)
		printf(": %s", reason_words(a->why, vi));
	putchar('\n');
	if (a->nitems < 2 && a->status != AIRLOG_PARTIAL)
		return;
	for (int i = 0; i < a->nitems; i++) {
		const struct status_item *it = &a->items[i];
		printf("         %d. %s — %s", it->position, it->title, outcome(it->status));
		if (it->why != REASON_NONE)
			printf(": %s", reason_words(it->why, vi));
		putchar('\n');
	}
}

/* The airings of the day starting at from_ms (to to_ms). */
static void
show_day(const struct station_status *s, const char *heading, int64_t from_ms, int64_t to_ms,
         const char *zone, int vi)
{
	char b[40];
	int n = 0;

	printf("\n%s %s:\n", heading, time_format_vn_date(from_ms, zone, b, sizeof b));
	for (size_t i = 0; i < s->naired; i++)
		if (s->aired[i].scheduled_ms >= from_ms && s->aired[i].scheduled_ms < to_ms)
			show_aired(&s->aired[i], zone, vi), n++;
	if (!n)
		printf("  %s\n", _("no airing"));
}

static void
show_next(const struct station_status *s, const char *zone, int vi)
{
	char b[40];

	printf("\n%s\n", _("Next airings:"));
	if (!s->nnext)
		printf("  %s\n", _("none in the next 7 days"));
	for (size_t i = 0; i < s->nnext; i++) {
		const struct airing *x = &s->next[i];
		printf("  %s  %s", i18n_format_time(x->planned_ms, zone, b, sizeof b),
		       x->title ? x->title : "");
		if (x->playlist && (!x->title || strcmp(x->playlist, x->title) != 0))
			printf(_(" (playlist '%s')"), x->playlist);
		if (x->status == AIRING_SKIPPED)
			printf(" — %s: %s", _("will not air"), reason_words(x->skip_code, vi));
		putchar('\n');
	}
}

/* What to do about a warning, with the command. */
static const char *
advice_for(const struct status_warning *w, char *b, size_t n)
{
	switch (w->kind) {
	case STATUS_NO_SLOTS:
		snprintf(
		    b, n,
		    _("add slots with 'loa slot add', or import a calendar with 'loa slot import FILE.ics'"));
		return b;
	case STATUS_NOTHING_AHEAD:
		snprintf(
		    b, n,
		    _("see 'loa slot list': the slots may have ended or be disabled; add the next period's "
		      "slots with 'loa slot add'"));
		return b;
	case STATUS_SCHEDULE_ENDS:
		snprintf(b, n,
		         _("add the next period's slots with 'loa slot add' (or import its calendar), so the "
		           "loudspeakers do not fall silent"));
		return b;
	case STATUS_SLOT_NO_CLIP:
		snprintf(b, n,
		         _("give it something to play: 'loa slot edit %lld --clip ID' or '--playlist NAME'"),
		         (long long)w->slot_id);
		return b;
	case STATUS_CLIP_EXPIRES:
		snprintf(
		    b, n,
		    _("if it should air longer, change its last day with 'loa clip edit %lld --valid-until "
		      "DD/MM/YYYY'; otherwise put a newer clip in its slots and playlists"),
		    (long long)w->clip_id);
		return b;
	case STATUS_NO_DEVICE:
		snprintf(b, n,
		         _("check the sound card's cable and power, then run 'loa devices' and 'loa run "
		           "--check'"));
		return b;
	case STATUS_DAEMON_STOPPED:
		snprintf(b, n,
		         _("start it with 'systemctl start loa' (or 'loa run' in a terminal), then run 'loa "
		           "status' again"));
		return b;
	case STATUS_DAEMON_SILENT:
		snprintf(b, n,
		         _("restart it with 'sudo systemctl restart loa', then run 'loa status' again; if it "
		           "happens again, keep 'journalctl -u loa' for whoever looks after the PC"));
		return b;
	case STATUS_BULLETINS_WAITING:
		snprintf(b, n,
		         _("see them with 'loa bulletin list' and schedule each with 'loa bulletin schedule "
		           "ID' (or in the web console's Lịch phát)"));
		return b;
	}
	return "";
}

static int
show(const struct station *st, const struct station_status *s)
{
	const char *zone = st->tz;
	int vi = strcmp(i18n_language(), "vi") == 0;
	char b[4096];

	printf(_("Station '%s' at %s\n"), st->name, i18n_format_time(s->now_ms, zone, b, sizeof b));
	show_daemon(s, zone);
	show_on_air(s->on_air, s->now_ms, zone);
	show_day(s, _("Today,"), s->day_ms, INT64_MAX, zone, vi);
	show_day(s, _("Yesterday,"), s->yesterday_ms, s->day_ms, zone, vi);
	show_next(s, zone, vi);
	fflush(stdout);
	if (!s->nwarn) {
		printf("\n%s\n", _("Nothing needs you: the broadcast will go out as scheduled."));
		return 0;
	}
	printf("\n%s\n", _("Needs your attention:"));
	for (size_t i = 0; i < s->nwarn; i++) {
		printf("  ! %s\n", view_status_warning_text(&s->warn[i], zone, b, sizeof b));
		printf("    %s\n", advice_for(&s->warn[i], b, sizeof b));
	}
	return 1;
}

int
cmd_status(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	enum fmt_kind kind = fmt_default_kind(stdout);
	struct station_status s;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cli_format(cli, optarg, &kind) != 0)
				return 2;
			if (kind == FMT_CSV)
				return cli_usage_error(cli,
				                       _("'loa status' is written as a table or as JSON, "
				                         "not as CSV: use --format json"));
			break;
		default:
			return cli_usage_error(cli, _("unknown option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, _("unexpected argument: '%s'"), argv[optind]);
	if (station_status(cli->store, &cli->station, clock_wall_ms(), &s) != 0)
		return 1;
	if (kind == FMT_JSON)
		rc = view_status_json(stdout, &cli->station, &s) == 0 ? (s.nwarn ? 1 : 0) : 1;
	else
		rc = show(&cli->station, &s);
	station_status_free(&s);
	if (cli_check_stdout() != 0)
		return 1;
	return rc;
}
