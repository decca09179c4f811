/*
 * link_import.c — a bulletin's audio into the station's library, for
 * link_bulletin.c (link_bulletin.h, doc/link.md "Bulletins down").
 *
 * The audio is written to a temporary file in the library folder
 * (bulletin-<id>-<pid>.<ext>) and imported by `loa clip add ... --format
 * json` run as a child: the decoder runs in a process of its own, so a
 * file that crashes it never takes the link down, one that hangs it is
 * killed with what it started (LINK_BULLETIN_IMPORT_S s and a second a
 * megabyte), and the clip goes through the one import every clip goes
 * through. The temporary file goes whatever happens; one a link killed
 * meanwhile left is removed when the link starts again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "link/link_bulletin.h"
#include "loa/bulletin.h"
#include "loa/clock.h"
#include "loa/link.h"
#include "loa/log.h"
#include "loa/program.h"
#include "loa/store.h"

void
link_loa_exe(char *buf, size_t n)
{
	/* Beside loa-link in a build folder, else the installed /usr/bin/loa
	 * (loa-link is in /usr/lib/loa): never loa-link itself, which has only
	 * the link's command. */
	if (!program_path("loa", buf, n))
		snprintf(buf, n, "loa");
}

/* The station's day of instant ms (bulletin_day), in UTC should its
 * zone not be known. */
static void
date_of(const char *zone, int64_t ms, char out[16])
{
	if (!bulletin_day(zone, ms, out))
		bulletin_day("UTC", ms, out);
}

/* The first line of what f holds (the child's error), without "loa: ". */
static void
first_line(FILE *f, char *why, size_t n)
{
	char line[512];

	*why = 0;
	rewind(f);
	while (fgets(line, sizeof line, f)) {
		char *p = strncmp(line, "loa: ", 5) == 0 ? line + 5 : line;
		p[strcspn(p, "\n")] = 0;
		if (*p) {
			snprintf(why, n, "%s", p);
			return;
		}
	}
}

/* Waits for the child pid (its own process group) into *st until
 * limit_s have passed, then kills the group and reaps it: 0 it ended, 1
 * killed. */
static int
wait_child(pid_t pid, int limit_s, int *st)
{
	int64_t end = clock_mono_ns() + (int64_t)limit_s * 1000000000;
	struct timespec nap = {0, 20 * 1000000};

	for (;;) {
		pid_t r = waitpid(pid, st, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return 0;
		if (clock_mono_ns() >= end)
			break;
		nanosleep(&nap, NULL);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, st, 0) < 0 && errno == EINTR)
		;
	return 1;
}

/* Runs loa clip add on file for b: 0 with *clip, or -1 with why. */
static int
clip_add(const struct link_options *o, const char *file, const struct bulletin *b, int with_topic,
         int64_t *clip, int *status, char *why, size_t n)
{
	int limit_s = LINK_BULLETIN_IMPORT_S + (int)(b->bytes >> 20);
	char exe[PATH_MAX], from[16], until[16], line[512];
	const char *argv[20];
	FILE *out = tmpfile(), *err = tmpfile();
	int a = 0, st = 0, rc = -1;
	pid_t pid;

	*status = -1;
	if (!out || !err) {
		snprintf(why, n, "cannot make a temporary file: %s", strerror(errno));
		goto done;
	}
	link_loa_exe(exe, sizeof exe);
	date_of(o->settings->tz, b->from_ms, from);
	if (b->until_ms)
		date_of(o->settings->tz, b->until_ms - 1, until);
	argv[a++] = exe;
	argv[a++] = "--db";
	argv[a++] = o->db_path;
	argv[a++] = "clip";
	argv[a++] = "add";
	argv[a++] = file;
	argv[a++] = "--title";
	argv[a++] = b->title;
	if (with_topic && *b->topic) {
		argv[a++] = "--topic";
		argv[a++] = b->topic;
	}
	argv[a++] = "--valid-from";
	argv[a++] = from;
	if (b->until_ms) {
		argv[a++] = "--valid-until";
		argv[a++] = until;
	}
	argv[a++] = "--format";
	argv[a++] = "json";
	argv[a] = NULL;
	fflush(NULL);
	if ((pid = fork()) < 0) {
		snprintf(why, n, "cannot start loa clip add: %s", strerror(errno));
		goto done;
	}
	if (pid == 0) {
		setpgid(0, 0); /* killed with whatever it starts */
		signal(SIGPIPE, SIG_DFL);
		dup2(fileno(out), STDOUT_FILENO);
		dup2(fileno(err), STDERR_FILENO);
		/* Nothing of the link's (the broker's socket, inotify) in it. */
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		/* The reason goes to the hub in English. */
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("LANGUAGE");
		if (strchr(exe, '/'))
			execv(exe, (char *const *)argv);
		else
			execvp(exe, (char *const *)argv);
		_exit(127);
	}
	setpgid(pid, pid);
	if (wait_child(pid, limit_s, &st)) {
		snprintf(why, n, "loa clip add did not finish in %d s: stopped", limit_s);
		goto done;
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	rewind(out);
	*clip = 0;
	while (fgets(line, sizeof line, out)) {
		const char *c = strstr(line, "\"clip\":");
		if (c)
			*clip = strtoll(c + 7, NULL, 10);
	}
	if (*status == 0 && *clip > 0) {
		rc = 0;
		goto done;
	}
	first_line(err, why, n);
	if (!*why)
		snprintf(why, n, "%s",
		         *status == 127 ? "loa clip add could not be run" : "loa clip add failed");
done:
	if (out)
		fclose(out);
	if (err)
		fclose(err);
	return rc;
}

/* Why the audio could not be written to path, with errno's words, into
 * why (n bytes; a reason longer than that, a long path's, is cut and ends
 * in "..."). Returns -1. */
static int
cannot_write(char *why, size_t n, const char *path)
{
	int len = snprintf(why, n, "cannot write '%s': %s", path, strerror(errno));

	if (len >= (int)n && n > 4)
		memcpy(why + n - 4, "...", 4);
	return -1;
}

int
link_bulletin_import(struct store *s, const struct link_options *o, const struct bulletin *b,
                     const char *audio, size_t alen, int64_t *clip, char *why, size_t n)
{
	char path[PATH_MAX], ext[12] = "";
	const char *dot = strrchr(b->name, '.');
	int fd, rc, status;

	if (dot && strlen(dot) < sizeof ext &&
	    strspn(dot + 1, "abcdefghijklmnopqrstuvwxyz"
	                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == strlen(dot + 1))
		snprintf(ext, sizeof ext, "%s", dot);
	snprintf(path, sizeof path, "%s/bulletin-%" PRId64 "-%d%s", store_library_dir(s), b->id,
	         (int)getpid(), ext);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return cannot_write(why, n, path);
	for (size_t done = 0; done < alen;) {
		ssize_t w = write(fd, audio + done, alen - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			cannot_write(why, n, path);
			close(fd);
			unlink(path);
			return -1;
		}
		done += (size_t)w;
	}
	if (close(fd) != 0) {
		cannot_write(why, n, path);
		unlink(path);
		return -1;
	}
	rc = clip_add(o, path, b, 1, clip, &status, why, n);
	if (rc != 0 && status == 2 && *b->topic)
		/* A topic this station does not have: the clip without one
		 * (the bulletin keeps the hub's). */
		rc = clip_add(o, path, b, 0, clip, &status, why, n);
	unlink(path);
	return rc;
}

void
link_bulletin_sweep(struct store *s)
{
	const char *lib = store_library_dir(s);
	DIR *d = opendir(lib);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		/* bulletin-<id>-<pid>[.<ext>], as import() names it. */
		const char *p = e->d_name + 9;
		size_t nid, npid;
		char path[PATH_MAX];
		long pid;

		if (strncmp(e->d_name, "bulletin-", 9) != 0 || !(nid = strspn(p, "0123456789")) ||
		    p[nid] != '-' || !(npid = strspn(p + nid + 1, "0123456789")) || npid > 9)
			continue;
		p += nid + 1;
		pid = strtol(p, NULL, 10);
		p += npid;
		if (pid <= 0 || (*p && (*p != '.' || strspn(p + 1, "abcdefghijklmnopqrstuvwxyz"
		                                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
		                                         strlen(p + 1))))
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno == EPERM)
			continue; /* its link runs: its import too, maybe */
		if (snprintf(path, sizeof path, "%s/%s", lib, e->d_name) < (int)sizeof path &&
		    unlink(path) == 0)
			log_debug("removed '%s', left by an import cut short", path);
	}
	closedir(d);
}
