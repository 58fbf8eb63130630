/*
 * bpf_insn.h: constructors for BPF instructions.
 *
 * All BPF code is built through these, never by filling struct bpf_insn at
 * each use, so that field conventions (which register goes where, what `off`
 * means for signed division, how ld_imm64 splits its immediate) live in one
 * place. Registers are BPF_REG_0..BPF_REG_10 from <linux/bpf.h>.
 */
#ifndef SONDE_BPF_INSN_H
#define SONDE_BPF_INSN_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stdint.h>

static inline struct bpf_insn bpf_insn_make(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct bpf_insn in = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
	return in;
}

/* BPF_B/H/W/DW for an access of `bytes` (1, 2, 4 or 8). */
static inline uint8_t bpf_size_code(int bytes)
{
	switch (bytes) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	default: return BPF_DW;
	}
}

static inline int bpf_size_bytes(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	default: return 8;
	}
}

/* ---- ALU: op is BPF_ADD, BPF_SUB, ... ---- */
static inline struct bpf_insn bpf_alu64_reg(uint8_t op, uint8_t dst, uint8_t src)
{
	return bpf_insn_make(BPF_ALU64 | op | BPF_X, dst, src, 0, 0);
}

static inline struct bpf_insn bpf_alu64_imm(uint8_t op, uint8_t dst, int32_t imm)
{
	return bpf_insn_make(BPF_ALU64 | op | BPF_K, dst, 0, 0, imm);
}

static inline struct bpf_insn bpf_alu32_reg(uint8_t op, uint8_t dst, uint8_t src)
{
	return bpf_insn_make(BPF_ALU | op | BPF_X, dst, src, 0, 0);
}

static inline struct bpf_insn bpf_alu32_imm(uint8_t op, uint8_t dst, int32_t imm)
{
	return bpf_insn_make(BPF_ALU | op | BPF_K, dst, 0, 0, imm);
}

/* Signed division and modulo (cpu v4, kernel 6.6+): BPF_DIV/BPF_MOD with off = 1. */
static inline struct bpf_insn bpf_sdiv64_reg(uint8_t op, uint8_t dst, uint8_t src)
{
	return bpf_insn_make(BPF_ALU64 | op | BPF_X, dst, src, 1, 0);
}

static inline struct bpf_insn bpf_sdiv64_imm(uint8_t op, uint8_t dst, int32_t imm)
{
	return bpf_insn_make(BPF_ALU64 | op | BPF_K, dst, 0, 1, imm);
}

static inline struct bpf_insn bpf_mov64_reg(uint8_t dst, uint8_t src)
{
	return bpf_alu64_reg(BPF_MOV, dst, src);
}

static inline struct bpf_insn bpf_mov64_imm(uint8_t dst, int32_t imm)
{
	return bpf_alu64_imm(BPF_MOV, dst, imm);
}

/* 32-bit moves zero the upper half of dst. */
static inline struct bpf_insn bpf_mov32_reg(uint8_t dst, uint8_t src)
{
	return bpf_alu32_reg(BPF_MOV, dst, src);
}

static inline struct bpf_insn bpf_mov32_imm(uint8_t dst, int32_t imm)
{
	return bpf_alu32_imm(BPF_MOV, dst, imm);
}

static inline struct bpf_insn bpf_neg64(uint8_t dst)
{
	return bpf_insn_make(BPF_ALU64 | BPF_NEG | BPF_K, dst, 0, 0, 0);
}

/*
 * ld_imm64 takes two instruction slots: the low half of the immediate in the
 * first, the high half in the second. With pseudo = BPF_PSEUDO_MAP_FD the
 * immediate is a map fd (a map id until the loader patches it).
 */
static inline void bpf_ld_imm64(struct bpf_insn out[2], uint8_t dst, uint8_t pseudo, uint64_t imm)
{
	out[0] = bpf_insn_make(BPF_LD | BPF_DW | BPF_IMM, dst, pseudo, 0, (int32_t)(uint32_t)imm);
	out[1] = bpf_insn_make(0, 0, 0, 0, (int32_t)(uint32_t)(imm >> 32));
}

static inline bool bpf_is_ld_imm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_DW | BPF_IMM);
}

/* ---- memory: size is BPF_B/H/W/DW ---- */
static inline struct bpf_insn bpf_ldx_mem(uint8_t size, uint8_t dst, uint8_t src, int16_t off)
{
	return bpf_insn_make(BPF_LDX | BPF_MEM | size, dst, src, off, 0);
}

static inline struct bpf_insn bpf_stx_mem(uint8_t size, uint8_t dst, uint8_t src, int16_t off)
{
	return bpf_insn_make(BPF_STX | BPF_MEM | size, dst, src, off, 0);
}

/* For BPF_DW the 32-bit immediate is sign-extended. */
static inline struct bpf_insn bpf_st_mem(uint8_t size, uint8_t dst, int16_t off, int32_t imm)
{
	return bpf_insn_make(BPF_ST | BPF_MEM | size, dst, 0, off, imm);
}

/* lock *(size *)(dst + off) += src; size BPF_W or BPF_DW. */
static inline struct bpf_insn bpf_atomic_add(uint8_t size, uint8_t dst, uint8_t src, int16_t off)
{
	return bpf_insn_make(BPF_STX | BPF_ATOMIC | size, dst, src, off, BPF_ADD);
}

/* ---- jumps: off counts instructions from the next one ---- */
static inline struct bpf_insn bpf_jmp_reg(uint8_t op, uint8_t dst, uint8_t src, int16_t off)
{
	return bpf_insn_make(BPF_JMP | op | BPF_X, dst, src, off, 0);
}

static inline struct bpf_insn bpf_jmp_imm(uint8_t op, uint8_t dst, int32_t imm, int16_t off)
{
	return bpf_insn_make(BPF_JMP | op | BPF_K, dst, 0, off, imm);
}

static inline struct bpf_insn bpf_ja(int16_t off)
{
	return bpf_insn_make(BPF_JMP | BPF_JA, 0, 0, off, 0);
}

static inline struct bpf_insn bpf_call_helper(int32_t id)
{
	return bpf_insn_make(BPF_JMP | BPF_CALL, 0, 0, 0, id);
}

/* A vmlinux kernel function (off 0: no module BTF), by its BTF id. */
static inline struct bpf_insn bpf_call_kfunc(int32_t btf_id)
{
	return bpf_insn_make(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, btf_id);
}

static inline struct bpf_insn bpf_exit_insn(void)
{
	return bpf_insn_make(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* A conditional or unconditional jump within the program (not call or exit). */
static inline bool bpf_is_jump(const struct bpf_insn *in)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	if (cls != BPF_JMP && cls != BPF_JMP32)
		return false;
	return op != BPF_CALL && op != BPF_EXIT;
}

#endif
