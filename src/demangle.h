/*
 * demangle.h: C++ and Rust symbol names as people read them, for stacks,
 * usym(), func, -l and uprobe:BIN:cpp:NAME attach points.
 *
 * The demangler is libiberty's cplus_demangle (Debian's libiberty-dev), the
 * one c++filt and gdb use: Itanium C++ (`_Z...`), Rust's legacy scheme
 * (`_ZN...17h<hash>E`, printed without the hash) and Rust v0 (`_R...`).
 * Only names that look mangled reach it, so C programs pay a two-byte test.
 */
#ifndef SONDE_DEMANGLE_H
#define SONDE_DEMANGLE_H

#include <stdbool.h>
#include <stddef.h>

/* Whether name is in a mangling scheme the demangler knows (starts `_Z` or `_R`). */
bool demangle_is_mangled(const char *name);

/*
 * The demangled name, malloc'd, or NULL when name is not mangled or does not
 * demangle (a C name, a malformed one). Uncached: for one pass over a file's
 * symbols, where a cache would only grow.
 */
char *demangle_dup(const char *name);

/*
 * The demangled name from a cache, or name itself when it does not demangle.
 * The string stays valid for at least the next 8192 distinct names looked up
 * (enough for every frame of a stack): copy it to keep it.
 */
const char *demangle_cached(const char *name);
/* Empties the cache (tests, and the end of a run under a leak checker). */
void demangle_cache_free(void);

/*
 * The function's name in a demangled name: without its parameter list, the
 * qualifiers after it (` const`, `&&`, ` [clone .cold]`) and a template
 * function's return type. "int ns::twice<int>(int)" gives "ns::twice<int>",
 * "ns::C::get() const" gives "ns::C::get", "(anonymous namespace)::f(int)"
 * gives "(anonymous namespace)::f". Returns the length and sets *start.
 */
size_t demangle_base(const char *demangled, const char **start);

/*
 * uprobe:BIN:cpp:PATTERN semantics (bpftrace's): whether the symbol `name`
 * (demangled already in `demangled`, NULL when it does not demangle) matches
 * PATTERN, where only '*' is a wildcard (C++ names hold '?', '[' and ']').
 * The mangled name itself matches as before; a pattern without '(' is
 * compared with the function's name without parameters, so it takes every
 * overload (with or without a template's return type in front); one with '('
 * with the whole demangled name.
 */
bool demangle_match(const char *pattern, const char *name, const char *demangled);

/* A '*'-only wildcard match of a whole string: '*' takes any run, everything else is literal. */
bool demangle_star_match(const char *pattern, const char *s);

#endif
