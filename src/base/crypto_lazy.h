/*
 * crypto_lazy.h — libcrypto loaded on first use (include/loa/lazy.h); written by
 * scripts/lazy-header.py: each function the module calls goes through
 * lazy_fn(). Included after <openssl/evp.h>, by the module that includes it.
 */
#ifndef LOA_CRYPTO_LAZY_H
#define LOA_CRYPTO_LAZY_H

#include "loa/lazy.h"

#define LAZY_CRYPTO_FUNCTIONS(X)                                                                             \
	X(EVP_Digest)                                                                                        \
	X(EVP_DigestFinal_ex)                                                                                \
	X(EVP_DigestInit_ex)                                                                                 \
	X(EVP_DigestUpdate)                                                                                  \
	X(EVP_MD_CTX_free)                                                                                   \
	X(EVP_MD_CTX_new)                                                                                    \
	X(EVP_MD_fetch)

enum {
#define LAZY_CRYPTO_INDEX(f) LAZY_CRYPTO_##f,
	LAZY_CRYPTO_FUNCTIONS(LAZY_CRYPTO_INDEX)
#undef LAZY_CRYPTO_INDEX
};

extern struct lazy_lib crypto_lazy;

/* Defined once, in the module's file that defines LAZY_CRYPTO_DEFINE. */
#ifdef LAZY_CRYPTO_DEFINE
#define LAZY_CRYPTO_NAME(f) #f,
static const char *const lazy_crypto_names[] = {LAZY_CRYPTO_FUNCTIONS(LAZY_CRYPTO_NAME)};
#undef LAZY_CRYPTO_NAME
static lazy_fn_t lazy_crypto_fns[sizeof lazy_crypto_names / sizeof lazy_crypto_names[0]];
struct lazy_lib crypto_lazy = {LOA_SONAME_CRYPTO, lazy_crypto_names, lazy_crypto_fns, NULL};
#endif

#define EVP_Digest ((__typeof__(&EVP_Digest))lazy_fn(&crypto_lazy, LAZY_CRYPTO_EVP_Digest))
#define EVP_DigestFinal_ex                                                                                   \
	((__typeof__(&EVP_DigestFinal_ex))lazy_fn(&crypto_lazy, LAZY_CRYPTO_EVP_DigestFinal_ex))
#define EVP_DigestInit_ex                                                                                    \
	((__typeof__(&EVP_DigestInit_ex))lazy_fn(&crypto_lazy, LAZY_CRYPTO_EVP_DigestInit_ex))
#define EVP_DigestUpdate ((__typeof__(&EVP_DigestUpdate))lazy_fn(&crypto_lazy, LAZY_CRYPTO_EVP_DigestUpdate))
#define EVP_MD_CTX_free  ((__typeof__(&EVP_MD_CTX_free))lazy_fn(&crypto_lazy, LAZY_CRYPTO_EVP_MD_CTX_free))
#define EVP_MD_CTX_new   ((__typeof__(&EVP_MD_CTX_new))lazy_fn(&crypto_lazy, LAZY_CRYPTO_EVP_MD_CTX_new))
#define EVP_MD_fetch     ((__typeof__(&EVP_MD_fetch))lazy_fn(&crypto_lazy, LAZY_CRYPTO_EVP_MD_fetch))

#endif
