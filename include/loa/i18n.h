/*
 * i18n.h — gettext for every user-facing message.
 *
 * Wrap each message the officer reads in _() (or N_() for static tables
 * translated later). The text domain is "loa"; the language follows
 * LANG/LC_MESSAGES. Vietnamese is the officer's language; the English
 * msgids are the contract for scripts that grep stderr.
 */
#ifndef LOA_I18N_H
#define LOA_I18N_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>

#define _(s)  gettext(s)
#define N_(s) (s)
/* A message with a context, for a short word that may read differently
 * elsewhere: C_("tier", "normal"). NC_ marks one in a static table (the
 * context is given again at use, to i18n_pgettext). */
#define C_(ctx, s)  i18n_pgettext(ctx, s)
#define NC_(ctx, s) (s)

/* Binds the "loa" text domain; call once from main(). */
void i18n_init(void);

/* The translation of msgid in context ctx (msgctxt), or msgid itself. */
const char *i18n_pgettext(const char *ctx, const char *msgid) __attribute__((format_arg(2)));

/* The language of the catalogue in use ("vi"), or "" for the English of
 * the source (no catalogue, or the C locale). */
const char *i18n_language(void);

/*
 * An instant for a human reader (a table cell, a message), in zone:
 * "01/03/2024 06:00" (dd/mm/yyyy, 24-hour) when the messages are in
 * Vietnamese, else "2024-03-01 06:00". CSV and JSON always carry ISO 8601
 * (time_format_iso): they are for programs. Returns buf.
 */
char *i18n_format_time(int64_t ms, const char *zone, char *buf, size_t n);

/*
 * An instant in a message (an error, the daemon's journal): in Vietnamese
 * "01/07/2026 06:00", with ":SS" when the seconds are not zero ("06:00:03"
 * for a late start); in English ISO 8601 with the offset, as loa always
 * wrote it, which scripts that read the English messages rely on.
 * Returns buf.
 */
char *i18n_format_when(int64_t ms, const char *zone, char *buf, size_t n);

/* 1 when the reader writes dates day first (dd/mm/yyyy: the messages are
 * in Vietnamese), else 0 (yyyy-mm-dd). */
int i18n_day_first(void);

/*
 * The reader's decimal separator, for a table or a message: the locale's
 * (LC_NUMERIC, read by i18n_init before numbers are set to the C locale's
 * point), or, where the locale is C or POSIX and says nothing, ',' when the
 * messages are in Vietnamese. CSV, JSON and the database always use '.'.
 */
char i18n_decimal_point(void);
/* printf's "%.*f" of v with the reader's decimal separator. Returns buf. */
char *i18n_format_decimal(double v, int decimals, char *buf, size_t n);

#endif
