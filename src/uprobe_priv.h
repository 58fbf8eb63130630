/*
 * uprobe_priv.h: what uprobe.c (attach points) and uprobe_files.c (which
 * files a spelling names, and their images kept open for the run) share.
 */
#ifndef SONDE_UPROBE_PRIV_H
#define SONDE_UPROBE_PRIV_H

#include "uprobe.h"
#include "diag.h"
#include "elfsym.h"
#include "usdt.h"
#include "util.h"

/* uprobe:BIN:cpp:NAME: the language whose demangled names NAME matches */
enum uprobe_lang { ULANG_NONE, ULANG_CPP, ULANG_RUST };

/* A file to probe: `path` is opened and attached to; `display` is how probe names spell it. */
struct ubin {
	const char *display;
	const char *path;
};

typedef VEC(struct ubin) ubin_vec;

struct resolve {
	const struct loc *loc;      /* NULL: listing (messages without a location) */
	int pid;
	bool quiet;
	bool alone;                 /* its probe's only attach point: a missing function is an error */
	enum uprobe_lang lang;      /* names are matched demangled (uprobe:BIN:cpp:NAME) */
	const struct loc *fn_loc;   /* where NAME is written, for messages about it alone */
	bool any_process;           /* without -p, '*' is every file any process maps (usdt:*:PROV:NAME) */
};

/* The ELF image of path, opened once a run (*err: -errno when NULL). */
struct elf_image *uprobe_image_open(const char *path, int *err);
/* The USDT probes of path's notes (*n of them), read once a run. */
const struct usdt_probe *uprobe_image_usdt(const char *path, int *n);
bool uprobe_has_glob(const char *s);
bool uprobe_is_file(const char *path);
/* The path sonde opens for a path as process pid spells it. */
const char *uprobe_host_path(int pid, const char *path);
const char *uprobe_lang_name(enum uprobe_lang l);
enum uprobe_lang uprobe_lang_lookup(const char *s);
/* Where the attach point at l has its text after the n-th ':' outside quotes (l itself if it cannot tell). */
struct loc uprobe_loc_after_colons(const struct loc *l, int n);
/*
 * BINARY as written: a path, a glob of paths, a library or program name, or
 * (with -p) nothing or '*' for every file the process maps.
 */
int uprobe_resolve_binaries(const struct resolve *r, const char *spec, ubin_vec *out);
/* Whether PATH's strippedness is news: said once, not for each of a script's missing functions in it. */
bool uprobe_stripped_news(const char *path);
/* A function missing beside other attach points of its probe: skipped with a warning (0), or an error. */
int uprobe_skip_missing(const struct resolve *r, const struct ubin *b, const char *what);
/* The libc that exports NAME, when B is another library: scripts older than glibc 2.34 name libpthread. */
const char *uprobe_in_libc(const struct ubin *b, const char *name);
/* B's ELF image, or NULL after an error naming it. */
struct elf_image *uprobe_open_binary(const struct resolve *r, const struct ubin *b);

#endif
