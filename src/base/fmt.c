/*
 * fmt.c — tables, CSV and JSON from one list of columns.
 *
 * Commands describe what they list once (struct fmt_col) and hand rows over
 * as text, so the three formats can never disagree about columns or values.
 * Widths in the table count terminal columns, not bytes: Vietnamese titles
 * are mostly two-byte and three-byte UTF-8 characters, and NFD text carries
 * zero-width combining marks.
 *
 * The table is the one place where values become the reader's words
 * (fmt.h): table_cell() turns each cell of a typed column into the
 * reader's form as the row is buffered; CSV and JSON never do.
 *
 * Security decisions: a table cell is stored with its control characters
 * made visible (utf8_visible), since the table is what reaches a terminal;
 * CSV for a spreadsheet (FMT_EXCEL) neutralises text cells a spreadsheet
 * would run as formulas. Plain CSV and JSON stay exact.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/utf8.h"

struct fmt {
	FILE *out;                  /* where rows go */
	enum fmt_kind kind;         /* table, CSV or JSON */
	const struct fmt_col *cols; /* the columns, owned by the caller */
	int ncols;                  /* number of columns */
	int flags;                  /* FMT_VERTICAL, FMT_SINGLE, FMT_BOM */
	long nrows;                 /* rows added so far */
	char **cells;               /* table only: buffered cells, row-major */
	long cap;                   /* table only: rows allocated */
	char decimal;               /* table only: the reader's decimal separator */
	int day_first;              /* table only: the reader writes dd/mm/yyyy */
	char *keys;                 /* JSON only: each column's '"name": ' one after another, or NULL */
	size_t *keylen;             /* and their lengths */
};

int
fmt_parse_kind(const char *s, enum fmt_kind *out)
{
	if (strcmp(s, "table") == 0)
		*out = FMT_TABLE;
	else if (strcmp(s, "csv") == 0)
		*out = FMT_CSV;
	else if (strcmp(s, "json") == 0)
		*out = FMT_JSON;
	else
		return -1;
	return 0;
}

enum fmt_kind
fmt_default_kind(FILE *out)
{
	return isatty(fileno(out)) ? FMT_TABLE : FMT_CSV;
}

/* The bytes of s, up to its end or at most max of them, escaped for a
 * JSON string into dst, which has room for 6 * max bytes; *s is moved past
 * them. Returns the end of what was written. */
static char *
json_escape_some(char *dst, const char **s, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)*s;

	for (; *p && max; p++, max--) {
		if (*p >= 0x20 && *p != '"' && *p != '\\') {
			*dst++ = (char)*p;
			continue;
		}
		*dst++ = '\\';
		switch (*p) {
		case '"':
		case '\\':
			*dst++ = (char)*p;
			break;
		case '\n':
			*dst++ = 'n';
			break;
		case '\r':
			*dst++ = 'r';
			break;
		case '\t':
			*dst++ = 't';
			break;
		default:
			memcpy(dst, "u00", 3);
			dst[3] = hex[*p >> 4];
			dst[4] = hex[*p & 15];
			dst += 5;
		}
	}
	*s = (const char *)p;
	return dst;
}

/* The most bytes a JSON string of a text of len bytes takes, quotes
 * included. */
#define JSON_ROOM(len) (6 * (len) + 2)

void
fmt_json_string(FILE *out, const char *s)
{
	char buf[6 * 256 + 2], *p;

	buf[0] = '"';
	p = buf + 1;
	do {
		p = json_escape_some(p, &s, 256);
		if (!*s)
			*p++ = '"';
		fwrite(buf, 1, (size_t)(p - buf), out);
		p = buf;
	} while (*s);
}

void
fmt_csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

int
fmt_csv_is_formula(const char *s)
{
	return s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

void
fmt_csv_text_field(FILE *out, const char *s)
{
	if (!fmt_csv_is_formula(s)) {
		fmt_csv_field(out, s);
		return;
	}
	putc('"', out);
	putc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

static const char *
heading(const struct fmt_col *c)
{
	return c->heading ? c->heading : c->name;
}

static char *json_escape_n(char *dst, const char *s, size_t n);

/* Each column's key, escaped once for all the rows ('"name": '); without
 * memory, json_row escapes them in each row. */
static void
json_keys(struct fmt *f)
{
	size_t room = 0;
	char *p;

	for (int i = 0; i < f->ncols; i++)
		room += JSON_ROOM(strlen(f->cols[i].name)) + 2;
	if (!(f->keys = malloc(room ? room : 1)) ||
	    !(f->keylen = malloc((size_t)f->ncols * sizeof *f->keylen + 1))) {
		free(f->keys);
		f->keys = NULL;
		return;
	}
	p = f->keys;
	for (int i = 0; i < f->ncols; i++) {
		char *k = p;
		p = json_escape_n(p, f->cols[i].name, strlen(f->cols[i].name));
		memcpy(p, ": ", 2), p += 2;
		f->keylen[i] = (size_t)(p - k);
	}
}

struct fmt *
fmt_open(FILE *out, enum fmt_kind kind, const struct fmt_col *cols, int ncols, int flags)
{
	struct fmt *f = calloc(1, sizeof *f);

	if (!f)
		return NULL;
	f->out = out;
	f->kind = kind;
	f->cols = cols;
	f->ncols = ncols;
	f->flags = flags;
	if (kind == FMT_TABLE) {
		f->decimal = i18n_decimal_point();
		f->day_first = i18n_day_first();
	}
	if (kind == FMT_CSV) {
		if (flags & FMT_BOM)
			fputs("\xEF\xBB\xBF", out);
		for (int i = 0; i < ncols; i++) {
			if (i)
				putc(',', out);
			fmt_csv_field(out, cols[i].name);
		}
		fputs("\r\n", out);
	} else if (kind == FMT_JSON && !(flags & FMT_SINGLE)) {
		putc('[', out);
	}
	if (kind == FMT_JSON)
		json_keys(f);
	return f;
}

/* Whether JSON quotes the cells of type t (and CSV for a spreadsheet
 * checks them for formulas). */
static int
is_text(enum fmt_type t)
{
	return t != FMT_NUM && t != FMT_BOOL;
}

/* n digits at s, as a number; -1 when they are not all digits. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The reader's date of "YYYY-MM-DD" at s into buf (n bytes, at least
 * 11); 0, or -1 when s does not begin with such a date. */
static int
reader_date(const struct fmt *f, const char *s, char *buf, size_t n)
{
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);

	if (y < 0 || s[4] != '-' || m < 0 || s[7] != '-' || d < 0)
		return -1;
	if (f->day_first)
		snprintf(buf, n, "%02d/%02d/%04d", d, m, y);
	else
		snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* The cell s of column c as the table shows it: the reader's form of a
 * typed value, in buf (n bytes) or a translation; s itself for text. */
static const char *
table_cell(const struct fmt *f, const struct fmt_col *c, const char *s, char *buf, size_t n)
{
	int h, mi, sec;
	size_t len;

	if (!s)
		return "";
	switch (c->type) {
	case FMT_BOOL:
		return strcmp(s, "true") == 0 ? _("yes") : strcmp(s, "false") == 0 ? _("no") : s;
	case FMT_WORD:
		return *s && c->word ? c->word(s) : s;
	case FMT_NUM:
		if (f->decimal == '.' || !strchr(s, '.') || strlen(s) >= n)
			return s;
		snprintf(buf, n, "%s", s);
		*strchr(buf, '.') = f->decimal;
		return buf;
	case FMT_DATE:
		return strlen(s) == 10 && reader_date(f, s, buf, n) == 0 ? buf : s;
	case FMT_INSTANT:
	case FMT_INSTANT_S:
		/* "YYYY-MM-DDTHH:MM:SS" and an offset: the wall clock it names. */
		if (strlen(s) < 19 || s[10] != 'T' || reader_date(f, s, buf, n) != 0 ||
		    (h = digits(s + 11, 2)) < 0 || s[13] != ':' || (mi = digits(s + 14, 2)) < 0 ||
		    s[16] != ':' || (sec = digits(s + 17, 2)) < 0)
			return s;
		len = strlen(buf);
		if (c->type == FMT_INSTANT_S)
			snprintf(buf + len, n - len, " %02d:%02d:%02d", h, mi, sec);
		else
			snprintf(buf + len, n - len, " %02d:%02d", h, mi);
		return buf;
	default:
		return s;
	}
}

/* A FMT_LINES cell for the table: each line made visible, its line
 * breaks kept. NULL when memory ran out. */
static char *
visible_lines(const char *s)
{
	size_t cap = strlen(s) * 6 + 8, w = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	for (;;) {
		size_t len = strcspn(s, "\n"), cut = len;
		if (cut && s[cut - 1] == '\r')
			cut--;
		char *line = strndup(s, cut), *v = line ? utf8_visible(line, 0) : NULL;
		free(line);
		if (!v) {
			free(out);
			return NULL;
		}
		memcpy(out + w, v, strlen(v));
		w += strlen(v);
		free(v);
		if (!s[len])
			break;
		out[w++] = '\n';
		s += len + 1;
	}
	out[w] = 0;
	return out;
}

/* The JSON string of the n bytes at s (no NUL among them), quotes
 * included, into dst, which has room for JSON_ROOM(n); returns the end. */
/* Whether the 8 bytes at s may hold one that JSON escapes (a control
 * character, '"' or '\\'): never 0 when one does (bytes of UTF-8, 0x80 and
 * above, never count). */
static int
word_special(const char *s)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t v, q, b;

	memcpy(&v, s, 8);
	q = v ^ (ones * '"');
	b = v ^ (ones * '\\');
	return (((v - ones * 0x20) & ~v) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high ? 1 : 0;
}

static char *
json_escape_n(char *dst, const char *s, size_t n)
{
	const char *end = s + n, *run = s;

	*dst++ = '"';
	while (s < end) {
		/* Plain bytes are copied a run at a time, found 8 at a time. */
		while (end - s >= 8 && !word_special(s))
			s += 8;
		while (s < end && (unsigned char)*s >= 0x20 && *s != '"' && *s != '\\')
			s++;
		memcpy(dst, run, (size_t)(s - run));
		dst += s - run;
		if (s < end)
			dst = json_escape_some(dst, &s, 1);
		run = s;
	}
	*dst++ = '"';
	return dst;
}

/* One JSON object, assembled in memory and written with one call: a
 * quarter's agenda is 91,000 objects of 9 fields, and per-character stdio
 * calls were most of the time it took to write (perf). A row too long for
 * the buffer, or of too many columns, goes out field by field. */
#define JSON_ROW_COLS 64
static void
json_row(struct fmt *f, const char *const *cells)
{
	char line[8192], *p = line;
	const char *key = f->keys; /* the next column's, escaped */
	size_t len[JSON_ROW_COLS], room = 8;
	FILE *out = f->out;
	int slow = f->ncols > JSON_ROW_COLS;

	for (int i = 0; i < f->ncols && !slow; i++) {
		len[i] = cells[i] ? strlen(cells[i]) : 0;
		room += (f->keys ? f->keylen[i] : JSON_ROOM(strlen(f->cols[i].name))) + 8 + JSON_ROOM(len[i]);
		slow = room > sizeof line;
	}
	if (f->nrows && !(f->flags & FMT_SINGLE))
		*p++ = ',';
	if (!(f->flags & FMT_SINGLE))
		memcpy(p, "\n  ", 3), p += 3;
	*p++ = '{';
	if (slow) {
		fwrite(line, 1, (size_t)(p - line), out);
		p = line;
	}
	for (int i = 0; i < f->ncols; i++) {
		const char *c = cells[i];
		int null = !c || (!is_text(f->cols[i].type) && !*c);

		if (slow) {
			fputs(i ? ", " : "", out);
			fmt_json_string(out, f->cols[i].name);
			fputs(": ", out);
			if (null)
				fputs("null", out);
			else if (!is_text(f->cols[i].type))
				fputs(c, out);
			else
				fmt_json_string(out, c);
			continue;
		}
		if (i)
			memcpy(p, ", ", 2), p += 2;
		if (f->keys) {
			memcpy(p, key, f->keylen[i]);
			p += f->keylen[i];
			key += f->keylen[i];
		} else {
			p = json_escape_n(p, f->cols[i].name, strlen(f->cols[i].name));
			memcpy(p, ": ", 2), p += 2;
		}
		if (null) {
			memcpy(p, "null", 4), p += 4;
		} else if (!is_text(f->cols[i].type)) {
			memcpy(p, c, len[i]), p += len[i];
		} else {
			p = json_escape_n(p, c, len[i]);
		}
	}
	*p++ = '}';
	fwrite(line, 1, (size_t)(p - line), out);
}

/* One CSV record, assembled in memory and written with one call: exports
 * of a million rows spend most of their time in per-field stdio calls. */
static void
csv_row(struct fmt *f, const char *const *cells)
{
	char line[4096], *p = line, *end = line + sizeof line - 4;
	const char *c;
	size_t len;
	int excel;

	for (int i = 0; i < f->ncols; i++) {
		c = cells[i] ? cells[i] : "";
		len = strlen(c);
		excel = (f->flags & FMT_EXCEL) && is_text(f->cols[i].type) && fmt_csv_is_formula(c);
		if (i)
			*p++ = ',';
		if (!excel && !strpbrk(c, ",\"\r\n")) {
			if (len > (size_t)(end - p))
				goto slow;
			memcpy(p, c, len);
			p += len;
			continue;
		}
		if (2 * len + 3 > (size_t)(end - p))
			goto slow;
		*p++ = '"';
		if (excel)
			*p++ = '\'';
		for (; *c; c++) {
			if (*c == '"')
				*p++ = '"';
			*p++ = *c;
		}
		*p++ = '"';
	}
	*p++ = '\r';
	*p++ = '\n';
	fwrite(line, 1, (size_t)(p - line), f->out);
	return;
slow:
	/* A row longer than the buffer: field by field. */
	for (int i = 0; i < f->ncols; i++) {
		if (i)
			putc(',', f->out);
		if ((f->flags & FMT_EXCEL) && is_text(f->cols[i].type))
			fmt_csv_text_field(f->out, cells[i] ? cells[i] : "");
		else
			fmt_csv_field(f->out, cells[i] ? cells[i] : "");
	}
	fputs("\r\n", f->out);
}

int
fmt_row(struct fmt *f, const char *const *cells)
{
	if (f->kind == FMT_CSV) {
		csv_row(f, cells);
	} else if (f->kind == FMT_JSON) {
		json_row(f, cells);
	} else {
		if (f->nrows == f->cap) {
			long cap = f->cap ? f->cap * 2 : 16;
			char **c = realloc(f->cells, sizeof *c * cap * f->ncols);
			if (!c)
				return -1;
			f->cells = c;
			f->cap = cap;
		}
		/* Shown on a terminal: in the reader's words, control
		 * characters made visible. */
		for (int i = 0; i < f->ncols; i++) {
			char buf[64];
			const char *cell = table_cell(f, &f->cols[i], cells[i], buf, sizeof buf);
			f->cells[f->nrows * f->ncols + i] =
			    f->cols[i].type == FMT_LINES ? visible_lines(cell) : utf8_visible(cell, 0);
		}
	}
	f->nrows++;
	return ferror(f->out) ? -1 : 0;
}

static void
pad(FILE *out, int n)
{
	while (n-- > 0)
		putc(' ', out);
}

static void
table_flush(struct fmt *f)
{
	int *w = calloc(f->ncols, sizeof *w);
	const char *cell;
	int hw = 0;

	if (!w)
		return;
	if (f->flags & FMT_VERTICAL) {
		for (int i = 0; i < f->ncols; i++)
			if (utf8_width(heading(&f->cols[i])) > hw)
				hw = utf8_width(heading(&f->cols[i]));
		for (long r = 0; r < f->nrows; r++) {
			if (r)
				putc('\n', f->out);
			for (int i = 0; i < f->ncols; i++) {
				fprintf(f->out, "%s:", heading(&f->cols[i]));
				pad(f->out, hw - utf8_width(heading(&f->cols[i])) + 1);
				fprintf(f->out, "%s\n", f->cells[r * f->ncols + i]);
			}
		}
		free(w);
		return;
	}
	for (int i = 0; i < f->ncols; i++)
		w[i] = utf8_width(heading(&f->cols[i]));
	for (long r = 0; r < f->nrows; r++)
		for (int i = 0; i < f->ncols; i++) {
			int cw = utf8_width(f->cells[r * f->ncols + i]);
			if (cw > w[i])
				w[i] = cw;
		}
	for (long r = -1; r < f->nrows; r++) {
		for (int i = 0; i < f->ncols; i++) {
			cell = r < 0 ? heading(&f->cols[i]) : f->cells[r * f->ncols + i];
			int cw = utf8_width(cell);
			int last = i == f->ncols - 1;
			if (f->cols[i].type == FMT_NUM && r >= 0) {
				pad(f->out, w[i] - cw);
				fputs(cell, f->out);
			} else {
				fputs(cell, f->out);
				if (!last)
					pad(f->out, w[i] - cw);
			}
			if (!last)
				fputs("  ", f->out);
		}
		putc('\n', f->out);
	}
	free(w);
}

int
fmt_close(struct fmt *f)
{
	int rc;

	if (f->kind == FMT_TABLE)
		table_flush(f);
	else if (f->kind == FMT_JSON && !(f->flags & FMT_SINGLE))
		fputs(f->nrows ? "\n]\n" : "]\n", f->out);
	else if (f->kind == FMT_JSON)
		putc('\n', f->out);
	for (long i = 0; i < f->nrows * f->ncols && f->cells; i++)
		free(f->cells[i]);
	free(f->cells);
	free(f->keys);
	free(f->keylen);
	rc = fflush(f->out) != 0 || ferror(f->out) ? -1 : 0;
	free(f);
	return rc;
}

char *
fmt_decimal(char *p, uint64_t v)
{
	static const char pairs[] =
	    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	    "8081828384858687888990919293949596979899";
	char tmp[20], *t = tmp + sizeof tmp;

	while (v >= 100) {
		t -= 2;
		memcpy(t, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		t -= 2;
		memcpy(t, pairs + 2 * v, 2);
	} else {
		*--t = (char)('0' + v);
	}
	memcpy(p, t, (size_t)(tmp + sizeof tmp - t));
	return p + (tmp + sizeof tmp - t);
}

char *
fmt_int(char buf[FMT_INT_LEN], int64_t v)
{
	char *p = buf;

	if (v < 0)
		*p++ = '-';
	*fmt_decimal(p, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v) = 0;
	return buf;
}

char *
fmt_tenths(char *buf, size_t n, int64_t ms)
{
	int64_t t = (ms + (ms < 0 ? -50 : 50)) / 100;
	uint64_t a = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
	char tmp[FMT_INT_LEN + 2], *p = tmp;

	if (t < 0)
		*p++ = '-';
	p = fmt_decimal(p, a / 10);
	*p++ = '.';
	*p++ = (char)('0' + a % 10);
	size_t len = (size_t)(p - tmp);
	if (!n)
		return buf;
	if (len >= n)
		len = n - 1; /* cut to fit, as snprintf would */
	memcpy(buf, tmp, len);
	buf[len] = 0;
	return buf;
}
