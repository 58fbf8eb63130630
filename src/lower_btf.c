/*
 * lower_btf.c: arguments from BTF-typed contexts. fentry, fexit, raw
 * tracepoints (tp_btf or plain) and iterators all get an array of u64 slots:
 * argument i in slot i (a struct passed by value in two takes two), fexit's
 * return value in the slot after the arguments. The verifier checks each load
 * against the function's BTF: it allows loads of the argument's size or of the
 * whole slot at the slot's start, and types pointer arguments as kernel
 * pointers (fentry, tp_btf) or, for an iterator's objects, pointers that may
 * be NULL, which must be tested before any arithmetic on them.
 */
#include "btf.h"
#include "lower.h"

#include <linux/bpf.h>

/* The context offset of fexit's return value: after the arguments. */
static int32_t retval_offset(struct lower *L)
{
	const struct attach_point *ap = &L->ps->aps[L->ap];
	struct type *args = btf_func_args(ap->target, ap->func, true, NULL);

	if (!args || args->nfields < 1)
		return 0;
	return args->fields[args->nfields - 1].offset;
}

struct lval lower_btf_load(struct lower *L, uint32_t off, struct type *t)
{
	struct ir_func *f = L->f;
	int r = ir_vreg(f);

	switch (t->kind) {
	case TY_INT:
	case TY_BOOL:
		/* only the argument's own bytes are defined: a 32-bit int's upper half is garbage */
		ir_load(f, t->size == 1 || t->size == 2 || t->size == 4 ? t->size : 8, r, lower_ctx(L), off);
		lower_extend(L, r, t);
		break;
	case TY_RECORD:
	case TY_ARRAY:
	case TY_STR: {
		/* a struct passed by value: copied out of its slots */
		uint32_t size = ALIGN_UP(t->size ? t->size : 1, 8);
		int slot = lower_tmp_slot(L, size);
		lower_copy(L, slot, 0, lower_ctx(L), off, size);
		return (struct lval){ .kind = LV_MEM, .slot = slot, .off = 0, .type = t };
	}
	default:
		ir_load(f, 8, r, lower_ctx(L), off);
		/*
		 * An iterator's objects (ctx->task, ctx->file, ...) are NULL in
		 * the call that ends the iteration: that call has nothing to
		 * show, and the verifier refuses arithmetic on the pointer
		 * until it has been compared with NULL.
		 */
		if (L->ps->kind == PROBE_ITER && off >= 8 && t->kind == TY_PTR)
			ir_br(f, COND_EQ, ir_reg(r), ir_imm(0), L->exit_label);
		break;
	}
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

void lower_btf_prologue(struct lower *L)
{
	if (L->ps->kind != PROBE_ITER)
		return;
	/* the last call of an iterator has no object (ctx->task is NULL): bpftrace skips it too */
	int r = ir_vreg(L->f);
	ir_load(L->f, 8, r, lower_ctx(L), 8);
	ir_br(L->f, COND_EQ, ir_reg(r), ir_imm(0), L->exit_label);
}

struct lval lower_btf_arg(struct lower *L, struct node *n)
{
	switch (n->builtin) {
	case BI_ARG:
		return lower_btf_load(L, 8 * n->index, n->type);
	case BI_RETVAL:
		if (L->ps->kind == PROBE_FEXIT)
			return lower_btf_load(L, retval_offset(L), n->type);
		break;
	case BI_FUNC:
		if (L->ps->kind == PROBE_FENTRY || L->ps->kind == PROBE_FEXIT) {
			int r = ir_vreg(L->f);
			struct ir_val ctx = lower_ctx(L);
			ir_call(L->f, r, BPF_FUNC_get_func_ip, 1, &ctx);
			return (struct lval){ .kind = LV_REG, .reg = r, .type = n->type };
		}
		break;
	default:
		break;
	}
	/* the checker rejects the rest; 0 keeps lowering going if it did not */
	return (struct lval){ .kind = LV_IMM, .imm = 0, .type = n->type };
}

/*
 * `args` as a whole value in uprobes (registers in pt_regs) and BTF-typed
 * probes (u64 slots): each argument read where args.NAME reads it (the
 * attach point's record gives the context offset), stored at its field of
 * the packed record tt, with the padding zeroed.
 */
void lower_args_record(struct lower *L, const struct type *tt, int slot, int32_t off)
{
	const struct type *rec = L->ps->args[L->ap];
	bool btf = L->ps->kind != PROBE_UPROBE;

	lower_zero(L, slot, off, tt->size);
	for (int i = 0; rec && i < tt->nfields && i < rec->nfields; i++) {
		const struct field *src = &rec->fields[i], *dst = &tt->fields[i];
		uint32_t size = dst->type->size;
		int r;
		if (btf) {
			struct lval v = lower_btf_load(L, src->offset, dst->type);
			if (v.kind != LV_REG)
				continue;   /* sema only puts integers and pointers in the record */
			r = v.reg;
		} else {
			r = ir_vreg(L->f);
			ir_load(L->f, 8, r, lower_ctx(L), src->offset);
		}
		if (size != 1 && size != 2 && size != 4)
			size = 8;
		ir_store(L->f, size, ir_slotv(slot, 0), off + dst->offset, ir_reg(r));
	}
	if (off % 8 == 0)
		lower_zero(L, slot, off + tt->size, ALIGN_UP(tt->size, 8) - tt->size);
}
