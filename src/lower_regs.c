/*
 * lower_regs.c: arguments and return values from struct pt_regs, the context
 * of kprobe-type programs (kprobes, uprobes, USDT). Function arguments follow
 * the x86-64 calling convention; a USDT call site says where each of its
 * arguments is (usdt.h): a register, memory at a register plus an offset, or
 * a constant.
 */
#include "lower.h"
#include "usdt.h"

#include <asm/ptrace.h>
#include <signal.h>
#include <stddef.h>

/* Integer arguments in the order the x86-64 System V ABI passes them (the kernel's too). */
static const int16_t arg_regs[] = {
	offsetof(struct pt_regs, rdi), offsetof(struct pt_regs, rsi), offsetof(struct pt_regs, rdx),
	offsetof(struct pt_regs, rcx), offsetof(struct pt_regs, r8), offsetof(struct pt_regs, r9),
};

static struct lval reg_lval(int r, struct type *t)
{
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

static int load_reg(struct lower *L, int off)
{
	int r = ir_vreg(L->f);
	ir_load(L->f, 8, r, lower_ctx(L), off);
	return r;
}

/* size bytes at the address in vreg addr, from user or kernel memory, zero-extended; 0 if unreadable. */
static int read_mem(struct lower *L, int addr, int size, bool user)
{
	int slot = lower_tmp_slot(L, 8);
	int r = ir_vreg(L->f);

	/* the helper zeroes the buffer when the read fails, so a bad pointer reads as 0 */
	struct ir_val args[3] = { ir_slotv(slot, 0), ir_imm(size), ir_reg(addr) };
	lower_checked_call(L, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3, args);
	ir_load(L->f, size, r, ir_slotv(slot, 0), 0);
	return r;
}

/* Keeps the low `size` bytes of r, sign- or zero-extended to 64 bits. */
static void narrow(struct lower *L, int r, int size, bool is_signed)
{
	if (size >= 8)
		return;
	int sh = 64 - 8 * size;
	ir_alu(L->f, ALU_LSH, r, ir_reg(r), ir_imm(sh));
	ir_alu(L->f, is_signed ? ALU_ARSH : ALU_RSH, r, ir_reg(r), ir_imm(sh));
}

static struct lval usdt_arg(struct lower *L, struct node *n, const struct attach_point *ap)
{
	if (n->index >= ap->usdt_nargs)
		return (struct lval){ .kind = LV_IMM, .imm = 0, .type = n->type };
	const struct usdt_arg *a = &ap->usdt_args[n->index];
	int r;

	switch (a->kind) {
	case USDT_ARG_CONST:
		return (struct lval){ .kind = LV_IMM, .imm = a->disp, .type = n->type };
	case USDT_ARG_REG:
		r = load_reg(L, a->base);
		if (a->base_shift)
			ir_alu(L->f, ALU_RSH, r, ir_reg(r), ir_imm(a->base_shift));
		narrow(L, r, a->size, a->is_signed);
		return reg_lval(r, n->type);
	case USDT_ARG_MEM: {
		int addr = a->base >= 0 ? load_reg(L, a->base) : ir_vreg(L->f);
		if (a->base < 0)
			ir_mov(L->f, addr, ir_imm(0));
		if (a->index >= 0) {
			int idx = load_reg(L, a->index);
			if (a->scale > 1)
				ir_alu(L->f, ALU_MUL, idx, ir_reg(idx), ir_imm(a->scale));
			ir_alu(L->f, ALU_ADD, addr, ir_reg(addr), ir_reg(idx));
		}
		if (a->disp)
			ir_alu(L->f, ALU_ADD, addr, ir_reg(addr), ir_imm(a->disp));
		r = read_mem(L, addr, a->size, true);
		narrow(L, r, a->size, a->is_signed);
		return reg_lval(r, n->type);
	}
	case USDT_ARG_UNSUPPORTED:
		break;
	}
	/* the checker rejects these; 0 keeps lowering going if it did not */
	return (struct lval){ .kind = LV_IMM, .imm = 0, .type = n->type };
}

struct lval lower_regs_arg(struct lower *L, struct node *n)
{
	const struct attach_point *ap = &L->ps->aps[L->ap];
	bool user = ap->kind == PROBE_UPROBE || ap->kind == PROBE_URETPROBE || ap->kind == PROBE_USDT;

	if (n->builtin == BI_RETVAL) {
		int r = load_reg(L, offsetof(struct pt_regs, rax));
		/* an int return leaves the upper half of rax undefined: typed from DWARF, keep its own bits */
		if (n->type->kind == TY_INT)
			narrow(L, r, n->type->size, n->type->is_signed);
		return reg_lval(r, n->type);
	}
	if (ap->kind == PROBE_USDT)
		return usdt_arg(L, n, ap);
	if (n->index < (int)ARRAY_SIZE(arg_regs))
		return reg_lval(load_reg(L, arg_regs[n->index]), n->type);
	/*
	 * Arguments after the sixth are on the stack: at function entry, sp
	 * points at the return address and argument 7 is just above it.
	 */
	int addr = load_reg(L, offsetof(struct pt_regs, rsp));
	ir_alu(L->f, ALU_ADD, addr, ir_reg(addr), ir_imm(8 * (n->index - (int)ARRAY_SIZE(arg_regs) + 1)));
	return reg_lval(read_mem(L, addr, 8, user), n->type);
}

struct ir_func *lower_watch_armer(const struct sonde_prog *prog, const struct attach_point *w, uint32_t id)
{
	struct ir_func *f = ir_func_new(arena_printf("%s (its uprobe)", w->name));
	int addr = ir_vreg(f), r = ir_vreg(f), ok = ir_label(f);
	int slot = ir_slot(f, sizeof(struct event_hdr) + sizeof(uint64_t), 8);
	struct ir_val sig = ir_imm(SIGSTOP);

	ir_load(f, 8, addr, ir_reg(0), arg_regs[w->watch_arg]);
	/*
	 * Stopped before user space hears of it, so that its SIGCONT comes after:
	 * the process is stopped on its way back from the uprobe, and resumes once
	 * the breakpoint is set, whose first access it then cannot miss.
	 */
	if (!w->async)
		ir_call(f, -1, BPF_FUNC_send_signal, 1, &sig);
	ir_store(f, 4, ir_slotv(slot, 0), 0, ir_imm(EV_WATCH_ARM));
	ir_store(f, 4, ir_slotv(slot, 0), 4, ir_imm(id));
	ir_store(f, 8, ir_slotv(slot, 0), sizeof(struct event_hdr), ir_reg(addr));
	struct ir_val args[4] = { ir_mapv(prog->ringbuf_map), ir_slotv(slot, 0),
				  ir_imm(sizeof(struct event_hdr) + sizeof(uint64_t)), ir_imm(0) };
	ir_call(f, r, BPF_FUNC_ringbuf_output, 4, args);
	ir_br(f, COND_SGE, ir_reg(r), ir_imm(0), ok);
	/* lost: nobody would resume the process */
	if (!w->async) {
		sig = ir_imm(SIGCONT);
		ir_call(f, -1, BPF_FUNC_send_signal, 1, &sig);
	}
	int p = ir_vreg(f), one = ir_vreg(f);
	ir_mov(f, p, ir_mapval(prog->counters_map, 8 * COUNTER_RINGBUF_LOST));
	ir_mov(f, one, ir_imm(1));
	ir_xadd(f, 8, ir_reg(p), 0, ir_reg(one));
	ir_place(f, ok);
	ir_ret(f, ir_imm(0));
	return f;
}
