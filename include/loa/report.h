/*
 * report.h — the broadcast report the commune sends the district each
 * quarter, half-year and year: what aired (items, airings, airtime), by
 * topic, by month and by clip, what the agenda planned against what aired,
 * and every airing that did not complete, with its reason.
 *
 * The report is computed once into a struct report (report_build); each
 * format has its own writer, which only lays out what is there. Labels
 * come from report_label() in the report's language (Vietnamese unless
 * English is asked for), never from the process locale: an officer's PC
 * in English still sends the district a Vietnamese report.
 */
#ifndef LOA_REPORT_H
#define LOA_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "loa/airlog.h"

struct store;

enum report_lang { REPORT_VI, REPORT_EN };
enum report_format { REPORT_XLSX, REPORT_CSV, REPORT_HTML, REPORT_JSON };

/* A reporting period: [from_ms, to_ms) in the station's zone. */
struct report_period {
	int64_t from_ms; /* the first day's midnight */
	int64_t to_ms;   /* the midnight after the last day */
	char kind;       /* 'Q' quarter, 'H' half, 'Y' year, 'R' a range of dates */
	int year;        /* for Q, H, Y */
	int part;        /* quarter 1-4 or half 1-2 */
};

/* Airings and airtime of one group (a topic, a month, a clip). */
struct report_sums {
	int64_t aired;     /* airings that went out: completed or interrupted */
	int64_t not_aired; /* failed, missed or skipped */
	int64_t played_ms; /* airtime */
	int64_t items;     /* distinct clips aired (topics and totals) */
};

struct report_topic {
	char *topic;             /* "" for airings without a topic */
	struct report_sums sums; /* its airings */
};

/* A month, or a week for a period shorter than about two months. */
struct report_bucket {
	int64_t from_ms, to_ms;  /* its span, clipped to the period */
	int year, month, day;    /* its first day, in the station's zone */
	struct report_sums sums; /* its airings */
};

struct report_clip {
	int64_t clip_id;         /* 0 for a playlist or no clip */
	char *playlist;          /* the playlist, or "" */
	char *title;             /* the title of its latest airing */
	char *topic;             /* the topic of its latest airing */
	struct report_sums sums; /* its airings */
	int64_t first_ms;        /* its first airing that went out (0: none) */
	int64_t last_ms;         /* its last */
	int64_t latest_ms;       /* internal: when title and topic were last seen */
};

/* An airing that did not complete. */
struct report_problem {
	int64_t id;                /* the log row */
	int64_t scheduled_ms;      /* when it was due */
	enum airlog_status status; /* interrupted, failed or missed */
	int64_t played_ms;         /* what went out before it stopped */
	char *title;               /* what it was */
	char *reason;              /* why */
};

/* The agenda's plan for the period against the log. */
struct report_plan {
	int available;        /* 0: no agenda to compare with (see report.c) */
	int64_t planned;      /* airings the agenda planned to air */
	int64_t planned_skip; /* airings it planned to skip (blackout, no clip...) */
	int64_t logged;       /* planned airings that have a log row */
	int64_t aired;        /* of those, how many went out */
	int64_t unlogged;     /* planned airings with no log row at all */
};

#define REPORT_MAX_PROBLEMS 1000 /* listed in full; beyond, only counted */

struct report {
	enum report_lang lang;                 /* the labels' language */
	char station[256];                     /* the station's name */
	char tz[80];                           /* its zone */
	struct report_period period;           /* what it covers */
	int64_t generated_ms;                  /* when it was made */
	struct airlog_check check;             /* the chain's verdict */
	struct report_sums totals;             /* everything in the period */
	int64_t by_status[AIRLOG_SKIPPED + 1]; /* airings per status */
	int64_t late;                          /* airings that started late */
	struct report_topic *topics;           /* by topic, most airtime first */
	int ntopics;
	struct report_bucket *buckets; /* by month (or week), in order */
	int nbuckets;
	int weekly;                /* buckets are weeks */
	struct report_clip *clips; /* by clip, most airings first */
	int nclips;
	struct report_problem *problems; /* did not complete, by time */
	int nproblems;
	int64_t problems_total;  /* how many there are in all */
	struct report_plan plan; /* planned versus aired */
};

/* Parses --quarter 2024Q1, --half 2024H1, --year 2024 into p (zone: the
 * station's). Returns 0, or -1 when the text is not such a period (quiet). */
int report_period_parse(char kind, const char *text, const char *zone, struct report_period *p);
/* A period of whole days from..to (both included, YYYY-MM-DD). -1 on bad
 * dates (quiet), -2 when to is before from. */
int report_period_range(const char *from, const char *to, const char *zone, struct report_period *p);

/* Computes the report. 0, or -1 on a database error (printed). A log
 * that fails verification is not an error: it is in r->check. */
int report_build(struct store *s, const struct report_period *p, enum report_lang lang, struct report *r);
void report_free(struct report *r);

/* Each writer lays out r in one format; 0, or -1 on a write error. */
int report_write_csv(const struct report *r, FILE *out);
int report_write_json(const struct report *r, FILE *out);
int report_write_html(const struct report *r, FILE *out);
/* Writes an .xlsx file at path (libxlsxwriter needs a file name). */
int report_write_xlsx(const struct report *r, const char *path);

/* The labels every writer shares. */
enum report_label_id {
	RL_TITLE,
	RL_STATION,
	RL_PERIOD,
	RL_GENERATED,
	RL_CHAIN,
	RL_CHAIN_OK,
	RL_CHAIN_BAD,
	RL_CHAIN_HEAD,
	RL_TOTALS,
	RL_ITEMS,
	RL_AIRINGS,
	RL_AIRTIME,
	RL_NOT_AIRED,
	RL_LATE,
	RL_BY_STATUS,
	RL_STATUS,
	RL_COUNT,
	RL_BY_TOPIC,
	RL_TOPIC,
	RL_BY_MONTH,
	RL_BY_WEEK,
	RL_MONTH,
	RL_WEEK,
	RL_BY_CLIP,
	RL_CLIP,
	RL_TITLE_COL,
	RL_FIRST,
	RL_LAST,
	RL_RECON,
	RL_PLANNED,
	RL_PLANNED_SKIP,
	RL_LOGGED,
	RL_UNLOGGED,
	RL_NO_PLAN,
	RL_PROBLEMS,
	RL_SCHEDULED,
	RL_REASON,
	RL_PLAYED,
	RL_NOTHING,
	RL_MORE,
	RL_NO_TOPIC,
	RL_CHART,
	RL_HOURS,
	RL_QUARTER,
	RL_HALF,
	RL_YEAR,
	RL_ROW,
	RL_SECONDS,
	RL_AIRED_PLANNED,
	RL_AIRTIME_HOURS,
	RL_COUNT_ALL
};
const char *report_label(const struct report *r, enum report_label_id id);
/* A status in the report's language ("hoàn thành"...). */
const char *report_status_label(const struct report *r, enum airlog_status s);
/* "Quý 1/2024", "Q1 2024", "01/01/2024 – 31/03/2024"... into buf. */
char *report_period_label(const struct report *r, char *buf, size_t n);
/* "12 giờ 05 phút" / "12 h 05 min". */
char *report_airtime(const struct report *r, int64_t ms, char *buf, size_t n);
/* "Tháng 1/2024" / "Jan 2024", or a week "01/01 – 07/01/2024". */
char *report_bucket_label(const struct report *r, const struct report_bucket *b, char *buf, size_t n);
/* "Còn N lượt nữa không liệt kê..." for problems beyond the list. */
char *report_more(const struct report *r, char *buf, size_t n);
/* A logged reason in the report's language (loa's own reasons, which the
 * log keeps in English, in Vietnamese unless --lang en); others as
 * written. buf holds REPORT_REASON_MAX bytes. */
#define REPORT_REASON_MAX 768
const char *report_reason(const struct report *r, const char *stored, char *buf, size_t n);
/* The title to show for a clip (its title, else the playlist's name). */
const char *report_clip_title(const struct report_clip *c);

#endif
