/*
 * lower_kfunc.c: BPF code that calls kernel functions (kfuncs): comm(PID).
 *
 * bpf_task_from_pid() returns a counted reference to the task (or NULL,
 * KF_ACQUIRE | KF_RET_NULL): the verifier wants the NULL test before any use
 * and bpf_task_release() (KF_RELEASE) on every path that got one. Between the
 * two the program reads task->comm directly: a trusted BTF pointer needs no
 * bpf_probe_read_kernel.
 */
#include "lower.h"
#include "btf.h"
#include "kfunc.h"

#define COMM_LEN 16

/* The offset of comm in struct task_struct, or -1. */
static int comm_offset(void)
{
	struct type *t = btf_load() < 0 ? NULL : btf_parse_type("struct task_struct");
	if (!t || btf_complete(t) < 0)
		return -1;
	const struct field *fl = btf_member(t, "comm");
	return fl && fl->type->size >= COMM_LEN ? (int)fl->offset : -1;
}

struct lval lower_comm_pid(struct lower *L, struct node *n, int dslot, int32_t doff)
{
	struct ir_func *f = L->f;
	int from = kfunc_btf_id("bpf_task_from_pid"), release = kfunc_btf_id("bpf_task_release");
	int off = comm_offset();
	int slot = dslot;
	int32_t at = doff;

	if (from < 0 || release < 0 || off < 0) {
		/* the checker has said so already; this kernel changed under us */
		diag_error(&n->loc, "comm(PID): this kernel has no bpf_task_from_pid/bpf_task_release or task comm");
		return (struct lval){ .kind = LV_IMM, .type = n->type };
	}
	if (slot < 0) {
		slot = lower_tmp_slot(L, COMM_LEN);
		at = 0;
	}
	int pid = ir_vreg(f), task = ir_vreg(f), x = ir_vreg(f);
	int missing = ir_label(f), done = ir_label(f);
	ir_mov(f, pid, lower_operand(L, n->args));
	struct ir_val arg = ir_reg(pid);
	ir_kfunc_call(f, task, from, "bpf_task_from_pid", 1, &arg);
	ir_br(f, COND_EQ, ir_reg(task), ir_imm(0), missing);
	/* the widest loads comm's alignment in the task allows */
	int w = off % 8 == 0 ? 8 : off % 4 == 0 ? 4 : off % 2 == 0 ? 2 : 1;
	for (int i = 0; i < COMM_LEN; i += w) {
		ir_load(f, w, x, ir_reg(task), off + i);
		ir_store(f, w, ir_slotv(slot, 0), at + i, ir_reg(x));
	}
	arg = ir_reg(task);
	ir_kfunc_call(f, -1, release, "bpf_task_release", 1, &arg);
	ir_jmp(f, done);

	ir_place(f, missing);
	/* "N/A", as bpftrace, with its warning */
	ir_store(f, 8, ir_slotv(slot, 0), at, ir_imm('N' | '/' << 8 | 'A' << 16));
	ir_store(f, 8, ir_slotv(slot, 0), at + 8, ir_imm(0));
	struct ir_val v = ir_reg(pid);
	lower_send_fmt_vals(L, n->index - 1, &v);
	ir_place(f, done);
	return (struct lval){ .kind = LV_MEM, .slot = slot, .off = at, .type = n->type };
}
