/*
 * report_tally.c — the report's figures: each closed row of the period
 * folded into its month, each item airing into its topic, its clip and
 * the totals (items, airings, airtime), problems and planned skips listed
 * apart; the parts a threaded chain check folded added together; items
 * counted and everything sorted at the end.
 *
 * Key decision: every item airing counts under its own topic. A playlist
 * airing of a CCHC item and a health item is one programme, but one airing
 * of each topic; a version 1 row (before items were logged) stands for
 * its one item.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "loa/airlog.h"
#include "loa/fmt.h"
#include "loa/report.h"
#include "loa/topic.h"
#include "loa/utf8.h"
#include "airlog/report_internal.h"

char *
report_dup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		abort();
	return d;
}

/* Makes room for element n (n elements so far; capacity doubles at each
 * power of two). */
void *
report_grow(void *v, int n, size_t size)
{
	if (n && (n & (n - 1)))
		return v;
	v = realloc(v, size * (size_t)(n ? 2 * n : 1));
	if (!v)
		abort();
	return v;
}

static uint64_t
fnv(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

/* The slot of key (its value, or where it goes). */
static size_t
index_slot(const struct report_index *x, const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (x->cap - 1);

	while (x->v[i].key && (x->v[i].hash != h || strncmp(x->v[i].key, key, len) != 0 || x->v[i].key[len]))
		i = (i + 1) & (x->cap - 1);
	return i;
}

/* key's value, or -1. */
static int
index_get(const struct report_index *x, const char *key, size_t len)
{
	size_t i;

	if (!x->cap)
		return -1;
	i = index_slot(x, key, len, fnv(key, len));
	return x->v[i].key ? x->v[i].value : -1;
}

static void
index_put(struct report_index *x, const char *key, size_t len, int value)
{
	uint64_t h = fnv(key, len);
	size_t i;

	if (2 * (x->n + 1) > x->cap) {
		struct report_index old = *x;
		x->cap = x->cap ? x->cap * 2 : 64;
		if (!(x->v = calloc(x->cap, sizeof *x->v)))
			abort();
		x->n = 0;
		for (size_t k = 0; k < old.cap; k++)
			if (old.v[k].key) {
				i = index_slot(x, old.v[k].key, strlen(old.v[k].key), old.v[k].hash);
				x->v[i] = old.v[k];
				x->n++;
			}
		free(old.v);
	}
	i = index_slot(x, key, len, h);
	if (!x->v[i].key) {
		if (!(x->v[i].key = malloc(len + 1)))
			abort();
		memcpy(x->v[i].key, key, len);
		x->v[i].key[len] = 0;
		x->v[i].hash = h;
		x->n++;
	}
	x->v[i].value = value;
}

static void
index_free(struct report_index *x)
{
	for (size_t i = 0; i < x->cap; i++)
		free(x->v[i].key);
	free(x->v);
	memset(x, 0, sizeof *x);
}

/* Whether the key of one of the names in list ("a; b") is key. */
static int
names_have(const char *list, const char *key)
{
	for (const char *p = list; *p;) {
		const char *end = strstr(p, "; ");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char one[TOPIC_NAME_MAX], *k;
		int same;

		snprintf(one, sizeof one, "%.*s", (int)n, p);
		k = utf8_key(one);
		same = k && strcmp(k, key) == 0;
		free(k);
		if (same)
			return 1;
		p += n + (end ? 2 : 0);
	}
	return 0;
}

int
report_topic_find(struct report_fold *f, const char *text, struct topic *out)
{
	char *key;
	int found = 1;

	if (f->s)
		return topic_find(f->s, text, out);
	if (!(key = utf8_key(text)))
		return 1;
	/* An alias is never another topic's name (topic.h), so the first
	 * match is the one. */
	for (size_t i = 0; i < f->nlist && found; i++)
		if (names_have(f->list[i].name, key) || names_have(f->list[i].aliases, key)) {
			*out = f->list[i];
			found = 0;
		}
	free(key);
	return found;
}

/* The report topic that logged words stand for (resolved once per
 * spelling through the topic list). */
static int
topic_of(struct report_fold *f, const char *words)
{
	size_t len = strlen(words);
	int t = index_get(&f->words, words, len);
	struct report *r = f->r;
	struct topic tp;
	char *key;
	int found;

	if (t >= 0)
		return t;
	found = *words ? report_topic_find(f, words, &tp) : 1;
	if (found < 0)
		found = 1; /* counted under the words as logged; the error was printed */
	if (found == 0)
		key = utf8_key(tp.name);
	else
		key = utf8_key(words);
	if (!key)
		key = report_dup(words); /* not UTF-8: kept as its own topic */
	t = index_get(&f->topics, key, strlen(key));
	if (t < 0) {
		char *name = found == 0 ? report_dup(tp.name) : utf8_clean(words);
		r->topics = report_grow(r->topics, r->ntopics, sizeof *r->topics);
		t = r->ntopics++;
		r->topics[t] = (struct report_topic){
		    .topic = name ? name : report_dup(words),
		    .furniture = found == 0 && tp.furniture,
		    .subject = found == 0 ? tp.id == f->subject_id
		                          : f->subject_key && strcmp(key, f->subject_key) == 0,
		};
		index_put(&f->topics, key, strlen(key), t);
	}
	free(key);
	index_put(&f->words, words, len, t);
	return t;
}

/* The report's entry for a clip under a topic, made on first sight. */
static struct report_clip *
clip_of(struct report_fold *f, int64_t clip_id, const char *playlist, int topic, const char *title,
        int64_t at)
{
	struct report *r = f->r;
	char key[320], *p = key;
	size_t pl = strnlen(playlist, 256);
	int n, c;

	/* "clip/topic/playlist", by hand: this runs once per item airing. */
	p = fmt_decimal(p, (uint64_t)clip_id);
	*p++ = '/';
	p = fmt_decimal(p, (uint64_t)topic);
	*p++ = '/';
	memcpy(p, playlist, pl);
	p += pl;
	*p = 0;
	n = (int)(p - key);
	c = index_get(&f->clips, key, (size_t)n);

	if (c < 0) {
		r->clips = report_grow(r->clips, r->nclips, sizeof *r->clips);
		c = r->nclips++;
		r->clips[c] = (struct report_clip){.clip_id = clip_id,
		                                   .playlist = report_dup(playlist),
		                                   .title = report_dup(title),
		                                   .topic = report_dup(r->topics[topic].topic),
		                                   .furniture = r->topics[topic].furniture,
		                                   .latest_ms = at};
		index_put(&f->clips, key, (size_t)n, c);
	} else if (at > r->clips[c].latest_ms) {
		free(r->clips[c].title);
		r->clips[c].title = report_dup(title);
		r->clips[c].latest_ms = at;
	}
	return &r->clips[c];
}

static void
add_problem(struct report_fold *f, const struct airlog_row *row, enum airlog_status st, const char *item,
            enum reason why, const char *detail, int64_t played_ms)
{
	struct report *r = f->r;

	r->problems_total++;
	r->problems = report_grow(r->problems, r->nproblems, sizeof *r->problems);
	r->problems[r->nproblems++] = (struct report_problem){
	    .id = row->id,
	    .scheduled_ms = row->scheduled_ms,
	    .status = st,
	    .played_ms = played_ms,
	    .title = report_dup(row->title),
	    .item = report_dup(item),
	    .why = why,
	    .detail = report_dup(detail),
	};
}

static void
add_skip(struct report *r, enum reason why, int64_t at, int programme)
{
	struct report_skip *k = &r->skips[(int)why >= 0 && why < REASON_COUNT ? why : REASON_OTHER];

	if (!k->programmes && !k->items)
		k->first_ms = k->last_ms = at;
	k->why = why;
	k->programmes += programme;
	k->items += !programme;
	if (at < k->first_ms)
		k->first_ms = at;
	if (at > k->last_ms)
		k->last_ms = at;
	r->skipped_total += programme;
}

/* One item airing (or a version 1 row standing for one). Returns whether
 * it was a completed airing of the report's topic. */
static int
fold_item(struct report_fold *f, const struct airlog_row *row, struct report_bucket *b, int64_t clip_id,
          const char *playlist, const char *title, const char *topic_words, enum airlog_status st,
          int64_t played_ms)
{
	struct report *r = f->r;
	int t = topic_of(f, topic_words);
	struct report_topic *tp = &r->topics[t];
	struct report_clip *c = clip_of(f, clip_id, playlist, t, title, row->scheduled_ms);
	int done = st == AIRLOG_COMPLETED;

	r->totals.airtime_ms += played_ms;
	b->sums.airtime_ms += played_ms;
	tp->sums.airtime_ms += played_ms;
	c->airtime_ms += played_ms;
	if (tp->furniture) {
		r->furniture_airtime_ms += played_ms;
		r->furniture_airings += done;
	} else {
		r->content_airtime_ms += played_ms;
		r->totals.airings += done;
		b->sums.airings += done;
		if (tp->subject) {
			r->subject.airtime_ms += played_ms;
			r->subject.airings += done;
			b->subject_airings += done;
		}
	}
	tp->sums.airings += done;
	if (done) {
		c->airings++;
		if (!c->first_ms || row->scheduled_ms < c->first_ms)
			c->first_ms = row->scheduled_ms;
		if (row->scheduled_ms > c->last_ms)
			c->last_ms = row->scheduled_ms;
	}
	return done && tp->subject && !tp->furniture;
}

int
report_fold_row(void *ctx, const struct airlog_row *row)
{
	struct report_fold *f = ctx;
	struct report *r = f->r;
	struct report_bucket *b;
	int lo = 0, hi = r->nbuckets, subject = 0;
	enum reason why;

	if ((int)row->status < 0 || row->status >= AIRLOG_NSTATUS || row->status == AIRLOG_PLAYING)
		return 0;     /* on air now (counted once closed), or a tamperer's word that verify names */
	while (hi - lo > 1) { /* buckets[lo].from_ms <= scheduled */
		int m = (lo + hi) / 2;
		if (row->scheduled_ms >= r->buckets[m].from_ms)
			lo = m;
		else
			hi = m;
	}
	b = &r->buckets[lo];
	r->by_status[row->status]++;
	r->late += row->late != 0;
	why = airlog_row_reason(row);
	if (row->status == AIRLOG_SKIPPED) {
		add_skip(r, why, row->scheduled_ms, 1);
		return 0;
	}
	if (row->played_ms > 0) {
		r->totals.programmes++;
		b->sums.programmes++;
	} else if (row->status != AIRLOG_COMPLETED) {
		r->totals.not_aired++;
		b->sums.not_aired++;
	}
	if (row->status == AIRLOG_MISSED || row->status == AIRLOG_FAILED || row->status == AIRLOG_INTERRUPTED)
		add_problem(f, row, row->status, "", why, row->reason, row->played_ms);
	if (row->v < 2) {
		/* Before items: the row is its one item. */
		if (row->status == AIRLOG_COMPLETED || row->status == AIRLOG_INTERRUPTED)
			subject = fold_item(f, row, b, row->clip_id, row->clip_id ? "" : row->playlist,
			                    row->title, row->topic, row->status, row->played_ms);
	} else {
		for (int i = 0; i < row->nitems; i++) {
			const struct airlog_item *it = &row->items[i];
			if (it->status == AIRLOG_SKIPPED) {
				add_skip(r, airlog_item_reason(it), row->scheduled_ms, 0);
				continue;
			}
			if (it->status == AIRLOG_FAILED && row->status != AIRLOG_FAILED)
				add_problem(f, row, AIRLOG_FAILED, it->title, airlog_item_reason(it),
				            it->reason, it->played_ms);
			if (it->played_ms > 0 || it->status == AIRLOG_COMPLETED)
				subject |= fold_item(f, row, b, it->clip_id, "", it->title, it->topic,
				                     it->status, it->played_ms);
		}
	}
	r->subject.programmes += subject;
	return 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct report_problem *x = a, *y = b;

	if (x->scheduled_ms != y->scheduled_ms)
		return x->scheduled_ms < y->scheduled_ms ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
by_airtime(const void *a, const void *b)
{
	const struct report_topic *x = a, *y = b;

	if (x->furniture != y->furniture)
		return x->furniture - y->furniture;
	if (x->subject != y->subject)
		return y->subject - x->subject;
	if (x->sums.airtime_ms != y->sums.airtime_ms)
		return x->sums.airtime_ms < y->sums.airtime_ms ? 1 : -1;
	return strcmp(x->topic, y->topic);
}

static int
by_airings(const void *a, const void *b)
{
	const struct report_clip *x = a, *y = b;

	if (x->furniture != y->furniture)
		return x->furniture - y->furniture;
	if (x->airings != y->airings)
		return x->airings < y->airings ? 1 : -1;
	if (x->airtime_ms != y->airtime_ms)
		return x->airtime_ms < y->airtime_ms ? 1 : -1;
	return strcmp(report_clip_title(x), report_clip_title(y));
}

static int
by_clip_key(const void *a, const void *b)
{
	const struct report_clip *x = *(const struct report_clip *const *)a,
	                         *y = *(const struct report_clip *const *)b;

	if (x->clip_id != y->clip_id)
		return x->clip_id < y->clip_id ? -1 : 1;
	return strcmp(x->playlist, y->playlist);
}

/* Items: distinct clips with a completed airing, per topic (an entry is a
 * clip under one topic) and in all (a clip counted once across topics). */
static void
count_items(struct report *r)
{
	struct report_clip **v = malloc(((size_t)r->nclips + 1) * sizeof *v);
	int n = 0;

	if (!v)
		abort();
	for (int i = 0; i < r->nclips; i++) {
		struct report_clip *c = &r->clips[i];
		if (!c->airings)
			continue;
		for (int t = 0; t < r->ntopics; t++)
			if (strcmp(r->topics[t].topic, c->topic) == 0) {
				r->topics[t].sums.items++;
				if (r->topics[t].subject && !r->topics[t].furniture)
					r->subject.items++;
				break;
			}
		if (!c->furniture)
			v[n++] = c;
	}
	qsort(v, (size_t)n, sizeof *v, by_clip_key);
	for (int i = 0; i < n; i++)
		if (i == 0 || by_clip_key(&v[i - 1], &v[i]) != 0)
			r->totals.items++;
	free(v);
}

void
report_fold_done(struct report_fold *f)
{
	index_free(&f->words);
	index_free(&f->topics);
	index_free(&f->clips);
	free(f->subject_key);
	f->subject_key = NULL;
}

/* A part's own report: r's frame (period, buckets, topic), no figures. */

void
report_merge(struct report *r, struct report *part)
{
	struct report_sums *a = &r->totals, *b = &part->totals;

	a->airings += b->airings, a->programmes += b->programmes, a->airtime_ms += b->airtime_ms;
	a->not_aired += b->not_aired;
	r->subject.airings += part->subject.airings, r->subject.programmes += part->subject.programmes;
	r->subject.airtime_ms += part->subject.airtime_ms;
	r->content_airtime_ms += part->content_airtime_ms;
	r->furniture_airings += part->furniture_airings;
	r->furniture_airtime_ms += part->furniture_airtime_ms;
	r->late += part->late;
	r->skipped_total += part->skipped_total;
	r->problems_total += part->problems_total;
	for (int i = 0; i < AIRLOG_NSTATUS; i++)
		r->by_status[i] += part->by_status[i];
	for (int i = 0; i < r->nbuckets; i++) {
		struct report_sums *x = &r->buckets[i].sums, *y = &part->buckets[i].sums;
		x->airings += y->airings, x->programmes += y->programmes, x->airtime_ms += y->airtime_ms;
		x->not_aired += y->not_aired;
		r->buckets[i].subject_airings += part->buckets[i].subject_airings;
	}
	for (int i = 0; i < REASON_COUNT; i++) {
		struct report_skip *x = &r->skips[i], *y = &part->skips[i];
		if (!y->programmes && !y->items)
			continue;
		if (!x->programmes && !x->items)
			*x = *y;
		else {
			x->programmes += y->programmes, x->items += y->items;
			x->first_ms = y->first_ms < x->first_ms ? y->first_ms : x->first_ms;
			x->last_ms = y->last_ms > x->last_ms ? y->last_ms : x->last_ms;
		}
	}
	for (int i = 0; i < part->ntopics; i++) {
		struct report_topic *y = &part->topics[i];
		int k;
		for (k = 0; k < r->ntopics && strcmp(r->topics[k].topic, y->topic) != 0; k++)
			;
		if (k == r->ntopics) {
			r->topics = report_grow(r->topics, r->ntopics, sizeof *r->topics);
			r->topics[r->ntopics++] = *y;
			continue;
		}
		r->topics[k].sums.airings += y->sums.airings;
		r->topics[k].sums.airtime_ms += y->sums.airtime_ms;
		free(y->topic);
	}
	for (int i = 0; i < part->nclips; i++) {
		struct report_clip *y = &part->clips[i], *x = NULL;
		for (int k = 0; k < r->nclips && !x; k++)
			if (r->clips[k].clip_id == y->clip_id &&
			    strcmp(r->clips[k].playlist, y->playlist) == 0 &&
			    strcmp(r->clips[k].topic, y->topic) == 0)
				x = &r->clips[k];
		if (!x) {
			r->clips = report_grow(r->clips, r->nclips, sizeof *r->clips);
			r->clips[r->nclips++] = *y;
			continue;
		}
		x->airings += y->airings, x->airtime_ms += y->airtime_ms;
		if (y->first_ms && (!x->first_ms || y->first_ms < x->first_ms))
			x->first_ms = y->first_ms;
		if (y->last_ms > x->last_ms)
			x->last_ms = y->last_ms;
		if (y->latest_ms > x->latest_ms) {
			free(x->title);
			x->title = y->title;
			x->latest_ms = y->latest_ms;
			y->title = NULL;
		}
		free(y->title);
		free(y->playlist);
		free(y->topic);
	}
	for (int i = 0; i < part->nproblems; i++) {
		r->problems = report_grow(r->problems, r->nproblems, sizeof *r->problems);
		r->problems[r->nproblems++] = part->problems[i];
	}
	free(part->topics);
	free(part->clips);
	free(part->problems);
	free(part->buckets);
	memset(part, 0, sizeof *part);
}

void
report_trim_problems(struct report *r)
{
	if (r->nproblems)
		qsort(r->problems, (size_t)r->nproblems, sizeof *r->problems, by_time);
	while (r->nproblems > REPORT_MAX_PROBLEMS) {
		struct report_problem *q = &r->problems[--r->nproblems];
		free(q->title);
		free(q->item);
		free(q->detail);
	}
}

/* A copy of n elements of size bytes, with room for one more at least
 * and as much as report_grow counts on. */
static void *
copy_array(const void *v, int n, size_t size)
{
	int cap = 1;
	void *d;

	while (cap < n + 1)
		cap *= 2;
	if (!(d = malloc(size * (size_t)cap)))
		abort();
	if (n)
		memcpy(d, v, size * (size_t)n);
	return d;
}

void
report_copy(struct report *d, const struct report *r)
{
	*d = *r;
	d->topics = copy_array(r->topics, r->ntopics, sizeof *r->topics);
	d->clips = copy_array(r->clips, r->nclips, sizeof *r->clips);
	d->problems = copy_array(r->problems, r->nproblems, sizeof *r->problems);
	d->buckets = copy_array(r->buckets, r->nbuckets, sizeof *r->buckets);
	for (int i = 0; i < r->ntopics; i++)
		d->topics[i].topic = report_dup(r->topics[i].topic);
	for (int i = 0; i < r->nclips; i++) {
		d->clips[i].playlist = report_dup(r->clips[i].playlist);
		d->clips[i].title = report_dup(r->clips[i].title);
		d->clips[i].topic = report_dup(r->clips[i].topic);
	}
	for (int i = 0; i < r->nproblems; i++) {
		d->problems[i].title = report_dup(r->problems[i].title);
		d->problems[i].item = report_dup(r->problems[i].item);
		d->problems[i].detail = report_dup(r->problems[i].detail);
	}
}

void
report_tally_finish(struct report *r)
{
	count_items(r);
	report_trim_problems(r);
	if (r->ntopics)
		qsort(r->topics, (size_t)r->ntopics, sizeof *r->topics, by_airtime);
	if (r->nclips)
		qsort(r->clips, (size_t)r->nclips, sizeof *r->clips, by_airings);
}
