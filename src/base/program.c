/*
 * program.c — where loa's own programs are (include/loa/program.h).
 *
 * A program that runs another of loa's programs (`loa web` running
 * loa-web, the link running `loa clip add`) asks here, so the build
 * folder's programs run one another and an installed loa runs the
 * installed ones, never a mix.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "loa/program.h"

const char *
program_path(const char *name, char *buf, size_t n)
{
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
	const char *slash;
	int w;

	if (len > 0) {
		self[len] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			w = snprintf(buf, n, "%.*s/%s", (int)(slash - self), self, name);
			if (w > 0 && (size_t)w < n && access(buf, X_OK) == 0)
				return buf;
		}
	}
	w = snprintf(buf, n, "%s/%s", strcmp(name, "loa") == 0 ? LOA_BINDIR : LOA_LIBEXECDIR, name);
	return w > 0 && (size_t)w < n ? buf : NULL;
}
