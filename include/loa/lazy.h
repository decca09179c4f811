/*
 * lazy.h — a shared library loaded the first time one of its functions is
 * called (dlopen), not when the program starts.
 *
 * Every library a program links is mapped, relocated and initialised at
 * its start, used or not: the console (loa-web) idle for months would hold
 * libical with ICU and libstdc++, OpenSSL, libsndfile's codecs and the
 * report writers (some 5 MB resident) for the few requests that use them.
 * The module that includes a library's header (STYLE.md: exactly one per
 * library) includes its lazy header after it: src/<role>/<lib>_lazy.h,
 * made by scripts/lazy-header.py from the functions the module calls,
 * which turns each call f(...) into a call through lazy_fn():
 *   #define f ((__typeof__(&f))lazy_fn(&lib, LAZY_f))
 * so the module's code is unchanged and its calls stay type-checked
 * against the library's own prototypes. A function the header does not
 * list is a link error (the library is not linked), never a silent direct
 * call.
 *
 * The library is one the package depends on: if it cannot be loaded, or
 * lacks a function, the process says which and aborts, as for any broken
 * installation. Thread-safe; after the first call of a function, a call
 * costs one atomic load.
 */
#ifndef LOA_LAZY_H
#define LOA_LAZY_H

#include <pthread.h>
#include <stddef.h>

typedef void (*lazy_fn_t)(void);

struct lazy_lib {
	const char *soname;       /* what dlopen looks for: "libical.so.3" */
	const char *const *names; /* the functions, indexed as fns */
	lazy_fn_t *fns;           /* each resolved on its first call */
	void *handle;             /* dlopen's, once loaded */
};

/* The function i of lib (names[i]), loading lib on the first call. */
lazy_fn_t lazy_fn(struct lazy_lib *lib, size_t i);

/* Whether lib is loaded yet (for tests and the bench). */
int lazy_loaded(const struct lazy_lib *lib);

#endif
