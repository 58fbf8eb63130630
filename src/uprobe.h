/* uprobe.h: resolving user-space attach points (uprobe, uretprobe, usdt). */
#ifndef SONDE_UPROBE_H
#define SONDE_UPROBE_H

#include "probe.h"

/*
 * Expands `uprobe:BIN:FUNC`, `uretprobe:...`, `usdt:BIN:[PROV:]PROBE` (parts
 * split at ':', parts[0] the probe type) into concrete attach points.
 * Reports errors with diag_error and returns -EINVAL; else the number added.
 */
int uprobe_expand(const char *text, char **parts, int nparts, struct attach_point *ap, attach_vec *out);

/*
 * -l 'uprobe:BIN:PATTERN', -l 'usdt:BIN:PATTERN': prints the functions or USDT
 * probes of the files BIN names (with -p, '*' is every file the process maps).
 * `rest` is the pattern after "uprobe:". Returns how many were listed, or -errno
 * after a message.
 */
int uprobe_list(FILE *f, enum probe_kind kind, const char *rest);

#endif
