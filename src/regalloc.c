/*
 * regalloc.c: control flow cleanup, liveness, register allocation, spilling
 * and frame layout, on the back end's machine IR (see codegen.h).
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
 *   block-level liveness (dataflow, so loops are covered); holes are ignored.
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
 * - Frame. The IR's slots (those still referenced) are laid out first, from
 *   R10 down, each aligned; spill slots follow. More than 512 bytes is an error
 *   pointing at the first statement that touches a slot out of range.
 */
#include "codegen.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- machine IR basics ---- */

int cg_vreg_new(struct cg *cg, bool tiny)
{
	struct cg_vreg v = { .reg = -1, .slot = -1, .tiny = tiny, .chain = -1 };

	vec_push(&cg->v, v);
	return (int)cg->v.len - 1;
}

int cg_label_new(struct cg *cg)
{
	return cg->nlabels++;
}

void cg_push(struct cg *cg, const struct ir_insn *in, enum cg_kind kind)
{
	struct cg_insn ci = { .in = *in, .kind = kind };

	vec_push(&cg->code, ci);
}

void cg_compact(struct cg *cg)
{
	size_t n = 0;

	for (size_t i = 0; i < cg->code.len; i++) {
		if (cg->code.data[i].kind != CG_DELETED)
			cg->code.data[n++] = cg->code.data[i];
	}
	cg->code.len = n;
}

static void add_use(struct ir_val *v, struct ir_val **out, int *n)
{
	if (v->kind == V_REG)
		out[(*n)++] = v;
}

int cg_uses(struct ir_insn *in, struct ir_val **out)
{
	int n = 0;

	switch (in->op) {
	case IR_MOV:
	case IR_LOAD:
	case IR_RET:
		add_use(&in->a, out, &n);
		break;
	case IR_ALU:
		add_use(&in->a, out, &n);
		if (in->alu != ALU_NEG)
			add_use(&in->b, out, &n);
		break;
	case IR_STORE:
	case IR_XADD:
	case IR_BR:
		add_use(&in->a, out, &n);
		add_use(&in->b, out, &n);
		break;
	case IR_CALL:
		for (int i = 0; i < in->nargs && i < IR_MAX_ARGS; i++)
			add_use(&in->args[i], out, &n);
		break;
	default:
		break;
	}
	return n;
}

struct ir_val *cg_def(struct ir_insn *in)
{
	switch (in->op) {
	case IR_MOV:
	case IR_ALU:
	case IR_LOAD:
	case IR_CALL:
		return in->d.kind == V_REG ? &in->d : NULL;
	default:
		return NULL;
	}
}

bool cg_alu_commutes(enum ir_alu op)
{
	return op == ALU_ADD || op == ALU_MUL || op == ALU_AND || op == ALU_OR || op == ALU_XOR;
}

/* Instructions whose only effect is their result: dead when it is. */
static bool is_pure(const struct ir_insn *in)
{
	return in->op == IR_MOV || in->op == IR_ALU || in->op == IR_LOAD;
}

/* ---- control flow graph ---- */

struct cfg {
	int n;
	int *first, *end;   /* instructions [first, end) of each block */
	int *succ;          /* two per block, -1 for none */
	int *lblock;        /* label -> block, -1 when not placed */
};

static bool ends_block(enum ir_op op)
{
	return op == IR_JMP || op == IR_BR || op == IR_RET;
}

static void cfg_build(struct cg *cg, struct cfg *g)
{
	int n = (int)cg->code.len, nb = 0;

	g->first = xmalloc((n + 1) * sizeof(int));
	g->end = xmalloc((n + 1) * sizeof(int));
	g->succ = xmalloc(2 * (n + 1) * sizeof(int));
	g->lblock = xmalloc((cg->nlabels + 1) * sizeof(int));
	for (int l = 0; l < cg->nlabels; l++)
		g->lblock[l] = -1;

	for (int i = 0; i < n; i++) {
		const struct ir_insn *in = &cg->code.data[i].in;
		bool lead = i == 0;

		if (i > 0) {
			enum ir_op prev = cg->code.data[i - 1].in.op;
			/* A run of labels is one place: one block. */
			if (in->op == IR_LABEL && prev != IR_LABEL)
				lead = true;
			if (ends_block(prev))
				lead = true;
		}
		if (lead) {
			if (nb)
				g->end[nb - 1] = i;
			g->first[nb++] = i;
		}
		if (in->op == IR_LABEL && in->label >= 0 && in->label < cg->nlabels)
			g->lblock[in->label] = nb - 1;
	}
	if (nb)
		g->end[nb - 1] = n;
	g->n = nb;

	for (int b = 0; b < nb; b++) {
		const struct ir_insn *last = &cg->code.data[g->end[b] - 1].in;
		int next = b + 1 < nb ? b + 1 : -1;

		g->succ[2 * b] = -1;
		g->succ[2 * b + 1] = -1;
		switch (last->op) {
		case IR_JMP:
			g->succ[2 * b] = g->lblock[last->label];
			break;
		case IR_BR:
			g->succ[2 * b] = next;
			g->succ[2 * b + 1] = g->lblock[last->label];
			break;
		case IR_RET:
			break;
		default:
			g->succ[2 * b] = next;
			break;
		}
	}
}

static void cfg_free(struct cfg *g)
{
	free(g->first);
	free(g->end);
	free(g->succ);
	free(g->lblock);
}

/* ---- control flow cleanup ---- */

static int *label_positions(struct cg *cg)
{
	int *pos = xmalloc((cg->nlabels + 1) * sizeof(int));

	for (int l = 0; l < cg->nlabels; l++)
		pos[l] = -1;
	for (size_t i = 0; i < cg->code.len; i++) {
		const struct cg_insn *ci = &cg->code.data[i];
		if (ci->kind != CG_DELETED && ci->in.op == IR_LABEL)
			pos[ci->in.label] = (int)i;
	}
	return pos;
}

/* The first live, non-label instruction at or after i. */
static size_t next_real(struct cg *cg, size_t i)
{
	while (i < cg->code.len && (cg->code.data[i].kind == CG_DELETED || cg->code.data[i].in.op == IR_LABEL))
		i++;
	return i;
}

/* Whether `label` is placed at i, among the labels (and deleted code) starting there. */
static bool label_at(struct cg *cg, size_t i, int label)
{
	for (; i < cg->code.len; i++) {
		const struct cg_insn *ci = &cg->code.data[i];
		if (ci->kind == CG_DELETED)
			continue;
		if (ci->in.op != IR_LABEL)
			return false;
		if (ci->in.label == label)
			return true;
	}
	return false;
}

static enum ir_cond invert_cond(enum ir_cond c)
{
	static const enum ir_cond inv[COND_MAX] = {
		[COND_EQ] = COND_NE, [COND_NE] = COND_EQ,
		[COND_GT] = COND_LE, [COND_LE] = COND_GT,
		[COND_GE] = COND_LT, [COND_LT] = COND_GE,
		[COND_SGT] = COND_SLE, [COND_SLE] = COND_SGT,
		[COND_SGE] = COND_SLT, [COND_SLT] = COND_SGE,
		[COND_SET] = COND_SET, /* BPF has no "jump if no bit set" */
	};
	return inv[c];
}

/* Jumps to a jump go straight to its target; a jump to a return returns. */
static bool thread_jumps(struct cg *cg)
{
	int *pos = label_positions(cg);
	bool changed = false;

	for (size_t i = 0; i < cg->code.len; i++) {
		struct ir_insn *in = &cg->code.data[i].in;

		if (cg->code.data[i].kind == CG_DELETED || (in->op != IR_JMP && in->op != IR_BR))
			continue;
		for (int hops = 0; hops < 16; hops++) {
			size_t j = next_real(cg, pos[in->label] + 1);
			if (j >= cg->code.len || cg->code.data[j].in.op != IR_JMP ||
			    cg->code.data[j].in.label == in->label)
				break;
			in->label = cg->code.data[j].in.label;
			changed = true;
		}
		if (in->op == IR_JMP) {
			size_t j = next_real(cg, pos[in->label] + 1);
			if (j < cg->code.len && cg->code.data[j].in.op == IR_RET) {
				*in = cg->code.data[j].in;
				changed = true;
			}
		}
	}
	free(pos);
	return changed;
}

static bool fold_branches(struct cg *cg)
{
	bool changed = false;

	for (size_t i = 0; i < cg->code.len; i++) {
		struct cg_insn *ci = &cg->code.data[i];
		struct ir_insn *in = &ci->in;

		if (ci->kind == CG_DELETED || (in->op != IR_JMP && in->op != IR_BR))
			continue;
		if (label_at(cg, i + 1, in->label)) {
			/* A jump to the next instruction. */
			ci->kind = CG_DELETED;
			changed = true;
			continue;
		}
		/* if (c) goto L1; goto L2; L1:  ->  if (!c) goto L2; L1: */
		if (in->op == IR_BR && in->cond != COND_SET && i + 1 < cg->code.len) {
			struct cg_insn *nx = &cg->code.data[i + 1];
			if (nx->kind != CG_DELETED && nx->in.op == IR_JMP && label_at(cg, i + 2, in->label)) {
				in->cond = invert_cond(in->cond);
				in->label = nx->in.label;
				nx->kind = CG_DELETED;
				changed = true;
			}
		}
	}
	return changed;
}

/* The verifier rejects unreachable instructions: drop them. */
static bool drop_unreachable(struct cg *cg)
{
	struct cfg g;
	bool changed = false;

	cfg_build(cg, &g);
	if (g.n == 0) {
		cfg_free(&g);
		return false;
	}
	bool *seen = xcalloc(g.n, sizeof(bool));
	int *stack = xmalloc(g.n * sizeof(int)), sp = 0;
	stack[sp++] = 0;
	seen[0] = true;
	while (sp) {
		int b = stack[--sp];
		for (int k = 0; k < 2; k++) {
			int s = g.succ[2 * b + k];
			if (s >= 0 && !seen[s]) {
				seen[s] = true;
				stack[sp++] = s;
			}
		}
	}
	for (int b = 0; b < g.n; b++) {
		if (seen[b])
			continue;
		for (int i = g.first[b]; i < g.end[b]; i++)
			cg->code.data[i].kind = CG_DELETED;
		changed = true;
	}
	free(seen);
	free(stack);
	cfg_free(&g);
	return changed;
}

/* Labels nothing jumps to would only split blocks. */
static bool drop_unused_labels(struct cg *cg)
{
	int *refs = xcalloc(cg->nlabels + 1, sizeof(int));
	bool changed = false;

	for (size_t i = 0; i < cg->code.len; i++) {
		const struct cg_insn *ci = &cg->code.data[i];
		if (ci->kind != CG_DELETED && (ci->in.op == IR_JMP || ci->in.op == IR_BR))
			refs[ci->in.label]++;
	}
	for (size_t i = 0; i < cg->code.len; i++) {
		struct cg_insn *ci = &cg->code.data[i];
		if (ci->kind != CG_DELETED && ci->in.op == IR_LABEL && !refs[ci->in.label]) {
			ci->kind = CG_DELETED;
			changed = true;
		}
	}
	free(refs);
	return changed;
}

void cg_cleanup_cfg(struct cg *cg)
{
	bool changed = true;

	for (int round = 0; changed && round < 64; round++) {
		changed = thread_jumps(cg);
		changed |= fold_branches(cg);
		cg_compact(cg);
		changed |= drop_unreachable(cg);
		cg_compact(cg);
		changed |= drop_unused_labels(cg);
		cg_compact(cg);
	}
}

/* ---- webs ---- */

static int uf_find(int *parent, int x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

struct webs {
	int nd, w;
	int *def_insn, *def_vreg;   /* per definition */
	int *vstart, *vlist;        /* definitions of each vreg: vlist[vstart[v] .. vstart[v + 1]) */
	uint64_t *in;               /* reaching definitions at each block's start */
	int *parent;                /* union-find over definitions */
};

static void kill_vreg(const struct webs *wb, uint64_t *set, int v)
{
	for (int k = wb->vstart[v]; k < wb->vstart[v + 1]; k++)
		set[wb->vlist[k] / 64] &= ~(1ull << (wb->vlist[k] % 64));
}

/*
 * Walks block b with the definitions reaching each instruction: joins the
 * definitions that reach a common use, or (rename) rewrites every operand to
 * its web's vreg.
 */
static void webs_walk(struct cg *cg, const struct cfg *g, struct webs *wb, int b, const int *web_vreg)
{
	uint64_t *cur = xmalloc(wb->w * sizeof(uint64_t) + 8);
	struct ir_val *uses[IR_MAX_ARGS + 2];

	memcpy(cur, wb->in + (size_t)b * wb->w, wb->w * sizeof(uint64_t));
	for (int i = g->first[b]; i < g->end[b]; i++) {
		struct ir_insn *in = &cg->code.data[i].in;
		int nu = cg_uses(in, uses);
		for (int k = 0; k < nu; k++) {
			int v = uses[k]->n, first = -1;
			for (int j = wb->vstart[v]; j < wb->vstart[v + 1]; j++) {
				int d = wb->vlist[j];
				if (!(cur[d / 64] >> (d % 64) & 1))
					continue;
				if (first < 0)
					first = d;
				else if (!web_vreg)
					wb->parent[uf_find(wb->parent, d)] = uf_find(wb->parent, first);
			}
			if (web_vreg && first >= 0)
				uses[k]->n = web_vreg[uf_find(wb->parent, first)];
		}
		struct ir_val *dv = cg_def(in);
		if (dv) {
			int d = -1;
			for (int j = wb->vstart[dv->n]; j < wb->vstart[dv->n + 1] && d < 0; j++) {
				if (wb->def_insn[wb->vlist[j]] == i)
					d = wb->vlist[j];
			}
			if (d >= 0) {
				kill_vreg(wb, cur, dv->n);
				cur[d / 64] |= 1ull << (d % 64);
				if (web_vreg)
					dv->n = web_vreg[uf_find(wb->parent, d)];
			}
		}
	}
	free(cur);
}

/*
 * Splits vregs into webs (definitions that reach common uses, by reaching
 * definitions): a vreg the IR reuses for unrelated values becomes one vreg
 * per value, each with its own, shorter interval and its own register.
 */
void cg_split_webs(struct cg *cg)
{
	struct cfg g;
	struct webs wb = { 0 };
	int n = (int)cg->code.len, nv = (int)cg->v.len;

	for (int i = 0; i < n; i++) {
		if (cg_def(&cg->code.data[i].in))
			wb.nd++;
	}
	if (wb.nd == 0)
		return;
	cfg_build(cg, &g);
	wb.w = (wb.nd + 63) / 64;
	wb.def_insn = xmalloc(wb.nd * sizeof(int));
	wb.def_vreg = xmalloc(wb.nd * sizeof(int));
	wb.vstart = xcalloc(nv + 2, sizeof(int));
	wb.vlist = xmalloc(wb.nd * sizeof(int));
	wb.parent = xmalloc(wb.nd * sizeof(int));
	int nd = 0;
	for (int i = 0; i < n; i++) {
		struct ir_val *d = cg_def(&cg->code.data[i].in);
		if (!d)
			continue;
		wb.def_insn[nd] = i;
		wb.def_vreg[nd] = d->n;
		wb.parent[nd] = nd;
		wb.vstart[d->n + 1]++;
		nd++;
	}
	for (int v = 0; v < nv; v++)
		wb.vstart[v + 1] += wb.vstart[v];
	int *fill = xmalloc((nv + 1) * sizeof(int));
	memcpy(fill, wb.vstart, (nv + 1) * sizeof(int));
	for (int d = 0; d < wb.nd; d++)
		wb.vlist[fill[wb.def_vreg[d]]++] = d;
	free(fill);

	/* reaching definitions */
	size_t bytes = (size_t)(g.n + 1) * wb.w * sizeof(uint64_t);
	uint64_t *gen = xcalloc(1, bytes), *kill = xcalloc(1, bytes), *out = xcalloc(1, bytes);
	wb.in = xcalloc(1, bytes);
	for (int b = 0, d = 0; b < g.n; b++) {
		uint64_t *gb = gen + (size_t)b * wb.w, *kb = kill + (size_t)b * wb.w;
		for (int i = g.first[b]; i < g.end[b]; i++) {
			if (d >= wb.nd || wb.def_insn[d] != i)
				continue;
			int v = wb.def_vreg[d];
			kill_vreg(&wb, gb, v);
			for (int k = wb.vstart[v]; k < wb.vstart[v + 1]; k++)
				kb[wb.vlist[k] / 64] |= 1ull << (wb.vlist[k] % 64);
			gb[d / 64] |= 1ull << (d % 64);
			d++;
		}
	}
	for (bool changed = true; changed;) {
		changed = false;
		for (int b = 0; b < g.n; b++) {
			uint64_t *ib = wb.in + (size_t)b * wb.w, *ob = out + (size_t)b * wb.w;
			for (int j = 0; j < wb.w; j++) {
				uint64_t o = gen[(size_t)b * wb.w + j] | (ib[j] & ~kill[(size_t)b * wb.w + j]);
				if (o != ob[j]) {
					ob[j] = o;
					changed = true;
				}
			}
			for (int k = 0; k < 2; k++) {
				int sb = g.succ[2 * b + k];
				if (sb < 0)
					continue;
				for (int j = 0; j < wb.w; j++) {
					uint64_t x = wb.in[(size_t)sb * wb.w + j] | ob[j];
					if (x != wb.in[(size_t)sb * wb.w + j]) {
						wb.in[(size_t)sb * wb.w + j] = x;
						changed = true;
					}
				}
			}
		}
	}
	free(gen);
	free(kill);
	free(out);

	for (int b = 0; b < g.n; b++)
		webs_walk(cg, &g, &wb, b, NULL);
	/* The web of a vreg's first definition keeps its number; the others get new vregs. */
	int *web_vreg = xmalloc(wb.nd * sizeof(int));
	bool *kept = xcalloc(nv + 1, sizeof(bool));
	for (int d = 0; d < wb.nd; d++)
		web_vreg[d] = -1;
	for (int d = 0; d < wb.nd; d++) {
		int root = uf_find(wb.parent, d), v = wb.def_vreg[d];
		if (web_vreg[root] >= 0)
			continue;
		if (!kept[v]) {
			kept[v] = true;
			web_vreg[root] = v;
		} else {
			web_vreg[root] = cg_vreg_new(cg, cg->v.data[v].tiny);
		}
	}
	for (int b = 0; b < g.n; b++)
		webs_walk(cg, &g, &wb, b, web_vreg);
	free(web_vreg);
	free(kept);
	free(wb.def_insn);
	free(wb.def_vreg);
	free(wb.vstart);
	free(wb.vlist);
	free(wb.parent);
	free(wb.in);
	cfg_free(&g);
}

/* ---- liveness ---- */

struct live {
	int words;
	uint64_t *in, *out;  /* per block, `words` each */
};

static inline bool bs_has(const uint64_t *s, int i) { return s[i / 64] >> (i % 64) & 1; }
static inline void bs_set(uint64_t *s, int i) { s[i / 64] |= 1ull << (i % 64); }
static inline void bs_clear(uint64_t *s, int i) { s[i / 64] &= ~(1ull << (i % 64)); }

static void live_compute(struct cg *cg, const struct cfg *g, struct live *lv)
{
	int w = ((int)cg->v.len + 63) / 64;
	size_t bytes = (size_t)(g->n + 1) * w * sizeof(uint64_t);
	uint64_t *use = xcalloc(1, bytes), *def = xcalloc(1, bytes);
	struct ir_val *uses[IR_MAX_ARGS + 2];

	lv->words = w;
	lv->in = xcalloc(1, bytes);
	lv->out = xcalloc(1, bytes);
	for (int b = 0; b < g->n; b++) {
		uint64_t *u = use + b * w, *d = def + b * w;
		for (int i = g->first[b]; i < g->end[b]; i++) {
			struct ir_insn *in = &cg->code.data[i].in;
			int nu = cg_uses(in, uses);
			for (int k = 0; k < nu; k++) {
				if (!bs_has(d, uses[k]->n))
					bs_set(u, uses[k]->n);
			}
			struct ir_val *dv = cg_def(in);
			if (dv)
				bs_set(d, dv->n);
		}
	}
	for (bool changed = true; changed;) {
		changed = false;
		for (int b = g->n - 1; b >= 0; b--) {
			uint64_t *in = lv->in + b * w, *out = lv->out + b * w;
			for (int k = 0; k < 2; k++) {
				int s = g->succ[2 * b + k];
				if (s < 0)
					continue;
				for (int j = 0; j < w; j++)
					out[j] |= lv->in[s * w + j];
			}
			for (int j = 0; j < w; j++) {
				uint64_t v = use[b * w + j] | (out[j] & ~def[b * w + j]);
				if (v != in[j]) {
					in[j] = v;
					changed = true;
				}
			}
		}
	}
	free(use);
	free(def);
}

static void live_free(struct live *lv)
{
	free(lv->in);
	free(lv->out);
}

/* Deletes pure instructions whose result is dead; returns whether it did. */
static bool dce(struct cg *cg, const struct cfg *g, const struct live *lv)
{
	uint64_t *live = xmalloc(lv->words * sizeof(uint64_t) + 8);
	struct ir_val *uses[IR_MAX_ARGS + 2];
	bool changed = false;

	for (int b = 0; b < g->n; b++) {
		memcpy(live, lv->out + b * lv->words, lv->words * sizeof(uint64_t));
		for (int i = g->end[b] - 1; i >= g->first[b]; i--) {
			struct cg_insn *ci = &cg->code.data[i];
			struct ir_val *d = cg_def(&ci->in);

			if (d && !bs_has(live, d->n)) {
				if (is_pure(&ci->in)) {
					ci->kind = CG_DELETED;
					changed = true;
					continue;
				}
				if (ci->in.op == IR_CALL)
					ci->in.d = ir_none();
				d = NULL;
			}
			if (d)
				bs_clear(live, d->n);
			int nu = cg_uses(&ci->in, uses);
			for (int k = 0; k < nu; k++)
				bs_set(live, uses[k]->n);
		}
	}
	free(live);
	return changed;
}

/* ---- intervals and hints ---- */

static void extend(struct cg_vreg *v, int pos)
{
	if (pos < v->start)
		v->start = pos;
	if (pos > v->end)
		v->end = pos;
}

static void build_intervals(struct cg *cg, const struct cfg *g, const struct live *lv)
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
		for (int v = 0; v < nv; v++) {
			if (bs_has(lv->in + b * lv->words, v))
				extend(&cg->v.data[v], 2 * g->first[b]);
			if (bs_has(lv->out + b * lv->words, v))
				extend(&cg->v.data[v], 2 * g->end[b]);
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
		} else if (ci->in.op == IR_LABEL || ends_block(ci->in.op)) {
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
		struct cfg g;
		struct live lv;

		for (;;) {
			cfg_build(cg, &g);
			live_compute(cg, &g, &lv);
			if (!dce(cg, &g, &lv))
				break;
			cg_compact(cg);
			live_free(&lv);
			cfg_free(&g);
			/* Deleted code may leave jumps to jumps or to returns. */
			cg_cleanup_cfg(cg);
		}
		/* Only the context may be live at entry: anything else is read before it is set. */
		int undefined = -1;
		if (g.n > 0) {
			for (int v = 1; v < (int)cg->v.len && undefined < 0; v++) {
				if (bs_has(lv.in, v))
					undefined = v;
			}
		}
		if (undefined >= 0 || round > (int)cg->v.len + 2) {
			if (undefined >= 0)
				diag_error(&cg->loc0, "internal error: %s: v%d is used before it is set",
					   cg->f->name ? cg->f->name : "?", undefined);
			else
				diag_error(&cg->loc0, "internal error: register allocation does not converge");
			live_free(&lv);
			cfg_free(&g);
			return -EINVAL;
		}
		build_intervals(cg, &g, &lv);
		build_hints(cg);
		live_free(&lv);
		cfg_free(&g);

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
			drop_dead_spill_stores(cg);
			return 0;
		}
		spill_rewrite(cg, s.spills.data, s.spills.len);
		vec_free(&s.spills);
	}
}

/* ---- frame ---- */

#define BPF_STACK_LIMIT 512

static void mark_slot(const struct ir_val *v, bool *used, size_t nslots)
{
	if (v->kind == V_SLOT && v->n >= 0 && (size_t)v->n < nslots)
		used[v->n] = true;
}

static bool touches_slot(const struct ir_insn *in, const bool *bad, size_t nslots)
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

int cg_frame_layout(struct cg *cg)
{
	size_t ns = cg->slots.len;
	bool *used = xcalloc(ns + 1, sizeof(bool)), *bad = xcalloc(ns + 1, sizeof(bool));
	uint64_t cur = 0;

	for (size_t i = 0; i < cg->code.len; i++) {
		struct ir_insn *in = &cg->code.data[i].in;
		mark_slot(&in->a, used, ns);
		mark_slot(&in->b, used, ns);
		for (int k = 0; in->op == IR_CALL && k < in->nargs; k++)
			mark_slot(&in->args[k], used, ns);
	}
	for (size_t i = 0; i < ns; i++) {
		struct ir_slot *s = &cg->slots.data[i];
		uint64_t align = s->align ? s->align : 8;
		s->offset = 0;
		if (!used[i])
			continue;
		cur = ALIGN_UP(cur + s->size, align);
		if (cur > BPF_STACK_LIMIT)
			bad[i] = true;
		else
			s->offset = -(int32_t)cur;
	}
	cur = ALIGN_UP(cur, 8);
	for (size_t i = 0; i < cg->nfslots; i++)
		cg->f->slots.data[i].offset = cg->slots.data[i].offset;
	cg->stack_size = cur > UINT32_MAX ? UINT32_MAX : (uint32_t)cur;
	cg->f->stack_size = cg->stack_size;

	int err = 0;
	if (cur > BPF_STACK_LIMIT) {
		const struct loc *loc = &cg->loc0;
		for (size_t i = 0; i < cg->f->insns.len; i++) {
			if (touches_slot(&cg->f->insns.data[i], bad, cg->nfslots)) {
				loc = &cg->f->insns.data[i].loc;
				break;
			}
		}
		diag_error(loc, "this probe needs %llu bytes of stack, more than BPF's limit of %d",
			   (unsigned long long)cur, BPF_STACK_LIMIT);
		diag_note("strings, tuples, map keys and printf arguments live on the stack: use fewer or "
			  "smaller ones here, e.g. shorter strings with config = { max_strlen = 32 }");
		err = -E2BIG;
	}
	free(used);
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

/* Debugging aid: the machine IR with registers. */
void cg_debug_dump(struct cg *cg, const char *stage)
{
	struct ir_func tmp = { .name = stage, .nvregs = (int)cg->v.len };

	for (size_t i = 0; i < cg->code.len; i++)
		vec_push(&tmp.insns, cg->code.data[i].in);
	ir_dump(stderr, &tmp);
	vec_free(&tmp.insns);
	for (size_t v = 0; v < cg->v.len; v++) {
		struct cg_vreg *r = &cg->v.data[v];
		if (r->start <= r->end)
			fprintf(stderr, "  v%zu: r%d [%d,%d]%s%s hints d%d u%d v%d v%d c%d\n", v, r->reg, r->start, r->end,
				r->crosses ? " crosses" : "", r->tiny ? " tiny" : "", r->hint_def, r->hint_use,
				r->hint_v, r->hint_v2, r->chain);
	}
}
