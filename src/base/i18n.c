/*
 * i18n.c — binds the "loa" message catalogue.
 *
 * The catalogue is looked up in LOA_LOCALEDIR when set (tests and the
 * build tree), else in the installed locale folder.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/i18n.h"
#include "loa/timeutil.h"

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

const char *
i18n_language(void)
{
	static char lang[16];
	static const char header_id[] = ""; /* a variable: xgettext must not see "" */
	/* The catalogue's header (the translation of "") names its language. */
	const char *header = gettext(header_id);
	const char *p = header && *header ? strstr(header, "Language: ") : NULL;

	if (!p)
		return "";
	p += strlen("Language: ");
	snprintf(lang, sizeof lang, "%.*s", (int)strcspn(p, "\n_"), p);
	return lang;
}

char *
i18n_format_time(int64_t ms, const char *zone, char *buf, size_t n)
{
	struct civil c;

	if (strcmp(i18n_language(), "vi") == 0)
		return time_format_vn(ms, zone, buf, n);
	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour, c.min);
	return buf;
}
