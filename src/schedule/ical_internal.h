/*
 * ical_internal.h — what the files of the recurrence module share (ical_*.c,
 * the only ones that include libical): ical_base.c (strings, errors at a line,
 * civil time and zones, value checks), ical_scan.c (the line scanner),
 * ical_rule.c (rules loaded, expanded, bounded), ical_read.c (calendar files
 * read), ical_write.c (events made, calendars written), ical_describe.c.
 *
 * Key decisions:
 *  - libical is lax, so a file is read twice: first line by line here
 *    (nesting, UTF-8, control bytes, size, every date value and RRULE,
 *    recording line numbers), then by libical's parser. Every problem is
 *    reported with the file's line number; the first one stops the read.
 *  - Recurrence is libical's icalrecur iterator, run on the civil (floating)
 *    DTSTART; each civil occurrence is then placed in its zone with
 *    tz_to_utc(), so DST is applied after the rule as RFC 5545 requires.
 *    UNTIL is turned into the rule's civil time first, because libical
 *    would compare a floating DTSTART with a UTC UNTIL as if both were UTC.
 *  - Every TZID is mapped to an IANA zone (IANA itself, a Windows name, a
 *    "/vendor/Area/City" prefix, or a VTIMEZONE's X-LIC-LOCATION); the
 *    canonical text carries the IANA name. A zone that maps to nothing is
 *    refused: a slot is never shifted by a guess.
 *  - Expansion is bounded. COUNT above ICAL_MAX_COUNT, more than
 *    ICAL_MAX_PER_DAY airings on any one day (counted from the rule's
 *    parts, so for its whole life: a rule that airs only on 29 February
 *    is counted as well as a daily one), and more than ICAL_MAX_PER_YEAR
 *    airings in the first year are refused when read, and so is a
 *    number before a BYDAY weekday outside what RFC 5545 allows (only
 *    monthly 1..5 and yearly 1..53 rules have one; libical takes any).
 *    Some rules make libical search for centuries for a first
 *    occurrence that never comes (BYMONTHDAY=1;BYDAY=2SU); a rule is first
 *    expanded in a child process that is killed after ICAL_PROBE_MS, so such
 *    a rule is refused quickly instead of hanging the officer's command.
 *  - RECURRENCE-ID overrides are applied here: libical's own
 *    icalcomponent_foreach_recurrence ignores them. An override's own
 *    SUMMARY (and the clip the import resolved its ATTACH to) wins over
 *    the series' for its airing: each occurrence says which override
 *    made it.
 *  - DTSTART is the first occurrence even when the rule does not make it
 *    (RFC 5545 counts it in COUNT; calendar programs list it), though
 *    libical's iterator leaves it out: it airs, and reading such an event
 *    says so with a warning.
 *  - libical keeps 500 values of an EXDATE or RDATE line and drops the
 *    rest; long lists are split into lines of ICAL_LIST_SPLIT values
 *    before it parses a file, so every date in the file holds.
 */
#ifndef LOA_SCHEDULE_ICAL_INTERNAL_H
#define LOA_SCHEDULE_ICAL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <libical/ical.h>

#include "schedule/ical_lazy.h"

#include "loa/timeutil.h"

#define ICAL_PROBE_MS 400 /* time a rule may take to find its first year */
#define DAY_MS        86400000LL

/* A growable string; oom is set (and the text dropped by ical_buf_take)
 * when memory ran out. */
struct buf {
	char *p;
	size_t n, cap;
	int oom;
};
void ical_buf_add(struct buf *b, const char *s, size_t len);
void ical_buf_puts(struct buf *b, const char *s);
void ical_buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text (malloc'd; "" when empty), or NULL when memory ran out. */
char *ical_buf_take(struct buf *b);

/* Reports a problem at a line of a file (none when line is 0); returns -1. */
int ical_line_error(const char *name, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct civil ical_civil_of(struct icaltimetype t);
struct icaltimetype ical_ictime_of(const struct civil *c, int is_date);
/* tz_to_utc(), with a memo of each day's offset. */
int ical_local_to_ms(const char *zone, const struct civil *c, int64_t *out);
/* A TZID as an IANA zone (buf holds it when it comes from a VTIMEZONE of
 * root), or NULL when it maps to none. */
const char *ical_resolve_tzid(const char *tzid, icalcomponent *root, char *buf, size_t n);
/* 0 when v[0..len) is a real DATE or DATE-TIME value, else -1. */
int ical_check_time_value(const char *v, size_t len);
/* icalrecurrencetype_from_string(), without the RSCALE copy to free. */
struct icalrecurrencetype ical_rule_of_string(const char *text);
/* The value of the X property name (X-LOA-CLIP) of e, or NULL. */
const char *ical_x_value(icalcomponent *e, const char *name);
/* Why a rule's BYDAY is refused, or NULL when it is fine. */
const char *ical_byday_problem(const char *rule, icalrecurrencetype_frequency freq);

/* What the scanner learned about one VEVENT. */
struct scan_event {
	int line;       /* BEGIN:VEVENT */
	int dtstart;    /* line of DTSTART, 0 if none */
	int dtend;      /* line of DTEND or DURATION */
	int rrule;      /* line of RRULE */
	int rid;        /* line of RECURRENCE-ID */
	int attach;     /* line of the first ATTACH */
	int x_clip;     /* line of X-LOA-CLIP */
	int x_playlist; /* line of X-LOA-PLAYLIST */
	int uid;        /* line of UID */
	int summary;    /* line of SUMMARY */
	struct {
		int line;
		char tzid[128];
	} tz[16]; /* TZID parameters seen */
	int ntz;
};

struct scan {
	struct scan_event *ev;
	int n;
};

/* ical_read_text(); made: the text is loa's own (ical_spec_text), so a
 * warning names no file or line. */
int ical_read_made(const char *text, size_t len, const char *name, const char *zone, int made,
                   struct ical_file *out);
/* Checks the raw text, filling sc; 0, or -1 (printed, with its line). */
int ical_scan_text(const char *text, size_t len, const char *name, struct scan *sc);
/* The text with long EXDATE and RDATE lines split for libical; NULL when
 * out of memory. */
char *ical_split_lists(const char *text, size_t len);

struct override {
	int64_t rid_ms;   /* the occurrence it replaces */
	int64_t start_ms; /* where it moved to */
	int64_t dur_ms;   /* its length */
	int cancelled;    /* STATUS:CANCELLED: the occurrence is dropped */
	char *summary;    /* its own SUMMARY (one line), or NULL */
	int64_t clip_id;  /* its own X-LOA-CLIP, or 0 */
	char *playlist;   /* its own X-LOA-PLAYLIST, or NULL */
};

struct ical_rule {
	char zone[80];                /* zone of DTSTART's civil time */
	struct civil dtstart;         /* DTSTART, civil */
	int64_t start_ms;             /* DTSTART as an instant */
	int64_t dur_ms;               /* DTEND - DTSTART or DURATION */
	int has_rrule;                /* an RRULE is present */
	struct icalrecurrencetype rr; /* it, with UNTIL made civil in zone */
	int64_t until_ms;             /* UNTIL as an instant, or INT64_MAX */
	int64_t *rdates, *exdates;    /* extra and excluded starts */
	int nrdates, nexdates;
	int64_t *exdays; /* whole days excluded (EXDATE as a DATE): their
	                    starts, ascending */
	int nexdays;
	struct override *ov; /* moved or cancelled occurrences */
	int nov;
	int all_day; /* DTSTART is a DATE */
};
/* Canonical text wrapped in a VCALENDAR and parsed; NULL if it cannot be. */
icalcomponent *ical_parse_canonical(const char *text);
/* The VEVENT of root without a RECURRENCE-ID, or NULL. */
icalcomponent *ical_find_master(icalcomponent *root);
/* Fills r from a master VEVENT and its overrides among root's; 0 or -1. */
int ical_rule_fill(struct ical_rule *r, icalcomponent *master, icalcomponent *root, const char *zone);
/* 1 when r has a rule that does not make DTSTART (it airs all the same,
 * as RFC 5545 counts it), else 0. Runs libical's iterator. */
int ical_rule_start_off(struct ical_rule *r);
/* loa's limits on a rule over its life; 0, or -1 with the reason in *why. */
int ical_rule_bounds(const struct ical_rule *r, const char **why);
/* The first year expanded, in a child process when libical may search
 * long; 0, or -1 with the reason in *why. */
int ical_probe_rule(struct ical_rule *r, const char **why);

#endif
