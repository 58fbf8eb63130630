/*
 * ir_dump.c: -d ir, the IR as lowering produced it, one instruction a line:
 *
 *   func tracepoint:syscalls:sys_enter_read  (vregs 7, slots 2)
 *     v1 = call get_current_pid_tgid()
 *     v2 = v1 rsh 32
 *     br v2 ne 42 -> L0
 *     store.8 [slot0 + 0] = 0
 *   L0:
 *     ret 0
 */
#include "codegen.h"

#include <inttypes.h>

const char *ir_alu_name(enum ir_alu op)
{
	static const char *const names[ALU_MAX] = {
		[ALU_ADD] = "add", [ALU_SUB] = "sub", [ALU_MUL] = "mul", [ALU_DIV] = "div",
		[ALU_MOD] = "mod", [ALU_SDIV] = "sdiv", [ALU_SMOD] = "smod", [ALU_AND] = "and",
		[ALU_OR] = "or", [ALU_XOR] = "xor", [ALU_LSH] = "lsh", [ALU_RSH] = "rsh",
		[ALU_ARSH] = "arsh", [ALU_NEG] = "neg",
	};
	return (unsigned)op < ALU_MAX ? names[op] : "?";
}

const char *ir_cond_name(enum ir_cond c)
{
	static const char *const names[COND_MAX] = {
		[COND_EQ] = "eq", [COND_NE] = "ne", [COND_GT] = "gt", [COND_GE] = "ge",
		[COND_LT] = "lt", [COND_LE] = "le", [COND_SGT] = "sgt", [COND_SGE] = "sge",
		[COND_SLT] = "slt", [COND_SLE] = "sle", [COND_SET] = "set",
	};
	return (unsigned)c < COND_MAX ? names[c] : "?";
}

static void print_val(FILE *out, const struct ir_val *v)
{
	switch (v->kind) {
	case V_REG:
		fprintf(out, "v%d", v->n);
		break;
	case V_IMM:
		fprintf(out, "%" PRId64, v->imm);
		break;
	case V_SLOT:
		if (v->imm)
			fprintf(out, "&slot%d%+" PRId64, v->n, v->imm);
		else
			fprintf(out, "&slot%d", v->n);
		break;
	case V_MAP:
		fprintf(out, "map#%d", v->n);
		break;
	case V_MAPVAL:
		fprintf(out, "&map#%d[0]%+" PRId64, v->n, v->imm);
		break;
	case V_KVAR:
		fprintf(out, "kvar#%d", v->n);
		break;
	default:
		fputs("_", out);
		break;
	}
}

/* [base + off]; a slot base folds its own offset in. */
static void print_addr(FILE *out, const struct ir_insn *in)
{
	int64_t off = in->off;

	fputc('[', out);
	if (in->a.kind == V_SLOT) {
		fprintf(out, "slot%d", in->a.n);
		off += in->a.imm;
	} else {
		print_val(out, &in->a);
	}
	if (off < 0)
		fprintf(out, " - %" PRId64 "]", -off);
	else
		fprintf(out, " + %" PRId64 "]", off);
}

static void print_insn(FILE *out, const struct ir_insn *in)
{
	if (in->op == IR_LABEL) {
		fprintf(out, "L%d:\n", in->label);
		return;
	}
	fputs("  ", out);
	switch (in->op) {
	case IR_MOV:
		print_val(out, &in->d);
		fputs(" = ", out);
		print_val(out, &in->a);
		break;
	case IR_ALU:
		print_val(out, &in->d);
		if (in->alu == ALU_NEG) {
			fputs(" = neg ", out);
			print_val(out, &in->a);
			break;
		}
		fputs(" = ", out);
		print_val(out, &in->a);
		fprintf(out, " %s ", ir_alu_name(in->alu));
		print_val(out, &in->b);
		break;
	case IR_LOAD:
		print_val(out, &in->d);
		fprintf(out, " = load.%d ", in->size);
		print_addr(out, in);
		break;
	case IR_STORE:
	case IR_XADD:
		fprintf(out, "%s.%d ", in->op == IR_STORE ? "store" : "xadd", in->size);
		print_addr(out, in);
		fputs(in->op == IR_STORE ? " = " : " += ", out);
		print_val(out, &in->b);
		break;
	case IR_CALL: {
		const char *name = bpf_helper_name(in->helper);
		if (in->d.kind != V_NONE) {
			print_val(out, &in->d);
			fputs(" = ", out);
		}
		if (in->kfunc)
			fprintf(out, "call kfunc %s(", in->kfunc);
		else if (name)
			fprintf(out, "call %s(", name);
		else
			fprintf(out, "call helper#%d(", in->helper);
		for (int k = 0; k < in->nargs && k < IR_MAX_ARGS; k++) {
			if (k)
				fputs(", ", out);
			print_val(out, &in->args[k]);
		}
		fputc(')', out);
		break;
	}
	case IR_JMP:
		fprintf(out, "jmp L%d", in->label);
		break;
	case IR_BR:
		fputs("br ", out);
		print_val(out, &in->a);
		fprintf(out, " %s ", ir_cond_name(in->cond));
		print_val(out, &in->b);
		fprintf(out, " -> L%d", in->label);
		break;
	case IR_RET:
		fputs("ret ", out);
		print_val(out, &in->a);
		break;
	default:
		fprintf(out, "<bad op %d>", (int)in->op);
		break;
	}
	fputc('\n', out);
}

void ir_dump(FILE *out, const struct ir_func *f)
{
	fprintf(out, "func %s  (vregs %d, slots %zu)\n", f->name ? f->name : "?", f->nvregs, f->slots.len);
	for (size_t i = 0; i < f->insns.len; i++)
		print_insn(out, &f->insns.data[i]);
}
