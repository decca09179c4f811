/*
 * cli.h — what every command of the loa front end shares.
 *
 * How to add a command (after git's builtin.h):
 *  1. Write cmd_<name>.c with `int cmd_<name>(struct cli *cli, int argc,
 *     char **argv)`; argv[0] is the command's own name, options are parsed
 *     with getopt_long (optind is reset for you). Return 0 ok, 1 error,
 *     2 usage (use cli_usage_error()).
 *  2. Give it a usage text: the first line "loa NAME ARGS", then what it
 *     does and each option, in words the officer understands; wrap in N_().
 *  3. Add a line to the table in main.c (or the group's sub-table) with the
 *     flags that say what to set up first: CLI_STORE opens the station.
 *  4. Document it in README.md and doc/loa.1, and test it in tests/cli/.
 * --help on any command prints its usage on stdout and exits 0; the
 * dispatcher does that, so commands never see --help.
 */
#ifndef LOA_CLI_H
#define LOA_CLI_H

#include <stdio.h>

#include "loa/fmt.h"
#include "loa/log.h"
#include "loa/slot.h"
#include "loa/store.h"

/* What the dispatcher sets up for a command. */
enum {
	CLI_STORE = 1,    /* open the station read-write before the command */
	CLI_STORE_RO = 2, /* open the station read-only */
	CLI_PASS = 4,     /* the arguments are another program's (loa hub): its --help, not ours */
};

struct cli {
	const char *db_path;     /* --db, else LOA_DB, else STORE_DEFAULT_PATH */
	const char *config_path; /* --config, else LOA_CONFIG, else /etc/loa/loa.conf */
	int config_given;        /* --config or LOA_CONFIG named it explicitly */
	struct store *store;     /* the open station (CLI_STORE commands) */
	struct station station;  /* its settings */
	const char *name;        /* the command as typed: "clip add" */
	int argc_all;            /* the whole command line, as the program got it */
	char **argv_all;
};

struct cli_command {
	const char *name;                                  /* as typed */
	int (*fn)(struct cli *cli, int argc, char **argv); /* a leaf command */
	const struct cli_command *sub;                     /* or a group's commands */
	int flags;                                         /* CLI_STORE... */
	const char *summary;                               /* one line, N_() */
	const char *usage;                                 /* --help text, N_() */
};

/* A program's main(): reads the global options, sets up the log and the
 * clock, then runs argv's command from commands; help prints the
 * program's usage (to stdout for --help, to stderr when no command is
 * named). Returns the exit status. */
int cli_main(int argc, char **argv, const struct cli_command *commands, int (*help)(FILE *out));
/* Replaces this process by loa's program (program.h), with the whole
 * command line (argv[0] its name): how `loa web` runs loa-web. Returns
 * only if it cannot: the exit status, after saying why. */
int cli_exec_program(struct cli *cli, const char *program);
/* Words the core's advice (log.h) as the command line's hints. */
const char *cli_advice_text(enum advice a);
/* Makes the core's messages the command line's stderr lines. */
void cli_install_writer(void);
/* Runs argv[0] from table; returns the exit status. */
int cli_dispatch(struct cli *cli, const struct cli_command *table, const char *group, int argc, char **argv);
/* Prints "loa: <msg>" and "Try 'loa <cmd> --help'."; returns 2. */
int cli_usage_error(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses a --format value; on error prints it and returns -1. */
int cli_format(struct cli *cli, const char *arg, enum fmt_kind *out);
/* Reports a failed write to stdout (ENOSPC, EPIPE...); returns 0 or 1. */
int cli_check_stdout(void);
/* Who runs the command, for the audit trail and an emergency's log row:
 * the system user's name (or "uid N") in buf. */
const char *cli_os_user(char *buf, size_t n);
/* The station's topic that a --topic value (opt) names, by name or alias,
 * in any case or spelling, into name ("" for ""). 0, or the exit status
 * after saying what is wrong: 2 for a topic the station does not have (the
 * hint lists them and how to add one), 1 for a database error. */
int cli_topic(struct cli *cli, const char *opt, const char *text, char *name);
/* Checks text typed for opt (a title, a name) as one line of at most max
 * characters (utf8_line_check). 0, or 2 after saying what is wrong with
 * it and what to do. */
int cli_check_line(struct cli *cli, const char *opt, const char *text, size_t max);
/* What loa slot add was asked for (options as typed, NULL when not
 * given; exactly one of clip_id and playlist; at or start). */
struct cli_slot_add {
	int64_t clip_id;
	const char *playlist, *at, *days, *from, *until, *except, *start, *rrule, *exdate, *title;
	enum tier tier;
};
/* Adds the slots of o as loa slot add does (its messages name the
 * options), in one transaction. Returns the exit status. */
int cli_slot_add_do(struct cli *cli, const struct cli_slot_add *o);
/* After a slot is added: warns when none of its airings in the coming
 * year will air, saying why and what to change (slot_outlook.c). */
struct slot;
void cli_slot_outlook(struct cli *cli, const struct slot *s);
/* Progress on a terminal: "label  [#####     ]  3/10"; quiet otherwise. */
void cli_progress(const char *label, long done, long total);

#endif
