/*
 * report.h — the broadcast report a commune sends the level above each
 * quarter, half-year and year: how many news items it aired, how many
 * times, in how many programmes and for how long — for administrative
 * reform (CCHC) and for every topic — by month, by item, and every
 * programme that did not air as planned, with its reason.
 *
 * Every figure is counted per item: a programme (a playlist: jingle, news
 * items, closing) is one slot airing of several item airings, and each
 * item counts under its own topic. Programme furniture (topics marked so:
 * jingles, openings, closings) is on air and in the airtime, never a news
 * item. Rows logged before items existed (chain version 1) count as one
 * item each, under the topic they were logged with.
 *
 * The report is computed once into a struct report (report_build); each
 * format has its own writer, which only lays out what is there. The docx
 * and html writers share one document (report_doc.c: a Vietnamese
 * administrative document, Decree 30/2020/NĐ-CP). Labels come from
 * report_label() in the report's language (Vietnamese unless English is
 * asked for), never from the process locale: an officer's PC in English
 * still sends the province a Vietnamese report.
 */
#ifndef LOA_REPORT_H
#define LOA_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "loa/airlog.h"
#include "loa/reason.h"
#include "loa/utf8.h"

struct store;

enum report_lang { REPORT_VI, REPORT_EN };
enum report_format { REPORT_XLSX, REPORT_CSV, REPORT_HTML, REPORT_JSON, REPORT_DOCX, REPORT_TEXT };

/* A reporting period: [from_ms, to_ms) in the station's zone. */
struct report_period {
	int64_t from_ms; /* the first day's midnight */
	int64_t to_ms;   /* the midnight after the last day */
	char kind;       /* 'Q' quarter, 'H' half, 'Y' year, 'R' a range of dates */
	int year;        /* for Q, H, Y */
	int part;        /* quarter 1-4 or half 1-2 */
};

/*
 * What the document says about who sends it (loa.conf [report]). Lines of
 * a multi-line value are separated by ';'. Empty fields take defaults made
 * from the station's name (report_form_defaults).
 */
struct report_form {
	char issuer[256];       /* "ỦY BAN NHÂN DÂN;XÃ ĐỨC HÒA" */
	char place[128];        /* "Đức Hòa": the place-and-date line */
	char number[64];        /* "BC-UBND": after "Số:      /" */
	char recipients[1024];  /* "UBND tỉnh (Sở Văn hóa...);Lưu: VT, VHXH" */
	char authority[128];    /* "TM. ỦY BAN NHÂN DÂN" */
	char signer_title[128]; /* "CHỦ TỊCH" or "KT. CHỦ TỊCH;PHÓ CHỦ TỊCH" */
	char signer[128];       /* the signer's name, "" to write by hand */
	char topic[128];        /* the topic the report is about (default TOPIC_CCHC) */
	char issuer_words[192]; /* not in loa.conf: the issuer in a sentence, "Ủy ban nhân dân xã
	                           Đức Hòa" (from the station's name) */
};

/* The counts of one group of item airings (a topic, a month, the totals). */
struct report_sums {
	int64_t items;      /* distinct news items (clips) with a completed airing */
	int64_t airings;    /* completed item airings */
	int64_t programmes; /* slot airings that went on air (the totals, a month, CCHC) */
	int64_t airtime_ms; /* what went out, item by item (furniture included in totals) */
	int64_t not_aired;  /* programmes that failed or were missed (totals, months) */
};

struct report_topic {
	char *topic;             /* the topic's name, "" for items without one */
	int furniture;           /* programme furniture: never counted as news items */
	int subject;             /* the topic the report is about (CCHC) */
	struct report_sums sums; /* its item airings */
};

/* A month, or a week for a period shorter than about two months. */
struct report_bucket {
	int64_t from_ms, to_ms;  /* its span, clipped to the period */
	int year, month, day;    /* its first day, in the station's zone */
	struct report_sums sums; /* its airings (content items; furniture only in airtime) */
	int64_t subject_airings; /* completed airings of the report's topic */
};

struct report_clip {
	int64_t clip_id;    /* the clip (0: a version 1 programme row) */
	char *playlist;     /* for a version 1 programme row: its playlist, else "" */
	char *title;        /* the title of its latest airing */
	char *topic;        /* the topic of its latest airing */
	int furniture;      /* that topic is programme furniture */
	int64_t airings;    /* completed airings */
	int64_t airtime_ms; /* what of it went out */
	int64_t first_ms;   /* its first completed airing (0: none) */
	int64_t last_ms;    /* its last */
	int64_t latest_ms;  /* internal: when title and topic were last seen */
};

/* A programme, or an item of one, that did not air as planned. */
struct report_problem {
	int64_t id;                /* the log row */
	int64_t scheduled_ms;      /* when it was due */
	enum airlog_status status; /* missed, failed, interrupted; failed for an item of a partial
	                              programme */
	int64_t played_ms;         /* what went out before it stopped */
	char *title;               /* the programme */
	char *item;                /* the item that failed, or "" when it is the programme */
	enum reason why;           /* why */
	char *detail;              /* the log's words */
};

/* Planned skips of one reason (blackout days, validity dates, no clip):
 * the schedule's own doing, never counted as not aired. */
struct report_skip {
	enum reason why;    /* the reason */
	int64_t programmes; /* skipped programmes */
	int64_t items;      /* items left out of programmes that aired */
	int64_t first_ms;   /* the first and last scheduled instant */
	int64_t last_ms;
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
	enum report_lang lang;                         /* the labels' language */
	char station[UTF8_BYTES(UTF8_NAME_MAX)];       /* the station's name */
	char tz[80];                                   /* its zone */
	struct report_form form;                       /* who sends it */
	struct report_period period;                   /* what it covers */
	int64_t generated_ms;                          /* when it was made */
	struct airlog_check check;                     /* the chain's verdict */
	struct report_sums totals;                     /* news items (furniture only in airtime_ms) */
	int64_t content_airtime_ms;                    /* airtime of news items, furniture left out */
	int64_t furniture_airings;                     /* completed airings of programme furniture */
	int64_t furniture_airtime_ms;                  /* and their airtime */
	struct report_sums subject;                    /* the report's topic (CCHC): items, airings,
	                                                  programmes holding one, airtime */
	char subject_topic[UTF8_BYTES(UTF8_NAME_MAX)]; /* its name */
	int64_t by_status[AIRLOG_NSTATUS];             /* programmes per status */
	int64_t late;                                  /* programmes that started late */
	struct report_topic *topics;                   /* by topic, news first, most airtime first */
	int ntopics;
	struct report_bucket *buckets; /* by month (or week), in order */
	int nbuckets;
	int weekly;                /* buckets are weeks */
	struct report_clip *clips; /* by clip, most airings first */
	int nclips;
	struct report_problem *problems; /* did not air as planned, by time */
	int nproblems;
	int64_t problems_total;                 /* how many there are in all */
	struct report_skip skips[REASON_COUNT]; /* planned skips by reason (programmes == 0 and
	                                           items == 0: none) */
	int64_t skipped_total;                  /* planned-skip programmes in all */
	struct report_plan plan;                /* planned versus aired */
};

/* Parses a quarter ('Q': 2026Q3, 3/2026, III/2026, quý 3/2026), a half
 * ('H': 2026H1, 6 tháng đầu năm 2026) or a year ('Y': 2026) as
 * time_read_period reads it, into p (zone: the station's). Returns 0, or
 * -1 when the text is not such a period (quiet; time_read_period says
 * why). */
int report_period_parse(char kind, const char *text, const char *zone, struct report_period *p);
/* A period of whole days from..to (both included, dates as time_read_date
 * reads them: 1/7/2026, 2026-07-01; without a year, the last such day).
 * -1 on bad dates (quiet), -2 when to is before from. */
int report_period_range(const char *from, const char *to, const char *zone, struct report_period *p);

/* Fills the empty fields of f from the station's name: "Đài truyền thanh
 * xã Đức Hòa" gives the issuer "ỦY BAN NHÂN DÂN;XÃ ĐỨC HÒA" and the place
 * "Đức Hòa"; a name without "xã", "phường" or "thị trấn" leaves dots to
 * fill in by hand. */
void report_form_defaults(struct report_form *f, const char *station);

/* Computes the report; form may be NULL (the defaults). 0, or -1 on a
 * database error (printed). A log that fails verification is not an
 * error: it is in r->check. */
int report_build(struct store *s, const struct report_period *p, enum report_lang lang,
                 const struct report_form *form, struct report *r);
/* As report_build for a process that keeps a verified-through mark (loa
 * web, airlog.h): the chain is checked from mark (airlog_verify_mark:
 * only the rows closed since, unless it is in doubt), which moves it, and
 * only the period's rows are read for the figures — the same figures.
 * With a cache (may be NULL) only the period's rows written since the
 * cache's last report are read, when nothing else it rests on moved. */
struct airlog_mark;
struct report_cache;
int report_build_marked(struct store *s, const struct report_period *p, enum report_lang lang,
                        const struct report_form *form, struct airlog_mark *mark, struct report_cache *cache,
                        struct report *r);
/*
 * A tally kept between reports (report.c says when it is used): with a
 * mark and a cache, report_build_marked folds only the period's rows
 * written since the last report of the same period, subject and topic
 * list. It holds one period: its topic and clip entries and at most
 * REPORT_MAX_PROBLEMS problems, never the rows, and the period's
 * planned-versus-aired figures while the station's change token stays.
 * NULL when out of memory.
 */
struct report_cache *report_cache_new(void);
void report_cache_free(struct report_cache *c);
/*
 * A station's log read elsewhere (loa-hub: the rows it stores in
 * PostgreSQL, each the station's own columns). The figures are the
 * station's own: the same tally, with the topic list the station sent
 * (topic_find's rule: a name or alias by its key). There is no schedule,
 * so no planned-versus-aired part (r->plan.available is 0).
 */
struct topic;
struct report_source {
	const char *station;        /* the station's name */
	const char *tz;             /* its zone */
	const struct topic *topics; /* its topic list (names, aliases, furniture) */
	size_t ntopics;
	struct airlog_check check; /* the chain's verdict, as the reader knows it */
	/* Calls row(row_ctx, r) for every closed row scheduled in the
	 * period, with its items; 0, or -1 (printed). */
	int (*each)(void *ctx, const struct report_period *p, int (*row)(void *, const struct airlog_row *),
	            void *row_ctx);
	void *ctx;
};
int report_build_rows(const struct report_source *src, const struct report_period *p, enum report_lang lang,
                      const struct report_form *form, struct report *r);
void report_free(struct report *r);

/*
 * The province's report (loa-hub report): every commune's own report,
 * built from the rows it sent (report_build_rows), side by side, and the
 * province's figures added up from them (report_province.c).
 */
struct report_commune {
	char id[80];           /* the station's id at the hub */
	int64_t last_heard_ms; /* when the hub last heard from it (0: never) */
	struct report r;       /* its own report */
};
struct report_province {
	struct report sum;        /* the province: lang, period, zone, totals and cchc added up */
	struct report_commune *v; /* the communes, by id */
	int n;
};
/* Adds every commune's totals and cchc into p->sum (whose frame is set). */
void report_province_sum(struct report_province *p);
void report_province_free(struct report_province *p);
int report_province_json(const struct report_province *p, FILE *out);
int report_province_csv(const struct report_province *p, FILE *out);
int report_province_text(const struct report_province *p, FILE *out);
int report_province_html(const struct report_province *p, FILE *out);
int report_write_xlsx_province(const struct report_province *p, const char *path, const char *shown);
/* The summary table's columns (one row per commune), in p's language. */
enum { REPORT_PROVINCE_COLS = 12 };
const char *report_province_head(const struct report_province *p, int col);
/* Cell col of commune c's row (c == -1: the province's row) as text into
 * buf; *number is set when it is a count (its value), else -1. */
const char *report_province_cell(const struct report_province *p, int c, int col, char *buf, size_t n,
                                 double *number);

/* Each writer lays out r in one format; 0, or -1 on a write error. */
int report_write_csv(const struct report *r, FILE *out);
int report_write_json(const struct report *r, FILE *out);
/* The JSON's "totals" and "cchc" objects alone (the province's report
 * keys its communes' figures exactly so). */
void report_json_totals(const struct report *r, FILE *out);
void report_json_cchc(const struct report *r, FILE *out);
int report_write_html(const struct report *r, FILE *out);
/* Writes an .xlsx or a .docx file at path (both are zip files made by a
 * library that wants a file name); messages name the file as shown (the
 * user's name for it, path being its temporary). */
int report_write_xlsx(const struct report *r, const char *path, const char *shown);
int report_write_docx(const struct report *r, const char *path, const char *shown);

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
	RL_CHAIN_ROWS,
	RL_TOTALS,
	RL_ITEMS,
	RL_AIRINGS,
	RL_PROGRAMMES,
	RL_AIRTIME,
	RL_AIRTIME_HOURS,
	RL_SHARE,
	RL_NOT_AIRED,
	RL_LATE,
	RL_BY_STATUS,
	RL_STATUS,
	RL_COUNT,
	RL_BY_TOPIC,
	RL_TOPIC,
	RL_FURNITURE,
	RL_BY_MONTH,
	RL_BY_WEEK,
	RL_MONTH,
	RL_WEEK,
	RL_BY_CLIP,
	RL_CLIP,
	RL_TITLE_COL,
	RL_ITEM_COL,
	RL_FIRST,
	RL_LAST,
	RL_RECON,
	RL_PLANNED,
	RL_PLANNED_SKIP,
	RL_LOGGED,
	RL_UNLOGGED,
	RL_NO_PLAN,
	RL_PROBLEMS,
	RL_SKIPS,
	RL_SCHEDULED,
	RL_REASON,
	RL_DETAIL,
	RL_PLAYED,
	RL_NOTHING,
	RL_MORE,
	RL_NO_TOPIC,
	RL_CHART,
	RL_HOURS,
	RL_ROW,
	RL_SECONDS,
	RL_AIRED_PLANNED,
	RL_ALL_TOPICS,
	RL_NUMBER,
	RL_TOTAL_ROW,
	RL_FROM,
	RL_TO,
	RL_COUNT_ALL
};
const char *report_label(const struct report *r, enum report_label_id id);
/* A status in the report's language ("hoàn thành"...). */
const char *report_status_label(const struct report *r, enum airlog_status s);
/* A reason in the report's language. */
const char *report_reason(const struct report *r, enum reason why);
/* "Quý 1/2024", "Q1 2024", "01/01/2024 – 31/03/2024"... into buf. */
char *report_period_label(const struct report *r, char *buf, size_t n);
/* The period as a document's summary line says it: "quý III năm 2026",
 * "6 tháng đầu năm 2026", "năm 2026", "từ ngày 01/07/2026 đến ngày
 * 15/07/2026" (English: "Q3 2026"...). */
char *report_period_words(const struct report *r, char *buf, size_t n);
/* "12 giờ 05 phút" / "12 h 05 min". */
char *report_airtime(const struct report *r, int64_t ms, char *buf, size_t n);
/* "Tháng 1/2024" / "Jan 2024", or a week "01/01 – 07/01/2024". */
char *report_bucket_label(const struct report *r, const struct report_bucket *b, char *buf, size_t n);
/* "Còn N lượt nữa không liệt kê..." for problems beyond the list. */
char *report_more(const struct report *r, char *buf, size_t n);
/* The title to show for a clip (its title, else the playlist's name). */
const char *report_clip_title(const struct report_clip *c);
/* The share of the report's topic in the news items' airtime, in percent
 * (0 when nothing aired). */
double report_subject_share(const struct report *r);

#endif
