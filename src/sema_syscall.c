/*
 * sema_syscall.c: which tracepoint:syscalls blocks run on the raw sys_enter
 * and sys_exit tracepoints, and how each program finds its syscalls there
 * (syscall_tp.h has why).
 */
#include "sema_priv.h"
#include "syscall_tp.h"

#include <string.h>

/* Bits of probe_sema.args_words the raw tracepoints can fill: __syscall_nr and the arguments, or ret. */
#define ENTER_WORDS 0xfeu   /* offsets 8 .. 56 */
#define EXIT_WORDS  0x06u   /* offsets 8 and 16 */
/* A program serving more syscalls than this is reached through a dispatcher's tail call. */
#define INLINE_MAX 4

/* An attach point's program: 0 the perf event's, 1 on sys_enter, 2 on sys_exit. */
static int ap_class(const struct attach_point *ap)
{
	return ap->raw_sys ? 1 + ap->sys_exit : 0;
}

/* Perf event programs first, then sys_enter's, then sys_exit's; each in the order written. */
static void group_by_class(struct probe_sema *ps)
{
	for (int i = 1; i < ps->naps; i++) {
		struct attach_point ap = ps->aps[i];
		struct type *args = ps->args[i];
		int j = i;
		for (; j > 0 && ap_class(&ps->aps[j - 1]) > ap_class(&ap); j--) {
			ps->aps[j] = ps->aps[j - 1];
			ps->args[j] = ps->args[j - 1];
		}
		ps->aps[j] = ap;
		ps->args[j] = args;
	}
}

void sema_plan_raw_syscalls(struct sema *S, struct probe_sema *ps)
{
	int count[2] = { 0, 0 };
	bool is_exit;

	if (ps->kind != PROBE_TRACEPOINT || ps->naps == 0)
		return;
	/* `args` as a whole value is the record itself: only the perf event has one */
	if (ps->args_refs != ps->args_fields)
		return;
	/* syscalls the build does not know the number of (newer than its headers) keep their perf events */
	for (int i = 0; i < ps->naps; i++) {
		const struct attach_point *ap = &ps->aps[i];
		if (ap->target && !strcmp(ap->target, "syscalls") && syscall_tp_nr(ap->func, &is_exit) >= 0)
			count[is_exit]++;
	}
	if (!count[0] && !count[1])
		return;
	uint32_t words = (count[0] ? ENTER_WORDS : ~0u) & (count[1] ? EXIT_WORDS : ~0u);
	if (ps->args_words & ~words)
		return;
	if (!syscall_tp_kernel())
		return;
	for (int i = 0; i < ps->naps; i++) {
		struct attach_point *ap = &ps->aps[i];
		if (!ap->target || strcmp(ap->target, "syscalls"))
			continue;
		ap->sysnr = syscall_tp_nr(ap->func, &is_exit);
		ap->raw_sys = ap->sysnr >= 0;
		ap->sys_exit = is_exit;
		ap->tail_map = -1;
	}
	group_by_class(ps);
	/* as lower_program splits: one program per attach point, or one per class */
	bool split = ps->naps > 1 && (ps->uses_probe || ps->uses_args);
	for (int d = 0; d < 2; d++) {
		int progs = split ? count[d] : count[d] > 0;
		if (!count[d] || (progs == 1 && count[d] <= INLINE_MAX))
			continue;
		int map = S->ntail_maps++;
		for (int i = 0; i < ps->naps; i++)
			if (ps->aps[i].raw_sys && ps->aps[i].sys_exit == (d == 1))
				ps->aps[i].tail_map = map;
	}
	ps->raw_sys = true;
}
