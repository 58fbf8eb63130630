/*
 * cg_flow.c: the back end's view of control and data flow over machine IR
 * (see codegen.h): basic blocks, control flow cleanup (jump threading,
 * branch inversion, unreachable code), webs (one vreg per independent value),
 * liveness and dead code elimination.
 */
#include "codegen.h"

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

bool cg_ends_block(enum ir_op op)
{
	return op == IR_JMP || op == IR_BR || op == IR_RET;
}

void cg_cfg_build(struct cg *cg, struct cg_cfg *g)
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
			if (cg_ends_block(prev))
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

void cg_cfg_free(struct cg_cfg *g)
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

/*
 * Jumps to a jump go straight to its target. A jump to a return of a
 * register returns (the register is r0 after allocation, mostly: one exit
 * for one jump); a return of a constant is two instructions (r0 = value;
 * exit), so a jump to it stays a jump rather than grow the program.
 */
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
			if (j < cg->code.len && cg->code.data[j].in.op == IR_RET && cg->code.data[j].in.a.kind == V_REG) {
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
	struct cg_cfg g;
	bool changed = false;

	cg_cfg_build(cg, &g);
	if (g.n == 0) {
		cg_cfg_free(&g);
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
	cg_cfg_free(&g);
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
static void webs_walk(struct cg *cg, const struct cg_cfg *g, struct webs *wb, int b, const int *web_vreg)
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
	struct cg_cfg g;
	struct webs wb = { 0 };
	int n = (int)cg->code.len, nv = (int)cg->v.len;

	for (int i = 0; i < n; i++) {
		if (cg_def(&cg->code.data[i].in))
			wb.nd++;
	}
	if (wb.nd == 0)
		return;
	cg_cfg_build(cg, &g);
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
	cg_cfg_free(&g);
}

/* ---- liveness ---- */

static inline void bs_set(uint64_t *s, int i) { s[i / 64] |= 1ull << (i % 64); }
static inline void bs_clear(uint64_t *s, int i) { s[i / 64] &= ~(1ull << (i % 64)); }

void cg_live_compute(struct cg *cg, const struct cg_cfg *g, struct cg_live *lv)
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
				if (!cg_bit_test(d, uses[k]->n))
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

void cg_live_free(struct cg_live *lv)
{
	free(lv->in);
	free(lv->out);
}

bool cg_dce(struct cg *cg, const struct cg_cfg *g, const struct cg_live *lv)
{
	uint64_t *live = xmalloc(lv->words * sizeof(uint64_t) + 8);
	struct ir_val *uses[IR_MAX_ARGS + 2];
	bool changed = false;

	for (int b = 0; b < g->n; b++) {
		memcpy(live, lv->out + b * lv->words, lv->words * sizeof(uint64_t));
		for (int i = g->end[b] - 1; i >= g->first[b]; i--) {
			struct cg_insn *ci = &cg->code.data[i];
			struct ir_val *d = cg_def(&ci->in);

			if (d && !cg_bit_test(live, d->n)) {
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

void cg_debug_dump(struct cg *cg, const char *stage)
{
	struct ir_func tmp = { .name = stage, .nvregs = (int)cg->v.len };

	for (size_t i = 0; i < cg->code.len; i++)
		vec_push(&tmp.insns, cg->code.data[i].in);
	ir_dump(stderr, &tmp);
	vec_free(&tmp.insns);
	for (size_t v = 0; v < cg->v.len; v++) {
		const struct cg_vreg *r = &cg->v.data[v];
		if (r->start > r->end)
			continue;
		fprintf(stderr, "  v%zu: r%d [%d,%d]%s%s hints def %d use %d v%d v%d base v%d chain v%d\n",
			v, r->reg, r->start, r->end, r->crosses ? " crosses" : "", r->tiny ? " tiny" : "",
			r->hint_def, r->hint_use, r->hint_v, r->hint_v2, r->hint_base, r->chain);
	}
}
