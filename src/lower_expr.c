/* lower_expr.c: expressions to IR. Ints live in vregs as 64-bit values; strings in stack memory. */
#include "lower.h"

#include <string.h>
#include <unistd.h>

static struct lval lv_reg(int r, struct type *t)
{
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

static struct lval lv_imm(int64_t v, struct type *t)
{
	return (struct lval){ .kind = LV_IMM, .imm = v, .type = t };
}

static struct lval lv_mem(int slot, int32_t off, struct type *t)
{
	return (struct lval){ .kind = LV_MEM, .slot = slot, .off = off, .type = t };
}

static uint32_t mem_size(const struct type *t)
{
	return ALIGN_UP(t->size ? t->size : 1, 8);
}

/* The widest access (8, 4, 2, 1) that keeps every stack offset aligned: the verifier rejects others. */
static uint32_t access_unit(int32_t a, int32_t b)
{
	uint32_t u = 8;
	while (u > 1 && ((a % (int32_t)u) || (b % (int32_t)u)))
		u /= 2;
	return u;
}

/* The widest aligned access at a and b that fits in n bytes: the next step of a copy or a clear. */
static uint32_t step_unit(int32_t a, int32_t b, uint32_t n)
{
	uint32_t u = access_unit(a, b);
	while (u > n)
		u /= 2;
	return u;
}

/* Zeroes size bytes at slot+off: single bytes up to an aligned offset (a tuple's padding), then words. */
void lower_zero(struct lower *L, int slot, int32_t off, uint32_t size)
{
	for (uint32_t i = 0, u; i < size; i += u) {
		u = step_unit(off + (int32_t)i, 0, size - i);
		ir_store(L->f, u, ir_slotv(slot, 0), off + i, ir_imm(0));
	}
}

/* Copies n bytes from src+soff (a slot or a pointer in a vreg) to a slot. */
void lower_copy(struct lower *L, int dslot, int32_t doff, struct ir_val src, int32_t soff, uint32_t n)
{
	int t = ir_vreg(L->f);
	/* the source's offset counts too: a tracepoint's context takes only aligned loads */
	int32_t sbase = src.kind == V_SLOT ? soff + (int32_t)src.imm : soff;
	for (uint32_t i = 0, u; i < n; i += u) {
		u = step_unit(doff + (int32_t)i, sbase + (int32_t)i, n - i);
		ir_load(L->f, u, t, src, soff + i);
		ir_store(L->f, u, ir_slotv(dslot, 0), doff + i, ir_reg(t));
	}
}

/* Sign-extends a narrow signed value loaded zero-extended. */
int lower_extend(struct lower *L, int reg, const struct type *t)
{
	if (t->kind != TY_INT || !t->is_signed || t->size >= 8)
		return reg;
	int sh = 64 - 8 * t->size;
	ir_alu(L->f, ALU_LSH, reg, ir_reg(reg), ir_imm(sh));
	ir_alu(L->f, ALU_ARSH, reg, ir_reg(reg), ir_imm(sh));
	return reg;
}

/* Stores a value of up to `size` bytes at slot+off: ints as 8 bytes, strings zero-padded to size. */
void lower_store_lval(struct lower *L, struct lval v, int slot, int32_t off, uint32_t size)
{
	switch (v.kind) {
	case LV_ADDR: {
		/* a record or array in kernel or user memory: copy its bytes, zero the padding */
		uint32_t n = v.type->size < size ? v.type->size : size;
		uint32_t want = ALIGN_UP(size, 8);
		int src = v.reg;
		if (v.off) {
			src = ir_vreg(L->f);
			ir_alu(L->f, ALU_ADD, src, ir_reg(v.reg), ir_imm(v.off));
		}
		if (n) {
			struct ir_val args[3] = { ir_slotv(slot, off), ir_imm(n), ir_reg(src) };
			lower_checked_call(L, v.user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3, args);
		}
		if (want > n)
			lower_zero(L, slot, off + n, want - n);
		return;
	}
	case LV_IMM:
		ir_store(L->f, 8, ir_slotv(slot, 0), off, ir_imm(v.imm));
		return;
	case LV_REG:
		ir_store(L->f, 8, ir_slotv(slot, 0), off, ir_reg(v.reg));
		return;
	case LV_MEM: {
		uint32_t have = mem_size(v.type);
		uint32_t want = ALIGN_UP(size, 8);
		if (v.slot == slot && v.off == off)
			return;
		if (v.type->kind == TY_TUPLE) {
			/*
			 * exactly its bytes: a tuple inside another is followed by
			 * the other's fields; zeros up to the word's end, for keys
			 */
			uint32_t n = v.type->size < size ? v.type->size : size;
			lower_copy(L, slot, off, ir_slotv(v.slot, 0), v.off, n);
			lower_zero(L, slot, off + n, ALIGN_UP(off + n, 8) - (off + n));
			return;
		}
		if (v.type->kind == TY_RECORD || v.type->kind == TY_ARRAY) {
			/*
			 * a member of a record copy: the bytes after it are other
			 * members, or past the copy's end
			 */
			uint32_t n = v.type->size < size ? v.type->size : size;
			lower_copy(L, slot, off, ir_slotv(v.slot, 0), v.off, n);
			lower_zero(L, slot, off + n, want - n);
			return;
		}
		if (have >= want) {
			lower_copy(L, slot, off, ir_slotv(v.slot, 0), v.off, want);
			/* a truncated string still ends in NUL */
			if (v.type->kind == TY_STR ? v.type->size > size : have > want)
				ir_store(L->f, 1, ir_slotv(slot, 0), off + size - 1, ir_imm(0));
		} else {
			lower_copy(L, slot, off, ir_slotv(v.slot, 0), v.off, have);
			lower_zero(L, slot, off + have, want - have);
		}
		return;
	}
	}
}

static void store_string_literal(struct lower *L, const char *s, int len, int slot, int32_t off, uint32_t size)
{
	uint32_t n = ALIGN_UP(size, 8);
	for (uint32_t i = 0; i < n; i += 4) {
		uint32_t w = 0;
		for (int b = 0; b < 4; b++) {
			uint32_t at = i + b;
			unsigned char c = (int)at < len && at < size - 1 ? (unsigned char)s[at] : 0;
			w |= (uint32_t)c << (8 * b);
		}
		ir_store(L->f, 4, ir_slotv(slot, 0), off + i, ir_imm((int32_t)w));
	}
}

static int call0(struct lower *L, int helper)
{
	int r = ir_vreg(L->f);
	ir_call(L->f, r, helper, 0, NULL);
	return r;
}

/*
 * The current task's ids as bpf_get_current_pid_tgid lays them out (tgid << 32 | pid),
 * seen from sonde's PID namespace as bpftrace reports them. In the initial namespace
 * (the common case) that is the plain helper; in a container, the ids come from
 * bpf_get_ns_current_pid_tgid, whose {pid, tgid} pair read as one u64 has the same
 * layout; a task outside that namespace reads 0.
 */
int lower_pid_tgid(struct lower *L, bool init_ns)
{
	if (init_ns || !L->prog->pidns_ino)
		return call0(L, BPF_FUNC_get_current_pid_tgid);

	int slot = lower_tmp_slot(L, 8), r = ir_vreg(L->f);
	struct ir_val args[4] = { ir_imm((int64_t)L->prog->pidns_dev), ir_imm((int64_t)L->prog->pidns_ino),
				  ir_slotv(slot, 0), ir_imm(8) };

	ir_call(L->f, -1, BPF_FUNC_get_ns_current_pid_tgid, 4, args);
	ir_load(L->f, 8, r, ir_slotv(slot, 0), 0);
	return r;
}

/* str(p[, n]) and tracepoint strings: read a NUL-terminated string into zeroed memory. */
static void read_str(struct lower *L, struct ir_val src, bool user, int slot, int32_t off, uint32_t size,
		     struct node *len)
{
	lower_zero(L, slot, off, ALIGN_UP(size, 8));
	struct ir_val args[3] = { ir_slotv(slot, off), ir_imm(size), src };
	if (len) {
		/* a run-time length n (n - 1 characters, then the NUL): clamped to the buffer for the verifier */
		int r = lower_reg(L, len);
		int ok = ir_label(L->f);
		ir_br(L->f, COND_LE, ir_reg(r), ir_imm(size), ok);
		ir_mov(L->f, r, ir_imm(size));
		ir_place(L->f, ok);
		args[1] = ir_reg(r);
	}
	lower_checked_call(L, user ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_kernel_str, 3, args);
}

static const struct field *ap_field(struct lower *L, const char *name)
{
	const struct type *rec = L->ps->args[L->ap];
	for (int i = 0; rec && i < rec->nfields; i++)
		if (!strcmp(rec->fields[i].name, name))
			return &rec->fields[i];
	return NULL;
}

/* args.NAME in a tracepoint: the record is the context itself. */
static struct lval lower_tp_field(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	const struct field *fl = ap_field(L, n->name);
	struct type *t = n->type;

	if (L->ps->aps[L->ap].raw_sys)
		return lower_syscall_field(L, fl, t);
	if (t->kind == TY_STR) {
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, t->size);
			off = 0;
		}
		int p = ir_vreg(L->f);
		if (fl->data_loc) {
			ir_load(L->f, 4, p, lower_ctx(L), fl->offset);
			ir_alu(L->f, ALU_AND, p, ir_reg(p), ir_imm(0xffff));
			ir_alu(L->f, ALU_ADD, p, ir_reg(p), lower_ctx(L));
		} else {
			ir_mov(L->f, p, lower_ctx(L));
			ir_alu(L->f, ALU_ADD, p, ir_reg(p), ir_imm(fl->offset));
		}
		uint32_t size = t->size;
		if (!fl->data_loc && fl->type->size < size)
			size = fl->type->size;
		lower_zero(L, slot, off, ALIGN_UP(t->size, 8));
		struct ir_val args[3] = { ir_slotv(slot, off), ir_imm(size), ir_reg(p) };
		lower_checked_call(L, BPF_FUNC_probe_read_kernel_str, 3, args);
		return lv_mem(slot, off, t);
	}
	if (t->kind == TY_ARRAY) {
		/* __u8 saddr[4]: copied out of the record, the padding zeroed for keys */
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, t->size);
			off = 0;
		}
		lower_copy(L, slot, off, lower_ctx(L), fl->offset, t->size);
		lower_zero(L, slot, off + t->size, ALIGN_UP(t->size, 8) - t->size);
		return lv_mem(slot, off, t);
	}
	int r = ir_vreg(L->f);
	int size = fl->type->size;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		size = 8;
	ir_load(L->f, size, r, lower_ctx(L), fl->offset);
	if (fl->type->kind == TY_INT)
		lower_extend(L, r, fl->type);
	return lv_reg(r, t);
}

static struct lval lower_builtin(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	struct ir_func *f = L->f;
	int r;

	switch (n->builtin) {
	case BI_PID:
	case BI_TID:
		/* index 1: pid(init), tid(init) */
		r = lower_pid_tgid(L, n->index == 1);
		if (n->builtin == BI_PID)
			ir_alu(f, ALU_RSH, r, ir_reg(r), ir_imm(32));
		else
			ir_alu(f, ALU_AND, r, ir_reg(r), ir_imm(0xffffffff));
		return lv_reg(r, n->type);
	case BI_UID:
	case BI_GID:
		r = call0(L, BPF_FUNC_get_current_uid_gid);
		if (n->builtin == BI_GID)
			ir_alu(f, ALU_RSH, r, ir_reg(r), ir_imm(32));
		else
			ir_alu(f, ALU_AND, r, ir_reg(r), ir_imm(0xffffffff));
		return lv_reg(r, n->type);
	case BI_NSECS:
		return lv_reg(call0(L, BPF_FUNC_ktime_get_ns), n->type);
	case BI_ELAPSED:
		r = call0(L, BPF_FUNC_ktime_get_ns);
		ir_alu(f, ALU_SUB, r, ir_reg(r), ir_imm((int64_t)L->prog->boot_start_ns));
		return lv_reg(r, n->type);
	case BI_CPU:
		return lv_reg(call0(L, BPF_FUNC_get_smp_processor_id), n->type);
	case BI_NUMAID:
		return lv_reg(call0(L, BPF_FUNC_get_numa_node_id), n->type);
	case BI_RAND:
		return lv_reg(call0(L, BPF_FUNC_get_prandom_u32), n->type);
	case BI_CGROUP:
		return lv_reg(call0(L, BPF_FUNC_get_current_cgroup_id), n->type);
	case BI_JIFFIES:
		return lv_reg(call0(L, BPF_FUNC_jiffies64), n->type);
	case BI_KSTACK:
	case BI_USTACK:
		return lower_stack(L, n->type);
	case BI_DW_USTACK:
		return lower_dw_stack(L, n);
	case BI_CURTASK:
		return lv_reg(call0(L, BPF_FUNC_get_current_task), n->type);
	case BI_CPID:
		return lv_imm(L->prog->cpid, n->type);
	case BI_NCPUS:
		return lv_imm(sysconf(_SC_NPROCESSORS_ONLN), n->type);
	case BI_COMM: {
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, 16);
			off = 0;
		}
		/*
		 * A map key or a comparison reads all 16 bytes: zeroed first
		 * unless the helper pads them itself (prog.h).
		 */
		if (!L->prog->comm_padded)
			lower_zero(L, slot, off, 16);
		struct ir_val args[2] = { ir_slotv(slot, off), ir_imm(16) };
		ir_call(f, -1, BPF_FUNC_get_current_comm, 2, args);
		return lv_mem(slot, off, n->type);
	}
	case BI_PROBE:
	case BI_FUNC: {
		const struct attach_point *ap = &L->ps->aps[L->ap];
		const char *name = n->builtin == BI_PROBE ? ap->name : prog_func_text(ap, &L->prog->config);
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, n->type->size);
			off = 0;
		}
		if (L->naps > 1)
			lower_name_by_cookie(L, n->builtin == BI_FUNC, slot, off, n->type->size);
		else
			store_string_literal(L, name, strlen(name), slot, off, n->type->size);
		return lv_mem(slot, off, n->type);
	}
	case BI_ARG:
	case BI_RETVAL:
		return lower_probe_arg(L, n);
	default:
		/* issue 3: the standard library's other builtins (lower_stdlib.c) */
		return lower_builtin_more(L, n, dslot, doff);
	}
}

static enum ir_alu alu_of(enum binop op, bool is_signed)
{
	switch (op) {
	case BIN_ADD: return ALU_ADD;
	case BIN_SUB: return ALU_SUB;
	case BIN_MUL: return ALU_MUL;
	case BIN_DIV: return is_signed ? ALU_SDIV : ALU_DIV;
	case BIN_MOD: return is_signed ? ALU_SMOD : ALU_MOD;
	case BIN_AND: return ALU_AND;
	case BIN_OR: return ALU_OR;
	case BIN_XOR: return ALU_XOR;
	case BIN_SHL: return ALU_LSH;
	case BIN_SHR: return is_signed ? ALU_ARSH : ALU_RSH;
	default: return ALU_ADD;
	}
}

static bool is_cmp(enum binop op)
{
	return op == BIN_EQ || op == BIN_NE || op == BIN_LT || op == BIN_LE || op == BIN_GT || op == BIN_GE;
}

static bool signed_operands(const struct node *n)
{
	const struct type *a = n->lhs->type, *b = n->rhs->type;
	bool ua = a->kind == TY_PTR || (a->kind == TY_INT && a->size == 8 && !a->is_signed);
	bool ub = b->kind == TY_PTR || (b->kind == TY_INT && b->size == 8 && !b->is_signed);
	return !ua && !ub;
}

/* The condition that is true when `a op b` is false. */
static enum ir_cond negate(enum binop op, bool s)
{
	switch (op) {
	case BIN_EQ: return COND_NE;
	case BIN_NE: return COND_EQ;
	case BIN_LT: return s ? COND_SGE : COND_GE;
	case BIN_LE: return s ? COND_SGT : COND_GT;
	case BIN_GT: return s ? COND_SLE : COND_LE;
	default: return s ? COND_SLT : COND_LT; /* BIN_GE */
	}
}

static int64_t fold(enum binop op, int64_t a, int64_t b, bool s, bool *ok)
{
	uint64_t ua = a, ub = b;
	*ok = true;
	switch (op) {
	case BIN_ADD: return (int64_t)(ua + ub);
	case BIN_SUB: return (int64_t)(ua - ub);
	case BIN_MUL: return (int64_t)(ua * ub);
	case BIN_DIV:
		if (!b || (s && a == INT64_MIN && b == -1))
			break;
		return s ? a / b : (int64_t)(ua / ub);
	case BIN_MOD:
		if (!b || (s && a == INT64_MIN && b == -1))
			break;
		return s ? a % b : (int64_t)(ua % ub);
	case BIN_AND: return a & b;
	case BIN_OR: return a | b;
	case BIN_XOR: return a ^ b;
	case BIN_SHL: return (int64_t)(ua << (ub & 63));
	case BIN_SHR: return s ? a >> (ub & 63) : (int64_t)(ua >> (ub & 63));
	case BIN_EQ: return a == b;
	case BIN_NE: return a != b;
	case BIN_LT: return s ? a < b : ua < ub;
	case BIN_LE: return s ? a <= b : ua <= ub;
	case BIN_GT: return s ? a > b : ua > ub;
	case BIN_GE: return s ? a >= b : ua >= ub;
	default: break;
	}
	*ok = false;
	return 0;
}

/*
 * Strings compare equal up to their NUL; both buffers are zero-padded, so whole
 * words compare. buf() values too: their length comes first, zero padding after.
 */
/*
 * An array as whole zero-padded words in stack memory: one still in kernel or
 * user memory (LV_ADDR) is read; one inside a record copy is copied out, as
 * the bytes after it belong to other members.
 */
static struct lval in_stack(struct lower *L, struct lval v)
{
	if (v.type->kind != TY_ARRAY || (v.kind == LV_MEM && v.off % 8 == 0 && v.type->size % 8 == 0))
		return v;
	int slot = lower_tmp_slot(L, v.type->size);
	lower_store_lval(L, v, slot, 0, v.type->size);
	return lv_mem(slot, 0, v.type);
}

/* A tuple as type t in a fresh slot, padding zeroed up to whole words. */
static struct lval tuple_in_stack(struct lower *L, struct node *n, struct type *t)
{
	int slot = lower_tmp_slot(L, t->size);
	lower_into_type(L, n, slot, 0, t);
	return lv_mem(slot, 0, t);
}

/* Strings, buffers, arrays and tuples: equal when their 8-byte words are (all zero-padded). */
static void lower_str_eq(struct lower *L, struct node *n, int false_label, bool want_equal)
{
	struct lval a, b;
	if (n->lhs->type->kind == TY_TUPLE) {
		struct type *t = type_tuple_merge(n->lhs->type, n->rhs->type);
		a = tuple_in_stack(L, n->lhs, t);
		b = tuple_in_stack(L, n->rhs, t);
	} else {
		a = in_stack(L, lower_expr(L, n->lhs));
		b = in_stack(L, lower_expr(L, n->rhs));
	}
	uint32_t sa = ALIGN_UP(a.type->size, 8), sb = ALIGN_UP(b.type->size, 8);
	uint32_t len = sa < sb ? sa : sb;
	int differ = want_equal ? false_label : ir_label(L->f);
	int x = ir_vreg(L->f), y = ir_vreg(L->f);

	for (uint32_t i = 0; i < len; i += 8) {
		ir_load(L->f, 8, x, ir_slotv(a.slot, 0), a.off + i);
		ir_load(L->f, 8, y, ir_slotv(b.slot, 0), b.off + i);
		ir_br(L->f, COND_NE, ir_reg(x), ir_reg(y), differ);
	}
	if (!want_equal) {
		ir_jmp(L->f, false_label);
		ir_place(L->f, differ);
	}
}

void lower_cond(struct lower *L, struct node *n, int false_label)
{
	if (n->kind == N_BINARY && is_cmp(n->op) && (n->lhs->type->kind == TY_STR || n->lhs->type->kind == TY_BUF ||
						     n->lhs->type->kind == TY_ARRAY || n->lhs->type->kind == TY_TUPLE)) {
		lower_str_eq(L, n, false_label, n->op == BIN_EQ);
		return;
	}
	if (n->kind == N_BINARY && is_cmp(n->op)) {
		bool s = signed_operands(n);
		struct ir_val a = lower_operand(L, n->lhs);
		struct ir_val b = lower_operand(L, n->rhs);
		enum ir_cond c = negate(n->op, s);
		if (a.kind == V_IMM && b.kind == V_IMM) {
			bool ok;
			if (!fold(n->op, a.imm, b.imm, s, &ok))
				ir_jmp(L->f, false_label);
			return;
		}
		if (a.kind == V_IMM) {
			/* imm op reg: swap the operands */
			static const enum ir_cond swapped[COND_MAX] = {
				[COND_EQ] = COND_EQ, [COND_NE] = COND_NE, [COND_GT] = COND_LT, [COND_GE] = COND_LE,
				[COND_LT] = COND_GT, [COND_LE] = COND_GE, [COND_SGT] = COND_SLT, [COND_SGE] = COND_SLE,
				[COND_SLT] = COND_SGT, [COND_SLE] = COND_SGE, [COND_SET] = COND_SET,
			};
			ir_br(L->f, swapped[c], b, a, false_label);
			return;
		}
		ir_br(L->f, c, a, b, false_label);
		return;
	}
	if (n->kind == N_BINARY && n->op == BIN_LAND) {
		lower_cond(L, n->lhs, false_label);
		lower_cond(L, n->rhs, false_label);
		return;
	}
	if (n->kind == N_BINARY && n->op == BIN_LOR) {
		int is_true = ir_label(L->f), next = ir_label(L->f);
		lower_cond(L, n->lhs, next);
		ir_jmp(L->f, is_true);
		ir_place(L->f, next);
		lower_cond(L, n->rhs, false_label);
		ir_place(L->f, is_true);
		return;
	}
	if (n->kind == N_UNARY && n->uop == UN_NOT) {
		int is_true = ir_label(L->f);
		lower_cond(L, n->operand, is_true);
		ir_jmp(L->f, false_label);
		ir_place(L->f, is_true);
		return;
	}
	struct ir_val v = lower_operand(L, n);
	if (v.kind == V_IMM) {
		if (!v.imm)
			ir_jmp(L->f, false_label);
		return;
	}
	ir_br(L->f, COND_EQ, v, ir_imm(0), false_label);
}

/* A boolean-valued expression as 0/1 in a vreg. */
static struct lval lower_bool(struct lower *L, struct node *n)
{
	int r = ir_vreg(L->f);
	int f = ir_label(L->f), done = ir_label(L->f);
	lower_cond(L, n, f);
	ir_mov(L->f, r, ir_imm(1));
	ir_jmp(L->f, done);
	ir_place(L->f, f);
	ir_mov(L->f, r, ir_imm(0));
	ir_place(L->f, done);
	return lv_reg(r, n->type);
}

/* v * scale, for pointer arithmetic; folded when v is a constant. */
struct ir_val lower_scale(struct lower *L, struct ir_val v, int scale)
{
	if (scale == 1)
		return v;
	if (v.kind == V_IMM)
		return ir_imm((int64_t)((uint64_t)v.imm * (uint64_t)scale));
	int r = ir_vreg(L->f);
	ir_mov(L->f, r, v);
	ir_alu(L->f, ALU_MUL, r, ir_reg(r), ir_imm(scale));
	return ir_reg(r);
}

static struct lval lower_binary(struct lower *L, struct node *n)
{
	if (is_cmp(n->op) || n->op == BIN_LAND || n->op == BIN_LOR) {
		if (is_cmp(n->op) && n->lhs->type->kind != TY_STR && n->lhs->type->kind != TY_BUF &&
		    n->lhs->type->kind != TY_ARRAY && n->lhs->type->kind != TY_TUPLE) {
			struct ir_val a = lower_operand(L, n->lhs), b = lower_operand(L, n->rhs);
			bool ok;
			if (a.kind == V_IMM && b.kind == V_IMM) {
				int64_t v = fold(n->op, a.imm, b.imm, signed_operands(n), &ok);
				return lv_imm(v, n->type);
			}
			/* re-lowering would duplicate side effects: compare the values we have */
			int r = ir_vreg(L->f);
			int f = ir_label(L->f), done = ir_label(L->f);
			enum ir_cond c = negate(n->op, signed_operands(n));
			if (a.kind == V_IMM) {
				int t = ir_vreg(L->f);
				ir_mov(L->f, t, a);
				a = ir_reg(t);
			}
			ir_mov(L->f, r, ir_imm(1));
			ir_br(L->f, c, a, b, f);
			ir_jmp(L->f, done);
			ir_place(L->f, f);
			ir_mov(L->f, r, ir_imm(0));
			ir_place(L->f, done);
			return lv_reg(r, n->type);
		}
		return lower_bool(L, n);
	}
	bool s = n->type->is_signed;
	struct ir_val a = lower_operand(L, n->lhs);
	struct ir_val b = lower_operand(L, n->rhs);
	if (n->aux > 0) {
		/* pointer arithmetic (sema.c pointer_arith): the integer steps by the pointee's size */
		if (n->lhs->type->kind == TY_PTR)
			b = lower_scale(L, b, n->aux);
		else
			a = lower_scale(L, a, n->aux);
	} else if (n->aux < 0) {
		/* p - q: the byte distance over the element size */
		int r = ir_vreg(L->f);
		ir_mov(L->f, r, a);
		ir_alu(L->f, ALU_SUB, r, ir_reg(r), b);
		ir_alu(L->f, ALU_SDIV, r, ir_reg(r), ir_imm(-n->aux));
		return lv_reg(r, n->type);
	}
	if (a.kind == V_IMM && b.kind == V_IMM) {
		bool ok;
		int64_t v = fold(n->op, a.imm, b.imm, s, &ok);
		if (ok)
			return lv_imm(v, n->type);
	}
	int r = ir_vreg(L->f);
	if ((n->op == BIN_DIV || n->op == BIN_MOD) && n->index > 0 && b.kind != V_IMM) {
		/* a zero divisor gives 1 and a warning (sema.c check_binary) */
		int zero = ir_label(L->f), done = ir_label(L->f);
		ir_br(L->f, COND_EQ, b, ir_imm(0), zero);
		ir_mov(L->f, r, a);
		ir_alu(L->f, alu_of(n->op, s), r, ir_reg(r), b);
		ir_jmp(L->f, done);
		ir_place(L->f, zero);
		lower_send_plain_fmt(L, n->index - 1);
		ir_mov(L->f, r, ir_imm(1));
		ir_place(L->f, done);
		return lv_reg(r, n->type);
	}
	if (a.kind == V_IMM) {
		ir_mov(L->f, r, a);
		a = ir_reg(r);
	}
	ir_alu(L->f, alu_of(n->op, s), r, a, b);
	return lv_reg(r, n->type);
}

static struct lval lower_ternary(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	int f = ir_label(L->f), done = ir_label(L->f);
	if (n->type->kind == TY_VOID) {
		lower_cond(L, n->cond, f);
		lower_expr(L, n->then);
		ir_jmp(L->f, done);
		ir_place(L->f, f);
		lower_expr(L, n->els);
		ir_place(L->f, done);
		return lv_imm(0, n->type);
	}
	if (lower_is_mem(n->type)) {
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, n->type->size);
			off = 0;
		}
		lower_cond(L, n->cond, f);
		lower_into_type(L, n->then, slot, off, n->type);
		ir_jmp(L->f, done);
		ir_place(L->f, f);
		lower_into_type(L, n->els, slot, off, n->type);
		ir_place(L->f, done);
		return lv_mem(slot, off, n->type);
	}
	int r = ir_vreg(L->f);
	lower_cond(L, n->cond, f);
	ir_mov(L->f, r, lower_operand(L, n->then));
	ir_jmp(L->f, done);
	ir_place(L->f, f);
	ir_mov(L->f, r, lower_operand(L, n->els));
	ir_place(L->f, done);
	return lv_reg(r, n->type);
}

static struct lval lower_cast(struct lower *L, struct node *n)
{
	struct type *t = n->type;
	if (t->kind == TY_ARRAY) {
		/* (uint8[4])x: the integer's bytes, as they lie in memory */
		struct ir_val x = lower_operand(L, n->operand);
		int slot = lower_tmp_slot(L, 8);
		if (x.kind == V_IMM) {
			int r = ir_vreg(L->f);
			ir_mov(L->f, r, x);
			x = ir_reg(r);
		}
		ir_store(L->f, 8, ir_slotv(slot, 0), 0, ir_imm(0));
		ir_store(L->f, t->size, ir_slotv(slot, 0), 0, x);
		return lv_mem(slot, 0, t);
	}
	if (n->operand->type->kind == TY_ARRAY && t->kind == TY_INT) {
		/* (uint32)$a of a uint8[4]: its bytes as one integer */
		struct lval a = in_stack(L, lower_expr(L, n->operand));
		int r = ir_vreg(L->f);
		ir_load(L->f, t->size, r, ir_slotv(a.slot, 0), a.off);
		lower_wrap_int(L, r, t, NULL);
		return lv_reg(r, t);
	}
	if (t->kind == TY_STR) {
		/* (string[N])s: copied, cut (still NUL-terminated) or zero-padded */
		struct lval v = lower_expr(L, n->operand);
		if (v.type->size == t->size)
			return (struct lval){ .kind = v.kind, .slot = v.slot, .off = v.off, .reg = v.reg,
					      .user = v.user, .type = t };
		/* the operand in its own place first: a builtin writes all of its bytes */
		int slot = lower_tmp_slot(L, ALIGN_UP(t->size, 8));
		lower_store_lval(L, v, slot, 0, t->size);
		return lv_mem(slot, 0, t);
	}
	if (t->kind == TY_BOOL && n->operand->type->kind == TY_STR) {
		/* a string is true unless empty: its first byte */
		struct lval s = lower_expr(L, n->operand);
		int r = ir_vreg(L->f), done = ir_label(L->f);
		ir_load(L->f, 1, r, ir_slotv(s.slot, 0), s.off);
		ir_br(L->f, COND_EQ, ir_reg(r), ir_imm(0), done);
		ir_mov(L->f, r, ir_imm(1));
		ir_place(L->f, done);
		return lv_reg(r, t);
	}
	struct ir_val v = lower_operand(L, n->operand);
	if (t->kind == TY_BOOL) {
		if (v.kind == V_IMM)
			return lv_imm(v.imm != 0, t);
		int r = ir_vreg(L->f), done = ir_label(L->f);
		ir_mov(L->f, r, ir_imm(0));
		ir_br(L->f, COND_EQ, v, ir_imm(0), done);
		ir_mov(L->f, r, ir_imm(1));
		ir_place(L->f, done);
		return lv_reg(r, t);
	}
	if (t->size >= 8)
		return v.kind == V_IMM ? lv_imm(v.imm, t) : lv_reg(v.n, t);
	int bits = 8 * t->size;
	if (v.kind == V_IMM) {
		uint64_t x = (uint64_t)v.imm & ((1ull << bits) - 1);
		if (t->is_signed && (x >> (bits - 1)))
			x |= ~((1ull << bits) - 1);
		return lv_imm((int64_t)x, t);
	}
	int r = ir_vreg(L->f);
	ir_alu(L->f, ALU_LSH, r, v, ir_imm(64 - bits));
	ir_alu(L->f, t->is_signed ? ALU_ARSH : ALU_RSH, r, ir_reg(r), ir_imm(64 - bits));
	return lv_reg(r, t);
}

void lower_wrap_int(struct lower *L, int r, const struct type *vt, const struct type *from)
{
	if (vt->kind != TY_INT || vt->size >= 8)
		return;
	if (from && from->kind == TY_INT && from->size <= vt->size &&
	    (from->size < vt->size || from->is_signed == vt->is_signed))
		return;
	int bits = 8 * vt->size;
	ir_alu(L->f, ALU_LSH, r, ir_reg(r), ir_imm(64 - bits));
	ir_alu(L->f, vt->is_signed ? ALU_ARSH : ALU_RSH, r, ir_reg(r), ir_imm(64 - bits));
}

static struct lval lower_var_assign(struct lower *L, struct node *n)
{
	struct node *lhs = n->lhs;
	int id = lhs->var_id;
	struct type *vt = L->ps->vars[id].type;
	if (lower_is_mem(vt)) {
		lower_into_type(L, n->rhs, L->var_slot[id], 0, vt);
		return lv_mem(L->var_slot[id], 0, vt);
	}
	int r = L->var_reg[id];
	const struct type *rt = n->rhs->type;
	if (n->op == BIN_NONE) {
		ir_mov(L->f, r, lower_operand(L, n->rhs));
	} else {
		struct ir_val b = lower_operand(L, n->rhs);
		if (n->aux > 0)
			b = lower_scale(L, b, n->aux);   /* $p += i on a pointer */
		bool s = vt->is_signed && !(rt->kind == TY_INT && rt->size == 8 && !rt->is_signed);
		ir_alu(L->f, alu_of(n->op, s), r, ir_reg(r), b);
	}
	lower_wrap_int(L, r, vt, n->op == BIN_NONE ? rt : NULL);
	lower_var_sync(L, id);
	return lv_reg(r, vt);
}

static struct lval lower_incdec(struct lower *L, struct node *n, bool value_used)
{
	struct node *o = n->operand;
	if (o->kind == N_MAP)
		return lower_map_incdec(L, n, value_used);
	int r = L->var_reg[o->var_id];
	int old = -1;
	if (n->is_post && value_used) {
		old = ir_vreg(L->f);
		ir_mov(L->f, old, ir_reg(r));
	}
	ir_alu(L->f, n->is_inc ? ALU_ADD : ALU_SUB, r, ir_reg(r), ir_imm(n->aux > 0 ? n->aux : 1));
	lower_var_sync(L, o->var_id);
	return lv_reg(old >= 0 ? old : r, n->type);
}

static struct lval lower_expr_at(struct lower *L, struct node *n, int dslot, int32_t doff);

static struct lval lower_expr_kind(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	switch (n->kind) {
	case N_INT:
		return lv_imm((int64_t)n->ival, n->type);
	case N_STRING: {
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, n->type->size);
			off = 0;
		}
		store_string_literal(L, n->str, n->str_len, slot, off, n->type->size);
		return lv_mem(slot, off, n->type);
	}
	case N_BUILTIN:
		return lower_builtin(L, n, dslot, doff);
	case N_VAR: {
		struct type *vt = L->ps->vars[n->var_id].type;
		if (lower_is_mem(vt))
			return lv_mem(L->var_slot[n->var_id], 0, vt);
		return lv_reg(L->var_reg[n->var_id], vt);
	}
	case N_MAP:
		if (lower_agg_readable(L, n))
			return lower_agg_read(L, n);
		return lower_map_read(L, n);
	case N_BINARY:
		return lower_binary(L, n);
	case N_UNARY: {
		if (n->uop == UN_NOT)
			return lower_bool(L, n);
		if (n->uop == UN_DEREF)
			return lower_deref(L, n, dslot, doff);
		if (n->uop == UN_ADDR)
			return lower_addr(L, n);
		struct ir_val v = lower_operand(L, n->operand);
		if (v.kind == V_IMM)
			return lv_imm(n->uop == UN_NEG ? (int64_t)(0 - (uint64_t)v.imm) : ~v.imm, n->type);
		int r = ir_vreg(L->f);
		if (n->uop == UN_NEG)
			ir_alu(L->f, ALU_NEG, r, v, ir_none());
		else
			ir_alu(L->f, ALU_XOR, r, v, ir_imm(-1));
		return lv_reg(r, n->type);
	}
	case N_TERNARY:
		return lower_ternary(L, n, dslot, doff);
	case N_BLOCK_EXPR: {
		lower_block_stmts(L, n->body);
		struct lval v = lower_expr_at(L, n->operand, dslot, doff);
		if (v.kind == LV_REG) {
			/* a copy: the value is the variable's as the block ends, whatever follows in the expression */
			int r = ir_vreg(L->f);
			ir_mov(L->f, r, ir_reg(v.reg));
			v.reg = r;
		}
		return v;
	}
	case N_ASSIGN:
		if (n->lhs->kind == N_VAR)
			return lower_var_assign(L, n);
		lower_map_assign(L, n);
		return lv_imm(0, &type_void);
	case N_INCDEC:
		return lower_incdec(L, n, true);
	case N_CAST:
		return lower_cast(L, n);
	case N_FIELD:
		if (n->operand->type->kind == TY_TUPLE)
			return lower_tuple_elem(L, n);
		if (n->operand->kind == N_BUILTIN && n->operand->builtin == BI_ARGS) {
			enum probe_kind k = L->ps->kind;
			/* fentry, fexit, raw tracepoints: the context is an array of argument slots */
			if (k == PROBE_RAWTRACEPOINT || k == PROBE_FENTRY || k == PROBE_FEXIT) {
				const struct field *fl = ap_field(L, n->name);
				if (fl)
					return lower_btf_load(L, fl->offset, n->type);
			}
			return lower_tp_field(L, n, dslot, doff);
		}
		return lower_member(L, n, dslot, doff);
	case N_INDEX:
		return lower_index(L, n, dslot, doff);
	case N_TUPLE: {
		int slot = dslot;
		int32_t off = doff;
		if (slot < 0) {
			slot = lower_tmp_slot(L, n->type->size);
			off = 0;
		}
		lower_tuple_at(L, n, slot, off);
		return lv_mem(slot, off, n->type);
	}
	case N_CALL:
		if (n->func == F_STR) {
			int slot = dslot;
			int32_t off = doff;
			if (slot < 0) {
				slot = lower_tmp_slot(L, n->type->size);
				off = 0;
			}
			struct node *p = n->args;
			if (p->type->kind == TY_STR) {
				struct lval v = lower_expr(L, p);
				lower_store_lval(L, v, slot, off, n->type->size);
				return lv_mem(slot, off, n->type);
			}
			struct ir_val src = lower_operand(L, p);
			bool user = p->type->kind == TY_PTR ? p->type->is_user : lower_user_space(L);
			struct node *len = n->args->next;
			int64_t clen;
			if (len && len->kind == N_INT && (clen = (int64_t)len->ival) >= (int64_t)n->type->size)
				len = NULL;
			read_str(L, src, user, slot, off, n->type->size, len);
			return lv_mem(slot, off, n->type);
		}
		{
			struct lval v;
			if (lower_value_call(L, n, &v))
				return v;
		}
		lower_event_call(L, n);
		return lv_imm(0, &type_void);
	default:
		return lv_imm(0, n->type);
	}
}

/* The innermost expression being lowered is where -k reports a failed read. */
static struct lval lower_expr_at(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	const struct loc *outer = L->loc;

	L->loc = &n->loc;
	struct lval v = lower_expr_kind(L, n, dslot, doff);
	L->loc = outer;
	return v;
}

struct lval lower_expr(struct lower *L, struct node *n)
{
	return lower_expr_at(L, n, -1, 0);
}

/* Evaluates n straight into memory at slot+off (keys, event payloads, string variables). */
void lower_into(struct lower *L, struct node *n, int slot, int32_t off, uint32_t size)
{
	struct lval v = lower_expr_at(L, n, slot, off);
	const struct type *nt = n->type;
	/* a variable's tuple widened after this use: stored as the use was typed */
	if (v.kind == LV_MEM && v.type->kind == TY_TUPLE && nt && nt->kind == TY_TUPLE && !type_equal(v.type, nt)) {
		lower_zero(L, slot, off, off % 8 == 0 ? ALIGN_UP(nt->size, 8) : nt->size);
		lower_tuple_convert(L, v, slot, off, nt);
		return;
	}
	const struct loc *outer = L->loc;

	L->loc = &n->loc;
	lower_store_lval(L, v, slot, off, size);
	L->loc = outer;
}

struct ir_val lower_operand(struct lower *L, struct node *n)
{
	struct lval v = lower_expr(L, n);
	if (v.kind == LV_IMM)
		return ir_imm(v.imm);
	if (v.kind == LV_REG)
		return ir_reg(v.reg);
	return ir_imm(0);
}

int lower_reg(struct lower *L, struct node *n)
{
	struct ir_val v = lower_operand(L, n);
	if (v.kind == V_REG)
		return v.n;
	int r = ir_vreg(L->f);
	ir_mov(L->f, r, v);
	return r;
}
