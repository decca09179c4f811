/*
 * lazy.c — libraries loaded on their first use (include/loa/lazy.h).
 *
 * RTLD_NOW: the library and everything it needs are bound when it is
 * loaded, so a missing symbol shows then, not in the middle of a request;
 * RTLD_LOCAL: its symbols stay out of the global scope. One mutex for all
 * the libraries guards the loading and each first lookup; afterwards a
 * function is read with one atomic acquire load.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "loa/i18n.h"
#include "loa/lazy.h"
#include "loa/log.h"

static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;

/* Says what cannot be loaded and aborts: the package depends on lib. */
static void
lazy_fail(const struct lazy_lib *lib, const char *what)
{
	error(_("cannot load %s, which loa needs: %s"), lib->soname, what ? what : "?");
	hint(_("install loa's package again (it depends on this library)"));
	abort();
}

lazy_fn_t
lazy_fn(struct lazy_lib *lib, size_t i)
{
	lazy_fn_t f = __atomic_load_n(&lib->fns[i], __ATOMIC_ACQUIRE);
	void *p;

	if (f)
		return f;
	pthread_mutex_lock(&lazy_lock);
	if (!lib->handle && !(lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL)))
		lazy_fail(lib, dlerror());
	if (!(f = lib->fns[i])) {
		dlerror();
		if (!(p = dlsym(lib->handle, lib->names[i])))
			lazy_fail(lib, dlerror());
		memcpy(&f, &p, sizeof f); /* POSIX: dlsym's object pointer is the function's */
		__atomic_store_n(&lib->fns[i], f, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&lazy_lock);
	return f;
}

int
lazy_loaded(const struct lazy_lib *lib)
{
	int loaded;

	pthread_mutex_lock(&lazy_lock);
	loaded = lib->handle != NULL;
	pthread_mutex_unlock(&lazy_lock);
	return loaded;
}
