/*
 * hook.h — running the station's amplifier commands (on-air, off-air).
 *
 * A hook is an argv, run without a shell (fork and execvp: no quoting
 * surprises, no injection through a configuration value), with stdin from
 * /dev/null and stdout joined to stderr so its output reaches the journal.
 * It gets a timeout: a relay script that hangs is killed (SIGTERM, then
 * SIGKILL, to its whole process group) and the broadcast goes on; the
 * daemon never waits for a hook while an airing is due. The child starts
 * with an empty signal mask and default dispositions, whatever the daemon
 * blocks for signalfd.
 */
#ifndef LOA_HOOK_H
#define LOA_HOOK_H

#include <stdint.h>
#include <sys/types.h>

/*
 * The daemon's hooks: at most one command runs at a time, and at most one
 * waits for it (the latest asked), so a relay gets its commands in order
 * and never two at once. Nothing here blocks but hook_wait() and
 * hook_run(): the caller polls hook_pollfd() (readable when the command
 * ends) with hook_poll_ms() as a timeout, and calls hook_check() on waking.
 */
struct hook_runner {
	pid_t pid;              /* the running command (its process group too), 0 for none */
	int pidfd;              /* a pidfd on it for poll(), or -1 (no pidfd_open) */
	const char *event;      /* its event, "on-air" or "off-air" (static storage) */
	const char *name;       /* its argv[0], for messages */
	int timeout_ms;         /* how long it may run */
	int stage;              /* 0 running, 1 sent SIGTERM, 2 sent SIGKILL */
	int64_t due_ns;         /* monotonic time of the next step: SIGTERM, SIGKILL, giving up */
	char *const *next_argv; /* the command waiting for this one to end, or NULL */
	const char *next_event; /* its event */
	int next_timeout_ms;    /* its timeout */
	int status;             /* how the last command ended: hook_run()'s rule */
};

void hook_runner_init(struct hook_runner *r);

/*
 * Starts argv (argv[0] looked up in PATH) with LOA_HOOK=<event> in its
 * environment, or, while another command runs, makes it the one that
 * starts when that one ends (replacing any that waited). Returns at once:
 * 0, or -1 when it could not start (logged). argv and event must outlive
 * the command. A command still running timeout_ms after it started is
 * stopped by hook_check().
 */
int hook_start(struct hook_runner *r, char *const argv[], const char *event, int timeout_ms);
/* 1 while a command runs or waits to. */
int hook_busy(const struct hook_runner *r);
/* The descriptor that becomes readable when the running command ends, or
 * -1 (none running, or no pidfd: then hook_poll_ms() is short). */
int hook_pollfd(const struct hook_runner *r);
/* Milliseconds until hook_check() is due (its timeout, or the step after
 * it), -1 when no command runs. */
int hook_poll_ms(const struct hook_runner *r);
/* Never blocks: reaps an ended command (logging a failure as a warning
 * naming it), stops one past its timeout (SIGTERM to its process group,
 * SIGKILL a second later; given up on when even that does not end it),
 * and starts the one waiting. */
void hook_check(struct hook_runner *r);
/* Blocks until no command runs or waits, each stopped at its timeout.
 * tick (may be NULL) is called whenever it wakes and returns how many ms
 * it may wait before tick is due again (-1: no limit): the daemon's
 * systemd watchdog keeps being fed. */
void hook_wait(struct hook_runner *r, int (*tick)(void *arg), void *arg);

/*
 * Runs argv as hook_start() does and waits for it. Returns its exit status
 * (0-255), or -1 when it could not start, was killed at the timeout or
 * died of a signal (each logged as a warning naming the command).
 */
int hook_run(char *const argv[], const char *event, int timeout_ms);

/* Splits a command into a NULL-terminated argv the way /etc/loa/loa.conf
 * does (config_split_command: blanks separate words, quotes and a
 * backslash escape, no expansion). Returns a malloc'd vector (free with
 * hook_argv_free()), or NULL on an unmatched quote or an empty command
 * (printed, naming the text). */
char **hook_argv_parse(const char *cmdline);
void hook_argv_free(char **argv);

#endif
