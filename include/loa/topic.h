/*
 * topic.h — the station's list of topics: what each clip is about, and so
 * how the report counts it.
 *
 * A topic has a name as shown ("cải cách hành chính") and may have other
 * names, aliases ("CCHC"), that mean the same topic. A name is looked up by
 * its key (utf8_key: case, spaces, dashes, NFC and tone placement folded),
 * so "CCHC", "cchc " and "Cải  cách hành chính" all find the same topic,
 * and no two topics share a key. Renaming a topic keeps the old name as an
 * alias, so the airing log's copies of the old name still count under the
 * topic. A topic may be programme furniture (jingles, openings, closings):
 * aired and logged like any clip, never counted as a news item.
 *
 * loa init creates the usual topics (topic_defaults); stations made before
 * the list existed have their clips' free-text topics mapped onto it when
 * they are upgraded (schema step 6).
 *
 * Return rule: 0 done, 1 not found (quiet: the caller names what was asked
 * for), -1 error (printed).
 */
#ifndef LOA_TOPIC_H
#define LOA_TOPIC_H

#include <stddef.h>
#include <stdint.h>

#include "loa/utf8.h"

struct store;

#define TOPIC_NAME_MAX    UTF8_BYTES(UTF8_NAME_MAX) /* bytes of a name or alias, NUL included */
#define TOPIC_ALIASES_MAX 1024                      /* bytes of its aliases joined by "; " */

/* The topic the district's report is about: found by this name or alias. */
#define TOPIC_CCHC "cải cách hành chính"

struct topic {
	int64_t id;                      /* the topic's number */
	char name[TOPIC_NAME_MAX];       /* as shown, NFC */
	char aliases[TOPIC_ALIASES_MAX]; /* other names joined by "; ", "" if none */
	int furniture;                   /* 1: programme furniture, never a news item */
	int64_t clips;                   /* clips with this topic (topic_list only) */
};

/* The topic whose name or alias has text's key (see the return rule). */
int topic_find(struct store *s, const char *text, struct topic *out);
/* Every topic, in the order they were added, into a new array of *n (free it). 0 or -1. */
int topic_list(struct store *s, struct topic **out, size_t *n);
/* "a, b, c": every topic's name, for a message naming the choices. */
int topic_names(struct store *s, char *buf, size_t n);

/* Adds a topic (its name cleaned: NFC, blanks and control characters made
 * single spaces). -1 (printed) when the name is empty, over UTF8_NAME_MAX
 * characters, or its key is already a topic's name or alias. *id (may be
 * NULL) is the new topic. */
int topic_add(struct store *s, const char *name, int furniture, int64_t *id);
/* Gives topic id another name; -1 (printed) when the key is taken. */
int topic_alias_add(struct store *s, int64_t id, const char *alias);
/* Takes an alias away from topic id: 0, 1 when it has no such alias. */
int topic_alias_remove(struct store *s, int64_t id, const char *alias);
/* Renames topic id; its old name becomes an alias. Clips follow. */
int topic_rename(struct store *s, int64_t id, const char *name);
/* Marks topic id as programme furniture (1) or content (0). */
int topic_set_furniture(struct store *s, int64_t id, int furniture);
/* Removes topic id. Refused (printed, -1) while clips have it, unless
 * force, which leaves those clips with no topic. */
int topic_remove(struct store *s, int64_t id, int force);

/* Adds the usual topics that are missing (loa init, the upgrade). */
int topic_defaults(struct store *s);

#endif
