/*
 * lower_dwstack.c: dw_ustack, a user stack unwound in the program with the
 * target process's DWARF call-frame information (dwunwind.h).
 *
 * The walk is a bpf_loop (Linux 5.17) of up to `limit` steps, so that the
 * verifier checks one step whatever the limit. A step records the frame's
 * pc, binary-searches the rows the table's header names for it (unrolled,
 * without branches but the lookups' NULL checks: 24 steps cover 16M rows),
 * computes the CFA
 * from rsp or rbp, and reads the return address at CFA - 8 and, where the
 * row says so, the caller's rbp. A pc without a usable row (no FDE, a CFA
 * expression) is walked by its frame pointer, as ustack would. Frames go
 * to a per-CPU buffer; their hash names the stack, and the buffer is
 * stored in a hash map under it, whose values read as a stack map's do:
 * so dw_ustack values print and aggregate as ustack values.
 *
 *   step context (caller's stack): pc sp bp hash n table index
 */
#include "lower.h"
#include "dwunwind.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stddef.h>

enum { C_PC = 0, C_SP = 8, C_BP = 16, C_HASH = 24, C_N = 32, C_TABLE = 40, C_INDEX = 48, C_SIZE = 56 };

/* FNV-1a, a 64-bit word (a frame) at a time */
#define SEARCH_STEPS 24

/* pt_regs (x86-64): where a uprobe's context and the task's saved registers keep ip, sp and bp */
enum { REGS_BP = 32, REGS_IP = 128, REGS_SP = 152 };

/* map_lookup_elem(map, &key), the 4-byte key written to key_slot: a vreg, the value's address or 0 */
static int lookup0(struct ir_func *f, int map, int key_slot, struct ir_val key)
{
	int p = ir_vreg(f);
	ir_store(f, 4, ir_slotv(key_slot, 0), 0, key);
	struct ir_val a[2] = { ir_mapv(map), ir_slotv(key_slot, 0) };
	ir_call(f, p, BPF_FUNC_map_lookup_elem, 2, a);
	return p;
}

/* d = *(u64 *)(addr + off) in user memory; a failed read goes to fail. */
static void read_user(struct ir_func *f, int d, int buf, struct ir_val addr, int64_t off, int fail)
{
	int a = ir_vreg(f), r = ir_vreg(f);
	ir_mov(f, a, addr);
	if (off)
		ir_alu(f, ALU_ADD, a, ir_reg(a), ir_imm(off));
	struct ir_val args[3] = { ir_slotv(buf, 0), ir_imm(8), ir_reg(a) };
	ir_call(f, r, BPF_FUNC_probe_read_user, 3, args);
	ir_br(f, COND_NE, ir_reg(r), ir_imm(0), fail);
	ir_load(f, 8, d, ir_slotv(buf, 0), 0);
}

/* One step of the walk: bpf_loop's callback. Returns 1 (stop) at the stack's end. */
static struct ir_func *build_step(const struct sonde_prog *p, const struct type *t, const struct loc *loc)
{
	struct ir_func *f = ir_func_new("dw_ustack$step");
	struct ir_val ctx = ir_reg(0); /* the step's own block (bpf_loop's ctx) */
	int stop = ir_label(f), fp = ir_label(f), next = ir_label(f);
	int ks = ir_slot(f, 8, 8), buf = ir_slot(f, 8, 8);
	int i = ir_vreg(f), pc = ir_vreg(f), sp = ir_vreg(f), bp = ir_vreg(f), x = ir_vreg(f);
	int key = ir_vreg(f), cfa = ir_vreg(f), ra = ir_vreg(f), nbp = ir_vreg(f);

	f->cur_loc = *loc;
	ir_load(f, 8, i, ctx, C_INDEX);
	ir_br(f, COND_GE, ir_reg(i), ir_imm(t->stack_limit), stop);
	ir_load(f, 8, pc, ctx, C_PC);
	ir_load(f, 8, sp, ctx, C_SP);
	ir_load(f, 8, bp, ctx, C_BP);

	/* frames[i] = pc; the hash takes it in; n = i + 1 */
	int frames = lookup0(f, p->dw_frames_map, ks, ir_imm(0));
	ir_br(f, COND_EQ, ir_reg(frames), ir_imm(0), stop);
	ir_alu(f, ALU_LSH, x, ir_reg(i), ir_imm(3));
	ir_alu(f, ALU_ADD, frames, ir_reg(frames), ir_reg(x));
	ir_store(f, 8, ir_reg(frames), 0, ir_reg(pc));
	ir_load(f, 8, x, ctx, C_HASH);
	ir_alu(f, ALU_XOR, x, ir_reg(x), ir_reg(pc));
	ir_alu(f, ALU_MUL, x, ir_reg(x), ir_imm((int64_t)FNV64_PRIME));
	ir_store(f, 8, ctx, C_HASH, ir_reg(x));
	ir_alu(f, ALU_ADD, x, ir_reg(i), ir_imm(1));
	ir_store(f, 8, ctx, C_N, ir_reg(x));

	/* a return address points after its call: its row is the call's */
	int first = ir_label(f);
	ir_mov(f, key, ir_reg(pc));
	ir_br(f, COND_EQ, ir_reg(i), ir_imm(0), first);
	ir_alu(f, ALU_SUB, key, ir_reg(key), ir_imm(1));
	ir_place(f, first);

	ir_load(f, 8, x, ctx, C_TABLE);
	ir_br(f, COND_EQ, ir_reg(x), ir_imm(0), fp);
	int hdr = lookup0(f, p->dw_rows_map, ks, ir_imm(0));
	ir_br(f, COND_EQ, ir_reg(hdr), ir_imm(0), fp);
	int len = ir_vreg(f), base = ir_vreg(f), half = ir_vreg(f), idx = ir_vreg(f), m = ir_vreg(f);
	/* the rows' count, and in the high half where they start (dwunwind.h) */
	ir_load(f, 8, len, ir_reg(hdr), 0);
	ir_alu(f, ALU_RSH, base, ir_reg(len), ir_imm(32));
	ir_alu(f, ALU_ADD, base, ir_reg(base), ir_imm(1));
	ir_alu(f, ALU_AND, len, ir_reg(len), ir_imm(0xffffffff));
	ir_br(f, COND_EQ, ir_reg(len), ir_imm(0), fp);
	/* the last row at or below key: base += half when rows[base + half].pc <= key */
	for (int s = 0; s < SEARCH_STEPS; s++) {
		ir_alu(f, ALU_RSH, half, ir_reg(len), ir_imm(1));
		ir_alu(f, ALU_ADD, idx, ir_reg(base), ir_reg(half));
		int row = lookup0(f, p->dw_rows_map, ks, ir_reg(idx));
		ir_br(f, COND_EQ, ir_reg(row), ir_imm(0), fp);
		ir_load(f, 8, m, ir_reg(row), 0);
		/* user addresses are below 2^63: key - pc's sign says key < pc (all ones) */
		ir_alu(f, ALU_SUB, m, ir_reg(key), ir_reg(m));
		ir_alu(f, ALU_ARSH, m, ir_reg(m), ir_imm(63));
		ir_alu(f, ALU_XOR, m, ir_reg(m), ir_imm(-1));
		ir_alu(f, ALU_AND, m, ir_reg(m), ir_reg(half));
		ir_alu(f, ALU_ADD, base, ir_reg(base), ir_reg(m));
		ir_alu(f, ALU_SUB, len, ir_reg(len), ir_reg(half));
	}
	int row = lookup0(f, p->dw_rows_map, ks, ir_reg(base));
	ir_br(f, COND_EQ, ir_reg(row), ir_imm(0), fp);
	ir_load(f, 8, m, ir_reg(row), offsetof(struct dw_row, pc));
	ir_br(f, COND_LT, ir_reg(key), ir_reg(m), fp);
	int kind = ir_vreg(f), off = ir_vreg(f), from_sp = ir_label(f), have_cfa = ir_label(f);
	ir_load(f, 1, kind, ir_reg(row), offsetof(struct dw_row, kind));
	ir_br(f, COND_EQ, ir_reg(kind), ir_imm(DW_ROW_END), stop);
	ir_br(f, COND_EQ, ir_reg(kind), ir_imm(DW_ROW_FP), fp);
	ir_load(f, 4, off, ir_reg(row), offsetof(struct dw_row, cfa_off));
	ir_alu(f, ALU_LSH, off, ir_reg(off), ir_imm(32));
	ir_alu(f, ALU_ARSH, off, ir_reg(off), ir_imm(32));
	ir_br(f, COND_EQ, ir_reg(kind), ir_imm(DW_ROW_SP), from_sp);
	ir_alu(f, ALU_ADD, cfa, ir_reg(bp), ir_reg(off));
	ir_jmp(f, have_cfa);
	ir_place(f, from_sp);
	ir_alu(f, ALU_ADD, cfa, ir_reg(sp), ir_reg(off));
	ir_place(f, have_cfa);
	read_user(f, ra, buf, ir_reg(cfa), -8, stop);
	/* the caller's rbp: saved at CFA + bp_off, or still in rbp */
	int same = ir_label(f);
	ir_mov(f, nbp, ir_reg(bp));
	ir_load(f, 1, x, ir_reg(row), offsetof(struct dw_row, bp_saved));
	ir_br(f, COND_EQ, ir_reg(x), ir_imm(0), same);
	ir_load(f, 2, off, ir_reg(row), offsetof(struct dw_row, bp_off));
	ir_alu(f, ALU_LSH, off, ir_reg(off), ir_imm(48));
	ir_alu(f, ALU_ARSH, off, ir_reg(off), ir_imm(48));
	ir_alu(f, ALU_ADD, x, ir_reg(cfa), ir_reg(off));
	read_user(f, nbp, buf, ir_reg(x), 0, stop);
	ir_place(f, same);
	ir_jmp(f, next);

	/* no rule: the frame pointer's frame, [saved rbp, return address] at rbp, as bpf_get_stack walks */
	ir_place(f, fp);
	ir_br(f, COND_EQ, ir_reg(bp), ir_imm(0), stop);
	ir_br(f, COND_LT, ir_reg(bp), ir_reg(sp), stop);
	read_user(f, nbp, buf, ir_reg(bp), 0, stop);
	read_user(f, ra, buf, ir_reg(bp), 8, stop);
	ir_alu(f, ALU_ADD, cfa, ir_reg(bp), ir_imm(16));

	/* the caller's frame; a stack only grows up, so a CFA not above sp ends a corrupt walk */
	ir_place(f, next);
	ir_br(f, COND_EQ, ir_reg(ra), ir_imm(0), stop);
	ir_br(f, COND_LE, ir_reg(cfa), ir_reg(sp), stop);
	ir_store(f, 8, ctx, C_PC, ir_reg(ra));
	ir_store(f, 8, ctx, C_SP, ir_reg(cfa));
	ir_store(f, 8, ctx, C_BP, ir_reg(nbp));
	ir_ret(f, ir_imm(0));
	ir_place(f, stop);
	ir_ret(f, ir_imm(1));
	return f;
}

/* The user registers the walk starts from: a uprobe's context, else the task's saved ones. */
static void start_regs(struct lower *L, int ctx)
{
	struct ir_func *f = L->f;
	static const int from[3] = { REGS_IP, REGS_SP, REGS_BP }, to[3] = { C_PC, C_SP, C_BP };
	int x = ir_vreg(f);

	if (lower_user_space(L)) {
		for (int k = 0; k < 3; k++) {
			ir_load(f, 8, x, lower_ctx(L), from[k]);
			ir_store(f, 8, ir_slotv(ctx, 0), to[k], ir_reg(x));
		}
		return;
	}
	int task = ir_vreg(f), regs = ir_vreg(f);
	ir_call(f, task, BPF_FUNC_get_current_task_btf, 0, NULL);
	struct ir_val ta = ir_reg(task);
	ir_call(f, regs, BPF_FUNC_task_pt_regs, 1, &ta);
	for (int k = 0; k < 3; k++) {
		ir_alu(f, ALU_ADD, x, ir_reg(regs), ir_imm(from[k]));
		struct ir_val a[3] = { ir_slotv(ctx, to[k]), ir_imm(8), ir_reg(x) };
		ir_call(f, -1, BPF_FUNC_probe_read_kernel, 3, a);
	}
}

/* The walk of dw_ustack node n into the per-CPU frame buffer; a vreg with the number of frames. */
static int walk(struct lower *L, struct node *n, int ctx, int pid)
{
	struct ir_func *f = L->f;
	struct sonde_prog *p = L->prog;
	const struct type *t = n->type;
	int ks = lower_tmp_slot(L, 8), x = ir_vreg(f), nf = ir_vreg(f);

	if (!L->callbacks || p->dw_rows_map < 0) {
		ir_mov(f, nf, ir_imm(0));
		return nf;
	}
	start_regs(L, ctx);
	ir_store(f, 8, ir_slotv(ctx, 0), C_HASH, ir_imm((int64_t)FNV64_BASIS));
	ir_store(f, 8, ir_slotv(ctx, 0), C_N, ir_imm(0));

	/* another process's addresses are not the table's: its frame pointers, and a warning once */
	int table_set = ir_label(f);
	ir_store(f, 8, ir_slotv(ctx, 0), C_TABLE, ir_imm(1));
	ir_br(f, COND_EQ, ir_reg(pid), ir_imm(p->dw_pid), table_set);
	ir_store(f, 8, ir_slotv(ctx, 0), C_TABLE, ir_imm(0));
	int hdr = lookup0(f, p->dw_rows_map, ks, ir_imm(0));
	ir_br(f, COND_EQ, ir_reg(hdr), ir_imm(0), table_set);
	ir_load(f, 8, x, ir_reg(hdr), DW_HDR_WARNED_OFF);
	ir_br(f, COND_NE, ir_reg(x), ir_imm(0), table_set);
	ir_store(f, 8, ir_reg(hdr), DW_HDR_WARNED_OFF, ir_imm(1));
	lower_send_plain_fmt(L, n->aux);
	ir_place(f, table_set);

	int idx = L->callbacks->len;
	struct prog_callback cb = { .is_loop = true, .index_off = C_INDEX, .loc = n->loc };
	vec_push(L->callbacks, cb);
	L->callbacks->data[idx].ir = build_step(p, t, &n->loc);
	f->cur_loc = n->loc;
	struct ir_val la[4] = { ir_imm(t->stack_limit), ir_mapv(LOWER_CALLBACK_REF + idx), ir_slotv(ctx, 0), ir_imm(0) };
	ir_call(f, -1, BPF_FUNC_loop, 4, la);
	ir_load(f, 8, nf, ir_slotv(ctx, 0), C_N);
	return nf;
}

/* len(dw_ustack): the frames the walk found. */
struct lval lower_dw_stack_len(struct lower *L, struct node *n)
{
	int ctx = lower_tmp_slot(L, C_SIZE), pid = lower_pid_tgid(L, false);

	ir_alu(L->f, ALU_RSH, pid, ir_reg(pid), ir_imm(32));
	return (struct lval){ .kind = LV_REG, .reg = walk(L, n->args, ctx, pid), .type = n->type };
}

struct lval lower_dw_stack(struct lower *L, struct node *n)
{
	struct ir_func *f = L->f;
	const struct type *t = n->type;
	int slot = lower_tmp_slot(L, sizeof(struct sonde_stack));
	int ctx = lower_tmp_slot(L, C_SIZE), ks = lower_tmp_slot(L, 8);
	int pid = lower_pid_tgid(L, false), x = ir_vreg(f);

	ir_alu(f, ALU_RSH, pid, ir_reg(pid), ir_imm(32));
	ir_store(f, 8, ir_slotv(slot, 0), offsetof(struct sonde_stack, pid), ir_reg(pid));
	if (!L->callbacks || L->prog->dw_rows_map < 0) {
		ir_store(f, 8, ir_slotv(slot, 0), 0, ir_imm(-EFAULT));
		return (struct lval){ .kind = LV_MEM, .slot = slot, .type = n->type };
	}
	int nf = walk(L, n, ctx, pid);

	/* the frames end with a 0 unless they fill the buffer; none: no user stack here (a kernel thread) */
	int done = ir_label(f), full = ir_label(f), lost = ir_label(f);
	ir_store(f, 8, ir_slotv(slot, 0), 0, ir_imm(-EFAULT));
	ir_br(f, COND_EQ, ir_reg(nf), ir_imm(0), done);
	int frames = lookup0(f, L->prog->dw_frames_map, ks, ir_imm(0));
	ir_br(f, COND_EQ, ir_reg(frames), ir_imm(0), lost);
	ir_br(f, COND_GE, ir_reg(nf), ir_imm(t->stack_limit), full);
	ir_alu(f, ALU_LSH, x, ir_reg(nf), ir_imm(3));
	ir_alu(f, ALU_ADD, x, ir_reg(x), ir_reg(frames));
	ir_store(f, 8, ir_reg(x), 0, ir_imm(0));
	ir_place(f, full);
	/* the id: the hash folded to 31 bits (ids are non-negative) */
	int id = ir_vreg(f), r = ir_vreg(f);
	ir_load(f, 8, id, ir_slotv(ctx, 0), C_HASH);
	ir_alu(f, ALU_RSH, x, ir_reg(id), ir_imm(32));
	ir_alu(f, ALU_XOR, id, ir_reg(id), ir_reg(x));
	ir_alu(f, ALU_AND, id, ir_reg(id), ir_imm(0x7fffffff));
	ir_store(f, 4, ir_slotv(ks, 0), 0, ir_reg(id));
	struct ir_val ua[4] = { ir_mapv(t->stack_map), ir_slotv(ks, 0), ir_reg(frames), ir_imm(BPF_ANY) };
	ir_call(f, r, BPF_FUNC_map_update_elem, 4, ua);
	ir_br(f, COND_NE, ir_reg(r), ir_imm(0), lost);
	ir_store(f, 8, ir_slotv(slot, 0), 0, ir_reg(id));
	ir_jmp(f, done);
	ir_place(f, lost);
	ir_store(f, 8, ir_slotv(slot, 0), 0, ir_imm(-ENOMEM));
	lower_count_loss(L, COUNTER_STACK_LOST);
	ir_place(f, done);
	return (struct lval){ .kind = LV_MEM, .slot = slot, .type = n->type };
}
