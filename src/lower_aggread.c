/*
 * lower_aggread.c: an aggregation's value read in an expression
 * (`if (@calls > 5)`, `$mean = @lat[pid]`). Aggregations live in per-CPU maps;
 * the program combines the key's value on every possible CPU with
 * bpf_map_lookup_percpu_elem (Linux 5.19), as bpftrace does: counts and sums
 * add up, min and max take the CPUs that have a value, avg divides the summed
 * totals by the summed counts.
 */
#include "lower.h"

#include <bpf/libbpf.h>
#include <linux/bpf.h>

bool lower_agg_readable(struct lower *L, const struct node *mapn)
{
	const struct map_desc *m = &L->prog->maps[mapn->map_id];

	switch (m->agg) {
	case AGG_COUNT: case AGG_SUM: case AGG_MIN: case AGG_MAX: case AGG_AVG:
		return true;
	default:
		return false;
	}
}

/* The key of @m[k...] in a fresh slot, laid out as the map's key (see sema_prog.c). */
static int agg_key(struct lower *L, const struct map_desc *m, struct node *mapn)
{
	int slot = lower_tmp_slot(L, m->key_size);

	if (!mapn->args) {
		ir_store(L->f, 8, ir_slotv(slot, 0), 0, ir_imm(0));
		return slot;
	}
	if (m->key->kind == TY_TUPLE && mapn->args->next) {
		int i = 0;
		for (struct node *k = mapn->args; k && i < m->key->nfields; k = k->next, i++) {
			const struct field *fl = &m->key->fields[i];
			lower_into_type(L, k, slot, fl->offset, fl->type);
		}
	} else {
		lower_into_type(L, mapn->args, slot, 0, m->key);
	}
	return slot;
}

static int possible_cpus(void)
{
	static int n;

	if (!n) {
		n = libbpf_num_possible_cpus();
		if (n < 1)
			n = 1;
	}
	return n;
}

struct lval lower_agg_read(struct lower *L, struct node *mapn)
{
	const struct map_desc *m = &L->prog->maps[mapn->map_id];
	int key = agg_key(L, m, mapn);

	return lower_agg_combine(L, m, ir_slotv(key, 0), mapn->type);
}

struct lval lower_agg_combine(struct lower *L, const struct map_desc *m, struct ir_val key, struct type *t)
{
	struct ir_func *f = L->f;
	int acc = ir_vreg(f), cnt = ir_vreg(f), cpu = ir_vreg(f), p = ir_vreg(f), v = ir_vreg(f);
	int top = ir_label(f), next = ir_label(f), done = ir_label(f);
	bool is_signed = m->value && m->value->kind == TY_INT ? m->value->is_signed : true;

	ir_mov(f, acc, ir_imm(0));
	ir_mov(f, cnt, ir_imm(0));
	ir_mov(f, cpu, ir_imm(0));
	ir_place(f, top);
	ir_br(f, COND_GE, ir_reg(cpu), ir_imm(possible_cpus()), done);
	struct ir_val args[3] = { ir_mapv(m->id), key, ir_reg(cpu) };
	ir_call(f, p, BPF_FUNC_map_lookup_percpu_elem, 3, args);
	ir_br(f, COND_EQ, ir_reg(p), ir_imm(0), next);
	switch (m->agg) {
	case AGG_COUNT:
	case AGG_SUM:
		ir_load(f, 8, v, ir_reg(p), 0);
		ir_alu(f, ALU_ADD, acc, ir_reg(acc), ir_reg(v));
		break;
	case AGG_AVG:
		ir_load(f, 8, v, ir_reg(p), offsetof(struct agg_avg, total));
		ir_alu(f, ALU_ADD, acc, ir_reg(acc), ir_reg(v));
		ir_load(f, 8, v, ir_reg(p), offsetof(struct agg_avg, count));
		ir_alu(f, ALU_ADD, cnt, ir_reg(cnt), ir_reg(v));
		break;
	default: {
		/* min, max: CPUs that never saw a value have set == 0 */
		int take = ir_label(f);
		ir_load(f, 8, v, ir_reg(p), offsetof(struct agg_minmax, set));
		ir_br(f, COND_EQ, ir_reg(v), ir_imm(0), next);
		ir_load(f, 8, v, ir_reg(p), offsetof(struct agg_minmax, value));
		ir_br(f, COND_EQ, ir_reg(cnt), ir_imm(0), take);
		enum ir_cond keep = m->agg == AGG_MIN ? (is_signed ? COND_SGE : COND_GE)
						      : (is_signed ? COND_SLE : COND_LE);
		ir_br(f, keep, ir_reg(v), ir_reg(acc), next);
		ir_place(f, take);
		ir_mov(f, acc, ir_reg(v));
		ir_mov(f, cnt, ir_imm(1));
		break;
	}
	}
	ir_place(f, next);
	ir_alu(f, ALU_ADD, cpu, ir_reg(cpu), ir_imm(1));
	ir_jmp(f, top);
	ir_place(f, done);
	if (m->agg == AGG_AVG) {
		int zero = ir_label(f);
		ir_br(f, COND_EQ, ir_reg(cnt), ir_imm(0), zero);
		ir_alu(f, is_signed ? ALU_SDIV : ALU_DIV, acc, ir_reg(acc), ir_reg(cnt));
		ir_place(f, zero);
	}
	return (struct lval){ .kind = LV_REG, .reg = acc, .type = t };
}
