/*
 * emit.c: the back end's driver (ir_codegen) and the stages around register
 * allocation: copying and checking the IR, constant propagation,
 * legalization (every operand made directly encodable, signed division
 * expanded when the kernel lacks it), and emission of BPF instructions with
 * jump fixups and the last peepholes.
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

static bool fits_s32(int64_t v)
{
	return v == (int32_t)v;
}

static bool fits_s16(int64_t v)
{
	return v == (int16_t)v;
}

/* ---- copying and checking the IR ---- */

enum {
	K_NONE = 1 << V_NONE, K_REG = 1 << V_REG, K_IMM = 1 << V_IMM,
	K_SLOT = 1 << V_SLOT, K_MAP = 1 << V_MAP,
	K_VAL = K_REG | K_IMM | K_SLOT | K_MAP,
};

static bool val_ok(const struct cg *cg, const struct ir_val *v, unsigned kinds)
{
	if ((unsigned)v->kind > V_MAP || !(kinds & (1u << v->kind)))
		return false;
	switch (v->kind) {
	case V_REG:
		return v->n >= 0 && v->n < cg->f->nvregs;
	case V_SLOT:
		return v->n >= 0 && (size_t)v->n < cg->nfslots;
	case V_MAP:
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

/* ---- constant folding and propagation ---- */

/* a op b with BPF's results (x/0 = 0, x%0 = x) and C's signed division. */
static int64_t fold_alu(enum ir_alu op, int64_t a, int64_t b)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;

	switch (op) {
	case ALU_ADD: return (int64_t)(ua + ub);
	case ALU_SUB: return (int64_t)(ua - ub);
	case ALU_MUL: return (int64_t)(ua * ub);
	case ALU_DIV: return ub ? (int64_t)(ua / ub) : 0;
	case ALU_MOD: return ub ? (int64_t)(ua % ub) : a;
	case ALU_SDIV:
		if (b == 0)
			return 0;
		return b == -1 ? (int64_t)(0 - ua) : a / b;
	case ALU_SMOD:
		if (b == 0)
			return a;
		return b == -1 ? 0 : a % b;
	case ALU_AND: return a & b;
	case ALU_OR: return a | b;
	case ALU_XOR: return a ^ b;
	case ALU_LSH: return (int64_t)(ua << (ub & 63));
	case ALU_RSH: return (int64_t)(ua >> (ub & 63));
	case ALU_ARSH: return a >> (ub & 63);
	case ALU_NEG: return (int64_t)(0 - ua);
	default: return 0;
	}
}

static bool eval_cond(enum ir_cond c, int64_t a, int64_t b)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;

	switch (c) {
	case COND_EQ: return a == b;
	case COND_NE: return a != b;
	case COND_GT: return ua > ub;
	case COND_GE: return ua >= ub;
	case COND_LT: return ua < ub;
	case COND_LE: return ua <= ub;
	case COND_SGT: return a > b;
	case COND_SGE: return a >= b;
	case COND_SLT: return a < b;
	case COND_SLE: return a <= b;
	case COND_SET: return (a & b) != 0;
	default: return false;
	}
}

static enum ir_cond swap_cond(enum ir_cond c)
{
	static const enum ir_cond sw[COND_MAX] = {
		[COND_EQ] = COND_EQ, [COND_NE] = COND_NE, [COND_SET] = COND_SET,
		[COND_GT] = COND_LT, [COND_LT] = COND_GT, [COND_GE] = COND_LE, [COND_LE] = COND_GE,
		[COND_SGT] = COND_SLT, [COND_SLT] = COND_SGT, [COND_SGE] = COND_SLE, [COND_SLE] = COND_SGE,
	};
	return sw[c];
}

static bool subst(struct ir_val *v, const bool *isconst, const int64_t *val)
{
	if (v->kind != V_REG || !isconst[v->n])
		return false;
	*v = ir_imm(val[v->n]);
	return true;
}

/*
 * A vreg set exactly once, to an immediate BPF can encode, is that immediate
 * wherever it is read (the IR reads nothing before setting it); folding it
 * into its uses frees a register and often the instruction that set it.
 */
static void cg_constprop(struct cg *cg)
{
	int nv = (int)cg->v.len;
	int *ndefs = xmalloc(nv * sizeof(int));
	bool *isconst = xmalloc(nv * sizeof(bool));
	int64_t *val = xmalloc(nv * sizeof(int64_t));

	for (int round = 0; round < 16; round++) {
		bool changed = false;

		memset(ndefs, 0, nv * sizeof(int));
		memset(isconst, 0, nv * sizeof(bool));
		for (size_t i = 0; i < cg->code.len; i++) {
			struct cg_insn *ci = &cg->code.data[i];
			struct ir_val *d = cg_def(&ci->in);
			if (!d || ci->kind == CG_DELETED)
				continue;
			ndefs[d->n]++;
			if (ci->kind == CG_PLAIN && ci->in.op == IR_MOV && ci->in.a.kind == V_IMM &&
			    fits_s32(ci->in.a.imm)) {
				isconst[d->n] = true;
				val[d->n] = ci->in.a.imm;
			}
		}
		for (int v = 0; v < nv; v++)
			isconst[v] = isconst[v] && ndefs[v] == 1;

		for (size_t i = 0; i < cg->code.len; i++) {
			struct cg_insn *ci = &cg->code.data[i];
			struct ir_insn *in = &ci->in;
			if (ci->kind != CG_PLAIN)
				continue;
			switch (in->op) {
			case IR_MOV:
			case IR_RET:
				changed |= subst(&in->a, isconst, val);
				break;
			case IR_ALU:
				if (in->alu != ALU_NEG)
					changed |= subst(&in->b, isconst, val);
				if (in->alu == ALU_NEG || in->b.kind == V_IMM || cg_alu_commutes(in->alu))
					changed |= subst(&in->a, isconst, val);
				if (in->a.kind == V_IMM && (in->alu == ALU_NEG || in->b.kind == V_IMM)) {
					int64_t r = fold_alu(in->alu, in->a.imm, in->b.imm);
					in->op = IR_MOV;
					in->a = ir_imm(r);
					in->b = ir_none();
					changed = true;
				}
				break;
			case IR_STORE:
				changed |= subst(&in->b, isconst, val);
				break;
			case IR_BR:
				changed |= subst(&in->a, isconst, val);
				changed |= subst(&in->b, isconst, val);
				if (in->a.kind == V_IMM && in->b.kind == V_IMM) {
					if (eval_cond(in->cond, in->a.imm, in->b.imm))
						in->op = IR_JMP;
					else
						ci->kind = CG_DELETED;
					changed = true;
				}
				break;
			case IR_CALL:
				for (int k = 0; k < in->nargs; k++)
					changed |= subst(&in->args[k], isconst, val);
				break;
			default:
				break;
			}
		}
		if (!changed)
			break;
	}
	cg_compact(cg);
	free(ndefs);
	free(isconst);
	free(val);
}

/* ---- store merging ---- */

/* A constant store of `size` bytes at a known offset inside an 8-aligned slot. */
static bool slot_imm_store(const struct cg *cg, const struct cg_insn *ci, int size, int64_t *pos)
{
	const struct ir_insn *in = &ci->in;

	if (ci->kind != CG_PLAIN || in->op != IR_STORE || in->size != size || in->a.kind != V_SLOT ||
	    in->b.kind != V_IMM || cg->slots.data[in->a.n].align % 8)
		return false;
	*pos = in->a.imm + in->off;
	return true;
}

/*
 * Two 4-byte constant stores filling an aligned 8 bytes of a slot (event
 * headers, keys) become one 8-byte store when the 64-bit value still fits
 * BPF_ST's sign-extended 32-bit immediate.
 */
static void cg_merge_stores(struct cg *cg)
{
	for (size_t i = 0; i + 1 < cg->code.len; i++) {
		struct cg_insn *x = &cg->code.data[i], *y = &cg->code.data[i + 1];
		int64_t px, py;

		if (!slot_imm_store(cg, x, 4, &px) || !slot_imm_store(cg, y, 4, &py) || x->in.a.n != y->in.a.n)
			continue;
		struct cg_insn *lo = px < py ? x : y, *hi = px < py ? y : x;
		int64_t plo = px < py ? px : py, phi = px < py ? py : px;
		if (phi != plo + 4 || plo % 8)
			continue;
		uint64_t v = (uint64_t)(uint32_t)lo->in.b.imm | (uint64_t)(uint32_t)hi->in.b.imm << 32;
		if (!fits_s32((int64_t)v))
			continue;
		x->in = lo->in;
		x->in.size = 8;
		x->in.b = ir_imm((int64_t)v);
		y->kind = CG_DELETED;
		i++;
	}
	cg_compact(cg);
}

/* ---- legalization: into cg->code, from the instructions handed in ---- */

static void put_ir(struct cg *cg, struct ir_insn in)
{
	in.label = in.op == IR_JMP || in.op == IR_BR || in.op == IR_LABEL ? in.label : -1;
	cg_push(cg, &in, CG_PLAIN);
}

static void put_mov(struct cg *cg, struct ir_val d, struct ir_val a, struct loc loc)
{
	if (a.kind == V_REG && a.n == d.n)
		return;
	put_ir(cg, (struct ir_insn){ .op = IR_MOV, .d = d, .a = a, .loc = loc });
}

/* A new temp holding v, for an operand BPF cannot take as it is. */
static struct ir_val tmp_of(struct cg *cg, struct ir_val v, struct loc loc)
{
	struct ir_val t = ir_reg(cg_vreg_new(cg, true));

	put_mov(cg, t, v, loc);
	return t;
}

static void put_label(struct cg *cg, int label, struct loc loc)
{
	put_ir(cg, (struct ir_insn){ .op = IR_LABEL, .label = label, .loc = loc });
}

static void put_br(struct cg *cg, enum ir_cond c, struct ir_val a, int64_t imm, int label, struct loc loc)
{
	put_ir(cg, (struct ir_insn){ .op = IR_BR, .cond = c, .a = a, .b = ir_imm(imm), .label = label, .loc = loc });
}

static void legalize_alu(struct cg *cg, struct ir_insn in);

static void put_alu(struct cg *cg, enum ir_alu op, struct ir_val d, struct ir_val a, struct ir_val b, struct loc loc)
{
	legalize_alu(cg, (struct ir_insn){ .op = IR_ALU, .alu = op, .d = d, .a = a, .b = b, .loc = loc });
}

static int log2_exact(uint64_t v)
{
	if (!v || (v & (v - 1)))
		return -1;
	return __builtin_ctzll(v);
}

/*
 * Signed division without the kernel's sdiv: divide the magnitudes unsigned
 * and fix the sign: the quotient is negative when the signs differ, the
 * remainder takes the dividend's sign. BPF's x/0 = 0 and x%0 = x fall out
 * (|x| % 0 = |x|, negated back), as does INT64_MIN / -1 = INT64_MIN.
 */
static void expand_sdiv_reg(struct cg *cg, struct ir_insn *in)
{
	bool mod = in->alu == ALU_SMOD;
	struct loc loc = in->loc;
	struct ir_val d = in->d, a = in->a, b = in->b, sign;

	if (mod && a.n != d.n) {
		sign = a;
	} else {
		sign = ir_reg(cg_vreg_new(cg, false));
		if (mod)
			put_mov(cg, sign, a, loc);
		else
			put_alu(cg, ALU_XOR, sign, a, b, loc);
	}
	struct ir_val ta = ir_reg(cg_vreg_new(cg, false)), tb = ir_reg(cg_vreg_new(cg, false));
	int l1 = cg_label_new(cg), l2 = cg_label_new(cg), l3 = cg_label_new(cg);

	put_mov(cg, ta, a, loc);
	put_br(cg, COND_SGE, ta, 0, l1, loc);
	put_alu(cg, ALU_NEG, ta, ta, ir_none(), loc);
	put_label(cg, l1, loc);
	put_mov(cg, tb, b, loc);
	put_br(cg, COND_SGE, tb, 0, l2, loc);
	put_alu(cg, ALU_NEG, tb, tb, ir_none(), loc);
	put_label(cg, l2, loc);
	put_alu(cg, mod ? ALU_MOD : ALU_DIV, d, ta, tb, loc);
	put_br(cg, COND_SGE, sign, 0, l3, loc);
	put_alu(cg, ALU_NEG, d, d, ir_none(), loc);
	put_label(cg, l3, loc);
}

/* The same with a constant divisor: only the dividend's sign is unknown. */
static void expand_sdiv_imm(struct cg *cg, struct ir_insn *in)
{
	bool mod = in->alu == ALU_SMOD, neg_b = in->b.imm < 0;
	uint64_t mag = neg_b ? 0 - (uint64_t)in->b.imm : (uint64_t)in->b.imm;
	enum ir_alu uop = mod ? ALU_MOD : ALU_DIV;
	struct loc loc = in->loc;
	struct ir_val d = in->d, a = in->a, b = ir_imm((int64_t)mag);
	int lneg = cg_label_new(cg), ldone = cg_label_new(cg);

	put_br(cg, COND_SLT, a, 0, lneg, loc);
	put_alu(cg, uop, d, a, b, loc);
	if (!mod && neg_b)
		put_alu(cg, ALU_NEG, d, d, ir_none(), loc);
	put_ir(cg, (struct ir_insn){ .op = IR_JMP, .label = ldone, .loc = loc });
	put_label(cg, lneg, loc);
	put_alu(cg, ALU_NEG, d, a, ir_none(), loc);
	put_alu(cg, uop, d, d, b, loc);
	if (mod || !neg_b)
		put_alu(cg, ALU_NEG, d, d, ir_none(), loc);
	put_label(cg, ldone, loc);
}

/*
 * ALU with an immediate right operand: identities become moves, powers of two
 * become shifts and masks, x/0 and x%0 (which the verifier rejects as
 * immediates) become their BPF results. Returns true when it emitted the
 * whole instruction.
 */
static bool alu_imm_special(struct cg *cg, struct ir_insn *in)
{
	int64_t b = in->b.imm;
	int k = log2_exact((uint64_t)b);

	switch (in->alu) {
	case ALU_ADD: case ALU_SUB: case ALU_OR: case ALU_XOR:
	case ALU_LSH: case ALU_RSH: case ALU_ARSH:
		if (b != 0)
			return false;
		put_mov(cg, in->d, in->a, in->loc);
		return true;
	case ALU_MUL:
		if (b == 0 || b == 1) {
			put_mov(cg, in->d, b ? in->a : ir_imm(0), in->loc);
			return true;
		}
		if (k > 0) {
			put_alu(cg, ALU_LSH, in->d, in->a, ir_imm(k), in->loc);
			return true;
		}
		return false;
	case ALU_AND:
		if (b == 0 || b == -1) {
			put_mov(cg, in->d, b ? in->a : ir_imm(0), in->loc);
			return true;
		}
		return false;
	case ALU_DIV:
	case ALU_SDIV:
		if (b == 0 || b == 1) {
			put_mov(cg, in->d, b ? in->a : ir_imm(0), in->loc);
			return true;
		}
		if (in->alu == ALU_SDIV && b == -1) {
			put_alu(cg, ALU_NEG, in->d, in->a, ir_none(), in->loc);
			return true;
		}
		if (in->alu == ALU_DIV && k > 0) {
			put_alu(cg, ALU_RSH, in->d, in->a, ir_imm(k), in->loc);
			return true;
		}
		break;
	case ALU_MOD:
	case ALU_SMOD:
		if (b == 0) {
			put_mov(cg, in->d, in->a, in->loc);
			return true;
		}
		if (b == 1 || (in->alu == ALU_SMOD && b == -1)) {
			put_mov(cg, in->d, ir_imm(0), in->loc);
			return true;
		}
		if (in->alu == ALU_MOD && k > 0) {
			put_alu(cg, ALU_AND, in->d, in->a, ir_imm((int64_t)((uint64_t)b - 1)), in->loc);
			return true;
		}
		break;
	default:
		return false;
	}
	if ((in->alu == ALU_SDIV || in->alu == ALU_SMOD) && !sdiv_native) {
		expand_sdiv_imm(cg, in);
		return true;
	}
	return false;
}

static void legalize_alu(struct cg *cg, struct ir_insn in)
{
	if (in.alu == ALU_NEG)
		in.b = ir_none();
	if (in.a.kind == V_IMM && (in.alu == ALU_NEG || in.b.kind == V_IMM)) {
		put_mov(cg, in.d, ir_imm(fold_alu(in.alu, in.a.imm, in.b.imm)), in.loc);
		return;
	}
	if (in.a.kind != V_REG && in.b.kind == V_REG && cg_alu_commutes(in.alu)) {
		struct ir_val t = in.a;
		in.a = in.b;
		in.b = t;
	}
	if (in.a.kind != V_REG)
		in.a = tmp_of(cg, in.a, in.loc);
	if (in.b.kind == V_SLOT || in.b.kind == V_MAP)
		in.b = tmp_of(cg, in.b, in.loc);

	if (in.b.kind == V_IMM) {
		if (in.alu == ALU_LSH || in.alu == ALU_RSH || in.alu == ALU_ARSH)
			in.b.imm &= 63;
		if (alu_imm_special(cg, &in))
			return;
		bool low32_mask = in.alu == ALU_AND && in.b.imm == 0xffffffffll;
		if (!fits_s32(in.b.imm) && !low32_mask)
			in.b = tmp_of(cg, in.b, in.loc);
	}
	if (in.b.kind == V_REG) {
		if ((in.alu == ALU_SDIV || in.alu == ALU_SMOD) && !sdiv_native) {
			expand_sdiv_reg(cg, &in);
			return;
		}
		/* d = a - d: computing into d would clobber b before it is read. */
		if (!cg_alu_commutes(in.alu) && in.alu != ALU_NEG && in.b.n == in.d.n && in.a.n != in.b.n) {
			struct ir_val d = in.d;
			in.d = ir_reg(cg_vreg_new(cg, false));
			put_ir(cg, in);
			put_mov(cg, d, in.d, in.loc);
			return;
		}
	}
	put_ir(cg, in);
}

/* A memory operand's base: a register or a slot (addressed from R10). */
static void legalize_base(struct cg *cg, struct ir_insn *in)
{
	if (in->a.kind == V_SLOT)
		return;
	if (in->a.kind != V_REG)
		in->a = tmp_of(cg, in->a, in->loc);
	if (!fits_s16(in->off)) {
		struct ir_val t = ir_reg(cg_vreg_new(cg, true));
		put_alu(cg, ALU_ADD, t, in->a, ir_imm(in->off), in->loc);
		in->a = t;
		in->off = 0;
	}
}

static void legalize_one(struct cg *cg, const struct cg_insn *ci)
{
	struct ir_insn in = ci->in;

	if (ci->kind != CG_PLAIN) {
		cg_push(cg, &in, ci->kind);
		return;
	}
	switch (in.op) {
	case IR_MOV:
		put_mov(cg, in.d, in.a, in.loc);
		return;
	case IR_ALU:
		legalize_alu(cg, in);
		return;
	case IR_LOAD:
		legalize_base(cg, &in);
		break;
	case IR_STORE:
		legalize_base(cg, &in);
		if (in.b.kind == V_SLOT || in.b.kind == V_MAP || (in.b.kind == V_IMM && in.size == 8 && !fits_s32(in.b.imm)))
			in.b = tmp_of(cg, in.b, in.loc);
		break;
	case IR_XADD:
		legalize_base(cg, &in);
		if (in.b.kind != V_REG)
			in.b = tmp_of(cg, in.b, in.loc);
		break;
	case IR_BR:
		if (in.a.kind == V_IMM && in.b.kind == V_IMM) {
			if (eval_cond(in.cond, in.a.imm, in.b.imm))
				put_ir(cg, (struct ir_insn){ .op = IR_JMP, .label = in.label, .loc = in.loc });
			return;
		}
		if (in.a.kind != V_REG && in.b.kind == V_REG) {
			struct ir_val t = in.a;
			in.a = in.b;
			in.b = t;
			in.cond = swap_cond(in.cond);
		}
		if (in.a.kind != V_REG)
			in.a = tmp_of(cg, in.a, in.loc);
		if (in.b.kind == V_SLOT || in.b.kind == V_MAP || (in.b.kind == V_IMM && !fits_s32(in.b.imm)))
			in.b = tmp_of(cg, in.b, in.loc);
		break;
	case IR_RET:
		if (in.a.kind == V_SLOT || in.a.kind == V_MAP)
			in.a = tmp_of(cg, in.a, in.loc);
		break;
	default:
		break;
	}
	put_ir(cg, in);
}

static void cg_legalize(struct cg *cg)
{
	struct cg_insn *old = cg->code.data;
	size_t n = cg->code.len;

	cg->code.data = NULL;
	cg->code.len = cg->code.cap = 0;
	for (size_t i = 0; i < n; i++)
		legalize_one(cg, &old[i]);
	free(old);
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

	if (!fits_s16(off)) {
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
		if (fits_s32(v->imm))
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

static void emit_call(struct emitter *e, const struct ir_insn *in)
{
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
		if (in->args[k].kind != V_REG)
			put_value(e, BPF_REG_1 + k, &in->args[k]);
	}
	put(e, bpf_call_helper(in->helper));
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
		emit_call(e, in);
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
		if (e.lpos[fx->label] < 0 || !fits_s16(off)) {
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

int ir_codegen(struct ir_func *f, struct bpf_insn **insns, uint32_t *ninsns, struct loc **locs)
{
	struct cg cg = { 0 };
	int err;

	*insns = NULL;
	*ninsns = 0;
	if (locs)
		*locs = NULL;
	err = cg_init(&cg, f);
	if (!err) {
		bool dbg = getenv("SONDE_CG_DEBUG") != NULL;
		if (dbg) cg_debug_dump(&cg, "init");
		cg_split_webs(&cg);
		cg_constprop(&cg);
		cg_merge_stores(&cg);
		if (dbg) cg_debug_dump(&cg, "constprop");
		cg_legalize(&cg);
		if (dbg) cg_debug_dump(&cg, "legalize");
		cg_cleanup_cfg(&cg);
		if (dbg) cg_debug_dump(&cg, "cleanup");
		err = cg_regalloc(&cg);
		if (dbg) cg_debug_dump(&cg, "regalloc");
	}
	if (!err)
		err = cg_frame_layout(&cg);
	if (!err)
		err = cg_emit(&cg, insns, ninsns, locs);
	cg_free(&cg);
	return err;
}
