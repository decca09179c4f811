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
struct web_tls;

#define WEB_JSON_MAX (64 * 1024) /* bytes of a JSON request body */

struct web_options {
	const char *listen;        /* "ADDR:PORT", "[ADDR6]:PORT" or ":PORT" */
	int64_t upload_max;        /* bytes of one upload */
	const char *config_path;   /* loa.conf, re-read for each report */
	int config_given;          /* it was named explicitly (must exist) */
	const struct web_tls *tls; /* serve HTTPS with this certificate and key; NULL: HTTP */
};

/* Reads the certificate (PEM, the server's first, then its chain) and the
 * private key (PEM, without a passphrase) for HTTPS, and checks them: both
 * readable regular files, the key not readable by every user of the
 * computer, each what it should be, the key the certificate's. Done before
 * anything is served, so a mistake stops loa web at once. NULL after saying
 * what is wrong with which file and what to do. */
struct web_tls *web_tls_load(const char *cert_path, const char *key_path);
/* Frees t, the key's bytes wiped first; NULL is fine. */
void web_tls_free(struct web_tls *t);

/* Reads "ADDR:PORT" into a socket address (struct sockaddr_storage in sa,
 * its length in *len). 0, or -1 (quiet) when it is not one. */
int web_parse_listen(const char *text, void *sa, unsigned *len);

/* Serves the station s until SIGTERM or SIGINT. 0 on a clean stop, -1
 * when the server cannot start (reported: the address is taken...). */
int web_serve(struct store *s, const struct web_options *o);

#endif
