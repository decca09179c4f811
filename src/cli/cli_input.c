/*
 * cli_input.c — options read as the officer types them (cli_input.h).
 *
 * The reading is the core's (time_read_*, words_code), so the web console
 * reads a form's field the same way; what is the command line's is only
 * the option's name at the head of a refusal, and where its notes go.
 */
#include <stdio.h>

#include "cli/cli_input.h"
#include "loa/i18n.h"
#include "loa/log.h"

int
cli_time_error(struct cli *cli, const char *opt, enum time_what what, const char *value,
               const struct time_reading *how)
{
	char msg[512];

	(void)cli;
	time_fault_text(what, value, how, msg, sizeof msg);
	error("%s: %s", opt, msg);
	hint("%s", time_examples(what));
	return 2;
}

int
cli_date(struct cli *cli, const char *opt, const char *arg, int past, struct civil *out)
{
	struct time_reading how;
	struct civil today;

	time_today(cli->station.tz, &today);
	if (time_read_date(arg, &today, past, out, &how) != 0)
		return cli_time_error(cli, opt, TIME_DATE, arg, &how);
	time_reading_note(arg, out, &how);
	return 0;
}

int
cli_instant(struct cli *cli, const char *opt, const char *arg, int past, int64_t *out, int *has_time)
{
	struct time_reading how;
	struct civil today, c;

	time_today(cli->station.tz, &today);
	if (time_read_instant(arg, cli->station.tz, &today, past, out, &how) != 0)
		return cli_time_error(cli, opt, TIME_INSTANT, arg, &how);
	if (tz_from_utc(cli->station.tz, *out, &c, NULL) == 0)
		time_reading_note(arg, &c, &how);
	if (has_time)
		*has_time = how.has_time;
	return 0;
}

int
cli_word(struct cli *cli, const char *opt, enum word_set set, const char *arg, const char **code)
{
	(void)cli;
	if ((*code = words_code(set, arg)))
		return 0;
	if (set == WORDS_TIER)
		error(_("%s: not a tier: '%s'"), opt, arg);
	else if (set == WORDS_ROLE)
		error(_("%s: not a role: '%s'"), opt, arg);
	else
		error(_("%s: not a status: '%s'"), opt, arg);
	hint("%s", words_examples(set));
	return 2;
}

int
cli_bound(struct cli *cli, const char *opt, const char *arg, int is_to, int64_t *out)
{
	struct civil c;
	int has_time;

	if (cli_instant(cli, opt, arg, 1, out, &has_time) != 0)
		return 2;
	if (!is_to || has_time)
		return 0;
	/* The next day's midnight, found by civil arithmetic so a DST change
	 * inside the day does not matter. */
	if (tz_from_utc(cli->station.tz, *out, &c, NULL) != 0)
		return 1;
	c.hour = c.min = c.sec = 0;
	c.day++;
	if (c.day > civil_days_in_month(c.year, c.month)) {
		c.day = 1;
		if (++c.month > 12) {
			c.month = 1;
			c.year++;
		}
	}
	return tz_to_utc(cli->station.tz, &c, out) == 0 ? 0 : 1;
}
