/*
 * regalloc.c: register allocation, spilling and frame layout on the back
 * end's machine IR (see codegen.h), over the liveness cg_flow.c computes.
 *
 * Conventions, which emit.c relies on:
 *
 * - Registers. R0-R9 are allocatable, R10 is the frame pointer. Helper calls
 *   clobber R0-R5, so a vreg live across a call (its interval strictly
 *   contains the call) may only live in R6-R9. vreg 0, the context, is defined
 *   by a CG_ENTRY pseudo instruction that emits "rX = r1" when it did not get R1.
 *
 * - No register is reserved. Whatever emission needs a register for (an
 *   immediate BPF cannot encode, a reloaded spill, a value to store into a
 *   spill slot) is an explicit "tiny" vreg, created by legalization or by
 *   spill rewriting, that lives from one instruction to the next and is
 *   allocated like any other; tiny vregs are never spilled, and at most a few
 *   are live at once, so a register can always be freed for them by spilling
 *   a long-lived vreg instead. The one fixed scratch is R0 while call
 *   arguments move into R1-R5 (cg_order_moves explains why it is free).
 *
 * - Intervals. Instruction i reads its operands at position 2i and writes its
 *   result at 2i+1, so an operand that dies at i and the result of i may share
 *   a register (d = a + 1 becomes "rA += 1"). For non-commutative ALU ops the
 *   right operand is kept live through 2i+1 so that "rD = rA; rD -= rB" never
 *   clobbers rB. Each vreg gets one interval [first, last position] from
 *   block-level liveness (dataflow, so loops are covered); holes are ignored,
 *   which is why vregs are first split into webs (cg_split_webs): a vreg the
 *   IR reuses for unrelated values does not hold one register throughout.
 *
 * - Allocation is linear scan over intervals sorted by start, preferring in
 *   order: the register the definition produces (R0 after a call, R1 at entry),
 *   the register of an operand that dies here (coalescing), the register of
 *   the previous reload of the same spill, the register a use wants (argument
 *   k in R(k+1), return value in R0), a dying load base, then caller-saved
 *   registers before callee-saved ones, so that R6-R9 stay free for values
 *   crossing calls, skipping those an interval starting meanwhile wants.
 *
 * - Spilling is "spill everywhere": when no register is free, the interval
 *   ending last is spilled to an 8-byte, 8-aligned stack slot (8-byte
 *   accesses keep pointer types in the verifier); every use reloads it into a
 *   new tiny vreg right before, every definition writes a tiny vreg that is
 *   stored right after, and allocation runs again. A vreg whose only
 *   definition is an immediate is rematerialized instead. Emission skips a
 *   reload when the value is still in a register.
 *
 * - Frame. Slots (the IR's and spill slots) are laid out from R10 down, each
 *   aligned; slots never live at the same time share bytes (stack coloring,
 *   over slot lifetimes from dataflow; a slot whose address is taken as a
 *   value lives throughout). More than 512 bytes is an error pointing at the
 *   first statement that touches a slot out of range.
 */
#include "codegen.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- intervals and hints ---- */

static void extend(struct cg_vreg *v, int pos)
{
	if (pos < v->start)
		v->start = pos;
	if (pos > v->end)
		v->end = pos;
}

static void build_intervals(struct cg *cg, const struct cg_cfg *g, const struct cg_live *lv)
{
	int n = (int)cg->code.len, nv = (int)cg->v.len;
	struct ir_val *uses[IR_MAX_ARGS + 2];

	for (int v = 0; v < nv; v++) {
		struct cg_vreg *r = &cg->v.data[v];
		r->start = INT_MAX;
		r->end = -1;
		r->crosses = false;
		r->reg = -1;
	}
	for (int b = 0; b < g->n; b++) {
		for (int j = 0; j < lv->words; j++) {
			for (uint64_t m = lv->in[(size_t)b * lv->words + j]; m; m &= m - 1)
				extend(&cg->v.data[j * 64 + __builtin_ctzll(m)], 2 * g->first[b]);
			for (uint64_t m = lv->out[(size_t)b * lv->words + j]; m; m &= m - 1)
				extend(&cg->v.data[j * 64 + __builtin_ctzll(m)], 2 * g->end[b]);
		}
	}
	/* calls[p]: how many calls clobber at positions <= p (a call clobbers at 2i+1). */
	int *calls = xcalloc(2 * n + 3, sizeof(int));
	for (int i = 0; i < n; i++) {
		struct ir_insn *in = &cg->code.data[i].in;
		int nu = cg_uses(in, uses);
		for (int k = 0; k < nu; k++)
			extend(&cg->v.data[uses[k]->n], 2 * i);
		struct ir_val *d = cg_def(in);
		if (d)
			extend(&cg->v.data[d->n], 2 * i + 1);
		if (in->op == IR_ALU && in->alu != ALU_NEG && !cg_alu_commutes(in->alu) &&
		    in->b.kind == V_REG && in->a.kind == V_REG && in->b.n != in->a.n)
			extend(&cg->v.data[in->b.n], 2 * i + 1);
		if (in->op == IR_CALL)
			calls[2 * i + 1] = 1;
	}
	for (int p = 1; p < 2 * n + 3; p++)
		calls[p] += calls[p - 1];
	for (int v = 0; v < nv; v++) {
		struct cg_vreg *r = &cg->v.data[v];
		if (r->start <= r->end && r->end >= 1)
			r->crosses = calls[r->end - 1] - calls[r->start] > 0;
	}
	free(calls);
}

static void build_hints(struct cg *cg)
{
	int nv = (int)cg->v.len;

	for (int v = 0; v < nv; v++) {
		struct cg_vreg *r = &cg->v.data[v];
		r->hint_def = r->hint_use = -1;
		r->hint_v = r->hint_v2 = r->hint_base = -1;
	}
	for (size_t i = 0; i < cg->code.len; i++) {
		struct cg_insn *ci = &cg->code.data[i];
		struct ir_insn *in = &ci->in;
		struct cg_vreg *d = in->d.kind == V_REG ? &cg->v.data[in->d.n] : NULL;

		/* The first definition starts the interval: its hints count. */
		bool first = d && d->hint_v < 0 && d->hint_v2 < 0 && d->hint_base < 0;

		switch (in->op) {
		case IR_MOV:
			if (ci->kind == CG_ENTRY)
				d->hint_def = BPF_REG_1;
			else if (in->a.kind == V_REG && first)
				d->hint_v = in->a.n;
			break;
		case IR_ALU:
			if (!first)
				break;
			if (in->a.kind == V_REG)
				d->hint_v = in->a.n;
			if (in->alu != ALU_NEG && cg_alu_commutes(in->alu) && in->b.kind == V_REG)
				d->hint_v2 = in->b.n;
			break;
		case IR_LOAD:
			if (in->a.kind == V_REG && first)
				d->hint_base = in->a.n;
			break;
		case IR_CALL:
			if (d)
				d->hint_def = BPF_REG_0;
			for (int k = 0; k < in->nargs; k++) {
				struct ir_val *a = &in->args[k];
				if (a->kind == V_REG && cg->v.data[a->n].hint_use < 0)
					cg->v.data[a->n].hint_use = BPF_REG_1 + k;
			}
			break;
		case IR_RET:
			if (in->a.kind == V_REG && cg->v.data[in->a.n].hint_use < 0)
				cg->v.data[in->a.n].hint_use = BPF_REG_0;
			break;
		default:
			break;
		}
	}
	/* A copy's source may as well be where the copy is wanted. */
	for (size_t i = cg->code.len; i-- > 0;) {
		struct cg_insn *ci = &cg->code.data[i];
		struct ir_insn *in = &ci->in;
		if (ci->kind == CG_PLAIN && in->op == IR_MOV && in->a.kind == V_REG) {
			struct cg_vreg *a = &cg->v.data[in->a.n];
			if (a->hint_use < 0)
				a->hint_use = cg->v.data[in->d.n].hint_use;
		}
	}
}

/* ---- linear scan ---- */

#define CALLEE_SAVED_MASK 0x3c0u  /* R6-R9 */
#define ALL_REGS_MASK     0x3ffu

static const int8_t default_order[CG_NREGS] = {
	/* R0 is never an argument, and a call's result can always have it. */
	BPF_REG_0, BPF_REG_5, BPF_REG_4, BPF_REG_3, BPF_REG_2, BPF_REG_1,
	BPF_REG_6, BPF_REG_7, BPF_REG_8, BPF_REG_9,
};

struct scan {
	struct cg *cg;
	int active[CG_NREGS];
	VEC(int) spills;
	/* per register: sorted starts of the intervals that would like it */
	VEC(int) wanted[CG_NREGS];
};

/* Whether an interval starting in (from, to] would like register r. */
static bool wanted_within(const struct scan *s, int r, int from, int to)
{
	const int *a = s->wanted[r].data;
	size_t lo = 0, hi = s->wanted[r].len;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a[mid] <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->wanted[r].len && a[lo] <= to;
}

static int vreg_reg(struct cg *cg, int v)
{
	return v >= 0 ? cg->v.data[v].reg : -1;
}

static int pick_reg(struct scan *s, const struct cg_vreg *cur, unsigned allowed)
{
	int tries[6] = {
		cur->hint_def, vreg_reg(s->cg, cur->hint_v), vreg_reg(s->cg, cur->hint_v2),
		vreg_reg(s->cg, cur->chain), cur->hint_use, vreg_reg(s->cg, cur->hint_base),
	};

	for (int k = 0; k < 6; k++) {
		int r = tries[k];
		if (r >= 0 && r < CG_NREGS && (allowed >> r & 1) && s->active[r] < 0)
			return r;
	}
	/* Leave alone what an interval starting while this one lives wants. */
	int fallback = -1;
	for (int k = 0; k < CG_NREGS; k++) {
		int r = default_order[k];
		if (!(allowed >> r & 1) || s->active[r] >= 0)
			continue;
		if (!wanted_within(s, r, cur->start, cur->end))
			return r;
		if (fallback < 0)
			fallback = r;
	}
	return fallback;
}

static int cmp_start(const void *pa, const void *pb, void *arg)
{
	const struct cg *cg = arg;
	int a = *(const int *)pa, b = *(const int *)pb;
	int sa = cg->v.data[a].start, sb = cg->v.data[b].start;

	if (sa != sb)
		return sa < sb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Assigns registers; collects the vregs to spill in s->spills. */
static int linear_scan(struct scan *s)
{
	struct cg *cg = s->cg;
	int nv = (int)cg->v.len, n = 0;
	int *order = xmalloc((nv + 1) * sizeof(int));

	for (int v = 0; v < nv; v++) {
		if (cg->v.data[v].start <= cg->v.data[v].end)
			order[n++] = v;
	}
	qsort_r(order, n, sizeof(int), cmp_start, cg);
	for (int r = 0; r < CG_NREGS; r++)
		s->active[r] = -1;
	for (int k = 0; k < n; k++) {
		const struct cg_vreg *v = &cg->v.data[order[k]];
		int h = v->hint_def >= 0 ? v->hint_def : v->hint_use;
		if (h >= 0 && h < CG_NREGS)
			vec_push(&s->wanted[h], v->start);
	}

	for (int k = 0; k < n; k++) {
		int v = order[k];
		struct cg_vreg *cur = &cg->v.data[v];
		unsigned allowed = cur->crosses ? CALLEE_SAVED_MASK : ALL_REGS_MASK;

		for (int r = 0; r < CG_NREGS; r++) {
			if (s->active[r] >= 0 && cg->v.data[s->active[r]].end < cur->start)
				s->active[r] = -1;
		}
		int r = pick_reg(s, cur, allowed);
		if (r < 0) {
			/* Spill whichever interval reaches furthest: it frees the most. */
			int best = -1;
			for (int q = 0; q < CG_NREGS; q++) {
				int w = s->active[q];
				if (!(allowed >> q & 1) || w < 0 || cg->v.data[w].tiny)
					continue;
				if (best < 0 || cg->v.data[w].end > cg->v.data[s->active[best]].end)
					best = q;
			}
			if (!cur->tiny && (best < 0 || cur->end >= cg->v.data[s->active[best]].end)) {
				vec_push(&s->spills, v);
				continue;
			}
			if (best < 0) {
				free(order);
				return -EINVAL;
			}
			int w = s->active[best];
			cg->v.data[w].reg = -1;
			vec_push(&s->spills, w);
			r = best;
		}
		cur->reg = r;
		s->active[r] = v;
	}
	free(order);
	return 0;
}

/* ---- spilling ---- */

struct spill_info {
	bool spilled;
	bool remat;       /* rematerialize `imm` at each use instead */
	int64_t imm;
	int last_tmp;     /* the latest temp holding it, for reload chaining */
};

static void spill_rewrite(struct cg *cg, const int *spills, size_t nspills)
{
	int nv = (int)cg->v.len;
	struct spill_info *si = xcalloc(nv, sizeof(*si));
	int *ndefs = xcalloc(nv, sizeof(int));

	for (size_t i = 0; i < cg->code.len; i++) {
		struct ir_val *d = cg_def(&cg->code.data[i].in);
		if (d)
			ndefs[d->n]++;
	}
	for (size_t k = 0; k < nspills; k++) {
		si[spills[k]].spilled = true;
		si[spills[k]].last_tmp = -1;
	}
	for (size_t i = 0; i < cg->code.len; i++) {
		const struct cg_insn *ci = &cg->code.data[i];
		const struct ir_insn *in = &ci->in;
		if (ci->kind == CG_PLAIN && in->op == IR_MOV && in->a.kind == V_IMM &&
		    si[in->d.n].spilled && ndefs[in->d.n] == 1) {
			si[in->d.n].remat = true;
			si[in->d.n].imm = in->a.imm;
		}
	}
	for (size_t k = 0; k < nspills; k++) {
		int v = spills[k];
		if (si[v].remat || cg->v.data[v].slot >= 0)
			continue;
		struct ir_slot slot = { .size = 8, .align = 8 };
		vec_push(&cg->slots, slot);
		cg->v.data[v].slot = (int)cg->slots.len - 1;
	}

	struct cg *out = &(struct cg){ 0 };
	struct ir_val *uses[IR_MAX_ARGS + 2];
	for (size_t i = 0; i < cg->code.len; i++) {
		struct cg_insn ci = cg->code.data[i];
		struct ir_insn *in = &ci.in;
		int from[IR_MAX_ARGS + 2], to[IR_MAX_ARGS + 2], nmap = 0;

		/* Every spilled operand gets one temp, reloaded right before. */
		int nu = cg_uses(in, uses);
		for (int k = 0; k < nu; k++) {
			int v = uses[k]->n, t = -1;
			if (!si[v].spilled)
				continue;
			for (int j = 0; j < nmap; j++) {
				if (from[j] == v)
					t = to[j];
			}
			if (t < 0) {
				t = cg_vreg_new(cg, true);
				cg->v.data[t].chain = si[v].last_tmp;
				si[v].last_tmp = t;
				from[nmap] = v;
				to[nmap++] = t;
				struct ir_insn r = { .op = IR_MOV, .d = ir_reg(t), .loc = in->loc, .label = -1 };
				enum cg_kind kind = CG_PLAIN;
				if (si[v].remat) {
					r.a = ir_imm(si[v].imm);
				} else {
					r.op = IR_LOAD;
					r.size = 8;
					r.a = ir_slotv(cg->v.data[v].slot, 0);
					kind = CG_RELOAD;
				}
				cg_push(out, &r, kind);
			}
			uses[k]->n = t;
		}
		struct ir_val *d = cg_def(in);
		if (!d || !si[d->n].spilled) {
			vec_push(&out->code, ci);
			continue;
		}
		int v = d->n, t = -1;
		if (si[v].remat)
			continue; /* its only definition: each use makes its own copy */
		if (in->op == IR_MOV && (in->a.kind == V_REG || (in->a.kind == V_IMM && in->a.imm == (int32_t)in->a.imm))) {
			/* A copy or a small constant is stored as it is, without a temp. */
			struct ir_insn st = {
				.op = IR_STORE, .size = 8, .a = ir_slotv(cg->v.data[v].slot, 0), .b = in->a,
				.loc = in->loc, .label = -1,
			};
			if (in->a.kind == V_REG)
				si[v].last_tmp = in->a.n;
			cg_push(out, &st, CG_SPILL);
			continue;
		}
		/* Operand and result share a temp (two-address ALU), except across a call. */
		for (int j = 0; j < nmap && in->op != IR_CALL; j++) {
			if (from[j] == v)
				t = to[j];
		}
		if (t < 0) {
			t = cg_vreg_new(cg, true);
			cg->v.data[t].chain = si[v].last_tmp;
		}
		si[v].last_tmp = t;
		d->n = t;
		vec_push(&out->code, ci);
		struct ir_insn st = {
			.op = IR_STORE, .size = 8, .a = ir_slotv(cg->v.data[v].slot, 0), .b = ir_reg(t),
			.loc = in->loc, .label = -1,
		};
		cg_push(out, &st, CG_SPILL);
	}
	vec_free(&cg->code);
	cg->code.data = out->code.data;
	cg->code.len = out->code.len;
	cg->code.cap = out->code.cap;
	free(si);
	free(ndefs);
}

/*
 * A spill store overwritten by another before anything reloads it is dead
 * (a spilled vreg defined twice in a row). Only within a block: a branch may
 * lead to a reload.
 */
static void drop_dead_spill_stores(struct cg *cg)
{
	size_t ns = cg->slots.len;
	int *last = xmalloc((ns + 1) * sizeof(int));

	for (size_t s = 0; s < ns; s++)
		last[s] = -1;
	for (size_t i = 0; i < cg->code.len; i++) {
		struct cg_insn *ci = &cg->code.data[i];
		if (ci->kind == CG_SPILL) {
			if (last[ci->in.a.n] >= 0)
				cg->code.data[last[ci->in.a.n]].kind = CG_DELETED;
			last[ci->in.a.n] = (int)i;
		} else if (ci->kind == CG_RELOAD) {
			last[ci->in.a.n] = -1;
		} else if (ci->in.op == IR_LABEL || cg_ends_block(ci->in.op)) {
			for (size_t s = 0; s < ns; s++)
				last[s] = -1;
		}
	}
	free(last);
	cg_compact(cg);
}

int cg_regalloc(struct cg *cg)
{
	for (int round = 0;; round++) {
		struct cg_cfg g;
		struct cg_live lv;

		for (;;) {
			cg_cfg_build(cg, &g);
			cg_live_compute(cg, &g, &lv);
			if (!cg_dce(cg, &g, &lv))
				break;
			cg_compact(cg);
			cg_live_free(&lv);
			cg_cfg_free(&g);
			/* Deleted code may leave jumps to jumps or to returns. */
			cg_cleanup_cfg(cg);
		}
		/* Only the context may be live at entry: anything else is read before it is set. */
		int undefined = -1;
		if (g.n > 0) {
			for (int v = 1; v < (int)cg->v.len && undefined < 0; v++) {
				if (cg_bit_test(lv.in, v))
					undefined = v;
			}
		}
		if (undefined >= 0 || round > (int)cg->v.len + 2) {
			if (undefined >= 0)
				diag_error(&cg->loc0, "internal error: %s: v%d is used before it is set",
					   cg->f->name ? cg->f->name : "?", undefined);
			else
				diag_error(&cg->loc0, "internal error: register allocation does not converge");
			cg_live_free(&lv);
			cg_cfg_free(&g);
			return -EINVAL;
		}
		build_intervals(cg, &g, &lv);
		build_hints(cg);
		cg_live_free(&lv);
		cg_cfg_free(&g);

		struct scan s = { .cg = cg };
		int err = linear_scan(&s);
		for (int r = 0; r < CG_NREGS; r++)
			vec_free(&s.wanted[r]);
		if (err < 0) {
			diag_error(&cg->loc0, "internal error: register allocation failed");
			vec_free(&s.spills);
			return -EINVAL;
		}
		if (!s.spills.len) {
			vec_free(&s.spills);
			cg_share_addrs(cg);
			drop_dead_spill_stores(cg);
			return 0;
		}
		spill_rewrite(cg, s.spills.data, s.spills.len);
		vec_free(&s.spills);
	}
}

/* ---- frame ---- */

#define BPF_STACK_LIMIT 512

/*
 * A slot operand the code uses directly (a memory access's base, a helper
 * argument), or -1. *escapes is set when the slot's address is taken as a
 * value instead (moved into a register, stored, compared): then any later
 * code may reach it, and the slot stays live for the whole program.
 */
static void slot_refs(const struct ir_insn *in, int *refs, int *nrefs, bool *escapes, size_t ns)
{
	const struct ir_val *vals[3 + IR_MAX_ARGS] = { &in->a, &in->b };
	int n = 2;

	if (in->op == IR_CALL) {
		n = 0;
		for (int k = 0; k < in->nargs && k < IR_MAX_ARGS; k++)
			vals[n++] = &in->args[k];
	}
	for (int k = 0; k < n; k++) {
		const struct ir_val *v = vals[k];
		if (v->kind != V_SLOT || v->n < 0 || (size_t)v->n >= ns)
			continue;
		bool direct = in->op == IR_CALL ||
			      (k == 0 && (in->op == IR_LOAD || in->op == IR_STORE || in->op == IR_XADD));
		if (!direct)
			escapes[v->n] = true;
		refs[(*nrefs)++] = v->n;
	}
}

/*
 * The instructions during which each slot holds something: from a reference
 * to a later one, along every path (referenced before, forward; referenced
 * after, backward), as one interval [start, end] of instruction indices.
 * Slots never referenced get start > end.
 */
static void slot_intervals(struct cg *cg, int *start, int *end)
{
	size_t ns = cg->slots.len;
	int n = (int)cg->code.len, w = ((int)ns + 63) / 64;
	bool *escapes = xcalloc(ns + 1, sizeof(bool));
	int refs[3 + IR_MAX_ARGS], nrefs;
	struct cg_cfg g;

	cg_cfg_build(cg, &g);
	size_t bytes = (size_t)(g.n + 1) * w * sizeof(uint64_t);
	uint64_t *ref = xcalloc(1, bytes), *reached = xcalloc(1, bytes), *live = xcalloc(1, bytes);
	for (size_t s = 0; s < ns; s++) {
		start[s] = INT_MAX;
		end[s] = -1;
	}
	for (int b = 0; b < g.n; b++) {
		for (int i = g.first[b]; i < g.end[b]; i++) {
			nrefs = 0;
			slot_refs(&cg->code.data[i].in, refs, &nrefs, escapes, ns);
			for (int k = 0; k < nrefs; k++)
				ref[(size_t)b * w + refs[k] / 64] |= 1ull << (refs[k] % 64);
		}
	}
	/* reached[b]: referenced on some path to b's start; live[b]: on some path from b's end. */
	for (bool changed = true; changed;) {
		changed = false;
		for (int b = 0; b < g.n; b++) {
			for (int k = 0; k < 2; k++) {
				int sb = g.succ[2 * b + k];
				if (sb < 0)
					continue;
				for (int j = 0; j < w; j++) {
					uint64_t fwd = reached[(size_t)b * w + j] | ref[(size_t)b * w + j];
					uint64_t bwd = live[(size_t)sb * w + j] | ref[(size_t)sb * w + j];
					if ((reached[(size_t)sb * w + j] | fwd) != reached[(size_t)sb * w + j] ||
					    (live[(size_t)b * w + j] | bwd) != live[(size_t)b * w + j])
						changed = true;
					reached[(size_t)sb * w + j] |= fwd;
					live[(size_t)b * w + j] |= bwd;
				}
			}
		}
	}
	/* Within a block: from its start if reached, else the first reference; likewise at the end. */
	int *bfirst = xmalloc((ns + 1) * sizeof(int)), *blast = xmalloc((ns + 1) * sizeof(int));
	for (size_t s = 0; s < ns; s++)
		bfirst[s] = blast[s] = -1;
	for (int b = 0; b < g.n; b++) {
		for (int i = g.first[b]; i < g.end[b]; i++) {
			nrefs = 0;
			slot_refs(&cg->code.data[i].in, refs, &nrefs, escapes, ns);
			for (int k = 0; k < nrefs; k++) {
				if (bfirst[refs[k]] < 0)
					bfirst[refs[k]] = i;
				blast[refs[k]] = i;
			}
		}
		for (size_t s = 0; s < ns; s++) {
			bool in = cg_bit_test(reached + (size_t)b * w, (int)s);
			bool out = cg_bit_test(live + (size_t)b * w, (int)s);
			int lo = in ? g.first[b] : bfirst[s] >= 0 ? bfirst[s] : INT_MAX;
			int hi = out ? g.end[b] - 1 : blast[s];
			bfirst[s] = blast[s] = -1;
			if (lo > hi)
				continue;
			start[s] = lo < start[s] ? lo : start[s];
			end[s] = hi > end[s] ? hi : end[s];
		}
	}
	free(bfirst);
	free(blast);
	for (size_t s = 0; s < ns; s++) {
		if (escapes[s]) {
			start[s] = 0;
			end[s] = n;
		}
	}
	free(ref);
	free(reached);
	free(live);
	free(escapes);
	cg_cfg_free(&g);
}

struct placed {
	int slot;
	uint64_t top, bottom;   /* bytes [top, bottom) below R10 */
};

static bool insn_touches(const struct ir_insn *in, const bool *bad, size_t nslots)
{
	const struct ir_val *vals[3 + IR_MAX_ARGS] = { &in->d, &in->a, &in->b };
	int n = 3;

	if (in->op == IR_CALL) {
		for (int k = 0; k < in->nargs && k < IR_MAX_ARGS; k++)
			vals[n++] = &in->args[k];
	}
	for (int k = 0; k < n; k++) {
		const struct ir_val *v = vals[k];
		if (v->kind == V_SLOT && v->n >= 0 && (size_t)v->n < nslots && bad[v->n])
			return true;
	}
	return false;
}

static int cmp_slot_start(const void *pa, const void *pb, void *arg)
{
	const int *start = arg;
	int a = *(const int *)pa, b = *(const int *)pb;

	if (start[a] != start[b])
		return start[a] < start[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * Lays the slots out below R10, each aligned. Slots whose lifetimes do not
 * overlap share bytes (first fit, in order of first use), as a C compiler's
 * stack coloring does: a map key dead before an event is built leaves its
 * room to the event.
 */
int cg_frame_layout(struct cg *cg)
{
	size_t ns = cg->slots.len, np = 0;
	int *start = xmalloc((ns + 1) * sizeof(int)), *end = xmalloc((ns + 1) * sizeof(int));
	int *order = xmalloc((ns + 1) * sizeof(int));
	struct placed *pl = xmalloc((ns + 1) * sizeof(*pl));
	bool *bad = xcalloc(ns + 1, sizeof(bool));
	uint64_t frame = 0;

	slot_intervals(cg, start, end);
	for (size_t s = 0; s < ns; s++)
		order[s] = (int)s;
	qsort_r(order, ns, sizeof(int), cmp_slot_start, start);
	for (size_t k = 0; k < ns; k++) {
		int s = order[k];
		struct ir_slot *sl = &cg->slots.data[s];
		uint64_t align = sl->align ? sl->align : 8, best = UINT64_MAX;

		sl->offset = 0;
		if (start[s] > end[s])
			continue;
		/* Candidate tops: R10 itself, and just below each slot alive at the same time. */
		for (size_t c = 0; c <= np; c++) {
			uint64_t top = c < np ? pl[c].bottom : 0;
			if (c < np && (start[pl[c].slot] > end[s] || end[pl[c].slot] < start[s]))
				continue;
			uint64_t bottom = ALIGN_UP(top + sl->size, align);
			top = bottom - sl->size;
			bool fits = true;
			for (size_t q = 0; q < np && fits; q++) {
				bool together = start[pl[q].slot] <= end[s] && end[pl[q].slot] >= start[s];
				if (together && top < pl[q].bottom && pl[q].top < bottom)
					fits = false;
			}
			if (fits && bottom < best)
				best = bottom;
		}
		pl[np++] = (struct placed){ .slot = s, .top = best - sl->size, .bottom = best };
		if (best > frame)
			frame = best;
		if (best > BPF_STACK_LIMIT)
			bad[s] = true;
		else
			sl->offset = -(int32_t)best;
	}
	frame = ALIGN_UP(frame, 8);
	for (size_t i = 0; i < cg->nfslots; i++)
		cg->f->slots.data[i].offset = cg->slots.data[i].offset;
	cg->stack_size = frame > UINT32_MAX ? UINT32_MAX : (uint32_t)frame;
	cg->f->stack_size = cg->stack_size;

	int err = 0;
	if (frame > BPF_STACK_LIMIT) {
		const struct loc *loc = &cg->loc0;
		for (size_t i = 0; i < cg->f->insns.len; i++) {
			if (insn_touches(&cg->f->insns.data[i], bad, cg->nfslots)) {
				loc = &cg->f->insns.data[i].loc;
				break;
			}
		}
		diag_error(loc, "this probe needs %llu bytes of stack, more than BPF's limit of %d",
			   (unsigned long long)frame, BPF_STACK_LIMIT);
		diag_note("strings, tuples, map keys and printf arguments live on the stack: use fewer or "
			  "smaller ones here, e.g. shorter strings with config = { max_strlen = 32 }");
		err = -E2BIG;
	}
	free(start);
	free(end);
	free(order);
	free(pl);
	free(bad);
	return err;
}

/* ---- parallel moves ---- */

int cg_order_moves(const int *dst, const int *src, int n, int scratch, int (*out)[2])
{
	int pd[IR_MAX_ARGS + 1], ps[IR_MAX_ARGS + 1], np = 0, nout = 0;

	for (int i = 0; i < n && np < IR_MAX_ARGS + 1; i++) {
		if (dst[i] != src[i]) {
			pd[np] = dst[i];
			ps[np++] = src[i];
		}
	}
	while (np > 0) {
		bool progress = false;
		for (int i = 0; i < np; i++) {
			bool read = false;
			for (int j = 0; j < np; j++) {
				if (j != i && ps[j] == pd[i])
					read = true;
			}
			if (read)
				continue;
			out[nout][0] = pd[i];
			out[nout++][1] = ps[i];
			pd[i] = pd[np - 1];
			ps[i] = ps[np - 1];
			np--;
			i--;
			progress = true;
		}
		if (progress || np == 0)
			continue;
		/*
		 * Only cycles are left: each pending destination is read by
		 * exactly one pending move, so nothing reads `scratch` any more.
		 * Park one destination's value there and redirect its reader.
		 */
		out[nout][0] = scratch;
		out[nout++][1] = pd[0];
		for (int j = 0; j < np; j++) {
			if (ps[j] == pd[0])
				ps[j] = scratch;
		}
	}
	return nout;
}
