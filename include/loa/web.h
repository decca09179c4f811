/*
 * web.h — the officer's web console: `loa web`.
 *
 * The console is a process of its own (never the daemon's): it serves the
 * pages of web/ (built into the binary) and the JSON API under /api/v1/
 * over the same core as the command line, and meets the daemon only in
 * the station's database. A crash or an overload of the console cannot
 * touch an airing.
 */
#ifndef LOA_WEB_H
#define LOA_WEB_H

#include <stdint.h>

struct store;

#define WEB_JSON_MAX (64 * 1024) /* bytes of a JSON request body */

struct web_options {
	const char *listen;      /* "ADDR:PORT", "[ADDR6]:PORT" or ":PORT" */
	int64_t upload_max;      /* bytes of one upload */
	const char *config_path; /* loa.conf, re-read for each report */
	int config_given;        /* it was named explicitly (must exist) */
};

/* Reads "ADDR:PORT" into a socket address (struct sockaddr_storage in sa,
 * its length in *len). 0, or -1 (quiet) when it is not one. */
int web_parse_listen(const char *text, void *sa, unsigned *len);

/* Serves the station s until SIGTERM or SIGINT. 0 on a clean stop, -1
 * when the server cannot start (reported: the address is taken...). */
int web_serve(struct store *s, const struct web_options *o);

#endif
