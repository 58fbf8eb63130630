/*
 * codegen.h: the back end's private interface, between emit.c (driver and
 * emission), cg_legalize.c (constant propagation, legalization), cg_flow.c
 * (control flow cleanup, webs, liveness), regalloc.c (allocation, spilling,
 * frame layout) and disasm.c / ir_dump.c (helper names).
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
	/*
	 * IR_CALL after allocation: for each argument that is a slot address,
	 * a callee-saved register that holds it (cg_share_addrs), else 0;
	 * share_def marks the call that computes it into that register.
	 */
	uint8_t share[IR_MAX_ARGS];
	uint8_t share_def;
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
	bool sdiv;                  /* the kernel has signed division (ir_codegen_set_sdiv) */
	VEC(struct cg_insn) code;
	VEC(struct ir_slot) slots;  /* f's slots, then spill slots */
	size_t nfslots;
	VEC(struct cg_vreg) v;
	int nlabels;
	struct loc loc0;            /* for code no statement owns */
	uint32_t stack_size;
};

static inline bool cg_fits_s32(int64_t v) { return v == (int32_t)v; }
static inline bool cg_fits_s16(int64_t v) { return v == (int16_t)v; }

/* ---- cg_flow.c: machine IR, control and data flow ---- */
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

/* Basic blocks: a label run starts one, a jump or return ends one. */
struct cg_cfg {
	int n;
	int *first, *end;   /* instructions [first, end) of each block */
	int *succ;          /* two per block, -1 for none */
	int *lblock;        /* label -> block, -1 when not placed */
};

void cg_cfg_build(struct cg *cg, struct cg_cfg *g);
void cg_cfg_free(struct cg_cfg *g);
bool cg_ends_block(enum ir_op op);
/* Jump threading, branch inversion, unreachable code and unused labels. */
void cg_cleanup_cfg(struct cg *cg);
/* One vreg per web (definitions reaching common uses). */
void cg_split_webs(struct cg *cg);

/* Live vregs at each block's start and end, `words` 64-bit words a set. */
struct cg_live {
	int words;
	uint64_t *in, *out;
};

static inline bool cg_bit_test(const uint64_t *s, int i) { return s[i / 64] >> (i % 64) & 1; }

void cg_live_compute(struct cg *cg, const struct cg_cfg *g, struct cg_live *lv);
void cg_live_free(struct cg_live *lv);
/* Deletes pure instructions whose result is dead; returns whether it did. */
bool cg_dce(struct cg *cg, const struct cg_cfg *g, const struct cg_live *lv);
/* Debugging aid (SONDE_CG_DEBUG=1): the machine IR and allocation, to stderr. */
void cg_debug_dump(struct cg *cg, const char *stage);

/* ---- cg_legalize.c ---- */
void cg_constprop(struct cg *cg);
void cg_merge_stores(struct cg *cg);
void cg_legalize(struct cg *cg);

/* ---- regalloc.c ---- */
int cg_regalloc(struct cg *cg);
/* cg_share.c: run by cg_regalloc on the final allocation (intervals valid). */
void cg_share_addrs(struct cg *cg);
int cg_frame_layout(struct cg *cg);

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
