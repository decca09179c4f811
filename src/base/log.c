/*
 * log.c — diagnostics on stderr, for the officer and for journald.
 *
 * Messages are composed into one buffer and written with one write(2) so
 * lines from the daemon and a hook child never interleave mid-line. Errors
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

static void
emit(enum log_level level, const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
	char msg[4096], buf[4096];
	char *shown;
	int n = 0, m;

	m = vsnprintf(msg, sizeof msg, fmt, ap);
	if (suffix && m >= 0 && m < (int)sizeof msg)
		snprintf(msg + m, sizeof msg - m, ": %s", suffix);
	shown = utf8_visible(msg, 0);
	if (log_journal)
		n = snprintf(buf, sizeof buf, "<%d>", (int)level);
	n += snprintf(buf + n, sizeof buf - n, "%s%s", prefix, shown ? shown : msg);
	free(shown);
	if (n >= (int)sizeof buf - 1)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	(void)!write(STDERR_FILENO, buf, n);
}

void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	if (level > log_max)
		return;
	emit(level, level <= LOG_LEVEL_WARNING ? "loa: " : "", fmt, ap, NULL);
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (LOG_LEVEL_WARNING > log_max)
		return;
	va_start(ap, fmt);
	emit(LOG_LEVEL_WARNING, "loa: ", fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

#define LOG_FN(name, level)                                                                        \
	void name(const char *fmt, ...)                                                            \
	{                                                                                          \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		log_vmsg(level, fmt, ap);                                                          \
		va_end(ap);                                                                        \
	}
LOG_FN(log_warnx, LOG_LEVEL_WARNING)
LOG_FN(log_info, LOG_LEVEL_INFO)
LOG_FN(log_debug, LOG_LEVEL_DEBUG)

int
error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(LOG_LEVEL_ERR, "loa: ", fmt, ap, NULL);
	va_end(ap);
	return -1;
}

int
error_errno(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	emit(LOG_LEVEL_ERR, "loa: ", fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
	return -1;
}

void
hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(LOG_LEVEL_ERR, _("hint: "), fmt, ap, NULL);
	va_end(ap);
}

void
warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(LOG_LEVEL_WARNING, _("warning: "), fmt, ap, NULL);
	va_end(ap);
}
