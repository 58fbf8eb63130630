/* uprobe.c: user-space attach points: binaries, functions, offsets, USDT probes. */
#include "uprobe.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

static int uprobe_bad(const struct attach_point *ap, const char *fmt, const char *arg)
{
	diag_error(&ap->loc, fmt, arg);
	return -EINVAL;
}

/* uprobe:BIN:FN[+OFF], uprobe:BIN:0xADDR, usdt:BIN:[PROV:]PROBE */
int uprobe_expand(const char *text, char **parts, int nparts, struct attach_point *ap, attach_vec *out)
{
	const char *kind = probe_info(ap->kind)->name;
	int max = ap->kind == PROBE_USDT ? 4 : 3;
	if (nparts < 3 || nparts > max || !*parts[1] || !*parts[nparts - 1])
		return uprobe_bad(ap, ap->kind == PROBE_USDT ? "%s: expected usdt:BINARY:[PROVIDER:]PROBE"
						       : "%s: expected BINARY:FUNCTION", text);
	ap->target = parts[1];
	ap->func = parts[nparts - 1];
	if (ap->kind == PROBE_USDT && nparts == 4)
		ap->func = arena_printf("%s:%s", parts[2], parts[3]);
	ap->name = arena_printf("%s:%s:%s", kind, ap->target, ap->func);
	vec_push(out, *ap);
	return 1;
}

