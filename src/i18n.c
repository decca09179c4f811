/*
 * i18n.c — binds the "loa" message catalogue.
 *
 * The catalogue is looked up in LOA_LOCALEDIR when set (tests and the
 * build tree), else in the installed locale folder.
 */
#include <locale.h>
#include <stdlib.h>

#include "loa/i18n.h"

void
i18n_init(void)
{
	const char *dir = getenv("LOA_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* Numbers in CSV, JSON and the database must not follow the locale:
	 * a Vietnamese locale writes 1,5 for 1.5. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain("loa", dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset("loa", "UTF-8");
	textdomain("loa");
}
