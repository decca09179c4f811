/*
 * store_topic.c — the topic list (schema step 6) and every query on it.
 *
 * Key decisions. A clip keeps its topic's name in clip.topic, as before the
 * list existed, so every reader of clips stays a plain select; triggers make
 * that name one of the list's (or '' for none), carry a rename over to the
 * clips, and refuse to remove a topic clips still have. Names and aliases
 * share one namespace of keys (utf8_key), checked here, so a key always
 * finds one topic. The keys are computed in C, never by SQL, because SQLite
 * knows nothing of Unicode normal forms.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/topic.h"
#include "loa/utf8.h"
#include "store/store_internal.h"

const char store_schema_v6[] = "CREATE TABLE topic (\n"
                               "  id INTEGER PRIMARY KEY,\n"
                               "  name TEXT NOT NULL UNIQUE,\n"
                               "  key TEXT NOT NULL UNIQUE,\n" /* utf8_key(name) */
                               "  furniture INTEGER NOT NULL DEFAULT 0 CHECK (furniture IN (0, 1)),\n"
                               "  created_ms INTEGER NOT NULL\n"
                               ");\n"
                               "CREATE TABLE topic_alias (\n"
                               "  key TEXT PRIMARY KEY,\n" /* utf8_key(alias) */
                               "  alias TEXT NOT NULL,\n"
                               "  topic_id INTEGER NOT NULL REFERENCES topic (id) ON DELETE CASCADE\n"
                               ") WITHOUT ROWID;\n"
                               "CREATE INDEX topic_alias_by_topic ON topic_alias (topic_id);\n"
                               "CREATE INDEX clip_by_topic ON clip (topic);\n";

/* Made after the clips' old topics are mapped onto the list. */
static const char guards[] =
    "CREATE TRIGGER clip_topic_insert BEFORE INSERT ON clip\n"
    "WHEN NEW.topic <> '' AND NOT EXISTS (SELECT 1 FROM topic WHERE name = NEW.topic)\n"
    "BEGIN SELECT RAISE(ABORT, 'a clip''s topic must be one of the station''s topics'); END;\n"
    "CREATE TRIGGER clip_topic_update BEFORE UPDATE OF topic ON clip\n"
    "WHEN NEW.topic <> '' AND NOT EXISTS (SELECT 1 FROM topic WHERE name = NEW.topic)\n"
    "BEGIN SELECT RAISE(ABORT, 'a clip''s topic must be one of the station''s topics'); END;\n"
    "CREATE TRIGGER topic_rename AFTER UPDATE OF name ON topic\n"
    "BEGIN UPDATE clip SET topic = NEW.name WHERE topic = OLD.name; END;\n"
    "CREATE TRIGGER topic_in_use BEFORE DELETE ON topic\n"
    "WHEN EXISTS (SELECT 1 FROM clip WHERE topic = OLD.name)\n"
    "BEGIN SELECT RAISE(ABORT, 'the topic is still a clip''s topic'); END;\n";

/* The usual topics of a commune station: name, aliases, furniture. The
 * first is the one the district's report is about (TOPIC_CCHC). */
static const struct {
	const char *name;
	const char *aliases[4];
	int furniture;
} defaults[] = {
    {TOPIC_CCHC, {"CCHC", "cải cách thủ tục hành chính"}, 0},
    {"thời sự – chính sách", {"thời sự", "chính sách", "tin tức"}, 0},
    {"y tế", {"sức khỏe"}, 0},
    {"nông nghiệp", {NULL}, 0},
    {"an ninh – trật tự", {"an ninh trật tự", "an ninh"}, 0},
    {"thông báo", {NULL}, 0},
    {"chương trình", {"nhạc hiệu", "mở đầu", "kết thúc"}, 1},
};

/* text cleaned and checked as a name: a new string, or NULL (printed).
 * Cleaning makes line breaks, tabs and other C0/C1 controls spaces; what
 * is left that is not one line (a bidirectional override) or longer than
 * UTF8_NAME_MAX characters is refused. */
static char *
clean_name(const char *text)
{
	char *c = utf8_clean(text);

	if (!c) {
		char *v = utf8_visible(text, 60);
		error(_("a topic must be UTF-8 text: '%s'"), v ? v : "");
		free(v);
		return NULL;
	}
	if (!*c) {
		error(_("a topic needs a name"));
		free(c);
		return NULL;
	}
	if (utf8_line_refuse(c, UTF8_NAME_MAX, _("the topic's name")) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

/* The topic with this key among names and aliases: 0, 1 none, -1. */
static int
find_key(struct store *s, const char *key, struct topic *out)
{
	static const char sql[] =
	    "SELECT id, name, furniture FROM topic WHERE key = ?1"
	    " UNION ALL SELECT t.id, t.name, t.furniture FROM topic_alias a JOIN topic t ON t.id = a.topic_id"
	    " WHERE a.key = ?1 LIMIT 1";
	sqlite3_stmt *q = store_cached(s, sql);
	int rc;

	if (!q)
		return -1;
	store_bind_text(q, 1, key);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && out) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(q, 0);
		snprintf(out->name, sizeof out->name, "%s", store_col_text(q, 1));
		out->furniture = sqlite3_column_int(q, 2);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return store_error(s, _("cannot read the topic list"));
}

int
topic_find(struct store *s, const char *text, struct topic *out)
{
	char *key = utf8_key(text);
	int rc;

	if (!key)
		return 1;
	rc = find_key(s, key, out);
	free(key);
	return rc;
}

/* Fails (printed) when key is already a topic's name or alias. */
static int
key_free(struct store *s, const char *key, const char *text)
{
	struct topic t;
	int rc = find_key(s, key, &t);

	if (rc < 0)
		return -1;
	if (rc == 0)
		return error(_("'%s' is already the topic '%s' (or one of its other names)"), text, t.name);
	return 0;
}

int
topic_add(struct store *s, const char *name, int furniture, int64_t *id)
{
	char *c = clean_name(name), *key = c ? utf8_key(c) : NULL;
	sqlite3_stmt *q;
	int rc = -1;

	if (!key)
		goto done;
	if (key_free(s, key, c) != 0)
		goto done;
	if (!(q = store_prepare(s,
	                        "INSERT INTO topic (name, key, furniture, created_ms) VALUES (?, ?, ?, ?)")))
		goto done;
	store_bind_text(q, 1, c);
	store_bind_text(q, 2, key);
	sqlite3_bind_int(q, 3, furniture != 0);
	sqlite3_bind_int64(q, 4, clock_wall_ms());
	if (sqlite3_step(q) == SQLITE_DONE) {
		if (id)
			*id = sqlite3_last_insert_rowid(s->db);
		rc = 0;
	} else {
		store_error(s, _("cannot add the topic"));
	}
	sqlite3_finalize(q);
done:
	free(c);
	free(key);
	return rc;
}

int
topic_alias_add(struct store *s, int64_t id, const char *alias)
{
	char *c = clean_name(alias), *key = c ? utf8_key(c) : NULL;
	sqlite3_stmt *q;
	int rc = -1;

	if (!key || key_free(s, key, c) != 0)
		goto done;
	if (!(q = store_prepare(s, "INSERT INTO topic_alias (key, alias, topic_id) VALUES (?, ?, ?)")))
		goto done;
	store_bind_text(q, 1, key);
	store_bind_text(q, 2, c);
	sqlite3_bind_int64(q, 3, id);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, _("cannot add the topic's other name"));
	sqlite3_finalize(q);
done:
	free(c);
	free(key);
	return rc;
}

int
topic_alias_remove(struct store *s, int64_t id, const char *alias)
{
	char *key = utf8_key(alias);
	sqlite3_stmt *q;
	int rc = -1;

	if (!key)
		return 1;
	if ((q = store_prepare(s, "DELETE FROM topic_alias WHERE key = ? AND topic_id = ?"))) {
		store_bind_text(q, 1, key);
		sqlite3_bind_int64(q, 2, id);
		if (sqlite3_step(q) == SQLITE_DONE)
			rc = sqlite3_changes(s->db) ? 0 : 1;
		else
			store_error(s, _("cannot change the topic"));
		sqlite3_finalize(q);
	}
	free(key);
	return rc;
}

/* Runs sql with id bound to ?1 (and text to ?2 when not NULL). */
static int
exec_id(struct store *s, const char *sql, int64_t id, const char *text, const char *what)
{
	sqlite3_stmt *q = store_prepare(s, sql);
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (text)
		store_bind_text(q, 2, text);
	rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(s, what);
	sqlite3_finalize(q);
	return rc;
}

int
topic_rename(struct store *s, int64_t id, const char *name)
{
	char *c = clean_name(name), *key = c ? utf8_key(c) : NULL, *oldkey = NULL;
	struct topic old, same;
	sqlite3_stmt *q;
	int rc = -1, step;

	if (!key)
		goto out;
	if (!(q = store_prepare(s, "SELECT name, key FROM topic WHERE id = ?")))
		goto out;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		rc = 1;
		goto out;
	}
	snprintf(old.name, sizeof old.name, "%s", store_col_text(q, 0));
	oldkey = strdup(store_col_text(q, 1));
	sqlite3_finalize(q);
	if (!oldkey || store_begin(s) != 0)
		goto out;
	/* The new name may be one of the topic's own aliases, or differ from
	 * the old only in spelling (the same key): neither is taken. */
	int found = find_key(s, key, &same);
	if (found < 0 || (found == 0 && same.id != id)) {
		if (found == 0)
			error(_("'%s' is already the topic '%s' (or one of its other names)"), c, same.name);
		goto fail;
	}
	if (exec_id(s, "DELETE FROM topic_alias WHERE topic_id = ?1 AND key = ?2", id, key,
	            _("cannot rename the topic")) != 0)
		goto fail;
	if (!(q = store_prepare(s, "UPDATE topic SET name = ?2, key = ?3 WHERE id = ?1")))
		goto fail;
	sqlite3_bind_int64(q, 1, id);
	store_bind_text(q, 2, c);
	store_bind_text(q, 3, key);
	if ((step = sqlite3_step(q)) != SQLITE_DONE)
		store_error(s, _("cannot rename the topic"));
	sqlite3_finalize(q);
	if (step != SQLITE_DONE)
		goto fail;
	/* The old name stays findable, unless only its spelling changed. */
	if (strcmp(oldkey, key) != 0 &&
	    !(q = store_prepare(s, "INSERT INTO topic_alias (key, alias, topic_id) VALUES (?, ?, ?)")))
		goto fail;
	if (strcmp(oldkey, key) != 0) {
		store_bind_text(q, 1, oldkey);
		store_bind_text(q, 2, old.name);
		sqlite3_bind_int64(q, 3, id);
		int ok = sqlite3_step(q) == SQLITE_DONE;
		if (!ok)
			store_error(s, _("cannot rename the topic"));
		sqlite3_finalize(q);
		if (!ok)
			goto fail;
	}
	rc = store_commit(s);
	goto out;
fail:
	store_rollback(s);
out:
	free(c);
	free(key);
	free(oldkey);
	return rc;
}

int
topic_set_furniture(struct store *s, int64_t id, int furniture)
{
	return exec_id(s,
	               furniture ? "UPDATE topic SET furniture = 1 WHERE id = ?1"
	                         : "UPDATE topic SET furniture = 0 WHERE id = ?1",
	               id, NULL, _("cannot change the topic"));
}

int
topic_remove(struct store *s, int64_t id, int force)
{
	sqlite3_stmt *q =
	    store_prepare(s, "SELECT count(*) FROM clip WHERE topic = (SELECT name FROM topic WHERE id = ?)");
	int64_t n = 0;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (n && !force)
		return error(_("%" PRId64 " clip(s) have this topic"), n);
	if (store_begin(s) != 0)
		return -1;
	if (exec_id(s, "UPDATE clip SET topic = '' WHERE topic = (SELECT name FROM topic WHERE id = ?1)", id,
	            NULL, _("cannot remove the topic")) != 0 ||
	    exec_id(s, "DELETE FROM topic WHERE id = ?1", id, NULL, _("cannot remove the topic")) != 0) {
		store_rollback(s);
		return -1;
	}
	if (sqlite3_changes(s->db) == 0) {
		store_rollback(s);
		return 1;
	}
	return store_commit(s);
}

int
topic_list(struct store *s, struct topic **out, size_t *n)
{
	static const char sql[] = "SELECT t.id, t.name, t.furniture,"
	                          " (SELECT group_concat(alias, '; ') FROM (SELECT alias FROM topic_alias "
	                          "WHERE topic_id = t.id ORDER BY alias)),"
	                          " (SELECT count(*) FROM clip WHERE topic = t.name)"
	                          " FROM topic t ORDER BY t.id";
	sqlite3_stmt *q = store_prepare(s, sql);
	struct topic *v = NULL;
	size_t cap = 0;
	int step;

	*out = NULL, *n = 0;
	if (!q)
		return -1;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			struct topic *nv = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof *nv);
			if (!nv) {
				free(v);
				sqlite3_finalize(q);
				return error(_("out of memory"));
			}
			v = nv;
		}
		struct topic *t = &v[(*n)++];
		memset(t, 0, sizeof *t);
		t->id = sqlite3_column_int64(q, 0);
		snprintf(t->name, sizeof t->name, "%s", store_col_text(q, 1));
		t->furniture = sqlite3_column_int(q, 2);
		snprintf(t->aliases, sizeof t->aliases, "%s", store_col_text(q, 3));
		t->clips = sqlite3_column_int64(q, 4);
	}
	sqlite3_finalize(q);
	if (step != SQLITE_DONE) {
		free(v);
		*n = 0;
		return store_error(s, _("cannot read the topic list"));
	}
	*out = v;
	return 0;
}

int
topic_names(struct store *s, char *buf, size_t n)
{
	struct topic *v;
	size_t nv, len = 0;

	buf[0] = 0;
	if (topic_list(s, &v, &nv) != 0)
		return -1;
	for (size_t i = 0; i < nv && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "", v[i].name);
	free(v);
	return 0;
}

int
topic_defaults(struct store *s)
{
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		int64_t id;
		int rc = topic_find(s, defaults[i].name, NULL);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue; /* already there, perhaps under this name as an alias */
		if (topic_add(s, defaults[i].name, defaults[i].furniture, &id) != 0)
			return -1;
		for (int k = 0; k < 4 && defaults[i].aliases[k]; k++) {
			if ((rc = topic_find(s, defaults[i].aliases[k], NULL)) < 0)
				return -1;
			if (rc == 1 && topic_alias_add(s, id, defaults[i].aliases[k]) != 0)
				return -1;
		}
	}
	return 0;
}

/*
 * Schema step 6, after its tables exist: the usual topics, then every
 * free-text topic the clips had, mapped onto the list by key ("CCHC" and
 * "cải cách hành chính " become "cải cách hành chính"); a topic the list
 * does not know becomes a new topic with that name. Said once, here.
 */
int
store_topic_upgrade(struct store *s)
{
	sqlite3_stmt *q;
	char **old = NULL;
	size_t n = 0, cap = 0;
	int rc = -1, step;

	if (topic_defaults(s) != 0)
		return -1;
	if (!(q = store_prepare(s, "SELECT DISTINCT topic FROM clip WHERE topic <> '' ORDER BY topic")))
		return -1;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			char **nv = realloc(old, (cap = cap ? cap * 2 : 16) * sizeof *nv);
			if (!nv)
				break;
			old = nv;
		}
		if (!(old[n] = strdup(store_col_text(q, 0))))
			break;
		n++;
	}
	sqlite3_finalize(q);
	if (step != SQLITE_DONE) {
		error(_("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		struct topic t;
		int found = topic_find(s, old[i], &t);
		if (found < 0)
			goto done;
		if (found == 1) {
			char *c = utf8_clean(old[i]);
			/* An older station's free text: made one line and cut to
			 * a name's length rather than refused, so it upgrades. */
			if (c) {
				utf8_line_fix(c);
				utf8_cut(c, UTF8_NAME_MAX);
			}
			int added = c && *c && topic_add(s, c, 0, &t.id) == 0;
			if (added) {
				snprintf(t.name, sizeof t.name, "%s", c);
				log_info(
				    _("the clips' topic '%s' is new to the topic list: added as a topic"), c);
			}
			free(c);
			if (!added)
				goto done;
		} else if (strcmp(t.name, old[i]) != 0) {
			log_info(_("the clips' topic '%s' is now the topic '%s'"), old[i], t.name);
		}
		if (exec_id(s,
		            "UPDATE clip SET topic = (SELECT name FROM topic WHERE id = ?1) WHERE topic = ?2",
		            t.id, old[i], _("cannot upgrade the clips' topics")) != 0)
			goto done;
	}
	rc = store_exec(s, guards);
done:
	for (size_t i = 0; i < n; i++)
		free(old[i]);
	free(old);
	return rc;
}
