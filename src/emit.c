/*
 * emit.c: the back end's driver (ir_codegen): copying and checking the IR,
 * then, after the stages in cg_legalize.c, cg_flow.c and regalloc.c, the
 * emission of BPF instructions (parallel argument moves, reloads skipped when
 * a register still holds the value), jump fixups and the last peepholes.
 *
 * Pipeline: init -> split webs -> constprop -> merge stores -> legalize -> cleanup_cfg -> regalloc
 *           -> frame layout -> emit -> drop no-op jumps.
 */
#include "bpf_insn.h"
#include "codegen.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static bool sdiv_native;

void ir_codegen_set_sdiv(bool available)
{
	sdiv_native = available;
}

/* ---- copying and checking the IR ---- */

enum {
	K_NONE = 1 << V_NONE, K_REG = 1 << V_REG, K_IMM = 1 << V_IMM,
	K_SLOT = 1 << V_SLOT, K_MAP = 1 << V_MAP | 1 << V_MAPVAL | 1 << V_KVAR,
	K_VAL = K_REG | K_IMM | K_SLOT | K_MAP,
};

static bool val_ok(const struct cg *cg, const struct ir_val *v, unsigned kinds)
{
	if ((unsigned)v->kind > V_KVAR || !(kinds & (1u << v->kind)))
		return false;
	switch (v->kind) {
	case V_REG:
		return v->n >= 0 && v->n < cg->f->nvregs;
	case V_SLOT:
		return v->n >= 0 && (size_t)v->n < cg->nfslots;
	case V_MAP:
	case V_MAPVAL:
	case V_KVAR:
		return v->n >= 0;
	default:
		return true;
	}
}

static bool size_ok(int size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/* Why the instruction is malformed, or NULL. */
static const char *insn_problem(const struct cg *cg, const struct ir_insn *in)
{
	bool label = in->label >= 0 && in->label < cg->f->nlabels;

	switch (in->op) {
	case IR_MOV:
		return val_ok(cg, &in->d, K_REG) && val_ok(cg, &in->a, K_VAL) ? NULL : "bad operand";
	case IR_ALU:
		if (in->alu >= ALU_MAX)
			return "bad ALU op";
		if (!val_ok(cg, &in->d, K_REG) || !val_ok(cg, &in->a, K_VAL))
			return "bad operand";
		return in->alu == ALU_NEG || val_ok(cg, &in->b, K_VAL) ? NULL : "bad operand";
	case IR_LOAD:
		if (!size_ok(in->size))
			return "bad size";
		return val_ok(cg, &in->d, K_REG) && val_ok(cg, &in->a, K_VAL) ? NULL : "bad operand";
	case IR_STORE:
		if (!size_ok(in->size))
			return "bad size";
		return val_ok(cg, &in->a, K_VAL) && val_ok(cg, &in->b, K_VAL) ? NULL : "bad operand";
	case IR_XADD:
		if (in->size != 4 && in->size != 8)
			return "bad size";
		return val_ok(cg, &in->a, K_REG | K_SLOT) && val_ok(cg, &in->b, K_REG | K_IMM) ? NULL : "bad operand";
	case IR_CALL:
		if (in->nargs > IR_MAX_ARGS || in->helper < 0)
			return "bad call";
		if (!val_ok(cg, &in->d, K_REG | K_NONE))
			return "bad operand";
		for (int k = 0; k < in->nargs; k++) {
			if (!val_ok(cg, &in->args[k], K_VAL))
				return "bad argument";
		}
		return NULL;
	case IR_JMP:
	case IR_LABEL:
		return label ? NULL : "bad label";
	case IR_BR:
		if (in->cond >= COND_MAX)
			return "bad condition";
		if (!label)
			return "bad label";
		return val_ok(cg, &in->a, K_VAL) && val_ok(cg, &in->b, K_VAL) ? NULL : "bad operand";
	case IR_RET:
		return val_ok(cg, &in->a, K_VAL | K_NONE) ? NULL : "bad operand";
	default:
		return "bad opcode";
	}
}

static int cg_init(struct cg *cg, struct ir_func *f)
{
	cg->f = f;
	cg->nlabels = f->nlabels;
	cg->nfslots = f->slots.len;
	cg->loc0 = f->insns.len ? f->insns.data[0].loc : f->cur_loc;
	for (size_t i = 0; i < f->slots.len; i++)
		vec_push(&cg->slots, f->slots.data[i]);
	for (int v = 0; v < f->nvregs; v++)
		cg_vreg_new(cg, false);

	int *placed = xcalloc(f->nlabels + 1, sizeof(int));
	int err = 0;
	for (size_t i = 0; i < f->insns.len && !err; i++) {
		const struct ir_insn *in = &f->insns.data[i];
		const char *why = insn_problem(cg, in);
		if (!why && in->op == IR_LABEL && placed[in->label]++)
			why = "label placed twice";
		if (why) {
			diag_error(&in->loc, "internal error: %s: IR instruction %zu: %s",
				   f->name ? f->name : "?", i, why);
			err = -EINVAL;
		}
	}
	for (size_t i = 0; i < f->insns.len && !err; i++) {
		const struct ir_insn *in = &f->insns.data[i];
		if ((in->op == IR_JMP || in->op == IR_BR) && !placed[in->label]) {
			diag_error(&in->loc, "internal error: %s: jump to label L%d, never placed",
				   f->name ? f->name : "?", in->label);
			err = -EINVAL;
		}
	}
	free(placed);
	if (err)
		return err;

	struct ir_insn entry = { .op = IR_MOV, .d = ir_reg(0), .loc = cg->loc0, .label = -1 };
	cg_push(cg, &entry, CG_ENTRY);
	for (size_t i = 0; i < f->insns.len; i++) {
		struct ir_insn in = f->insns.data[i];
		if (in.op == IR_RET && in.a.kind == V_NONE)
			in.a = ir_imm(0);
		cg_push(cg, &in, CG_PLAIN);
	}
	enum ir_op last = cg->code.data[cg->code.len - 1].in.op;
	if (last != IR_RET && last != IR_JMP) {
		/* Falling off the end returns 0: the verifier wants an exit. */
		struct ir_insn ret = { .op = IR_RET, .a = ir_imm(0), .label = -1,
				       .loc = f->insns.len ? f->insns.data[f->insns.len - 1].loc : cg->loc0 };
		cg_push(cg, &ret, CG_PLAIN);
	}
	return 0;
}

static void cg_free(struct cg *cg)
{
	vec_free(&cg->code);
	vec_free(&cg->slots);
	vec_free(&cg->v);
}

/* ---- emission ---- */

struct fixup {
	uint32_t at;
	int label;
};

struct emitter {
	struct cg *cg;
	VEC(struct bpf_insn) out;
	VEC(struct loc) locs;
	VEC(struct fixup) fixups;
	int *lpos;
	int holds[BPF_REG_10 + 1];  /* the spill slot whose value the register holds, -1 */
	struct loc loc;
	int err;
};

static void forget_all(struct emitter *e)
{
	for (int r = 0; r <= BPF_REG_10; r++)
		e->holds[r] = -1;
}

static void put(struct emitter *e, struct bpf_insn in)
{
	uint8_t cls = BPF_CLASS(in.code);

	vec_push(&e->out, in);
	vec_push(&e->locs, e->loc);
	if (cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX)
		e->holds[in.dst_reg] = -1;
	if (cls == BPF_JMP && BPF_OP(in.code) == BPF_CALL) {
		for (int r = BPF_REG_0; r <= BPF_REG_5; r++)
			e->holds[r] = -1;
	}
}

static void put_ld64(struct emitter *e, int dst, int pseudo, uint64_t imm)
{
	struct bpf_insn two[2];

	bpf_ld_imm64(two, dst, pseudo, imm);
	for (int k = 0; k < 2; k++) {
		vec_push(&e->out, two[k]);
		vec_push(&e->locs, e->loc);
	}
	e->holds[dst] = -1;
}

static int reg_of(struct emitter *e, const struct ir_val *v)
{
	int r = e->cg->v.data[v->n].reg;

	if (r < 0 || r >= CG_NREGS) {
		if (!e->err)
			diag_error(&e->loc, "internal error: v%d has no register", v->n);
		e->err = -EINVAL;
		return BPF_REG_0;
	}
	return r;
}

/* R10-relative offset of a slot operand plus `extra`. */
static int16_t slot_off(struct emitter *e, const struct ir_val *v, int64_t extra)
{
	int64_t off = (int64_t)e->cg->slots.data[v->n].offset + v->imm + extra;

	if (!cg_fits_s16(off)) {
		if (!e->err)
			diag_error(&e->loc, "internal error: stack offset %lld out of range", (long long)off);
		e->err = -E2BIG;
		return 0;
	}
	return (int16_t)off;
}

static void put_value(struct emitter *e, int dst, const struct ir_val *v)
{
	switch (v->kind) {
	case V_REG: {
		int src = reg_of(e, v);
		if (src != dst)
			put(e, bpf_mov64_reg(dst, src));
		break;
	}
	case V_IMM:
		if (cg_fits_s32(v->imm))
			put(e, bpf_mov64_imm(dst, (int32_t)v->imm));
		else if ((uint64_t)v->imm <= UINT32_MAX)
			put(e, bpf_mov32_imm(dst, (int32_t)(uint32_t)v->imm)); /* zero-extends */
		else
			put_ld64(e, dst, 0, (uint64_t)v->imm);
		break;
	case V_SLOT:
		put(e, bpf_mov64_reg(dst, BPF_REG_10));
		put(e, bpf_alu64_imm(BPF_ADD, dst, slot_off(e, v, 0)));
		break;
	case V_MAP:
		put_ld64(e, dst, BPF_PSEUDO_MAP_FD, (uint32_t)v->n);
		break;
	case V_MAPVAL:
		put_ld64(e, dst, BPF_PSEUDO_MAP_VALUE, (uint64_t)(uint32_t)v->imm << 32 | (uint32_t)v->n);
		break;
	case V_KVAR:
		/* the high half, the BTF object's fd, is 0: vmlinux */
		put_ld64(e, dst, BPF_PSEUDO_BTF_ID, (uint32_t)v->n);
		break;
	default:
		break;
	}
}

static const uint8_t alu_ops[ALU_MAX] = {
	[ALU_ADD] = BPF_ADD, [ALU_SUB] = BPF_SUB, [ALU_MUL] = BPF_MUL,
	[ALU_DIV] = BPF_DIV, [ALU_MOD] = BPF_MOD, [ALU_SDIV] = BPF_DIV, [ALU_SMOD] = BPF_MOD,
	[ALU_AND] = BPF_AND, [ALU_OR] = BPF_OR, [ALU_XOR] = BPF_XOR,
	[ALU_LSH] = BPF_LSH, [ALU_RSH] = BPF_RSH, [ALU_ARSH] = BPF_ARSH, [ALU_NEG] = BPF_NEG,
};

static const uint8_t jmp_ops[COND_MAX] = {
	[COND_EQ] = BPF_JEQ, [COND_NE] = BPF_JNE, [COND_GT] = BPF_JGT, [COND_GE] = BPF_JGE,
	[COND_LT] = BPF_JLT, [COND_LE] = BPF_JLE, [COND_SGT] = BPF_JSGT, [COND_SGE] = BPF_JSGE,
	[COND_SLT] = BPF_JSLT, [COND_SLE] = BPF_JSLE, [COND_SET] = BPF_JSET,
};

static void put_alu_op(struct emitter *e, enum ir_alu alu, int dst, int src, const struct ir_val *b)
{
	uint8_t op = alu_ops[alu];
	bool sdiv = alu == ALU_SDIV || alu == ALU_SMOD;

	if (b->kind == V_IMM)
		put(e, sdiv ? bpf_sdiv64_imm(op, dst, (int32_t)b->imm) : bpf_alu64_imm(op, dst, (int32_t)b->imm));
	else
		put(e, sdiv ? bpf_sdiv64_reg(op, dst, src) : bpf_alu64_reg(op, dst, src));
}

static void emit_alu(struct emitter *e, const struct ir_insn *in)
{
	int rd = reg_of(e, &in->d), ra = reg_of(e, &in->a);

	if (in->alu == ALU_NEG) {
		if (rd != ra)
			put(e, bpf_mov64_reg(rd, ra));
		put(e, bpf_neg64(rd));
		return;
	}
	if (in->b.kind == V_IMM && in->alu == ALU_AND && in->b.imm == 0xffffffffll) {
		put(e, bpf_mov32_reg(rd, ra)); /* a 32-bit move zeroes the upper half */
		return;
	}
	int rb = in->b.kind == V_REG ? reg_of(e, &in->b) : -1;
	if (rd == ra) {
		put_alu_op(e, in->alu, rd, rb, &in->b);
	} else if (rd == rb) {
		if (!cg_alu_commutes(in->alu)) {
			if (!e->err)
				diag_error(&e->loc, "internal error: ALU operand clobbered");
			e->err = -EINVAL;
			return;
		}
		struct ir_val a = in->a;
		put_alu_op(e, in->alu, rd, ra, &a);
	} else {
		put(e, bpf_mov64_reg(rd, ra));
		put_alu_op(e, in->alu, rd, rb, &in->b);
	}
}

static void emit_call(struct emitter *e, const struct cg_insn *ci)
{
	const struct ir_insn *in = &ci->in;
	int dst[IR_MAX_ARGS], src[IR_MAX_ARGS], nm = 0;
	int moves[2 * IR_MAX_ARGS + 2][2];

	for (int k = 0; k < in->nargs; k++) {
		if (in->args[k].kind != V_REG)
			continue;
		dst[nm] = BPF_REG_1 + k;
		src[nm++] = reg_of(e, &in->args[k]);
	}
	/* Nothing lives in R0 across a call, and by the time only cycles are left no move reads it. */
	int n = cg_order_moves(dst, src, nm, BPF_REG_0, moves);
	for (int k = 0; k < n; k++)
		put(e, bpf_mov64_reg(moves[k][0], moves[k][1]));
	/* Constants and addresses last: they read no register an earlier move needs. */
	for (int k = 0; k < in->nargs; k++) {
		int shared = ci->share[k];
		if (in->args[k].kind == V_REG)
			continue;
		if (!shared) {
			put_value(e, BPF_REG_1 + k, &in->args[k]);
			continue;
		}
		/* an address kept in a callee-saved register (cg_share.c) */
		if (ci->share_def & 1u << k)
			put_value(e, shared, &in->args[k]);
		put(e, bpf_mov64_reg(BPF_REG_1 + k, shared));
	}
	put(e, in->kfunc ? bpf_call_kfunc(in->helper) : bpf_call_helper(in->helper));
	if (in->d.kind == V_REG) {
		int rd = reg_of(e, &in->d);
		if (rd != BPF_REG_0)
			put(e, bpf_mov64_reg(rd, BPF_REG_0));
	}
}

static void emit_jump(struct emitter *e, struct bpf_insn in, int label)
{
	struct fixup fx = { .at = (uint32_t)e->out.len, .label = label };

	vec_push(&e->fixups, fx);
	put(e, in);
}

static void emit_mem(struct emitter *e, const struct ir_insn *in)
{
	uint8_t size = bpf_size_code(in->size);
	int base = BPF_REG_10;
	int16_t off;

	if (in->a.kind == V_SLOT) {
		off = slot_off(e, &in->a, in->off);
	} else {
		base = reg_of(e, &in->a);
		off = (int16_t)in->off;
	}
	switch (in->op) {
	case IR_LOAD:
		put(e, bpf_ldx_mem(size, reg_of(e, &in->d), base, off));
		break;
	case IR_STORE:
		if (in->b.kind == V_IMM) {
			/* Narrow stores keep the low bytes; 8-byte ones sign-extend (legalized to fit). */
			int32_t imm = in->size == 8 ? (int32_t)in->b.imm : (int32_t)(uint32_t)in->b.imm;
			put(e, bpf_st_mem(size, base, off, imm));
		} else {
			put(e, bpf_stx_mem(size, base, reg_of(e, &in->b), off));
		}
		break;
	case IR_XADD:
		put(e, bpf_atomic_add(size, base, reg_of(e, &in->b), off));
		break;
	default:
		break;
	}
}

/* Reloads a spill, unless a register still holds it. */
static void emit_reload(struct emitter *e, const struct ir_insn *in)
{
	int rd = reg_of(e, &in->d), slot = in->a.n;

	if (e->holds[rd] == slot)
		return;
	for (int r = 0; r < CG_NREGS; r++) {
		if (e->holds[r] == slot) {
			put(e, bpf_mov64_reg(rd, r));
			e->holds[rd] = slot;
			return;
		}
	}
	put(e, bpf_ldx_mem(BPF_DW, rd, BPF_REG_10, slot_off(e, &in->a, 0)));
	e->holds[rd] = slot;
}

static void emit_spill(struct emitter *e, const struct ir_insn *in)
{
	int slot = in->a.n, rb = -1;

	if (in->b.kind == V_IMM) {
		put(e, bpf_st_mem(BPF_DW, BPF_REG_10, slot_off(e, &in->a, 0), (int32_t)in->b.imm));
	} else {
		rb = reg_of(e, &in->b);
		put(e, bpf_stx_mem(BPF_DW, BPF_REG_10, rb, slot_off(e, &in->a, 0)));
	}
	for (int r = 0; r <= BPF_REG_10; r++) {
		if (e->holds[r] == slot)
			e->holds[r] = -1;
	}
	if (rb >= 0)
		e->holds[rb] = slot;
}

static void emit_insn(struct emitter *e, const struct cg_insn *ci)
{
	const struct ir_insn *in = &ci->in;

	e->loc = in->loc;
	switch (ci->kind) {
	case CG_ENTRY: {
		int rd = reg_of(e, &in->d);
		if (rd != BPF_REG_1)
			put(e, bpf_mov64_reg(rd, BPF_REG_1));
		return;
	}
	case CG_RELOAD:
		emit_reload(e, in);
		return;
	case CG_SPILL:
		emit_spill(e, in);
		return;
	default:
		break;
	}
	switch (in->op) {
	case IR_MOV:
		put_value(e, reg_of(e, &in->d), &in->a);
		break;
	case IR_ALU:
		emit_alu(e, in);
		break;
	case IR_LOAD:
	case IR_STORE:
	case IR_XADD:
		emit_mem(e, in);
		break;
	case IR_CALL:
		emit_call(e, ci);
		break;
	case IR_JMP:
		emit_jump(e, bpf_ja(0), in->label);
		break;
	case IR_BR: {
		uint8_t op = jmp_ops[in->cond];
		int ra = reg_of(e, &in->a);
		if (in->b.kind == V_IMM)
			emit_jump(e, bpf_jmp_imm(op, ra, (int32_t)in->b.imm, 0), in->label);
		else
			emit_jump(e, bpf_jmp_reg(op, ra, reg_of(e, &in->b), 0), in->label);
		break;
	}
	case IR_LABEL:
		e->lpos[in->label] = (int)e->out.len;
		forget_all(e); /* other paths join here */
		break;
	case IR_RET:
		put_value(e, BPF_REG_0, &in->a);
		put(e, bpf_exit_insn());
		break;
	default:
		break;
	}
}

/*
 * Removes jumps to the next instruction (allocation can empty the code between
 * a jump and its target), renumbering the other jumps.
 */
static void drop_nop_jumps(struct emitter *e)
{
	size_t n = e->out.len;
	int *newidx = xmalloc((n + 1) * sizeof(int));

	for (;;) {
		bool any = false;
		int k = 0;
		for (size_t i = 0; i < n; i++) {
			newidx[i] = k;
			if (bpf_is_jump(&e->out.data[i]) && e->out.data[i].off == 0 &&
			    BPF_CLASS(e->out.data[i].code) == BPF_JMP)
				any = true;
			else
				k++;
		}
		newidx[n] = k;
		if (!any)
			break;
		size_t j = 0;
		for (size_t i = 0; i < n; i++) {
			struct bpf_insn in = e->out.data[i];
			if (newidx[i] == newidx[i + 1])
				continue; /* dropped */
			if (bpf_is_jump(&in)) {
				size_t target = i + 1 + in.off;
				in.off = (int16_t)(newidx[target] - newidx[i] - 1);
			}
			e->out.data[j] = in;
			e->locs.data[j++] = e->locs.data[i];
		}
		n = e->out.len = e->locs.len = j;
	}
	free(newidx);
}

static int cg_emit(struct cg *cg, struct bpf_insn **insns, uint32_t *ninsns, struct loc **locs)
{
	struct emitter e = { .cg = cg };

	e.lpos = xmalloc((cg->nlabels + 1) * sizeof(int));
	for (int l = 0; l < cg->nlabels; l++)
		e.lpos[l] = -1;
	forget_all(&e);
	for (size_t i = 0; i < cg->code.len && !e.err; i++)
		emit_insn(&e, &cg->code.data[i]);

	for (size_t i = 0; i < e.fixups.len && !e.err; i++) {
		struct fixup *fx = &e.fixups.data[i];
		int64_t off = (int64_t)e.lpos[fx->label] - fx->at - 1;
		if (e.lpos[fx->label] < 0 || !cg_fits_s16(off)) {
			diag_error(&e.locs.data[fx->at], "program too large: a jump spans %lld instructions, "
				   "more than BPF's 32767", (long long)off);
			e.err = -E2BIG;
			break;
		}
		e.out.data[fx->at].off = (int16_t)off;
	}
	if (!e.err)
		drop_nop_jumps(&e);
	free(e.lpos);
	vec_free(&e.fixups);
	if (e.err) {
		vec_free(&e.out);
		vec_free(&e.locs);
		return e.err;
	}
	*insns = e.out.data;
	*ninsns = (uint32_t)e.out.len;
	if (locs)
		*locs = e.locs.data;
	else
		vec_free(&e.locs);
	return 0;
}

static void debug_stage(struct cg *cg, const char *stage)
{
	if (getenv("SONDE_CG_DEBUG"))
		cg_debug_dump(cg, stage);
}

int ir_codegen(struct ir_func *f, struct bpf_insn **insns, uint32_t *ninsns, struct loc **locs)
{
	struct cg cg = { .sdiv = sdiv_native };
	int err;

	*insns = NULL;
	*ninsns = 0;
	if (locs)
		*locs = NULL;
	err = cg_init(&cg, f);
	if (!err) {
		cg_split_webs(&cg);
		cg_constprop(&cg);
		cg_merge_stores(&cg);
		cg_legalize(&cg);
		cg_cleanup_cfg(&cg);
		debug_stage(&cg, "legalized");
		err = cg_regalloc(&cg);
		debug_stage(&cg, "allocated");
	}
	if (!err)
		err = cg_frame_layout(&cg);
	if (!err)
		err = cg_emit(&cg, insns, ninsns, locs);
	cg_free(&cg);
	return err;
}
