/*
 * ebur128_lazy.h — libebur128 loaded on first use (include/loa/lazy.h); written by
 * scripts/lazy-header.py: each function the module calls goes through
 * lazy_fn(). Included after <ebur128.h>, by the module that includes it.
 */
#ifndef LOA_EBUR128_LAZY_H
#define LOA_EBUR128_LAZY_H

#include "loa/lazy.h"

#define LAZY_EBUR128_FUNCTIONS(X)                                                                            \
	X(ebur128_add_frames_float)                                                                          \
	X(ebur128_destroy)                                                                                   \
	X(ebur128_init)                                                                                      \
	X(ebur128_loudness_global)                                                                           \
	X(ebur128_set_channel)                                                                               \
	X(ebur128_true_peak)

enum {
#define LAZY_EBUR128_INDEX(f) LAZY_EBUR128_##f,
	LAZY_EBUR128_FUNCTIONS(LAZY_EBUR128_INDEX)
#undef LAZY_EBUR128_INDEX
};

extern struct lazy_lib ebur128_lazy;

/* Defined once, in the module's file that defines LAZY_EBUR128_DEFINE. */
#ifdef LAZY_EBUR128_DEFINE
#define LAZY_EBUR128_NAME(f) #f,
static const char *const lazy_ebur128_names[] = {LAZY_EBUR128_FUNCTIONS(LAZY_EBUR128_NAME)};
#undef LAZY_EBUR128_NAME
static lazy_fn_t lazy_ebur128_fns[sizeof lazy_ebur128_names / sizeof lazy_ebur128_names[0]];
struct lazy_lib ebur128_lazy = {LOA_SONAME_EBUR128, lazy_ebur128_names, lazy_ebur128_fns, NULL};
#endif

#define ebur128_add_frames_float                                                                             \
	((__typeof__(&ebur128_add_frames_float))lazy_fn(&ebur128_lazy, LAZY_EBUR128_ebur128_add_frames_float))
#define ebur128_destroy ((__typeof__(&ebur128_destroy))lazy_fn(&ebur128_lazy, LAZY_EBUR128_ebur128_destroy))
#define ebur128_init    ((__typeof__(&ebur128_init))lazy_fn(&ebur128_lazy, LAZY_EBUR128_ebur128_init))
#define ebur128_loudness_global                                                                              \
	((__typeof__(&ebur128_loudness_global))lazy_fn(&ebur128_lazy, LAZY_EBUR128_ebur128_loudness_global))
#define ebur128_set_channel                                                                                  \
	((__typeof__(&ebur128_set_channel))lazy_fn(&ebur128_lazy, LAZY_EBUR128_ebur128_set_channel))
#define ebur128_true_peak                                                                                    \
	((__typeof__(&ebur128_true_peak))lazy_fn(&ebur128_lazy, LAZY_EBUR128_ebur128_true_peak))

#endif
