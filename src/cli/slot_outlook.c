/*
 * slot_outlook.c — right after a slot is added: will it air at all? A slot
 * whose clip is out of its validity on every date, whose every time is
 * taken by another slot, or that falls on blackout days only, is said at
 * once, with what to change, instead of being found silent on the day.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "loa/catalog.h"
#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/reason.h"
#include "loa/slot.h"
#include "loa/status.h"
#include "loa/timeutil.h"

#define YEAR_MS (366LL * 86400000)

/* A stored YYYY-MM-DD as the reader writes dates (dd/mm/yyyy in
 * Vietnamese). */
static const char *
day(const char *iso, char *b, size_t n)
{
	struct civil c;

	if (strcmp(i18n_language(), "vi") == 0 && time_parse_date(iso, &c) == 0)
		snprintf(b, n, "%02u/%02u/%04u", (unsigned)c.day % 100, (unsigned)c.month % 100,
		         (unsigned)c.year % 10000);
	else
		snprintf(b, n, "%s", iso);
	return b;
}

/* A clip's validity in words: "from DATE to DATE", "until DATE"... */
static const char *
validity(const struct clip *c, char *b, size_t n)
{
	char f[16], u[16];

	if (*c->valid_from && *c->valid_until)
		snprintf(b, n, _("from %s to %s"), day(c->valid_from, f, sizeof f),
		         day(c->valid_until, u, sizeof u));
	else if (*c->valid_until)
		snprintf(b, n, _("until %s"), day(c->valid_until, u, sizeof u));
	else
		snprintf(b, n, _("from %s"), day(c->valid_from, f, sizeof f));
	return b;
}

void
cli_slot_outlook(struct cli *cli, const struct slot *s)
{
	struct slot_outlook o;
	struct clip c;
	char b[128];
	int64_t now = clock_wall_ms();
	int vi = strcmp(i18n_language(), "vi") == 0;

	if (!s->enabled || status_slot_outlook(cli->store, s->id, now, now + YEAR_MS, &o) != 0 || o.plays > 0)
		return;
	if (o.airings == 0) {
		warning(_("slot %" PRId64 " will not air: none of its times falls within the coming year"),
		        s->id);
		hint(_("check its dates and times with 'loa slot show %" PRId64
		       "', and change them with 'loa "
		       "slot edit %" PRId64 "'"),
		     s->id, s->id);
		return;
	}
	switch (o.why) {
	case REASON_CLIP_EXPIRED:
	case REASON_CLIP_NOT_YET_VALID:
		if (s->clip_id > 0 && clip_get(cli->store, s->clip_id, &c) == 0) {
			warning(_("none of the %d airing(s) of slot %" PRId64 " will air: clip %" PRId64
			          " '%s' may air only %s"),
			        o.airings, s->id, c.id, c.title, validity(&c, b, sizeof b));
			hint(_("change the clip's dates with 'loa clip edit %" PRId64 " --valid-from DATE "
			       "--valid-until DATE', or the slot's with 'loa slot edit %" PRId64 "'"),
			     c.id, s->id);
			return;
		}
		break;
	case REASON_OVERLAP:
		warning(_("none of the %d airing(s) of slot %" PRId64
		          " will air: at each of its times, slot %" PRId64
		          " takes the air (a higher tier, or added before it)"),
		        o.airings, s->id, o.by_slot);
		hint(_("give it other times with 'loa slot edit %" PRId64
		       " --at HH:MM', or remove it with 'loa "
		       "slot rm %" PRId64 "'; 'loa agenda' shows each airing"),
		     s->id, s->id);
		return;
	case REASON_BLACKOUT:
		warning(
		    _("none of the %d airing(s) of slot %" PRId64 " will air: each falls on a blackout day"),
		    o.airings, s->id);
		hint(_("normal slots do not air on blackout days; give it other dates with 'loa slot edit "
		       "%" PRId64 "'"),
		     s->id);
		return;
	default:
		break;
	}
	warning(_("none of the %d airing(s) of slot %" PRId64 " will air: %s"), o.airings, s->id,
	        reason_words(o.why, vi));
	hint(_("'loa agenda' shows each airing and why it does not air"));
}
