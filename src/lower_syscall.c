/*
 * lower_syscall.c: the code that puts tracepoint:syscalls programs on the raw
 * sys_enter/sys_exit tracepoints (syscall_tp.h): the prologue that keeps the
 * program to its syscalls, the record's fields, and the dispatchers.
 *
 * The programs are BTF raw tracepoint programs: argument 0 of both raw
 * tracepoints is a struct pt_regs pointer the verifier knows, so the
 * registers load directly, with no helper call.
 */
#include "lower.h"
#include "syscall_tp.h"

#include <linux/bpf.h>

/* Loads the syscall number: the raw tracepoint's second argument at entry, orig_ax at exit. */
static int load_nr(struct ir_func *f, const struct syscall_tp_kernel *k, bool is_exit)
{
	int nr = ir_vreg(f);

	if (!is_exit) {
		ir_load(f, 8, nr, ir_reg(0), 8);
		return nr;
	}
	ir_load(f, 8, nr, ir_reg(0), 0);
	ir_load(f, 8, nr, ir_reg(nr), k->nr_off);
	return nr;
}

void lower_syscall_prologue(struct lower *L, int naps)
{
	const struct attach_point *ap = &L->ps->aps[L->ap];
	struct ir_func *f = L->f;

	for (int i = 0; i < 6; i++)
		L->sys_arg[i] = -1;
	if (!ap->raw_sys)
		return;
	/* known by now: the attach point is raw only if the kernel can run it */
	const struct syscall_tp_kernel *k = syscall_tp_kernel();
	if (ap->tail_map < 0) {
		/* the program runs for every syscall: its own first */
		int nr = load_nr(f, k, ap->sys_exit), ok = ir_label(f);
		for (int i = 0; i < naps; i++)
			ir_br(f, COND_EQ, ir_reg(nr), ir_imm(ap[i].sysnr), ok);
		ir_jmp(f, L->exit_label);
		ir_place(f, ok);
	}
	/* a compat (ia32) syscall's number means another syscall: the tracepoints skip them too */
	int t = ir_vreg(f);
	ir_call(f, t, BPF_FUNC_get_current_task_btf, 0, NULL);
	ir_load(f, 4, t, ir_reg(t), k->compat_off);
	ir_br(f, COND_SET, ir_reg(t), ir_imm(k->compat_bit), L->exit_label);
	if (ap->sys_exit)
		return;
	/* the arguments the script reads, once: record offset 16 + 8 * i is argument i */
	int regs = -1;
	for (int i = 0; i < 6; i++) {
		if (!(L->ps->args_words & (1u << (2 + i))))
			continue;
		if (regs < 0) {
			regs = ir_vreg(f);
			ir_load(f, 8, regs, lower_ctx(L), 0);
		}
		L->sys_arg[i] = ir_vreg(f);
		ir_load(f, 8, L->sys_arg[i], ir_reg(regs), k->arg_off[i]);
	}
}

struct lval lower_syscall_field(struct lower *L, const struct field *fl, struct type *t)
{
	const struct attach_point *ap = &L->ps->aps[L->ap];
	struct ir_func *f = L->f;
	int r = ir_vreg(f);

	if (fl->offset == 8) {
		/* __syscall_nr: one program per attach point reads fields */
		return (struct lval){ .kind = LV_IMM, .imm = ap->sysnr, .type = t };
	}
	if (ap->sys_exit) {
		/* ret: the raw tracepoint's second argument */
		ir_load(f, 8, r, lower_ctx(L), 8);
	} else if (L->sys_arg[(fl->offset - 16) / 8] >= 0) {
		ir_mov(f, r, ir_reg(L->sys_arg[(fl->offset - 16) / 8]));
	} else {
		/* a for loop's body (a callback): from the registers again */
		ir_load(f, 8, r, lower_ctx(L), 0);
		ir_load(f, 8, r, ir_reg(r), syscall_tp_kernel()->arg_off[(fl->offset - 16) / 8]);
	}
	/* the record holds the register's low bytes as the field's type: `unsigned int fd` */
	const struct type *ft = fl->type;
	if (ft->kind == TY_INT && ft->size < 8) {
		int sh = 64 - 8 * ft->size;
		ir_alu(f, ALU_LSH, r, ir_reg(r), ir_imm(sh));
		ir_alu(f, ft->is_signed ? ALU_ARSH : ALU_RSH, r, ir_reg(r), ir_imm(sh));
	}
	return (struct lval){ .kind = LV_REG, .reg = r, .type = t };
}

struct ir_func *lower_syscall_dispatcher(int map_id, bool is_exit)
{
	const struct syscall_tp_kernel *k = syscall_tp_kernel();
	struct ir_func *f = ir_func_new(is_exit ? "syscalls:sys_exit" : "syscalls:sys_enter");
	int nr = load_nr(f, k, is_exit);

	/* a number without a program (or past the array) falls through to the return */
	struct ir_val args[3] = { ir_reg(0), ir_mapv(map_id), ir_reg(nr) };
	ir_call(f, -1, BPF_FUNC_tail_call, 3, args);
	ir_ret(f, ir_imm(0));
	return f;
}
