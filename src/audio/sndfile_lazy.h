/*
 * sndfile_lazy.h — libsndfile loaded on first use (include/loa/lazy.h); written by
 * scripts/lazy-header.py: each function the module calls goes through
 * lazy_fn(). Included after <sndfile.h>, by the module that includes it.
 */
#ifndef LOA_SNDFILE_LAZY_H
#define LOA_SNDFILE_LAZY_H

#include "loa/lazy.h"

#define LAZY_SNDFILE_FUNCTIONS(X)                                                                            \
	X(sf_close)                                                                                          \
	X(sf_command)                                                                                        \
	X(sf_error)                                                                                          \
	X(sf_open_fd)                                                                                        \
	X(sf_readf_float)                                                                                    \
	X(sf_seek)                                                                                           \
	X(sf_strerror)                                                                                       \
	X(sf_write_sync)                                                                                     \
	X(sf_writef_float)

enum {
#define LAZY_SNDFILE_INDEX(f) LAZY_SNDFILE_##f,
	LAZY_SNDFILE_FUNCTIONS(LAZY_SNDFILE_INDEX)
#undef LAZY_SNDFILE_INDEX
};

extern struct lazy_lib sndfile_lazy;

/* Defined once, in the module's file that defines LAZY_SNDFILE_DEFINE. */
#ifdef LAZY_SNDFILE_DEFINE
#define LAZY_SNDFILE_NAME(f) #f,
static const char *const lazy_sndfile_names[] = {LAZY_SNDFILE_FUNCTIONS(LAZY_SNDFILE_NAME)};
#undef LAZY_SNDFILE_NAME
static lazy_fn_t lazy_sndfile_fns[sizeof lazy_sndfile_names / sizeof lazy_sndfile_names[0]];
struct lazy_lib sndfile_lazy = {LOA_SONAME_SNDFILE, lazy_sndfile_names, lazy_sndfile_fns, NULL};
#endif

#define sf_close        ((__typeof__(&sf_close))lazy_fn(&sndfile_lazy, LAZY_SNDFILE_sf_close))
#define sf_command      ((__typeof__(&sf_command))lazy_fn(&sndfile_lazy, LAZY_SNDFILE_sf_command))
#define sf_error        ((__typeof__(&sf_error))lazy_fn(&sndfile_lazy, LAZY_SNDFILE_sf_error))
#define sf_open_fd      ((__typeof__(&sf_open_fd))lazy_fn(&sndfile_lazy, LAZY_SNDFILE_sf_open_fd))
#define sf_readf_float  ((__typeof__(&sf_readf_float))lazy_fn(&sndfile_lazy, LAZY_SNDFILE_sf_readf_float))
#define sf_seek         ((__typeof__(&sf_seek))lazy_fn(&sndfile_lazy, LAZY_SNDFILE_sf_seek))
#define sf_strerror     ((__typeof__(&sf_strerror))lazy_fn(&sndfile_lazy, LAZY_SNDFILE_sf_strerror))
#define sf_write_sync   ((__typeof__(&sf_write_sync))lazy_fn(&sndfile_lazy, LAZY_SNDFILE_sf_write_sync))
#define sf_writef_float ((__typeof__(&sf_writef_float))lazy_fn(&sndfile_lazy, LAZY_SNDFILE_sf_writef_float))

#endif
