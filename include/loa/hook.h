/*
 * hook.h — running the station's amplifier commands (on-air, off-air).
 *
 * A hook is an argv, run without a shell (fork and execvp: no quoting
 * surprises, no injection through a configuration value), with stdin from
 * /dev/null and stdout joined to stderr so its output reaches the journal.
 * It gets a timeout: a relay script that hangs is killed (SIGTERM, then
 * SIGKILL, to its whole process group) and the broadcast goes on. The child starts with an empty signal
 * mask and default dispositions, whatever the daemon blocks for signalfd.
 */
#ifndef LOA_HOOK_H
#define LOA_HOOK_H

/*
 * Runs argv (argv[0] looked up in PATH) with LOA_HOOK=<event> in its
 * environment and waits at most timeout_ms for it. Returns its exit status
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
