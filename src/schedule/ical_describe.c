/*
 * ical_describe.c — a rule in words, as `loa slot list` and `loa slot show`
 * print it.
 *
 * The common rule reads as a schedule is written on paper: the time, the
 * days, the dates from first to last with the year once, and the days left
 * out in order ("06:00, Monday to Saturday, from 01/07 to 30/09/2026,
 * except 01/09, 02/09"). Other rules say their frequency first. Dates are
 * dd/mm/yyyy, as Vietnam writes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/timeutil.h"
#include "schedule/ical_internal.h"

static const char *const weekday_names[] = {N_("Sunday"),   N_("Monday"), N_("Tuesday"), N_("Wednesday"),
                                            N_("Thursday"), N_("Friday"), N_("Saturday")};
static const char *const month_names[] = {N_("January"),   N_("February"), N_("March"),    N_("April"),
                                          N_("May"),       N_("June"),     N_("July"),     N_("August"),
                                          N_("September"), N_("October"),  N_("November"), N_("December")};

/* Joins items as "a, b and c". */
static void
buf_list(struct buf *b, const char *const *items, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			ical_buf_puts(b, i == n - 1 ? _(" and ") : ", ");
		ical_buf_puts(b, items[i]);
	}
}

static const char *
ordinal(int n, char *buf, size_t len)
{
	if (n == -1)
		snprintf(buf, len, "%s", _("last"));
	else if (n < 0)
		snprintf(buf, len, _("%d%s from last"), -n, -n == 2 ? "nd" : -n == 3 ? "rd" : "th");
	else
		snprintf(buf, len, "%d%s", n,
		         n % 10 == 1 && n != 11   ? "st"
		         : n % 10 == 2 && n != 12 ? "nd"
		         : n % 10 == 3 && n != 13 ? "rd"
		                                  : "th");
	return buf;
}

/* "06:00", or "06:00:30" when the seconds are not zero. */
static const char *
clock_text(int s, char *buf, size_t n)
{
	if (s % 60)
		snprintf(buf, n, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, n, "%02d:%02d", s / 3600, s / 60 % 60);
	return buf;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The values of a BY* array (end marker ICAL_RECURRENCE_ARRAY_MAX) in range [lo, hi]. */
static int
by_values(const short *v, int size, int lo, int hi, int *out)
{
	int n = 0;
	for (int i = 0; i < size && v[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
		if (v[i] >= lo && v[i] <= hi)
			out[n++] = v[i];
	return n;
}

/* The times of a daily or longer rule (every BYHOUR x BYMINUTE x BYSECOND,
 * else DTSTART's), in time order: "06:00 and 17:00"; many times read as
 * their count and range. */
static void
times_list(struct buf *b, const struct ical_rule *r)
{
	const struct icalrecurrencetype *rr = &r->rr;
	int hs[ICAL_BY_HOUR_SIZE], ms[ICAL_BY_MINUTE_SIZE], ss[ICAL_BY_SECOND_SIZE];
	int nh = by_values(rr->by_hour, ICAL_BY_HOUR_SIZE, 0, 23, hs);
	int nm = by_values(rr->by_minute, ICAL_BY_MINUTE_SIZE, 0, 59, ms);
	int ns = by_values(rr->by_second, ICAL_BY_SECOND_SIZE, 0, 60, ss);
	int n = (nh ? nh : 1) * (nm ? nm : 1) * (ns ? ns : 1);
	int *v = malloc((size_t)n * sizeof *v), k = 0;
	char t1[32], t2[32];

	if (!v) {
		b->oom = 1;
		return;
	}
	for (int h = 0; h < (nh ? nh : 1); h++)
		for (int m = 0; m < (nm ? nm : 1); m++)
			for (int x = 0; x < (ns ? ns : 1); x++)
				v[k++] = (nh ? hs[h] : r->dtstart.hour) * 3600 +
				         (nm ? ms[m] : r->dtstart.min) * 60 + (ns ? ss[x] : r->dtstart.sec);
	qsort(v, (size_t)n, sizeof *v, cmp_int);
	k = 0;
	for (int i = 0; i < n; i++) /* drop repeats */
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	if (k > 24) {
		ical_buf_printf(b, _("%d times between %s and %s"), k, clock_text(v[0], t1, sizeof t1),
		                clock_text(v[k - 1], t2, sizeof t2));
	} else {
		for (int i = 0; i < k; i++) {
			if (i)
				ical_buf_puts(b, i == k - 1 ? _(" and ") : ", ");
			ical_buf_puts(b, clock_text(v[i], t1, sizeof t1));
		}
	}
	free(v);
}

/*
 * The times of day of a rule, after its frequency: " at 06:00 and 17:00"
 * for a daily or longer rule. A rule of hours, minutes or seconds names
 * its BYHOUR hours and BYMINUTE minutes instead.
 */
static void
describe_times(struct buf *b, const struct ical_rule *r)
{
	const struct icalrecurrencetype *rr = &r->rr;
	int hs[ICAL_BY_HOUR_SIZE], ms[ICAL_BY_MINUTE_SIZE];
	int nh = by_values(rr->by_hour, ICAL_BY_HOUR_SIZE, 0, 23, hs);
	int nm = by_values(rr->by_minute, ICAL_BY_MINUTE_SIZE, 0, 59, ms);

	qsort(hs, (size_t)nh, sizeof *hs, cmp_int);
	qsort(ms, (size_t)nm, sizeof *ms, cmp_int);
	if (rr->freq < ICAL_DAILY_RECURRENCE) {
		if (nm && rr->freq == ICAL_HOURLY_RECURRENCE) {
			ical_buf_puts(b, nm == 1 ? _(", at minute ") : _(", at minutes "));
			for (int i = 0; i < nm; i++)
				ical_buf_printf(b, "%s%02d",
				                i == 0        ? ""
				                : i == nm - 1 ? _(" and ")
				                              : ", ",
				                ms[i]);
		}
		if (nh) {
			ical_buf_puts(b, _(", only in the hours "));
			for (int i = 0; i < nh; i++)
				ical_buf_printf(b, "%s%02d:00-%02d:59",
				                i == 0        ? ""
				                : i == nh - 1 ? _(" and ")
				                              : ", ",
				                hs[i], hs[i]);
		}
		return;
	}
	ical_buf_puts(b, _(" at "));
	times_list(b, r);
}

/* The weekdays of a BYDAY without positions, Monday first: "Monday to
 * Saturday" for a run of three to six days, else "Monday, Wednesday and
 * Friday". 0, or -1 when the rule has positions ("the 1st Monday") or
 * names no day; *all is set when it names all seven. */
static int
plain_days(struct buf *b, const struct icalrecurrencetype *rr, int *all)
{
	int set[7] = {0}, first = -1, last = -1, run = 1, nd = 0, n = 0;
	const char *items[7];

	while (nd < ICAL_BY_DAY_SIZE && rr->by_day[nd] != ICAL_RECURRENCE_ARRAY_MAX)
		nd++;
	if (!nd)
		return -1;
	for (int i = 0; i < nd; i++) {
		if (icalrecurrencetype_day_position(rr->by_day[i]) != 0)
			return -1;
		set[((int)icalrecurrencetype_day_day_of_week(rr->by_day[i]) - 1 + 6) % 7] = 1;
	}
	for (int k = 0; k < 7; k++)
		if (set[k]) {
			if (first < 0)
				first = k;
			else if (k != last + 1)
				run = 0;
			last = k;
		}
	*all = run && last - first == 6;
	if (run && last - first >= 2) {
		/* TRANSLATORS: a run of weekdays, "Monday to Saturday". */
		ical_buf_printf(b, C_("rule", "%s to %s"), _(weekday_names[(first + 1) % 7]),
		                _(weekday_names[(last + 1) % 7]));
		return 0;
	}
	for (int k = 0; k < 7; k++)
		if (set[k])
			items[n++] = _(weekday_names[(k + 1) % 7]);
	buf_list(b, items, n);
	return 0;
}

/* A civil date as "01/07", or "01/07/2026" when its year is not year. */
static const char *
date_text(const struct civil *c, int year, char *buf, size_t n)
{
	if (c->year == year)
		snprintf(buf, n, "%02d/%02d", c->day, c->month);
	else
		snprintf(buf, n, "%02d/%02d/%04d", c->day, c->month, c->year);
	return buf;
}

/*
 * The dates a rule runs, after what and when: ", from 01/07 to 30/09/2026"
 * (the year once when both ends share it), ", from 01/07/2026, 10 times",
 * and the dates it leaves out, in order: ", except 01/09, 02/09" (a long
 * list by its count), the year left out where the range gave it.
 */
static void
describe_dates(struct buf *b, const struct ical_rule *r)
{
	const struct icalrecurrencetype *rr = &r->rr;
	struct civil until, x;
	int year = r->dtstart.year, nex = r->nexdates + r->nexdays;
	char d1[32], d2[32];

	if (!r->has_rrule) {
		/* nothing: "once, on ..." says the date */
	} else if (r->until_ms != INT64_MAX && tz_from_utc(r->zone, r->until_ms, &until, NULL) == 0) {
		if (until.year != year)
			year = 0;
		/* TRANSLATORS: the first and the last day a rule airs. */
		ical_buf_printf(b, C_("rule", ", from %s to %s"), date_text(&r->dtstart, year, d1, sizeof d1),
		                date_text(&until, -1, d2, sizeof d2));
	} else {
		ical_buf_printf(b, C_("rule", ", from %s"), date_text(&r->dtstart, -1, d1, sizeof d1));
		if (rr->count > 0)
			ical_buf_printf(b, _(", %d times"), rr->count);
	}
	if (r->has_rrule && !r->all_day && rr->freq < ICAL_DAILY_RECURRENCE)
		ical_buf_printf(
		    b, _(" at %s"),
		    clock_text(r->dtstart.hour * 3600 + r->dtstart.min * 60 + r->dtstart.sec, d1, sizeof d1));
	if (!nex)
		return;
	/* Both lists are in ascending order: merged, the days read in order,
	 * each once (a rule of two times a day leaves out both). */
	struct civil *days = malloc((size_t)nex * sizeof *days);
	int n = 0;
	if (!days) {
		b->oom = 1;
		return;
	}
	for (int i = 0, j = 0; i < r->nexdates || j < r->nexdays;) {
		int64_t ms = j >= r->nexdays || (i < r->nexdates && r->exdates[i] < r->exdays[j])
		                 ? r->exdates[i++]
		                 : r->exdays[j++];
		if (tz_from_utc(r->zone, ms, &x, NULL) != 0)
			continue;
		if (!n || x.year != days[n - 1].year || x.month != days[n - 1].month ||
		    x.day != days[n - 1].day)
			days[n++] = x;
	}
	if (n > 6) {
		ical_buf_printf(b, C_("rule", ", except %d date(s)"), n);
	} else if (n) {
		ical_buf_puts(b, C_("rule", ", except "));
		for (int k = 0; k < n; k++) {
			if (k)
				ical_buf_puts(b, ", ");
			ical_buf_puts(b, date_text(&days[k], year, d1, sizeof d1));
		}
	}
	free(days);
}

char *
ical_rule_describe(const struct ical_rule *r)
{
	struct buf b = {0}, t = {0}, days = {0};
	const struct icalrecurrencetype *rr = &r->rr;
	char tmp[40][32];
	const char *items[40];
	int n = 0, all = 0;

	if (!r->has_rrule) {
		char d[32];
		ical_buf_printf(&b, _("once, on %02d/%02d/%04d"), r->dtstart.day, r->dtstart.month,
		                r->dtstart.year);
		if (!r->all_day)
			ical_buf_printf(
			    &b, _(" at %s"),
			    clock_text(r->dtstart.hour * 3600 + r->dtstart.min * 60 + r->dtstart.sec, d,
			               sizeof d));
	} else if (!r->all_day && rr->interval <= 1 &&
	           (rr->freq == ICAL_DAILY_RECURRENCE || rr->freq == ICAL_WEEKLY_RECURRENCE) &&
	           rr->by_month_day[0] == ICAL_RECURRENCE_ARRAY_MAX &&
	           rr->by_month[0] == ICAL_RECURRENCE_ARRAY_MAX &&
	           rr->by_set_pos[0] == ICAL_RECURRENCE_ARRAY_MAX &&
	           (rr->by_day[0] == ICAL_RECURRENCE_ARRAY_MAX || plain_days(&days, rr, &all) == 0)) {
		/* What a station mostly has, said the way a schedule is
		 * written: the time, then the days. */
		times_list(&t, r);
		char *times = ical_buf_take(&t), *on = ical_buf_take(&days);
		if (times && on && (all || (!*on && rr->freq == ICAL_DAILY_RECURRENCE)))
			/* TRANSLATORS: "06:00 every day". */
			ical_buf_printf(&b, _("%s every day"), times);
		else if (times && on && !*on)
			/* TRANSLATORS: a weekly rule on its start's weekday: "06:00 every Monday". */
			ical_buf_printf(&b, C_("rule", "%s every %s"), times,
			                _(weekday_names[civil_weekday(&r->dtstart)]));
		else if (times && on)
			/* TRANSLATORS: the time, then the days: "06:00, Monday to Saturday". */
			ical_buf_printf(&b, C_("rule", "%s, %s"), times, on);
		else
			b.oom = 1;
		free(times);
		free(on);
	} else {
		static const char *const unit1[] = {N_("every second"), N_("every minute"), N_("every hour"),
		                                    N_("every day"),    N_("every week"),   N_("every month"),
		                                    N_("every year")};
		static const char *const unitn[] = {N_("seconds"), N_("minutes"), N_("hours"), N_("days"),
		                                    N_("weeks"),   N_("months"),  N_("years")};
		int f = rr->freq >= ICAL_SECONDLY_RECURRENCE && rr->freq <= ICAL_YEARLY_RECURRENCE
		            ? (int)rr->freq
		            : 3;
		if (rr->interval > 1)
			ical_buf_printf(&b, _("every %d %s"), rr->interval, _(unitn[f]));
		else
			ical_buf_puts(&b, _(unit1[f]));
		/* At which times of day. */
		if (!r->all_day)
			describe_times(&b, r);
		/* On which days. */
		int nd = 0;
		while (nd < ICAL_BY_DAY_SIZE && rr->by_day[nd] != ICAL_RECURRENCE_ARRAY_MAX)
			nd++;
		free(ical_buf_take(&days)); /* what a try above may have left */
		days = (struct buf){0};
		if (nd && plain_days(&days, rr, &all) == 0) {
			char *on = ical_buf_take(&days);
			if (on && !all)
				ical_buf_printf(&b, _(", on %s"), on);
			free(on);
		} else if (nd) {
			for (int i = 0; i < nd && n < 40; i++) {
				int pos = icalrecurrencetype_day_position(rr->by_day[i]);
				int wd = (int)icalrecurrencetype_day_day_of_week(rr->by_day[i]) - 1;
				char o[24];
				if (pos)
					snprintf(tmp[n], sizeof tmp[n], _("the %s %s"),
					         ordinal(pos, o, sizeof o), _(weekday_names[wd]));
				else
					snprintf(tmp[n], sizeof tmp[n], "%s", _(weekday_names[wd]));
				items[n] = tmp[n];
				n++;
			}
			ical_buf_puts(&b, _(", on "));
			buf_list(&b, items, n);
		}
		n = 0;
		for (int i = 0;
		     i < ICAL_BY_MONTHDAY_SIZE && rr->by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX && n < 40;
		     i++) {
			char o[24];
			snprintf(tmp[n], sizeof tmp[n], "%s", ordinal(rr->by_month_day[i], o, sizeof o));
			items[n] = tmp[n];
			n++;
		}
		if (n) {
			ical_buf_puts(&b, _(", on the "));
			buf_list(&b, items, n);
			ical_buf_puts(&b, _(" day of the month"));
		}
		n = 0;
		for (int i = 0;
		     i < ICAL_BY_MONTH_SIZE && rr->by_month[i] != ICAL_RECURRENCE_ARRAY_MAX && n < 12; i++)
			if (rr->by_month[i] >= 1 && rr->by_month[i] <= 12)
				items[n++] = _(month_names[rr->by_month[i] - 1]);
		if (n) {
			ical_buf_puts(&b, _(", in "));
			buf_list(&b, items, n);
		}
		if (rr->by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX)
			ical_buf_puts(&b, _(" (BYSETPOS)"));
	}
	describe_dates(&b, r);
	if (r->nrdates)
		ical_buf_printf(&b, _("; plus %d extra date(s)"), r->nrdates);
	if (r->nov)
		ical_buf_printf(&b, _("; %d occurrence(s) moved or cancelled"), r->nov);
	if (strcmp(r->zone, "UTC") == 0)
		ical_buf_puts(&b, _(" (UTC)"));
	return ical_buf_take(&b);
}
