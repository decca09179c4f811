#!/usr/bin/python3
"""lazy-header — writes a module's lazy header (include/loa/lazy.h says why).

Usage: scripts/lazy-header.py OUT.h PREFIX HEADER OBJECT.o LIBRARY.so

OUT.h gets, for each function of LIBRARY.so that OBJECT.o calls (its
undefined symbols the library defines), a #define that calls it through
lazy_fn(); PREFIX names the struct lazy_lib (PREFIX_lazy), the index
constants (LAZY_PREFIX_f) and the soname's macro (LOA_SONAME_PREFIX, which
CMake defines). Then scripts/format.sh. It reads the object's undefined
symbols, so run it on an object built without the lazy header (the
library linked); to call one more function, add its two lines by hand: a
call of a function the header does not list fails to link (undefined
reference), never calls the library directly.
"""
import subprocess
import sys

out, prefix, header, objs, lib = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(","), sys.argv[5]
def syms(args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.split("\n")
wanted = set()
for o in objs:
    wanted |= {l.split()[-1] for l in syms(["nm", "-u", o]) if l.strip()}
have = {l.split()[-1].split("@")[0] for l in syms(["nm", "-D", "--defined-only", lib]) if l.strip()}
names = sorted(wanted & have)
P, p = prefix.upper(), prefix.lower()
guard = "LOA_" + out.split("/")[-1].replace(".", "_").upper()
w = []
w.append("/*\n * %s — %s loaded on first use (include/loa/lazy.h); written by\n"
         " * scripts/lazy-header.py: each function the module calls goes through\n"
         " * lazy_fn(). Included after <%s>, by the module that includes it.\n */"
         % (out.split("/")[-1], lib.split("/")[-1].split(".so")[0], header))
w.append("#ifndef %s\n#define %s\n\n#include \"loa/lazy.h\"\n" % (guard, guard))
w.append("#define LAZY_%s_FUNCTIONS(X) \\" % P)
w += ["\tX(%s) \\" % n for n in names[:-1]]
w.append("\tX(%s)\n" % names[-1])
w.append("enum {\n#define LAZY_%s_INDEX(f) LAZY_%s_##f,\n\tLAZY_%s_FUNCTIONS(LAZY_%s_INDEX)\n#undef LAZY_%s_INDEX\n};\n"
         % (P, P, P, P, P))
w.append("extern struct lazy_lib %s_lazy;\n" % p)
w.append("/* Defined once, in the module's file that defines LAZY_%s_DEFINE. */\n#ifdef LAZY_%s_DEFINE" % (P, P))
w.append("#define LAZY_%s_NAME(f) #f,\nstatic const char *const lazy_%s_names[] = {LAZY_%s_FUNCTIONS(LAZY_%s_NAME)};\n#undef LAZY_%s_NAME"
         % (P, p, P, P, P))
w.append("static lazy_fn_t lazy_%s_fns[sizeof lazy_%s_names / sizeof lazy_%s_names[0]];" % (p, p, p))
w.append("struct lazy_lib %s_lazy = {LOA_SONAME_%s, lazy_%s_names, lazy_%s_fns, NULL};\n#endif\n" % (p, P, p, p))
w += ["#define %s ((__typeof__(&%s))lazy_fn(&%s_lazy, LAZY_%s_%s))" % (n, n, p, P, n) for n in names]
w.append("\n#endif")
open(out, "w").write("\n".join(w) + "\n")
print("%s: %d functions" % (out, len(names)))
