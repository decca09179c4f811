/*
 * ical_write.c — events made and changed (`loa slot add`, `loa slot edit`)
 * and whole calendars written (export).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/log.h"
#include "schedule/ical_internal.h"

/* Escapes TEXT for a content line (RFC 5545 3.3.11). */
static void
buf_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			ical_buf_add(b, "\\", 1), ical_buf_add(b, s, 1);
		else if (*s == '\n')
			ical_buf_puts(b, "\\n");
		else if (((unsigned char)*s < 0x20 || *s == 0x7f) && *s != '\r')
			ical_buf_add(b, " ", 1); /* no escape exists; a raw one is refused on import */
		else if (*s != '\r')
			ical_buf_add(b, s, 1);
	}
}

char *
ical_text_escape(const char *s)
{
	struct buf b = {0};

	buf_text(&b, s);
	return ical_buf_take(&b);
}

int
ical_rrule_valid(const char *rule)
{
	struct icalrecurrencetype r;

	if (!rule || strchr(rule, '\n') || strchr(rule, '\r') || strchr(rule, ':'))
		return -1;
	r = ical_rule_of_string(rule);
	return r.freq == ICAL_NO_RECURRENCE || r.interval < 1 || ical_byday_problem(rule, r.freq) ? -1 : 0;
}

int
ical_rrule_check(const char *rule, const char *event, const char *zone, const char **why)
{
	static char msg[160];
	struct icalrecurrencetype r;
	const char *u;

	if (strchr(rule, '\n') || strchr(rule, '\r') || strchr(rule, ':'))
		return *why = _("a rule is one line of PART=VALUE pairs separated by ';', with no ':'"), -1;
	icalerror_clear_errno();
	r = ical_rule_of_string(rule);
	if (r.freq == ICAL_NO_RECURRENCE)
		return *why = _("it is not a rule RFC 5545 knows: FREQ must be SECONDLY, MINUTELY, HOURLY, "
		                "DAILY, WEEKLY, MONTHLY or YEARLY, "
		                "and each part written as in 'FREQ=WEEKLY;BYDAY=MO,WE,FR'"),
		       -1;
	if ((*why = ical_byday_problem(rule, r.freq)))
		return -1;
	for (u = rule; *u && strncasecmp(u, "UNTIL=", 6) != 0; u++)
		;
	if (*u && ical_check_time_value(u + 6, strcspn(u + 6, ";")) != 0)
		return *why = _("its UNTIL is not a real date (YYYYMMDD or YYYYMMDDTHHMMSSZ)"), -1;
	if (r.count > ICAL_MAX_COUNT) {
		snprintf(msg, sizeof msg,
		         _("its COUNT is %d; loa accepts at most %d (use UNTIL or a smaller COUNT)"), r.count,
		         ICAL_MAX_COUNT);
		return *why = msg, -1;
	}
	if (r.interval < 1)
		return *why = _("its INTERVAL must be 1 or more"), -1;
	if (!event)
		return 0;
	char *text = ical_text_set(event, "RRULE", rule);
	struct ical_rule *ir = text ? ical_rule_load(text, zone, _("the slot")) : NULL;
	free(text);
	if (!ir)
		return *why = _("the slot's event cannot be read"), -1;
	int rc = ical_rule_bounds(ir, why);
	if (rc == 0)
		rc = ical_probe_rule(ir, why);
	ical_rule_free(ir);
	return rc;
}

char *
ical_spec_text(const struct ical_spec *sp)
{
	struct buf b = {0};
	struct ical_file f;
	char *out = NULL;

	if (sp->rrule) {
		struct icalrecurrencetype r = ical_rule_of_string(sp->rrule);
		if (r.freq == ICAL_NO_RECURRENCE || strchr(sp->rrule, '\n') || strchr(sp->rrule, ':') ||
		    ical_byday_problem(sp->rrule, r.freq)) {
			error(_("not a valid recurrence rule: '%s'"), sp->rrule);
			hint(_("write it as RFC 5545 does, e.g. 'FREQ=WEEKLY;BYDAY=MO,WE,FR'"));
			return NULL;
		}
	}
	ical_buf_puts(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa//loa//EN\r\nBEGIN:VEVENT\r\nUID:");
	buf_text(&b, sp->uid);
	ical_buf_puts(&b, "\r\n");
	if (sp->summary) {
		ical_buf_puts(&b, "SUMMARY:");
		buf_text(&b, sp->summary);
		ical_buf_puts(&b, "\r\n");
	}
	ical_buf_printf(&b, "DTSTART;TZID=%s:%04d%02d%02dT%02d%02d%02d\r\n", sp->zone, sp->start.year,
	                sp->start.month, sp->start.day, sp->start.hour, sp->start.min, sp->start.sec);
	if (sp->dur_ms > 0)
		ical_buf_printf(&b, "DURATION:PT%lldS\r\n", (long long)(sp->dur_ms / 1000));
	if (sp->rrule)
		ical_buf_printf(&b, "RRULE:%s\r\n", sp->rrule);
	for (int i = 0; i < sp->nexdates; i++) {
		const struct civil *c = &sp->exdates[i];
		ical_buf_printf(&b, "EXDATE;TZID=%s:%04d%02d%02dT%02d%02d%02d\r\n", sp->zone, c->year,
		                c->month, c->day, c->hour, c->min, c->sec);
	}
	ical_buf_puts(&b, "END:VEVENT\r\nEND:VCALENDAR\r\n");
	if (b.oom) {
		free(b.p);
		error(_("out of memory"));
		return NULL;
	}
	if (ical_read_made(b.p, b.n, _("the new slot"), sp->zone, 1, &f) == 0) {
		if (f.n == 1) {
			out = f.ev[0].text;
			f.ev[0].text = NULL;
		}
		ical_file_free(&f);
	}
	free(b.p);
	return out;
}

/* The k-th override (RECURRENCE-ID) of canonical text, from 1, in its order. */
static icalcomponent *
find_override(icalcomponent *root, int k)
{
	for (icalcomponent *e = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT))
		if (icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY) && --k == 0)
			return e;
	return NULL;
}

/* ical_text_set() on the master (k 0) or the k-th override. */
static char *
text_set(const char *text, int k, const char *prop, const char *value)
{
	icalcomponent *root = ical_parse_canonical(text), *m;
	icalproperty_kind kind = icalproperty_string_to_kind(prop);
	struct buf b = {0};
	icalproperty *p, *next;

	if (!root || !(m = k ? find_override(root, k) : ical_find_master(root))) {
		if (root)
			icalcomponent_free(root);
		error(_("damaged event text"));
		return NULL;
	}
	for (p = icalcomponent_get_first_property(m, kind); p; p = next) {
		next = icalcomponent_get_next_property(m, kind);
		if (kind != ICAL_X_PROPERTY || strcasecmp(icalproperty_get_x_name(p), prop) == 0) {
			icalcomponent_remove_property(m, p);
			icalproperty_free(p);
		}
	}
	if (value) {
		if (kind == ICAL_SUMMARY_PROPERTY)
			p = icalproperty_new_summary(value);
		else if (kind == ICAL_X_PROPERTY) {
			p = icalproperty_new_x(value);
			icalproperty_set_x_name(p, prop);
		} else {
			struct buf l = {0};
			ical_buf_printf(&l, "%s:%s", prop, value);
			p = l.p ? icalproperty_new_from_string(l.p) : NULL;
			free(l.p);
		}
		if (!p) {
			icalcomponent_free(root);
			error(_("not a valid %s: '%s'"), prop, value);
			return NULL;
		}
		icalcomponent_add_property(m, p);
	}
	for (icalcomponent *e = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
		char *t = icalcomponent_as_ical_string_r(e);
		if (t)
			ical_buf_puts(&b, t);
		free(t);
	}
	icalcomponent_free(root);
	return ical_buf_take(&b);
}

char *
ical_text_set(const char *text, const char *prop, const char *value)
{
	return text_set(text, 0, prop, value);
}

char *
ical_text_set_override(const char *text, int k, const char *prop, const char *value)
{
	return text_set(text, k > 0 ? k : -1, prop, value); /* -1 finds none */
}

/* Appends CRLF-ended content lines, folded at 75 octets (RFC 5545 3.1)
 * without splitting a UTF-8 character. */
static void
buf_folded(struct buf *b, const char *lines)
{
	for (const char *p = lines; *p;) {
		size_t len = strcspn(p, "\r\n"), col = 0, i = 0;
		while (i < len) {
			size_t step = 1;
			while (i + step < len && ((unsigned char)p[i + step] & 0xc0) == 0x80)
				step++;
			if (col + step > 75) {
				ical_buf_puts(b, "\r\n ");
				col = 1;
			}
			ical_buf_add(b, p + i, step);
			col += step;
			i += step;
		}
		ical_buf_puts(b, "\r\n");
		p += len;
		while (*p == '\r' || *p == '\n')
			p++;
	}
}

char *
ical_calendar_text(const char *const *texts, const char *const *extra, int n)
{
	struct buf b = {0};
	char **zones = NULL;
	int nz = 0;

	ical_buf_puts(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loa//loa " LOA_VERSION
	                  "//EN\r\nCALSCALE:GREGORIAN\r\n");
	/* One VTIMEZONE per zone used, from the system's tz database. */
	for (int i = 0; i < n; i++) {
		for (const char *p = texts[i]; (p = strstr(p, ";TZID=")); p += 6) {
			size_t l = strcspn(p + 6, ";:");
			char z[80];
			int seen = 0;
			snprintf(z, sizeof z, "%.*s", (int)(l < 79 ? l : 79), p + 6);
			for (int k = 0; k < nz; k++)
				seen |= strcmp(zones[k], z) == 0;
			if (seen || strcmp(z, "UTC") == 0)
				continue;
			char **nv = realloc(zones, (nz + 1) * sizeof *nv);
			if (!nv)
				break;
			zones = nv;
			zones[nz++] = strdup(z);
			icaltimezone *tz = icaltimezone_get_builtin_timezone(z);
			icalcomponent *c =
			    tz ? icalcomponent_new_clone(icaltimezone_get_component(tz)) : NULL;
			if (c) {
				icalproperty *id = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
				if (id)
					icalproperty_set_tzid(id, z);
				char *t = icalcomponent_as_ical_string_r(c);
				if (t)
					ical_buf_puts(&b, t);
				free(t);
				icalcomponent_free(c);
			}
		}
	}
	for (int k = 0; k < nz; k++)
		free(zones[k]);
	free(zones);
	for (int i = 0; i < n; i++) {
		const char *end = strstr(texts[i], "END:VEVENT");
		if (!end || !extra || !extra[i]) {
			ical_buf_puts(&b, texts[i]);
			continue;
		}
		ical_buf_add(&b, texts[i], (size_t)(end - texts[i]));
		buf_folded(&b, extra[i]);
		ical_buf_puts(&b, end);
	}
	ical_buf_puts(&b, "END:VCALENDAR\r\n");
	return ical_buf_take(&b);
}
