/*
 * lower_formap.c: for ($kv : @m) { body } and for ($i : a..b) { body }.
 *
 * BPF has one way to visit a map's elements from a program:
 * bpf_for_each_map_elem(map, callback, ctx, 0) (Linux 5.13), which calls a
 * subprogram once per element with pointers to its key and value and to ctx,
 * until the callback returns 1. The body becomes that callback. It runs in a
 * frame of its own, so the probe's variables travel through ctx, a block of
 * the caller's stack: the caller stores them there before the call and
 * reloads them after; the callback loads them on entry and stores them back
 * on every way out. The callback's prologue (added when the program is
 * linked, lower_link_callbacks) copies the element's key and value into ctx
 * too, so that the body reads plain stack memory.
 *
 *   ctx: [variables, 8-byte aligned] [probe's context] [key: key_size] [value: value_size]
 *
 * The probe's context pointer travels too, so that the body reads arguments,
 * registers and stacks as the probe's own code does (the verifier keeps a
 * pointer's type through a spill to the caller's stack).
 *
 * Ranges run the same way through bpf_loop (Linux 5.17), as bpftrace runs
 * them: the verifier then checks the body once, whatever the bounds, which
 * may come from maps or arguments.
 *
 *   ctx: [variables] [probe's context] [start] [index]
 */
#include "lower.h"
#include "bpf_insn.h"

#include <bpf/btf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

struct ctx_layout {
	bool *used;             /* per variable: the body names it, so it travels through ctx */
	uint32_t *var_off;      /* per used variable */
	uint32_t *home_off;     /* per used integer whose address is taken: 1 + where its home's address is */
	uint32_t pctx_off;      /* the probe's context pointer */
	uint32_t key_off, value_off; /* for over a map: the element */
	uint32_t lo_off, index_off;  /* for over a range: its start, and bpf_loop's index */
	uint32_t size;
};

static uint32_t var_bytes(const struct type *t)
{
	return lower_is_mem(t) ? ALIGN_UP(t->size ? t->size : 1, 8) : 8;
}

/* Marks the variables a subtree names, nested loops' included. */
static void mark_vars(const struct node *n, bool *used)
{
	for (; n; n = n->next) {
		if (n->var_id >= 0)
			used[n->var_id] = true;
		const struct node *kids[] = { n->lhs, n->rhs, n->operand, n->cond, n->then, n->els, n->body, n->args };
		for (size_t i = 0; i < sizeof(kids) / sizeof(kids[0]); i++)
			if (kids[i])
				mark_vars(kids[i], used);
	}
}

static void used_of_loop(const struct node *loop, bool *used)
{
	used[loop->var_id] = true;
	mark_vars(loop->body, used);
}

void lower_mark_crossing(const struct node *n, bool *crossed)
{
	for (; n; n = n->next) {
		if (n->kind == N_FOR)
			used_of_loop(n, crossed);
		const struct node *kids[] = { n->lhs, n->rhs, n->operand, n->cond, n->then, n->els, n->body, n->args };
		for (size_t i = 0; i < sizeof(kids) / sizeof(kids[0]); i++)
			if (kids[i])
				lower_mark_crossing(kids[i], crossed);
	}
}

/*
 * Only the variables the loop names cross into its callback: each one costs
 * stack in both frames, and the verifier caps the frames' sum at 512 bytes.
 * m is NULL for a range.
 */
static void layout_ctx(struct lower *L, struct node *loop, const struct map_desc *m, struct ctx_layout *c)
{
	uint32_t off = 0;

	c->used = xcalloc(L->ps->nvars + 1, sizeof(*c->used));
	c->var_off = xcalloc(L->ps->nvars + 1, sizeof(*c->var_off));
	c->home_off = xcalloc(L->ps->nvars + 1, sizeof(*c->home_off));
	used_of_loop(loop, c->used);
	for (int i = 0; i < L->ps->nvars; i++) {
		if (!c->used[i])
			continue;
		c->var_off[i] = off;
		off += var_bytes(L->ps->vars[i].type);
		/* the body's assignments reach the slot '&' pointed to before the loop */
		if (L->ps->vars[i].addr_taken && !lower_is_mem(L->ps->vars[i].type)) {
			c->home_off[i] = off + 1;
			off += 8;
		}
	}
	c->pctx_off = off;
	off += 8;
	c->key_off = c->value_off = c->lo_off = c->index_off = off;
	if (m) {
		c->value_off = off + m->key_size;
		c->size = c->value_off + m->value_size;
	} else {
		c->index_off = off + 8;
		c->size = off + 16;
	}
}

/* Variables to ctx (base: the slot in the caller, ctx's register in the callback). */
static void store_vars(struct lower *L, const struct ctx_layout *c, struct ir_val base)
{
	for (int i = 0; i < L->ps->nvars; i++) {
		if (!c->used[i])
			continue;
		const struct type *t = L->ps->vars[i].type;
		int32_t off = c->var_off[i] + (base.kind == V_SLOT ? (int32_t)base.imm : 0);
		struct ir_val at = base.kind == V_SLOT ? ir_slotv(base.n, 0) : base;
		if (c->home_off[i] && base.kind == V_SLOT) {
			/* the frame that owns ctx says where the variable's home is (it never changes) */
			int h = ir_vreg(L->f);
			if (L->home_reg && L->home_reg[i] > 0)
				ir_mov(L->f, h, ir_reg(L->home_reg[i]));
			else
				ir_mov(L->f, h, ir_slotv(L->var_slot[i], 0));
			ir_store(L->f, 8, at, (int32_t)c->home_off[i] - 1 + (int32_t)base.imm, ir_reg(h));
		}
		if (!lower_is_mem(t) && t->kind == TY_PTR && t->is_local && base.kind != V_SLOT) {
			/*
			 * a pointer to the stack may not be stored into the caller's
			 * frame: its bytes go there as a number, copied by a helper
			 */
			int tmp = lower_tmp_slot(L, 8);
			ir_store(L->f, 8, ir_slotv(tmp, 0), 0, ir_reg(L->var_reg[i]));
			int dst = ir_vreg(L->f);
			ir_mov(L->f, dst, at);
			ir_alu(L->f, ALU_ADD, dst, ir_reg(dst), ir_imm(off));
			struct ir_val args[3] = { ir_reg(dst), ir_imm(8), ir_slotv(tmp, 0) };
			ir_call(L->f, -1, BPF_FUNC_probe_read_kernel, 3, args);
			continue;
		}
		if (!lower_is_mem(t)) {
			ir_store(L->f, 8, at, off, ir_reg(L->var_reg[i]));
			continue;
		}
		/* stores through a pointer to the caller's stack go a word at a time */
		int tmp = ir_vreg(L->f);
		for (uint32_t k = 0; k < var_bytes(t); k += 8) {
			ir_load(L->f, 8, tmp, ir_slotv(L->var_slot[i], 0), k);
			ir_store(L->f, 8, at, off + k, ir_reg(tmp));
		}
	}
}

static void load_vars(struct lower *L, const struct ctx_layout *c, struct ir_val base)
{
	for (int i = 0; i < L->ps->nvars; i++) {
		if (!c->used[i])
			continue;
		const struct type *t = L->ps->vars[i].type;
		int32_t off = c->var_off[i] + (base.kind == V_SLOT ? (int32_t)base.imm : 0);
		struct ir_val at = base.kind == V_SLOT ? ir_slotv(base.n, 0) : base;
		if (c->home_off[i] && base.kind != V_SLOT)
			ir_load(L->f, 8, L->home_reg[i], at, (int32_t)c->home_off[i] - 1);
		if (!lower_is_mem(t)) {
			ir_load(L->f, 8, L->var_reg[i], at, off);
			/* back in the caller after the loop: the variable's home gets the value too */
			if (base.kind == V_SLOT)
				lower_var_sync(L, i);
		} else
			lower_copy(L, L->var_slot[i], 0, at, off, var_bytes(t));
	}
}

/* $kv = (key, value) from the element the prologue copied into ctx. */
static void map_element(struct lower *C, struct node *n, const struct map_desc *m, const struct ctx_layout *c)
{
	struct ir_val ctx = ir_reg(0);
	const struct type *kv = C->ps->vars[n->var_id].type;
	int kvslot = C->var_slot[n->var_id];

	if (kv->kind != TY_TUPLE || kv->nfields != 2)
		return;
	uint32_t ksize = ALIGN_UP(kv->fields[0].type->size, 8);
	lower_copy(C, kvslot, 0, ctx, c->key_off, ksize < m->key_size ? ksize : m->key_size);
	uint32_t voff = kv->fields[1].offset;
	if (m->agg == AGG_NONE) {
		uint32_t vsize = ALIGN_UP(kv->fields[1].type->size, 8);
		lower_copy(C, kvslot, voff, ctx, c->value_off, vsize < m->value_size ? vsize : m->value_size);
		return;
	}
	/* an aggregation: the element is this CPU's share; all CPUs' make the value */
	int key = ir_vreg(C->f);
	ir_mov(C->f, key, ctx);
	ir_alu(C->f, ALU_ADD, key, ir_reg(key), ir_imm(c->key_off));
	struct lval v = lower_agg_combine(C, m, ir_reg(key), kv->fields[1].type);
	ir_store(C->f, 8, ir_slotv(kvslot, 0), voff, ir_reg(v.reg));
}

/* The callback: variables in, the loop variable set, the body, variables out. */
static struct ir_func *build_callback(struct lower *L, struct node *n, const struct map_desc *m,
				      const struct ctx_layout *c)
{
	struct probe_sema *ps = L->ps;
	struct lower C = { .prog = L->prog, .ps = ps, .ap = L->ap, .callbacks = L->callbacks, .in_callback = true };
	struct ir_val ctx = ir_reg(0);   /* the callback's argument: the loop's block */

	C.f = ir_func_new(arena_printf("%s$for", L->f->name ? L->f->name : "probe"));
	C.f->cur_loc = n->loc;
	C.exit_label = ir_label(C.f);
	C.var_reg = xcalloc(ps->nvars + 1, sizeof(int));
	C.var_slot = xcalloc(ps->nvars + 1, sizeof(int));
	C.home_reg = xcalloc(ps->nvars + 1, sizeof(int));
	for (int i = 0; i < ps->nvars; i++) {
		const struct type *t = ps->vars[i].type;
		if (c->home_off[i])
			C.home_reg[i] = ir_vreg(C.f);
		if (!c->used[i])
			continue;
		if (lower_is_mem(t)) {
			C.var_slot[i] = ir_slot(C.f, var_bytes(t), 8);
		} else {
			C.var_reg[i] = ir_vreg(C.f);
			/* a variable declared in the body keeps its home here */
			if (!c->home_off[i])
				lower_var_home(&C, i);
		}
	}
	load_vars(&C, c, ctx);
	/* the probe's context, which the body's reads of arguments use (lower_ctx) */
	C.ctx_reg = ir_vreg(C.f);
	ir_load(C.f, 8, C.ctx_reg, ctx, c->pctx_off);
	for (int i = 0; i < 6; i++)
		C.sys_arg[i] = -1;
	if (m) {
		map_element(&C, n, m, c);
	} else {
		/* $i = start + bpf_loop's index */
		int r = C.var_reg[n->var_id], idx = ir_vreg(C.f);
		ir_load(C.f, 8, r, ctx, c->lo_off);
		ir_load(C.f, 8, idx, ctx, c->index_off);
		ir_alu(C.f, ALU_ADD, r, ir_reg(r), ir_reg(idx));
		lower_var_sync(&C, n->var_id);
	}
	lower_release_slots(&C);

	struct loop_labels ll = { ir_label(C.f), ir_label(C.f) };
	lower_loop_body(&C, n->body, ll);
	ir_place(C.f, ll.cont);
	store_vars(&C, c, ctx);
	ir_ret(C.f, ir_imm(0));
	ir_place(C.f, ll.brk);
	store_vars(&C, c, ctx);
	ir_ret(C.f, ir_imm(1));
	ir_place(C.f, C.exit_label);
	ir_ret(C.f, ir_imm(1));

	vec_free(&C.pool);
	vec_free(&C.loops);
	free(C.var_reg);
	free(C.var_slot);
	free(C.home_reg);
	return C.f;
}

/* The callback is made and numbered; the caller passes it as ir_mapv(LOWER_CALLBACK_REF + index). */
static int add_callback(struct lower *L, struct node *n, const struct map_desc *m, const struct ctx_layout *c)
{
	/* the index is taken first: loops in the body add their callbacks while it is built */
	int idx = L->callbacks->len;
	struct prog_callback cb = { .key_off = c->key_off, .value_off = c->value_off, .is_loop = !m,
				    .index_off = c->index_off, .loc = n->loc };
	if (m) {
		cb.key_size = m->key_size;
		cb.value_size = m->value_size;
	}
	vec_push(L->callbacks, cb);
	struct ir_func *body = build_callback(L, n, m, c);
	L->callbacks->data[idx].ir = body;
	L->f->cur_loc = n->loc;
	return idx;
}

void lower_for_map(struct lower *L, struct node *n)
{
	const struct map_desc *m = &L->prog->maps[n->rhs->map_id];
	struct ctx_layout c;

	if (!L->callbacks)
		return;
	layout_ctx(L, n, m, &c);
	int ctx = lower_tmp_slot(L, c.size);
	store_vars(L, &c, ir_slotv(ctx, 0));
	ir_store(L->f, 8, ir_slotv(ctx, 0), c.pctx_off, lower_ctx(L));
	int idx = add_callback(L, n, m, &c);
	struct ir_val args[4] = { ir_mapv(m->id), ir_mapv(LOWER_CALLBACK_REF + idx), ir_slotv(ctx, 0), ir_imm(0) };
	ir_call(L->f, -1, BPF_FUNC_for_each_map_elem, 4, args);
	load_vars(L, &c, ir_slotv(ctx, 0));
	free(c.var_off);
	free(c.home_off);
	free(c.used);
}

/*
 * How many elements the map holds: bpf_for_each_map_elem returns how many
 * it visited, and a callback that always goes on visits them all.
 */
struct lval lower_map_len(struct lower *L, int map_id, struct type *t)
{
	int r = ir_vreg(L->f);

	if (!L->callbacks) {
		ir_mov(L->f, r, ir_imm(0));
		return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
	}
	int ctx = lower_tmp_slot(L, 8);
	ir_store(L->f, 8, ir_slotv(ctx, 0), 0, ir_imm(0));
	struct prog_callback cb = { .loc = L->f->cur_loc };
	cb.ir = ir_func_new(arena_printf("%s$len", L->f->name ? L->f->name : "probe"));
	cb.ir->cur_loc = cb.loc;
	ir_ret(cb.ir, ir_imm(0));
	int idx = L->callbacks->len;
	vec_push(L->callbacks, cb);
	struct ir_val args[4] = { ir_mapv(map_id), ir_mapv(LOWER_CALLBACK_REF + idx), ir_slotv(ctx, 0), ir_imm(0) };
	ir_call(L->f, r, BPF_FUNC_for_each_map_elem, 4, args);
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

/* bpf_loop runs at most this many iterations (BPF_MAX_LOOPS) */
#define MAX_LOOPS (1 << 23)

void lower_for_range(struct lower *L, struct node *n)
{
	struct ctx_layout c;

	if (!L->callbacks)
		return;
	struct ir_val lov = lower_operand(L, n->args);
	struct ir_val hi = lower_operand(L, n->args->next);
	/*
	 * A range known to be empty (5..5, 1..0) makes no loop: the verifier,
	 * seeing bpf_loop called for 0 iterations, drops the callback as dead
	 * code and then fails to JIT the program.
	 */
	if (lov.kind == V_IMM && hi.kind == V_IMM && hi.imm <= lov.imm)
		return;
	layout_ctx(L, n, NULL, &c);
	int ctx = lower_tmp_slot(L, c.size);
	int lo = ir_vreg(L->f);
	ir_mov(L->f, lo, lov);
	int count = ir_vreg(L->f), none = ir_label(L->f), capped = ir_label(L->f);
	/* hi - lo iterations when hi > lo (signed), none otherwise */
	ir_mov(L->f, count, hi);
	ir_alu(L->f, ALU_SUB, count, ir_reg(count), ir_reg(lo));
	ir_br(L->f, COND_SGT, ir_reg(count), ir_imm(0), none);
	ir_mov(L->f, count, ir_imm(0));
	ir_place(L->f, none);
	ir_br(L->f, COND_LE, ir_reg(count), ir_imm(MAX_LOOPS), capped);
	ir_mov(L->f, count, ir_imm(MAX_LOOPS));
	ir_place(L->f, capped);
	if (lov.kind != V_IMM || hi.kind != V_IMM) {
		/*
		 * Bounds the verifier still tracks as constants ($z = 5; 5..$z)
		 * must not show it a count of 0 (see above): or in bit 63 of
		 * the boot clock, 0 for the next few centuries.
		 */
		int t = ir_vreg(L->f);
		ir_call(L->f, t, BPF_FUNC_ktime_get_ns, 0, NULL);
		ir_alu(L->f, ALU_RSH, t, ir_reg(t), ir_imm(63));
		ir_alu(L->f, ALU_OR, count, ir_reg(count), ir_reg(t));
	}
	ir_store(L->f, 8, ir_slotv(ctx, 0), c.lo_off, ir_reg(lo));
	store_vars(L, &c, ir_slotv(ctx, 0));
	ir_store(L->f, 8, ir_slotv(ctx, 0), c.pctx_off, lower_ctx(L));
	int idx = add_callback(L, n, NULL, &c);
	struct ir_val args[4] = { ir_reg(count), ir_mapv(LOWER_CALLBACK_REF + idx), ir_slotv(ctx, 0), ir_imm(0) };
	ir_call(L->f, -1, BPF_FUNC_loop, 4, args);
	load_vars(L, &c, ir_slotv(ctx, 0));
	free(c.var_off);
	free(c.home_off);
	free(c.used);
}

/* ---- linking ---- */

/*
 * for_each_map_elem's callback (map, key, value, ctx): key and value into ctx
 * (R4), a word at a time. bpf_loop's (index, ctx): the index into ctx (R2).
 * Then R1 = ctx for the callback's code.
 */
static uint32_t prologue(const struct prog_callback *cb, struct bpf_insn *out)
{
	uint32_t n = 0;

	if (cb->is_loop) {
		if (out) {
			out[0] = bpf_stx_mem(BPF_DW, BPF_REG_2, BPF_REG_1, cb->index_off);
			out[1] = bpf_mov64_reg(BPF_REG_1, BPF_REG_2);
		}
		return 2;
	}

	for (uint32_t k = 0; k < cb->key_size; k += 8) {
		if (out) {
			out[n] = bpf_ldx_mem(BPF_DW, BPF_REG_0, BPF_REG_2, k);
			out[n + 1] = bpf_stx_mem(BPF_DW, BPF_REG_4, BPF_REG_0, cb->key_off + k);
		}
		n += 2;
	}
	for (uint32_t k = 0; k < cb->value_size; k += 8) {
		if (out) {
			out[n] = bpf_ldx_mem(BPF_DW, BPF_REG_0, BPF_REG_3, k);
			out[n + 1] = bpf_stx_mem(BPF_DW, BPF_REG_4, BPF_REG_0, cb->value_off + k);
		}
		n += 2;
	}
	if (out)
		out[n] = bpf_mov64_reg(BPF_REG_1, BPF_REG_4);
	return n + 1;
}

/* The callbacks code refers to (still as map ids from LOWER_CALLBACK_REF). */
static void mark_refs(const struct bpf_insn *insns, uint32_t n, int ncallbacks, bool *used)
{
	for (uint32_t i = 0; i + 1 < n; i++) {
		if (!bpf_is_ld_imm64(&insns[i]))
			continue;
		int64_t id = insns[i].imm;
		if (insns[i].src_reg == BPF_PSEUDO_MAP_FD && id >= LOWER_CALLBACK_REF &&
		    id < LOWER_CALLBACK_REF + ncallbacks)
			used[id - LOWER_CALLBACK_REF] = true;
		i++;
	}
}

static void free_callbacks(struct prog_desc *d)
{
	for (int i = 0; i < d->ncallbacks; i++)
		ir_func_free(d->callbacks[i].ir);
	free(d->callbacks);
	d->callbacks = NULL;
	d->ncallbacks = 0;
}

int lower_link_callbacks(struct prog_desc *d)
{
	int n = d->ncallbacks, err = 0;

	if (!n)
		return 0;
	struct bpf_insn **code = xcalloc(n, sizeof(*code));
	struct loc **locs = xcalloc(n, sizeof(*locs));
	uint32_t *len = xcalloc(n, sizeof(*len)), *start = xcalloc(n, sizeof(*start));
	uint32_t total = d->ninsns;

	for (int i = 0; i < n && !err; i++)
		err = ir_codegen(d->callbacks[i].ir, &code[i], &len[i], &locs[i]);
	/*
	 * Only callbacks some code still calls: a loop the optimizer dropped
	 * (behind a predicate that is always false) leaves code the verifier
	 * would call unreachable. Callers come before their callbacks.
	 */
	bool *used = xcalloc(n, sizeof(*used));
	mark_refs(d->insns, d->ninsns, n, used);
	for (int i = 0; i < n && !err; i++)
		if (used[i])
			mark_refs(code[i], len[i], n, used);
	for (int i = 0; i < n && !err; i++) {
		start[i] = total;
		if (used[i])
			total += prologue(&d->callbacks[i], NULL) + len[i];
	}
	if (!err) {
		struct bpf_insn *all = xcalloc(total, sizeof(*all));
		struct loc *all_locs = xcalloc(total, sizeof(*all_locs));
		memcpy(all, d->insns, d->ninsns * sizeof(*all));
		if (d->insn_locs)
			memcpy(all_locs, d->insn_locs, d->ninsns * sizeof(*all_locs));
		for (int i = 0; i < n; i++) {
			if (!used[i])
				continue;
			uint32_t at = start[i], p = prologue(&d->callbacks[i], all + at);
			for (uint32_t k = 0; k < p; k++)
				all_locs[at + k] = d->callbacks[i].loc;
			memcpy(all + at + p, code[i], len[i] * sizeof(*all));
			if (locs[i])
				memcpy(all_locs + at + p, locs[i], len[i] * sizeof(*all_locs));
		}
		/* the callbacks' addresses: relative to the instruction after the ld_imm64 */
		for (uint32_t i = 0; i + 1 < total; i++) {
			if (!bpf_is_ld_imm64(&all[i]))
				continue;
			int64_t id = all[i].imm;
			if (all[i].src_reg == BPF_PSEUDO_MAP_FD && id >= LOWER_CALLBACK_REF && id < LOWER_CALLBACK_REF + n) {
				all[i].src_reg = BPF_PSEUDO_FUNC;
				all[i].imm = (int32_t)start[id - LOWER_CALLBACK_REF] - (int32_t)(i + 1);
			}
			i++;
		}
		free(d->insns);
		free(d->insn_locs);
		d->insns = all;
		d->insn_locs = all_locs;
		d->ninsns = total;
	}
	for (int i = 0; i < n; i++) {
		free(code[i]);
		free(locs[i]);
	}
	free(code);
	free(locs);
	free(len);
	free(start);
	free(used);
	free_callbacks(d);
	return err;
}

/* ---- BTF for the loader ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

int prog_func_btf(const struct prog_desc *d, struct prog_func_btf *out)
{
	uint32_t *starts = NULL, n = 0;

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	for (uint32_t i = 0; i + 1 < d->ninsns; i++) {
		if (!bpf_is_ld_imm64(&d->insns[i]))
			continue;
		if (d->insns[i].src_reg == BPF_PSEUDO_FUNC) {
			int64_t t = (int64_t)i + 1 + d->insns[i].imm;
			if (t > 0 && t < d->ninsns) {
				starts = xrealloc(starts, sizeof(*starts) * (n + 1));
				starts[n++] = t;
			}
		}
		i++;
	}
	if (!n)
		return 0;
	qsort(starts, n, sizeof(*starts), cmp_u32);
	/* int f(long, long, long, long), static: one type does for the program and every callback */
	struct btf *btf = btf__new_empty();
	int err = btf ? 0 : -errno;
	int ty_long = err ? err : btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	int proto = ty_long < 0 ? ty_long : btf__add_func_proto(btf, ty_long);
	for (int k = 0; proto > 0 && k < 4; k++)
		if (btf__add_func_param(btf, arena_printf("a%d", k), ty_long) < 0)
			proto = -EINVAL;
	int fmain = proto < 0 ? proto : btf__add_func(btf, "sonde_prog", BTF_FUNC_STATIC, proto);
	int fcb = fmain < 0 ? fmain : btf__add_func(btf, "sonde_callback", BTF_FUNC_STATIC, proto);
	if (fcb < 0 || btf__load_into_kernel(btf) < 0) {
		err = fcb < 0 ? fcb : -errno;
		btf__free(btf);
		free(starts);
		return err ? err : -EINVAL;
	}
	out->btf = btf;
	out->fd = btf__fd(btf);
	out->info = xcalloc(n + 1, sizeof(*out->info));
	out->info[0] = (struct bpf_func_info){ .insn_off = 0, .type_id = fmain };
	uint32_t m = 1;
	for (uint32_t k = 0; k < n; k++)
		if (starts[k] != out->info[m - 1].insn_off)
			out->info[m++] = (struct bpf_func_info){ .insn_off = starts[k], .type_id = fcb };
	out->ninfo = m;
	free(starts);
	return 1;
}

void prog_func_btf_free(struct prog_func_btf *f)
{
	if (f->btf)
		btf__free(f->btf);
	free(f->info);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}
