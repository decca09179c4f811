/*
 * hook.c — the amplifier hooks: fork, execvp, and a watch that never
 * blocks its caller.
 *
 * The daemon starts a hook and goes on: it puts the hook's pidfd
 * (pidfd_open(2)) in its own poll() and calls hook_check() when it wakes,
 * which reaps the command or, past its timeout, stops it (SIGTERM to its
 * process group, SIGKILL a second later). So a relay script that hangs
 * costs nothing but a warning: the airing starts at its instant and the
 * systemd watchdog is pinged as ever (issue 17: a hung on-air hook made an
 * airing 10 s late and the watchdog go unfed). A killed or failed hook is
 * a warning, never a reason to skip an airing: the audio still goes out,
 * and the officer reads why in the journal.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

/* After the timeout's SIGTERM, how long until SIGKILL; after SIGKILL, how
 * long until a command that still has not ended is given up on. */
#define HOOK_TERM_GRACE_MS 1000
#define HOOK_KILL_GRACE_MS 5000

extern char **environ;

/* In the child, between fork and exec: only async-signal-safe calls (the
 * daemon forks with the audio library's threads running, so a lock one of
 * them held, malloc's say, may never be released in the child). envp was
 * made before the fork. */
static void
child_exec(char *const argv[], char **envp)
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
	environ = envp;
	execvp(argv[0], argv);
	_exit(127);
}

/* Starts argv as r's running command. 0, or -1 (logged) when it cannot. */
static int
spawn(struct hook_runner *r, char *const argv[], const char *event, int timeout_ms)
{
	char var[64], **envp;
	size_t n = 0, k = 0;
	pid_t pid = -1;

	/* The daemon's environment with LOA_HOOK=<event>, made here. */
	while (environ && environ[n])
		n++;
	snprintf(var, sizeof var, "LOA_HOOK=%s", event);
	if ((envp = malloc((n + 2) * sizeof *envp))) {
		for (size_t i = 0; i < n; i++)
			if (strncmp(environ[i], "LOA_HOOK=", 9) != 0)
				envp[k++] = environ[i];
		envp[k++] = var;
		envp[k] = NULL;
		pid = fork();
	}
	if (pid < 0) {
		log_warn(_("cannot start the %s command '%s'"), event, argv[0]);
		free(envp);
		r->status = -1;
		return -1;
	}
	if (pid == 0)
		child_exec(argv, envp);
	free(envp);
	setpgid(pid, pid); /* also here: whichever of the two runs first */
	r->pid = pid;
	r->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	r->event = event;
	r->name = argv[0];
	r->timeout_ms = timeout_ms;
	r->stage = 0;
	r->due_ns = clock_mono_ns() + (int64_t)timeout_ms * 1000000;
	return 0;
}

/* The running command ended with status (-1: unknown); says how, and
 * starts the one waiting, if any. */
static void
finished(struct hook_runner *r, int status, int known)
{
	if (r->stage > 0) {
		/* Stopped at its timeout (already said): whatever of its group
		 * outlived the leader goes too. */
		kill(-r->pid, SIGKILL);
		r->status = -1;
	} else if (!known) {
		r->status = -1;
	} else if (WIFEXITED(status)) {
		r->status = WEXITSTATUS(status);
		if (r->status == 127)
			log_warnx(_("cannot run the %s command '%s': not found or not executable"), r->event,
			          r->name);
		else if (r->status != 0)
			log_warnx(_("the %s command '%s' failed with exit status %d"), r->event, r->name,
			          r->status);
	} else {
		log_warnx(_("the %s command '%s' was killed by signal %d"), r->event, r->name,
		          WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		r->status = -1;
	}
	if (r->pidfd >= 0)
		close(r->pidfd);
	r->pidfd = -1;
	r->pid = 0;
	if (r->next_argv) {
		char *const *argv = r->next_argv;
		r->next_argv = NULL;
		spawn(r, argv, r->next_event, r->next_timeout_ms);
	}
}

void
hook_runner_init(struct hook_runner *r)
{
	memset(r, 0, sizeof *r);
	r->pidfd = -1;
}

int
hook_start(struct hook_runner *r, char *const argv[], const char *event, int timeout_ms)
{
	if (!argv || !argv[0])
		return 0;
	hook_check(r);
	if (r->pid) {
		/* One command at a time, in the order asked: a relay told "on"
		 * then "off" must not get them at once or the other way round.
		 * Only the latest request waits; an older one it replaces would
		 * be undone by it anyway. */
		log_info(_("the %s command '%s' waits for the %s command '%s' to end"), event, argv[0],
		         r->event, r->name);
		r->next_argv = argv;
		r->next_event = event;
		r->next_timeout_ms = timeout_ms;
		return 0;
	}
	return spawn(r, argv, event, timeout_ms);
}

int
hook_busy(const struct hook_runner *r)
{
	return r->pid != 0 || r->next_argv != NULL;
}

int
hook_pollfd(const struct hook_runner *r)
{
	return r->pid ? r->pidfd : -1;
}

int
hook_poll_ms(const struct hook_runner *r)
{
	int64_t left;

	if (!r->pid)
		return -1;
	left = (r->due_ns - clock_mono_ns() + 999999) / 1000000;
	if (left < 0)
		left = 0;
	/* No pidfd (kernel before 5.3): a coarse wait, only while a hook runs. */
	if (r->pidfd < 0 && left > 50)
		left = 50;
	return left > INT_MAX ? INT_MAX : (int)left;
}

void
hook_check(struct hook_runner *r)
{
	int status = 0;
	pid_t got;
	int64_t now;

	while (r->pid) {
		got = waitpid(r->pid, &status, WNOHANG);
		if (got < 0 && errno == EINTR)
			continue;
		if (got != 0) {
			finished(r, status, got == r->pid);
			continue; /* the waiting one may have started */
		}
		now = clock_mono_ns();
		if (now < r->due_ns)
			return;
		switch (r->stage++) {
		case 0:
			log_warnx(_("the %s command '%s' did not finish in %.1f s: stopping it"), r->event,
			          r->name, r->timeout_ms / 1000.0);
			kill(-r->pid, SIGTERM);
			r->due_ns = now + HOOK_TERM_GRACE_MS * 1000000LL;
			break;
		case 1:
			kill(-r->pid, SIGKILL);
			r->due_ns = now + HOOK_KILL_GRACE_MS * 1000000LL;
			break;
		default:
			/* Not even SIGKILL ended it (stuck in the kernel on a
			 * device): never wait for it, the next hook goes on. */
			log_warnx(_("cannot stop the %s command '%s' (PID %ld); going on without it"),
			          r->event, r->name, (long)r->pid);
			r->stage = 0;
			finished(r, 0, 0);
			break;
		}
	}
}

void
hook_wait(struct hook_runner *r, int (*tick)(void *arg), void *arg)
{
	for (hook_check(r); r->pid; hook_check(r)) {
		struct pollfd p = {r->pidfd, POLLIN, 0};
		int ms = hook_poll_ms(r), t = tick ? tick(arg) : -1;
		if (t >= 0 && (ms < 0 || t < ms))
			ms = t;
		poll(&p, 1, ms);
	}
	if (tick)
		tick(arg);
}

int
hook_run(char *const argv[], const char *event, int timeout_ms)
{
	struct hook_runner r;

	if (!argv || !argv[0])
		return 0;
	hook_runner_init(&r);
	if (hook_start(&r, argv, event, timeout_ms) != 0)
		return -1;
	hook_wait(&r, NULL, NULL);
	return r.status;
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
