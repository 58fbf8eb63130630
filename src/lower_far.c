/*
 * lower_far.c: big values in the per-CPU scratch map instead of the stack.
 *
 * BPF gives a program 512 bytes of stack; a string of max_strlen 1024 does
 * not fit, let alone a map key and a printf event holding copies of it.
 * With max_strlen of PROG_STACK_STRLEN or more (a tuple or key holding such
 * a string is larger), or a longer string[N] type (prog.h far_slots), every
 * slot of a function larger
 * than PROG_STACK_STRLEN bytes ("far") moves to the scratch map's value,
 * after the part join() builds its events in. The function looks the value
 * up once on entry and keeps the pointer in a vreg; a load or store on a
 * far slot takes that pointer as its base with the slot's offset folded
 * into the instruction's own, so it costs what a stack access costs, and an
 * address taken costs what R10 plus an offset costs. With max_strlen below
 * PROG_STACK_STRLEN and no longer string type nothing changes: the programs
 * stay as they were.
 *
 * A program and its callbacks (which run while it waits in bpf_loop or
 * bpf_for_each_map_elem) get disjoint areas; different programs share
 * theirs, as they share the join() area: BPF programs of one CPU do not
 * interrupt each other, except for NMI-time probes, which a program that
 * uses such big strings there would have to avoid anyway.
 *
 * A slot passed as bpf_loop's or bpf_for_each_map_elem's context must be
 * stack memory: it stays there (and too big, it gets the stack error).
 */
#include "lower.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

/* BPF instructions address with a signed 16-bit offset; a per-CPU value is at most 32 KiB. */
#define FAR_AREA_MAX 32760

struct far_func {
	struct ir_func *f;
	int32_t *off;       /* per slot: its offset in the scratch value, -1 when on the stack */
	int base;           /* the vreg holding the scratch value's address */
};

static bool far_operand(const struct far_func *ff, const struct ir_val *v)
{
	return v->kind == V_SLOT && v->n >= 0 && (size_t)v->n < ff->f->slots.len && ff->off[v->n] >= 0;
}

/* Slots the verifier wants on the stack: the context of bpf_loop and bpf_for_each_map_elem. */
static void pin_stack_slots(struct ir_func *f, bool *pinned)
{
	for (size_t i = 0; i < f->insns.len; i++) {
		const struct ir_insn *in = &f->insns.data[i];
		if (in->op != IR_CALL || in->nargs < 3)
			continue;
		if (in->kfunc || (in->helper != BPF_FUNC_loop && in->helper != BPF_FUNC_for_each_map_elem))
			continue;
		const struct ir_val *ctx = &in->args[2];
		if (ctx->kind == V_SLOT && ctx->n >= 0 && (size_t)ctx->n < f->slots.len)
			pinned[ctx->n] = true;
	}
}

/* Places f's big slots from *area on; false when it has none. */
static bool place_far(struct far_func *ff, uint32_t *area)
{
	struct ir_func *f = ff->f;
	size_t ns = f->slots.len;
	bool *pinned = xcalloc(ns + 1, sizeof(*pinned)), any = false;

	ff->off = xcalloc(ns + 1, sizeof(*ff->off));
	pin_stack_slots(f, pinned);
	for (size_t s = 0; s < ns; s++) {
		const struct ir_slot *sl = &f->slots.data[s];
		ff->off[s] = -1;
		if (sl->size <= PROG_STACK_STRLEN || pinned[s])
			continue;
		*area = ALIGN_UP(*area, 8);
		ff->off[s] = (int32_t)*area;
		*area += ALIGN_UP(sl->size, 8);
		any = true;
	}
	free(pinned);
	return any;
}

/* The address a far operand stands for, in a new vreg. */
static struct ir_val far_addr(struct far_func *ff, const struct ir_val *v)
{
	int t = ir_vreg(ff->f);
	ir_alu(ff->f, ALU_ADD, t, ir_reg(ff->base), ir_imm(ff->off[v->n] + v->imm));
	return ir_reg(t);
}

/*
 * Rewrites f: the scratch lookup first (a failed one, which an array's key
 * 0 never gives, returns 0), then every instruction with its far operands
 * turned into addresses from the base.
 */
static void rewrite_far(struct far_func *ff, int scratch_map)
{
	struct ir_func *f = ff->f;
	VEC(struct ir_insn) old = { f->insns.data, f->insns.len, f->insns.cap };
	struct loc loc0 = old.len ? old.data[0].loc : f->cur_loc;
	int key = ir_slot(f, 8, 8), fail = ir_label(f);

	f->insns.data = NULL;
	f->insns.len = f->insns.cap = 0;
	f->cur_loc = loc0;
	ff->base = ir_vreg(f);
	ir_store(f, 4, ir_slotv(key, 0), 0, ir_imm(0));
	struct ir_val la[2] = { ir_mapv(scratch_map), ir_slotv(key, 0) };
	ir_call(f, ff->base, BPF_FUNC_map_lookup_elem, 2, la);
	ir_br(f, COND_EQ, ir_reg(ff->base), ir_imm(0), fail);

	for (size_t i = 0; i < old.len; i++) {
		struct ir_insn in = old.data[i];
		f->cur_loc = in.loc;
		if (in.op == IR_MOV && far_operand(ff, &in.a)) {
			ir_alu(f, ALU_ADD, in.d.n, ir_reg(ff->base), ir_imm(ff->off[in.a.n] + in.a.imm));
			continue;
		}
		bool mem = in.op == IR_LOAD || in.op == IR_STORE || in.op == IR_XADD;
		if (mem && far_operand(ff, &in.a)) {
			/* the slot's offset joins the instruction's: no address to compute */
			in.off += (int32_t)(ff->off[in.a.n] + in.a.imm);
			in.a = ir_reg(ff->base);
		} else if (far_operand(ff, &in.a)) {
			in.a = far_addr(ff, &in.a);
		}
		if (far_operand(ff, &in.b))
			in.b = far_addr(ff, &in.b);
		for (int k = 0; k < in.nargs && k < IR_MAX_ARGS; k++)
			if (far_operand(ff, &in.args[k]))
				in.args[k] = far_addr(ff, &in.args[k]);
		vec_push(&f->insns, in);
	}
	f->cur_loc = loc0;
	ir_place(f, fail);
	ir_ret(f, ir_imm(0));
	free(old.data);
}

static int far_func(struct sonde_prog *prog, struct ir_func *f, uint32_t *area)
{
	struct far_func ff = { .f = f, .base = -1 };

	if (place_far(&ff, area)) {
		if (*area > FAR_AREA_MAX) {
			const struct loc *loc = f->insns.len ? &f->insns.data[0].loc : &f->cur_loc;
			diag_error(loc, "this probe needs %u bytes of scratch memory for its strings, more than "
				   "BPF's per-CPU limit of %d", *area, FAR_AREA_MAX);
			diag_note("use a smaller max_strlen, or fewer strings in this probe");
			free(ff.off);
			return -E2BIG;
		}
		rewrite_far(&ff, prog->scratch_map);
	}
	free(ff.off);
	return 0;
}

int lower_far_slots(struct sonde_prog *prog)
{
	if (!prog->far_slots || prog->scratch_map < 0)
		return 0;
	struct map_desc *sc = &prog->maps[prog->scratch_map];
	uint32_t start = ALIGN_UP(sc->value_size, 8), end = start;
	int err = 0;

	for (int i = 0; i < prog->nprogs && !err; i++) {
		struct prog_desc *d = &prog->progs[i];
		uint32_t area = start;
		err = far_func(prog, d->ir, &area);
		for (int k = 0; k < d->ncallbacks && !err; k++)
			err = far_func(prog, d->callbacks[k].ir, &area);
		if (area > end)
			end = area;
	}
	sc->value_size = end > 8 ? end : 8;
	return err;
}
