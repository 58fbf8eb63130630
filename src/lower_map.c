/*
 * lower_map.c: map reads and writes, aggregations, and the calls that send
 * events to user space.
 *
 * Aggregations live in per-CPU hash maps: the common path is one lookup and
 * an update in place through the returned pointer (no other CPU touches that
 * value); a missing key is inserted with its first value. An insert into a
 * full map fails; the program does not check: user space counts the keys of
 * hash maps and warns when one is full (events.c), so updates carry no
 * extra code. Declared maps (hash(N)) are the exception (prog.h).
 */
#include "lower.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

static const struct map_desc *map_of(struct lower *L, const struct node *mapn)
{
	return &L->prog->maps[mapn->map_id];
}

/* Builds the key of @m[k...] in a fresh slot; leaves room for a hist bucket at the end. */
static int build_key(struct lower *L, const struct map_desc *m, struct node *mapn)
{
	int slot = lower_tmp_slot(L, m->key_size);
	if (!mapn->args) {
		/* a hist's bucket fills its unkeyed key later */
		if (m->user_key_size == 0 && m->key_size == 8 && m->agg != AGG_HIST && m->agg != AGG_LHIST)
			ir_store(L->f, 8, ir_slotv(slot, 0), 0, ir_imm(0));
		return slot;
	}
	if (m->key->kind == TY_TUPLE && mapn->args->next) {
		/* several keys: each part at its 8-byte aligned place */
		int i = 0;
		for (struct node *k = mapn->args; k; k = k->next, i++) {
			const struct field *fl = &m->key->fields[i];
			lower_into_type(L, k, slot, fl->offset, fl->type);
		}
	} else {
		lower_into_type(L, mapn->args, slot, 0, m->key);
	}
	return slot;
}

/* A cold path: one atomic add to the counter through its address, no lookup. */
void lower_count_loss(struct lower *L, int counter)
{
	int p = ir_vreg(L->f), one = ir_vreg(L->f);
	ir_mov(L->f, p, ir_mapval(L->prog->counters_map, 8 * counter));
	ir_mov(L->f, one, ir_imm(1));
	ir_xadd(L->f, 8, ir_reg(p), 0, ir_reg(one));
}

static void send_helper_error(struct lower *L, int helper, struct ir_val ret);

static int lookup(struct lower *L, const struct map_desc *m, int key)
{
	int p = ir_vreg(L->f);
	struct ir_val args[2] = { ir_mapv(m->id), ir_slotv(key, 0) };
	ir_call(L->f, p, BPF_FUNC_map_lookup_elem, 2, args);
	return p;
}

/* val: the address of the value (a slot, or a constant in the counters map) */
static void update_from(struct lower *L, const struct map_desc *m, int key, struct ir_val val, int flags)
{
	struct ir_val args[4] = { ir_mapv(m->id), ir_slotv(key, 0), val, ir_imm(flags) };

	if (!m->declared) {
		lower_checked_call(L, BPF_FUNC_map_update_elem, 4, args);
		return;
	}
	/* a declared map: a failed insert is counted (prog.h) */
	int r = ir_vreg(L->f), ok = ir_label(L->f);
	ir_call(L->f, r, BPF_FUNC_map_update_elem, 4, args);
	ir_br(L->f, COND_SGE, ir_reg(r), ir_imm(0), ok);
	lower_count_loss(L, COUNTER_MAP_FULL(m->id));
	ir_place(L->f, ok);
}

static void update(struct lower *L, const struct map_desc *m, int key, int val, int flags)
{
	update_from(L, m, key, ir_slotv(val, 0), flags);
}

int lower_map_lookup(struct lower *L, struct node *mapn)
{
	const struct map_desc *m = map_of(L, mapn);
	return lookup(L, m, build_key(L, m, mapn));
}

struct lval lower_map_read(struct lower *L, struct node *n)
{
	const struct map_desc *m = map_of(L, n);
	int key = build_key(L, m, n);
	int p = lookup(L, m, key);
	int missing = ir_label(L->f), done = ir_label(L->f);

	if (lower_is_mem(m->value)) {
		int slot = lower_tmp_slot(L, m->value_size);
		ir_br(L->f, COND_EQ, ir_reg(p), ir_imm(0), missing);
		lower_copy(L, slot, 0, ir_reg(p), 0, m->value_size);
		ir_jmp(L->f, done);
		ir_place(L->f, missing);
		lower_zero(L, slot, 0, m->value_size);
		ir_place(L->f, done);
		return (struct lval){ .kind = LV_MEM, .slot = slot, .type = m->value };
	}
	int r = ir_vreg(L->f);
	ir_mov(L->f, r, ir_imm(0));
	if (L->prog->warn_helper_errors) {
		/* -k: a missing key is read as 0, and said, as bpftrace's -k says it */
		int found = ir_label(L->f);
		ir_br(L->f, COND_NE, ir_reg(p), ir_imm(0), found);
		send_helper_error(L, BPF_FUNC_map_lookup_elem, ir_imm(0));
		ir_jmp(L->f, done);
		ir_place(L->f, found);
	} else {
		ir_br(L->f, COND_EQ, ir_reg(p), ir_imm(0), done);
	}
	ir_load(L->f, 8, r, ir_reg(p), 0);
	ir_place(L->f, done);
	(void)missing;
	return (struct lval){ .kind = LV_REG, .reg = r, .type = m->value };
}

static bool rhs_signed(const struct node *n)
{
	const struct type *t = n->type;
	return !(t->kind == TY_PTR || (t->kind == TY_INT && t->size == 8 && !t->is_signed));
}

static enum ir_alu compound_alu(enum binop op, bool s)
{
	switch (op) {
	case BIN_SUB: return ALU_SUB;
	case BIN_MUL: return ALU_MUL;
	case BIN_DIV: return s ? ALU_SDIV : ALU_DIV;
	case BIN_MOD: return s ? ALU_SMOD : ALU_MOD;
	case BIN_AND: return ALU_AND;
	case BIN_OR: return ALU_OR;
	case BIN_XOR: return ALU_XOR;
	case BIN_SHL: return ALU_LSH;
	case BIN_SHR: return s ? ALU_ARSH : ALU_RSH;
	default: return ALU_ADD;
	}
}

/*
 * @m[k] op= v on a plain integer map: update in place (atomically for + and -,
 * since plain maps are shared by all CPUs), or insert `0 op v` when missing.
 */
static void map_rmw(struct lower *L, const struct map_desc *m, int key, enum binop op, struct ir_val v,
		    bool is_signed, int result)
{
	int missing = ir_label(L->f), done = ir_label(L->f);
	int p = lookup(L, m, key);
	ir_br(L->f, COND_EQ, ir_reg(p), ir_imm(0), missing);
	if ((op == BIN_ADD || op == BIN_SUB) && result < 0) {
		struct ir_val d = v;
		if (d.kind == V_IMM) {
			int t = ir_vreg(L->f);
			ir_mov(L->f, t, ir_imm(op == BIN_SUB ? (int64_t)(0 - (uint64_t)d.imm) : d.imm));
			d = ir_reg(t);
		} else if (op == BIN_SUB) {
			int t = ir_vreg(L->f);
			ir_alu(L->f, ALU_NEG, t, d, ir_none());
			d = ir_reg(t);
		}
		ir_xadd(L->f, 8, ir_reg(p), 0, d);
	} else {
		int x = ir_vreg(L->f);
		ir_load(L->f, 8, x, ir_reg(p), 0);
		ir_alu(L->f, compound_alu(op, is_signed), x, ir_reg(x), v);
		ir_store(L->f, 8, ir_reg(p), 0, ir_reg(x));
		if (result >= 0)
			ir_mov(L->f, result, ir_reg(x));
	}
	ir_jmp(L->f, done);
	ir_place(L->f, missing);
	int val = lower_tmp_slot(L, 8);
	int x = ir_vreg(L->f);
	ir_mov(L->f, x, ir_imm(0));
	ir_alu(L->f, compound_alu(op, is_signed), x, ir_reg(x), v);
	ir_store(L->f, 8, ir_slotv(val, 0), 0, ir_reg(x));
	if (result >= 0)
		ir_mov(L->f, result, ir_reg(x));
	update(L, m, key, val, BPF_ANY);
	ir_place(L->f, done);
}

void lower_map_assign(struct lower *L, struct node *n)
{
	struct node *lhs = n->lhs;
	const struct map_desc *m = map_of(L, lhs);

	if (n->rhs->kind == N_CALL && n->op == BIN_NONE && m->agg != AGG_NONE) {
		lower_map_agg(L, lhs, n->rhs);
		return;
	}
	int key = build_key(L, m, lhs);
	if (n->op != BIN_NONE) {
		struct ir_val v = lower_operand(L, n->rhs);
		if (n->aux > 0)
			v = lower_scale(L, v, n->aux);   /* a pointer value steps by its pointee's size */
		map_rmw(L, m, key, n->op, v, m->value->is_signed && rhs_signed(n->rhs), -1);
		return;
	}
	int val = lower_tmp_slot(L, m->value_size);
	lower_into_type(L, n->rhs, val, 0, m->value);
	update(L, m, key, val, BPF_ANY);
}

struct lval lower_map_incdec(struct lower *L, struct node *n, bool value_used)
{
	struct node *o = n->operand;
	const struct map_desc *m = map_of(L, o);
	int key = build_key(L, m, o);
	int result = value_used ? ir_vreg(L->f) : -1;
	map_rmw(L, m, key, n->is_inc ? BIN_ADD : BIN_SUB, ir_imm(n->aux > 0 ? n->aux : 1), true, result);
	if (!value_used)
		return (struct lval){ .kind = LV_IMM, .type = n->type };
	if (n->is_post)
		ir_alu(L->f, n->is_inc ? ALU_SUB : ALU_ADD, result, ir_reg(result), ir_imm(1));
	return (struct lval){ .kind = LV_REG, .reg = result, .type = n->type };
}

/* hist(): the bucket index of v (see prog.h), computed without loops. */
static int hist_index(struct lower *L, int v, int k, const struct type *vt)
{
	struct ir_func *f = L->f;
	int idx = ir_vreg(f), done = ir_label(f), big = ir_label(f);
	int64_t mask = (1 << k) - 1;
	/* what the value's type rules out needs no code: negatives, high bits */
	bool can_be_negative = !(vt->kind == TY_INT && !vt->is_signed) && vt->kind != TY_BOOL && vt->kind != TY_PTR;
	bool narrow = (vt->kind == TY_INT || vt->kind == TY_BOOL) && vt->size <= 4 && !vt->is_signed;

	if (can_be_negative) {
		ir_mov(f, idx, ir_imm(0));
		ir_br(f, COND_SLT, ir_reg(v), ir_imm(0), done);
	}
	ir_br(f, COND_GT, ir_reg(v), ir_imm(mask), big);
	/* v <= mask: bucket v + 1 (k = 0: v is 0) */
	if (k == 0)
		ir_mov(f, idx, ir_imm(1));
	else
		ir_alu(f, ALU_ADD, idx, ir_reg(v), ir_imm(1));
	ir_jmp(f, done);
	ir_place(f, big);
	/*
	 * l = floor(log2(v)) by binary search over the bit positions. With k = 0
	 * the index is l + 2: l counts from 2 in idx itself.
	 */
	int t = ir_vreg(f), u = ir_vreg(f), l = k == 0 ? idx : ir_vreg(f);
	ir_mov(f, t, ir_reg(v));
	ir_mov(f, l, ir_imm(k == 0 ? 2 : 0));
	for (int s = narrow ? 16 : 32; s >= 1; s >>= 1) {
		int skip = ir_label(f);
		if (s < 31) {
			/* 1 << s fits an immediate: compare, then shift in place */
			ir_br(f, COND_LT, ir_reg(t), ir_imm((int64_t)1 << s), skip);
			ir_alu(f, ALU_RSH, t, ir_reg(t), ir_imm(s));
		} else {
			ir_alu(f, ALU_RSH, u, ir_reg(t), ir_imm(s));
			ir_br(f, COND_EQ, ir_reg(u), ir_imm(0), skip);
			ir_mov(f, t, ir_reg(u));
		}
		ir_alu(f, ALU_ADD, l, ir_reg(l), ir_imm(s));
		ir_place(f, skip);
	}
	if (k != 0) {
		/* ((l - k + 1) << k) + ((v >> (l - k)) & mask) + 1 */
		ir_alu(f, ALU_SUB, l, ir_reg(l), ir_imm(k));
		ir_alu(f, ALU_RSH, u, ir_reg(v), ir_reg(l));
		ir_alu(f, ALU_AND, u, ir_reg(u), ir_imm(mask));
		ir_alu(f, ALU_ADD, l, ir_reg(l), ir_imm(1));
		ir_alu(f, ALU_LSH, idx, ir_reg(l), ir_imm(k));
		ir_alu(f, ALU_ADD, idx, ir_reg(idx), ir_reg(u));
		ir_alu(f, ALU_ADD, idx, ir_reg(idx), ir_imm(1));
	}
	ir_place(f, done);
	return idx;
}

static int lhist_index(struct lower *L, const struct map_desc *m, int v)
{
	struct ir_func *f = L->f;
	int idx = ir_vreg(f), done = ir_label(f), in = ir_label(f);
	int64_t top = (m->lhist_max - m->lhist_min) / m->lhist_step + 1;

	ir_mov(f, idx, ir_imm(0));
	ir_br(f, COND_SLT, ir_reg(v), ir_imm(m->lhist_min), done);
	ir_mov(f, idx, ir_imm(top));
	ir_br(f, COND_SGE, ir_reg(v), ir_imm(m->lhist_max), done);
	ir_place(f, in);
	ir_alu(f, ALU_SUB, idx, ir_reg(v), ir_imm(m->lhist_min));
	ir_alu(f, ALU_DIV, idx, ir_reg(idx), ir_imm(m->lhist_step));
	ir_alu(f, ALU_ADD, idx, ir_reg(idx), ir_imm(1));
	ir_place(f, done);
	return idx;
}

/* The in-place update of an aggregation value at pointer p with the new value v. */
static void agg_apply(struct lower *L, const struct map_desc *m, int p, struct ir_val v)
{
	struct ir_func *f = L->f;
	int x = ir_vreg(f);

	switch (m->agg) {
	case AGG_COUNT:
	case AGG_HIST:
	case AGG_LHIST:
	case AGG_SUM:
		/*
		 * No other CPU writes this value, so a plain load, add and store
		 * would do; the atomic add is one instruction instead of three.
		 */
		if (m->agg != AGG_SUM || v.kind == V_IMM) {
			ir_mov(f, x, m->agg == AGG_SUM ? v : ir_imm(1));
			v = ir_reg(x);
		}
		ir_xadd(f, 8, ir_reg(p), 0, v);
		break;
	case AGG_AVG:
	case AGG_STATS:
		ir_load(f, 8, x, ir_reg(p), 0);
		ir_alu(f, ALU_ADD, x, ir_reg(x), v);
		ir_store(f, 8, ir_reg(p), 0, ir_reg(x));
		ir_load(f, 8, x, ir_reg(p), 8);
		ir_alu(f, ALU_ADD, x, ir_reg(x), ir_imm(1));
		ir_store(f, 8, ir_reg(p), 8, ir_reg(x));
		break;
	case AGG_MIN:
	case AGG_MAX: {
		int set = ir_label(f), done = ir_label(f);
		ir_load(f, 8, x, ir_reg(p), 8);
		ir_br(f, COND_EQ, ir_reg(x), ir_imm(0), set);
		ir_load(f, 8, x, ir_reg(p), 0);
		/* keep the current value unless v beats it */
		ir_br(f, m->agg == AGG_MIN ? COND_SLE : COND_SGE, ir_reg(x), v, done);
		ir_place(f, set);
		ir_store(f, 8, ir_reg(p), 0, v);
		ir_store(f, 8, ir_reg(p), 8, ir_imm(1));
		ir_place(f, done);
		break;
	}
	default:
		break;
	}
}

/* The first value of a new sum, avg, stats, min or max entry, in slot val (count, hist: CONST_ONE). */
static void agg_init(struct lower *L, const struct map_desc *m, int val, struct ir_val v)
{
	struct ir_func *f = L->f;
	switch (m->agg) {
	case AGG_SUM:
		ir_store(f, 8, ir_slotv(val, 0), 0, v);
		break;
	case AGG_AVG:
	case AGG_STATS:
	case AGG_MIN:
	case AGG_MAX:
		ir_store(f, 8, ir_slotv(val, 0), 0, v);
		ir_store(f, 8, ir_slotv(val, 0), 8, ir_imm(1));
		break;
	default:
		break;
	}
}

/*
 * tseries(): the bucket of the current interval in this CPU's ring of key's
 * value (prog.h). A new key is inserted as zeros from MAP_ZERO, not from the
 * stack: a ring of many intervals does not fit there.
 */
static void tseries_update(struct lower *L, const struct map_desc *m, int key, struct ir_val v)
{
	struct ir_func *f = L->f;
	int have = ir_label(f), done = ir_label(f), reset = ir_label(f);
	int p = lookup(L, m, key);

	ir_br(f, COND_NE, ir_reg(p), ir_imm(0), have);
	struct ir_val args[4] = { ir_mapv(m->id), ir_slotv(key, 0), ir_mapval(L->prog->zero_map, 0), ir_imm(BPF_ANY) };
	if (m->declared) {
		int r = ir_vreg(f), ok = ir_label(f);
		ir_call(f, r, BPF_FUNC_map_update_elem, 4, args);
		ir_br(f, COND_SGE, ir_reg(r), ir_imm(0), ok);
		lower_count_loss(L, COUNTER_MAP_FULL(m->id));
		ir_place(f, ok);
	} else {
		lower_checked_call(L, BPF_FUNC_map_update_elem, 4, args);
	}
	int p2 = lookup(L, m, key);
	ir_mov(f, p, ir_reg(p2));
	ir_br(f, COND_EQ, ir_reg(p), ir_imm(0), done);
	ir_place(f, have);

	int t = ir_vreg(f), epoch = ir_vreg(f), idx = ir_vreg(f), q = ir_vreg(f), x = ir_vreg(f);
	ir_call(f, t, BPF_FUNC_ktime_get_tai_ns, 0, NULL);
	ir_alu(f, ALU_DIV, epoch, ir_reg(t), ir_imm((int64_t)m->ts_interval_ns));
	ir_alu(f, ALU_MOD, idx, ir_reg(epoch), ir_imm(m->ts_intervals));
	/* never taken: tells the verifier the slot lies inside the value */
	ir_br(f, COND_GE, ir_reg(idx), ir_imm(m->ts_intervals), done);
	ir_alu(f, ALU_MUL, idx, ir_reg(idx), ir_imm(sizeof(struct agg_tseries_bucket)));
	ir_alu(f, ALU_ADD, q, ir_reg(p), ir_reg(idx));
	ir_load(f, 8, x, ir_reg(q), offsetof(struct agg_tseries_bucket, epoch));
	ir_br(f, COND_NE, ir_reg(x), ir_reg(epoch), reset);
	switch (m->ts_agg) {
	case TS_LAST:
		ir_store(f, 8, ir_reg(q), offsetof(struct agg_tseries_bucket, value), v);
		ir_store(f, 8, ir_reg(q), offsetof(struct agg_tseries_bucket, meta), ir_reg(t));
		break;
	case TS_AVG:
	case TS_SUM:
		ir_load(f, 8, x, ir_reg(q), offsetof(struct agg_tseries_bucket, value));
		ir_alu(f, ALU_ADD, x, ir_reg(x), v);
		ir_store(f, 8, ir_reg(q), offsetof(struct agg_tseries_bucket, value), ir_reg(x));
		if (m->ts_agg == TS_AVG) {
			ir_load(f, 8, x, ir_reg(q), offsetof(struct agg_tseries_bucket, meta));
			ir_alu(f, ALU_ADD, x, ir_reg(x), ir_imm(1));
			ir_store(f, 8, ir_reg(q), offsetof(struct agg_tseries_bucket, meta), ir_reg(x));
		}
		break;
	case TS_MIN:
	case TS_MAX:
		/* keep the current value unless v beats it */
		ir_load(f, 8, x, ir_reg(q), offsetof(struct agg_tseries_bucket, value));
		ir_br(f, m->ts_agg == TS_MIN ? COND_SLE : COND_SGE, ir_reg(x), v, done);
		ir_store(f, 8, ir_reg(q), offsetof(struct agg_tseries_bucket, value), v);
		break;
	}
	ir_jmp(f, done);
	/* a new interval, or a lap of the ring later: this value starts it */
	ir_place(f, reset);
	ir_store(f, 8, ir_reg(q), offsetof(struct agg_tseries_bucket, epoch), ir_reg(epoch));
	ir_store(f, 8, ir_reg(q), offsetof(struct agg_tseries_bucket, value), v);
	ir_store(f, 8, ir_reg(q), offsetof(struct agg_tseries_bucket, meta),
		 m->ts_agg == TS_LAST ? ir_reg(t) : ir_imm(m->ts_agg == TS_AVG ? 1 : 0));
	ir_place(f, done);
}

void lower_map_agg(struct lower *L, struct node *mapn, struct node *call)
{
	const struct map_desc *m = map_of(L, mapn);
	struct ir_func *f = L->f;
	struct ir_val v = ir_imm(0);

	if (call->args)
		v = lower_operand(L, call->args);
	/* min/max compare in registers */
	if (v.kind == V_IMM && (m->agg == AGG_MIN || m->agg == AGG_MAX || m->agg == AGG_HIST || m->agg == AGG_LHIST ||
				m->agg == AGG_TSERIES)) {
		int r = ir_vreg(f);
		ir_mov(f, r, v);
		v = ir_reg(r);
	}
	int key = build_key(L, m, mapn);
	if (m->agg == AGG_TSERIES) {
		tseries_update(L, m, key, v);
		return;
	}
	if (m->agg == AGG_HIST || m->agg == AGG_LHIST) {
		int idx = m->agg == AGG_HIST ? hist_index(L, v.n, m->hist_bits, call->args->type)
					     : lhist_index(L, m, v.n);
		ir_store(f, 8, ir_slotv(key, 0), m->user_key_size, ir_reg(idx));
	}
	int missing = ir_label(f), done = ir_label(f);
	int p = lookup(L, m, key);
	ir_br(f, COND_EQ, ir_reg(p), ir_imm(0), missing);
	agg_apply(L, m, p, v);
	ir_jmp(f, done);
	ir_place(f, missing);
	/*
	 * An update from a program writes only this CPU's value of a per-CPU
	 * map: if another CPU inserted the key meanwhile, our slot there is
	 * still zero, so BPF_ANY with the first value is right either way.
	 */
	if (m->agg == AGG_COUNT || m->agg == AGG_HIST || m->agg == AGG_LHIST) {
		update_from(L, m, key, ir_mapval(L->prog->counters_map, 8 * CONST_ONE), BPF_ANY);
	} else {
		int val = lower_tmp_slot(L, m->value_size);
		agg_init(L, m, val, v);
		update(L, m, key, val, BPF_ANY);
	}
	ir_place(f, done);
}

int lower_delete(struct lower *L, struct node *mapn)
{
	const struct map_desc *m = map_of(L, mapn);
	int key = build_key(L, m, mapn);
	int r = ir_vreg(L->f), done = ir_label(L->f);
	struct ir_val args[2] = { ir_mapv(m->id), ir_slotv(key, 0) };
	ir_call(L->f, r, BPF_FUNC_map_delete_elem, 2, args);
	/* the helper's 0 (deleted) becomes true, -ENOENT false */
	ir_br(L->f, COND_EQ, ir_reg(r), ir_imm(0), done);
	if (L->prog->warn_helper_errors)
		send_helper_error(L, BPF_FUNC_map_delete_elem, ir_reg(r));
	ir_mov(L->f, r, ir_imm(-1));
	ir_place(L->f, done);
	ir_alu(L->f, ALU_ADD, r, ir_reg(r), ir_imm(1));
	return r;
}

int lower_find(struct lower *L, struct node *call)
{
	struct node *read = call->rhs->rhs, *var = call->rhs->lhs;
	const struct map_desc *m = map_of(L, read);
	int p = lookup(L, m, build_key(L, m, read));
	int r = ir_vreg(L->f), done = ir_label(L->f);
	struct type *vt = L->ps->vars[var->var_id].type;

	ir_mov(L->f, r, ir_imm(0));
	ir_br(L->f, COND_EQ, ir_reg(p), ir_imm(0), done);
	if (lower_is_mem(vt)) {
		/* a string variable may be wider than the map's strings: the rest reads as NULs */
		uint32_t n = m->value_size < vt->size ? m->value_size : vt->size;
		int slot = L->var_slot[var->var_id];
		lower_copy(L, slot, 0, ir_reg(p), 0, n);
		if (n < vt->size)
			lower_zero(L, slot, n, vt->size - n);
	} else {
		int vr = L->var_reg[var->var_id];
		ir_load(L->f, 8, vr, ir_reg(p), 0);
		lower_wrap_int(L, vr, vt, m->value);
		lower_var_sync(L, var->var_id);
	}
	ir_mov(L->f, r, ir_imm(1));
	ir_place(L->f, done);
	return r;
}

/* Sends header + payload (already in slot) through the ring buffer, counting drops. */
static void send_event(struct lower *L, int slot, uint32_t size)
{
	int r = ir_vreg(L->f), ok = ir_label(L->f);
	struct ir_val args[4] = { ir_mapv(L->prog->ringbuf_map), ir_slotv(slot, 0), ir_imm(size), ir_imm(0) };
	ir_call(L->f, r, BPF_FUNC_ringbuf_output, 4, args);
	ir_br(L->f, COND_SGE, ir_reg(r), ir_imm(0), ok);
	lower_count_loss(L, COUNTER_RINGBUF_LOST);
	ir_place(L->f, ok);
}

static int event_slot(struct lower *L, enum event_kind kind, uint32_t id, uint32_t payload)
{
	int slot = lower_tmp_slot(L, sizeof(struct event_hdr) + payload);
	ir_store(L->f, 4, ir_slotv(slot, 0), 0, ir_imm(lower_event_kind(L, kind)));
	ir_store(L->f, 4, ir_slotv(slot, 0), 4, ir_imm(id));
	return slot;
}

static void send_fmt(struct lower *L, const struct fmt_desc *fd, struct node *args)
{
	int slot = event_slot(L, fd->kind, fd->id, fd->size);
	int i = 0;
	for (struct node *a = args; a; a = a->next, i++) {
		const struct fmt_arg *fa = &fd->args[i];
		lower_into_type(L, a, slot, sizeof(struct event_hdr) + fa->offset, fa->type);
	}
	send_event(L, slot, sizeof(struct event_hdr) + fd->size);
}

static const char *helper_name(int helper)
{
	switch (helper) {
	case BPF_FUNC_probe_read_user: return "probe_read_user";
	case BPF_FUNC_probe_read_kernel: return "probe_read_kernel";
	case BPF_FUNC_probe_read_user_str: return "probe_read_user_str";
	case BPF_FUNC_probe_read_kernel_str: return "probe_read_kernel_str";
	case BPF_FUNC_map_update_elem: return "map_update_elem";
	case BPF_FUNC_map_delete_elem: return "map_delete_elem";
	case BPF_FUNC_map_lookup_elem: return "map_lookup_elem";
	default: return "helper";
	}
}

/* -k: EV_HELPER_ERROR with the helper's result `ret`, from the expression being lowered */
static void send_helper_error(struct lower *L, int helper, struct ir_val ret)
{
	struct sonde_prog *p = L->prog;

	/* one site per call in the code: the arena holds the table, grown by doubling */
	if ((p->nhelper_sites & (p->nhelper_sites - 1)) == 0) {
		struct helper_site *t = arena_alloc(sizeof(*t) * (p->nhelper_sites ? 2 * p->nhelper_sites : 1));
		if (p->nhelper_sites)
			memcpy(t, p->helper_sites, sizeof(*t) * p->nhelper_sites);
		p->helper_sites = t;
	}
	p->helper_sites[p->nhelper_sites] = (struct helper_site){ .helper = helper_name(helper),
								  .loc = L->loc ? *L->loc : (struct loc){ 0 } };
	int slot = event_slot(L, EV_HELPER_ERROR, p->nhelper_sites++, sizeof(int64_t));
	ir_store(L->f, 8, ir_slotv(slot, 0), sizeof(struct event_hdr), ret);
	send_event(L, slot, sizeof(struct event_hdr) + sizeof(int64_t));
	/* sent: a loop of reads (join) shares one slot rather than taking one each */
	lower_free_slot(L, slot);
}

void lower_checked_call(struct lower *L, int helper, int n, struct ir_val *args)
{
	if (!L->prog->warn_helper_errors) {
		ir_call(L->f, -1, helper, n, args);
		return;
	}
	int r = ir_vreg(L->f), ok = ir_label(L->f);
	ir_call(L->f, r, helper, n, args);
	ir_br(L->f, COND_SGE, ir_reg(r), ir_imm(0), ok);
	send_helper_error(L, helper, ir_reg(r));
	ir_place(L->f, ok);
}

void lower_send_fmt_vals(struct lower *L, int fmt_id, const struct ir_val *vals)
{
	const struct fmt_desc *fd = &L->prog->fmts[fmt_id];
	int slot = event_slot(L, fd->kind, fd->id, fd->size);

	for (int i = 0; i < fd->nargs; i++)
		ir_store(L->f, fd->args[i].type->size, ir_slotv(slot, 0),
			 sizeof(struct event_hdr) + fd->args[i].offset, vals[i]);
	send_event(L, slot, sizeof(struct event_hdr) + fd->size);
	/* a cold path: the slot is free again for what follows */
	lower_free_slot(L, slot);
}

void lower_send_plain_fmt(struct lower *L, int fmt_id)
{
	send_fmt(L, &L->prog->fmts[fmt_id], NULL);
}

void lower_event_call(struct lower *L, struct node *n)
{
	struct sonde_prog *p = L->prog;
	int slot;

	switch (n->func) {
	case F_PRINTF:
	case F_ERRORF:
	case F_WARNF:
	case F_SYSTEM:
	case F_CAT:
		send_fmt(L, &p->fmts[n->aux], n->args->next);
		return;
	case F_JOIN:
		lower_join(L, n);
		return;
	case F_SIGNAL:
	case F_SIGNAL_THREAD: {
		struct ir_val a = lower_operand(L, n->args);
		ir_call(L->f, -1, n->func == F_SIGNAL ? BPF_FUNC_send_signal : BPF_FUNC_send_signal_thread, 1, &a);
		return;
	}
	case F_PRINT:
		if (n->aux >= 0) {
			send_fmt(L, &p->fmts[n->aux], n->args);
			return;
		}
		slot = event_slot(L, EV_PRINT_MAP, n->args->map_id, sizeof(struct ev_print_map));
		{
			struct node *top = n->args->next;
			struct node *div = top ? top->next : NULL;
			ir_store(L->f, 8, ir_slotv(slot, 0), 8, top ? lower_operand(L, top) : ir_imm(0));
			ir_store(L->f, 8, ir_slotv(slot, 0), 16, div ? lower_operand(L, div) : ir_imm(0));
		}
		send_event(L, slot, sizeof(struct event_hdr) + sizeof(struct ev_print_map));
		return;
	case F_TIME:
		send_event(L, event_slot(L, EV_TIME, n->aux, 0), sizeof(struct event_hdr));
		return;
	case F_UNWATCH:
		slot = event_slot(L, EV_UNWATCH, 0, sizeof(uint64_t));
		ir_store(L->f, 8, ir_slotv(slot, 0), sizeof(struct event_hdr), lower_operand(L, n->args));
		send_event(L, slot, sizeof(struct event_hdr) + sizeof(uint64_t));
		return;
	case F_EXIT:
		send_event(L, event_slot(L, EV_EXIT, n->aux, 0), sizeof(struct event_hdr));
		ir_ret(L->f, ir_imm(0));
		return;
	case F_CLEAR:
	case F_ZERO:
		send_event(L, event_slot(L, n->func == F_CLEAR ? EV_CLEAR : EV_ZERO, n->args->map_id, 0),
			   sizeof(struct event_hdr));
		return;
	case F_DELETE:
		(void)lower_delete(L, n->args);
		return;
	default:
		lower_stdlib_event(L, n);
		return;
	}
}
