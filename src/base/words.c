/*
 * words.c — the officer's words for tiers, statuses and roles (words.h).
 *
 * Key decision: the words are compared bare (utf8_bare: no diacritics, no
 * case, blanks tidied), so each is written once here without its marks.
 * Bare words must not collide across codes: "lỡ" (missed) is "lo" and
 * "lỗi" (failed) is "loi", which stay apart; a new word is checked
 * against the others by tests/unit/test_timeread.c.
 */
#include <stdlib.h>
#include <string.h>

#include "loa/i18n.h"
#include "loa/utf8.h"
#include "loa/words.h"

struct word_code {
	const char *code;     /* the stored code */
	const char *words[8]; /* the officer's words, bare; NULL ends */
};

static const struct word_code tiers[] = {
    {"normal", {"normal", "thuong", "binh thuong", NULL}},
    {"priority", {"priority", "uu tien", NULL}},
    {"emergency", {"emergency", "khan cap", "khan", NULL}},
    {NULL, {NULL}},
};

static const struct word_code roles[] = {
    {"leader", {"leader", "lanh dao", NULL}},
    {"officer", {"officer", "can bo", NULL}},
    {"viewer", {"viewer", "nguoi xem", NULL}},
    {NULL, {NULL}},
};

static const struct word_code statuses[] = {
    {"completed", {"completed", "hoan thanh", "da phat", "phat xong", "da phat xong", "xong", NULL}},
    {"partial", {"partial", "phat mot phan", "mot phan", NULL}},
    {"interrupted", {"interrupted", "bi gian doan", "gian doan", "bi ngat", "ngat", "bi cat", NULL}},
    {"failed", {"failed", "loi", "bi loi", "hong", "that bai", "khong phat duoc", NULL}},
    {"missed", {"missed", "bi lo", "lo", "bo lo", "bi bo lo", NULL}},
    {"skipped", {"skipped", "bo qua", "bi bo qua", "tam ngung", "tam dung", NULL}},
    {"playing", {"playing", "dang phat", NULL}},
    {"late", {"late", "tre", "bi tre", "phat tre", "muon", "phat muon", NULL}},
    {NULL, {NULL}},
};

const char *
words_code(enum word_set set, const char *s)
{
	const struct word_code *t = set == WORDS_TIER ? tiers : set == WORDS_ROLE ? roles : statuses;
	const char *found = NULL;
	char *b;

	if (!s || !(b = utf8_bare(s)))
		return NULL;
	for (; t->code && !found; t++)
		for (int i = 0; t->words[i] && !found; i++)
			if (strcmp(b, t->words[i]) == 0)
				found = t->code;
	free(b);
	return found;
}

const char *
words_examples(enum word_set set)
{
	if (set == WORDS_TIER)
		return _("the tiers are normal, priority and emergency (thường, ưu tiên, khẩn cấp)");
	if (set == WORDS_ROLE)
		return _("the roles are leader, officer and viewer (lãnh đạo, cán bộ, người xem)");
	return _(
	    "the statuses are completed, partial, interrupted, failed, missed, skipped, playing and late "
	    "(hoàn thành, phát một phần, bị gián đoạn, lỗi, bị lỡ, bỏ qua, đang phát, trễ); several: "
	    "missed,failed");
}
