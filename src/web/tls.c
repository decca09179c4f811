/*
 * tls.c — the certificate and key of loa web's HTTPS: read once at start
 * and checked through GnuTLS (the only file that includes gnutls/).
 *
 * libmicrohttpd serves TLS with GnuTLS and takes the two files' text from
 * memory (server.c). Given a wrong file it fails to start with one line
 * of GnuTLS's, in English, that names neither file; the officer or the
 * commune's technician would not know which of the two to fix. So every
 * check it would make is made here first, with GnuTLS itself, and each
 * refusal names its file and says what to do: the file missing or not
 * readable by the user loa web runs as, a private key that every user of
 * the computer can read (anyone could then pose as the console), a file
 * that is not what it should be (or the two swapped), a key protected by
 * a passphrase (nobody is there to type it when the service starts), a key
 * that is not the certificate's. Last, the pair is loaded as
 * libmicrohttpd will load it, so what passes here starts there. A
 * certificate past its dates is served with a warning: the browser says
 * so to the officer, who may still get in to fix things.
 *
 * Both files are read before anything is served; the key's bytes are wiped
 * from memory when loa web stops.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/infile.h"
#include "loa/log.h"
#include "loa/timeutil.h"
#include "web/web.h"

#define TLS_FILE_MAX     (1024 * 1024) /* bytes of a certificate chain or a key */
#define EXPIRY_WARN_DAYS 14            /* a certificate ending sooner is warned of */

/* The name of the user this process runs as, for "let NAME read it". */
static const char *
user_name(char *buf, size_t n)
{
	struct passwd *pw = getpwuid(geteuid());

	snprintf(buf, n, "%s", pw && pw->pw_name ? pw->pw_name : "loa");
	return buf;
}

/* Says that the certificate or the key (is_key) at path cannot be read,
 * and why. Returns -1. */
static int
unreadable(const char *path, int is_key, const char *why)
{
	return error_at(ERR_FILE, is_key ? "key" : "cert",
	                is_key ? _("cannot read the HTTPS private key '%s': %s")
	                       : _("cannot read the HTTPS certificate '%s': %s"),
	                path, why);
}

/* Reads the certificate or the key (is_key) at path into *text, its
 * permissions into *mode. 0, or -1 after saying why and what to do. */
static int
read_pem(const char *path, int is_key, char **text, size_t *len, mode_t *mode)
{
	struct infile_error ie;
	struct stat sb;
	char reason[PATH_MAX + 64], user[64];
	int fd = infile_open(path, NULL, TLS_FILE_MAX, &sb, &ie);

	if (fd < 0) {
		unreadable(path, is_key, infile_reason(&ie, NULL, TLS_FILE_MAX, reason, sizeof reason));
		if (ie.fail == INFILE_SYSTEM && (ie.err == EACCES || ie.err == EPERM))
			hint(_("let the user loa web runs as (%s) read it, for example: chgrp %s '%s' && "
			       "chmod 640 '%s'"),
			     user_name(user, sizeof user), user, path, path);
		else if (ie.fail == INFILE_SYSTEM && ie.err == ENOENT)
			hint(_("correct the path, or make a certificate and its key (loa.conf(5), section "
			       "[web], says how); to serve plain HTTP, remove both cert and key"));
		return -1;
	}
	*mode = sb.st_mode;
	if (infile_read_all(fd, TLS_FILE_MAX, text, len) != 0) {
		int err = errno;
		close(fd);
		return unreadable(path, is_key, strerror(err));
	}
	close(fd);
	return 0;
}

/* Says that the file at path is not the kind it should be, and what it
 * looks like instead. Returns -1. */
static int
not_pem(const char *path, const char *text, int is_key)
{
	if (is_key)
		error_at(ERR_INPUT, "key",
		         _("'%s' is not a private key in PEM form (-----BEGIN PRIVATE KEY-----)"), path);
	else
		error_at(ERR_INPUT, "cert",
		         _("'%s' is not a certificate in PEM form (-----BEGIN CERTIFICATE-----)"), path);
	if (!is_key && strstr(text, "PRIVATE KEY-----"))
		hint(_("it holds a private key: are the certificate and the key swapped?"));
	else if (is_key && strstr(text, "-----BEGIN CERTIFICATE-----"))
		hint(_("it holds a certificate: are the certificate and the key swapped?"));
	else
		hint(_("give the PEM file (Let's Encrypt's fullchain.pem and privkey.pem, or the two files "
		       "made as loa.conf(5), section [web], says)"));
	return -1;
}

/* Warns when the certificate is past its dates, or will be soon. */
static void
check_dates(const char *path, gnutls_x509_crt_t crt)
{
	int64_t now = clock_wall_ms();
	int64_t from = (int64_t)gnutls_x509_crt_get_activation_time(crt) * 1000;
	int64_t until = (int64_t)gnutls_x509_crt_get_expiration_time(crt) * 1000;
	char when[64];

	if (until > 0 && until < now) {
		warning(_("the certificate '%s' expired on %s: browsers will warn that the console is not "
		          "safe"),
		        path, time_format_iso(until, "UTC", when, sizeof when));
		hint(_("make or fetch a new one, then restart loa web"));
	} else if (from > now) {
		warning(_("the certificate '%s' is valid only from %s: browsers will warn until then (is "
		          "this computer's clock right?)"),
		        path, time_format_iso(from, "UTC", when, sizeof when));
	} else if (until > 0 && until - now < EXPIRY_WARN_DAYS * 86400000LL) {
		warning(_("the certificate '%s' expires on %s"), path,
		        time_format_iso(until, "UTC", when, sizeof when));
		hint(_("make or fetch a new one before then, then restart loa web"));
	}
}

/* Checks the two texts as GnuTLS will read them. 0, or -1 after saying
 * what is wrong. */
static int
check_pair(struct web_tls *t)
{
	gnutls_datum_t cert = {(unsigned char *)t->cert, (unsigned)strlen(t->cert)};
	gnutls_datum_t key = {(unsigned char *)t->key, (unsigned)t->key_len};
	gnutls_x509_crt_t *crts = NULL;
	gnutls_x509_privkey_t pk = NULL;
	gnutls_certificate_credentials_t cred = NULL;
	unsigned char crt_id[64], key_id[64];
	size_t crt_id_len = sizeof crt_id, key_id_len = sizeof key_id;
	unsigned ncrt = 0;
	int rc = -1, e;

	if (gnutls_x509_crt_list_import2(&crts, &ncrt, &cert, GNUTLS_X509_FMT_PEM, 0) < 0 || ncrt == 0) {
		not_pem(t->cert_path, t->cert, 0);
		goto out;
	}
	/* A key under a passphrase: libmicrohttpd could take the passphrase,
	 * but it would have to be written beside the key, in loa.conf, which
	 * protects nothing; the key file's own permissions are the protection. */
	if (strstr(t->key, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
	    strstr(t->key, "Proc-Type: 4,ENCRYPTED")) {
		error_at(ERR_INPUT, "key",
		         _("the private key '%s' is protected by a passphrase, which nobody is there "
		           "to type when loa web starts"),
		         t->key_path);
		hint(_("write it without one, readable only by root and loa web's group: openssl pkey -in "
		       "'%s' "
		       "-out NEW-FILE, then chmod 640 NEW-FILE"),
		     t->key_path);
		goto out;
	}
	if (gnutls_x509_privkey_init(&pk) < 0)
		goto nomem;
	if (gnutls_x509_privkey_import2(pk, &key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN) < 0) {
		not_pem(t->key_path, t->key, 1);
		goto out;
	}
	/* A key others can read is no longer a secret: anyone with an account
	 * on this computer could pose as the console and read the passwords
	 * typed into it. Refused, as ssh refuses such a key. */
	if (t->key_mode & (S_IROTH | S_IWOTH)) {
		error_at(ERR_FILE, "key",
		         _("every user of this computer can read or change the private key '%s'"),
		         t->key_path);
		hint(_("keep it to its owner and group, then start loa web again: chmod o-rwx '%s'"),
		     t->key_path);
		goto out;
	}
	/* The server's certificate comes first in the file; its public key
	 * must be the private key's. */
	if (gnutls_x509_crt_get_key_id(crts[0], GNUTLS_KEYID_USE_SHA256, crt_id, &crt_id_len) < 0 ||
	    gnutls_x509_privkey_get_key_id(pk, GNUTLS_KEYID_USE_SHA256, key_id, &key_id_len) < 0 ||
	    crt_id_len != key_id_len || memcmp(crt_id, key_id, crt_id_len) != 0) {
		error_at(ERR_INPUT, "key", _("the private key '%s' is not the key of the certificate '%s'"),
		         t->key_path, t->cert_path);
		hint(_("give the key the certificate was made with (Let's Encrypt: privkey.pem beside "
		       "fullchain.pem), or make both again"));
		goto out;
	}
	/* As libmicrohttpd will load them: what passes here starts there. */
	if (gnutls_certificate_allocate_credentials(&cred) < 0)
		goto nomem;
	if ((e = gnutls_certificate_set_x509_key_mem(cred, &cert, &key, GNUTLS_X509_FMT_PEM)) < 0) {
		error_at(ERR_INPUT, "cert", _("the certificate '%s' and the key '%s' cannot serve HTTPS: %s"),
		         t->cert_path, t->key_path, gnutls_strerror(e));
		hint(_("make both again as loa.conf(5), section [web], says"));
		goto out;
	}
	check_dates(t->cert_path, crts[0]);
	rc = 0;
	goto out;
nomem:
	error(_("out of memory"));
out:
	if (cred)
		gnutls_certificate_free_credentials(cred);
	if (pk)
		gnutls_x509_privkey_deinit(pk);
	for (unsigned i = 0; i < ncrt; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
	return rc;
}

struct web_tls *
web_tls_load(const char *cert_path, const char *key_path)
{
	struct web_tls *t;
	size_t len;
	mode_t mode;

	if (!web_tls_supported()) {
		error(_("this loa web cannot serve HTTPS: its libmicrohttpd was built without TLS"));
		hint(_(
		    "install Debian's libmicrohttpd12, which has it; or serve loa web on 127.0.0.1 behind a "
		    "web server that holds the certificate (a reverse proxy)"));
		return NULL;
	}
	if (!(t = calloc(1, sizeof *t))) {
		error(_("out of memory"));
		return NULL;
	}
	snprintf(t->cert_path, sizeof t->cert_path, "%s", cert_path);
	snprintf(t->key_path, sizeof t->key_path, "%s", key_path);
	if (read_pem(cert_path, 0, &t->cert, &len, &mode) != 0 ||
	    read_pem(key_path, 1, &t->key, &t->key_len, &t->key_mode) != 0 || check_pair(t) != 0) {
		web_tls_free(t);
		return NULL;
	}
	return t;
}

void
web_tls_free(struct web_tls *t)
{
	if (!t)
		return;
	if (t->key)
		gnutls_memset(t->key, 0, t->key_len);
	free(t->key);
	free(t->cert);
	free(t);
}
