/* lower_args.c: reading a probe's arguments and return value, by probe family. */
#include "lower.h"

bool lower_user_space(const struct lower *L)
{
	switch (L->ps->kind) {
	case PROBE_UPROBE:
	case PROBE_URETPROBE:
	case PROBE_USDT:
		return true;
	default:
		return false;
	}
}

struct lval lower_probe_arg(struct lower *L, struct node *n)
{
	switch (L->ps->kind) {
	case PROBE_KPROBE:
	case PROBE_KRETPROBE:
	case PROBE_UPROBE:
	case PROBE_URETPROBE:
	case PROBE_USDT:
		return lower_regs_arg(L, n);
	default:
		return lower_btf_arg(L, n);
	}
}
