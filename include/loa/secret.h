/*
 * secret.h — passwords and tokens (the only module that uses libsodium).
 *
 * Passwords are kept as Argon2id hashes (crypto_pwhash_str: the salt and
 * the cost are inside the string), with libsodium's "interactive" cost:
 * 2 passes over 64 MiB, about 0.1 s on the station's PC. Tokens (a
 * session's, its CSRF token) are 32 bytes from the kernel's random source
 * written in base64url without padding. Secrets are compared in constant
 * time, so how long a comparison takes says nothing of where two differ.
 */
#ifndef LOA_SECRET_H
#define LOA_SECRET_H

#include <stddef.h>

#define SECRET_HASH_MAX  128 /* bytes of a password's hash string, NUL included */
#define SECRET_TOKEN_LEN 43  /* characters of a token: base64url of 32 bytes, no padding */

/* Initialises libsodium (once per process; later calls do nothing).
 * 0, or -1 (printed). Every function below calls it. */
int secret_init(void);

/* The Argon2id hash of password pw, into out. 0, or -1 (printed: out of
 * memory, since it needs 64 MiB for a moment). */
int secret_password_hash(const char *pw, char out[SECRET_HASH_MAX]);
/* 1 when pw is the password hash was made from, 0 when not (or hash is
 * not a hash: quiet). Takes as long as secret_password_hash. */
int secret_password_verify(const char *hash, const char *pw);
/* Verifies pw against a hash no password matches, at the same cost: what a
 * login with an unknown name spends, so its answer takes as long. 0. */
int secret_password_verify_none(const char *pw);

/* A new random token (base64url, SECRET_TOKEN_LEN characters) into out.
 * 0, or -1 (printed). */
int secret_token(char out[SECRET_TOKEN_LEN + 1]);
/* 1 when s is SECRET_TOKEN_LEN characters of base64url, else 0. */
int secret_token_valid(const char *s);
/* 1 when the n bytes at a and b are equal, in time that depends on n only. */
int secret_equal(const void *a, const void *b, size_t n);
/* Clears n bytes at p so the compiler cannot leave them out. */
void secret_wipe(void *p, size_t n);

#endif
