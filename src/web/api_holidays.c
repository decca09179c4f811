/*
 * api_holidays.c — the station's blackout days (holidays) through the
 * API: GET /api/v1/holidays (also GET /api/v1/blackouts, its first name),
 * POST /api/v1/holidays ({"date"} or {"from", "to"}, with a "title";
 * "date" and "to" are a run too),
 * DELETE /api/v1/holidays/DATE, and POST /api/v1/holidays/import: a
 * holiday calendar (.ics), `loa slot import --blackout`'s import.
 *
 * The objects are `loa slot blackout list --format json`'s (view_blackout),
 * the changes the store's (store_blackout_add, store_blackout_rm), each in
 * one transaction with its audit entry ("blackout.add", "blackout.rm"; the
 * days before and after as the listing shows them), so the trail says who
 * made a day silent and who gave it back. Reading is for every role; a
 * change needs an officer or a leader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/i18n.h"
#include "loa/slot.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"
#include "loa/views.h"
#include "web/web.h"

/* The days of event uid (NULL: every event), or of day (NULL: every day),
 * as their listing's JSON (malloc'd, no line's end), or NULL (reported). */
static char *
days_json(struct web *w, const char *uid, const char *day, size_t *count)
{
	struct view_listing l;
	struct view_cells c;
	struct blackout *v;
	char *buf = NULL;
	size_t n, len = 0;
	FILE *f;

	*count = 0;
	if (store_blackout_list(w->store, &v, &n) != 0)
		return NULL;
	if (!(f = open_memstream(&buf, &len)) || view_open(&l, &view_blackout, f, FMT_JSON, 0) != 0) {
		if (f)
			fclose(f);
		free(buf);
		store_blackout_list_free(v, n);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if ((uid && strcmp(v[i].uid, uid) != 0) || (day && strcmp(v[i].day, day) != 0))
			continue;
		view_blackout_cells(&c, &v[i]);
		view_add(&l, c.v);
		(*count)++;
	}
	store_blackout_list_free(v, n);
	if (view_close(&l) != 0 || fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	while (len && buf[len - 1] == '\n')
		buf[--len] = 0;
	return buf;
}

int
api_holidays(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct web_listing ls;
	struct view_cells c;
	struct blackout *v;
	size_t n;
	int rc = 0;

	(void)r;
	if (store_blackout_list(w->store, &v, &n) != 0)
		return web_fail_core(out, 500);
	if (web_list_open(out, &ls, &view_blackout, 0) != 0) {
		store_blackout_list_free(v, n);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		view_blackout_cells(&c, &v[i]);
		rc = view_add(&ls.l, c.v);
	}
	store_blackout_list_free(v, n);
	return web_list_close(out, &ls, rc);
}

/* A day as the officer types it (17/02/2027, 2027-02-17, 17/2: the next
 * such day) into iso. 0, or -1 with out holding 422 naming field. */
static int
read_day(struct web *w, struct web_resp *out, const char *field, const char *v, char iso[16])
{
	struct time_reading how;
	struct civil today, c;
	char msg[512];

	if (!v || !*v)
		return web_fail(out, 422, field, time_examples(TIME_DATE), "%s",
		                _("choose the day of the holiday"));
	time_today(w->station.tz, &today);
	if (time_read_date(v, &today, 0, &c, &how) != 0) {
		time_fault_text(TIME_DATE, v, &how, msg, sizeof msg);
		return web_fail(out, 422, field, time_examples(TIME_DATE), "%s", msg);
	}
	snprintf(iso, 16, "%04u-%02u-%02u", (unsigned)c.year % 10000, (unsigned)c.month % 100,
	         (unsigned)c.day % 100);
	return 0;
}

#define SEND_HOLIDAY                                                                                         \
	_("send {\"date\": \"2027-02-17\", \"title\": \"Tết\"}, or \"from\" and \"to\" for a run of days")

int
api_holiday_post(struct web *w, struct web_req *r, struct web_resp *out)
{
	static const char *const keys[] = {"date", "from", "to", "title"};
	char date_buf[64], from_buf[64], to_buf[64], title_buf[UTF8_TITLE_MAX * 4 + 1];
	const char *date, *from_v, *to_v, *title;
	char from[16], to[16] = "", uid[64], *after = NULL, *buf = NULL;
	size_t n, len = 0;
	int rc = -1;
	FILE *f;

	if (web_may_change(r, out) != 0)
		return -1;
	if (web_body_object(r, out, keys, sizeof keys / sizeof keys[0], SEND_HOLIDAY) != 0 ||
	    web_body_text(r, out, "date", date_buf, sizeof date_buf, &date) != 0 ||
	    web_body_text(r, out, "from", from_buf, sizeof from_buf, &from_v) != 0 ||
	    web_body_text(r, out, "to", to_buf, sizeof to_buf, &to_v) != 0 ||
	    web_body_text(r, out, "title", title_buf, sizeof title_buf, &title) != 0)
		return -1;
	if (date && from_v)
		return web_fail(
		    out, 422, "from", SEND_HOLIDAY, "%s",
		    _("give either \"date\" (one day) or \"from\" and \"to\" (a run of days), not both"));
	if (read_day(w, out, from_v && !date ? "from" : "date", date ? date : from_v, from) != 0)
		return -1;
	/* "to" with "date" too: a run from that day. */
	if (to_v && *to_v && read_day(w, out, "to", to_v, to) != 0)
		return -1;
	if (title && web_slot_title(out, title) != 0)
		return -1;
	if (store_begin(w->store) != 0)
		return web_fail_core(out, 500);
	/* The core refuses a day already a holiday (409) in its own words. */
	if (store_blackout_add(w->store, from, to, title ? title : "", uid, sizeof uid) != 0) {
		store_rollback(w->store);
		return web_fail_core_field(out, 500);
	}
	if (!(after = days_json(w, uid, NULL, &n)) ||
	    audit_write(w->store, r->session.user, r->addr, "blackout.add", uid, NULL, after) != 0 ||
	    store_commit(w->store) != 0) {
		store_rollback(w->store);
		web_fail_core(out, 500);
		goto done;
	}
	/* The days added, as GET lists them. */
	if ((f = web_json_open(out, &buf, &len))) {
		fprintf(f, "%s\n", after);
		out->status = 201;
		rc = web_json_close(out, f, &buf, &len);
	}
done:
	free(after);
	return rc;
}

int
api_holiday_delete(struct web *w, struct web_req *r, struct web_resp *out, const char *day)
{
	char iso[16], *before = NULL;
	struct civil c;
	size_t n;
	int rc;

	if (web_may_change(r, out) != 0)
		return -1;
	if (time_parse_date(day, &c) != 0)
		return web_fail(out, 404, NULL,
		                _("name the day as YYYY-MM-DD, e.g. /api/v1/holidays/2027-02-17"),
		                _("'%s' is not a date"), day);
	snprintf(iso, sizeof iso, "%04u-%02u-%02u", (unsigned)c.year % 10000, (unsigned)c.month % 100,
	         (unsigned)c.day % 100);
	if (store_begin(w->store) != 0)
		return web_fail_core(out, 500);
	if (!(before = days_json(w, NULL, iso, &n)))
		goto fail_core;
	if (!n) {
		store_rollback(w->store);
		free(before);
		return web_fail(out, 404, NULL, NULL, _("%02d/%02d/%04d is not a holiday of the station"),
		                c.day, c.month, c.year);
	}
	if ((rc = store_blackout_rm(w->store, iso)) != 0 ||
	    audit_write(w->store, r->session.user, r->addr, "blackout.rm", iso, before, NULL) != 0 ||
	    store_commit(w->store) != 0)
		goto fail_core;
	free(before);
	out->status = 204;
	out->api = 1;
	return 0;
fail_core:
	free(before);
	store_rollback(w->store);
	return web_fail_core(out, 500);
}
