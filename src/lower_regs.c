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
	ir_load(L->f, 8, r, ir_reg(0), off);
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
