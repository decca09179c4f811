/*
 * api_playlists.c — the playlists through the API: POST /api/v1/playlists,
 * GET, PATCH and DELETE /api/v1/playlists/NAME; and what the console says
 * when a clip or a playlist cannot go because something airs it.
 *
 * A playlist's object is the two the command line prints of it: its row
 * of `loa playlist list --format json` (id, name, clips, duration) with
 * "items", what `loa playlist show NAME --format json` prints (its
 * entries in airing order). A change sends the whole new list of clips,
 * so reordering, adding and removing are one request, read and written
 * in one transaction with its audit entry.
 *
 * Each change needs an officer or a leader (403 for a viewer) and is
 * written to the audit trail with {"id", "name", "clips": [numbers]}
 * before and after: the order of the clips is what an edit changes. The
 * values are checked here first, so each refusal names its field: 422 a
 * name or a clip refused, 409 a name another playlist has, or a playlist
 * a slot airs (never deleted under it: `loa playlist rm` has no --force
 * to follow, and a slot left without its programme airs nothing).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/catalog.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/slot_uses.h"
#include "loa/utf8.h"
#include "web/web.h"

/* ---- what uses a clip or a playlist, in words ---- */

/* Appends item to a list being written into buf (n bytes, at *at), ", "
 * between items; one that does not fit ends the list with "…". 0, or -1
 * when the list is full. */
static int
list_add(char *buf, size_t n, size_t *at, const char *item)
{
	size_t len = strlen(item) + (*at ? 2 : 0);

	if (*at + len + 4 >= n) {
		snprintf(buf + *at, n - *at, "%s…", *at ? ", " : "");
		*at = n;
		return -1;
	}
	*at += (size_t)snprintf(buf + *at, n - *at, "%s%s", *at ? ", " : "", item);
	return 0;
}

/* "slot 3", "slots 3, 5 and 2 others" into buf. */
static void
slots_text(char *buf, size_t n, const int64_t *ids, size_t nids)
{
	char list[160] = "", num[24], all[200];
	size_t at = 0, shown = 0;

	for (; shown < nids && shown < 8; shown++) {
		snprintf(num, sizeof num, "%" PRId64, ids[shown]);
		if (list_add(list, sizeof list, &at, num) != 0)
			break;
	}
	if (shown < nids)
		snprintf(all, sizeof all, _("%s and %d others"), list, (int)(nids - shown));
	else
		snprintf(all, sizeof all, "%s", list);
	snprintf(buf, n, nids == 1 ? _("slot %s") : _("slots %s"), all);
}

/* The playlists holding a clip, named for a message. */
struct holders {
	char list[420]; /* 'name', 'name'… */
	size_t at;      /* bytes of list used */
	int n, shown;   /* playlists, and how many are in list */
};

static int
holder(const struct playlist *p, void *arg)
{
	struct holders *h = arg;
	char *v = utf8_visible(p->name, 40), item[200];

	snprintf(item, sizeof item, "'%s'", v ? v : "");
	free(v);
	if (h->shown == h->n && h->shown < 3 && list_add(h->list, sizeof h->list, &h->at, item) == 0)
		h->shown++;
	h->n++;
	return 0;
}

int
web_fail_clip_in_use(struct web *w, struct web_resp *out, const struct clip *cl)
{
	struct holders h = {.list = ""};
	char slots[200] = "", lists[600] = "", both[900], *title;
	int64_t *ids = NULL;
	size_t nids = 0;

	if (slot_uses(w->store, cl->id, NULL, &ids, &nids) != 0 ||
	    playlist_foreach_holding(w->store, cl->id, holder, &h) != 0) {
		free(ids);
		return web_fail_core(out, 500);
	}
	if (!nids && !h.n)
		return 0;
	if (nids)
		slots_text(slots, sizeof slots, ids, nids);
	free(ids);
	if (h.n) {
		char all[500];
		if (h.n > h.shown)
			snprintf(all, sizeof all, _("%s and %d others"), h.list, h.n - h.shown);
		else
			snprintf(all, sizeof all, "%s", h.list);
		snprintf(lists, sizeof lists, h.n == 1 ? _("playlist %s") : _("playlists %s"), all);
	}
	if (nids && h.n)
		snprintf(both, sizeof both, _("%s and %s"), slots, lists);
	else
		snprintf(both, sizeof both, "%s", nids ? slots : lists);
	title = utf8_visible(cl->title, 60);
	web_fail(out, 409, NULL,
	         _("take it out of them first; or delete it anyway: its slots then air nothing until "
	           "they are given another clip, and the playlists go on without it"),
	         _("clip %" PRId64 " '%s' is used by %s"), cl->id, title ? title : "", both);
	free(title);
	return -1;
}

/* ---- a playlist's objects ---- */

/* p's row as `loa playlist list --format json` prints it, then its
 * entries as `loa playlist show --format json` prints them, written to f
 * as one object {..., "items": [...]}. 0 or -1. */
static int
write_playlist(FILE *f, const struct playlist *p)
{
	struct view_listing l;
	struct view_cells c;
	char *row = NULL, *items = NULL;
	size_t nrow = 0, nitems = 0;
	FILE *a = open_memstream(&row, &nrow), *b = open_memstream(&items, &nitems);
	double start = 0;
	int rc = -1;

	if (!a || !b)
		goto out;
	if (view_open(&l, &view_playlist, a, FMT_JSON, FMT_SINGLE) != 0)
		goto out;
	view_playlist_cells(&c, p);
	rc = view_add(&l, c.v);
	if (view_close(&l) != 0 || rc != 0 || view_open(&l, &view_playlist_item, b, FMT_JSON, 0) != 0) {
		rc = -1;
		goto out;
	}
	for (int i = 0; i < p->nclips && rc == 0; i++) {
		view_playlist_item_cells(&c, i + 1, &p->clips[i], start);
		start += p->clips[i].duration_s;
		rc = view_add(&l, c.v);
	}
	if (view_close(&l) != 0 || rc != 0)
		rc = -1;
out:
	if (a && fclose(a) != 0)
		rc = -1;
	if (b && fclose(b) != 0)
		rc = -1;
	if (rc == 0) {
		/* The row's object is one line, "{...}\n": the items go in
		 * before its closing brace. */
		while (nrow && (row[nrow - 1] == '\n' || row[nrow - 1] == ' '))
			nrow--;
		while (nitems && (items[nitems - 1] == '\n' || items[nitems - 1] == ' '))
			nitems--;
		if (nrow < 2 || row[nrow - 1] != '}')
			rc = -1;
		else
			fprintf(f, "%.*s, \"items\": %.*s}", (int)(nrow - 1), row, (int)nitems, items);
	}
	free(row);
	free(items);
	return rc;
}

/* Answers with playlist name's object (status 200 or 201). 0, or -1 with
 * out holding the error. */
static int
answer_playlist(struct web *w, struct web_resp *out, const char *name, int status)
{
	struct playlist p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc = playlist_find(w->store, name, &p);

	if (rc != 0)
		return web_fail_core(out, 500);
	if (!(f = web_json_open(out, &buf, &len))) {
		playlist_release(&p);
		return -1;
	}
	rc = write_playlist(f, &p);
	fputc('\n', f);
	playlist_release(&p);
	if (rc != 0) {
		fclose(f);
		free(buf);
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	}
	out->status = status;
	return web_json_close(out, f, &buf, &len);
}

/* What the audit trail keeps of playlist name: {"id", "name", "clips"}
 * (malloc'd), or NULL. */
static char *
audit_json(struct web *w, const char *name)
{
	struct playlist p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (playlist_find(w->store, name, &p) != 0)
		return NULL;
	if (!(f = open_memstream(&buf, &len))) {
		playlist_release(&p);
		return NULL;
	}
	fprintf(f, "{\"id\": %" PRId64 ", \"name\": ", p.id);
	fmt_json_string(f, p.name);
	fputs(", \"clips\": [", f);
	for (int i = 0; i < p.nclips; i++)
		fprintf(f, "%s%" PRId64, i ? ", " : "", p.clips[i].id);
	fputs("]}", f);
	playlist_release(&p);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Playlist name, as the path names it: 0 found (its name as stored into
 * stored), or -1 with out holding 404 or 500. */
static int
find(struct web *w, const char *name, char stored[PLAYLIST_NAME_MAX], struct web_resp *out)
{
	struct playlist p;
	char *v;
	int rc = playlist_find(w->store, name, &p);

	if (rc < 0)
		return web_fail_core(out, 500);
	if (rc == 0) {
		snprintf(stored, PLAYLIST_NAME_MAX, "%s", p.name);
		playlist_release(&p);
		return 0;
	}
	v = utf8_visible(name, 60);
	web_fail(out, 404, "name", _("the page of playlists lists them"), _("no playlist named '%s'"),
	         v ? v : "");
	free(v);
	return -1;
}

/* ---- the request's body ---- */

/* A body's values: a name and a list of clips, each perhaps not sent. */
struct body {
	const char *name;                     /* the name, or NULL */
	char name_buf[PLAYLIST_NAME_MAX * 2]; /* (room for a name too long, refused by its check) */
	int have_clips;                       /* the clips were sent */
	int64_t clips[PLAYLIST_MAX_CLIPS];    /* their numbers in airing order */
	int nclips;                           /* how many */
};

/* Reads and checks r's body into b as `loa playlist create` checks its
 * arguments: 0, or -1 with out holding 400 or 422 (naming the field). */
static int
read_body(struct web *w, struct web_req *r, struct body *b, struct web_resp *out)
{
	struct utf8_fault f;
	struct clip cl;
	char bad[64], type = web_json_type(r->body, "name");
	int bad_json = 0, rc = 0;

	b->name =
	    type == '"' ? web_json_get(r->body, "name", b->name_buf, sizeof b->name_buf, &bad_json) : NULL;
	if (!bad_json)
		rc =
		    web_json_ids(r->body, "clips", b->clips, PLAYLIST_MAX_CLIPS, &b->nclips, bad, sizeof bad);
	if (bad_json && type == '"')
		return web_fail(out, 422, "name", NULL, _("the name is longer than %d characters"),
		                UTF8_NAME_MAX);
	if (bad_json || rc == -1)
		return web_fail(out, 400, NULL,
		                _("send {\"name\": ..., \"clips\": [clip numbers in airing order]}"), "%s",
		                _("the request is not a JSON object"));
	if (type && type != '"')
		return web_fail(out, 422, "name", NULL, "%s", _("the name must be text"));
	if (rc == -2)
		return web_fail(
		    out, 422, "clips",
		    _("send the clips as a list of their numbers in airing order, such as [3, 1, 2]"),
		    _("clips: not a clip's number: %s"), bad);
	if (rc == -3) {
		web_fail(out, 422, "clips",
		         _("split the programme into two playlists and schedule them one after the other"),
		         _("more than %d clips: a playlist holds at most %d"), PLAYLIST_MAX_CLIPS,
		         PLAYLIST_MAX_CLIPS);
		return -1;
	}
	b->have_clips = rc == 1;
	if (b->name) {
		char *clean;
		if (utf8_line_check(b->name, UTF8_NAME_MAX, &f) != 0)
			return web_fail(out, 422, "name",
			                f.control
			                    ? _("type it as one line of plain text, without line breaks, "
			                        "tabs or control codes")
			                    : NULL,
			                _("%s is refused: %s: '%s'"), "name", f.why, f.shown);
		if (!(clean = utf8_clean(b->name)))
			return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
		rc = !*clean || clean[0] == '-';
		free(clean);
		if (rc)
			return web_fail(out, 422, "name", NULL,
			                _("a playlist's name must not be empty or start with '-': '%s'"),
			                b->name);
	}
	for (int i = 0; i < b->nclips; i++) {
		if ((rc = clip_get(w->store, b->clips[i], &cl)) < 0)
			return web_fail_core(out, 500);
		if (rc > 0)
			return web_fail(out, 422, "clips",
			                _("the clip library lists every clip with its number"),
			                _("no clip numbered %lld"), (long long)b->clips[i]);
	}
	return 0;
}

/* ---- the endpoints ---- */

int
api_playlist(struct web *w, struct web_req *r, struct web_resp *out, const char *name)
{
	char stored[PLAYLIST_NAME_MAX];

	(void)r;
	if (find(w, name, stored, out) != 0)
		return -1;
	return answer_playlist(w, out, stored, 200);
}

int
api_playlist_post(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct body *b;
	struct playlist p;
	char *after = NULL;
	int rc = -1;

	if (web_may_change(r, out) != 0)
		return -1;
	if (!(b = calloc(1, sizeof *b)))
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	if (read_body(w, r, b, out) != 0)
		goto done;
	if (!b->name) {
		web_fail(out, 422, "name", NULL, "%s", _("a playlist needs a name"));
		goto done;
	}
	if (store_begin(w->store) != 0) {
		web_fail_core(out, 500);
		goto done;
	}
	/* The core refuses a name taken (409) in its own words. */
	if (playlist_create(w->store, b->name, b->clips, b->nclips) != 0 ||
	    playlist_find(w->store, b->name, &p) != 0) {
		store_rollback(w->store);
		web_fail_core(out, 500);
		goto done;
	}
	playlist_release(&p);
	if (!(after = audit_json(w, p.name)) ||
	    audit_write(w->store, r->session.user, r->addr, "playlist.create", p.name, NULL, after) != 0 ||
	    store_commit(w->store) != 0) {
		store_rollback(w->store);
		web_fail_core(out, 500);
		goto done;
	}
	rc = answer_playlist(w, out, p.name, 201);
done:
	free(after);
	free(b);
	return rc;
}

int
api_playlist_patch(struct web *w, struct web_req *r, struct web_resp *out, const char *name)
{
	char stored[PLAYLIST_NAME_MAX], *before = NULL, *after = NULL;
	struct body *b;
	int rc = -1;

	if (web_may_change(r, out) != 0)
		return -1;
	if (!(b = calloc(1, sizeof *b)))
		return web_fail(out, 500, NULL, NULL, "%s", _("out of memory"));
	if (read_body(w, r, b, out) != 0)
		goto done;
	if (!b->name && !b->have_clips) {
		web_fail(out, 400, NULL, NULL, "%s", _("say what to change: name or clips"));
		goto done;
	}
	if (store_begin(w->store) != 0) {
		web_fail_core(out, 500);
		goto done;
	}
	if (find(w, name, stored, out) != 0)
		goto fail;
	if (!(before = audit_json(w, stored)))
		goto fail_core;
	/* The clips under the old name, then the name (the slots that air
	 * it follow). */
	if (b->have_clips && playlist_set(w->store, stored, b->clips, b->nclips) != 0)
		goto fail_core;
	if (b->name && slot_playlist_rename(w->store, stored, b->name, stored) != 0)
		goto fail_core;
	if (!(after = audit_json(w, stored)))
		goto fail_core;
	if (strcmp(before, after) != 0 &&
	    audit_write(w->store, r->session.user, r->addr, "playlist.edit", stored, before, after) != 0)
		goto fail_core;
	if (store_commit(w->store) != 0)
		goto fail_core;
	rc = answer_playlist(w, out, stored, 200);
	goto done;
fail_core:
	web_fail_core(out, 500);
fail:
	store_rollback(w->store);
done:
	free(before);
	free(after);
	free(b);
	return rc;
}

int
api_playlist_delete(struct web *w, struct web_req *r, struct web_resp *out, const char *name)
{
	char stored[PLAYLIST_NAME_MAX], slots[200], *before = NULL, *v;
	int64_t *ids = NULL;
	size_t nids = 0;
	int rc = -1;

	if (web_may_change(r, out) != 0)
		return -1;
	if (store_begin(w->store) != 0)
		return web_fail_core(out, 500);
	if (find(w, name, stored, out) != 0)
		goto fail;
	if (slot_uses(w->store, 0, stored, &ids, &nids) != 0)
		goto fail_core;
	if (nids) {
		slots_text(slots, sizeof slots, ids, nids);
		v = utf8_visible(stored, 60);
		web_fail(
		    out, 409, NULL,
		    _("give those slots another clip or playlist, or remove them, first; then delete the "
		      "playlist"),
		    _("playlist '%s' is aired by %s"), v ? v : "", slots);
		free(v);
		goto fail;
	}
	if (!(before = audit_json(w, stored)) || playlist_delete(w->store, stored) != 0 ||
	    audit_write(w->store, r->session.user, r->addr, "playlist.rm", stored, before, NULL) != 0 ||
	    store_commit(w->store) != 0)
		goto fail_core;
	out->status = 204;
	out->api = 1;
	rc = 0;
	goto done;
fail_core:
	web_fail_core(out, 500);
fail:
	store_rollback(w->store);
done:
	free(ids);
	free(before);
	return rc;
}
