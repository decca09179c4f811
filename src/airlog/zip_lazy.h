/*
 * zip_lazy.h — libzip loaded on first use (include/loa/lazy.h); written by
 * scripts/lazy-header.py: each function the module calls goes through
 * lazy_fn(). Included after <zip.h>, by the module that includes it.
 */
#ifndef LOA_ZIP_LAZY_H
#define LOA_ZIP_LAZY_H

#include "loa/lazy.h"

#define LAZY_ZIP_FUNCTIONS(X)                                                                                \
	X(zip_close)                                                                                         \
	X(zip_discard)                                                                                       \
	X(zip_error_fini)                                                                                    \
	X(zip_error_init_with_code)                                                                          \
	X(zip_error_strerror)                                                                                \
	X(zip_file_add)                                                                                      \
	X(zip_open)                                                                                          \
	X(zip_source_buffer)                                                                                 \
	X(zip_source_free)                                                                                   \
	X(zip_strerror)

enum {
#define LAZY_ZIP_INDEX(f) LAZY_ZIP_##f,
	LAZY_ZIP_FUNCTIONS(LAZY_ZIP_INDEX)
#undef LAZY_ZIP_INDEX
};

extern struct lazy_lib zip_lazy;

/* Defined once, in the module's file that defines LAZY_ZIP_DEFINE. */
#ifdef LAZY_ZIP_DEFINE
#define LAZY_ZIP_NAME(f) #f,
static const char *const lazy_zip_names[] = {LAZY_ZIP_FUNCTIONS(LAZY_ZIP_NAME)};
#undef LAZY_ZIP_NAME
static lazy_fn_t lazy_zip_fns[sizeof lazy_zip_names / sizeof lazy_zip_names[0]];
struct lazy_lib zip_lazy = {LOA_SONAME_ZIP, lazy_zip_names, lazy_zip_fns, NULL};
#endif

#define zip_close      ((__typeof__(&zip_close))lazy_fn(&zip_lazy, LAZY_ZIP_zip_close))
#define zip_discard    ((__typeof__(&zip_discard))lazy_fn(&zip_lazy, LAZY_ZIP_zip_discard))
#define zip_error_fini ((__typeof__(&zip_error_fini))lazy_fn(&zip_lazy, LAZY_ZIP_zip_error_fini))
#define zip_error_init_with_code                                                                             \
	((__typeof__(&zip_error_init_with_code))lazy_fn(&zip_lazy, LAZY_ZIP_zip_error_init_with_code))
#define zip_error_strerror ((__typeof__(&zip_error_strerror))lazy_fn(&zip_lazy, LAZY_ZIP_zip_error_strerror))
#define zip_file_add       ((__typeof__(&zip_file_add))lazy_fn(&zip_lazy, LAZY_ZIP_zip_file_add))
#define zip_open           ((__typeof__(&zip_open))lazy_fn(&zip_lazy, LAZY_ZIP_zip_open))
#define zip_source_buffer  ((__typeof__(&zip_source_buffer))lazy_fn(&zip_lazy, LAZY_ZIP_zip_source_buffer))
#define zip_source_free    ((__typeof__(&zip_source_free))lazy_fn(&zip_lazy, LAZY_ZIP_zip_source_free))
#define zip_strerror       ((__typeof__(&zip_strerror))lazy_fn(&zip_lazy, LAZY_ZIP_zip_strerror))

#endif
