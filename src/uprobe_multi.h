/* uprobe_multi.h: a program's user-space probes through one BPF_TRACE_UPROBE_MULTI link (Linux 6.6+). */
#ifndef SONDE_UPROBE_MULTI_H
#define SONDE_UPROBE_MULTI_H

#include "prog.h"

#include <stdbool.h>

struct runtime;

/* The kernel's ENOTSUPP (not in uapi headers): an instruction uprobes cannot handle. */
#define UPROBE_ENOTSUPP 524

/* The warning for a wildcard's function whose first instruction uprobes refuse. */
void uprobe_warn_refused(const struct attach_point *ap);

/* Whether the kernel has the link type (probed once; SONDE_UPROBE_MULTI=0 says no). */
bool uprobe_multi_available(void);
/*
 * Before loading: a program whose attach points are all uprobes (or all
 * uretprobes, or USDT probes) of one file and one -p process is loaded for
 * one link, when the kernel has it.
 */
void uprobe_multi_prepare(struct prog_desc *pd);
bool uprobe_multi_used(const struct prog_desc *pd);
/*
 * Attaches the program's attach points (its first does all, splitting the
 * link around functions the kernel cannot probe); 1 for a point skipped
 * with a warning, 0 when attached, -errno after a message.
 */
int uprobe_multi_attach(struct runtime *rt, int prog, const struct attach_point *ap);

#endif
