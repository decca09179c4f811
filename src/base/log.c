/*
 * log.c — the core's message channel, and its writer for stderr.
 *
 * Each message becomes a struct log_msg for the writer a front end installed
 * (log.h). The stderr writer, used until one is, composes a message into one
 * buffer and writes it with one write(2), so lines from the daemon and a
 * hook child never interleave mid-line. Errors
 * keep the error first and the subject last, lowercase, no trailing period.
 * Translation happens at the call site with _(), never here.
 *
 * A message is one line: control characters in it (a title's line break or
 * ESC, an older station's row) are written visibly ("\n", "\x1b"), so no
 * value a message quotes can start a forged journal line with its own
 * priority, or send the terminal a command.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/utf8.h"

static enum log_level log_max = LOG_LEVEL_INFO;
static int log_journal;

void
log_init(enum log_level verbosity, int journal)
{
	log_max = verbosity;
	log_journal = journal;
}

enum log_level
log_verbosity(void)
{
	return log_max;
}

static log_writer_fn *writer;
static void *writer_ctx;

void
log_set_writer(log_writer_fn *fn, void *ctx)
{
	writer = fn;
	writer_ctx = ctx;
}

void
log_write_stderr(const struct log_msg *m)
{
	char buf[4096];
	const char *prefix;
	int n = 0;

	if (!m->text)
		return;
	if (m->hint)
		prefix = _("hint: ");
	else if (m->warning)
		prefix = _("warning: ");
	else
		prefix = m->level <= LOG_LEVEL_WARNING ? "loa: " : "";
	if (log_journal)
		n = snprintf(buf, sizeof buf, "<%d>", (int)m->level);
	n += snprintf(buf + n, sizeof buf - n, "%s%s", prefix, m->text);
	if (n >= (int)sizeof buf - 1)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	(void)!write(STDERR_FILENO, buf, n);
}

static void
deliver(struct log_msg *m)
{
	if (writer)
		writer(m, writer_ctx);
	else
		log_write_stderr(m);
}

static void emit(struct log_msg *m, const char *fmt, va_list ap, const char *suffix) LOA_PRINTF(2, 0);

static void
emit(struct log_msg *m, const char *fmt, va_list ap, const char *suffix)
{
	char msg[4096];
	char *shown;
	int n;

	n = vsnprintf(msg, sizeof msg, fmt, ap);
	if (suffix && n >= 0 && n < (int)sizeof msg)
		snprintf(msg + n, sizeof msg - n, ": %s", suffix);
	shown = utf8_visible(msg, 0);
	m->text = shown ? shown : msg;
	deliver(m);
	free(shown);
}

void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	if (level > log_max)
		return;
	struct log_msg m = {.level = level};

	emit(&m, fmt, ap, NULL);
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	struct log_msg m = {.level = LOG_LEVEL_WARNING};
	va_list ap;

	if (LOG_LEVEL_WARNING > log_max)
		return;
	va_start(ap, fmt);
	emit(&m, fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

#define LOG_FN(name, level)                                                                                  \
	void name(const char *fmt, ...)                                                                      \
	{                                                                                                    \
		va_list ap;                                                                                  \
		va_start(ap, fmt);                                                                           \
		log_vmsg(level, fmt, ap);                                                                    \
		va_end(ap);                                                                                  \
	}
LOG_FN(log_warnx, LOG_LEVEL_WARNING)
LOG_FN(log_info, LOG_LEVEL_INFO)
LOG_FN(log_debug, LOG_LEVEL_DEBUG)

int
error(const char *fmt, ...)
{
	struct log_msg m = {.level = LOG_LEVEL_ERR};
	va_list ap;

	va_start(ap, fmt);
	emit(&m, fmt, ap, NULL);
	va_end(ap);
	return -1;
}

int
error_errno(const char *fmt, ...)
{
	int saved = errno;
	struct log_msg m = {.level = LOG_LEVEL_ERR};
	va_list ap;

	va_start(ap, fmt);
	emit(&m, fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
	return -1;
}

int
error_at(enum err_kind kind, const char *field, const char *fmt, ...)
{
	struct log_msg m = {.level = LOG_LEVEL_ERR, .kind = kind, .field = field};
	va_list ap;

	va_start(ap, fmt);
	emit(&m, fmt, ap, NULL);
	va_end(ap);
	return -1;
}

void
hint(const char *fmt, ...)
{
	struct log_msg m = {.level = LOG_LEVEL_ERR, .hint = 1};
	va_list ap;

	va_start(ap, fmt);
	emit(&m, fmt, ap, NULL);
	va_end(ap);
}

void
advise(enum advice a, const char *arg)
{
	struct log_msg m = {.level = LOG_LEVEL_ERR, .hint = 1, .advice = a, .arg = arg};

	deliver(&m);
}

void
warning(const char *fmt, ...)
{
	struct log_msg m = {.level = LOG_LEVEL_WARNING, .warning = 1};
	va_list ap;

	va_start(ap, fmt);
	emit(&m, fmt, ap, NULL);
	va_end(ap);
}
