/*
 * ir.h: the intermediate representation between lowering and emission.
 *
 * A function is a linear list of instructions over an unbounded set of virtual
 * registers (vregs), close to BPF so that emission is nearly one to one, but
 * with three-address ALU operations, helper calls that take their arguments as
 * operands, and stack slots instead of frame offsets. Register allocation maps
 * vregs to R0-R9 (spilling to the stack when it must) and lays out the frame.
 *
 * vreg 0 is the program's context (R1 at entry).
 */
#ifndef SONDE_IR_H
#define SONDE_IR_H

#include "diag.h"
#include "util.h"
#include <stdint.h>
#include <stdio.h>

enum ir_op {
	IR_MOV,    /* d = a            (a: reg, imm, slot address, or map pointer) */
	IR_ALU,    /* d = a alu b      (a: reg; b: reg or imm; ALU_NEG ignores b) */
	IR_LOAD,   /* d = *(size *)(a + off)   (a: reg or slot) zero-extended */
	IR_STORE,  /* *(size *)(a + off) = b   (a: reg or slot; b: reg or imm) */
	IR_XADD,   /* lock *(size *)(a + off) += b   (size 4 or 8; a: reg; b: reg) */
	IR_CALL,   /* d = helper#imm(args[0..nargs))   (d may be V_NONE) */
	IR_JMP,    /* goto label */
	IR_BR,     /* if (a cond b) goto label   (a: reg; b: reg or imm) */
	IR_LABEL,  /* label: */
	IR_RET,    /* return a   (reg or imm) */
	IR_OP_MAX
};

enum ir_alu {
	ALU_ADD, ALU_SUB, ALU_MUL, ALU_DIV, ALU_MOD, /* DIV/MOD unsigned */
	ALU_SDIV, ALU_SMOD,                          /* signed, C semantics (truncate toward 0) */
	ALU_AND, ALU_OR, ALU_XOR, ALU_LSH, ALU_RSH, ALU_ARSH, ALU_NEG,
	ALU_MAX
};

enum ir_cond {
	COND_EQ, COND_NE, COND_GT, COND_GE, COND_LT, COND_LE, /* unsigned */
	COND_SGT, COND_SGE, COND_SLT, COND_SLE,               /* signed */
	COND_SET,                                             /* a & b != 0 */
	COND_MAX
};

enum ir_val_kind {
	V_NONE,
	V_REG,   /* vreg n */
	V_IMM,   /* imm (any 64-bit value: emission materializes what BPF cannot encode) */
	V_SLOT,  /* the address of stack slot n, plus imm bytes */
	V_MAP,   /* a pointer to map id n (ld_imm64 BPF_PSEUDO_MAP_FD, patched to the fd at load) */
	V_MAPVAL,/* the address of byte imm of array map n's first value (BPF_PSEUDO_MAP_VALUE) */
	V_KVAR,  /* the kernel variable of vmlinux BTF id n (ld_imm64 BPF_PSEUDO_BTF_ID) */
};

struct ir_val {
	enum ir_val_kind kind;
	int32_t n;
	int64_t imm;
};

#define IR_MAX_ARGS 5

struct ir_insn {
	enum ir_op op;
	uint8_t size;          /* LOAD/STORE/XADD: 1, 2, 4, 8 */
	uint8_t alu;           /* enum ir_alu */
	uint8_t cond;          /* enum ir_cond */
	uint8_t nargs;
	struct ir_val d, a, b;
	int32_t off;           /* LOAD/STORE/XADD */
	int32_t label;         /* JMP/BR target, LABEL id */
	int32_t helper;        /* CALL: enum bpf_func_id, or a kfunc's vmlinux BTF id */
	const char *kfunc;     /* CALL: the kernel function's name when it is a kfunc call; NULL for a helper */
	struct ir_val args[IR_MAX_ARGS];
	struct loc loc;        /* the statement this came from: verifier errors point here */
};

struct ir_slot {
	uint32_t size, align;
	int32_t offset;        /* from R10, negative; set by frame layout */
};

struct ir_func {
	const char *name;
	VEC(struct ir_insn) insns;
	VEC(struct ir_slot) slots;
	int nvregs;
	int nlabels;
	uint32_t stack_size;   /* bytes of frame used, after layout */
	struct loc cur_loc;    /* builders stamp new instructions with this */
};

/* ---- building (lowering uses these) ---- */
struct ir_func *ir_func_new(const char *name);
void ir_func_free(struct ir_func *f);
int ir_vreg(struct ir_func *f);
int ir_label(struct ir_func *f);
int ir_slot(struct ir_func *f, uint32_t size, uint32_t align);

static inline struct ir_val ir_reg(int n) { return (struct ir_val){ .kind = V_REG, .n = n }; }
static inline struct ir_val ir_imm(int64_t v) { return (struct ir_val){ .kind = V_IMM, .imm = v }; }
static inline struct ir_val ir_slotv(int slot, int64_t off) { return (struct ir_val){ .kind = V_SLOT, .n = slot, .imm = off }; }
static inline struct ir_val ir_mapv(int id) { return (struct ir_val){ .kind = V_MAP, .n = id }; }
static inline struct ir_val ir_mapval(int id, int64_t off) { return (struct ir_val){ .kind = V_MAPVAL, .n = id, .imm = off }; }
static inline struct ir_val ir_kvar(int btf_id) { return (struct ir_val){ .kind = V_KVAR, .n = btf_id }; }
static inline struct ir_val ir_none(void) { return (struct ir_val){ .kind = V_NONE }; }

void ir_mov(struct ir_func *f, int d, struct ir_val a);
void ir_alu(struct ir_func *f, enum ir_alu op, int d, struct ir_val a, struct ir_val b);
void ir_load(struct ir_func *f, int size, int d, struct ir_val base, int32_t off);
void ir_store(struct ir_func *f, int size, struct ir_val base, int32_t off, struct ir_val v);
void ir_xadd(struct ir_func *f, int size, struct ir_val base, int32_t off, struct ir_val v);
/* d < 0: result unused. */
void ir_call(struct ir_func *f, int d, int helper, int nargs, const struct ir_val *args);
/* d = kernel function btf_id (named name, for dumps)(args): BPF_PSEUDO_KFUNC_CALL. */
void ir_kfunc_call(struct ir_func *f, int d, int btf_id, const char *name, int nargs, const struct ir_val *args);
void ir_jmp(struct ir_func *f, int label);
void ir_br(struct ir_func *f, enum ir_cond c, struct ir_val a, struct ir_val b, int label);
void ir_place(struct ir_func *f, int label);
void ir_ret(struct ir_func *f, struct ir_val a);

/* ---- -d ir ---- */
void ir_dump(FILE *out, const struct ir_func *f);
const char *ir_alu_name(enum ir_alu op);
const char *ir_cond_name(enum ir_cond c);

/*
 * ---- back end: IR -> BPF ----
 * Allocates registers (spilling when needed), lays out the frame, and emits
 * instructions. Fails with -E2BIG after diag_error() naming the statement when
 * the frame would exceed 512 bytes. *locs gets one entry per instruction.
 */
struct bpf_insn;
int ir_codegen(struct ir_func *f, struct bpf_insn **insns, uint32_t *ninsns, struct loc **locs);
/*
 * Whether the kernel has signed division (BPF_DIV/BPF_MOD with off = 1, cpu v4,
 * Linux 6.6+). Without it (the default) ALU_SDIV/ALU_SMOD become unsigned
 * division with sign fixups.
 */
void ir_codegen_set_sdiv(bool available);

/* Whether the kernel has BPF ISA v4 signed div/mod (6.6+); otherwise a longer sequence is emitted. */
void ir_codegen_set_sdiv(bool available);

/* -d bpf: one instruction a line, in the kernel verifier's notation. */
void bpf_disasm(FILE *out, const struct bpf_insn *insns, uint32_t n);

#endif
