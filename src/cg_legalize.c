/*
 * cg_legalize.c: machine IR made ready for allocation: constant folding and
 * propagation, store merging, and legalization, after which every operand
 * has a direct BPF encoding (immediates BPF cannot take are moved into temps,
 * signed division is expanded when the kernel lacks it, x/0 and x%0 become
 * their BPF results, identities and powers of two get cheaper forms).
 */
#include "codegen.h"

#include <stdlib.h>
#include <string.h>

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
void cg_constprop(struct cg *cg)
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
			    cg_fits_s32(ci->in.a.imm)) {
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
void cg_merge_stores(struct cg *cg)
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
		if (!cg_fits_s32((int64_t)v))
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
	if ((in->alu == ALU_SDIV || in->alu == ALU_SMOD) && !cg->sdiv) {
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
	if (in.b.kind == V_SLOT || (in.b.kind == V_MAP || in.b.kind == V_MAPVAL || in.b.kind == V_KVAR))
		in.b = tmp_of(cg, in.b, in.loc);

	if (in.b.kind == V_IMM) {
		if (in.alu == ALU_LSH || in.alu == ALU_RSH || in.alu == ALU_ARSH)
			in.b.imm &= 63;
		if (alu_imm_special(cg, &in))
			return;
		bool low32_mask = in.alu == ALU_AND && in.b.imm == 0xffffffffll;
		if (!cg_fits_s32(in.b.imm) && !low32_mask)
			in.b = tmp_of(cg, in.b, in.loc);
	}
	if (in.b.kind == V_REG) {
		if ((in.alu == ALU_SDIV || in.alu == ALU_SMOD) && !cg->sdiv) {
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
	if (!cg_fits_s16(in->off)) {
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
		if (in.b.kind == V_SLOT || (in.b.kind == V_MAP || in.b.kind == V_MAPVAL || in.b.kind == V_KVAR) || (in.b.kind == V_IMM && in.size == 8 && !cg_fits_s32(in.b.imm)))
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
		if (in.b.kind == V_SLOT || (in.b.kind == V_MAP || in.b.kind == V_MAPVAL || in.b.kind == V_KVAR) || (in.b.kind == V_IMM && !cg_fits_s32(in.b.imm)))
			in.b = tmp_of(cg, in.b, in.loc);
		break;
	case IR_RET:
		if (in.a.kind == V_SLOT || (in.a.kind == V_MAP || in.a.kind == V_MAPVAL || in.a.kind == V_KVAR))
			in.a = tmp_of(cg, in.a, in.loc);
		break;
	default:
		break;
	}
	put_ir(cg, in);
}

void cg_legalize(struct cg *cg)
{
	struct cg_insn *old = cg->code.data;
	size_t n = cg->code.len;

	cg->code.data = NULL;
	cg->code.len = cg->code.cap = 0;
	for (size_t i = 0; i < n; i++)
		legalize_one(cg, &old[i]);
	free(old);
}
