/*
 * words.h — the officer's words for what loa names with English codes: a
 * slot's tier ("ưu tiên" for priority), an airing's status ("bị lỡ" for
 * missed) and an account's role ("cán bộ" for officer), read with or
 * without diacritics, in any case, composed or decomposed (utf8_bare).
 * The codes stay what the station stores and what CSV and JSON write;
 * these words are only read. Dates, times, weekdays and periods are
 * timeutil.h's.
 */
#ifndef LOA_WORDS_H
#define LOA_WORDS_H

enum word_set {
	WORDS_TIER,   /* normal, priority, emergency */
	WORDS_STATUS, /* an airing's or item's status, and "late" */
	WORDS_ROLE, /* an account's role: leader, officer, viewer ("lãnh đạo", "cán bộ", "người xem") */
};

/* The code that the officer's word s means in set ("ưu tiên" -> "priority",
 * "bi lo" -> "missed", "Trễ" -> "late"); the code itself is one of its
 * words. NULL when s is none of them (quiet). */
const char *words_code(enum word_set set, const char *s);

/* The words of set, for the hint under a refusal. Translated. */
const char *words_examples(enum word_set set);

#endif
