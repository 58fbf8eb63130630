/*
 * disasm.c: -d bpf, BPF instructions in the kernel verifier's notation
 * ("r1 = *(u64 *)(r10 -8)", "if r0 != 0x2a goto pc+5"), one a line, each
 * prefixed with its index; ld_imm64 takes one line for its two slots.
 */
#include "bpf_insn.h"
#include "codegen.h"

#include <stdio.h>

/* Helper names, from the UAPI header's own list: every helper of the kernel it comes from. */
#define HELPER_NAME(x, ...) [BPF_FUNC_##x] = #x
static const char *const helper_names[] = {
	__BPF_FUNC_MAPPER(HELPER_NAME)
};
#undef HELPER_NAME

const char *bpf_helper_name(int id)
{
	if (id < 0 || (size_t)id >= ARRAY_SIZE(helper_names))
		return NULL;
	return helper_names[id];
}

static const char *const alu_str[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=", [BPF_MUL >> 4] = "*=", [BPF_DIV >> 4] = "/=",
	[BPF_OR >> 4] = "|=", [BPF_AND >> 4] = "&=", [BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=",
	[BPF_NEG >> 4] = "neg", [BPF_MOD >> 4] = "%=", [BPF_XOR >> 4] = "^=", [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

static const char *const jmp_str[16] = {
	[BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">", [BPF_JGE >> 4] = ">=", [BPF_JSET >> 4] = "&",
	[BPF_JNE >> 4] = "!=", [BPF_JSGT >> 4] = "s>", [BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<",
	[BPF_JLE >> 4] = "<=", [BPF_JSLT >> 4] = "s<", [BPF_JSLE >> 4] = "s<=",
};

static const char *size_str(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return "u8";
	case BPF_H: return "u16";
	case BPF_W: return "u32";
	default: return "u64";
	}
}

static void print_alu(FILE *out, const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	char r = is64 ? 'r' : 'w';
	uint8_t op = BPF_OP(in->code);
	bool x = BPF_SRC(in->code) == BPF_X;

	if (op == BPF_NEG) {
		fprintf(out, "%c%d = -%c%d", r, in->dst_reg, r, in->dst_reg);
	} else if (op == BPF_END) {
		const char *kind = is64 ? "bswap" : x ? "be" : "le";
		fprintf(out, "r%d = %s%d r%d", in->dst_reg, kind, in->imm, in->dst_reg);
	} else if (op == BPF_MOV && x && in->off) {
		fprintf(out, "%c%d = (s%d)%c%d", r, in->dst_reg, in->off, r, in->src_reg);
	} else if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1) {
		const char *s = op == BPF_DIV ? "s/=" : "s%=";
		if (x)
			fprintf(out, "%c%d %s %c%d", r, in->dst_reg, s, r, in->src_reg);
		else
			fprintf(out, "%c%d %s %d", r, in->dst_reg, s, in->imm);
	} else if (x) {
		fprintf(out, "%c%d %s %c%d", r, in->dst_reg, alu_str[op >> 4], r, in->src_reg);
	} else {
		fprintf(out, "%c%d %s %d", r, in->dst_reg, alu_str[op >> 4], in->imm);
	}
}

static void print_atomic(FILE *out, const struct bpf_insn *in)
{
	const char *sz = size_str(in->code);
	int op = in->imm & ~BPF_FETCH;
	const char *name = op == BPF_ADD ? "add" : op == BPF_AND ? "and" : op == BPF_OR ? "or" :
			   op == BPF_XOR ? "xor" : NULL;

	if (in->imm == BPF_XCHG) {
		fprintf(out, "r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", in->src_reg,
			BPF_SIZE(in->code) == BPF_DW ? "64" : "", sz, in->dst_reg, in->off, in->src_reg);
	} else if (in->imm == BPF_CMPXCHG) {
		fprintf(out, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)",
			BPF_SIZE(in->code) == BPF_DW ? "64" : "", sz, in->dst_reg, in->off, in->src_reg);
	} else if (name && !(in->imm & BPF_FETCH)) {
		fprintf(out, "lock *(%s *)(r%d %+d) %s= r%d", sz, in->dst_reg, in->off,
			op == BPF_ADD ? "+" : op == BPF_AND ? "&" : op == BPF_OR ? "|" : "^", in->src_reg);
	} else if (name) {
		fprintf(out, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", in->src_reg,
			BPF_SIZE(in->code) == BPF_DW ? "64" : "", name, sz, in->dst_reg, in->off, in->src_reg);
	} else {
		fprintf(out, "invalid atomic op 0x%x", in->imm);
	}
}

static void print_jmp(FILE *out, const struct bpf_insn *in)
{
	uint8_t op = BPF_OP(in->code);
	char r = BPF_CLASS(in->code) == BPF_JMP ? 'r' : 'w';

	switch (op) {
	case BPF_CALL:
		if (in->src_reg == BPF_PSEUDO_CALL) {
			fprintf(out, "call pc%+d", in->imm);
		} else if (in->src_reg == BPF_PSEUDO_KFUNC_CALL) {
			fprintf(out, "call kernel-function#%d", in->imm);
		} else {
			const char *name = bpf_helper_name(in->imm);
			if (name)
				fprintf(out, "call bpf_%s#%d", name, in->imm);
			else
				fprintf(out, "call unknown#%d", in->imm);
		}
		return;
	case BPF_EXIT:
		fputs("exit", out);
		return;
	case BPF_JA:
		if (BPF_CLASS(in->code) == BPF_JMP32)
			fprintf(out, "gotol pc%+d", in->imm);
		else
			fprintf(out, "goto pc%+d", in->off);
		return;
	default:
		break;
	}
	if (!jmp_str[op >> 4]) {
		fprintf(out, "invalid jump op 0x%02x", in->code);
	} else if (BPF_SRC(in->code) == BPF_X) {
		fprintf(out, "if %c%d %s %c%d goto pc%+d", r, in->dst_reg, jmp_str[op >> 4], r, in->src_reg, in->off);
	} else {
		fprintf(out, "if %c%d %s 0x%x goto pc%+d", r, in->dst_reg, jmp_str[op >> 4], (uint32_t)in->imm, in->off);
	}
}

/* Prints instruction i; returns how many slots it took. */
static int print_insn(FILE *out, const struct bpf_insn *insns, uint32_t i, uint32_t n)
{
	const struct bpf_insn *in = &insns[i];
	uint8_t cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		print_alu(out, in);
		return 1;
	case BPF_LDX:
		if (mode == BPF_MEM)
			fprintf(out, "r%d = *(%s *)(r%d %+d)", in->dst_reg, size_str(in->code), in->src_reg, in->off);
		else if (mode == 0x80 /* BPF_MEMSX */)
			fprintf(out, "r%d = *(s%s *)(r%d %+d)", in->dst_reg, size_str(in->code) + 1, in->src_reg, in->off);
		else
			fprintf(out, "invalid ldx mode 0x%02x", in->code);
		return 1;
	case BPF_STX:
		if (mode == BPF_MEM)
			fprintf(out, "*(%s *)(r%d %+d) = r%d", size_str(in->code), in->dst_reg, in->off, in->src_reg);
		else if (mode == BPF_ATOMIC)
			print_atomic(out, in);
		else
			fprintf(out, "invalid stx mode 0x%02x", in->code);
		return 1;
	case BPF_ST:
		fprintf(out, "*(%s *)(r%d %+d) = %d", size_str(in->code), in->dst_reg, in->off, in->imm);
		return 1;
	case BPF_LD:
		if (bpf_is_ld_imm64(in)) {
			if (i + 1 >= n) {
				fputs("invalid ld_imm64: truncated", out);
				return 1;
			}
			uint64_t imm = (uint64_t)(uint32_t)insns[i + 1].imm << 32 | (uint32_t)in->imm;
			if (in->src_reg == BPF_PSEUDO_MAP_FD)
				fprintf(out, "r%d = map[id:%u] ll", in->dst_reg, (uint32_t)in->imm);
			else if (in->src_reg == BPF_PSEUDO_MAP_VALUE)
				fprintf(out, "r%d = map[id:%u][0]+%u ll", in->dst_reg, (uint32_t)in->imm,
					(uint32_t)insns[i + 1].imm);
			else if (in->src_reg == BPF_PSEUDO_BTF_ID)
				fprintf(out, "r%d = btf_var[id:%u] ll", in->dst_reg, (uint32_t)in->imm);
			else
				fprintf(out, "r%d = 0x%llx ll", in->dst_reg, (unsigned long long)imm);
			return 2;
		}
		if (mode == BPF_ABS)
			fprintf(out, "r0 = *(%s *)skb[%d]", size_str(in->code), in->imm);
		else if (mode == BPF_IND)
			fprintf(out, "r0 = *(%s *)skb[r%d + %d]", size_str(in->code), in->src_reg, in->imm);
		else
			fprintf(out, "invalid ld 0x%02x", in->code);
		return 1;
	case BPF_JMP:
	case BPF_JMP32:
		print_jmp(out, in);
		return 1;
	default:
		fprintf(out, "invalid opcode 0x%02x", in->code);
		return 1;
	}
}

void bpf_disasm(FILE *out, const struct bpf_insn *insns, uint32_t n)
{
	for (uint32_t i = 0; i < n;) {
		fprintf(out, "%4u: ", i);
		i += print_insn(out, insns, i, n);
		fputc('\n', out);
	}
}
