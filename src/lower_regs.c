/* lower_regs.c: arguments and return values from struct pt_regs (kprobes, uprobes, USDT). */
#include "lower.h"

struct lval lower_regs_arg(struct lower *L, struct node *n)
{
	/* Not implemented yet: the checker rejects these probes before lowering. */
	return (struct lval){ .kind = LV_IMM, .imm = 0, .type = n->type };
}
