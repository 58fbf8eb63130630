/* ir.c: building IR functions. */
#include "ir.h"

#include <stdlib.h>
#include <string.h>

struct ir_func *ir_func_new(const char *name)
{
	struct ir_func *f = xcalloc(1, sizeof(*f));
	f->name = name;
	f->nvregs = 1; /* vreg 0: the context */
	return f;
}

void ir_func_free(struct ir_func *f)
{
	if (!f)
		return;
	vec_free(&f->insns);
	vec_free(&f->slots);
	free(f);
}

int ir_vreg(struct ir_func *f)
{
	return f->nvregs++;
}

int ir_label(struct ir_func *f)
{
	return f->nlabels++;
}

int ir_slot(struct ir_func *f, uint32_t size, uint32_t align)
{
	struct ir_slot s = { .size = size, .align = align ? align : 8 };
	vec_push(&f->slots, s);
	return (int)f->slots.len - 1;
}

static struct ir_insn *add(struct ir_func *f, enum ir_op op)
{
	struct ir_insn in = { .op = op, .loc = f->cur_loc, .label = -1 };
	vec_push(&f->insns, in);
	return &f->insns.data[f->insns.len - 1];
}

void ir_mov(struct ir_func *f, int d, struct ir_val a)
{
	struct ir_insn *in = add(f, IR_MOV);
	in->d = ir_reg(d);
	in->a = a;
}

void ir_alu(struct ir_func *f, enum ir_alu op, int d, struct ir_val a, struct ir_val b)
{
	struct ir_insn *in = add(f, IR_ALU);
	in->alu = op;
	in->d = ir_reg(d);
	in->a = a;
	in->b = b;
}

void ir_load(struct ir_func *f, int size, int d, struct ir_val base, int32_t off)
{
	struct ir_insn *in = add(f, IR_LOAD);
	in->size = size;
	in->d = ir_reg(d);
	in->a = base;
	in->off = off;
}

void ir_store(struct ir_func *f, int size, struct ir_val base, int32_t off, struct ir_val v)
{
	struct ir_insn *in = add(f, IR_STORE);
	in->size = size;
	in->a = base;
	in->off = off;
	in->b = v;
}

void ir_xadd(struct ir_func *f, int size, struct ir_val base, int32_t off, struct ir_val v)
{
	struct ir_insn *in = add(f, IR_XADD);
	in->size = size;
	in->a = base;
	in->off = off;
	in->b = v;
}

void ir_call(struct ir_func *f, int d, int helper, int nargs, const struct ir_val *args)
{
	struct ir_insn *in = add(f, IR_CALL);
	in->d = d >= 0 ? ir_reg(d) : ir_none();
	in->helper = helper;
	in->nargs = nargs;
	for (int i = 0; i < nargs && i < IR_MAX_ARGS; i++)
		in->args[i] = args[i];
}

void ir_kfunc_call(struct ir_func *f, int d, int btf_id, const char *name, int nargs, const struct ir_val *args)
{
	ir_call(f, d, btf_id, nargs, args);
	f->insns.data[f->insns.len - 1].kfunc = name;
}

void ir_jmp(struct ir_func *f, int label)
{
	add(f, IR_JMP)->label = label;
}

void ir_br(struct ir_func *f, enum ir_cond c, struct ir_val a, struct ir_val b, int label)
{
	struct ir_insn *in = add(f, IR_BR);
	in->cond = c;
	in->a = a;
	in->b = b;
	in->label = label;
}

void ir_place(struct ir_func *f, int label)
{
	add(f, IR_LABEL)->label = label;
}

void ir_ret(struct ir_func *f, struct ir_val a)
{
	add(f, IR_RET)->a = a;
}
