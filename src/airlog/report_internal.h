/*
 * report_internal.h — what the report's own files share: the tally
 * (report_tally.c) that report_build (report.c) drives over the log, and
 * the frame of periods and buckets (report_text.c).
 */
#ifndef LOA_REPORT_INTERNAL_H
#define LOA_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "loa/airlog.h"
#include "loa/report.h"
#include "loa/store.h"
#include "loa/topic.h"

/*
 * A small string-keyed hash table of indexes, for the words a topic was
 * logged with and for clips: the walk looks one up per item, millions of
 * times, and there are only a few hundred keys.
 */
struct report_index {
	struct {
		uint64_t hash; /* of the key */
		char *key;     /* owned */
		int value;     /* an index into the report's arrays */
	} * v;
	size_t n, cap; /* used, slots (a power of two, at most half full) */
};

struct report_fold {
	struct report *r;         /* being built */
	struct store *s;          /* for the topic list */
	const struct topic *list; /* or the list itself, without a store (loa-hub) */
	size_t nlist;
	int64_t subject_id;         /* the report's topic in the list (0: not in it) */
	char *subject_key;          /* and its key */
	struct report_index words;  /* topic words as logged -> index into r->topics */
	struct report_index topics; /* topic key -> index into r->topics */
	struct report_index clips;  /* "clip id/playlist/topic index" -> index into r->clips */
};

/* strdup that never fails (NULL is ""): out of memory aborts. */
char *report_dup(const char *s);
/* Makes room for element n (n elements so far; capacity doubles at each
 * power of two). */
void *report_grow(void *v, int n, size_t size);
/* Cuts r's period into months (or weeks, up to 62 days). 0 or -1 (printed). */
int report_make_buckets(struct report *r);
/* Folds one row of the log into f->r (an airlog_each callback; rows outside
 * the period must not be given). Always 0. */
int report_fold_row(void *ctx, const struct airlog_row *row);
/* topic_find on f's store, or in its list (same return rule). */
int report_topic_find(struct report_fold *f, const char *text, struct topic *out);
/* Frees f's indexes (not its report). */
void report_fold_done(struct report_fold *f);
/* Adds what part folded into r; part's strings and arrays go to r. */
void report_merge(struct report *r, struct report *part);
/* Sorts r's problems by time and keeps the first REPORT_MAX_PROBLEMS: the
 * ones report_tally_finish would keep, whatever is folded after. */
void report_trim_problems(struct report *r);
/* d: a copy of r, its arrays and strings its own (r is left as it is). */
void report_copy(struct report *d, const struct report *r);
/* Counts items, sorts topics, clips and problems, keeps REPORT_MAX_PROBLEMS. */
void report_tally_finish(struct report *r);

#endif
