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

#define _(s) gettext(s)
#define N_(s) (s)

/* Binds the "loa" text domain; call once from main(). */
void i18n_init(void);

#endif
