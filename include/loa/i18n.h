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

/* Binds the "loa" text domain; call once from main(). */
void i18n_init(void);

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

#endif
