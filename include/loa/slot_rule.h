/*
 * slot_rule.h — when a new slot airs, from the officer's choices: times of
 * day, weekdays, first and last day and days left out ("06:00 and 17:00,
 * Monday to Saturday, this quarter"), or one start with an RFC 5545 rule.
 * Both end as an RRULE, a DTSTART and EXDATEs that ical_spec_text() makes
 * event text of, so every front end adds slots the same way. Then the
 * changes to a slot's times: its rule, and one airing left out or moved.
 *
 * Dates, times and weekdays are read as the officer types them
 * (timeutil.h's time_read_*: "1/7/2026", "6h", "t2-t7"). A date without
 * a year is the next such day: from today for the first day, from the
 * first day for the last day and the days left out; each such choice is
 * said in an info line (time_reading_note).
 *
 * A wrong value is reported with error_at(ERR_INPUT, field, ...), field
 * naming the choice at fault ("at", "days", "from", "until", "except",
 * "start", "rrule", "exdate"; "to" for a move), so a form can show the
 * error beside it. A
 * front end that words its own messages (the command line names its
 * options) sets quiet and reads the fault instead.
 */
#ifndef LOA_SLOT_RULE_H
#define LOA_SLOT_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "loa/timeutil.h"

#define SLOT_RULE_MAX_TIMES 48 /* times of day of one slot */

/* The officer's choices, as typed; NULL for a choice not made. */
struct slot_when {
	const char *zone;   /* the station's zone: every date and time is read in it */
	int64_t now_ms;     /* now: the first day is today when from is NULL */
	const char *at;     /* times of day, "6h,17h", "06:00,17:00" (with days, from, until, except) */
	const char *days;   /* weekdays, "t2-t7", "mon-sat", "t2,t4,t6", "daily"; NULL: every day */
	const char *from;   /* first day, 1/7/2026 or 2026-07-01; NULL: today */
	const char *until;  /* last day; NULL: no end */
	const char *except; /* days left out, separated by commas */
	const char *start;  /* or: one start, a date and time (with rrule, exdate) */
	const char *rrule;  /* its RRULE value, NULL: airs once */
	const char *exdate; /* its left-out dates or date-times, separated by commas */
	int quiet;          /* 1: report no ERR_INPUT, only fill the fault */
};

/* What is wrong with a choice. */
enum slot_fault_kind {
	SLOT_FAULT_NONE = 0,
	SLOT_FAULT_VALUE, /* bad is a value that does not parse (or a refused rule: why says why) */
	SLOT_FAULT_EMPTY, /* at holds no time */
	SLOT_FAULT_ORDER, /* until is before from */
};

struct slot_fault {
	enum slot_fault_kind kind;
	const char *field;       /* "at", "days"...: the choice at fault */
	char bad[256];           /* the value (or the one item of a list) at fault, cut at 255 bytes */
	const char *why;         /* SLOT_FAULT_VALUE of "rrule": why it is refused (static text) */
	enum time_what what;     /* SLOT_FAULT_VALUE of a date, time or days: what it should be */
	struct time_reading how; /* ... and why it was refused (time_fault_text words it) */
};

/* One event to add: times that share their minute and second share one
 * rule (BYHOUR x BYMINUTE must not cross). */
struct slot_rule {
	char rrule[512];       /* the RRULE value, "" for one airing */
	struct civil start;    /* DTSTART, in the zone */
	struct civil *exdates; /* EXDATEs, in the zone */
	int nexdates;          /* how many */
};

struct slot_rules {
	struct slot_rule *v;     /* the events, at least one on success */
	int n;                   /* how many */
	struct slot_fault fault; /* on failure, what was wrong (kind SLOT_FAULT_NONE otherwise) */
};

/*
 * Builds the events of w: from at (with days, from, until, except), or
 * from start (with rrule, exdate). 0; or -1 with fault filled and the
 * error reported (not when w->quiet for SLOT_FAULT_* faults; always for
 * a failure such as running out of memory, fault.kind then being NONE).
 * Free out with slot_rules_free either way.
 */
int slot_rules_build(const struct slot_when *w, struct slot_rules *out);
void slot_rules_free(struct slot_rules *r);

/* The event text of rule r in zone: UID uid, SUMMARY summary. malloc'd, or
 * NULL (reported). */
char *slot_rule_text(const struct slot_rule *r, const char *zone, const char *uid, const char *summary);

struct slot;
/* Sets the RRULE of slot s's event text to rrule ("" removes it: one
 * airing), checked against its start and then as an import checks a whole
 * event. 0; or -1 with *fault filled (field "rrule", why) for a refused
 * rule, reported unless quiet; or -1 with the error reported (fault kind
 * SLOT_FAULT_NONE). s is unchanged on failure. */
int slot_rule_set(struct slot *s, const char *rrule, const char *zone, int quiet, struct slot_fault *fault);

/* The rule of slot s in words ("06:00 and 17:00, Monday to Saturday,
 * ..."), its times in zone: malloc'd, "?" when its event cannot be read
 * (reported), NULL when memory ran out. */
char *slot_describe(const struct slot *s, const char *zone);

/*
 * One airing of slot s, named by its start as the agenda shows it (a
 * moved one by its new time): left out (an EXDATE of the occurrence; an
 * override that had moved it goes too), or moved to to_ms (a RECURRENCE-ID
 * override). The changed event is checked as an import checks one. 0; or
 * -1 with *fault filled — field "start": no airing of s starts then;
 * "to": to_ms is start_ms, or another airing of s starts then — reported
 * (error_at naming the field, and a hint) unless quiet; or -1 with the
 * error reported (fault kind SLOT_FAULT_NONE). s is unchanged on failure.
 */
int slot_airing_skip(struct slot *s, const char *zone, int64_t start_ms, int quiet, struct slot_fault *fault);
int slot_airing_move(struct slot *s, const char *zone, int64_t start_ms, int64_t to_ms, int quiet,
                     struct slot_fault *fault);

/* A fresh UID for a slot added here: random, so that two stations never
 * collide in a calendar. */
void slot_new_uid(char *buf, size_t n);

#endif
