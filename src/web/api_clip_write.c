/*
 * api_clip_write.c — changing the clip library through the API: PATCH
 * /api/v1/clips/ID, DELETE /api/v1/clips/ID and POST /api/v1/clips (the
 * upload, received by server.c into a temporary file of the library).
 *
 * Each needs an officer or a leader (a viewer only reads: 403), checks
 * its values as `loa clip edit` checks its options (the same messages,
 * dates as the officer types them), and is written to the audit trail
 * with the clip's JSON object — what `loa clip show --format json`
 * prints — before and after.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/clip.h"
#include "loa/i18n.h"
#include "loa/timeutil.h"
#include "loa/topic.h"
#include "loa/utf8.h"
#include "web/web.h"

int
web_may_change(struct web_req *r, struct web_resp *out)
{
	if (r->session.role >= ROLE_OFFICER)
		return 0;
	return web_fail(out, 403, NULL, _("ask the station's leader for an officer's account"),
	                _("the user %s may only read (role: %s)"), r->session.user,
	                view_word_role(role_name(r->session.role)));
}

/* The clip's object as `loa clip show --format json` prints it, without
 * the line's end (malloc'd), or NULL. */
static char *
clip_json(const struct clip *cl)
{
	struct view_cells c;

	view_clip_cells(&c, cl);
	return view_record_json(&view_clip, FMT_VERTICAL | FMT_SINGLE, c.v);
}

/* Answers with the clip's object (status 200 or 201). */
static int
answer_clip(struct web_resp *out, int status, char *json)
{
	size_t n = strlen(json);

	free(out->body);
	if (!(out->body = malloc(n + 2)))
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	memcpy(out->body, json, n);
	out->body[n++] = '\n';
	out->body[n] = 0;
	out->len = n;
	out->type = "application/json";
	out->api = 1;
	out->status = status;
	return 0;
}

/* A line of text (a title, a topic) checked as `loa clip edit` checks it. */
static int
check_line(struct web_resp *out, const char *field, const char *v, size_t max)
{
	struct utf8_fault f;

	if (utf8_line_check(v, max, &f) == 0)
		return 0;
	if (f.control)
		return web_fail(
		    out, 422, field,
		    _("type it as one line of plain text, without line breaks, tabs or control codes"),
		    _("%s is refused: %s: '%s'"), field, f.why, f.shown);
	return web_fail(out, 422, field, NULL, _("%s is refused: %s: '%s'"), field, f.why, f.shown);
}

/* A validity date as the officer types it, into iso ("" clears). */
static int
check_date(struct web *w, struct web_resp *out, const char *field, const char *v, char iso[16])
{
	struct time_reading how;
	struct civil today, c;
	char msg[512];

	iso[0] = 0;
	if (!*v)
		return 0;
	time_today(w->station.tz, &today);
	if (time_read_date(v, &today, 0, &c, &how) != 0) {
		time_fault_text(TIME_DATE, v, &how, msg, sizeof msg);
		return web_fail(out, 422, field, time_examples(TIME_DATE), "%s", msg);
	}
	snprintf(iso, 16, "%04u-%02u-%02u", (unsigned)c.year % 10000, (unsigned)c.month % 100,
	         (unsigned)c.day % 100);
	return 0;
}

int
web_clip_fields_check(struct web *w, struct web_clip_fields *f, struct web_resp *out)
{
	char names[2048], hint[2400];
	struct topic t;
	int rc;

	if (f->title && !*f->title)
		return web_fail(out, 422, "title", NULL, "%s", _("the title must not be empty"));
	if (f->title && check_line(out, "title", f->title, UTF8_TITLE_MAX) != 0)
		return -1;
	if (f->topic && check_line(out, "topic", f->topic, UTF8_NAME_MAX) != 0)
		return -1;
	if (f->topic && *f->topic) {
		if ((rc = topic_find(w->store, f->topic, &t)) < 0)
			return web_fail_core(out, 500);
		if (rc > 0) {
			if (topic_names(w->store, names, sizeof names) != 0)
				return web_fail_core(out, 500);
			snprintf(hint, sizeof hint,
			         _("the topics are: %s; add a new one with: loa topic add \"%s\""), names,
			         f->topic);
			return web_fail(out, 422, "topic", hint,
			                _("%s: not one of the station's topics: '%s'"), "topic", f->topic);
		}
		snprintf(f->topic_name, sizeof f->topic_name, "%s", t.name);
		f->topic = f->topic_name;
	}
	if (f->valid_from && check_date(w, out, "valid_from", f->valid_from, f->from_iso) != 0)
		return -1;
	if (f->valid_until && check_date(w, out, "valid_until", f->valid_until, f->until_iso) != 0)
		return -1;
	if (f->valid_from)
		f->valid_from = f->from_iso;
	if (f->valid_until)
		f->valid_until = f->until_iso;
	if (f->valid_from && f->valid_until && *f->valid_from && *f->valid_until &&
	    strcmp(f->valid_from, f->valid_until) > 0)
		return web_fail(out, 422, "valid_until", NULL,
		                _("the clip would be valid until %s, before it becomes valid on %s"),
		                f->valid_until, f->valid_from);
	return 0;
}

int
api_clip_patch(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	static const char *const keys[] = {"title", "topic", "valid_from", "valid_until"};
	char raw[4][UTF8_BYTES(UTF8_TITLE_MAX) + 8], object[24];
	struct web_clip_fields f = {0};
	const char **slot[4] = {&f.title, &f.topic, &f.valid_from, &f.valid_until};
	char *before = NULL, *after = NULL;
	struct clip cl;
	int bad = 0, rc = -1;

	if (web_may_change(r, out) != 0)
		return -1;
	for (int i = 0; i < 4; i++) {
		*slot[i] = web_json_get(r->body, keys[i], raw[i], sizeof raw[i], &bad);
		if (bad)
			return web_fail(out, 400, NULL,
			                _("send {\"title\": ..., \"topic\": ..., \"valid_from\": ..., "
			                  "\"valid_until\": ...}"),
			                "%s", _("the request is not a JSON object"));
	}
	if (!f.title && !f.topic && !f.valid_from && !f.valid_until)
		return web_fail(out, 400, NULL, NULL, "%s",
		                _("say what to change: title, topic, valid_from or valid_until"));
	if (web_clip_fields_check(w, &f, out) != 0)
		return -1;
	if (store_begin(w->store) != 0)
		return web_fail_core(out, 500);
	if (web_find_clip(w, id, &cl, out) != 0)
		goto fail;
	if (!(before = clip_json(&cl)))
		goto fail_core;
	if (f.title)
		snprintf(cl.title, sizeof cl.title, "%s", f.title);
	if (f.topic)
		snprintf(cl.topic, sizeof cl.topic, "%s", f.topic);
	if (f.valid_from)
		snprintf(cl.valid_from, sizeof cl.valid_from, "%s", f.valid_from);
	if (f.valid_until)
		snprintf(cl.valid_until, sizeof cl.valid_until, "%s", f.valid_until);
	if (cl.valid_from[0] && cl.valid_until[0] && strcmp(cl.valid_from, cl.valid_until) > 0) {
		web_fail(out, 422, f.valid_until ? "valid_until" : "valid_from", NULL,
		         _("the clip would be valid until %s, before it becomes valid on %s"), cl.valid_until,
		         cl.valid_from);
		goto fail;
	}
	snprintf(object, sizeof object, "%" PRId64, id);
	if (clip_update(w->store, &cl) != 0 || clip_get(w->store, id, &cl) != 0 ||
	    !(after = clip_json(&cl)) ||
	    audit_write(w->store, r->session.user, r->addr, "clip.edit", object, before, after) != 0 ||
	    store_commit(w->store) != 0)
		goto fail_core;
	rc = answer_clip(out, 200, after);
	goto done;
fail_core:
	web_fail_core(out, 500);
fail:
	store_rollback(w->store);
done:
	free(before);
	free(after);
	return rc;
}

int
api_clip_delete(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	const char *force = web_arg(r, "force");
	char *before;
	char object[24];
	struct clip cl;
	int rc;

	if (web_may_change(r, out) != 0)
		return -1;
	if (web_find_clip(w, id, &cl, out) != 0)
		return -1;
	/* What uses it, named, so the officer knows where to take it out. */
	if (!(force && strcmp(force, "1") == 0) && web_fail_clip_in_use(w, out, &cl) != 0)
		return -1;
	if (!(before = clip_json(&cl)))
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	if ((rc = clip_remove(w->store, id, force && strcmp(force, "1") == 0)) != 0) {
		free(before);
		if (rc > 0)
			return web_find_clip(w, id, &cl, out);
		return web_fail_core(out, 500);
	}
	snprintf(object, sizeof object, "%" PRId64, id);
	rc = audit_write(w->store, r->session.user, r->addr, "clip.rm", object, before, NULL);
	free(before);
	if (rc != 0)
		return web_fail_core(out, 500);
	out->status = 204;
	out->api = 1;
	return 0;
}

int
api_clip_post(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct web_clip_fields f = {
	    .title = r->form[0], .topic = r->form[1], .valid_from = r->form[2], .valid_until = r->form[3]};
	struct clip_import_opts o = {.target_lufs = w->station.target_lufs};
	char *after = NULL, object[24];
	struct clip cl;
	int64_t id = 0;
	int rc;

	if (web_may_change(r, out) != 0)
		return -1;
	if (!r->upload_path)
		return web_fail(out, 422, "file", _("choose an audio file to send"), "%s",
		                _("the request carried no file (the form's field 'file')"));
	if (web_clip_fields_check(w, &f, out) != 0)
		return -1;
	o.title = f.title;
	o.topic = f.topic && *f.topic ? f.topic : NULL;
	o.valid_from = f.valid_from && *f.valid_from ? f.valid_from : NULL;
	o.valid_until = f.valid_until && *f.valid_until ? f.valid_until : NULL;
	rc = clip_import(w->store, r->upload_path, &o, &id);
	if (rc < 0)
		return web_fail_core_as(out, 422, r->upload_path, r->upload_name);
	if (clip_get(w->store, id, &cl) != 0 || !(after = clip_json(&cl)))
		return web_fail_core(out, 500);
	/* The same bytes were a clip already: nothing was added. */
	if (rc == 1) {
		rc = answer_clip(out, 200, after);
		free(after);
		return rc;
	}
	snprintf(object, sizeof object, "%" PRId64, id);
	if (audit_write(w->store, r->session.user, r->addr, "clip.add", object, NULL, after) != 0) {
		free(after);
		return web_fail_core(out, 500);
	}
	rc = answer_clip(out, 201, after);
	free(after);
	return rc;
}
