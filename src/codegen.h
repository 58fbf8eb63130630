/*
 * codegen.h: the back end's private interface, between emit.c (legalization
 * and emission), regalloc.c (control flow cleanup, liveness, allocation,
 * spilling, frame layout) and disasm.c / ir_dump.c (helper names).
 * Nothing outside the back end includes this; the public entry points are in ir.h.
 *
 * The back end works on a copy of the IR ("machine IR"): the same struct
 * ir_insn, but legalized so that every operand has a direct BPF encoding, plus
 * a few pseudo instructions (cg_kind) that register allocation inserts.
 */
#ifndef SONDE_CODEGEN_H
#define SONDE_CODEGEN_H

#include "ir.h"

#include <linux/bpf.h>
#include <stdbool.h>
#include <stdint.h>

enum cg_kind {
	CG_PLAIN,    /* an IR instruction, legalized */
	CG_ENTRY,    /* IR_MOV d = R1 at entry (the context) */
	CG_RELOAD,   /* IR_LOAD.8 d = [spill slot a.n] */
	CG_SPILL,    /* IR_STORE.8 [spill slot a.n] = b (a register or an s32 immediate) */
	CG_DELETED,  /* removed; dropped at the next compaction */
};

struct cg_insn {
	struct ir_insn in;
	enum cg_kind kind;
};

#define CG_NREGS 10  /* R0-R9 are allocatable; R10 is the frame pointer */

struct cg_vreg {
	int reg;        /* BPF register once allocated, -1 when none */
	int slot;       /* spill slot (index in cg.slots), -1 */
	bool tiny;      /* a temp living across one instruction: never spilled */
	int chain;      /* previous temp of the same spilled vreg: preferred register, -1 */
	/* recomputed every allocation round */
	int start, end; /* interval: instruction i uses at 2i, defines at 2i+1 */
	bool crosses;   /* live across a helper call: R6-R9 only */
	int hint_def;   /* register its definition produces it in (call: R0, entry: R1), -1 */
	int hint_use;   /* register a use wants it in (call argument, return value), -1 */
	int hint_v, hint_v2; /* vregs whose register it would like to reuse (saves a move), -1 */
	int hint_base;  /* a load's base: reusing its register only saves a register, -1 */
};

struct cg {
	struct ir_func *f;
	VEC(struct cg_insn) code;
	VEC(struct ir_slot) slots;  /* f's slots, then spill slots */
	size_t nfslots;
	VEC(struct cg_vreg) v;
	int nlabels;
	struct loc loc0;            /* for code no statement owns */
	uint32_t stack_size;
};

int cg_vreg_new(struct cg *cg, bool tiny);
int cg_label_new(struct cg *cg);
/* Appends an instruction to cg->code. */
void cg_push(struct cg *cg, const struct ir_insn *in, enum cg_kind kind);
/* Drops CG_DELETED instructions. */
void cg_compact(struct cg *cg);

/* The vreg operands an instruction reads (at most IR_MAX_ARGS + 1). */
int cg_uses(struct ir_insn *in, struct ir_val **out);
/* The vreg it writes, or NULL. */
struct ir_val *cg_def(struct ir_insn *in);
bool cg_alu_commutes(enum ir_alu op);

/* regalloc.c */
void cg_split_webs(struct cg *cg);
void cg_cleanup_cfg(struct cg *cg);
int cg_regalloc(struct cg *cg);
int cg_frame_layout(struct cg *cg);
void cg_debug_dump(struct cg *cg, const char *stage);

/*
 * Orders the register moves dst[i] <- src[i] (distinct dst) so that no move
 * overwrites a source still to be read; a cycle is broken through `scratch`,
 * which must be neither a dst nor a src. Writes the moves into out (room for
 * 2n) and returns how many.
 */
int cg_order_moves(const int *dst, const int *src, int n, int scratch, int (*out)[2]);

/* disasm.c: "map_lookup_elem", or NULL when unknown. */
const char *bpf_helper_name(int id);

#endif
