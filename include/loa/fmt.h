/*
 * fmt.h — every listing loa prints: an aligned table for the officer, CSV
 * (RFC 4180, UTF-8) and JSON for scripts and the district's tools.
 *
 * A listing is a fixed list of columns, then rows of cells given as text.
 * The column names are a public contract (CSV header, JSON keys) and are
 * never translated; the table heading may be. CSV and JSON rows stream
 * straight to the output, so a million-row export needs no memory; a table
 * is buffered to measure column widths. A NULL cell is empty in CSV and the
 * table and null in JSON; a FMT_NUM cell is written bare in JSON.
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
	FMT_TEXT,  /* a string: quoted in JSON */
	FMT_NUM,   /* a number already formatted as text: bare in JSON */
	FMT_BOOL,  /* "true"/"false": bare in JSON */
	FMT_LINES, /* text of several lines (an event's text): as FMT_TEXT, but the
	              table keeps its line breaks */
};

struct fmt_col {
	const char *name;    /* CSV header and JSON key: a stable contract */
	enum fmt_type type;  /* how JSON writes the cell */
	const char *heading; /* table heading (translated), or NULL for name */
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
