/*
 * ical_change.c — one airing of an event changed: left out (an EXDATE) or
 * moved (a RECURRENCE-ID override), as the officer does from the week view.
 *
 * Key decisions:
 *  - An airing is named by its start as the agenda shows it (a moved one
 *    by where it was moved to) and found by the agenda's own expansion
 *    (ical_rule_expand), so what the officer clicked is what changes.
 *  - Leaving an airing out is an EXDATE of the occurrence it is (its
 *    RECURRENCE-ID time); one moved before loses its override as well, so
 *    the event says it once, and a calendar program reads it the same.
 *  - A move adds an override with a RECURRENCE-ID and a DTSTART only: the
 *    series gives the rest (title, clip, length), so a later change of
 *    the series applies to the moved airing too. An airing moved before
 *    has its own override's DTSTART changed (a DTEND of its own made a
 *    DURATION, so the length moves with it).
 *  - Times are written in the zone of the event's DTSTART (UTC as "Z"), as
 *    RFC 5545 asks of a RECURRENCE-ID; a time a zone's clock shows twice
 *    (the hour a DST change repeats) and cannot name is written in UTC.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "schedule/ical_internal.h"

int
ical_text_airing(const char *text, const char *zone, int64_t start_ms, struct ical_airing *out)
{
	struct ical_rule *r = ical_rule_load(text, zone, _("the slot"));
	struct ical_occurrence *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (!r)
		return -1;
	/* A window of one millisecond: only an airing that starts then. */
	if (ical_rule_expand(r, start_ms, start_ms + 1, 16, &v, &n, &cap) != 0)
		rc = error(_("cannot expand the slot's rule"));
	else if (n > 0 && v[0].start_ms == start_ms) {
		out->start_ms = start_ms;
		out->override = v[0].override;
		out->dur_ms = v[0].dur_ms;
		out->rid_ms = v[0].override > 0 ? r->ov[v[0].override - 1].rid_ms : start_ms;
		snprintf(out->zone, sizeof out->zone, "%s", r->zone);
		rc = 1;
	}
	free(v);
	ical_rule_free(r);
	return rc;
}

/* A property naming instant ms in zone: "NAME;TZID=zone:YYYYMMDDTHHMMSS",
 * or "NAME:YYYYMMDDTHHMMSSZ" in UTC (for zone "UTC", or a time zone's
 * clock cannot name). NULL when it cannot be made. */
static icalproperty *
time_prop(const char *name, const char *zone, int64_t ms)
{
	struct civil c;
	int64_t back;
	struct buf b = {0};
	icalproperty *p;

	if (strcmp(zone, "UTC") != 0 && tz_from_utc(zone, ms, &c, NULL) == 0 &&
	    tz_to_utc(zone, &c, &back) == 0 && back == ms)
		ical_buf_printf(&b, "%s;TZID=%s:%04d%02d%02dT%02d%02d%02d", name, zone, c.year, c.month,
		                c.day, c.hour, c.min, c.sec);
	else if (tz_from_utc("UTC", ms, &c, NULL) == 0)
		ical_buf_printf(&b, "%s:%04d%02d%02dT%02d%02d%02dZ", name, c.year, c.month, c.day, c.hour,
		                c.min, c.sec);
	if (!b.p || b.oom) {
		free(b.p);
		return NULL;
	}
	p = icalproperty_new_from_string(b.p);
	free(b.p);
	return p;
}

/* The k-th override (from 1) among root's VEVENTs, or NULL. */
static icalcomponent *
override_of(icalcomponent *root, int k)
{
	for (icalcomponent *e = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT))
		if (icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY) && --k == 0)
			return e;
	return NULL;
}

/* Removes every property of kind from e. */
static void
drop_props(icalcomponent *e, icalproperty_kind kind)
{
	icalproperty *p, *next;

	for (p = icalcomponent_get_first_property(e, kind); p; p = next) {
		next = icalcomponent_get_next_property(e, kind);
		icalcomponent_remove_property(e, p);
		icalproperty_free(p);
	}
}

/* root's VEVENTs as canonical text (malloc'd), root freed; NULL when
 * memory ran out (printed). */
static char *
text_of(icalcomponent *root)
{
	struct buf b = {0};
	char *out;

	for (icalcomponent *e = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
		char *t = icalcomponent_as_ical_string_r(e);
		if (t)
			ical_buf_puts(&b, t);
		else
			b.oom = 1;
		free(t);
	}
	icalcomponent_free(root);
	if (!(out = ical_buf_take(&b)))
		error(_("out of memory"));
	return out;
}

/* The canonical text parsed, with its master VEVENT; NULL (printed). */
static icalcomponent *
parse(const char *text, icalcomponent **master)
{
	icalcomponent *root = ical_parse_canonical(text);

	if (root && (*master = ical_find_master(root)))
		return root;
	if (root)
		icalcomponent_free(root);
	error(_("damaged event text"));
	return NULL;
}

char *
ical_text_skip(const char *text, const struct ical_airing *a)
{
	icalcomponent *master, *root = parse(text, &master), *ov;
	icalproperty *ex;

	if (!root)
		return NULL;
	if (!(ex = time_prop("EXDATE", a->zone, a->rid_ms))) {
		icalcomponent_free(root);
		error(_("out of memory"));
		return NULL;
	}
	icalcomponent_add_property(master, ex);
	if (a->override > 0 && (ov = override_of(root, a->override))) {
		icalcomponent_remove_component(root, ov);
		icalcomponent_free(ov);
	}
	return text_of(root);
}

char *
ical_text_move(const char *text, const struct ical_airing *a, int64_t to_ms)
{
	icalcomponent *master, *root = parse(text, &master), *ov = NULL;
	icalproperty *start = NULL, *rid = NULL, *end;

	if (!root)
		return NULL;
	if (a->override > 0 && (ov = override_of(root, a->override))) {
		/* Its own length stays its own: a DTEND would not follow the start. */
		if ((end = icalcomponent_get_first_property(ov, ICAL_DTEND_PROPERTY))) {
			drop_props(ov, ICAL_DTEND_PROPERTY);
			if (a->dur_ms >= 1000) {
				char d[48];
				snprintf(d, sizeof d, "DURATION:PT%lldS", (long long)(a->dur_ms / 1000));
				if (!(end = icalproperty_new_from_string(d)))
					goto oom;
				icalcomponent_add_property(ov, end);
			}
		}
		drop_props(ov, ICAL_DTSTART_PROPERTY);
	} else {
		const char *uid = icalcomponent_get_uid(master);
		if (!uid || !(ov = icalcomponent_new(ICAL_VEVENT_COMPONENT)) ||
		    !(rid = time_prop("RECURRENCE-ID", a->zone, a->rid_ms)))
			goto oom;
		icalcomponent_set_uid(ov, uid);
		icalcomponent_add_property(ov, rid);
		icalcomponent_add_component(root, ov);
	}
	if (!(start = time_prop("DTSTART", a->zone, to_ms)))
		goto oom;
	icalcomponent_add_property(ov, start);
	return text_of(root);
oom:
	if (ov && !icalcomponent_get_parent(ov))
		icalcomponent_free(ov);
	icalcomponent_free(root);
	error(_("out of memory"));
	return NULL;
}
