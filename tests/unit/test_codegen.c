/*
 * test_codegen.c: the back end on IR built by hand, checked against golden
 * disassembly (no kernel needed; tests/kern/test_codegen_run.c runs code).
 */
#include "bpf_insn.h"
#include "codegen.h"
#include "ir.h"
#include "lower.h"
#include "unit.h"

#include <errno.h>

/* Compiles f; returns its disassembly (malloc'd) or NULL, with *err. */
static char *compile(struct ir_func *f, int *err)
{
	struct bpf_insn *insns = NULL;
	uint32_t n = 0;
	struct loc *locs = NULL;
	char *buf = NULL;
	size_t len = 0;

	*err = ir_codegen(f, &insns, &n, &locs);
	if (*err)
		return NULL;
	FILE *out = open_memstream(&buf, &len);
	bpf_disasm(out, insns, n);
	fclose(out);
	free(insns);
	free(locs);
	return buf;
}

static void check_code(struct ir_func *f, const char *want, int line)
{
	int err;
	char *got = compile(f, &err);

	if (err)
		fprintf(stderr, "line %d: ir_codegen = %d\n", line, err);
	CHECK_INT(err, 0);
	if (got && strcmp(got, want)) {
		fprintf(stderr, "line %d: ir dump:\n", line);
		ir_dump(stderr, f);
	}
	CHECK_STR(got, want);
	free(got);
}
#define CHECK_CODE(f, want) check_code(f, want, __LINE__)

static struct ir_val R(int v) { return ir_reg(v); }
static struct ir_val I(int64_t v) { return ir_imm(v); }

/* ---- straight-line code ---- */

UNIT_TEST(straight_line_arithmetic)
{
	struct ir_func *f = ir_func_new("t");
	int a = ir_vreg(f), b = ir_vreg(f), c = ir_vreg(f), d = ir_vreg(f), e = ir_vreg(f);

	ir_codegen_set_sdiv(false);
	ir_load(f, 8, a, R(0), 0);
	ir_load(f, 4, b, R(0), 8);
	ir_alu(f, ALU_MUL, c, R(a), R(b));
	ir_alu(f, ALU_SUB, d, R(c), R(a));   /* a dies: d can take its register */
	ir_alu(f, ALU_XOR, e, R(b), R(d));   /* commutative, both die */
	ir_alu(f, ALU_SUB, e, I(0), R(e));   /* d = 0 - d: through a temp */
	ir_alu(f, ALU_NEG, d, R(e), ir_none());
	ir_ret(f, R(d));
	CHECK_CODE(f,
		"   0: r0 = *(u64 *)(r1 +0)\n"
		"   1: r1 = *(u32 *)(r1 +8)\n"
		"   2: r5 = r0\n"
		"   3: r5 *= r1\n"
		"   4: r5 -= r0\n"
		"   5: r1 ^= r5\n"
		"   6: r0 = 0\n"
		"   7: r0 -= r1\n"
		"   8: r0 = -r0\n"
		"   9: exit\n");
	ir_func_free(f);
}

UNIT_TEST(immediates_folded)
{
	struct ir_func *f = ir_func_new("t");
	int k = ir_vreg(f), a = ir_vreg(f), b = ir_vreg(f), c = ir_vreg(f), d = ir_vreg(f);
	int x = ir_vreg(f), y = ir_vreg(f), z = ir_vreg(f), l = ir_label(f);

	ir_mov(f, k, I(40));
	ir_alu(f, ALU_ADD, x, R(k), I(2));         /* 42, folded */
	ir_load(f, 8, a, R(0), 0);
	ir_alu(f, ALU_ADD, b, R(a), R(x));         /* a + 42 */
	ir_alu(f, ALU_MUL, c, R(b), I(8));         /* << 3 */
	ir_alu(f, ALU_DIV, d, R(c), I(4));         /* >> 2 */
	ir_alu(f, ALU_MOD, y, R(d), I(16));        /* & 15 */
	ir_alu(f, ALU_ADD, z, I(7), R(y));         /* commuted: y + 7 */
	ir_alu(f, ALU_OR, z, R(z), I(0));          /* identity: gone */
	ir_br(f, COND_LT, R(x), R(z), l);          /* 42 < z: z > 42 */
	ir_ret(f, R(x));
	ir_place(f, l);
	ir_store(f, 8, R(0), 0, R(z));
	ir_ret(f, R(z));
	CHECK_CODE(f,
		"   0: r0 = *(u64 *)(r1 +0)\n"
		"   1: r0 += 42\n"
		"   2: r0 <<= 3\n"
		"   3: r0 >>= 2\n"
		"   4: r0 &= 15\n"
		"   5: r0 += 7\n"
		"   6: if r0 > 0x2a goto pc+2\n"
		"   7: r0 = 42\n"
		"   8: exit\n"
		"   9: *(u64 *)(r1 +0) = r0\n"
		"  10: exit\n");
	ir_func_free(f);
}

UNIT_TEST(immediates_64bit)
{
	struct ir_func *f = ir_func_new("t");
	int a = ir_vreg(f), b = ir_vreg(f), c = ir_vreg(f), d = ir_vreg(f), l = ir_label(f);

	ir_load(f, 8, a, R(0), 0);
	ir_alu(f, ALU_AND, b, R(a), I(0xffffffffll));      /* a 32-bit move */
	ir_alu(f, ALU_ADD, c, R(b), I(0x100000000ll));     /* ld_imm64 into a temp */
	ir_alu(f, ALU_AND, d, R(c), I(0x7fffffff));        /* fits: stays an immediate */
	ir_store(f, 8, R(0), 0, I(0x1122334455667788ll));  /* through a register */
	ir_store(f, 8, R(0), 8, I(-1));                     /* sign-extended imm */
	ir_store(f, 4, R(0), 16, I(0xffffffffll));          /* narrow: low bytes */
	ir_br(f, COND_EQ, R(d), I(0xffffffffll), l);        /* does not fit s32 */
	ir_ret(f, I(0x80000000ll));                         /* mov32 zero-extends */
	ir_place(f, l);
	ir_ret(f, I(-0x123456789ll));
	CHECK_CODE(f,
		"   0: r0 = *(u64 *)(r1 +0)\n"
		"   1: w0 = w0\n"
		"   2: r5 = 0x100000000 ll\n"
		"   4: r0 += r5\n"
		"   5: r0 &= 2147483647\n"
		"   6: r5 = 0x1122334455667788 ll\n"
		"   8: *(u64 *)(r1 +0) = r5\n"
		"   9: *(u64 *)(r1 +8) = -1\n"
		"  10: *(u32 *)(r1 +16) = -1\n"
		"  11: w5 = -1\n"
		"  12: if r0 == r5 goto pc+2\n"
		"  13: w0 = -2147483648\n"
		"  14: exit\n"
		"  15: r0 = 0xfffffffedcba9877 ll\n"
		"  17: exit\n");
	ir_func_free(f);
}

/* Adjacent 4-byte constants in an aligned slot become one 8-byte store when they fit. */
UNIT_TEST(stores_merged)
{
	struct ir_func *f = ir_func_new("t");
	int ev = ir_slot(f, 24, 8), odd = ir_slot(f, 8, 4);
	struct ir_val args[] = { ir_mapv(1), ir_slotv(ev, 0), I(32), I(0) };

	ir_store(f, 4, ir_slotv(ev, 0), 0, I(1));          /* with +4: 1 */
	ir_store(f, 4, ir_slotv(ev, 0), 4, I(0));
	ir_store(f, 4, ir_slotv(ev, 0), 12, I(-1));        /* with +8: -2 */
	ir_store(f, 4, ir_slotv(ev, 0), 8, I(-2));
	ir_store(f, 4, ir_slotv(ev, 0), 16, I(7));         /* with +20: 0x500000007, too big */
	ir_store(f, 4, ir_slotv(ev, 0), 20, I(5));
	ir_store(f, 4, ir_slotv(odd, 0), 0, I(1));          /* slot only 4-aligned */
	ir_store(f, 4, ir_slotv(odd, 0), 4, I(0));
	ir_call(f, -1, BPF_FUNC_ringbuf_output, 4, args);
	ir_ret(f, I(0));
	CHECK_CODE(f,
		"   0: *(u64 *)(r10 -24) = 1\n"
		"   1: *(u64 *)(r10 -16) = -2\n"
		"   2: *(u32 *)(r10 -8) = 7\n"
		"   3: *(u32 *)(r10 -4) = 5\n"
		"   4: *(u32 *)(r10 -32) = 1\n"
		"   5: *(u32 *)(r10 -28) = 0\n"
		"   6: r1 = map[id:1] ll\n"
		"   8: r2 = r10\n"
		"   9: r2 += -24\n"
		"  10: r3 = 32\n"
		"  11: r4 = 0\n"
		"  12: call bpf_ringbuf_output#130\n"
		"  13: r0 = 0\n"
		"  14: exit\n");
	ir_func_free(f);
}

/* ---- calls ---- */

/* The -d ir example: the context survives calls in R6, results come in R0. */
static struct ir_func *example_func(void)
{
	struct ir_func *f = ir_func_new("tracepoint:syscalls:sys_enter_read");
	int v1 = ir_vreg(f), v2 = ir_vreg(f), v3 = ir_vreg(f), v4 = ir_vreg(f), v5 = ir_vreg(f);
	int s0 = ir_slot(f, 8, 8);
	int l0 = ir_label(f);

	ir_call(f, v1, BPF_FUNC_get_current_pid_tgid, 0, NULL);
	ir_alu(f, ALU_RSH, v2, R(v1), I(32));
	ir_br(f, COND_NE, R(v2), I(42), l0);
	ir_store(f, 8, ir_slotv(s0, 0), 0, I(0));
	ir_mov(f, v3, ir_mapv(2));
	struct ir_val args[] = { R(v3), ir_slotv(s0, 0) };
	ir_call(f, v4, BPF_FUNC_map_lookup_elem, 2, args);
	ir_br(f, COND_EQ, R(v4), I(0), l0);
	ir_load(f, 8, v5, R(0), 16);
	ir_xadd(f, 8, R(v4), 0, R(v5));
	ir_place(f, l0);
	ir_ret(f, I(0));
	return f;
}

UNIT_TEST(value_live_across_calls)
{
	struct ir_func *f = example_func();

	CHECK_CODE(f,
		"   0: r6 = r1\n"
		"   1: call bpf_get_current_pid_tgid#14\n"
		"   2: r0 >>= 32\n"
		"   3: if r0 != 0x2a goto pc+9\n"
		"   4: *(u64 *)(r10 -8) = 0\n"
		"   5: r1 = map[id:2] ll\n"
		"   7: r2 = r10\n"
		"   8: r2 += -8\n"
		"   9: call bpf_map_lookup_elem#1\n"
		"  10: if r0 == 0x0 goto pc+2\n"
		"  11: r6 = *(u64 *)(r6 +16)\n"
		"  12: lock *(u64 *)(r0 +0) += r6\n"
		"  13: r0 = 0\n"
		"  14: exit\n");
	CHECK_INT(f->stack_size, 8);
	CHECK_INT(f->slots.data[0].offset, -8);
	ir_func_free(f);
}

/* A loaded value goes straight to the argument register it is wanted in. */
UNIT_TEST(load_into_argument_register)
{
	struct ir_func *f = ir_func_new("t");
	int buf = ir_slot(f, 16, 8), p = ir_vreg(f);

	ir_call(f, -1, BPF_FUNC_get_smp_processor_id, 0, NULL);  /* ctx now lives in R6 */
	ir_load(f, 8, p, R(0), 24);
	struct ir_val args[] = { ir_slotv(buf, 0), I(16), R(p) };
	ir_call(f, -1, BPF_FUNC_probe_read_user_str, 3, args);
	ir_ret(f, I(0));
	CHECK_CODE(f,
		"   0: r6 = r1\n"
		"   1: call bpf_get_smp_processor_id#8\n"
		"   2: r3 = *(u64 *)(r6 +24)\n"
		"   3: r1 = r10\n"
		"   4: r1 += -16\n"
		"   5: r2 = 16\n"
		"   6: call bpf_probe_read_user_str#114\n"
		"   7: r0 = 0\n"
		"   8: exit\n");
	ir_func_free(f);
}

/*
 * A kernel function call: BPF_PSEUDO_KFUNC_CALL with the BTF id, arguments
 * and result as a helper's; the acquired pointer stays in a register for the
 * loads and the release (comm(PID)'s shape).
 */
UNIT_TEST(kfunc_call)
{
	struct ir_func *f = ir_func_new("t");
	int buf = ir_slot(f, 16, 8), task = ir_vreg(f), x = ir_vreg(f), out = ir_label(f);
	struct ir_val pid = I(42);

	ir_kfunc_call(f, task, 12345, "bpf_task_from_pid", 1, &pid);
	ir_br(f, COND_EQ, R(task), I(0), out);
	ir_load(f, 8, x, R(task), 1752);
	ir_store(f, 8, ir_slotv(buf, 0), 0, R(x));
	struct ir_val t = R(task);
	ir_kfunc_call(f, -1, 12346, "bpf_task_release", 1, &t);
	ir_place(f, out);
	ir_ret(f, I(0));
	CHECK_CODE(f,
		"   0: r1 = 42\n"
		"   1: call kernel-function#12345\n"
		"   2: if r0 == 0x0 goto pc+4\n"
		"   3: r5 = *(u64 *)(r0 +1752)\n"
		"   4: *(u64 *)(r10 -16) = r5\n"
		"   5: r1 = r0\n"
		"   6: call kernel-function#12346\n"
		"   7: r0 = 0\n"
		"   8: exit\n");
	ir_func_free(f);
}

/*
 * The arguments are in each other's registers: ctx in R1 must go to R3, and
 * the destination, made while R0, R5 and R4 hold values, sits in R3 and must
 * go to R1. The cycle goes through R0.
 */
UNIT_TEST(call_argument_cycle)
{
	struct ir_func *f = ir_func_new("t");
	int buf = ir_slot(f, 8, 8), zs = ir_slot(f, 24, 8);
	int z[3], y = ir_vreg(f), r = ir_vreg(f);

	for (int k = 0; k < 3; k++) {
		z[k] = ir_vreg(f);
		ir_load(f, 8, z[k], R(0), 8 + 8 * k);
	}
	ir_mov(f, y, ir_slotv(buf, 0));
	for (int k = 0; k < 3; k++)
		ir_store(f, 8, ir_slotv(zs, 0), 8 * k, R(z[k]));
	struct ir_val args[] = { R(y), I(8), R(0) };
	ir_call(f, r, BPF_FUNC_probe_read_kernel, 3, args);
	ir_ret(f, R(r));
	CHECK_CODE(f,
		"   0: r0 = *(u64 *)(r1 +8)\n"
		"   1: r5 = *(u64 *)(r1 +16)\n"
		"   2: r4 = *(u64 *)(r1 +24)\n"
		"   3: r3 = r10\n"
		"   4: r3 += -8\n"
		"   5: *(u64 *)(r10 -32) = r0\n"
		"   6: *(u64 *)(r10 -24) = r5\n"
		"   7: *(u64 *)(r10 -16) = r4\n"
		"   8: r0 = r1\n"
		"   9: r1 = r3\n"
		"  10: r3 = r0\n"
		"  11: r2 = 8\n"
		"  12: call bpf_probe_read_kernel#113\n"
		"  13: exit\n");
	ir_func_free(f);
}

static char *moves_str(const int *dst, const int *src, int n)
{
	int out[12][2], m = cg_order_moves(dst, src, n, 0, out);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	for (int k = 0; k < m; k++)
		fprintf(f, "r%d=r%d ", out[k][0], out[k][1]);
	fclose(f);
	return buf;
}

UNIT_TEST(parallel_moves)
{
	struct { int n; int dst[5], src[5]; const char *want; } cases[] = {
		{ 2, { 1, 2 }, { 2, 1 }, "r0=r1 r1=r2 r2=r0 " },                    /* swap */
		{ 3, { 1, 2, 3 }, { 2, 3, 1 }, "r0=r1 r1=r2 r2=r3 r3=r0 " },       /* 3-cycle */
		{ 2, { 1, 2 }, { 6, 1 }, "r2=r1 r1=r6 " },                          /* chain */
		{ 3, { 1, 2, 3 }, { 2, 1, 1 }, "r3=r1 r0=r1 r1=r2 r2=r0 " },       /* cycle + fan-out */
		{ 2, { 1, 2 }, { 7, 7 }, "r1=r7 r2=r7 " },                          /* same source */
		{ 2, { 1, 2 }, { 1, 2 }, "" },                                        /* in place */
		{ 4, { 1, 2, 3, 4 }, { 2, 1, 4, 3 }, "r0=r1 r1=r2 r2=r0 r0=r4 r4=r3 r3=r0 " },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = moves_str(cases[i].dst, cases[i].src, cases[i].n);
		CHECK_STR(got, cases[i].want);
		free(got);
	}
}

/* ---- spilling ---- */

/* Twelve values live across a call: four fit in R6-R9, the rest are spilled. */
UNIT_TEST(spills_under_pressure)
{
	struct ir_func *f = ir_func_new("t");
	enum { N = 12 };
	int v[N], sum = ir_vreg(f);

	for (int k = 0; k < N; k++) {
		v[k] = ir_vreg(f);
		ir_load(f, 8, v[k], R(0), 8 * k);
	}
	ir_call(f, -1, BPF_FUNC_ktime_get_ns, 0, NULL);
	ir_mov(f, sum, R(v[0]));
	for (int k = 1; k < N; k++)
		ir_alu(f, ALU_ADD, sum, R(sum), R(v[k]));
	ir_ret(f, R(sum));
	CHECK_CODE(f,
		"   0: r6 = *(u64 *)(r1 +0)\n"
		"   1: r7 = *(u64 *)(r1 +8)\n"
		"   2: r8 = *(u64 *)(r1 +16)\n"
		"   3: r9 = *(u64 *)(r1 +24)\n"
		"   4: r0 = *(u64 *)(r1 +32)\n"
		"   5: *(u64 *)(r10 -8) = r0\n"
		"   6: r0 = *(u64 *)(r1 +40)\n"
		"   7: *(u64 *)(r10 -16) = r0\n"
		"   8: r0 = *(u64 *)(r1 +48)\n"
		"   9: *(u64 *)(r10 -24) = r0\n"
		"  10: r0 = *(u64 *)(r1 +56)\n"
		"  11: *(u64 *)(r10 -32) = r0\n"
		"  12: r0 = *(u64 *)(r1 +64)\n"
		"  13: *(u64 *)(r10 -40) = r0\n"
		"  14: r0 = *(u64 *)(r1 +72)\n"
		"  15: *(u64 *)(r10 -48) = r0\n"
		"  16: r0 = *(u64 *)(r1 +80)\n"
		"  17: *(u64 *)(r10 -56) = r0\n"
		"  18: r1 = *(u64 *)(r1 +88)\n"
		"  19: *(u64 *)(r10 -64) = r1\n"
		"  20: call bpf_ktime_get_ns#5\n"
		"  21: r6 += r7\n"
		"  22: r6 += r8\n"
		"  23: r6 += r9\n"
		"  24: r0 = *(u64 *)(r10 -8)\n"
		"  25: r6 += r0\n"
		"  26: r0 = *(u64 *)(r10 -16)\n"
		"  27: r6 += r0\n"
		"  28: r0 = *(u64 *)(r10 -24)\n"
		"  29: r6 += r0\n"
		"  30: r0 = *(u64 *)(r10 -32)\n"
		"  31: r6 += r0\n"
		"  32: r0 = *(u64 *)(r10 -40)\n"
		"  33: r6 += r0\n"
		"  34: r0 = *(u64 *)(r10 -48)\n"
		"  35: r6 += r0\n"
		"  36: r0 = *(u64 *)(r10 -56)\n"
		"  37: r6 += r0\n"
		"  38: r1 = *(u64 *)(r10 -64)\n"
		"  39: r6 += r1\n"
		"  40: r0 = r6\n"
		"  41: exit\n");
	CHECK_INT(f->stack_size, 64);
	ir_func_free(f);
}

/*
 * A spilled value is reloaded once for an instruction that reads it twice,
 * and not again for the next one while its register still holds it.
 */
UNIT_TEST(spill_reload_reused)
{
	struct ir_func *f = ir_func_new("t");
	enum { N = 5 };
	int v[N], x = ir_vreg(f), y = ir_vreg(f);

	for (int k = 0; k < N; k++) {
		v[k] = ir_vreg(f);
		ir_load(f, 8, v[k], R(0), 8 * k);
	}
	ir_call(f, -1, BPF_FUNC_ktime_get_ns, 0, NULL);
	ir_alu(f, ALU_ADD, x, R(v[0]), R(v[1]));
	ir_alu(f, ALU_ADD, x, R(x), R(v[3]));
	ir_alu(f, ALU_ADD, x, R(x), R(v[4]));
	ir_alu(f, ALU_ADD, x, R(x), R(v[2]));
	ir_alu(f, ALU_SUB, x, R(x), R(v[2]));
	ir_alu(f, ALU_MUL, y, R(v[2]), R(v[2]));
	ir_alu(f, ALU_ADD, x, R(x), R(y));
	ir_ret(f, R(x));
	CHECK_CODE(f,
		"   0: r6 = *(u64 *)(r1 +0)\n"
		"   1: r7 = *(u64 *)(r1 +8)\n"
		"   2: r0 = *(u64 *)(r1 +16)\n"
		"   3: *(u64 *)(r10 -8) = r0\n"
		"   4: r8 = *(u64 *)(r1 +24)\n"
		"   5: r9 = *(u64 *)(r1 +32)\n"
		"   6: call bpf_ktime_get_ns#5\n"
		"   7: r6 += r7\n"
		"   8: r6 += r8\n"
		"   9: r6 += r9\n"
		"  10: r0 = *(u64 *)(r10 -8)\n"
		"  11: r6 += r0\n"
		"  12: r6 -= r0\n"
		"  13: r0 *= r0\n"
		"  14: r6 += r0\n"
		"  15: r0 = r6\n"
		"  16: exit\n");
	ir_func_free(f);
}

/* ---- control flow ---- */

/* for (i = 0; i < n; i++) sum += i; with the condition at the top. */
UNIT_TEST(loop_back_edge)
{
	struct ir_func *f = ir_func_new("t");
	int n = ir_vreg(f), i = ir_vreg(f), sum = ir_vreg(f);
	int head = ir_label(f), out = ir_label(f);

	ir_load(f, 8, n, R(0), 0);
	ir_mov(f, i, I(0));
	ir_mov(f, sum, I(0));
	ir_place(f, head);
	ir_br(f, COND_GE, R(i), R(n), out);
	ir_alu(f, ALU_ADD, sum, R(sum), R(i));
	ir_alu(f, ALU_ADD, i, R(i), I(1));
	ir_jmp(f, head);
	ir_place(f, out);
	ir_ret(f, R(sum));
	CHECK_CODE(f,
		"   0: r1 = *(u64 *)(r1 +0)\n"
		"   1: r5 = 0\n"
		"   2: r0 = 0\n"
		"   3: if r5 >= r1 goto pc+3\n"
		"   4: r0 += r5\n"
		"   5: r5 += 1\n"
		"   6: goto pc-4\n"
		"   7: exit\n");
	ir_func_free(f);
}

/* A call inside a loop: what the loop carries must be in R6-R9. */
UNIT_TEST(loop_with_call)
{
	struct ir_func *f = ir_func_new("t");
	int i = ir_vreg(f), t = ir_vreg(f), sum = ir_vreg(f);
	int head = ir_label(f);

	ir_mov(f, i, I(10));
	ir_mov(f, sum, I(0));
	ir_place(f, head);
	ir_call(f, t, BPF_FUNC_get_prandom_u32, 0, NULL);
	ir_alu(f, ALU_ADD, sum, R(sum), R(t));
	ir_alu(f, ALU_SUB, i, R(i), I(1));
	ir_br(f, COND_NE, R(i), I(0), head);
	ir_ret(f, R(sum));
	CHECK_CODE(f,
		"   0: r6 = 10\n"
		"   1: r7 = 0\n"
		"   2: call bpf_get_prandom_u32#7\n"
		"   3: r7 += r0\n"
		"   4: r6 -= 1\n"
		"   5: if r6 != 0x0 goto pc-4\n"
		"   6: r0 = r7\n"
		"   7: exit\n");
	ir_func_free(f);
}

/*
 * if/else as lowering writes it: the branch over the jump is inverted, the jump
 * to a return becomes the return, code after a return is dropped.
 */
UNIT_TEST(branch_cleanup)
{
	struct ir_func *f = ir_func_new("t");
	int a = ir_vreg(f), r = ir_vreg(f), dead = ir_vreg(f);
	int lthen = ir_label(f), lelse = ir_label(f), lend = ir_label(f), lnever = ir_label(f);

	ir_load(f, 8, a, R(0), 0);
	ir_br(f, COND_SGT, R(a), I(5), lthen);
	ir_jmp(f, lelse);
	ir_place(f, lthen);
	ir_mov(f, r, I(1));
	ir_jmp(f, lend);
	ir_place(f, lelse);
	ir_mov(f, r, I(2));
	ir_jmp(f, lend);        /* to the next instruction */
	ir_place(f, lend);
	ir_alu(f, ALU_ADD, dead, R(a), I(1)); /* unused */
	ir_ret(f, R(r));
	ir_place(f, lnever);    /* nothing jumps here */
	ir_ret(f, I(7));
	CHECK_CODE(f,
		"   0: r1 = *(u64 *)(r1 +0)\n"
		"   1: if r1 s<= 0x5 goto pc+2\n"
		"   2: r0 = 1\n"
		"   3: exit\n"
		"   4: r0 = 2\n"
		"   5: exit\n");
	ir_func_free(f);
}

/* Comparisons with the constant on the left are swapped; constant ones fold. */
UNIT_TEST(branch_operands)
{
	struct ir_func *f = ir_func_new("t");
	int a = ir_vreg(f), b = ir_vreg(f), l1 = ir_label(f), l2 = ir_label(f), l3 = ir_label(f);

	ir_load(f, 8, a, R(0), 0);
	ir_mov(f, b, I(3));
	ir_br(f, COND_LT, I(10), R(a), l1);     /* 10 < a: a > 10 */
	ir_br(f, COND_SGE, R(b), I(2), l2);     /* 3 >= 2: always */
	ir_ret(f, I(1));
	ir_place(f, l1);
	ir_br(f, COND_SET, R(a), I(4), l3);
	ir_ret(f, I(2));
	ir_place(f, l2);
	ir_ret(f, I(3));
	ir_place(f, l3);
	ir_ret(f, I(4));
	CHECK_CODE(f,
		"   0: r1 = *(u64 *)(r1 +0)\n"
		"   1: if r1 <= 0xa goto pc+3\n"
		"   2: if r1 & 0x4 goto pc+4\n"
		"   3: r0 = 2\n"
		"   4: exit\n"
		"   5: r0 = 3\n"
		"   6: exit\n"
		"   7: r0 = 4\n"
		"   8: exit\n");
	ir_func_free(f);
}

/* ---- signed division ---- */

UNIT_TEST(sdiv_native)
{
	struct ir_func *f = ir_func_new("t");
	int a = ir_vreg(f), b = ir_vreg(f), q = ir_vreg(f), r = ir_vreg(f);

	ir_codegen_set_sdiv(true);
	ir_load(f, 8, a, R(0), 0);
	ir_load(f, 8, b, R(0), 8);
	ir_alu(f, ALU_SDIV, q, R(a), R(b));
	ir_alu(f, ALU_SMOD, r, R(q), I(-7));
	ir_ret(f, R(r));
	CHECK_CODE(f,
		"   0: r0 = *(u64 *)(r1 +0)\n"
		"   1: r1 = *(u64 *)(r1 +8)\n"
		"   2: r0 s/= r1\n"
		"   3: r0 s%= -7\n"
		"   4: exit\n");
	ir_codegen_set_sdiv(false);
	ir_func_free(f);
}

UNIT_TEST(sdiv_fallback)
{
	struct ir_func *f = ir_func_new("t");
	int a = ir_vreg(f), b = ir_vreg(f), q = ir_vreg(f), r = ir_vreg(f);

	ir_codegen_set_sdiv(false);
	ir_load(f, 8, a, R(0), 0);
	ir_load(f, 8, b, R(0), 8);
	ir_alu(f, ALU_SDIV, q, R(a), R(b));
	ir_alu(f, ALU_SMOD, r, R(q), I(-8));
	ir_ret(f, R(r));
	CHECK_CODE(f,
		"   0: r0 = *(u64 *)(r1 +0)\n"
		"   1: r1 = *(u64 *)(r1 +8)\n"
		"   2: r5 = r0\n"
		"   3: r5 ^= r1\n"
		"   4: if r0 s>= 0x0 goto pc+1\n"
		"   5: r0 = -r0\n"
		"   6: if r1 s>= 0x0 goto pc+1\n"
		"   7: r1 = -r1\n"
		"   8: r0 /= r1\n"
		"   9: if r5 s>= 0x0 goto pc+1\n"
		"  10: r0 = -r0\n"
		"  11: if r0 s< 0x0 goto pc+4\n"
		"  12: r5 = r0\n"
		"  13: r5 &= 7\n"
		"  14: r0 = r5\n"
		"  15: exit\n"
		"  16: r5 = r0\n"
		"  17: r5 = -r5\n"
		"  18: r5 &= 7\n"
		"  19: r5 = -r5\n"
		"  20: r0 = r5\n"
		"  21: exit\n");
	ir_func_free(f);
}

/* ---- frame ---- */

/*
 * Slots are aligned; one whose address is taken as a value is reserved for
 * the whole program; the others share bytes when never live together: s1 is
 * dead after its store and s4 takes its place.
 */
UNIT_TEST(frame_layout)
{
	struct ir_func *f = ir_func_new("t");
	int s1 = ir_slot(f, 1, 1), s16 = ir_slot(f, 16, 8), unused = ir_slot(f, 64, 8), s4 = ir_slot(f, 4, 4);
	int p = ir_vreg(f);

	(void)unused;
	ir_store(f, 1, ir_slotv(s1, 0), 0, I(1));
	ir_store(f, 8, ir_slotv(s16, 0), 8, I(2));
	ir_store(f, 4, ir_slotv(s4, 0), 0, R(0));
	ir_mov(f, p, ir_slotv(s16, 4));
	struct ir_val args[] = { R(p), I(4), ir_slotv(s4, 0) };
	ir_call(f, -1, BPF_FUNC_probe_read_kernel, 3, args);
	ir_ret(f, I(0));
	CHECK_CODE(f,
		"   0: *(u8 *)(r10 -17) = 1\n"
		"   1: *(u64 *)(r10 -8) = 2\n"
		"   2: *(u32 *)(r10 -20) = r1\n"
		"   3: r1 = r10\n"
		"   4: r1 += -12\n"
		"   5: r2 = 4\n"
		"   6: r3 = r10\n"
		"   7: r3 += -20\n"
		"   8: call bpf_probe_read_kernel#113\n"
		"   9: r0 = 0\n"
		"  10: exit\n");
	CHECK_INT(f->slots.data[s16].offset, -16);
	CHECK_INT(f->slots.data[s1].offset, -17);
	CHECK_INT(f->slots.data[s4].offset, -20);
	CHECK_INT(f->slots.data[unused].offset, 0);
	CHECK_INT(f->stack_size, 24);
	ir_func_free(f);
}

/* Two buffers used one after the other share the frame; used together they do not. */
UNIT_TEST(frame_shared_by_lifetime)
{
	struct ir_func *f = ir_func_new("t");
	int a = ir_slot(f, 300, 8), b = ir_slot(f, 300, 8), l = ir_label(f), i = ir_vreg(f);
	struct ir_val ra[] = { ir_mapv(0), ir_slotv(a, 0), I(300), I(0) };
	struct ir_val rb[] = { ir_mapv(0), ir_slotv(b, 0), I(300), I(0) };

	ir_store(f, 8, ir_slotv(a, 0), 0, I(1));
	ir_call(f, -1, BPF_FUNC_ringbuf_output, 4, ra);
	ir_mov(f, i, I(0));
	ir_place(f, l);                       /* b lives around the loop */
	ir_store(f, 8, ir_slotv(b, 0), 0, R(i));
	ir_call(f, -1, BPF_FUNC_ringbuf_output, 4, rb);
	ir_alu(f, ALU_ADD, i, R(i), I(1));
	ir_br(f, COND_LT, R(i), I(3), l);
	ir_ret(f, I(0));
	int err;
	char *code = compile(f, &err);
	CHECK_INT(err, 0);
	CHECK_INT(f->slots.data[a].offset, -304);
	CHECK_INT(f->slots.data[b].offset, -304);
	CHECK_INT(f->stack_size, 304);
	free(code);
	ir_func_free(f);
}

UNIT_TEST(frame_overflow)
{
	const char *src = "kprobe:f {\n  @x = \"a\";\n  @y = str(arg0);\n}\n";
	struct ir_func *f = ir_func_new("t");
	int a = ir_slot(f, 400, 8), b = ir_slot(f, 200, 8);
	char *msg = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&msg, &len);

	diag_set_source("test.bt", src);
	diag_set_output(out);
	f->cur_loc = (struct loc){ .line = 2, .col = 3, .len = 8 };
	ir_store(f, 8, ir_slotv(a, 0), 0, I(0));
	f->cur_loc = (struct loc){ .line = 3, .col = 3, .len = 15 };
	ir_store(f, 8, ir_slotv(b, 0), 0, I(0));
	/* both live here: they cannot share */
	struct ir_val args[] = { ir_slotv(a, 0), I(8), ir_slotv(b, 0) };
	ir_call(f, -1, BPF_FUNC_probe_read_kernel, 3, args);
	ir_ret(f, I(0));
	int err;
	char *code = compile(f, &err);
	fclose(out);
	diag_set_output(NULL);
	CHECK(code == NULL);
	CHECK_INT(err, -E2BIG);
	CHECK_STR(msg,
		  "test.bt:3:3: error: this probe needs 600 bytes of stack, more than BPF's limit of 512\n"
		  "  @y = str(arg0);\n"
		  "  ^~~~~~~~~~~~~~~\n"
		  "note: strings, tuples, map keys and printf arguments live on the stack: use fewer or smaller "
		  "ones here, e.g. shorter strings with config = { max_strlen = 32 }\n");
	free(msg);
	diag_reset();
	ir_func_free(f);
}

/* ---- locations, robustness ---- */

UNIT_TEST(locs_follow_statements)
{
	struct ir_func *f = ir_func_new("t");
	int m = ir_vreg(f);
	struct bpf_insn *insns;
	uint32_t n;
	struct loc *locs;

	f->cur_loc = (struct loc){ .line = 1 };
	ir_mov(f, m, ir_mapv(0));
	f->cur_loc = (struct loc){ .line = 2 };
	struct ir_val args[] = { R(m), ir_slotv(ir_slot(f, 8, 8), 0) };
	ir_store(f, 8, args[1], 0, I(0));
	f->cur_loc = (struct loc){ .line = 3 };
	ir_call(f, -1, BPF_FUNC_map_delete_elem, 2, args);
	ir_ret(f, I(0));
	CHECK_INT(ir_codegen(f, &insns, &n, &locs), 0);
	/* ld_imm64 (two slots); st; r2 = r10; r2 += -8; call; r0 = 0; exit */
	CHECK_INT(n, 8);
	static const int want[] = { 1, 1, 2, 3, 3, 3, 3, 3 };
	for (uint32_t i = 0; i < n && i < 8; i++)
		CHECK_INT(locs[i].line, want[i]);
	free(insns);
	free(locs);
	ir_func_free(f);
}

/* ---- a stack address shared by helper calls (cg_share.c) ---- */

/*
 * comm into a key, a lookup, and on a miss an update: three calls take the
 * key's address, so it is computed once into R6 (see the count by comm in
 * bench/run.sh).
 */
UNIT_TEST(slot_address_shared_by_three_calls)
{
	struct ir_func *f = ir_func_new("t");
	int key = ir_slot(f, 16, 8), p = ir_vreg(f), one = ir_vreg(f), miss = ir_label(f), done = ir_label(f);
	struct ir_val comm[] = { ir_slotv(key, 0), I(16) };
	struct ir_val look[] = { ir_mapv(0), ir_slotv(key, 0) };
	struct ir_val upd[] = { ir_mapv(0), ir_slotv(key, 0), ir_mapval(1, 16), I(0) };

	ir_call(f, -1, BPF_FUNC_get_current_comm, 2, comm);
	ir_call(f, p, BPF_FUNC_map_lookup_elem, 2, look);
	ir_br(f, COND_EQ, R(p), I(0), miss);
	ir_mov(f, one, I(1));
	ir_xadd(f, 8, R(p), 0, R(one));
	ir_jmp(f, done);
	ir_place(f, miss);
	ir_call(f, -1, BPF_FUNC_map_update_elem, 4, upd);
	ir_place(f, done);
	ir_ret(f, I(0));
	CHECK_CODE(f,
		"   0: r6 = r10\n"
		"   1: r6 += -16\n"
		"   2: r1 = r6\n"
		"   3: r2 = 16\n"
		"   4: call bpf_get_current_comm#16\n"
		"   5: r1 = map[id:0] ll\n"
		"   7: r2 = r6\n"
		"   8: call bpf_map_lookup_elem#1\n"
		"   9: if r0 == 0x0 goto pc+3\n"
		"  10: r5 = 1\n"
		"  11: lock *(u64 *)(r0 +0) += r5\n"
		"  12: goto pc+7\n"
		"  13: r1 = map[id:0] ll\n"
		"  15: r2 = r6\n"
		"  16: r3 = map[id:1][0]+16 ll\n"
		"  18: r4 = 0\n"
		"  19: call bpf_map_update_elem#2\n"
		"  20: r0 = 0\n"
		"  21: exit\n");
	ir_func_free(f);
}

/* Two calls: sharing would cost as much as it saves. */
UNIT_TEST(slot_address_two_calls_not_shared)
{
	struct ir_func *f = ir_func_new("t");
	int key = ir_slot(f, 8, 8);
	struct ir_val look[] = { ir_mapv(0), ir_slotv(key, 0) };

	ir_store(f, 8, ir_slotv(key, 0), 0, I(7));
	ir_call(f, -1, BPF_FUNC_map_lookup_elem, 2, look);
	ir_call(f, -1, BPF_FUNC_map_delete_elem, 2, look);
	ir_ret(f, I(0));
	CHECK_CODE(f,
		"   0: *(u64 *)(r10 -8) = 7\n"
		"   1: r1 = map[id:0] ll\n"
		"   3: r2 = r10\n"
		"   4: r2 += -8\n"
		"   5: call bpf_map_lookup_elem#1\n"
		"   6: r1 = map[id:0] ll\n"
		"   8: r2 = r10\n"
		"   9: r2 += -8\n"
		"  10: call bpf_map_delete_elem#3\n"
		"  11: r0 = 0\n"
		"  12: exit\n");
	ir_func_free(f);
}

/*
 * A call reached by a jump from before the first call is not dominated by
 * it: the register would be unset on that path, so that call computes the
 * address itself, and with two calls left nothing is shared.
 */
UNIT_TEST(slot_address_not_shared_past_outside_entry)
{
	struct ir_func *f = ir_func_new("t");
	int key = ir_slot(f, 8, 8), x = ir_vreg(f), join = ir_label(f);
	struct ir_val look[] = { ir_mapv(0), ir_slotv(key, 0) };

	ir_store(f, 8, ir_slotv(key, 0), 0, I(7));
	ir_load(f, 8, x, R(0), 0);
	ir_br(f, COND_EQ, R(x), I(0), join);
	ir_call(f, -1, BPF_FUNC_map_lookup_elem, 2, look);
	ir_call(f, -1, BPF_FUNC_map_lookup_elem, 2, look);
	ir_place(f, join);
	ir_call(f, -1, BPF_FUNC_map_delete_elem, 2, look);
	ir_ret(f, I(0));
	CHECK_CODE(f,
		"   0: *(u64 *)(r10 -8) = 7\n"
		"   1: r1 = *(u64 *)(r1 +0)\n"
		"   2: if r1 == 0x0 goto pc+10\n"
		"   3: r1 = map[id:0] ll\n"
		"   5: r2 = r10\n"
		"   6: r2 += -8\n"
		"   7: call bpf_map_lookup_elem#1\n"
		"   8: r1 = map[id:0] ll\n"
		"  10: r2 = r10\n"
		"  11: r2 += -8\n"
		"  12: call bpf_map_lookup_elem#1\n"
		"  13: r1 = map[id:0] ll\n"
		"  15: r2 = r10\n"
		"  16: r2 += -8\n"
		"  17: call bpf_map_delete_elem#3\n"
		"  18: r0 = 0\n"
		"  19: exit\n");
	ir_func_free(f);
}

static int compile_err(struct ir_func *f)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&msg, &len);
	int err;

	diag_set_output(out);
	char *code = compile(f, &err);
	fclose(out);
	diag_set_output(NULL);
	diag_reset();
	CHECK(code == NULL);
	CHECK(msg && strstr(msg, "internal error"));
	free(code);
	free(msg);
	return err;
}

UNIT_TEST(malformed_ir_rejected)
{
	struct ir_func *f = ir_func_new("t");
	ir_mov(f, 5, I(1)); /* vreg never allocated */
	ir_ret(f, I(0));
	CHECK_INT(compile_err(f), -EINVAL);
	ir_func_free(f);

	f = ir_func_new("t");
	ir_jmp(f, ir_label(f)); /* never placed */
	CHECK_INT(compile_err(f), -EINVAL);
	ir_func_free(f);

	f = ir_func_new("t");
	int v = ir_vreg(f);
	ir_ret(f, R(v)); /* read before set */
	CHECK_INT(compile_err(f), -EINVAL);
	ir_func_free(f);

	f = ir_func_new("t");
	ir_load(f, 3, ir_vreg(f), R(0), 0); /* bad size */
	ir_ret(f, I(0));
	CHECK_INT(compile_err(f), -EINVAL);
	ir_func_free(f);
}

UNIT_TEST(empty_function_returns_zero)
{
	struct ir_func *f = ir_func_new("t");

	CHECK_CODE(f, "   0: r0 = 0\n   1: exit\n");
	ir_func_free(f);
}

/* ---- dumps ---- */

static void dump_example(FILE *out, void *arg)
{
	ir_dump(out, arg);
}

UNIT_TEST(ir_dump_format)
{
	struct ir_func *f = example_func();
	int v = ir_vreg(f);

	ir_alu(f, ALU_NEG, v, R(v - 1), ir_none());
	ir_load(f, 4, v, ir_slotv(0, 4), -8);
	ir_jmp(f, 0);
	char *got = unit_capture(dump_example, f);
	CHECK_STR(got,
		  "func tracepoint:syscalls:sys_enter_read  (vregs 7, slots 1)\n"
		  "  v1 = call get_current_pid_tgid()\n"
		  "  v2 = v1 rsh 32\n"
		  "  br v2 ne 42 -> L0\n"
		  "  store.8 [slot0 + 0] = 0\n"
		  "  v3 = map#2\n"
		  "  v4 = call map_lookup_elem(v3, &slot0)\n"
		  "  br v4 eq 0 -> L0\n"
		  "  v5 = load.8 [v0 + 16]\n"
		  "  xadd.8 [v4 + 0] += v5\n"
		  "L0:\n"
		  "  ret 0\n"
		  "  v6 = neg v5\n"
		  "  v6 = load.4 [slot0 - 4]\n"
		  "  jmp L0\n");
	free(got);
	CHECK_STR(ir_alu_name(ALU_SMOD), "smod");
	CHECK_STR(ir_cond_name(COND_SLE), "sle");
	ir_func_free(f);
}

static void disasm_all(FILE *out, void *arg)
{
	(void)arg;
	struct bpf_insn p[32];
	int n = 0;

	p[n++] = bpf_mov64_reg(BPF_REG_6, BPF_REG_1);
	p[n++] = bpf_mov32_imm(BPF_REG_2, -1);
	p[n++] = bpf_alu64_imm(BPF_ARSH, BPF_REG_3, 7);
	p[n++] = bpf_alu32_reg(BPF_ADD, BPF_REG_3, BPF_REG_4);
	p[n++] = bpf_sdiv64_reg(BPF_MOD, BPF_REG_3, BPF_REG_4);
	p[n++] = bpf_neg64(BPF_REG_5);
	p[n++] = bpf_ldx_mem(BPF_H, BPF_REG_0, BPF_REG_1, 6);
	p[n++] = bpf_stx_mem(BPF_B, BPF_REG_10, BPF_REG_0, -3);
	p[n++] = bpf_st_mem(BPF_W, BPF_REG_10, -8, 42);
	p[n++] = bpf_atomic_add(BPF_W, BPF_REG_0, BPF_REG_1, 4);
	bpf_ld_imm64(&p[n], BPF_REG_1, BPF_PSEUDO_MAP_FD, 7);
	n += 2;
	bpf_ld_imm64(&p[n], BPF_REG_2, 0, 0xdeadbeef00000001ull);
	n += 2;
	p[n++] = bpf_jmp_imm(BPF_JSLE, BPF_REG_0, -1, -3);
	p[n++] = bpf_jmp_reg(BPF_JGE, BPF_REG_1, BPF_REG_2, 2);
	p[n++] = bpf_ja(1);
	p[n++] = bpf_call_helper(BPF_FUNC_ringbuf_output);
	p[n++] = bpf_call_helper(99999);
	p[n++] = bpf_insn_make(BPF_JMP32 | BPF_JGT | BPF_K, 1, 0, 2, 3);
	p[n++] = bpf_insn_make(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 16);
	p[n++] = bpf_exit_insn();
	bpf_disasm(out, p, n);
}

UNIT_TEST(disasm_format)
{
	char *got = unit_capture(disasm_all, NULL);

	CHECK_STR(got,
		  "   0: r6 = r1\n"
		  "   1: w2 = -1\n"
		  "   2: r3 s>>= 7\n"
		  "   3: w3 += w4\n"
		  "   4: r3 s%= r4\n"
		  "   5: r5 = -r5\n"
		  "   6: r0 = *(u16 *)(r1 +6)\n"
		  "   7: *(u8 *)(r10 -3) = r0\n"
		  "   8: *(u32 *)(r10 -8) = 42\n"
		  "   9: lock *(u32 *)(r0 +4) += r1\n"
		  "  10: r1 = map[id:7] ll\n"
		  "  12: r2 = 0xdeadbeef00000001 ll\n"
		  "  14: if r0 s<= 0xffffffff goto pc-3\n"
		  "  15: if r1 >= r2 goto pc+2\n"
		  "  16: goto pc+1\n"
		  "  17: call bpf_ringbuf_output#130\n"
		  "  18: call unknown#99999\n"
		  "  19: if w1 > 0x3 goto pc+2\n"
		  "  20: r1 = be16 r1\n"
		  "  21: exit\n");
	free(got);
	CHECK_STR(bpf_helper_name(BPF_FUNC_probe_read_user_str), "probe_read_user_str");
	CHECK_STR(bpf_helper_name(BPF_FUNC_get_func_ip), "get_func_ip");
	CHECK(bpf_helper_name(-1) == NULL);
}

UNIT_MAIN()

/*
 * far_slots (max_strlen of PROG_STACK_STRLEN or more, or a longer string[N]
 * type; sema sets it): slots over PROG_STACK_STRLEN move to the
 * scratch map's value, after its join() area; the function looks it up
 * once, loads and stores fold the slot's offset into their own, and an
 * address passed to a helper is the base plus the offset. Small slots and
 * the stack error for them stay as they were.
 */
UNIT_TEST(far_slots_in_scratch_map)
{
	struct ir_func *f = ir_func_new("t");
	int big = ir_slot(f, 1024, 8), other = ir_slot(f, 300, 8), small = ir_slot(f, 16, 8);
	struct map_desc maps[1] = { { .id = 0, .role = MAP_SCRATCH, .key_size = 4, .value_size = 40, .max_entries = 1 } };
	struct prog_desc pd = { .ir = f };
	struct sonde_prog prog = { .maps = maps, .nmaps = 1, .progs = &pd, .nprogs = 1, .scratch_map = 0,
				   .config = { .max_strlen = 1024 }, .far_slots = true };

	ir_store(f, 8, ir_slotv(big, 0), 1016, I(7));
	ir_store(f, 8, ir_slotv(small, 0), 0, I(1));
	struct ir_val args[] = { ir_slotv(other, 8), I(16), ir_slotv(small, 0) };
	ir_call(f, -1, BPF_FUNC_probe_read_kernel, 3, args);
	int r = ir_vreg(f);
	ir_load(f, 8, r, ir_slotv(other, 0), 8);
	ir_ret(f, R(r));
	CHECK_INT(lower_far_slots(&prog), 0);
	/* the join() area (40 bytes), then 1024 and 300 bytes */
	CHECK_INT(maps[0].value_size, 40 + 1024 + 304);
	CHECK_CODE(f,
		   "   0: *(u32 *)(r10 -8) = 0\n"
		   "   1: r1 = map[id:0] ll\n"
		   "   3: r2 = r10\n"
		   "   4: r2 += -8\n"
		   "   5: call bpf_map_lookup_elem#1\n"
		   "   6: r6 = r0\n"
		   "   7: if r6 == 0x0 goto pc+10\n"
		   "   8: *(u64 *)(r6 +1056) = 7\n"
		   "   9: *(u64 *)(r10 -16) = 1\n"
		   "  10: r1 = r6\n"
		   "  11: r1 += 1072\n"
		   "  12: r2 = 16\n"
		   "  13: r3 = r10\n"
		   "  14: r3 += -16\n"
		   "  15: call bpf_probe_read_kernel#113\n"
		   "  16: r0 = *(u64 *)(r6 +1072)\n"
		   "  17: exit\n"
		   "  18: r0 = 0\n"
		   "  19: exit\n");

	/* without far_slots (max_strlen under 256, no longer string[N]) nothing moves */
	struct ir_func *g = ir_func_new("u");
	int s = ir_slot(g, 300, 8);
	ir_store(g, 8, ir_slotv(s, 0), 0, I(1));
	ir_ret(g, I(0));
	pd.ir = g;
	prog.config.max_strlen = 64;
	prog.far_slots = false;
	maps[0].value_size = 40;
	CHECK_INT(lower_far_slots(&prog), 0);
	CHECK_INT(maps[0].value_size, 40);
	CHECK_INT(g->insns.data[0].a.kind, V_SLOT);
	ir_func_free(f);
	ir_func_free(g);
}
