/*
 * view.c — a listing of a view: its columns picked and their headings
 * translated at use (the tables hold msgids, so one table serves every
 * language), and the buffer its cells are written into.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/views.h"

int
view_open(struct view_listing *l, const struct view *v, FILE *out, enum fmt_kind kind, int flags)
{
	int narrow = (flags & VIEW_NARROW) && kind == FMT_TABLE && v->narrow, n = 0;

	memset(l, 0, sizeof *l);
	l->view = v;
	l->all = 1;
	for (int i = 0; i < v->ncols && i < VIEW_COLS_MAX; i++) {
		if (narrow && !v->narrow[i]) {
			l->all = 0;
			continue;
		}
		l->shown[i] = 1;
		l->cols[n] = v->cols[i];
		if (v->cols[i].heading)
			l->cols[n].heading = _(v->cols[i].heading);
		n++;
	}
	l->f = fmt_open(out, kind, l->cols, n, flags & ~VIEW_NARROW);
	return l->f ? 0 : -1;
}

int
view_add(struct view_listing *l, const char *const *cells)
{
	const char *picked[VIEW_COLS_MAX];
	int n = 0;

	if (l->all)
		return fmt_row(l->f, cells);
	for (int i = 0; i < l->view->ncols; i++)
		if (l->shown[i])
			picked[n++] = cells[i];
	return fmt_row(l->f, picked);
}

int
view_close(struct view_listing *l)
{
	int rc = l->f ? fmt_close(l->f) : -1;

	l->f = NULL;
	return rc;
}

void
view_cells_clear(struct view_cells *c)
{
	memset(c->v, 0, sizeof c->v);
	c->used = 0;
}

const char *
view_printf(struct view_cells *c, const char *fmt, ...)
{
	char *at = c->buf + c->used;
	size_t room = sizeof c->buf - c->used;
	va_list ap;
	int n;

	if (room == 0)
		return "";
	va_start(ap, fmt);
	n = vsnprintf(at, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		*at = 0;
		return at;
	}
	c->used += (size_t)n + 1;
	return at;
}

char *
view_room(struct view_cells *c, size_t n)
{
	char *at = c->buf + c->used;

	if (n > sizeof c->buf - c->used)
		return NULL;
	c->used += n;
	*at = 0;
	return at;
}

/* Not printf: the log export writes millions of numbers (fmt.h). */
const char *
view_int(struct view_cells *c, int64_t v)
{
	char *at = view_room(c, FMT_INT_LEN);

	return at ? fmt_int(at, v) : "";
}

char *
view_record_json(const struct view *v, int flags, const char *const *cells)
{
	struct view_listing l;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = -1;

	if (!f)
		return NULL;
	if (view_open(&l, v, f, FMT_JSON, flags) == 0) {
		rc = view_add(&l, cells);
		if (view_close(&l) != 0)
			rc = -1;
	}
	if (fclose(f) != 0 || rc != 0) {
		free(buf);
		return NULL;
	}
	while (len && buf[len - 1] == '\n')
		buf[--len] = 0;
	return buf;
}
