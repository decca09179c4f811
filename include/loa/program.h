/*
 * program.h — where loa's own programs are: `loa` itself, and the lean
 * programs that `loa web` and `loa link` run (loa-web, loa-link), each
 * linking only the libraries its command needs.
 *
 * Installed, loa is in the binary folder (/usr/bin) and the lean programs
 * in loa's private folder (/usr/lib/loa), where no user types them; in a
 * build folder all of them lie side by side. So a program is looked for
 * beside the running executable first, then where the package installs it.
 */
#ifndef LOA_PROGRAM_H
#define LOA_PROGRAM_H

#include <stddef.h>

/* The installed place of each program: PROGRAM_BINDIR/loa,
 * PROGRAM_LIBEXECDIR/loa-web (CMake gives both). */
#ifndef LOA_BINDIR
#define LOA_BINDIR "/usr/bin"
#endif
#ifndef LOA_LIBEXECDIR
#define LOA_LIBEXECDIR "/usr/lib/loa"
#endif

/* The path of loa's program name ("loa", "loa-web", "loa-link") into buf
 * (n bytes): beside the running executable (/proc/self/exe) when an
 * executable file of that name is there, else the installed path (loa in
 * LOA_BINDIR, the others in LOA_LIBEXECDIR), whether or not it exists (the
 * caller's exec says so). Returns buf, or NULL if the path does not fit. */
const char *program_path(const char *name, char *buf, size_t n);

#endif
