/*
 * cli_input.h — options read as the officer types them: dates, times,
 * weekdays, tiers and statuses in Vietnamese or English (timeutil.h's
 * time_read_*, words.h), each refusal worded with the option's name, the
 * value, and a hint line of examples of every accepted form.
 */
#ifndef LOA_CLI_INPUT_H
#define LOA_CLI_INPUT_H

#include <stdint.h>

#include "cli/cli.h"
#include "loa/timeutil.h"
#include "loa/words.h"

/* Prints the refusal of value given for opt, a what, as how says ("loa:
 * --from: there is no such day: '31/02/2026' (...)", then the examples as
 * the hint). Returns 2. */
int cli_time_error(struct cli *cli, const char *opt, enum time_what what, const char *value,
                   const struct time_reading *how);

/* The date given for opt, in the station's zone; a year left out is the
 * next such day from today, or with past the last one (said in a note).
 * 0, or 2 (printed). */
int cli_date(struct cli *cli, const char *opt, const char *arg, int past, struct civil *out);

/* The date, or date and time, given for opt, as an instant in the
 * station's zone (*has_time, when not NULL: a time was given); a year
 * left out as cli_date. 0, or 2 (printed). */
int cli_instant(struct cli *cli, const char *opt, const char *arg, int past, int64_t *out, int *has_time);

/* A --from or --to bound of a listing of the past: an instant, or a date
 * (with is_to, a date alone means through that day's end); a date
 * without a year is the last such day. 0, or 2 (printed; 1 for a zone
 * error). */
int cli_bound(struct cli *cli, const char *opt, const char *arg, int is_to, int64_t *out);

/* The code of the officer's word given for opt in set ("ưu tiên" ->
 * "priority"). 0, or 2 (printed, the words listed in the hint). */
int cli_word(struct cli *cli, const char *opt, enum word_set set, const char *arg, const char **code);

#endif
