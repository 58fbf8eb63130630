/* uprobe.h: resolving user-space attach points (uprobe, uretprobe, usdt). */
#ifndef SONDE_UPROBE_H
#define SONDE_UPROBE_H

#include "probe.h"

/*
 * Expands `uprobe:BIN:FUNC`, `uretprobe:...`, `usdt:BIN:[PROV:]PROBE` (parts
 * split at ':', parts[0] the probe type) into concrete attach points.
 * Reports errors with diag_error and returns -EINVAL; else the number added.
 * A function missing in the binary is an error when the attach point is its
 * probe's only one (`alone`); beside others it adds nothing, with a warning.
 */
int uprobe_expand(const char *text, char **parts, int nparts, bool alone, struct attach_point *ap,
		  attach_vec *out);

/*
 * watchpoint:FUNC+argN:LEN:MODE (ap holds the rest): an attach point per
 * function FUNC (a name or a glob) names in the program `bin` (-c's command),
 * or in the program of the -p process when bin is NULL. As uprobe_expand.
 */
int uprobe_expand_watch(const char *bin, const char *what, bool alone, struct attach_point *ap, attach_vec *out);

/*
 * -l 'uprobe:BIN:PATTERN', -l 'usdt:BIN:PATTERN': prints the functions or USDT
 * probes of the files BIN names (with -p, '*' is every file the process maps).
 * `rest` is the pattern after "uprobe:". Returns how many were listed, or -errno
 * after a message.
 */
int uprobe_list(FILE *f, enum probe_kind kind, const char *rest);
/* The same; verbose (-lv) also prints each function's parameters from DWARF, as "    int* n". */
int uprobe_list_verbose(FILE *f, enum probe_kind kind, const char *rest, bool verbose);

/*
 * uprobe_dwarf.c: the parameters of `func` in the file at `path`, from its
 * DWARF, as a TY_RECORD whose fields sit at the struct pt_regs offsets of the
 * registers they arrive in (args.NAME reads context + offset, like a
 * tracepoint field). *retval (if not NULL) gets the return type when it is an
 * integer or a pointer, else NULL. NULL with errno: ENODATA (no DWARF), ENOENT
 * (no such function in it), ENOTSUP (sonde built without libdw).
 */
struct type *uprobe_dwarf_args(const char *path, const char *func, struct type **retval);
/* Prints func's parameters as C declarations ("    struct Foo* foo1"), one a line; none without DWARF. */
void uprobe_dwarf_print_params(FILE *f, const char *path, const char *func);
/*
 * The address (a virtual address of the file) of source line `line` of file
 * `src` ("app.c", or a path's tail: "src/app.c") from the line tables of the
 * DWARF of the file at path: the lowest address of a statement starting
 * that line (at column col unless col is 0). 0, or -ENODATA (no DWARF),
 * -ENOENT (no code there), -ENOTSUP (built without libdw).
 */
int uprobe_dwarf_line_addr(const char *path, const char *src, int line, int col, uint64_t *addr);
/* "struct Foo" / "union U" (then '*'s) from the DWARF of the file at path, for casts; NULL if absent. */
struct type *uprobe_dwarf_type(const char *path, const char *spelling);

#endif
