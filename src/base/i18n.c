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

/* The locale's decimal separator, read before LC_NUMERIC is set to "C";
 * 0 when the locale is C or POSIX (or i18n_init was not called). */
static char locale_decimal;

void
i18n_init(void)
{
	const char *dir = getenv("LOA_LOCALEDIR"), *name;
	const struct lconv *lc;

	setlocale(LC_ALL, "");
	name = setlocale(LC_NUMERIC, NULL);
	lc = localeconv();
	locale_decimal = 0;
	if (name && strcmp(name, "C") != 0 && strcmp(name, "POSIX") != 0 && strncmp(name, "C.", 2) != 0 &&
	    lc && lc->decimal_point && lc->decimal_point[0] && !lc->decimal_point[1])
		locale_decimal = lc->decimal_point[0];
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

const char *
i18n_pgettext(const char *ctx, const char *msgid)
{
	char key[256];
	const char *t;

	/* A context is "CTX\004MSGID" in the catalogue (gettext.h's pgettext). */
	if (snprintf(key, sizeof key, "%s\004%s", ctx, msgid) >= (int)sizeof key)
		return msgid;
	t = gettext(key);
	return t == key ? msgid : t;
}

char *
i18n_format_when(int64_t ms, const char *zone, char *buf, size_t n)
{
	struct civil c;

	if (!i18n_day_first())
		return time_format_iso(ms, zone, buf, n);
	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		snprintf(buf, n, "?");
	else if (c.sec)
		snprintf(buf, n, "%02d/%02d/%04d %02d:%02d:%02d", c.day, c.month, c.year, c.hour, c.min,
		         c.sec);
	else
		snprintf(buf, n, "%02d/%02d/%04d %02d:%02d", c.day, c.month, c.year, c.hour, c.min);
	return buf;
}

int
i18n_day_first(void)
{
	return strcmp(i18n_language(), "vi") == 0;
}

char
i18n_decimal_point(void)
{
	if (locale_decimal)
		return locale_decimal;
	return strcmp(i18n_language(), "vi") == 0 ? ',' : '.';
}

char *
i18n_format_decimal(double v, int decimals, char *buf, size_t n)
{
	char sep = i18n_decimal_point(), *p;

	snprintf(buf, n, "%.*f", decimals, v);
	if (sep != '.' && (p = strchr(buf, '.')))
		*p = sep;
	return buf;
}

char *
i18n_format_time(int64_t ms, const char *zone, char *buf, size_t n)
{
	struct civil c;

	if (i18n_day_first())
		return time_format_vn(ms, zone, buf, n);
	if (tz_from_utc(zone, ms, &c, NULL) != 0)
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour, c.min);
	return buf;
}
