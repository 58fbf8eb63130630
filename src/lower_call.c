/*
 * lower_call.c: the standard library functions that compute a value in the
 * probe (string tests, has_key) and join(), which builds its event in the
 * per-CPU scratch map because it does not fit the 512-byte stack.
 */
#include "lower.h"

#include <errno.h>
#include <string.h>

static struct lval reg_val(int r, struct type *t)
{
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

/* strlen(s): the offset of the first NUL, or the buffer size. */
static struct lval lower_strlen(struct lower *L, struct node *n)
{
	struct lval s = lower_expr(L, n->args);
	int r = ir_vreg(L->f), b = ir_vreg(L->f), done = ir_label(L->f);
	uint32_t size = s.type->size;

	ir_mov(L->f, r, ir_imm(size));
	for (uint32_t i = 0; i < size; i++) {
		ir_load(L->f, 1, b, ir_slotv(s.slot, 0), s.off + i);
		ir_mov(L->f, r, ir_imm(i));
		ir_br(L->f, COND_EQ, ir_reg(b), ir_imm(0), done);
	}
	ir_mov(L->f, r, ir_imm(size));
	ir_place(L->f, done);
	return reg_val(r, n->type);
}

/* strncmp(a, b, n): 0 when the first n characters (up to a NUL) are equal, else 1. */
static struct lval lower_strncmp(struct lower *L, struct node *n)
{
	struct lval a = lower_expr(L, n->args);
	struct lval b = lower_expr(L, n->args->next);
	int r = ir_vreg(L->f), x = ir_vreg(L->f), y = ir_vreg(L->f);
	int ne = ir_label(L->f), done = ir_label(L->f);
	uint64_t len = n->aux;

	if (len > a.type->size)
		len = a.type->size;
	if (len > b.type->size)
		len = b.type->size;
	ir_mov(L->f, r, ir_imm(0));
	for (uint64_t i = 0; i < len; i++) {
		ir_load(L->f, 1, x, ir_slotv(a.slot, 0), a.off + i);
		ir_load(L->f, 1, y, ir_slotv(b.slot, 0), b.off + i);
		ir_br(L->f, COND_NE, ir_reg(x), ir_reg(y), ne);
		ir_br(L->f, COND_EQ, ir_reg(x), ir_imm(0), done);
	}
	ir_jmp(L->f, done);
	ir_place(L->f, ne);
	ir_mov(L->f, r, ir_imm(1));
	ir_place(L->f, done);
	return reg_val(r, n->type);
}

/* memcmp(a, b, n): 0 when the first n bytes are equal, else the difference of the first unequal pair. */
static struct lval lower_memcmp(struct lower *L, struct node *n)
{
	struct lval a = lower_expr(L, n->args);
	struct lval b = lower_expr(L, n->args->next);
	int r = ir_vreg(L->f), y = ir_vreg(L->f), ne = ir_label(L->f), done = ir_label(L->f);

	for (int i = 0; i < n->aux; i++) {
		ir_load(L->f, 1, r, ir_slotv(a.slot, 0), a.off + i);
		ir_load(L->f, 1, y, ir_slotv(b.slot, 0), b.off + i);
		ir_br(L->f, COND_NE, ir_reg(r), ir_reg(y), ne);
	}
	ir_mov(L->f, r, ir_imm(0));
	ir_jmp(L->f, done);
	ir_place(L->f, ne);
	ir_alu(L->f, ALU_SUB, r, ir_reg(r), ir_reg(y));
	ir_place(L->f, done);
	return reg_val(r, n->type);
}

/*
 * strcontains(h, "lit"): whether the literal occurs in h. Unrolled: for
 * each start, compare the literal's bytes, stopping at h's NUL.
 */
static struct lval lower_strcontains(struct lower *L, struct node *n)
{
	struct lval h = lower_expr(L, n->args);
	struct node *needle = n->args->next;
	int r = ir_vreg(L->f), x = ir_vreg(L->f);
	int yes = ir_label(L->f), no = ir_label(L->f), done = ir_label(L->f);

	if (needle->kind != N_STRING) {
		/* a run-time needle: compare word by word only when equal (the checker allows it; keep it correct) */
		struct lval nd = lower_expr(L, needle);
		uint32_t len = nd.type->size < h.type->size ? nd.type->size : h.type->size;
		int y = ir_vreg(L->f);
		for (uint32_t i = 0; i < len; i++) {
			ir_load(L->f, 1, y, ir_slotv(nd.slot, 0), nd.off + i);
			ir_br(L->f, COND_EQ, ir_reg(y), ir_imm(0), yes);
			ir_load(L->f, 1, x, ir_slotv(h.slot, 0), h.off + i);
			ir_br(L->f, COND_NE, ir_reg(x), ir_reg(y), no);
		}
		ir_jmp(L->f, yes);
	} else {
		int m = strlen(needle->str);
		uint32_t size = h.type->size;
		if (m == 0)
			ir_jmp(L->f, yes);
		for (int start = 0; m > 0 && start + m <= (int)size; start++) {
			int next = ir_label(L->f);
			ir_load(L->f, 1, x, ir_slotv(h.slot, 0), h.off + start);
			ir_br(L->f, COND_EQ, ir_reg(x), ir_imm(0), no);
			for (int j = 0; j < m; j++) {
				if (j)
					ir_load(L->f, 1, x, ir_slotv(h.slot, 0), h.off + start + j);
				ir_br(L->f, COND_NE, ir_reg(x), ir_imm((unsigned char)needle->str[j]), next);
			}
			ir_jmp(L->f, yes);
			ir_place(L->f, next);
		}
	}
	ir_place(L->f, no);
	ir_mov(L->f, r, ir_imm(0));
	ir_jmp(L->f, done);
	ir_place(L->f, yes);
	ir_mov(L->f, r, ir_imm(1));
	ir_place(L->f, done);
	return reg_val(r, n->type);
}

static struct lval mem_val(int slot, struct type *t)
{
	return (struct lval){ .kind = LV_MEM, .slot = slot, .type = t };
}

/* kstack/ustack: the stack id from bpf_get_stackid and, for user stacks, whose addresses they are. */
struct lval lower_stack(struct lower *L, struct type *t)
{
	struct ir_func *f = L->f;
	int slot = lower_tmp_slot(L, sizeof(struct sonde_stack));
	int id = ir_vreg(f), ok = ir_label(f);
	struct ir_val args[3] = { lower_ctx(L), ir_mapv(t->stack_map), ir_imm(t->stack_user ? BPF_F_USER_STACK : 0) };

	ir_call(f, id, BPF_FUNC_get_stackid, 3, args);
	ir_store(f, 8, ir_slotv(slot, 0), 0, ir_reg(id));
	ir_br(f, COND_SGE, ir_reg(id), ir_imm(0), ok);
	/* -EFAULT: there is no stack of this kind here (a kernel thread's user stack): nothing was lost */
	ir_br(f, COND_EQ, ir_reg(id), ir_imm(-EFAULT), ok);
	lower_count_loss(L, COUNTER_STACK_LOST);
	ir_place(f, ok);
	if (t->stack_user) {
		/* the pid sonde reads /proc/PID/maps with: its own namespace's */
		int pid = lower_pid_tgid(L, false);
		ir_alu(f, ALU_RSH, pid, ir_reg(pid), ir_imm(32));
		ir_store(f, 8, ir_slotv(slot, 0), 8, ir_reg(pid));
	} else {
		ir_store(f, 8, ir_slotv(slot, 0), 8, ir_imm(0));
	}
	return mem_val(slot, t);
}

/* bswap(x): the bytes of x's size reversed, with shifts and masks. */
static struct lval lower_bswap(struct lower *L, struct node *n)
{
	struct ir_func *f = L->f;
	int x = lower_reg(L, n->args), r = ir_vreg(f), t = ir_vreg(f);
	int size = n->type->size;

	ir_mov(f, r, ir_imm(0));
	for (int i = 0; i < size; i++) {
		/* byte i goes to byte size-1-i */
		ir_alu(f, ALU_RSH, t, ir_reg(x), ir_imm(8 * i));
		ir_alu(f, ALU_AND, t, ir_reg(t), ir_imm(0xff));
		if (size - 1 - i)
			ir_alu(f, ALU_LSH, t, ir_reg(t), ir_imm(8 * (size - 1 - i)));
		ir_alu(f, ALU_OR, r, ir_reg(r), ir_reg(t));
	}
	return reg_val(r, n->type);
}

/* Whether the memory an expression points to (or, for records in memory, is) lives in user space. */
bool lower_points_to_user(struct lower *L, const struct node *e, const struct lval *v)
{
	if (v->kind == LV_ADDR)
		return v->user;
	if (e->type->kind == TY_PTR)
		return e->type->is_user;
	return lower_user_space(L);
}

/* Copies n bytes at an address (LV_ADDR or a pointer value) or from stack memory into slot+off. */
void lower_bytes_into(struct lower *L, struct lval v, bool user, int slot, int32_t off, uint32_t n)
{
	if (v.kind == LV_MEM) {
		/* lower_copy moves whole words, then single bytes */
		lower_copy(L, slot, off, ir_slotv(v.slot, 0), v.off, n);
		return;
	}
	int src = ir_vreg(L->f);
	if (v.kind == LV_ADDR) {
		ir_alu(L->f, ALU_ADD, src, ir_reg(v.reg), ir_imm(v.off));
	} else {
		ir_mov(L->f, src, v.kind == LV_IMM ? ir_imm(v.imm) : ir_reg(v.reg));
	}
	struct ir_val args[3] = { ir_slotv(slot, off), ir_imm(n), ir_reg(src) };
	lower_checked_call(L, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3, args);
}

/* ntop([af,] addr): an address family and 16 bytes, formatted in user space. */
static struct lval lower_ntop(struct lower *L, struct node *n)
{
	struct node *addr = n->args->next ? n->args->next : n->args;
	int slot = lower_tmp_slot(L, sizeof(struct sonde_inet));
	struct type *at = addr->type;
	bool v6 = (at->kind == TY_ARRAY || at->kind == TY_STR) && at->size == 16;

	lower_zero(L, slot, 0, sizeof(struct sonde_inet));
	if (n->args->next)
		ir_store(L->f, 8, ir_slotv(slot, 0), 0, lower_operand(L, n->args));
	else
		ir_store(L->f, 8, ir_slotv(slot, 0), 0, ir_imm(v6 ? 10 : 2));
	struct lval v = lower_expr(L, addr);
	if (v.kind == LV_REG || v.kind == LV_IMM)
		ir_store(L->f, 4, ir_slotv(slot, 0), 8, v.kind == LV_IMM ? ir_imm(v.imm) : ir_reg(v.reg));
	else
		lower_bytes_into(L, v, lower_points_to_user(L, addr, &v), slot, 8, at->size);
	return mem_val(slot, n->type);
}

/* buf(p, n): a u32 length and the bytes. */
static struct lval lower_buf(struct lower *L, struct node *n)
{
	uint32_t len = n->aux;
	int slot = lower_tmp_slot(L, n->type->size);

	struct node *ln = n->args->next;

	lower_zero(L, slot, 0, ALIGN_UP(n->type->size, 8));
	if (ln && ln->kind != N_INT) {
		/* clamp a run-time length to the buffer so the verifier can bound the read */
		int r = lower_reg(L, ln), ok = ir_label(L->f), pos = ir_label(L->f);
		ir_br(L->f, COND_LE, ir_reg(r), ir_imm(len), ok);
		ir_mov(L->f, r, ir_imm(len));
		ir_place(L->f, ok);
		ir_br(L->f, COND_SGE, ir_reg(r), ir_imm(0), pos);
		ir_mov(L->f, r, ir_imm(0));
		ir_place(L->f, pos);
		ir_store(L->f, 4, ir_slotv(slot, 0), 0, ir_reg(r));
		struct lval v = lower_expr(L, n->args);
		int src = ir_vreg(L->f);
		if (v.kind == LV_ADDR)
			ir_alu(L->f, ALU_ADD, src, ir_reg(v.reg), ir_imm(v.off));
		else
			ir_mov(L->f, src, lower_operand(L, n->args));
		struct ir_val args[3] = { ir_slotv(slot, 4), ir_reg(r), ir_reg(src) };
		bool user = lower_points_to_user(L, n->args, &v);
		lower_checked_call(L, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3, args);
		return mem_val(slot, n->type);
	}
	ir_store(L->f, 4, ir_slotv(slot, 0), 0, ir_imm(len));
	struct lval v = lower_expr(L, n->args);
	lower_bytes_into(L, v, lower_points_to_user(L, n->args, &v), slot, 4, len);
	return mem_val(slot, n->type);
}

bool lower_value_call(struct lower *L, struct node *n, struct lval *out)
{
	switch (n->func) {
	case F_COMM_PID:
		*out = lower_comm_pid(L, n, -1, 0);
		return true;
	case F_KSTACK:
	case F_USTACK:
		*out = lower_stack(L, n->type);
		return true;
	case F_DW_USTACK:
		*out = lower_dw_stack(L, n);
		return true;
	case F_KSYM:
		*out = reg_val(lower_reg(L, n->args), n->type);
		return true;
	case F_USYM: {
		int slot = lower_tmp_slot(L, 16);
		ir_store(L->f, 8, ir_slotv(slot, 0), 0, lower_operand(L, n->args));
		int pid = lower_pid_tgid(L, false);
		ir_alu(L->f, ALU_RSH, pid, ir_reg(pid), ir_imm(32));
		ir_store(L->f, 8, ir_slotv(slot, 0), 8, ir_reg(pid));
		*out = mem_val(slot, n->type);
		return true;
	}
	case F_NTOP:
		*out = lower_ntop(L, n);
		return true;
	case F_BSWAP:
		*out = lower_bswap(L, n);
		return true;
	case F_BUF:
		*out = lower_buf(L, n);
		return true;
	case F_STRLEN:
		*out = lower_strlen(L, n);
		return true;
	case F_GLOBMATCH:
		*out = lower_globmatch(L, n);
		return true;
	case F_MEMCMP:
		*out = lower_memcmp(L, n);
		return true;
	case F_STRNCMP:
		*out = lower_strncmp(L, n);
		return true;
	case F_STRCONTAINS:
		*out = lower_strcontains(L, n);
		return true;
	case F_DELETE:
		*out = reg_val(lower_delete(L, n->args), n->type);
		return true;
	case F_FIND:
		*out = reg_val(lower_find(L, n), n->type);
		return true;
	case F_HAS_KEY: {
		int p = lower_map_lookup(L, n->args);
		int r = ir_vreg(L->f), done = ir_label(L->f);
		ir_mov(L->f, r, ir_imm(0));
		ir_br(L->f, COND_EQ, ir_reg(p), ir_imm(0), done);
		ir_mov(L->f, r, ir_imm(1));
		ir_place(L->f, done);
		*out = reg_val(r, n->type);
		return true;
	}
	default:
		return lower_stdlib_value(L, n, out);
	}
}

/*
 * join(argv[, sep]): reads up to JOIN_MAX_ARGS strings from an array of
 * pointers into the scratch map and sends them in one event.
 */
void lower_join(struct lower *L, struct node *n)
{
	const struct fmt_desc *fd = &L->prog->fmts[n->aux];
	uint32_t each = ALIGN_UP(fd->args[0].type->size, 8);
	uint32_t nmax = (fd->size - 8) / each;
	struct ir_func *f = L->f;
	bool user = n->args->type->kind == TY_PTR ? n->args->type->is_user : lower_user_space(L);
	int key = lower_tmp_slot(L, 8), tmp = lower_tmp_slot(L, 8);
	int p = ir_vreg(f), q = ir_vreg(f), argv = ir_vreg(f), ptr = ir_vreg(f);
	int out = ir_label(f), send = ir_label(f);

	ir_mov(f, argv, lower_operand(L, n->args));
	ir_store(f, 4, ir_slotv(key, 0), 0, ir_imm(0));
	struct ir_val la[2] = { ir_mapv(L->prog->scratch_map), ir_slotv(key, 0) };
	ir_call(f, p, BPF_FUNC_map_lookup_elem, 2, la);
	ir_br(f, COND_EQ, ir_reg(p), ir_imm(0), out);
	ir_store(f, 4, ir_reg(p), 0, ir_imm(lower_event_kind(L, EV_JOIN)));
	ir_store(f, 4, ir_reg(p), 4, ir_imm(fd->id));
	for (uint32_t i = 0; i < nmax; i++) {
		struct ir_val ra[3] = { ir_slotv(tmp, 0), ir_imm(8), ir_reg(argv) };
		ir_store(f, 8, ir_slotv(tmp, 0), 0, ir_imm(0));
		lower_checked_call(L, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3, ra);
		ir_load(f, 8, ptr, ir_slotv(tmp, 0), 0);
		ir_store(f, 8, ir_reg(p), 8, ir_imm(i));
		ir_br(f, COND_EQ, ir_reg(ptr), ir_imm(0), send);
		ir_alu(f, ALU_ADD, q, ir_reg(p), ir_imm(16 + i * each));
		struct ir_val sa[3] = { ir_reg(q), ir_imm(each), ir_reg(ptr) };
		lower_checked_call(L, user ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_kernel_str, 3, sa);
		ir_alu(f, ALU_ADD, argv, ir_reg(argv), ir_imm(8));
	}
	ir_store(f, 8, ir_reg(p), 8, ir_imm(nmax));
	ir_place(f, send);
	int r = ir_vreg(f), ok = ir_label(f);
	struct ir_val oa[4] = { ir_mapv(L->prog->ringbuf_map), ir_reg(p), ir_imm(8 + fd->size), ir_imm(0) };
	ir_call(f, r, BPF_FUNC_ringbuf_output, 4, oa);
	ir_br(f, COND_SGE, ir_reg(r), ir_imm(0), ok);
	lower_count_loss(L, COUNTER_RINGBUF_LOST);
	ir_place(f, ok);
	ir_place(f, out);
}
