/*
 * fmt.h — every listing loa prints: an aligned table for the officer, CSV
 * (RFC 4180, UTF-8) and JSON for scripts and the district's tools.
 *
 * A listing is a fixed list of columns, then rows of cells given as text.
 * The column names are a public contract (CSV header, JSON keys) and are
 * never translated; the table heading may be. CSV and JSON rows stream
 * straight to the output, so a million-row export needs no memory; a table
 * is buffered to measure column widths.
 *
 * Cells are values in the machine's form, whatever the language: English
 * words from closed lists, ISO 8601 dates and instants, a decimal point,
 * true/false. CSV and JSON write them as they are, so a script reads the
 * same bytes under any locale. The table is for a person and is the one
 * place they are put in the reader's words (the column's type says what a
 * value is): a word translated, a date and an instant as the reader writes
 * them, the reader's decimal separator, yes/no. A NULL cell is empty in
 * CSV and the table and null in JSON; numbers and booleans are bare in
 * JSON.
 *
 * Text reaches the officer's terminal only through the table, which shows
 * control characters visibly ("\n", "\x1b"): a stored title cannot clear
 * the screen or write the clipboard. CSV and JSON carry values exactly
 * (scripts need them so), except CSV meant for a spreadsheet (FMT_EXCEL).
 */
#ifndef LOA_FMT_H
#define LOA_FMT_H

#include <stdint.h>
#include <stdio.h>

enum fmt_kind { FMT_TABLE, FMT_CSV, FMT_JSON };

enum fmt_type {
	FMT_TEXT,      /* a string: quoted in JSON */
	FMT_NUM,       /* a number already formatted as text ("-16.0"): bare in JSON; the table
	                  aligns it right, with the reader's decimal separator */
	FMT_BOOL,      /* "true"/"false": bare in JSON; the table says yes or no */
	FMT_LINES,     /* text of several lines (an event's text): as FMT_TEXT, but the
	                  table keeps its line breaks */
	FMT_WORD,      /* an English word of a closed list ("priority", "completed"): as
	                  FMT_TEXT, but the table shows the column's word() for it */
	FMT_DATE,      /* "YYYY-MM-DD": as FMT_TEXT, but the table shows the reader's date
	                  (dd/mm/yyyy in Vietnamese) */
	FMT_INSTANT,   /* ISO 8601 with an offset ("2026-07-01T06:00:00+07:00", the station's
	                  wall clock): as FMT_TEXT, but the table shows the reader's date and
	                  the time to the minute ("01/07/2026 06:00") */
	FMT_INSTANT_S, /* as FMT_INSTANT, the table's time to the second ("06:00:03"), where a
	                  few seconds matter (when an airing started and ended) */
};

struct fmt_col {
	const char *name;                  /* CSV header and JSON key: a stable contract */
	enum fmt_type type;                /* what the cell is (see enum fmt_type) */
	const char *heading;               /* table heading (translated), or NULL for name */
	const char *(*word)(const char *); /* FMT_WORD: the reader's word for a value
	                                      (the value itself when it has none) */
};

enum {
	FMT_VERTICAL = 1, /* table: one "heading: value" line per column (for "show") */
	FMT_SINGLE = 2,   /* JSON: one object, not an array (for "show") */
	FMT_BOM = 4,      /* CSV: start with a UTF-8 byte-order mark (Excel) */
	FMT_EXCEL = 8,    /* CSV: FMT_TEXT cells made safe for a spreadsheet (fmt_csv_text_field) */
};

struct fmt;

/* Parses "table", "csv" or "json"; -1 on anything else. */
int fmt_parse_kind(const char *s, enum fmt_kind *out);
/* The default: a table on a terminal, CSV otherwise. */
enum fmt_kind fmt_default_kind(FILE *out);

struct fmt *fmt_open(FILE *out, enum fmt_kind kind, const struct fmt_col *cols, int ncols, int flags);
/* Adds one row of ncols cells (copied). 0, or -1 on a write error. */
int fmt_row(struct fmt *f, const char *const *cells);
/* Writes what is buffered, frees f. 0, or -1 if any write failed. */
int fmt_close(struct fmt *f);

/* Writes s as a JSON string literal, quotes included. */
void fmt_json_string(FILE *out, const char *s);
/* Writes s as one CSV field (quoted when needed, RFC 4180). */
void fmt_csv_field(FILE *out, const char *s);
/* 1 when a spreadsheet would take text s for a formula: it begins with
 * '=', '+', '-', '@', a tab or a carriage return. */
int fmt_csv_is_formula(const char *s);
/* Writes text s as one CSV field for a spreadsheet: as fmt_csv_field, but
 * a formula (fmt_csv_is_formula) gets a leading apostrophe, so Excel shows
 * it as text instead of running it (OWASP's advice on CSV injection).
 * Only for text: a number such as "-2.5" must go through fmt_csv_field. */
void fmt_csv_text_field(FILE *out, const char *s);
/* The decimal digits of v at p, without a NUL; returns the end. Hot paths
 * (the log export, the chain's encoding) write millions of numbers, and
 * snprintf was a third of their time. */
char *fmt_decimal(char *p, uint64_t v);
/* v in decimal with its sign, NUL-terminated, in buf (FMT_INT_LEN bytes
 * hold any int64_t); returns buf. */
#define FMT_INT_LEN 21
char *fmt_int(char buf[FMT_INT_LEN], int64_t v);
/* Milliseconds as seconds with one decimal, rounded half up, without
 * floating point ("180.3" for 180250): every listing and report writes
 * played seconds this way, so the same airing reads the same everywhere. */
char *fmt_tenths(char *buf, size_t n, int64_t ms);

#endif
