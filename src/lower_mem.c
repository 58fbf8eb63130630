/*
 * lower_mem.c: reading kernel and user memory through typed pointers.
 *
 * A chain like curtask->se.cfs_rq->nr_running only reads memory where a
 * pointer must be followed or a scalar is reached: records and arrays on the
 * way are addresses plus constant offsets (LV_ADDR), folded as they go.
 */
#include "lower.h"
#include "btf.h"

static struct lval addr_val(int reg, int32_t off, struct type *t, bool user)
{
	return (struct lval){ .kind = LV_ADDR, .reg = reg, .off = off, .type = t, .user = user };
}

/* reg + off as one vreg, for helpers that take a source address. */
static int address(struct lower *L, struct lval a)
{
	if (!a.off)
		return a.reg;
	int r = ir_vreg(L->f);
	ir_alu(L->f, ALU_ADD, r, ir_reg(a.reg), ir_imm(a.off));
	return r;
}

/*
 * The value of type t stored at address a: scalars are copied to the stack
 * with bpf_probe_read_{kernel,user} and loaded; char arrays become strings;
 * records and arrays stay where they are.
 */
static struct lval read_value(struct lower *L, struct lval a, struct type *t, const struct field *bits, int dslot,
			      int32_t doff)
{
	if (t->kind == TY_RECORD || t->kind == TY_ARRAY)
		return addr_val(a.reg, a.off, t, a.user);
	int src = address(L, a);
	if (t->kind == TY_STR) {
		/*
		 * A char array: all of its bytes, as bpftrace reads it, so one
		 * that fills its array without a NUL keeps its last character.
		 */
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, t->size);
			off = 0;
		}
		uint32_t n = t->size ? t->size - 1 : 0; /* the checker added a byte for the NUL */
		uint32_t padded = ALIGN_UP(t->size ? t->size : 1, 8);
		lower_zero(L, slot, off + n, padded - n);
		if (n) {
			struct ir_val args[3] = { ir_slotv(slot, off), ir_imm(n), ir_reg(src) };
			lower_checked_call(L, a.user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3, args);
		}
		return (struct lval){ .kind = LV_MEM, .slot = slot, .off = off, .type = t };
	}
	int size = t->size;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		size = 8;
	int tmp = lower_tmp_slot(L, 8);
	int r = ir_vreg(L->f);
	/* a failed read leaves zero, not stack garbage */
	ir_store(L->f, 8, ir_slotv(tmp, 0), 0, ir_imm(0));
	struct ir_val args[3] = { ir_slotv(tmp, 0), ir_imm(size), ir_reg(src) };
	lower_checked_call(L, a.user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3, args);
	ir_load(L->f, size, r, ir_slotv(tmp, 0), 0);
	if (bits && bits->bit_size) {
		int sh = 64 - bits->bit_offset - bits->bit_size;
		ir_alu(L->f, ALU_LSH, r, ir_reg(r), ir_imm(sh));
		/* bitfields read as unsigned, as bpftrace reads them */
		ir_alu(L->f, ALU_RSH, r, ir_reg(r), ir_imm(64 - bits->bit_size));
	} else if (t->kind == TY_INT) {
		lower_extend(L, r, t);
	}
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

/*
 * The value of type t at stack memory slot+off (a record or array copied to the
 * stack earlier): scalars are loaded, strings copied out zero-padded, records
 * and arrays stay where they are.
 */
static struct lval mem_value(struct lower *L, int slot, int32_t off, struct type *t, const struct field *bits)
{
	if (t->kind == TY_RECORD || t->kind == TY_ARRAY)
		return (struct lval){ .kind = LV_MEM, .slot = slot, .off = off, .type = t };
	if (t->kind == TY_STR) {
		/* its own aligned, zero-padded buffer: string code reads whole words */
		uint32_t n = t->size ? t->size - 1 : 0; /* the checker added a byte for the NUL */
		int tmp = lower_tmp_slot(L, t->size);
		uint32_t padded = ALIGN_UP(t->size ? t->size : 1, 8);
		lower_copy(L, tmp, 0, ir_slotv(slot, 0), off, n);
		lower_zero(L, tmp, n, padded - n);
		return (struct lval){ .kind = LV_MEM, .slot = tmp, .off = 0, .type = t };
	}
	int size = t->size;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		size = 8;
	int r = ir_vreg(L->f);
	if (off % size == 0) {
		ir_load(L->f, size, r, ir_slotv(slot, 0), off);
	} else {
		/* packed records: the verifier wants aligned stack loads */
		int tmp = lower_tmp_slot(L, 8);
		ir_store(L->f, 8, ir_slotv(tmp, 0), 0, ir_imm(0));
		lower_copy(L, tmp, 0, ir_slotv(slot, 0), off, size);
		ir_load(L->f, size, r, ir_slotv(tmp, 0), 0);
	}
	if (bits && bits->bit_size) {
		int sh = 64 - bits->bit_offset - bits->bit_size;
		ir_alu(L->f, ALU_LSH, r, ir_reg(r), ir_imm(sh));
		ir_alu(L->f, ALU_RSH, r, ir_reg(r), ir_imm(64 - bits->bit_size));
	} else if (t->kind == TY_INT) {
		lower_extend(L, r, t);
	}
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

static bool is_scalar(const struct type *t)
{
	return t->kind == TY_INT || t->kind == TY_BOOL || t->kind == TY_PTR;
}

/*
 * a[i] with a run-time i on an array copied to the stack: bounds-checked
 * (out of range reads 0), then a load through a stack pointer with a variable
 * offset, or a copy of the element for strings, records and arrays.
 */
static struct lval mem_index(struct lower *L, struct lval base, struct type *stored, struct type *elem,
			     struct ir_val i, uint32_t count)
{
	int done = ir_label(L->f);
	int p = ir_vreg(L->f), idx = ir_vreg(L->f);
	uint32_t es = stored->size ? stored->size : 1;

	ir_mov(L->f, idx, i);
	if (is_scalar(elem)) {
		int r = ir_vreg(L->f);
		int size = es == 1 || es == 2 || es == 4 ? (int)es : 8;
		ir_mov(L->f, r, ir_imm(0));
		ir_br(L->f, COND_GE, ir_reg(idx), ir_imm(count), done);
		ir_alu(L->f, ALU_MUL, idx, ir_reg(idx), ir_imm(es));
		ir_mov(L->f, p, ir_slotv(base.slot, base.off));
		ir_alu(L->f, ALU_ADD, p, ir_reg(p), ir_reg(idx));
		ir_load(L->f, size, r, ir_reg(p), 0);
		if (elem->kind == TY_INT)
			lower_extend(L, r, elem);
		ir_place(L->f, done);
		return (struct lval){ .kind = LV_REG, .reg = r, .type = elem };
	}
	/* elem may be a string one byte longer than the array's: that byte stays NUL */
	int tmp = lower_tmp_slot(L, elem->size);
	lower_zero(L, tmp, 0, ALIGN_UP(elem->size ? elem->size : 1, 8));
	ir_br(L->f, COND_GE, ir_reg(idx), ir_imm(count), done);
	ir_alu(L->f, ALU_MUL, idx, ir_reg(idx), ir_imm(es));
	ir_mov(L->f, p, ir_slotv(base.slot, base.off));
	ir_alu(L->f, ALU_ADD, p, ir_reg(p), ir_reg(idx));
	struct ir_val args[3] = { ir_slotv(tmp, 0), ir_imm(es), ir_reg(p) };
	lower_checked_call(L, BPF_FUNC_probe_read_kernel, 3, args);
	ir_place(L->f, done);
	return (struct lval){ .kind = LV_MEM, .slot = tmp, .off = 0, .type = elem };
}

/* The address a pointer-valued expression holds. */
static struct lval pointee(struct lower *L, struct node *ptr)
{
	struct ir_val v = lower_operand(L, ptr);
	int r;
	if (v.kind == V_REG) {
		r = v.n;
	} else {
		r = ir_vreg(L->f);
		ir_mov(L->f, r, v);
	}
	return addr_val(r, 0, ptr->type->elem, ptr->type->is_user);
}

struct lval lower_member(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	struct lval base;
	struct type *rec;

	if (n->is_arrow && n->operand->kind == N_BUILTIN && n->operand->builtin == BI_CTX &&
	    L->ps->kind == PROBE_ITER) {
		/* an iterator's context is read directly, as the verifier wants */
		const struct field *f = btf_member(n->operand->type->elem, n->name);
		if (f)
			return lower_btf_load(L, f->offset, n->type);
	}
	if (n->is_arrow) {
		base = pointee(L, n->operand);
		rec = n->operand->type->elem;
	} else {
		base = lower_expr(L, n->operand);
		rec = n->operand->type;
	}
	const struct field *f = btf_member(rec, n->name);
	if (f && base.kind == LV_MEM)
		return mem_value(L, base.slot, base.off + f->offset, n->type, f);
	if (!f || base.kind != LV_ADDR)
		return (struct lval){ .kind = LV_IMM, .type = n->type };
	base.off += f->offset;
	return read_value(L, base, n->type, f, dslot, doff);
}

struct lval lower_index(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	struct type *bt = n->operand->type;
	struct lval base = bt->kind == TY_ARRAY ? lower_expr(L, n->operand) : pointee(L, n->operand);
	struct type *elem = bt->elem;
	struct ir_val i = lower_operand(L, n->rhs);

	if (base.kind == LV_MEM && bt->kind == TY_ARRAY) {
		if (i.kind == V_IMM)
			return mem_value(L, base.slot, base.off + (int32_t)(i.imm * elem->size), n->type, NULL);
		return mem_index(L, base, elem, n->type, i, bt->count);
	}
	if (base.kind != LV_ADDR)
		return (struct lval){ .kind = LV_IMM, .type = n->type };
	if (i.kind == V_IMM) {
		base.off += (int32_t)(i.imm * elem->size);
	} else {
		int r = ir_vreg(L->f);
		ir_alu(L->f, ALU_MUL, r, i, ir_imm(elem->size));
		ir_alu(L->f, ALU_ADD, r, ir_reg(r), ir_reg(base.reg));
		base.reg = r;
	}
	return read_value(L, base, n->type, NULL, dslot, doff);
}

/*
 * Whether a pointer from '&' is still in a register the verifier knows as a
 * pointer to the stack or a map value (or 0), so that it is loaded directly:
 * '&...' itself, or a variable only ever assigned '&...'. A pointer that went
 * through memory (a map, a tuple, a loop body's copy) is a plain number to
 * the verifier, read with bpf_probe_read_kernel like any kernel address.
 */
static bool local_tracked(const struct lower *L, const struct node *p)
{
	while (p->kind == N_BLOCK_EXPR)
		p = p->operand;
	if (p->kind == N_UNARY && p->uop == UN_ADDR)
		return true;
	if (p->kind != N_VAR || L->in_callback || (L->crossed && L->crossed[p->var_id]))
		return false;
	const struct var *v = &L->ps->vars[p->var_id];
	return v->addr_assigns > 0 && !v->other_assigns;
}

/* *p of a tracked pointer: 0 when it is null (a missing map key), else the direct load. */
static struct lval local_load(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	struct type *t = n->type;
	int p = lower_reg(L, n->operand);
	int done = ir_label(L->f);

	if (lower_is_mem(t)) {
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, t->size);
			off = 0;
		}
		uint32_t n8 = ALIGN_UP(t->size ? t->size : 1, 8);
		lower_zero(L, slot, off, n8);
		ir_br(L->f, COND_EQ, ir_reg(p), ir_imm(0), done);
		/* slots and map values are 8-aligned: whole words, the padding zero in both */
		lower_copy(L, slot, off, ir_reg(p), 0, n8);
		ir_place(L->f, done);
		return (struct lval){ .kind = LV_MEM, .slot = slot, .off = off, .type = t };
	}
	int size = t->size == 1 || t->size == 2 || t->size == 4 ? (int)t->size : 8;
	int r = ir_vreg(L->f);
	ir_mov(L->f, r, ir_imm(0));
	ir_br(L->f, COND_EQ, ir_reg(p), ir_imm(0), done);
	ir_load(L->f, size, r, ir_reg(p), 0);
	if (t->kind == TY_INT)
		lower_extend(L, r, t);
	ir_place(L->f, done);
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

struct lval lower_deref(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	const struct type *pt = n->operand->type;
	if (pt->kind == TY_PTR && pt->is_local && local_tracked(L, n->operand) &&
	    n->type->kind != TY_RECORD && n->type->kind != TY_ARRAY)
		return local_load(L, n, dslot, doff);
	if (pt->kind == TY_PTR && pt->is_local && n->type->kind == TY_TUPLE) {
		/* a tuple through a pointer that went through memory: its bytes copied out */
		struct lval a = pointee(L, n->operand);
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, n->type->size);
			off = 0;
		}
		lower_bytes_into(L, a, false, slot, off, ALIGN_UP(n->type->size, 8));
		return (struct lval){ .kind = LV_MEM, .slot = slot, .off = off, .type = n->type };
	}
	return read_value(L, pointee(L, n->operand), n->type, NULL, dslot, doff);
}

void lower_var_home(struct lower *L, int i)
{
	const struct var *v = &L->ps->vars[i];
	if (!v->addr_taken || lower_is_mem(v->type))
		return;
	L->var_slot[i] = ir_slot(L->f, 8, 8);
	ir_store(L->f, 8, ir_slotv(L->var_slot[i], 0), 0, ir_imm(0));
}

void lower_var_sync(struct lower *L, int i)
{
	const struct var *v = &L->ps->vars[i];
	if (!v->addr_taken || lower_is_mem(v->type))
		return;
	if (L->home_reg && L->home_reg[i] > 0) {
		/* a loop body writes the caller's home; a pointer to the stack may not go there */
		if (!(v->type->kind == TY_PTR && v->type->is_local))
			ir_store(L->f, 8, ir_reg(L->home_reg[i]), 0, ir_reg(L->var_reg[i]));
		return;
	}
	ir_store(L->f, 8, ir_slotv(L->var_slot[i], 0), 0, ir_reg(L->var_reg[i]));
}

struct lval lower_addr(struct lower *L, struct node *n)
{
	struct node *o = n->operand;
	int r = ir_vreg(L->f);

	if (o->kind == N_VAR) {
		int id = o->var_id;
		if (L->home_reg && L->home_reg[id] > 0 && !lower_is_mem(L->ps->vars[id].type))
			ir_mov(L->f, r, ir_reg(L->home_reg[id]));
		else
			ir_mov(L->f, r, ir_slotv(L->var_slot[id], 0));
		return (struct lval){ .kind = LV_REG, .reg = r, .type = n->type };
	}
	/* the value's address in the map, or 0 for a missing key: a pointer or a number, never maybe-null */
	int p = lower_map_lookup(L, o);
	int done = ir_label(L->f);
	ir_mov(L->f, r, ir_imm(0));
	ir_br(L->f, COND_EQ, ir_reg(p), ir_imm(0), done);
	ir_mov(L->f, r, ir_reg(p));
	ir_place(L->f, done);
	return (struct lval){ .kind = LV_REG, .reg = r, .type = n->type };
}
