/* lower_btf.c: arguments from BTF-typed contexts (fentry/fexit, raw tracepoints): an array of u64. */
#include "lower.h"

struct lval lower_btf_arg(struct lower *L, struct node *n)
{
	int r = ir_vreg(L->f);

	ir_load(L->f, 8, r, ir_reg(0), 8 * (n->builtin == BI_ARG ? n->index : 0));
	return (struct lval){ .kind = LV_REG, .reg = r, .type = n->type };
}
