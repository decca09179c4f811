/*
 * ical_read.c — a calendar file read: each VEVENT checked and made
 * canonical (zones rewritten to IANA names, its overrides kept with it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libical/ical.h>

#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/infile.h"
#include "loa/log.h"
#include "loa/utf8.h"
#include "schedule/ical_internal.h"

static char *
xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
event_free(struct ical_event *e)
{
	free(e->uid);
	free(e->summary);
	free(e->text);
	free(e->days);
	free(e->x_playlist);
	free(e->x_sha256);
	free(e->x_tier);
	free(e->attach);
	free(e->attach_name);
	for (int i = 0; i < e->nov; i++)
		event_free(&e->ov[i]);
	free(e->ov);
}

void
ical_scratch_free(void)
{
	icalmemory_free_ring();
}

void
ical_file_free(struct ical_file *f)
{
	for (int i = 0; i < f->n; i++)
		event_free(&f->ev[i]);
	free(f->ev);
	memset(f, 0, sizeof *f);
}

/* Rewrites every TZID of a component to its IANA zone and drops
 * libical's X-LIC-ERROR notes. */
static void
canonicalise(icalcomponent *e, icalcomponent *root)
{
	icalproperty *p, *next;
	char buf[80];

	for (p = icalcomponent_get_first_property(e, ICAL_ANY_PROPERTY); p; p = next) {
		next = icalcomponent_get_next_property(e, ICAL_ANY_PROPERTY);
		const char *xn = icalproperty_isa(p) == ICAL_X_PROPERTY ? icalproperty_get_x_name(p) : NULL;
		/* loa's own X-LOA-* lines and ATTACH become columns; export writes them back.
		 * An override's are taken out too: the import puts back the clip it
		 * resolved them to (ical_text_set_override), never one unchecked. */
		if (icalproperty_isa(p) == ICAL_XLICERROR_PROPERTY ||
		    icalproperty_isa(p) == ICAL_ATTACH_PROPERTY ||
		    (xn && strncasecmp(xn, "X-LOA-", 6) == 0)) {
			icalcomponent_remove_property(e, p);
			icalproperty_free(p);
			continue;
		}
		const char *tzid = icalproperty_get_parameter_as_string(p, "TZID");
		const char *z;
		if (tzid && (z = ical_resolve_tzid(tzid, root, buf, sizeof buf)) && strcmp(z, tzid) != 0) {
			char *copy = strdup(z);
			if (copy) {
				icalproperty_set_parameter_from_string(p, "TZID", copy);
				free(copy);
			}
		}
	}
}

/* Expands an all-day event into the days it covers (blackout days). */
static int
all_day_dates(struct ical_event *ev, struct ical_rule *r)
{
	struct ical_occurrence *v = NULL;
	size_t n = 0, cap = 0;
	int64_t span = r->dur_ms > 0 ? r->dur_ms : DAY_MS;
	int cap_days = ev->ndays;

	if (ical_rule_expand(r, r->start_ms, r->start_ms + 10 * 366 * DAY_MS, 4000, &v, &n, &cap) != 0) {
		free(v);
		return -1;
	}
	/* Occurrences come in time order. A day an earlier occurrence already
	 * covered is not listed again: an event spanning years that recurs
	 * weekly covers each day once, not once per week (a fuzzed calendar
	 * of four such events listed 1.5 million days and took seconds). */
	int64_t covered = INT64_MIN; /* the end of the days listed so far */
	for (size_t i = 0; i < n; i++) {
		int64_t d = 0;
		if (covered > v[i].start_ms)
			d = (covered - v[i].start_ms + DAY_MS - 1) / DAY_MS * DAY_MS;
		for (; d < span && d < 366 * DAY_MS; d += DAY_MS) {
			struct civil c;
			tz_from_utc(r->zone, v[i].start_ms + d + DAY_MS / 2, &c, NULL);
			c.hour = c.min = c.sec = 0;
			if (ev->ndays == cap_days) {
				int more = cap_days ? cap_days * 2 : 64;
				struct civil *nv = realloc(ev->days, (size_t)more * sizeof *nv);
				if (!nv) {
					free(v);
					return -1;
				}
				ev->days = nv;
				cap_days = more;
			}
			ev->days[ev->ndays++] = c;
			covered = v[i].start_ms + d + DAY_MS;
		}
	}
	free(v);
	return 0;
}

/*
 * Checks text of an event that loa stores and shows (its UID, its cleaned
 * SUMMARY) as one line of at most max characters. 0, or -1 (printed,
 * naming the line).
 */
static int
check_line(const char *name, int line, const char *uid, const char *prop, const char *v, size_t max)
{
	struct utf8_fault f;
	char *u;
	int rc;

	if (!v || utf8_line_check(v, max, &f) == 0)
		return 0;
	if (!uid) {
		rc = ical_line_error(name, line, _("the event's %s is refused: %s: '%s'"), prop, f.why,
		                     f.shown);
	} else {
		u = utf8_visible(uid, 60);
		rc = ical_line_error(name, line, _("%s of event '%s' is refused: %s: '%s'"), prop, u ? u : "",
		                     f.why, f.shown);
		free(u);
	}
	if (f.control)
		hint(_("write it as one line of plain text in the calendar program, then export the calendar "
		       "again"));
	else
		hint(_("shorten it to at most %zu characters in the calendar program, then export the "
		       "calendar again"),
		     max);
	return rc;
}

/* The SUMMARY of e made one line into out->summary; 0, or -1 when it is
 * refused (printed, naming the line). uid is NULL for the event's own. */
static int
event_summary(icalcomponent *e, const struct scan_event *se, const char *name, int line, const char *uid,
              struct ical_event *out)
{
	const char *s = icalcomponent_get_summary(e);

	if (!s)
		return 0;
	if (!(out->summary = strdup(s)))
		return error(_("out of memory"));
	utf8_line_fix(out->summary);
	if (check_line(name, se && se->summary ? se->summary : line, uid, "SUMMARY", out->summary,
	               UTF8_TITLE_MAX) != 0) {
		free(out->summary);
		out->summary = NULL;
		return -1;
	}
	return 0;
}

/* What e names to air (X-LOA-CLIP, X-LOA-PLAYLIST, X-LOA-SHA256, ATTACH)
 * and their lines, into out. */
static void
event_target(icalcomponent *e, const struct scan_event *se, struct ical_event *out)
{
	icalproperty *p;
	const char *s;

	if ((s = ical_x_value(e, "X-LOA-CLIP")))
		out->x_clip = strtoll(s, NULL, 10);
	out->x_playlist = xstrdup(ical_x_value(e, "X-LOA-PLAYLIST"));
	out->x_sha256 = xstrdup(ical_x_value(e, "X-LOA-SHA256"));
	if (se) {
		out->attach_line = se->attach;
		out->x_clip_line = se->x_clip;
		out->x_playlist_line = se->x_playlist;
	}
	if ((p = icalcomponent_get_first_property(e, ICAL_ATTACH_PROPERTY))) {
		icalattach *a = icalproperty_get_attach(p);
		if (a && icalattach_get_is_url(a))
			out->attach = xstrdup(icalattach_get_url(a));
		out->attach_name = xstrdup(icalproperty_get_parameter_as_string(p, "FILENAME"));
		if (!out->attach_name)
			out->attach_name = xstrdup(icalproperty_get_parameter_as_string(p, "X-FILENAME"));
	}
}

/*
 * Records override o of the event uid in out->ov: its own title and what
 * it names to air, which the import resolves to a clip of its own (its
 * fields win over the series for that airing). 0, or -1 (printed).
 */
static int
read_override(icalcomponent *o, const struct scan_event *se, const char *name, const char *uid,
              struct ical_event *out)
{
	struct ical_event *nv = realloc(out->ov, (size_t)(out->nov + 1) * sizeof *nv), *ov;

	if (!nv)
		return error(_("out of memory"));
	out->ov = nv;
	ov = &out->ov[out->nov++];
	memset(ov, 0, sizeof *ov);
	ov->line = se ? se->line : out->line;
	ov->enabled = 1;
	if (!(ov->uid = strdup(uid)))
		return error(_("out of memory"));
	if (event_summary(o, se, name, ov->line, uid, ov) != 0)
		return -1;
	event_target(o, se, ov);
	return 0;
}

/*
 * Says that event e's DTSTART is not one its rule makes: RFC 5545 airs it
 * all the same, and a calendar program lists it, so the officer learns
 * of the extra airing now rather than from the loudspeaker. made: the
 * event is `loa slot add`'s own (no file, no line to name).
 */
static void
warn_start_off(icalcomponent *e, const struct ical_rule *r, const char *name, int line, const char *uid,
               int made)
{
	icalproperty *p = icalcomponent_get_first_property(e, ICAL_RRULE_PROPERTY);
	struct icalrecurrencetype rr;
	char when[40], *rule, *u;

	if (!p)
		return;
	rr = icalproperty_get_rrule(p);
	rule = icalrecurrencetype_as_string_r(&rr);
	if (r->all_day)
		snprintf(when, sizeof when, "%02d/%02d/%04d", r->dtstart.day, r->dtstart.month,
		         r->dtstart.year);
	else
		snprintf(when, sizeof when, "%02d/%02d/%04d %02d:%02d", r->dtstart.day, r->dtstart.month,
		         r->dtstart.year, r->dtstart.hour, r->dtstart.min);
	if (made) {
		warning(
		    _("the start, %s, is not on the rule '%s': RFC 5545 airs it as an extra first airing"),
		    when, rule ? rule : "");
	} else {
		u = utf8_visible(uid, 60);
		warning(_("%s line %d: the start of event '%s', %s, is not on its rule '%s': RFC 5545 airs "
		          "it as an "
		          "extra first airing"),
		        name, line, u ? u : "", when, rule ? rule : "");
		free(u);
	}
	free(rule);
}

/* Checks one master VEVENT and makes its canonical text; sc holds what
 * the scanner saw of each VEVENT of root, in order; made as for
 * warn_start_off(). */
static int
read_event(icalcomponent *root, icalcomponent *e, const struct scan *sc, const struct scan_event *se,
           const char *name, const char *zone, int made, struct ical_event *out)
{
	icalproperty *p;
	struct ical_rule *r;
	const char *uid = icalcomponent_get_uid(e), *s, *why;
	char buf[80];
	int line = se ? se->line : 0;

	memset(out, 0, sizeof *out);
	out->line = line;
	out->enabled = 1;
	if (!uid || !*uid)
		return ical_line_error(name, line,
		                       _("the event has no UID (every calendar program writes one; add "
		                         "'UID:' with a unique text)"));
	/* The UID is an identity: one with a control character is refused, as
	 * no calendar program writes one. The SUMMARY is a title: an escaped
	 * "\n" in it is a line break once read, which would become a line of
	 * every listing, journal entry and calendar loa writes, so it is made
	 * one line (line breaks and tabs become spaces), and refused when
	 * longer than a title may be. */
	if (check_line(name, se && se->uid ? se->uid : line, NULL, "UID", uid, UTF8_TITLE_MAX) != 0)
		return -1;
	if (event_summary(e, se, name, line, uid, out) != 0)
		return -1;
	/* libical drops a value it cannot parse and leaves an X-LIC-ERROR note:
	 * harmless for LOCATION or DESCRIPTION (Google writes empty ones),
	 * fatal for a property that says when the event airs. */
	for (p = icalcomponent_get_first_property(e, ICAL_XLICERROR_PROPERTY); p;
	     p = icalcomponent_get_next_property(e, ICAL_XLICERROR_PROPERTY)) {
		static const char *const timing[] = {"DTSTART", "DTEND",  "DURATION",      "RRULE",
		                                     "RDATE",   "EXDATE", "RECURRENCE-ID", NULL};
		const char *msg = icalproperty_get_xlicerror(p);
		for (int i = 0; msg && timing[i]; i++)
			if (strstr(msg, timing[i]))
				return ical_line_error(name, line, _("event '%s': %s cannot be read (%s)"),
				                       uid, timing[i], msg);
	}
	if (!icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY))
		return ical_line_error(name, line,
		                       _("the event '%s' has no DTSTART: loa cannot tell when it airs"), uid);
	for (int i = 0; se && i < se->ntz; i++)
		if (!ical_resolve_tzid(se->tz[i].tzid, root, buf, sizeof buf))
			return ical_line_error(
			    name, se->tz[i].line,
			    _("unknown time zone '%s' (neither an IANA zone such as Asia/Ho_Chi_Minh, a "
			      "Windows zone name, nor a VTIMEZONE of this file naming one); the event is "
			      "refused rather than shifted"),
			    se->tz[i].tzid);
	if (!(r = calloc(1, sizeof *r)))
		return error(_("out of memory"));
	if (ical_rule_fill(r, e, root, zone) != 0) {
		ical_rule_free(r);
		return ical_line_error(name, se ? se->dtstart : line,
		                       _("the times of event '%s' cannot be read"), uid);
	}
	if (r->dur_ms < 0) {
		ical_rule_free(r);
		return ical_line_error(name, se && se->dtend ? se->dtend : line,
		                       _("the event '%s' ends before it starts (DTEND before DTSTART)"), uid);
	}
	if (ical_rule_bounds(r, &why) != 0) {
		ical_rule_free(r);
		return ical_line_error(name, se && se->rrule ? se->rrule : line,
		                       _("the event '%s' is refused: %s"), uid, why);
	}
	if (ical_probe_rule(r, &why) != 0) {
		ical_rule_free(r);
		return ical_line_error(name, se && se->rrule ? se->rrule : line,
		                       _("RRULE of event '%s' is refused: %s"), uid, why);
	}
	if (ical_rule_start_off(r))
		warn_start_off(e, r, name, se && se->dtstart ? se->dtstart : line, uid, made);
	out->all_day = r->all_day;
	if (r->all_day && all_day_dates(out, r) != 0) {
		ical_rule_free(r);
		return ical_line_error(name, line, _("the all-day event '%s' cannot be expanded"), uid);
	}
	ical_rule_free(r);
	out->uid = xstrdup(uid);
	event_target(e, se, out);
	out->x_tier = xstrdup(ical_x_value(e, "X-LOA-TIER"));
	if ((s = ical_x_value(e, "X-LOA-ENABLED")) && strcasecmp(s, "FALSE") == 0)
		out->enabled = 0;
	/* The canonical text: master, then its overrides. */
	struct buf b = {0};
	canonicalise(e, root);
	char *t = icalcomponent_as_ical_string_r(e);
	if (t)
		ical_buf_puts(&b, t);
	free(t);
	int oi = 0;
	for (icalcomponent *o = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT); o;
	     o = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT), oi++) {
		const char *ou = icalcomponent_get_uid(o);
		if (o == e || !ou || strcmp(ou, uid) != 0 ||
		    !icalcomponent_get_first_property(o, ICAL_RECURRENCEID_PROPERTY))
			continue;
		if (read_override(o, oi < sc->n ? &sc->ev[oi] : NULL, name, uid, out) != 0) {
			free(b.p);
			return -1;
		}
		canonicalise(o, root);
		if ((t = icalcomponent_as_ical_string_r(o)))
			ical_buf_puts(&b, t);
		free(t);
	}
	if (!(out->text = ical_buf_take(&b)) || !out->uid)
		return error(_("out of memory"));
	return 0;
}

int
ical_read_text(const char *text, size_t len, const char *name, const char *zone, struct ical_file *out)
{
	return ical_read_made(text, len, name, zone, 0, out);
}

int
ical_read_made(const char *text, size_t len, const char *name, const char *zone, int made,
               struct ical_file *out)
{
	struct scan sc;
	icalcomponent *root, *cal;
	int idx = 0, rc = 0;

	memset(out, 0, sizeof *out);
	if (len > ICAL_MAX_FILE_BYTES)
		return ical_line_error(name, 0,
		                       _("the file is %.1f MB; loa reads calendars up to %d MB (split it, or "
		                         "export a shorter period)"),
		                       len / 1048576.0, ICAL_MAX_FILE_BYTES / 1048576);
	if (memchr(text, 0, len)) {
		const char *z = memchr(text, 0, len);
		int line = 1;
		for (const char *q = text; q < z; q++)
			line += *q == '\n';
		return ical_line_error(name, line,
		                       _("binary data (NUL bytes): this is not a text calendar file"));
	}
	if (ical_scan_text(text, len, name, &sc) != 0) {
		free(sc.ev);
		return -1;
	}
	char *copy = ical_split_lists(text, len);
	if (!copy) {
		free(sc.ev);
		return error(_("out of memory"));
	}
	root = icalparser_parse_string(copy);
	free(copy);
	if (!root) {
		free(sc.ev);
		return ical_line_error(name, 0, _("libical cannot parse this calendar"));
	}
	cal = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT
	          ? root
	          : icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
	if (!cal) {
		icalcomponent_free(root);
		free(sc.ev);
		return ical_line_error(name, 0, _("not an iCalendar file (no VCALENDAR)"));
	}
	for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), idx++) {
		const struct scan_event *se = idx < sc.n ? &sc.ev[idx] : NULL;
		icalproperty *rid = icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY);
		if (rid) {
			/* A moved occurrence: its master must be in the file. */
			const char *uid = icalcomponent_get_uid(e);
			int found = 0;
			for (icalcomponent *m = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
			     m; m = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
				if (m != e &&
				    !icalcomponent_get_first_property(m, ICAL_RECURRENCEID_PROPERTY) && uid &&
				    icalcomponent_get_uid(m) && strcmp(uid, icalcomponent_get_uid(m)) == 0)
					found = 1;
			/* The iterator above is the calendar's own: restart it at e. */
			for (icalcomponent *m = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
			     m && m != e; m = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
				;
			if (!found) {
				rc = ical_line_error(name, se ? se->line : 0,
				                     _("a moved occurrence (RECURRENCE-ID) of '%s', but the "
				                       "file has no event with that UID"),
				                     uid ? uid : "?");
				break;
			}
			continue;
		}
		if (icalcomponent_get_status(e) == ICAL_STATUS_CANCELLED) {
			out->ncancelled++;
			continue;
		}
		struct ical_event *nv = realloc(out->ev, (out->n + 1) * sizeof *nv);
		if (!nv) {
			rc = error(_("out of memory"));
			break;
		}
		out->ev = nv;
		/* read_event walks the calendar's VEVENTs; keep our place. */
		rc = read_event(cal, e, &sc, se, name, zone, made, &out->ev[out->n]);
		for (icalcomponent *m = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
		     m && m != e; m = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
			;
		if (rc != 0) {
			event_free(&out->ev[out->n]);
			break;
		}
		out->n++;
	}
	if (rc == 0) {
		for (int i = 0; i < out->n && rc == 0; i++)
			for (int j = 0; j < i; j++)
				if (strcmp(out->ev[i].uid, out->ev[j].uid) == 0) {
					rc = ical_line_error(
					    name, out->ev[i].line,
					    _("two events have the same UID '%s' (the other is at line %d)"),
					    out->ev[i].uid, out->ev[j].line);
					break;
				}
	}
	icalcomponent_free(root);
	free(sc.ev);
	if (rc != 0)
		ical_file_free(out);
	return rc;
}

int
ical_read_file(const char *path, const char *zone, struct ical_file *out)
{
	struct infile_error ie;
	struct stat sb;
	char *text, reason[PATH_MAX + 64];
	size_t n;
	int fd, rc;

	memset(out, 0, sizeof *out);
	/* Only a regular file, its size checked before reading: a FIFO would
	 * block the open, a device would never end. */
	if ((fd = infile_open(path, NULL, ICAL_MAX_FILE_BYTES, &sb, &ie)) < 0) {
		if (ie.fail == INFILE_TOO_BIG)
			return ical_line_error(path, 0,
			                       _("the file is %.1f MB; loa reads calendars up to %d MB "
			                         "(split it, or export a shorter period)"),
			                       ie.size / 1048576.0, ICAL_MAX_FILE_BYTES / 1048576);
		if (ie.fail == INFILE_SYSTEM) {
			errno = ie.err;
			return error_errno(_("cannot open calendar '%s'"), path);
		}
		return error(_("cannot read calendar '%s': %s"), path,
		             infile_reason(&ie, NULL, ICAL_MAX_FILE_BYTES, reason, sizeof reason));
	}
	rc = infile_read_all(fd, ICAL_MAX_FILE_BYTES, &text, &n);
	close(fd);
	if (rc != 0) {
		if (errno == EFBIG)
			return ical_line_error(path, 0, _("the file grew past %d MB while it was read"),
			                       ICAL_MAX_FILE_BYTES / 1048576);
		return error_errno(_("cannot open calendar '%s'"), path);
	}
	rc = ical_read_text(text, n, path, zone, out);
	free(text);
	return rc;
}
