/*
 * lower_glob.c: globmatch(str, "pattern"), unrolled over the string's bytes
 * as a set of states in one register: bit j says the first j tokens match
 * the bytes read so far. Each byte moves every live state (a literal or a
 * class that accepts the byte, '?', or a '*' that stays); a '*' also lets
 * the next token start without a byte. The string matches when, at its NUL
 * or the end of its buffer, the bit after the last token is set. No
 * branches: a branch a byte would multiply the paths the verifier walks, and
 * only the states a position can have get code.
 */
#include "lower.h"
#include "glob.h"

/* State bit k with the star closure: a star at k may match nothing, so k + 1 is live too. */
static uint64_t state_bits(const struct glob_tok *t, int ntok, int k)
{
	uint64_t b = 1ull << k;
	if (k < ntok && t[k].kind == GLOB_STAR)
		b |= 1ull << (k + 1);
	return b;
}

/*
 * Branch-free tests (each branch would double the states the verifier walks
 * through a long unrolled match): flag = 1 when byte c (0..255) is in
 * [lo, lo + w]: d = c - lo is then neither negative nor above w, so the sign
 * bits of ~d and d - w - 1 are both set.
 */
/* d = a op b in a fresh vreg: a long straight line of single definitions keeps codegen's webs cheap */
static int op(struct lower *L, enum ir_alu alu, int a, struct ir_val b)
{
	int d = ir_vreg(L->f);
	ir_alu(L->f, alu, d, ir_reg(a), b);
	return d;
}

static int range_flag(struct lower *L, int c, uint8_t lo, uint8_t w)
{
	int d = op(L, ALU_SUB, c, ir_imm(lo));
	int above = op(L, ALU_SUB, d, ir_imm((int64_t)w + 1));
	int f = op(L, ALU_XOR, d, ir_imm(-1));
	f = op(L, ALU_AND, f, ir_reg(above));
	return op(L, ALU_RSH, f, ir_imm(63));
}

/* whether token t accepts byte c: a vreg holding 0 or 1 */
static int accept_flag(struct lower *L, const struct glob_tok *t, int c)
{
	int f;

	switch (t->kind) {
	case GLOB_LIT:
		return range_flag(L, c, t->ch, 0);
	case GLOB_CLASS:
		f = range_flag(L, c, t->lo[0], t->hi[0] - t->lo[0]);
		for (int r = 1; r < t->nranges; r++)
			f = op(L, ALU_OR, f, ir_reg(range_flag(L, c, t->lo[r], t->hi[r] - t->lo[r])));
		return t->negated ? op(L, ALU_XOR, f, ir_imm(1)) : f;
	default:
		f = ir_vreg(L->f);
		ir_mov(L->f, f, ir_imm(1));
		return f;
	}
}

struct lval lower_globmatch(struct lower *L, struct node *n)
{
	struct glob_tok tok[GLOB_MAX_TOKENS];
	int ntok = glob_compile(n->args->next->str, tok);
	struct lval s = lower_expr(L, n->args);
	int st = ir_vreg(L->f), alive = ir_vreg(L->f);

	if (ntok < 0)
		ntok = 0;   /* the checker refused the pattern */
	ir_mov(L->f, st, ir_imm((int64_t)state_bits(tok, ntok, 0)));
	ir_mov(L->f, alive, ir_imm(1));
	for (uint32_t i = 0; i < s.type->size; i++) {
		int c = ir_vreg(L->f), next = ir_vreg(L->f);
		ir_load(L->f, 1, c, ir_slotv(s.slot, 0), s.off + i);
		/* alive stays 1 until the NUL: (c + 255) >> 8 is 0 for c = 0, else 1 */
		alive = op(L, ALU_AND, alive, ir_reg(op(L, ALU_RSH, op(L, ALU_ADD, c, ir_imm(255)), ir_imm(8))));
		ir_mov(L->f, next, ir_imm(0));
		for (int j = 0; j < ntok; j++) {
			const struct glob_tok *t = &tok[j];
			if (!glob_state_possible(tok, j, i))
				continue;
			uint64_t adv = t->kind == GLOB_STAR ? state_bits(tok, ntok, j) : state_bits(tok, ntok, j + 1);

			/* next |= adv when state j is live and token j takes the byte */
			int f = op(L, ALU_AND, accept_flag(L, t, c), ir_reg(op(L, ALU_RSH, st, ir_imm(j))));
			f = op(L, ALU_AND, f, ir_imm(1));
			f = op(L, ALU_MUL, f, ir_imm((int64_t)adv));
			next = op(L, ALU_OR, next, ir_reg(f));
		}
		/* st = alive ? next : st, without a branch */
		int diff = op(L, ALU_MUL, op(L, ALU_XOR, next, ir_reg(st)), ir_reg(alive));
		st = op(L, ALU_XOR, st, ir_reg(diff));
	}
	st = op(L, ALU_AND, op(L, ALU_RSH, st, ir_imm(ntok)), ir_imm(1));
	return (struct lval){ .kind = LV_REG, .reg = st, .type = n->type };
}
