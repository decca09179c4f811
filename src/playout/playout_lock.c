/*
 * playout_lock.c — the daemon's lock, which says whether it runs at all:
 * a file beside the station's database that the daemon holds locked
 * (flock) with its pid in it, for as long as it runs.
 *
 * Apart from the daemon's state (playout_state.c) because the officer's
 * tools read it too (loa status, the console, the link): a tool that asks
 * whether the daemon runs takes this file alone, not the player's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "loa/playout.h"

int
playout_lock_path(const char *db, char *buf, size_t n)
{
	return snprintf(buf, n, "%s-daemon.lock", db) < (int)n ? 0 : -1;
}

int
playout_running(const char *db, int64_t *pid)
{
	char path[4096], b[32];
	int fd, n, rc;

	*pid = 0;
	if (playout_lock_path(db, path, sizeof path) != 0)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return errno == ENOENT ? 0 : -1;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		flock(fd, LOCK_UN);
		rc = 0;
	} else if (errno == EWOULDBLOCK) {
		n = (int)pread(fd, b, sizeof b - 1, 0);
		b[n > 0 ? n : 0] = 0;
		sscanf(b, "%lld", (long long *)pid);
		rc = 1;
	} else {
		rc = -1;
	}
	close(fd);
	return rc;
}
