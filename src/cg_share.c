/*
 * cg_share.c: one register for a stack address that several helper calls
 * take. A map key is typically filled by one helper (get_current_comm), then
 * passed to a lookup and, on a miss, to an update: computing its address
 * each time costs two instructions (rN = r10; rN += off). When a register
 * of R6-R9 is free from the first of three or more such calls to the last,
 * the first computes the address into it and every call copies it (one
 * instruction each), as LLVM does. This runs after allocation, on registers
 * the allocation left unused, so it can neither spill nor move a slot's
 * lifetime (the calls still name the slot).
 */
#include "codegen.h"

#include <limits.h>
#include <stdlib.h>

struct taken {
	int reg, start, end;
};

struct share_scan {
	int *min_src, *max_src;  /* per label: the first and last jump to it, -1 */
	int *label_at;           /* per instruction: the label it places, -1 */
	VEC(struct taken) taken;  /* registers given to earlier shares */
};

static bool same_addr(const struct ir_val *a, const struct ir_val *b)
{
	return a->kind == V_SLOT && b->kind == V_SLOT && a->n == b->n && a->imm == b->imm;
}

/*
 * The first position (in the allocator's numbering: 2i reads, 2i+1 writes)
 * at or after `from` where register r holds a vreg.
 */
static int busy_from(const struct cg *cg, const struct share_scan *sc, int r, int from)
{
	int first = INT_MAX;

	for (size_t v = 0; v < cg->v.len; v++) {
		const struct cg_vreg *vr = &cg->v.data[v];
		if (vr->reg != r || vr->end < from || vr->start > vr->end)
			continue;
		int at = vr->start > from ? vr->start : from;
		if (at < first)
			first = at;
	}
	for (size_t t = 0; t < sc->taken.len; t++) {
		if (sc->taken.data[t].reg != r || sc->taken.data[t].end < from)
			continue;
		int at = sc->taken.data[t].start > from ? sc->taken.data[t].start : from;
		if (at < first)
			first = at;
	}
	return first;
}

/*
 * Shares the address of call i's argument k over the later calls that take
 * it, if that saves code. A later call qualifies when the code from i to it
 * can only be entered through i (every jump to a label between comes from
 * between), so the register is set on every path that reaches it.
 */
static void share_from(struct cg *cg, struct share_scan *sc, int i, int k)
{
	const struct ir_val *addr = &cg->code.data[i].in.args[k];
	int best = -1, limit = -1;

	for (int r = BPF_REG_6; r <= BPF_REG_9; r++) {
		int until = busy_from(cg, sc, r, 2 * i);
		if (until > limit) {
			limit = until;
			best = r;
		}
	}
	if (best < 0 || limit <= 2 * i)
		return;

	int n = (int)cg->code.len, need = i, uses = 1, last = i;
	/* two passes: count the calls that qualify, then mark them if that pays */
	for (int pass = 0; pass < 2; pass++) {
		need = i;
		for (int p = i + 1; p < n && 2 * p < limit; p++) {
			struct cg_insn *ci = &cg->code.data[p];
			if (ci->kind == CG_DELETED)
				continue;
			int l = sc->label_at[p];
			if (l >= 0 && sc->min_src[l] >= 0) {
				if (sc->min_src[l] < i)
					break;   /* entered from before i */
				if (sc->max_src[l] > need)
					need = sc->max_src[l];
			}
			if (ci->kind != CG_PLAIN || ci->in.op != IR_CALL || p < need)
				continue;
			for (int a = 0; a < ci->in.nargs; a++) {
				if (ci->share[a] || !same_addr(&ci->in.args[a], addr))
					continue;
				if (pass == 0) {
					uses++;
					last = p;
				} else {
					ci->share[a] = (uint8_t)best;
				}
			}
		}
		/* n uses cost 2n instructions alone, n + 2 shared */
		if (pass == 0 && uses < 3)
			return;
	}
	cg->code.data[i].share[k] = (uint8_t)best;
	cg->code.data[i].share_def |= (uint8_t)(1u << k);
	vec_push(&sc->taken, ((struct taken){ .reg = best, .start = 2 * i, .end = 2 * last }));
}

void cg_share_addrs(struct cg *cg)
{
	int n = (int)cg->code.len;
	struct share_scan sc = {
		.min_src = xmalloc((cg->nlabels + 1) * sizeof(int)),
		.max_src = xmalloc((cg->nlabels + 1) * sizeof(int)),
		.label_at = xmalloc((n + 1) * sizeof(int)),
	};

	for (int l = 0; l < cg->nlabels; l++)
		sc.min_src[l] = sc.max_src[l] = -1;
	for (int p = 0; p < n; p++) {
		const struct cg_insn *ci = &cg->code.data[p];
		sc.label_at[p] = -1;
		if (ci->kind == CG_DELETED)
			continue;
		if (ci->in.op == IR_LABEL) {
			sc.label_at[p] = ci->in.label;
		} else if (ci->in.op == IR_JMP || ci->in.op == IR_BR) {
			int l = ci->in.label;
			if (sc.min_src[l] < 0)
				sc.min_src[l] = p;
			sc.max_src[l] = p;
		}
	}
	for (int i = 0; i < n; i++) {
		struct cg_insn *ci = &cg->code.data[i];
		if (ci->kind != CG_PLAIN || ci->in.op != IR_CALL)
			continue;
		for (int k = 0; k < ci->in.nargs; k++) {
			if (ci->in.args[k].kind == V_SLOT && !ci->share[k])
				share_from(cg, &sc, i, k);
		}
	}
	free(sc.min_src);
	free(sc.max_src);
	free(sc.label_at);
	free(sc.taken.data);
}
