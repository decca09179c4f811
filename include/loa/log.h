/*
 * log.h — the one place loa writes diagnostics.
 *
 * Two audiences share stderr. The officer running a command reads errors of
 * the form "loa: <what is wrong>: <subject>" followed by a "hint:" line that
 * says what to do (git's style). The daemon under systemd writes leveled
 * lines that journald files by priority (the "<N>" prefix of sd-daemon(3)).
 * Functions follow OpenBSD's log.c vocabulary: *_warn appends strerror(errno),
 * *_warnx does not. error() returns -1 so call sites can "return error(...)".
 */
#ifndef LOA_LOG_H
#define LOA_LOG_H

#include <stdarg.h>

#define LOA_PRINTF(a, b) __attribute__((format(printf, a, b)))

enum log_level { LOG_LEVEL_ERR = 3, LOG_LEVEL_WARNING = 4, LOG_LEVEL_INFO = 6, LOG_LEVEL_DEBUG = 7 };

/* Configures logging: verbosity is the highest level printed; journal adds
 * sd-daemon "<N>" priority prefixes (set when stderr is the journal). */
void log_init(enum log_level verbosity, int journal);
enum log_level log_verbosity(void);

void log_warn(const char *fmt, ...) LOA_PRINTF(1, 2);
void log_warnx(const char *fmt, ...) LOA_PRINTF(1, 2);
void log_info(const char *fmt, ...) LOA_PRINTF(1, 2);
void log_debug(const char *fmt, ...) LOA_PRINTF(1, 2);
void log_vmsg(enum log_level level, const char *fmt, va_list ap) LOA_PRINTF(2, 0);

/* "loa: <fmt>" on stderr; always returns -1. */
int error(const char *fmt, ...) LOA_PRINTF(1, 2);
/* "loa: <fmt>: <strerror(errno)>"; always returns -1. */
int error_errno(const char *fmt, ...) LOA_PRINTF(1, 2);
/* "hint: <fmt>" on stderr: what the officer should do next. */
void hint(const char *fmt, ...) LOA_PRINTF(1, 2);
/* "warning: <fmt>" on stderr. */
void warning(const char *fmt, ...) LOA_PRINTF(1, 2);

#endif
