/*
 * api_slot_ics.c — the schedule as a calendar file through the API: POST
 * /api/v1/slots/import (an .ics sent as the body, Content-Type
 * text/calendar), GET /api/v1/slots/export, and POST /api/v1/holidays/import:
 * the same import of a holiday calendar (?blackout=1 always).
 *
 * An import is `loa slot import`'s (ics_import.h): read and checked whole,
 * all or nothing, each event's clip found in the library. The body is
 * written into a folder of its own under /tmp, so an ATTACH of the file
 * can name no file of the computer (the import reads files from the
 * calendar's folder only, and that folder holds nothing else); the
 * core's messages name the file as the officer sent it (?name=), never
 * that folder. Its answer is the command's report as JSON, with the
 * warnings it printed. Each slot written is in the audit trail
 * ("slot.import"), its record before (null for a new one) and after.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/ics_export.h"
#include "loa/ics_import.h"
#include "loa/slot.h"
#include "web/web.h"

int
api_slots_export(struct web *w, struct web_req *r, struct web_resp *out)
{
	size_t n, nbo;
	char *cal;

	(void)r;
	if (!(cal = ics_export(w->store, NULL, &n, &nbo)))
		return web_fail_core(out, 500);
	free(out->body);
	out->body = cal;
	out->len = strlen(cal);
	out->type = "text/calendar; charset=utf-8";
	out->api = 1;
	out->status = 200;
	web_resp_header(out, "Content-Disposition", "attachment; filename=\"lich-phat.ics\"");
	return 0;
}

/* s with each from replaced by to, into out (n bytes). */
static void
replaced(const char *s, const char *from, const char *to, char *out, size_t n)
{
	size_t used = 0, fl = strlen(from);
	const char *hit;

	out[0] = 0;
	while (fl && (hit = strstr(s, from)) && used < n) {
		used += (size_t)snprintf(out + used, n - used, "%.*s%s", (int)(hit - s), s, to);
		s = hit + fl;
	}
	if (used < n)
		snprintf(out + used, n - used, "%s", s);
}

/* A slot an import is about to update: its number and record before. */
struct before {
	int64_t id;
	char *json;
};

/* The records, before the import, of the station's slots the calendar
 * text updates (its events' UIDs). A calendar that cannot be read is the
 * import's to refuse (the error caught here names the file as sent); its
 * warnings are the import's to say, once. */
static void
befores(struct web *w, struct web_req *r, const char *name, struct before **v, size_t *n)
{
	struct ical_file f;
	struct slot s;

	*v = NULL, *n = 0;
	if (ical_read_text(r->body, r->body_len, name, w->station.tz, &f) != 0)
		return;
	web_notes_clear();
	if ((*v = calloc((size_t)f.n + 1, sizeof **v)))
		for (int i = 0; i < f.n; i++)
			if (!f.ev[i].all_day && store_slot_get_uid(w->store, f.ev[i].uid, &s) == 0) {
				(*v)[*n].id = s.id;
				(*v)[(*n)++].json = web_slot_record(w, &s);
				slot_clear(&s);
			}
	ical_file_free(&f);
}

/* Writes the import's answer, and its audit entries in one transaction. */
static int
import_answer(struct web *w, struct web_req *r, struct web_resp *out, const char *name,
              const struct ics_import_result *res, const struct before *bv, size_t nb, const char *path,
              const char *dir)
{
	int64_t *ids = calloc((size_t)res->nslots + 1, sizeof *ids);
	int64_t *next = calloc((size_t)res->nslots + 1, sizeof *next);
	char **after = calloc((size_t)res->nslots + 1, sizeof *after), object[24], note[1200], tmp[1200];
	struct slot s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = NULL;
	int rc = -1, noclip;

	if (!ids || !next || !after)
		goto done;
	for (int i = 0; i < res->nslots; i++)
		ids[i] = res->slots[i].id;
	if (web_slots_next(w, r, ids, next, (size_t)res->nslots) != 0 || store_begin(w->store) != 0) {
		web_fail_core(out, 500);
		goto done;
	}
	for (int i = 0; i < res->nslots; i++) {
		const char *was = NULL;
		char *record;
		if (store_slot_get(w->store, ids[i], &s) != 0)
			goto fail;
		after[i] = web_slot_json(w, &s, next[i]);
		record = web_slot_record(w, &s);
		slot_clear(&s);
		for (size_t k = 0; k < nb && !res->slots[i].added; k++)
			if (bv[k].id == ids[i])
				was = bv[k].json;
		snprintf(object, sizeof object, "%" PRId64, ids[i]);
		if (!after[i] || !record ||
		    audit_write(w->store, r->session.user, r->addr, "slot.import", object, was, record) !=
		        0) {
			free(record);
			goto fail;
		}
		free(record);
	}
	/* The blackout days it made: one entry naming the file and how many. */
	if (res->ndays) {
		char days[64];
		snprintf(days, sizeof days, "{\"blackout_days\": %d}", res->ndays);
		if (audit_write(w->store, r->session.user, r->addr, "blackout.import", name, NULL, days) != 0)
			goto fail;
	}
	if (store_commit(w->store) != 0)
		goto fail;
	if (!(f = web_json_open(out, &buf, &len)))
		goto done;
	fputs("{\"file\": ", f);
	fmt_json_string(f, name);
	for (int pass = 0; pass < 3; pass++) {
		static const char *const keys[] = {"added", "updated", "noclip"};
		int first = 1;
		fprintf(f, ", \"%s\": [", keys[pass]);
		for (int i = 0; i < res->nslots; i++) {
			if (pass == 2) {
				if (store_slot_get(w->store, ids[i], &s) != 0)
					continue;
				noclip = s.clip_id <= 0 && !s.playlist;
				slot_clear(&s);
				if (!noclip)
					continue;
			} else if (res->slots[i].added != (pass == 0)) {
				continue;
			}
			fprintf(f, "%s%" PRId64, first ? "" : ", ", ids[i]);
			first = 0;
		}
		fputc(']', f);
	}
	fprintf(f, ", \"blackout_days\": %d, \"cancelled\": %d, \"slots\": [", res->ndays, res->ncancelled);
	for (int i = 0; i < res->nslots; i++)
		fprintf(f, "%s\n  %s", i ? "," : "", after[i]);
	fputs("],\n\"notes\": [", f);
	for (int i = 0; web_note(i); i++) {
		/* The core named the file received: say the officer's name. */
		replaced(web_note(i), path, name, tmp, sizeof tmp);
		replaced(tmp, dir, ".", note, sizeof note);
		fputs(i ? ", " : "", f);
		fmt_json_string(f, note);
	}
	fputs("]}\n", f);
	rc = web_json_close(out, f, &buf, &len);
	goto done;
fail:
	web_fail_core(out, 500);
	store_rollback(w->store);
done:
	for (int i = 0; after && i < res->nslots; i++)
		free(after[i]);
	free(after);
	free(ids);
	free(next);
	return rc;
}

/* The import; holidays: every all-day event is a blackout day, whatever
 * ?blackout= says. */
static int
import(struct web *w, struct web_req *r, struct web_resp *out, int holidays)
{
	const char *type = web_header(r, "Content-Type"), *bo = web_arg(r, "blackout");
	struct ics_import_opts o = {.zone = w->station.tz, .target_lufs = w->station.target_lufs};
	struct ics_import_result res = {0};
	char name[256], dir[] = "/tmp/loa-web-ics-XXXXXX", path[sizeof dir + 256 + 1];
	struct before *bv = NULL;
	size_t nb = 0;
	FILE *f;
	int rc = -1;

	if (web_may_change(r, out) != 0)
		return -1;
	if (!type || strncasecmp(type, "text/calendar", 13) != 0)
		return web_fail(
		    out, 415, NULL, _("send the .ics file's text with Content-Type: text/calendar"),
		    _("this address takes a calendar file (text/calendar), not %s"), type ? type : "-");
	if (!r->body || !r->body_len)
		return web_fail(out, 422, "file", _("choose a calendar file (.ics) to send"), "%s",
		                _("the request carried no calendar"));
	web_safe_name(web_arg(r, "name"), "lich.ics", name, sizeof name);
	o.blackout = holidays || (bo && (strcmp(bo, "1") == 0 || strcmp(bo, "true") == 0));
	o.source = name;
	if (!mkdtemp(dir))
		return web_fail(out, 500, NULL, NULL,
		                _("cannot make a temporary folder for the calendar: %s"), strerror(errno));
	snprintf(path, sizeof path, "%s/%s", dir, name);
	o.path = path;
	if (!(f = fopen(path, "wbx")) || fwrite(r->body, 1, r->body_len, f) != r->body_len ||
	    fclose(f) != 0) {
		int e = errno;
		if (f)
			fclose(f);
		web_fail(out, 500, NULL, NULL, _("cannot write the calendar received: %s"), strerror(e));
		goto done;
	}
	befores(w, r, name, &bv, &nb);
	if (ics_import(w->store, &o, &res) != 0) {
		web_fail_core_as(out, 422, path, name);
		goto done;
	}
	rc = import_answer(w, r, out, name, &res, bv, nb, path, dir);
done:
	unlink(path);
	rmdir(dir);
	ics_import_result_free(&res);
	for (size_t i = 0; i < nb; i++)
		free(bv[i].json);
	free(bv);
	return rc;
}

int
api_slots_import(struct web *w, struct web_req *r, struct web_resp *out)
{
	return import(w, r, out, 0);
}

int
api_holidays_import(struct web *w, struct web_req *r, struct web_resp *out)
{
	return import(w, r, out, 1);
}
