/*
 * hook.c — the amplifier hooks: fork, execvp, wait with a timeout.
 *
 * The wait uses a pidfd (pidfd_open(2)) in poll(), so a hook costs no
 * polling loop and its timeout is exact; the daemon is blocked for at most
 * the timeout, which is why hooks are meant to be quick (switch a relay).
 * A killed or failed hook is a warning, never a reason to skip an airing:
 * the audio still goes out, and the officer reads why in the journal.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loa/clock.h"
#include "loa/config.h"
#include "loa/hook.h"
#include "loa/i18n.h"
#include "loa/log.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* In the child, between fork and exec: only async-signal-safe calls. */
static void
child_exec(char *const argv[], const char *event)
{
	sigset_t none;
	int fd;

	/* Its own process group, so a timeout kills what it started too
	 * (a shell script's sleep), not only the script. */
	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if ((fd = open("/dev/null", O_RDONLY)) >= 0) {
		dup2(fd, STDIN_FILENO);
		if (fd != STDIN_FILENO)
			close(fd);
	}
	dup2(STDERR_FILENO, STDOUT_FILENO);
	setenv("LOA_HOOK", event, 1);
	execvp(argv[0], argv);
	_exit(127);
}

/* Waits for pid at most ms milliseconds; 1 when it exited (status filled),
 * 0 at the timeout. */
static int
wait_for(pid_t pid, int pidfd, int ms, int *status)
{
	int64_t end = clock_mono_ns() + (int64_t)ms * 1000000;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return *status = 0, 1;
		int64_t left = (end - clock_mono_ns()) / 1000000;
		if (left <= 0)
			return 0;
		if (pidfd >= 0) {
			struct pollfd p = {pidfd, POLLIN, 0};
			poll(&p, 1, (int)left);
		} else {
			/* No pidfd (kernel before 5.3): a coarse wait,
			 * only ever while a hook runs. */
			struct pollfd p = {-1, 0, 0};
			poll(&p, 0, left > 50 ? 50 : (int)left);
		}
	}
}

int
hook_run(char *const argv[], const char *event, int timeout_ms)
{
	int status = 0, pidfd;
	pid_t pid;

	if (!argv || !argv[0])
		return 0;
	pid = fork();
	if (pid < 0) {
		log_warn(_("cannot start the %s command '%s'"), event, argv[0]);
		return -1;
	}
	if (pid == 0)
		child_exec(argv, event);
	setpgid(pid, pid); /* also here: whichever of the two runs first */
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (!wait_for(pid, pidfd, timeout_ms, &status)) {
		log_warnx(_("the %s command '%s' did not finish in %.1f s: stopping it"), event, argv[0],
		          timeout_ms / 1000.0);
		kill(-pid, SIGTERM);
		if (!wait_for(pid, pidfd, 1000, &status)) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
		/* Whatever of the group outlived the leader goes too. */
		kill(-pid, SIGKILL);
		if (pidfd >= 0)
			close(pidfd);
		return -1;
	}
	if (pidfd >= 0)
		close(pidfd);
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 127)
			log_warnx(_("cannot run the %s command '%s': not found or not executable"), event,
			          argv[0]);
		else if (WEXITSTATUS(status) != 0)
			log_warnx(_("the %s command '%s' failed with exit status %d"), event, argv[0],
			          WEXITSTATUS(status));
		return WEXITSTATUS(status);
	}
	log_warnx(_("the %s command '%s' was killed by signal %d"), event, argv[0],
	          WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}

char **
hook_argv_parse(const char *cmdline)
{
	/* One splitter for the command line and /etc/loa/loa.conf: the
	 * configuration module's. Words are never longer than the text. */
	size_t size = strlen(cmdline) + 2;
	char **argv = calloc(CONFIG_ARGV_MAX, sizeof *argv);
	char *buf = malloc(size);
	int n;

	if (!argv || !buf) {
		free(argv);
		free(buf);
		error_errno(_("cannot read the command: '%s'"), cmdline);
		return NULL;
	}
	n = config_split_command(cmdline, buf, size, argv, CONFIG_ARGV_MAX);
	if (n <= 0) {
		if (n == 0)
			error(_("empty command: '%s'"), cmdline);
		else
			error(_("unmatched quote, trailing backslash or too many words in the command: '%s'"),
			      cmdline);
		free(argv);
		free(buf);
		return NULL;
	}
	/* argv[0] is buf: it owns the words (hook_argv_free). */
	return argv;
}

void
hook_argv_free(char **argv)
{
	if (argv) {
		free(argv[0]);
		free(argv);
	}
}
