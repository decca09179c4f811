/*
 * view_status.c — `loa status --format json` (and the web console's
 * dashboard): the station at a glance as one JSON object, and each warning
 * in words.
 *
 * The object's keys are a public contract. An airing of the log has the
 * keys of `loa log --format json` (its items those of `loa log --items`),
 * the one on air also "elapsed" and "duration" (seconds), an airing to
 * come those of `loa agenda --format json`; the daemon's "heartbeat" is
 * an instant and "heartbeat_age" seconds on the status's clock. Instants
 * are ISO 8601 with the station zone's offset, seconds have one decimal,
 * and codes (status, reason_code, warning code) are the stable English
 * ones.
 */
#include <stdio.h>
#include <string.h>

#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/slot.h"
#include "loa/status.h"
#include "loa/timeutil.h"
#include "loa/views.h"

/* "key": followed by an instant, or null. */
static void
key_instant(FILE *out, const char *key, int64_t ms, const char *zone, int none)
{
	char b[40];

	fprintf(out, "\"%s\":", key);
	if (none)
		fputs("null", out);
	else
		fprintf(out, "\"%s\"", time_format_iso(ms, zone, b, sizeof b));
}

static void
key_text(FILE *out, const char *key, const char *v)
{
	fprintf(out, "\"%s\":", key);
	if (v && *v)
		fmt_json_string(out, v);
	else
		fputs("null", out);
}

static void
key_seconds(FILE *out, const char *key, int64_t ms)
{
	char b[32];

	fprintf(out, "\"%s\":%s", key, fmt_tenths(b, sizeof b, ms));
}

/* An airing of the log; on air (now_ms set), with its length and how much
 * of it has passed. */
static void
aired_json(FILE *out, const struct status_aired *a, const char *zone, int64_t now_ms)
{
	fprintf(out, "{\"id\":%lld,", (long long)a->id);
	key_instant(out, "scheduled", a->scheduled_ms, zone, 0);
	fputc(',', out);
	key_instant(out, "started", a->started_ms, zone, a->started_ms == AIRLOG_NONE);
	fputc(',', out);
	key_seconds(out, "played", a->played_ms);
	fprintf(out, ",\"status\":\"%s\",", airlog_status_name(a->status));
	key_text(out, "reason", a->reason);
	fprintf(out, ",\"slot\":%lld,\"tier\":\"%s\",", (long long)a->slot_id, a->tier);
	key_text(out, "playlist", a->playlist);
	fputc(',', out);
	key_text(out, "title", a->title);
	fputc(',', out);
	key_text(out, "reason_code", reason_code(a->why));
	fputc(',', out);
	key_text(out, "requested_by", a->requested_by);
	if (now_ms) {
		/* Elapsed from the first sample, on the status's clock: the
		 * log's played seconds lag by up to two. */
		int64_t el =
		    a->started_ms != AIRLOG_NONE && now_ms > a->started_ms ? now_ms - a->started_ms : 0;
		if (el < a->played_ms)
			el = a->played_ms;
		if (a->duration_ms > 0 && el > a->duration_ms)
			el = a->duration_ms;
		fputc(',', out);
		key_seconds(out, "elapsed", el);
		fputs(",\"duration\":", out);
		if (a->duration_ms > 0) {
			char b[32];
			fputs(fmt_tenths(b, sizeof b, a->duration_ms), out);
		} else {
			fputs("null", out);
		}
	}
	fputs(",\"items\":[", out);
	for (int i = 0; i < a->nitems; i++) {
		const struct status_item *it = &a->items[i];
		fprintf(out, "%s{\"position\":%d,", i ? "," : "", it->position);
		key_seconds(out, "played", it->played_ms);
		fprintf(out, ",\"status\":\"%s\",", airlog_status_name(it->status));
		key_text(out, "reason_code", reason_code(it->why));
		fputc(',', out);
		key_text(out, "title", it->title);
		fputc('}', out);
	}
	fputs("]}", out);
}

static void
next_json(FILE *out, const struct airing *x, const char *zone)
{
	fputc('{', out);
	key_instant(out, "start", x->planned_ms, zone, 0);
	fputc(',', out);
	key_instant(out, "end", x->end_ms, zone, 0);
	fprintf(out, ",\"slot\":%lld,\"tier\":\"%s\",", (long long)x->slot_id, tier_name(x->tier));
	if (x->clip_id > 0)
		fprintf(out, "\"clip\":\"%lld\",", (long long)x->clip_id);
	else
		key_text(out, "clip", x->playlist), fputc(',', out);
	key_text(out, "title", x->title);
	fprintf(out, ",\"status\":\"%s\",", airing_status_name(x->status));
	key_instant(out, "nominal_start", x->start_ms, zone, 0);
	fputc(',', out);
	key_text(out, "reason_code", reason_code(x->skip_code));
	fputc('}', out);
}

const char *
view_status_warning_text(const struct status_warning *w, const char *zone, char *buf, size_t n)
{
	char at[40] = "";
	int vi = strcmp(i18n_language(), "vi") == 0;
	struct civil c = {0};

	if (w->at_ms)
		i18n_format_time(w->at_ms, zone, at, sizeof at);
	switch (w->kind) {
	case STATUS_NO_SLOTS:
		snprintf(buf, n, "%s", _("nothing is scheduled: the loudspeakers stay silent"));
		break;
	case STATUS_NOTHING_AHEAD:
		snprintf(buf, n, _("nothing airs in the next %d days although the station has slots"),
		         STATUS_DAYS);
		break;
	case STATUS_SCHEDULE_ENDS:
		snprintf(buf, n, _("the schedule ends soon: the last airing is at %s, nothing airs after it"),
		         at);
		break;
	case STATUS_SLOT_NO_CLIP:
		snprintf(buf, n,
		         _("slot %lld '%s' has nothing to play (%s): its airing at %s will not go out"),
		         (long long)w->slot_id, w->title, reason_words(w->why, vi), at);
		break;
	case STATUS_CLIP_EXPIRES:
		if (time_parse_date(w->date, &c) == 0 && vi)
			snprintf(at, sizeof at, "%02d/%02d/%04d", c.day % 100, c.month % 100, c.year % 10000);
		else
			snprintf(at, sizeof at, "%s", w->date);
		snprintf(buf, n, _("clip %lld '%s' may air until %s only, and is still in the schedule"),
		         (long long)w->clip_id, w->title, at);
		break;
	case STATUS_NO_DEVICE:
		/* The code's words in the reader's language; the device's own
		 * text (in the daemon's) only when there is no code. */
		snprintf(buf, n, _("no sound device at the daemon's last try (%s): '%s': %s"), at, w->title,
		         w->why != REASON_NONE || !*w->detail ? reason_words(w->why, vi) : w->detail);
		break;
	case STATUS_DAEMON_STOPPED:
		snprintf(buf, n, "%s",
		         _("the broadcast program is not running: no airing goes out until it is started"));
		break;
	case STATUS_DAEMON_SILENT:
		snprintf(buf, n,
		         _("the broadcast program has not answered since %s: it may hang, and airings may "
		           "not go out until it is restarted"),
		         at);
		break;
	case STATUS_BULLETINS_WAITING:
		snprintf(buf, n,
		         ngettext("%d bulletin of the province waits to be scheduled (received %s)",
		                  "%d bulletins of the province wait to be scheduled (the first received %s)",
		                  (unsigned long)w->count),
		         w->count, at);
		break;
	}
	return buf;
}

int
view_status_json(FILE *out, const struct station *st, const struct station_status *s)
{
	const struct daemon_state *d = &s->state;
	char b[4096];

	fputs("{\"station\":", out);
	fmt_json_string(out, st->name);
	fputs(",\"time_zone\":", out);
	fmt_json_string(out, st->tz);
	fputc(',', out);
	key_instant(out, "now", s->now_ms, st->tz, 0);
	fprintf(out, ",\"daemon\":{\"running\":%s,",
	        s->running == 1   ? "true"
	        : s->running == 0 ? "false"
	                          : "null");
	if (s->running == 1 && s->pid > 0)
		fprintf(out, "\"pid\":%lld,", (long long)s->pid);
	else
		fputs("\"pid\":null,", out);
	key_instant(out, "started", d->started_ms, st->tz, !s->have_state);
	fputc(',', out);
	key_text(out, "version", s->have_state ? d->version : NULL);
	fputc(',', out);
	key_text(out, "device", s->have_state ? d->device : NULL);
	fprintf(out, ",\"device_ok\":%s,",
	        !s->have_state || d->device_ok < 0 ? "null"
	        : d->device_ok                     ? "true"
	                                           : "false");
	key_instant(out, "device_checked", d->checked_ms, st->tz, !s->have_state || !d->checked_ms);
	fputc(',', out);
	key_text(out, "device_reason_code", s->have_state ? d->reason_code : NULL);
	fputc(',', out);
	key_text(out, "device_error", s->have_state ? d->detail : NULL);
	fputc(',', out);
	key_instant(out, "heartbeat", d->heartbeat_ms, st->tz, !s->have_state || !d->heartbeat_ms);
	fputs(",\"heartbeat_age\":", out);
	if (s->have_state && d->heartbeat_ms)
		fputs(fmt_tenths(b, sizeof b, s->now_ms > d->heartbeat_ms ? s->now_ms - d->heartbeat_ms : 0),
		      out);
	else
		fputs("null", out);
	fprintf(out, "},\"slots\":%d,\"slots_enabled\":%d,\"on_air\":", s->slots, s->slots_enabled);
	if (s->on_air)
		aired_json(out, s->on_air, st->tz, s->now_ms);
	else
		fputs("null", out);
	fputs(",\"last\":", out);
	if (s->last)
		aired_json(out, s->last, st->tz, 0);
	else
		fputs("null", out);
	fputs(",\"aired\":[", out);
	for (size_t i = 0; i < s->naired; i++) {
		if (i)
			fputc(',', out);
		aired_json(out, &s->aired[i], st->tz, 0);
	}
	fprintf(out, "],\"airings_ahead\":%d,\"next\":[", s->plays_ahead);
	for (size_t i = 0; i < s->nnext; i++) {
		if (i)
			fputc(',', out);
		next_json(out, &s->next[i], st->tz);
	}
	fputs("],\"warnings\":[", out);
	for (size_t i = 0; i < s->nwarn; i++) {
		const struct status_warning *w = &s->warn[i];
		fprintf(out, "%s{\"code\":\"%s\",", i ? "," : "", status_warning_code(w->kind));
		fputs("\"slot\":", out);
		w->slot_id ? fprintf(out, "%lld", (long long)w->slot_id) : fputs("null", out);
		fputs(",\"clip\":", out);
		w->clip_id ? fprintf(out, "%lld", (long long)w->clip_id) : fputs("null", out);
		fputc(',', out);
		key_instant(out, "at", w->at_ms, st->tz, !w->at_ms);
		fputc(',', out);
		key_text(out, "date", w->date);
		fputc(',', out);
		key_text(out, "reason_code", reason_code(w->why));
		fputc(',', out);
		key_text(out, "message", view_status_warning_text(w, st->tz, b, sizeof b));
		fputc('}', out);
	}
	fputs("]}\n", out);
	return ferror(out) ? -1 : 0;
}
