/*
 * hash.c — SHA-256 through OpenSSL's EVP interface (the only file that
 * includes an OpenSSL header).
 *
 * EVP rather than the deprecated SHA256_Init family: it is the interface
 * OpenSSL 3 keeps, and picks the CPU's SHA extensions when present. A
 * digest cannot fail on valid input, so the streaming calls return nothing;
 * if OpenSSL itself fails (out of memory) we abort, because a wrong digest
 * in the airing log would be worse than a crash.
 *
 * The algorithm is fetched from OpenSSL's provider once per process
 * (EVP_MD_fetch): the implicit fetch behind EVP_sha256() takes a lock on
 * every digest, a measurable share of `loa log verify`'s million small
 * hashes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "loa/hash.h"
#include "loa/i18n.h"
#include "loa/log.h"
#define LAZY_CRYPTO_DEFINE
#include "base/crypto_lazy.h"

#define HASH_FILE_BLOCK (1 << 16)

struct hash_sha256 {
	EVP_MD_CTX *ctx; /* OpenSSL's digest state */
};

static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
static EVP_MD *sha256_md; /* fetched once, kept for the process's life */

static void
sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

/* The algorithm; aborts if OpenSSL has no SHA-256 (a broken install). */
static const EVP_MD *
sha256(void)
{
	pthread_once(&sha256_once, sha256_fetch);
	if (!sha256_md)
		abort();
	return sha256_md;
}

static void
to_hex(const unsigned char *md, unsigned int n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * n] = 0;
}

struct hash_sha256 *
hash_sha256_new(void)
{
	struct hash_sha256 *h = calloc(1, sizeof *h);

	if (!h || !(h->ctx = EVP_MD_CTX_new()) || EVP_DigestInit_ex(h->ctx, sha256(), NULL) != 1) {
		hash_sha256_free(h);
		error(_("out of memory"));
		return NULL;
	}
	return h;
}

void
hash_sha256_update(struct hash_sha256 *h, const void *buf, size_t len)
{
	if (EVP_DigestUpdate(h->ctx, buf, len) != 1)
		abort();
}

void
hash_sha256_final(struct hash_sha256 *h, char out[HASH_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_DigestFinal_ex(h->ctx, md, &n) != 1 || n != HASH_HEX_LEN / 2)
		abort();
	to_hex(md, n, out);
	hash_sha256_free(h);
}

void
hash_sha256_free(struct hash_sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

void
hash_sha256_hex(const void *buf, size_t len, char out[HASH_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_Digest(buf, len, md, &n, sha256(), NULL) != 1 || n != HASH_HEX_LEN / 2)
		abort();
	to_hex(md, n, out);
}

int
hash_sha256_fd(int fd, const char *name, char out[HASH_HEX_LEN + 1])
{
	/* On the heap, not static: the daemon may hash on more than one thread. */
	unsigned char *buf;
	struct hash_sha256 *h;
	ssize_t n;
	off_t off = 0;

	if (!(buf = malloc(HASH_FILE_BLOCK)) || !(h = hash_sha256_new())) {
		if (!buf)
			error(_("out of memory"));
		free(buf);
		return -1;
	}
	for (;;) {
		n = pread(fd, buf, HASH_FILE_BLOCK, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		hash_sha256_update(h, buf, (size_t)n);
		off += n;
	}
	free(buf);
	if (n < 0) {
		error_errno(_("cannot read file '%s'"), name);
		hash_sha256_free(h);
		return -1;
	}
	hash_sha256_final(h, out);
	return 0;
}

int
hash_sha256_file(const char *path, char out[HASH_HEX_LEN + 1])
{
	struct stat sb;
	int fd, rc;

	/* O_NONBLOCK: a FIFO must not hold the open; only a file is hashed. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0)
		return error_errno(_("cannot read file '%s'"), path);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return error(_("cannot read file '%s': it is not a regular file"), path);
	}
	rc = hash_sha256_fd(fd, path, out);
	close(fd);
	return rc;
}
