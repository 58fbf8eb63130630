/*
 * lower_formap.c: for ($kv : @m) { body }.
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
 *   ctx: [variables, 8-byte aligned] [key: key_size] [value: value_size]
 */
#include "lower.h"
#include "bpf_insn.h"

#include <bpf/btf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

struct ctx_layout {
	uint32_t *var_off;      /* per variable */
	uint32_t key_off, value_off, size;
};

static uint32_t var_bytes(const struct type *t)
{
	return lower_is_mem(t) ? ALIGN_UP(t->size ? t->size : 1, 8) : 8;
}

static void layout_ctx(struct lower *L, const struct map_desc *m, struct ctx_layout *c)
{
	uint32_t off = 0;

	c->var_off = xcalloc(L->ps->nvars + 1, sizeof(*c->var_off));
	for (int i = 0; i < L->ps->nvars; i++) {
		c->var_off[i] = off;
		off += var_bytes(L->ps->vars[i].type);
	}
	c->key_off = off;
	c->value_off = off + m->key_size;
	c->size = c->value_off + m->value_size;
}

/* Variables to ctx (base: the slot in the caller, ctx's register in the callback). */
static void store_vars(struct lower *L, const struct ctx_layout *c, struct ir_val base)
{
	for (int i = 0; i < L->ps->nvars; i++) {
		const struct type *t = L->ps->vars[i].type;
		int32_t off = c->var_off[i] + (base.kind == V_SLOT ? (int32_t)base.imm : 0);
		struct ir_val at = base.kind == V_SLOT ? ir_slotv(base.n, 0) : base;
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
		const struct type *t = L->ps->vars[i].type;
		int32_t off = c->var_off[i] + (base.kind == V_SLOT ? (int32_t)base.imm : 0);
		struct ir_val at = base.kind == V_SLOT ? ir_slotv(base.n, 0) : base;
		if (!lower_is_mem(t))
			ir_load(L->f, 8, L->var_reg[i], at, off);
		else
			lower_copy(L, L->var_slot[i], 0, at, off, var_bytes(t));
	}
}

/* The callback: variables in, $kv built, the body, variables out. */
static struct ir_func *build_callback(struct lower *L, struct node *n, const struct map_desc *m,
				      const struct ctx_layout *c)
{
	struct probe_sema *ps = L->ps;
	struct lower C = { .prog = L->prog, .ps = ps, .ap = L->ap, .callbacks = L->callbacks };
	struct ir_val ctx = ir_reg(0);

	C.f = ir_func_new(arena_printf("%s$for", L->f->name ? L->f->name : "probe"));
	C.f->cur_loc = n->loc;
	C.exit_label = ir_label(C.f);
	C.var_reg = xcalloc(ps->nvars + 1, sizeof(int));
	C.var_slot = xcalloc(ps->nvars + 1, sizeof(int));
	for (int i = 0; i < ps->nvars; i++) {
		const struct type *t = ps->vars[i].type;
		if (lower_is_mem(t))
			C.var_slot[i] = ir_slot(C.f, var_bytes(t), 8);
		else
			C.var_reg[i] = ir_vreg(C.f);
	}
	load_vars(&C, c, ctx);

	/* $kv = (key, value) */
	const struct type *kv = ps->vars[n->var_id].type;
	int kvslot = C.var_slot[n->var_id];
	if (kv->kind == TY_TUPLE && kv->nfields == 2) {
		uint32_t ksize = ALIGN_UP(kv->fields[0].type->size, 8);
		lower_copy(&C, kvslot, 0, ctx, c->key_off, ksize < m->key_size ? ksize : m->key_size);
		uint32_t voff = kv->fields[1].offset;
		if (m->agg == AGG_NONE) {
			uint32_t vsize = ALIGN_UP(kv->fields[1].type->size, 8);
			lower_copy(&C, kvslot, voff, ctx, c->value_off, vsize < m->value_size ? vsize : m->value_size);
		} else {
			/* an aggregation: the element is this CPU's share; all CPUs' make the value */
			int key = ir_vreg(C.f);
			ir_mov(C.f, key, ctx);
			ir_alu(C.f, ALU_ADD, key, ir_reg(key), ir_imm(c->key_off));
			struct lval v = lower_agg_combine(&C, m, ir_reg(key), kv->fields[1].type);
			ir_store(C.f, 8, ir_slotv(kvslot, 0), voff, ir_reg(v.reg));
		}
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
	return C.f;
}

void lower_for_map(struct lower *L, struct node *n)
{
	const struct map_desc *m = &L->prog->maps[n->rhs->map_id];
	struct ctx_layout c;

	if (!L->callbacks)
		return;
	layout_ctx(L, m, &c);
	int ctx = lower_tmp_slot(L, c.size);
	store_vars(L, &c, ir_slotv(ctx, 0));

	/* the index is taken first: loops in the body add their callbacks while it is built */
	int idx = L->callbacks->len;
	struct prog_callback cb = { .key_off = c.key_off, .key_size = m->key_size, .value_off = c.value_off,
				    .value_size = m->value_size, .loc = n->loc };
	vec_push(L->callbacks, cb);
	struct ir_func *body = build_callback(L, n, m, &c);
	L->callbacks->data[idx].ir = body;

	struct ir_val args[4] = { ir_mapv(m->id), ir_mapv(LOWER_CALLBACK_REF + idx), ir_slotv(ctx, 0), ir_imm(0) };
	L->f->cur_loc = n->loc;
	ir_call(L->f, -1, BPF_FUNC_for_each_map_elem, 4, args);
	load_vars(L, &c, ir_slotv(ctx, 0));
	free(c.var_off);
}

/* ---- linking ---- */

/* key and value into ctx (R4), a word at a time; then R1 = ctx for the callback's code. */
static uint32_t prologue(const struct prog_callback *cb, struct bpf_insn *out)
{
	uint32_t n = 0;

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

	for (int i = 0; i < n && !err; i++) {
		err = ir_codegen(d->callbacks[i].ir, &code[i], &len[i], &locs[i]);
		start[i] = total;
		total += prologue(&d->callbacks[i], NULL) + len[i];
	}
	if (!err) {
		struct bpf_insn *all = xcalloc(total, sizeof(*all));
		struct loc *all_locs = xcalloc(total, sizeof(*all_locs));
		memcpy(all, d->insns, d->ninsns * sizeof(*all));
		if (d->insn_locs)
			memcpy(all_locs, d->insn_locs, d->ninsns * sizeof(*all_locs));
		for (int i = 0; i < n; i++) {
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
