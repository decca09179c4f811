/*
 * hash.h — SHA-256, the only checksum loa uses (the only module that uses
 * libcrypto).
 *
 * The clip library names every copy by the SHA-256 of its bytes, so the
 * same file added twice is recognised; the airing log chains its records
 * with the SHA-256 of each one. Digests are always handed around as 64
 * lowercase hex characters plus a NUL.
 */
#ifndef LOA_HASH_H
#define LOA_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64

struct hash_sha256;

/* The digest of len bytes at buf, as lowercase hex, into out. */
void hash_sha256_hex(const void *buf, size_t len, char out[HASH_HEX_LEN + 1]);

/* A streaming digest: new, update any number of times, final (which also
 * frees h). new returns NULL only when out of memory (printed). */
struct hash_sha256 *hash_sha256_new(void);
void hash_sha256_update(struct hash_sha256 *h, const void *buf, size_t len);
void hash_sha256_final(struct hash_sha256 *h, char out[HASH_HEX_LEN + 1]);
/* Frees h without a digest (on an error path); NULL is fine. */
void hash_sha256_free(struct hash_sha256 *h);

/* The digest of the file at path (a regular file only). 0, or -1 with
 * "cannot read file" printed. */
int hash_sha256_file(const char *path, char out[HASH_HEX_LEN + 1]);
/* The digest of the whole of the open file fd, read from its start with
 * pread (its offset is left alone); name is for messages. 0, or -1. */
int hash_sha256_fd(int fd, const char *name, char out[HASH_HEX_LEN + 1]);

#endif
