/*
 * airlog_row.c — an airing log row apart from any database: its status
 * names, its reason, and the canonical encoding its hash is taken over.
 * The store writes rows hashed here and its chain check (src/store/
 * store_chain.c) recomputes the same hashes; this module needs neither.
 *
 * The canonical encoding is plain text so an independent program can
 * recompute a hash (tests/cli/test_airlog.py does, in Python). Chain
 * version 2 (schema step 7 on):
 *
 *   "loa-airing-2\n" then, for each field in this order, one line:
 *   id seq scheduled_ms started_ms ended_ms closed_ms played_ms status late
 *   delay_ms reason reason_code slot_id tier clip_id playlist title topic
 *   sha256 device, then the number of items, then for each item in
 *   position order: position clip_id title topic sha256 started_ms
 *   played_ms status reason_code reason; then prev_hash.
 *
 * From schema step 12 a row may name the leader who approved its slot
 * (approved_by). When it does, that is one more text field after the
 * items, before prev_hash; a row without one (every row written before,
 * and the technician's slots) is encoded exactly as before, so its hash
 * still recomputes. Setting or clearing it afterwards breaks the hash.
 *
 * From schema step 13 on a row may name who asked for it now (the
 * emergency button: requested_by). That text follows device, in both
 * versions, only when it is there (not SQL NULL): every row written before
 * has none and keeps its hash, and adding or removing one changes the
 * hash, since a text field ("t...") is never an integer ("i...").
 *
 * From schema step 15 on a row may name the hub's bulletin whose clip it
 * aired (bulletin, doc/link.md). When it does (not SQL NULL), that is one
 * more integer field after approved_by, before prev_hash: every row
 * without one is encoded exactly as before, and an integer ("i...") is
 * never a text ("t..."), so it cannot pass for an approver.
 *
 * Version 1 (the rows written before) is "loa-airing-1\n" and the same
 * fields without reason_code and without items. A version 1 row never has
 * items; should one be given some, they are encoded after its fields as in
 * version 2, so its hash no longer recomputes and verify names it.
 *
 * Integers are "i<decimal>", text "t<byte length>:<bytes>", SQL NULL "n";
 * each followed by "\n".
 *
 * The length prefix makes the encoding unambiguous whatever the text holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loa/airlog.h"
#include "loa/fmt.h"
#include "loa/hash.h"
#include "loa/reason.h"

static const char *const status_names[AIRLOG_NSTATUS] = {
    [AIRLOG_PLAYING] = "playing", [AIRLOG_COMPLETED] = "completed", [AIRLOG_INTERRUPTED] = "interrupted",
    [AIRLOG_FAILED] = "failed",   [AIRLOG_MISSED] = "missed",       [AIRLOG_SKIPPED] = "skipped",
    [AIRLOG_PARTIAL] = "partial",
};
#define NSTATUS ((int)(sizeof status_names / sizeof status_names[0]))

const char *
airlog_status_name(enum airlog_status s)
{
	return (int)s >= 0 && (int)s < NSTATUS ? status_names[s] : NULL;
}

int
airlog_status_parse(const char *name, enum airlog_status *out)
{
	for (int i = 0; i < NSTATUS; i++)
		if (strcmp(name, status_names[i]) == 0) {
			*out = (enum airlog_status)i;
			return 0;
		}
	return -1;
}

enum reason
airlog_row_reason(const struct airlog_row *r)
{
	enum reason why;

	if (*r->reason_code && reason_parse(r->reason_code, &why) == 0)
		return why;
	if (*r->reason_code)
		return REASON_OTHER; /* a code this loa does not know */
	return reason_from_text(r->reason);
}

enum reason
airlog_item_reason(const struct airlog_item *it)
{
	enum reason why;

	if (*it->reason_code && reason_parse(it->reason_code, &why) == 0)
		return why;
	return *it->reason_code ? REASON_OTHER : reason_from_text(it->reason);
}

/* The canonical encoding is written straight into one buffer sized
 * beforehand (on the stack for every ordinary row): a walk of a million
 * rows spent a sixth of its time appending it piece by piece. */
#define ENC_INT_MAX       23                        /* "i" "-" 20 digits "\n" */
#define ENC_TEXT_MAX(len) ((len) + ENC_INT_MAX + 2) /* "t" length ":" text "\n" */
#define ENC_SMALL         4096

static char *
put_int(char *p, int64_t v)
{
	if (v == AIRLOG_NONE) {
		memcpy(p, "n\n", 2);
		return p + 2;
	}
	*p++ = 'i';
	if (v < 0)
		*p++ = '-';
	p = fmt_decimal(p, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
	*p++ = '\n';
	return p;
}

static char *
put_text(char *p, const char *t, size_t len, int is_null)
{
	if (is_null) {
		memcpy(p, "n\n", 2);
		return p + 2;
	}
	*p++ = 't';
	p = fmt_decimal(p, len);
	*p++ = ':';
	memcpy(p, t, len);
	p += len;
	*p++ = '\n';
	return p;
}

static const char *
status_word(enum airlog_status st)
{
	const char *w = airlog_status_name(st);

	return w ? w : "?";
}

/* One field of the encoding: an integer, or a text with its length. */
struct field {
	const char *text; /* NULL: an integer */
	size_t len;       /* the text's length */
	int64_t v;        /* the integer */
	int null;         /* SQL NULL (a text) */
};

#define F_INT(x)           ((struct field){NULL, 0, (x), 0})
#define F_TEXT(t, is_null) ((struct field){(t), strlen(t), 0, (is_null) != 0})

void
airlog_row_hash(const struct airlog_row *r, const char *prev_hash, char out[65])
{
	/* Bit i of null_mask is text field reason, tier, playlist, title,
	 * topic, sha256, device (i = 0..6), then reason_code (bit 7),
	 * approved_by (bit 8) and requested_by (bit 9). Each
	 * text's length is taken once: a walk of a million programmes spent a
	 * twentieth of its time in strlen when it was taken twice. */
	const int m = r->null_mask;
	struct field small_f[32 + 10 * 8], *f = small_f;
	char small[ENC_SMALL], *buf = small, *p;
	size_t need = 16, nf = 0, cap = sizeof small_f / sizeof small_f[0],
	       want = 24 + 10 * (size_t)r->nitems + 1;

	if (want > cap && !(f = malloc(want * sizeof *f)))
		abort(); /* a wrong hash in the log would be worse */
	f[nf++] = F_INT(r->id);
	f[nf++] = F_INT(r->seq);
	f[nf++] = F_INT(r->scheduled_ms);
	f[nf++] = F_INT(r->started_ms);
	f[nf++] = F_INT(r->ended_ms);
	f[nf++] = F_INT(r->closed_ms);
	f[nf++] = F_INT(r->played_ms);
	f[nf++] = F_TEXT(status_word(r->status), 0);
	f[nf++] = F_INT(r->late);
	f[nf++] = F_INT(r->delay_ms);
	f[nf++] = F_TEXT(r->reason, m & 1);
	if (r->v >= 2)
		f[nf++] = F_TEXT(r->reason_code, m & 128);
	f[nf++] = F_INT(r->slot_id);
	f[nf++] = F_TEXT(r->tier, m & 2);
	f[nf++] = F_INT(r->clip_id);
	f[nf++] = F_TEXT(r->playlist, m & 4);
	f[nf++] = F_TEXT(r->title, m & 8);
	f[nf++] = F_TEXT(r->topic, m & 16);
	f[nf++] = F_TEXT(r->sha256, m & 32);
	f[nf++] = F_TEXT(r->device, m & 64);
	if (!(m & 512) && r->requested_by)
		f[nf++] = F_TEXT(r->requested_by, 0);
	if (r->v >= 2 || r->nitems > 0) {
		f[nf++] = F_INT(r->nitems);
		for (int k = 0; k < r->nitems; k++) {
			const struct airlog_item *it = &r->items[k];
			f[nf++] = F_INT(it->position);
			f[nf++] = F_INT(it->clip_id);
			f[nf++] = F_TEXT(it->title, 0);
			f[nf++] = F_TEXT(it->topic, it->null_mask & 1);
			f[nf++] = F_TEXT(it->sha256, it->null_mask & 2);
			f[nf++] = F_INT(it->started_ms);
			f[nf++] = F_INT(it->played_ms);
			f[nf++] = F_TEXT(status_word(it->status), 0);
			f[nf++] = F_TEXT(it->reason_code, it->null_mask & 4);
			f[nf++] = F_TEXT(it->reason, it->null_mask & 8);
		}
	}
	if (r->approved_by && !(m & 256))
		f[nf++] = F_TEXT(r->approved_by, 0);
	if (r->bulletin > 0)
		f[nf++] = F_INT(r->bulletin);
	f[nf++] = F_TEXT(prev_hash, 0);
	for (size_t i = 0; i < nf; i++)
		need += f[i].text ? ENC_TEXT_MAX(f[i].len) : ENC_INT_MAX;
	if (need > sizeof small && !(buf = malloc(need)))
		abort();
	p = buf;
	memcpy(p, r->v >= 2 ? "loa-airing-2\n" : "loa-airing-1\n", 13);
	p += 13;
	for (size_t i = 0; i < nf; i++)
		p = f[i].text ? put_text(p, f[i].text, f[i].len, f[i].null) : put_int(p, f[i].v);
	hash_sha256_hex(buf, (size_t)(p - buf), out);
	if (buf != small)
		free(buf);
	if (f != small_f)
		free(f);
}
