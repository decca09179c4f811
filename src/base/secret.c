/*
 * secret.c — Argon2id password hashes, random tokens and constant-time
 * comparison through libsodium (the only file that includes sodium.h).
 *
 * Key decisions. The cost is libsodium's OPSLIMIT_INTERACTIVE and
 * MEMLIMIT_INTERACTIVE (2 passes, 64 MiB): about 0.1 s a login on the
 * station's two-core PC (measured: 90–115 ms to hash and as long to
 * verify), which makes guessing offline slow while a person logging in
 * does not notice. The hash string carries its own salt and cost, so a
 * later release may raise the cost without breaking stored hashes.
 * sodium_init() runs once per process through pthread_once, since the web
 * console may call in from several threads.
 */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/secret.h"

_Static_assert(SECRET_HASH_MAX == crypto_pwhash_STRBYTES, "a hash string's size is libsodium's");

#define TOKEN_BYTES 32

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc = -1;

/* A hash of 32 random bytes nobody kept (hex), made with the same cost as
 * every stored one (m=65536 KiB, t=2, p=1 is INTERACTIVE), so verifying
 * against it takes as long as against a real account's. */
static const char none_hash[] =
    "$argon2id$v=19$m=65536,t=2,p=1$QHvYvH8WzsnvZBsD3nK6Bw$rK82kh2b6Cj4OGGQS5j+A+eWfh8Z2RZIISZaGWfaTDo";

static void
init_once(void)
{
	init_rc = sodium_init() < 0 ? -1 : 0;
}

int
secret_init(void)
{
	pthread_once(&once, init_once);
	if (init_rc != 0)
		return error(_("cannot start the password library (libsodium)"));
	return 0;
}

int
secret_password_hash(const char *pw, char out[SECRET_HASH_MAX])
{
	if (secret_init() != 0)
		return -1;
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return error(_("cannot protect the password: out of memory (it needs 64 MiB for a moment)"));
	return 0;
}

int
secret_password_verify(const char *hash, const char *pw)
{
	if (secret_init() != 0)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int
secret_password_verify_none(const char *pw)
{
	(void)secret_password_verify(none_hash, pw);
	return 0;
}

int
secret_token(char out[SECRET_TOKEN_LEN + 1])
{
	unsigned char raw[TOKEN_BYTES];

	if (secret_init() != 0)
		return -1;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SECRET_TOKEN_LEN + 1, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return 0;
}

int
secret_token_valid(const char *s)
{
	size_t i;

	for (i = 0; s[i] && i <= SECRET_TOKEN_LEN; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return i == SECRET_TOKEN_LEN;
}

int
secret_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

void
secret_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}
