/*
 * ical.h — the recurrence module: iCalendar (RFC 5545) in and out, on
 * libical. Only src/schedule/ical*.c include libical; everything else sees
 * events as text and instants as UTC milliseconds.
 *
 * Reading a file checks what libical lets through (impossible dates, DTEND
 * before DTSTART, missing DTSTART, unknown zones, non-UTF-8 text, broken
 * nesting) and reports the file's line number. Each event becomes a
 * canonical text — its master VEVENT and its moved occurrences
 * (RECURRENCE-ID), with every TZID rewritten to an IANA zone — which the
 * store keeps as the slot and which ical_rule_load() expands.
 */
#ifndef LOA_ICAL_H
#define LOA_ICAL_H

#include <stddef.h>
#include <stdint.h>

#include "loa/timeutil.h"

/* Limits that keep a bad calendar from hanging or flooding loa. */
#define ICAL_MAX_FILE_BYTES (4 * 1024 * 1024) /* a larger .ics is refused */
#define ICAL_MAX_COUNT      20000             /* largest COUNT accepted */
#define ICAL_MAX_PER_YEAR   20000             /* most airings of one slot in its first year */
#define ICAL_MAX_PER_DAY                                                                                     \
	144 /* most airings of one slot on any day of its                                                    \
	       life (every 10 minutes), counted from the                                                     \
	       rule's parts and its RDATEs */

/* One event of a calendar file, checked and made canonical. */
struct ical_event {
	int line;              /* line of its BEGIN:VEVENT in the file */
	char *uid;             /* UID */
	char *summary;         /* SUMMARY, or NULL */
	char *text;            /* canonical text: master VEVENT + overrides */
	int all_day;           /* DTSTART is a DATE: cannot air (blackout day) */
	struct civil *days;    /* all_day: the dates it covers (expanded) */
	int ndays;             /* number of days */
	int64_t x_clip;        /* X-LOA-CLIP, 0 when absent */
	char *x_playlist;      /* X-LOA-PLAYLIST, or NULL */
	char *x_tier;          /* X-LOA-TIER, or NULL */
	int enabled;           /* 0 when X-LOA-ENABLED:FALSE, else 1 */
	char *attach;          /* ATTACH value (path or URI), or NULL */
	char *attach_name;     /* ATTACH's FILENAME parameter, or NULL */
	char *x_sha256;        /* X-LOA-SHA256 (the clip's content), or NULL */
	int attach_line;       /* line of ATTACH in the file, 0 if none */
	int x_clip_line;       /* line of X-LOA-CLIP, 0 if none */
	int x_playlist_line;   /* line of X-LOA-PLAYLIST, 0 if none */
	struct ical_event *ov; /* its moved or changed occurrences (RECURRENCE-ID),
	                          in the order of the canonical text: line, uid,
	                          summary, attach and the X-LOA-* fields as the
	                          file gives them (text, days: NULL) */
	int nov;               /* how many */
};

/* A calendar file read by ical_read_file. */
struct ical_file {
	struct ical_event *ev; /* its events, in file order */
	int n;                 /* how many */
	int ncancelled;        /* events skipped because STATUS:CANCELLED */
};

/*
 * Reads and checks a whole calendar. zone is the station's zone (for
 * floating times). Returns 0, or -1 after printing "'<file>' line N:
 * <reason>" for the first problem found. name is used in messages.
 */
int ical_read_file(const char *path, const char *zone, struct ical_file *out);
int ical_read_text(const char *text, size_t len, const char *name, const char *zone, struct ical_file *out);
void ical_file_free(struct ical_file *f);

/* Frees libical's ring of temporary strings (it keeps up to 2,500 of them
 * between calls). Call only when no string returned by this module's
 * functions is still in use; the fuzz targets call it after each input,
 * so that each input's allocations balance and libFuzzer's leak check
 * does not scan memory after every input. */
void ical_scratch_free(void);

/* One occurrence of a rule. */
struct ical_occurrence {
	int64_t start_ms; /* UTC */
	int64_t dur_ms;   /* DTEND - DTSTART or DURATION, 0 when neither */
	int override;     /* 0, or k when the k-th override (RECURRENCE-ID, from
	                     1) made it: see ical_rule_override() */
};

/* What an override (a VEVENT with a RECURRENCE-ID) says of its own
 * airing; what it leaves to the series is NULL or 0. */
struct ical_override {
	const char *summary;  /* its SUMMARY, as one line */
	int64_t clip_id;      /* its X-LOA-CLIP (set by the import), or 0 */
	const char *playlist; /* its X-LOA-PLAYLIST (likewise), or NULL */
};

/* A slot's canonical text, parsed once and ready to expand. */
struct ical_rule;

/* Parses canonical text; NULL with the error printed (naming what). */
struct ical_rule *ical_rule_load(const char *text, const char *zone, const char *what);
void ical_rule_free(struct ical_rule *r);
/*
 * Appends every occurrence starting in [from_ms, to_ms), in time order, to
 * *v (*n used, *cap allocated; realloc'd as needed). RRULE and RDATE,
 * minus EXDATE, with RECURRENCE-ID overrides applied (a moved occurrence
 * is listed at its new time if that is in the window; a cancelled one is
 * dropped). Returns 0, or -1 when the window holds more than max
 * occurrences (not printed: the caller names the slot) or memory ran out
 * (printed).
 */
int ical_rule_expand(struct ical_rule *r, int64_t from_ms, int64_t to_ms, size_t max,
                     struct ical_occurrence **v, size_t *n, size_t *cap);
/*
 * libical's own output for a rule: every occurrence its iterator gave in
 * the civil span [from_s, to_s) (civil times counted in seconds as if they
 * were UTC; to_s INT64_MAX when the rule ended), ascending. Kept by a
 * caller, it spares libical's iterator on the next expansion of the same
 * rule; it is turned into instants afresh each time, so a change to the
 * tz database still applies.
 */
struct ical_span {
	int64_t from_s, to_s; /* the civil span covered */
	int64_t *t;           /* the occurrences in it, ascending */
	size_t n;             /* how many */
};
void ical_span_clear(struct ical_span *sp);
/* Names the code that makes spans (loa's and libical's versions): a span
 * kept under another name may differ and must not be used. */
const char *ical_span_version(void);
/*
 * ical_rule_expand(), taking libical's output from have when it covers
 * what the window needs (have must come from this very rule text and
 * zone), else running libical and, when made is not NULL, handing its
 * output there (all zero, to_s 0, when libical was not run).
 */
int ical_rule_expand_span(struct ical_rule *r, int64_t from_ms, int64_t to_ms, size_t max,
                          const struct ical_span *have, struct ical_span *made, struct ical_occurrence **v,
                          size_t *n, size_t *cap);
/* The k-th override of r (ical_occurrence.override), its strings r's:
 * 0, or -1 when r has none of that number. */
int ical_rule_override(const struct ical_rule *r, int k, struct ical_override *out);
/* The first occurrence, and whether the rule ends (0 = repeats forever). */
int64_t ical_rule_first_ms(const struct ical_rule *r);
/* The rule in words: "every day at 06:00 and 17:00, Monday to Saturday,
 * until 31/03/2024". Returns malloc'd text. */
char *ical_rule_describe(const struct ical_rule *r);
/* The nominal length of one airing (DTEND/DURATION), 0 when none. */
int64_t ical_rule_duration_ms(const struct ical_rule *r);

/* What `loa slot add` says, turned into a canonical event. */
struct ical_spec {
	const char *uid;             /* UID */
	const char *summary;         /* SUMMARY, or NULL */
	const char *zone;            /* IANA zone of DTSTART */
	struct civil start;          /* DTSTART, civil in zone */
	int64_t dur_ms;              /* DURATION, 0 for none */
	const char *rrule;           /* RRULE value, or NULL for one airing */
	const struct civil *exdates; /* EXDATE civil times in zone */
	int nexdates;                /* how many */
};
/* 0 if rule parses as an RRULE value (FREQ=...), else -1 (quiet). */
int ical_rrule_valid(const char *rule);
/*
 * Checks an RRULE value the officer typed (--rrule): its syntax, and when
 * event (canonical text) is given, the rule applied to that event's start
 * (refused when it airs too often or makes libical search too long).
 * 0, or -1 with the reason in plain words in *why (nothing printed).
 */
int ical_rrule_check(const char *rule, const char *event, const char *zone, const char **why);
/* Builds and checks the canonical text; NULL (printed) on a bad rule. */
char *ical_spec_text(const struct ical_spec *spec);

/* s as an RFC 5545 TEXT value (section 3.3.11): backslash, ';' and ','
 * escaped, a line break written "\n", other control characters made
 * spaces. Every TEXT value loa writes to a calendar goes through this (or
 * libical), so a stored name can never start a line of its own. Returns
 * malloc'd text or NULL. */
char *ical_text_escape(const char *s);

/* Replaces, adds or removes (value NULL) one property of the master VEVENT
 * of canonical text (e.g. SUMMARY). Returns new malloc'd text or NULL. */
char *ical_text_set(const char *text, const char *prop, const char *value);
/* The same in its k-th override (from 1, as ical_event.ov[k - 1]): the
 * import sets the X-LOA-CLIP or X-LOA-PLAYLIST an override's ATTACH leads
 * to. NULL (printed) when the text has no such override. */
char *ical_text_set_override(const char *text, int k, const char *prop, const char *value);

/*
 * Writes a whole VCALENDAR: header, a VTIMEZONE for each zone used, then
 * each event's canonical text with the extra lines in extra[i] (already
 * folded "NAME:VALUE\r\n" lines, or NULL) added to its master VEVENT.
 * Returns malloc'd text or NULL.
 */
char *ical_calendar_text(const char *const *texts, const char *const *extra, int n);

/* One airing of an event's canonical text, found by its start
 * (ical_change.c): what skipping or moving it changes. */
struct ical_airing {
	int64_t start_ms; /* where it airs (UTC) */
	int64_t rid_ms;   /* the occurrence it is (its RECURRENCE-ID): start_ms unless moved */
	int64_t dur_ms;   /* its length (DTEND/DURATION), 0 when none */
	int override;     /* 0, or k: the k-th override moved it (ical_occurrence.override) */
	char zone[80];    /* the zone of the event's DTSTART ("UTC" for a UTC one) */
};
/* The airing of text (zone: for floating times) that starts at start_ms:
 * 1 with *out filled, 0 when none starts then (quiet), -1 on error
 * (printed). */
int ical_text_airing(const char *text, const char *zone, int64_t start_ms, struct ical_airing *out);
/* text with airing a left out: an EXDATE of its occurrence, and the
 * override that moved it, if any, removed. malloc'd, or NULL (printed). */
char *ical_text_skip(const char *text, const struct ical_airing *a);
/* text with airing a moved to to_ms: a new override (RECURRENCE-ID and
 * DTSTART), or the one that moved it before, with its start changed.
 * malloc'd, or NULL (printed). Check the result as an import would. */
char *ical_text_move(const char *text, const struct ical_airing *a, int64_t to_ms);

/* Maps a Windows zone name ("SE Asia Standard Time") to an IANA zone, or
 * NULL (ical_winzones.c, from CLDR's windowsZones.xml). */
const char *ical_windows_zone(const char *name);

#endif
