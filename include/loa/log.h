/*
 * log.h — the one channel the core reports through.
 *
 * The core never writes to stderr itself: every error, warning, hint and
 * log line becomes a struct log_msg handed to the writer the front end
 * installed (log_set_writer). The command line writes errors of the form
 * "loa: <what is wrong>: <subject>" followed by a "hint:" line that says
 * what to do (git's style); the daemon under systemd writes leveled lines
 * that journald files by priority (the "<N>" prefix of sd-daemon(3)); the
 * web console shows the same translated text next to the form field the
 * message names. Until a front end installs a writer, messages go to stderr
 * as the command line writes them.
 *
 * Advice that depends on the front end ("use --force", "--db PATH") is not
 * text in the core: the core names it with advise(ADVICE_...), and each front
 * end words it (the command line in src/cli/advice.c).
 *
 * Functions follow OpenBSD's log.c vocabulary: *_warn appends strerror(errno),
 * *_warnx does not. error() returns -1 so call sites can "return error(...)".
 */
#ifndef LOA_LOG_H
#define LOA_LOG_H

#include <stdarg.h>

#define LOA_PRINTF(a, b) __attribute__((format(printf, a, b)))

enum log_level { LOG_LEVEL_ERR = 3, LOG_LEVEL_WARNING = 4, LOG_LEVEL_INFO = 6, LOG_LEVEL_DEBUG = 7 };

/* What an error is about, so a front end can word it or place it. */
enum err_kind {
	ERR_OTHER = 0, /* anything else (out of memory, a library's failure) */
	ERR_INPUT,     /* a value given is wrong; the message's field names which */
	ERR_NOT_FOUND, /* a named thing (station, clip, slot, file) does not exist */
	ERR_EXISTS,    /* it exists already */
	ERR_IN_USE,    /* it is used by something else (a slot, a playlist, a daemon) */
	ERR_FILE,      /* a file or folder cannot be read or written */
	ERR_STORE,     /* the station's database refused or is damaged */
	ERR_DEVICE,    /* the sound output or the amplifier */
};

/* Advice whose wording depends on the front end (flags, commands, buttons).
 * The core says which applies; the front end's writer words it. arg is the
 * subject named in the wording, or NULL. */
enum advice {
	ADVICE_NONE = 0,
	ADVICE_CREATE_STATION,      /* no station at that path: create one or name another */
	ADVICE_DB_IS_FOLDER,        /* arg: the folder given instead of the database file */
	ADVICE_NAME_DB,             /* name the station's database file */
	ADVICE_DB_EXISTS,           /* creating: a file is there already */
	ADVICE_DB_NOT_SQLITE,       /* not a database: check the path, never overwrite it */
	ADVICE_DB_NOT_LOA,          /* another program's database */
	ADVICE_UPGRADE_STATION,     /* an older station opened read-only */
	ADVICE_CONFIG_MISSING,      /* the configuration file named does not exist */
	ADVICE_CONFIG_NOT_TEXT,     /* the configuration file named is not a text file */
	ADVICE_CONFIG_CHECK,        /* arg: the file; fix the lines reported, then check it */
	ADVICE_CONFIG_STATION,      /* [station] keys the database decides */
	ADVICE_CLIP_IN_USE,         /* remove it from slots and playlists first, or force */
	ADVICE_CLIP_LIST,           /* where clip numbers are listed */
	ADVICE_PLAYLIST_EXISTS,     /* arg: the playlist's name */
	ADVICE_PLAYLIST_NAME,       /* a name taken by another playlist */
	ADVICE_PLAYLIST_OUTSIDE,    /* a playlist outside the import's folder */
	ADVICE_FILE_OUTSIDE,        /* an audio file outside the import's folder */
	ADVICE_FILE_IS_FOLDER,      /* a folder named as an audio file */
	ADVICE_LIBRARY_FOLDER,      /* arg: the library folder that is missing */
	ADVICE_CHAIN_BROKEN,        /* the airing log's rows are damaged */
	ADVICE_AGENDA_TOO_BIG,      /* too many airings asked for at once */
	ADVICE_LOG_VERIFY,          /* the airing log cannot be read: check the station's database */
	ADVICE_ICS_ALL_DAY,         /* an all-day event in a calendar that is not a list of holidays */
	ADVICE_ICS_ATTACH_OUTSIDE,  /* an ATTACH names a file outside the calendar's folder */
	ADVICE_ICS_CLIP_ADD,        /* an event names a clip the station lacks: add the file, assign it */
	ADVICE_ICS_PLAYLIST_IMPORT, /* arg: the playlist an event names that the station lacks */
	ADVICE_ICS_CHOOSE_CLIP,     /* several clips share an event's title: assign the right one */
	ADVICE_SLOT_CHECK,          /* a slot was given a clip by a guess: check the slots */
	ADVICE_START_DAEMON,        /* the broadcast program is not running: start it, then ask again */
	ADVICE_COUNT
};

/* One message, as the writer receives it. text is translated, one line, with
 * control characters shown visibly; for a hint that is advice, text is NULL
 * and advice/arg say what to word. */
struct log_msg {
	enum log_level level;
	int hint;           /* 1: what to do next, after the error it follows */
	int warning;        /* 1: a warning to the officer ("warning: ..."), not a log line */
	enum err_kind kind; /* errors: what it is about */
	const char *field;  /* errors: the input field at fault ("start", "rrule"...), or NULL */
	enum advice advice; /* hints: front-end advice, or ADVICE_NONE */
	const char *arg;    /* advice's subject, or NULL */
	const char *text;
};
typedef void log_writer_fn(const struct log_msg *m, void *ctx);

/* Installs the writer of every message (NULL: back to stderr). */
void log_set_writer(log_writer_fn *fn, void *ctx);
/* Writes m as the command line does: "loa: ..." / "hint: ..." on stderr,
 * with journald's "<N>" prefix when log_init said so. Advice is skipped. */
void log_write_stderr(const struct log_msg *m);

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
/* error() naming what it is about and the input field at fault (or NULL). */
int error_at(enum err_kind kind, const char *field, const char *fmt, ...) LOA_PRINTF(3, 4);
/* "hint: <fmt>" on stderr: what the officer should do next. */
void hint(const char *fmt, ...) LOA_PRINTF(1, 2);
/* A hint the front end words (enum advice); arg may be NULL. */
void advise(enum advice a, const char *arg);
/* "warning: <fmt>" on stderr. */
void warning(const char *fmt, ...) LOA_PRINTF(1, 2);

#endif
