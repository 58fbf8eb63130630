/*
 * test_codegen_run.c (root): IR built by hand, compiled by the back end,
 * loaded as a raw tracepoint program and run with BPF_PROG_TEST_RUN, to check
 * that the generated code passes the verifier and computes the right values.
 *
 * Every program starts the same way: look up element 0 of a results array
 * (map id 0 in the IR, patched to the fd here as the runtime does), then
 * compute from inputs passed in the context (u64 ctx[k]: unknown to the
 * verifier, so nothing is folded away) and store u64 results into the value.
 * Random programs are also checked against an interpreter of the IR.
 *
 * CODEGEN_DUMP=1 prints each program's code; CODEGEN_RANDOM=N runs N random
 * programs per signed-division mode (300 by default).
 */
#include "bpf_insn.h"
#include "ir.h"
#include "unit.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#define NRES 64

static int res_fd = -1;
static int scratch_fd = -1; /* map id 1: a second array, for map-to-map tests */

struct prog {
	struct ir_func *f;
	int p;      /* vreg: pointer to the results */
	int lexit;
	int fd;
	bool quiet_e2big; /* the verifier giving up on complexity is not a failure */
};

static void begin(struct prog *t, const char *name)
{
	struct ir_func *f = ir_func_new(name);
	int key = ir_slot(f, 4, 4);

	t->f = f;
	t->fd = -1;
	t->p = ir_vreg(f);
	t->lexit = ir_label(f);
	ir_store(f, 4, ir_slotv(key, 0), 0, ir_imm(0));
	struct ir_val args[] = { ir_mapv(0), ir_slotv(key, 0) };
	ir_call(f, t->p, BPF_FUNC_map_lookup_elem, 2, args);
	ir_br(f, COND_EQ, ir_reg(t->p), ir_imm(0), t->lexit);
}

/* v = ctx[k] */
static int input(struct prog *t, int k)
{
	int v = ir_vreg(t->f);
	ir_load(t->f, 8, v, ir_reg(0), 8 * k);
	return v;
}

static void output(struct prog *t, int idx, struct ir_val v)
{
	ir_store(t->f, 8, ir_reg(t->p), 8 * idx, v);
}

/* Returns ret, or 0 when the lookup failed. */
static void finish(struct prog *t, struct ir_val ret)
{
	ir_ret(t->f, ret);
	ir_place(t->f, t->lexit);
	ir_ret(t->f, ir_imm(0));
}

static char vlog[1 << 20];

/* Compiles and loads; prints the code and the verifier's log on failure. */
static int load(struct prog *t)
{
	struct bpf_insn *insns;
	uint32_t n;
	struct loc *locs;
	int err = ir_codegen(t->f, &insns, &n, &locs);

	if (err) {
		fprintf(stderr, "%s: ir_codegen: %d\n", t->f->name, err);
		return err;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (bpf_is_ld_imm64(&insns[i]) && insns[i].src_reg == BPF_PSEUDO_MAP_FD) {
			insns[i].imm = insns[i].imm == 0 ? res_fd : scratch_fd;
			i++;
		}
	}
	if (getenv("CODEGEN_DUMP")) {
		printf("---- %s\n", t->f->name);
		bpf_disasm(stdout, insns, n);
	}
	LIBBPF_OPTS(bpf_prog_load_opts, o, .log_buf = vlog, .log_size = sizeof(vlog));
	int fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "codegen_test", "GPL", insns, n, &o);
	int e = errno;
	if (fd < 0 && e == E2BIG && t->quiet_e2big) {
		free(insns);
		free(locs);
		t->fd = -1;
		return -E2BIG;
	}
	if (fd < 0) {
		o.log_level = 1;
		bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "codegen_test", "GPL", insns, n, &o);
		fprintf(stderr, "%s: load failed: %s\n", t->f->name, strerror(e));
		ir_dump(stderr, t->f);
		bpf_disasm(stderr, insns, n);
		size_t len = strlen(vlog);
		fprintf(stderr, "verifier:\n%s\n", len > 6000 ? vlog + len - 6000 : vlog);
	}
	free(insns);
	free(locs);
	t->fd = fd;
	return fd < 0 ? -e : 0;
}

/* Runs with ctx; fills res[NRES]; returns the program's return value or -1. */
static int64_t run(struct prog *t, const uint64_t *ctx, int nctx, uint64_t *res)
{
	uint64_t zero[NRES] = { 0 };
	uint32_t key = 0;

	bpf_map_update_elem(res_fd, &key, zero, BPF_ANY);
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = ctx, .ctx_size_in = nctx * sizeof(uint64_t));
	if (bpf_prog_test_run_opts(t->fd, &o) < 0) {
		fprintf(stderr, "%s: test run: %s\n", t->f->name, strerror(errno));
		return -1;
	}
	bpf_map_lookup_elem(res_fd, &key, res);
	return o.retval;
}

static void done(struct prog *t)
{
	if (t->fd >= 0)
		close(t->fd);
	ir_func_free(t->f);
}

/* ---- reference semantics ---- */

static int64_t ref_sdiv(int64_t a, int64_t b)
{
	if (b == 0)
		return 0;
	if (b == -1)
		return (int64_t)(0 - (uint64_t)a);
	return a / b;
}

static int64_t ref_smod(int64_t a, int64_t b)
{
	if (b == 0)
		return a;
	if (b == -1)
		return 0;
	return a % b;
}

static uint64_t ref_div(uint64_t a, uint64_t b) { return b ? a / b : 0; }
static uint64_t ref_mod(uint64_t a, uint64_t b) { return b ? a % b : a; }

static const int64_t samples[] = {
	0, 1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 100, -100, 12345678, -12345678,
	0x7fffffff, -0x80000000ll, 0x80000000ll, 0x123456789abcdefll, -0x123456789abcdefll,
	INT64_MAX, INT64_MIN, INT64_MIN + 1,
};
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

/* ---- tests ---- */

static void divmod_reg(bool native)
{
	struct prog t;

	ir_codegen_set_sdiv(native);
	begin(&t, native ? "divmod_reg_native" : "divmod_reg_fallback");
	int a = input(&t, 0), b = input(&t, 1);
	static const enum ir_alu ops[] = { ALU_DIV, ALU_MOD, ALU_SDIV, ALU_SMOD };
	for (int k = 0; k < 4; k++) {
		int d = ir_vreg(t.f);
		ir_alu(t.f, ops[k], d, ir_reg(a), ir_reg(b));
		output(&t, k, ir_reg(d));
	}
	/* The result overwriting an operand: d = a op d, d = d op b. */
	int x = ir_vreg(t.f), y = ir_vreg(t.f);
	ir_mov(t.f, x, ir_reg(b));
	ir_alu(t.f, ALU_SDIV, x, ir_reg(a), ir_reg(x));
	output(&t, 4, ir_reg(x));
	ir_mov(t.f, y, ir_reg(a));
	ir_alu(t.f, ALU_SMOD, y, ir_reg(y), ir_reg(b));
	output(&t, 5, ir_reg(y));
	finish(&t, ir_imm(0));
	CHECK(load(&t) == 0);
	for (size_t i = 0; t.fd >= 0 && i < NSAMPLES; i++) {
		for (size_t j = 0; j < NSAMPLES; j++) {
			int64_t av = samples[i], bv = samples[j];
			uint64_t ctx[2] = { (uint64_t)av, (uint64_t)bv }, r[NRES];
			CHECK(run(&t, ctx, 2, r) == 0);
			uint64_t want[6] = { ref_div(av, bv), ref_mod(av, bv), (uint64_t)ref_sdiv(av, bv),
					     (uint64_t)ref_smod(av, bv), (uint64_t)ref_sdiv(av, bv),
					     (uint64_t)ref_smod(av, bv) };
			for (int k = 0; k < 6; k++) {
				if (r[k] != want[k]) {
					fprintf(stderr, "%s: %lld op%d %lld = %lld, want %lld\n", t.f->name,
						(long long)av, k, (long long)bv, (long long)r[k], (long long)want[k]);
					unit_failed_checks++;
				}
			}
		}
	}
	done(&t);
}

UNIT_TEST(divmod_reg_native) { divmod_reg(true); }
UNIT_TEST(divmod_reg_fallback) { divmod_reg(false); }

static void divmod_imm(bool native)
{
	static const int64_t divisors[] = {
		1, -1, 2, -2, 3, -3, 7, -7, 8, -8, 10, -10, 1024, 0x7fffffff, -0x80000000ll,
		0x80000000ll, 0x100000000ll, -0x100000000ll, 0x123456789ll, INT64_MAX, INT64_MIN, 0,
	};
	static const enum ir_alu ops[] = { ALU_DIV, ALU_MOD, ALU_SDIV, ALU_SMOD };
	struct prog t;

	ir_codegen_set_sdiv(native);
	begin(&t, native ? "divmod_imm_native" : "divmod_imm_fallback");
	int a = input(&t, 0);
	for (size_t j = 0; j < ARRAY_SIZE(divisors); j++) {
		for (int k = 0; k < 4; k++) {
			int d = ir_vreg(t.f);
			ir_alu(t.f, ops[k], d, ir_reg(a), ir_imm(divisors[j]));
			/* Two results per store slot would not fit: 22 x 4 > 64, so fold pairs. */
			if (j * 4 + k < NRES)
				output(&t, j * 4 + k, ir_reg(d));
		}
	}
	finish(&t, ir_imm(0));
	CHECK(load(&t) == 0);
	for (size_t i = 0; t.fd >= 0 && i < NSAMPLES; i++) {
		int64_t av = samples[i];
		uint64_t ctx[1] = { (uint64_t)av }, r[NRES];
		CHECK(run(&t, ctx, 1, r) == 0);
		for (size_t j = 0; j < ARRAY_SIZE(divisors) && j * 4 + 3 < NRES; j++) {
			int64_t bv = divisors[j];
			uint64_t want[4] = { ref_div(av, bv), ref_mod(av, bv), (uint64_t)ref_sdiv(av, bv),
					     (uint64_t)ref_smod(av, bv) };
			for (int k = 0; k < 4; k++) {
				if (r[j * 4 + k] != want[k]) {
					fprintf(stderr, "%s: %lld op%d %lld = %lld, want %lld\n", t.f->name,
						(long long)av, k, (long long)bv, (long long)r[j * 4 + k],
						(long long)want[k]);
					unit_failed_checks++;
				}
			}
		}
	}
	done(&t);
}

UNIT_TEST(divmod_imm_native) { divmod_imm(true); }
UNIT_TEST(divmod_imm_fallback) { divmod_imm(false); }

UNIT_TEST(shifts)
{
	struct prog t;

	begin(&t, "shifts");
	int a = input(&t, 0), s = input(&t, 1);
	static const enum ir_alu ops[] = { ALU_LSH, ALU_RSH, ALU_ARSH };
	int sm = ir_vreg(t.f);
	ir_alu(t.f, ALU_AND, sm, ir_reg(s), ir_imm(63));
	for (int k = 0; k < 3; k++) {
		int d = ir_vreg(t.f);
		ir_alu(t.f, ops[k], d, ir_reg(a), ir_reg(sm));
		output(&t, k, ir_reg(d));
		static const int amounts[] = { 1, 7, 31, 32, 33, 63 };
		for (int j = 0; j < 6; j++) {
			int e = ir_vreg(t.f);
			ir_alu(t.f, ops[k], e, ir_reg(a), ir_imm(amounts[j]));
			output(&t, 3 + k * 6 + j, ir_reg(e));
		}
	}
	finish(&t, ir_imm(0));
	CHECK(load(&t) == 0);
	for (size_t i = 0; t.fd >= 0 && i < NSAMPLES; i++) {
		for (int sh = 0; sh < 64; sh += 5) {
			int64_t av = samples[i];
			uint64_t ua = (uint64_t)av, ctx[2] = { ua, (uint64_t)sh }, r[NRES];
			CHECK(run(&t, ctx, 2, r) == 0);
			CHECK(r[0] == ua << sh);
			CHECK(r[1] == ua >> sh);
			CHECK(r[2] == (uint64_t)(av >> sh));
			static const int amounts[] = { 1, 7, 31, 32, 33, 63 };
			for (int j = 0; j < 6; j++) {
				CHECK(r[3 + j] == ua << amounts[j]);
				CHECK(r[9 + j] == ua >> amounts[j]);
				CHECK(r[15 + j] == (uint64_t)(av >> amounts[j]));
			}
		}
	}
	done(&t);
}

static bool ref_cond(enum ir_cond c, int64_t a, int64_t b)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;

	switch (c) {
	case COND_EQ: return a == b;
	case COND_NE: return a != b;
	case COND_GT: return ua > ub;
	case COND_GE: return ua >= ub;
	case COND_LT: return ua < ub;
	case COND_LE: return ua <= ub;
	case COND_SGT: return a > b;
	case COND_SGE: return a >= b;
	case COND_SLT: return a < b;
	case COND_SLE: return a <= b;
	default: return (a & b) != 0;
	}
}

/* out[idx] = (a cond b) ? 1 : 0, as a branch. */
static void cmp_to(struct prog *t, int idx, enum ir_cond c, struct ir_val a, struct ir_val b)
{
	int v = ir_vreg(t->f), lt = ir_label(t->f), ld = ir_label(t->f);

	ir_br(t->f, c, a, b, lt);
	ir_mov(t->f, v, ir_imm(0));
	ir_jmp(t->f, ld);
	ir_place(t->f, lt);
	ir_mov(t->f, v, ir_imm(1));
	ir_place(t->f, ld);
	output(t, idx, ir_reg(v));
}

static const int64_t cmp_imms[] = { 0, 5, -1, 0x7fffffff, -0x80000000ll, 0x100000000ll };

UNIT_TEST(comparisons)
{
	struct prog t;

	begin(&t, "comparisons");
	int a = input(&t, 0), b = input(&t, 1);
	for (int c = 0; c < COND_MAX; c++) {
		cmp_to(&t, c, c, ir_reg(a), ir_reg(b));
		for (int j = 0; j < 4; j++)
			cmp_to(&t, COND_MAX + c * 4 + j, c, ir_reg(a), ir_imm(cmp_imms[j]));
	}
	/* imm on the left, and immediates BPF cannot encode */
	cmp_to(&t, 55, COND_LT, ir_imm(5), ir_reg(a));
	cmp_to(&t, 56, COND_SGT, ir_imm(-1), ir_reg(a));
	cmp_to(&t, 57, COND_GE, ir_reg(a), ir_imm(0x100000000ll));
	cmp_to(&t, 58, COND_SLT, ir_reg(a), ir_imm(-0x100000000ll));
	cmp_to(&t, 59, COND_EQ, ir_reg(a), ir_imm(0x123456789abcdefll));
	finish(&t, ir_imm(0));
	CHECK(load(&t) == 0);
	for (size_t i = 0; t.fd >= 0 && i < NSAMPLES; i++) {
		for (size_t j = 0; j < NSAMPLES; j += 3) {
			int64_t av = samples[i], bv = samples[j];
			uint64_t ctx[2] = { (uint64_t)av, (uint64_t)bv }, r[NRES];
			CHECK(run(&t, ctx, 2, r) == 0);
			for (int c = 0; c < COND_MAX; c++) {
				if (r[c] != ref_cond(c, av, bv)) {
					fprintf(stderr, "%lld %s %lld: %llu\n", (long long)av, ir_cond_name(c),
						(long long)bv, (unsigned long long)r[c]);
					unit_failed_checks++;
				}
				for (int k = 0; k < 4; k++) {
					if (r[COND_MAX + c * 4 + k] != ref_cond(c, av, cmp_imms[k])) {
						fprintf(stderr, "%lld %s imm %lld: %llu\n", (long long)av, ir_cond_name(c),
							(long long)cmp_imms[k], (unsigned long long)r[COND_MAX + c * 4 + k]);
						unit_failed_checks++;
					}
				}
			}
			CHECK(r[55] == (5 < (uint64_t)av));
			CHECK(r[56] == (-1 > av));
			CHECK(r[57] == ((uint64_t)av >= 0x100000000ull));
			CHECK(r[58] == (av < -0x100000000ll));
			CHECK(r[59] == (av == 0x123456789abcdefll));
		}
	}
	done(&t);
}

UNIT_TEST(immediates_and_alu)
{
	struct prog t;

	begin(&t, "immediates");
	struct ir_func *f = t.f;
	int a = input(&t, 0), b = input(&t, 1);
	int v[20];
	for (int k = 0; k < 20; k++)
		v[k] = ir_vreg(f);
	ir_mov(f, v[0], ir_imm(0x123456789abcdef0ll));
	ir_alu(f, ALU_ADD, v[1], ir_reg(a), ir_imm(0x100000000ll));
	ir_alu(f, ALU_AND, v[2], ir_reg(a), ir_imm(0xffffffffll));
	ir_alu(f, ALU_OR, v[3], ir_reg(a), ir_imm(0x8000000000000000ll));
	ir_alu(f, ALU_MUL, v[4], ir_reg(a), ir_imm(0x10001));
	ir_alu(f, ALU_MUL, v[5], ir_reg(a), ir_imm(16));
	ir_alu(f, ALU_SUB, v[6], ir_reg(a), ir_reg(b));
	ir_alu(f, ALU_SUB, v[7], ir_imm(100), ir_reg(a));
	ir_alu(f, ALU_NEG, v[8], ir_reg(a), ir_none());
	ir_alu(f, ALU_XOR, v[9], ir_reg(a), ir_imm(-1));
	ir_mov(f, v[10], ir_imm(0xffffffffll));
	ir_mov(f, v[11], ir_imm(-5));
	ir_alu(f, ALU_AND, v[12], ir_reg(a), ir_imm(0xff00));
	ir_alu(f, ALU_ADD, v[13], ir_imm(7), ir_reg(b));
	ir_mov(f, v[14], ir_reg(b));
	ir_alu(f, ALU_SUB, v[14], ir_reg(a), ir_reg(v[14])); /* d = a - d */
	ir_alu(f, ALU_MOD, v[15], ir_reg(a), ir_imm(16));
	ir_alu(f, ALU_DIV, v[16], ir_reg(a), ir_imm(16));
	for (int k = 0; k < 17; k++)
		output(&t, k, ir_reg(v[k]));
	/* stores of every size, immediates that need materializing */
	ir_store(f, 8, ir_reg(t.p), 8 * 20, ir_imm(0x1122334455667788ll));
	ir_store(f, 8, ir_reg(t.p), 8 * 21, ir_imm(-2));
	ir_store(f, 4, ir_reg(t.p), 8 * 22, ir_imm(0xdeadbeefll));
	ir_store(f, 2, ir_reg(t.p), 8 * 22 + 4, ir_reg(a));
	ir_store(f, 1, ir_reg(t.p), 8 * 22 + 6, ir_imm(0x1ab));
	ir_store(f, 8, ir_reg(t.p), 8 * 23, ir_imm(0xffffffffll));
	/* loads of every size */
	int l1 = ir_vreg(f), l2 = ir_vreg(f), l4 = ir_vreg(f);
	ir_load(f, 1, l1, ir_reg(t.p), 8 * 22);
	ir_load(f, 2, l2, ir_reg(t.p), 8 * 22);
	ir_load(f, 4, l4, ir_reg(t.p), 8 * 22 + 4);
	output(&t, 24, ir_reg(l1));
	output(&t, 25, ir_reg(l2));
	output(&t, 26, ir_reg(l4));
	/* atomics */
	ir_store(f, 8, ir_reg(t.p), 8 * 27, ir_imm(40));
	ir_xadd(f, 8, ir_reg(t.p), 8 * 27, ir_imm(2));
	ir_xadd(f, 4, ir_reg(t.p), 8 * 28, ir_reg(a));
	finish(&t, ir_reg(b));
	CHECK(load(&t) == 0);
	for (size_t i = 0; t.fd >= 0 && i < NSAMPLES; i++) {
		int64_t av = samples[i], bv = samples[(i + 5) % NSAMPLES];
		uint64_t ua = (uint64_t)av, ub = (uint64_t)bv, ctx[2] = { ua, ub }, r[NRES];
		int64_t ret = run(&t, ctx, 2, r);
		CHECK(ret == (int64_t)(uint32_t)ub);
		CHECK(r[0] == 0x123456789abcdef0ull);
		CHECK(r[1] == ua + 0x100000000ull);
		CHECK(r[2] == (ua & 0xffffffffull));
		CHECK(r[3] == (ua | 0x8000000000000000ull));
		CHECK(r[4] == ua * 0x10001);
		CHECK(r[5] == ua * 16);
		CHECK(r[6] == ua - ub);
		CHECK(r[7] == 100 - ua);
		CHECK(r[8] == 0 - ua);
		CHECK(r[9] == ~ua);
		CHECK(r[10] == 0xffffffffull);
		CHECK(r[11] == (uint64_t)-5);
		CHECK(r[12] == (ua & 0xff00));
		CHECK(r[13] == ub + 7);
		CHECK(r[14] == ua - ub);
		CHECK(r[15] == ua % 16);
		CHECK(r[16] == ua / 16);
		CHECK(r[20] == 0x1122334455667788ull);
		CHECK(r[21] == (uint64_t)-2);
		uint64_t w22 = 0xdeadbeefull | (ua & 0xffff) << 32 | 0xabull << 48;
		CHECK(r[22] == w22);
		CHECK(r[23] == 0xffffffffull);
		CHECK(r[24] == 0xef);
		CHECK(r[25] == 0xbeef);
		CHECK(r[26] == ((ua & 0xffff) | 0xab0000));
		CHECK(r[27] == 42);
		CHECK(r[28] == (uint32_t)ua);
	}
	done(&t);
}

/* n values live across helper calls: more than R6-R9 can hold, so some are spilled. */
UNIT_TEST(spills_across_calls)
{
	struct prog t;
	enum { N = 14 };

	begin(&t, "spills");
	struct ir_func *f = t.f;
	int a = input(&t, 0), b = input(&t, 1);
	int v[N];
	for (int k = 0; k < N; k++) {
		v[k] = ir_vreg(f);
		ir_alu(f, k % 2 ? ALU_MUL : ALU_ADD, v[k], ir_reg(k % 3 ? a : b), ir_imm(k + 1));
	}
	int cpu = ir_vreg(f), t2 = ir_vreg(f);
	ir_call(f, cpu, BPF_FUNC_get_smp_processor_id, 0, NULL);
	ir_call(f, t2, BPF_FUNC_ktime_get_ns, 0, NULL);
	/* a sum of all, then each one alone */
	int sum = ir_vreg(f);
	ir_mov(f, sum, ir_imm(0));
	for (int k = 0; k < N; k++)
		ir_alu(f, ALU_ADD, sum, ir_reg(sum), ir_reg(v[k]));
	output(&t, 0, ir_reg(sum));
	ir_call(f, -1, BPF_FUNC_get_smp_processor_id, 0, NULL);
	for (int k = 0; k < N; k++)
		output(&t, 1 + k, ir_reg(v[k]));
	int nz = ir_vreg(f);
	ir_alu(f, ALU_SUB, nz, ir_reg(t2), ir_reg(t2));
	ir_alu(f, ALU_ADD, nz, ir_reg(nz), ir_reg(cpu));
	ir_alu(f, ALU_SUB, nz, ir_reg(nz), ir_reg(cpu));
	output(&t, 20, ir_reg(nz));
	finish(&t, ir_reg(v[N - 1]));
	CHECK(load(&t) == 0);
	for (size_t i = 0; t.fd >= 0 && i < NSAMPLES; i += 2) {
		uint64_t ua = (uint64_t)samples[i], ub = (uint64_t)samples[(i + 3) % NSAMPLES];
		uint64_t ctx[2] = { ua, ub }, r[NRES], sumv = 0, last = 0;
		int64_t ret = run(&t, ctx, 2, r);
		for (int k = 0; k < N; k++) {
			uint64_t x = k % 3 ? ua : ub;
			uint64_t want = k % 2 ? x * (k + 1) : x + (k + 1);
			CHECK(r[1 + k] == want);
			sumv += want;
			last = want;
		}
		CHECK(r[0] == sumv);
		CHECK(r[20] == 0);
		CHECK(ret == (int64_t)(uint32_t)last);
	}
	done(&t);
}

/* sum of i * ctx[1] for i in [0, ctx[0] & 31), with a nested loop counting to 3 each time. */
UNIT_TEST(loops)
{
	struct prog t;

	begin(&t, "loops");
	struct ir_func *f = t.f;
	int n = input(&t, 0), m = input(&t, 1);
	int i = ir_vreg(f), sum = ir_vreg(f), cnt = ir_vreg(f), j = ir_vreg(f), tmp = ir_vreg(f);
	int head = ir_label(f), out = ir_label(f), inner = ir_label(f);
	ir_alu(f, ALU_AND, n, ir_reg(n), ir_imm(31));
	ir_mov(f, i, ir_imm(0));
	ir_mov(f, sum, ir_imm(0));
	ir_mov(f, cnt, ir_imm(0));
	ir_place(f, head);
	ir_br(f, COND_GE, ir_reg(i), ir_reg(n), out);
	ir_alu(f, ALU_MUL, tmp, ir_reg(i), ir_reg(m));
	ir_alu(f, ALU_ADD, sum, ir_reg(sum), ir_reg(tmp));
	ir_mov(f, j, ir_imm(0));
	ir_place(f, inner);
	ir_alu(f, ALU_ADD, cnt, ir_reg(cnt), ir_imm(1));
	ir_alu(f, ALU_ADD, j, ir_reg(j), ir_imm(1));
	ir_br(f, COND_LT, ir_reg(j), ir_imm(3), inner);
	ir_alu(f, ALU_ADD, i, ir_reg(i), ir_imm(1));
	ir_jmp(f, head);
	ir_place(f, out);
	output(&t, 0, ir_reg(sum));
	output(&t, 1, ir_reg(cnt));
	output(&t, 2, ir_reg(i));
	finish(&t, ir_imm(0));
	CHECK(load(&t) == 0);
	for (uint64_t nv = 0; t.fd >= 0 && nv < 40; nv += 3) {
		uint64_t ctx[2] = { nv, 7 }, r[NRES], want = 0;
		run(&t, ctx, 2, r);
		for (uint64_t k = 0; k < (nv & 31); k++)
			want += k * 7;
		CHECK(r[0] == want);
		CHECK(r[1] == 3 * (nv & 31));
		CHECK(r[2] == (nv & 31));
	}
	done(&t);
}

/*
 * A loop whose body calls a helper, with values carried around the loop:
 * they must survive the calls (callee-saved registers or spills).
 */
UNIT_TEST(loop_with_calls)
{
	struct prog t;

	begin(&t, "loop_calls");
	struct ir_func *f = t.f;
	int n = input(&t, 0), x = input(&t, 1);
	int i = ir_vreg(f), acc = ir_vreg(f), acc2 = ir_vreg(f), c = ir_vreg(f);
	int head = ir_label(f), out = ir_label(f);
	ir_alu(f, ALU_AND, n, ir_reg(n), ir_imm(15));
	ir_mov(f, i, ir_imm(0));
	ir_mov(f, acc, ir_imm(0));
	ir_mov(f, acc2, ir_imm(1));
	ir_place(f, head);
	ir_br(f, COND_GE, ir_reg(i), ir_reg(n), out);
	ir_call(f, c, BPF_FUNC_get_smp_processor_id, 0, NULL);
	ir_alu(f, ALU_SUB, c, ir_reg(c), ir_reg(c));
	ir_alu(f, ALU_ADD, acc, ir_reg(acc), ir_reg(x));
	ir_alu(f, ALU_ADD, acc, ir_reg(acc), ir_reg(c));
	ir_alu(f, ALU_MUL, acc2, ir_reg(acc2), ir_imm(3));
	ir_alu(f, ALU_ADD, i, ir_reg(i), ir_imm(1));
	ir_jmp(f, head);
	ir_place(f, out);
	output(&t, 0, ir_reg(acc));
	output(&t, 1, ir_reg(acc2));
	finish(&t, ir_imm(0));
	CHECK(load(&t) == 0);
	for (uint64_t nv = 0; t.fd >= 0 && nv < 20; nv += 3) {
		uint64_t ctx[2] = { nv, 11 }, r[NRES], p3 = 1;
		run(&t, ctx, 2, r);
		for (uint64_t k = 0; k < (nv & 15); k++)
			p3 *= 3;
		CHECK(r[0] == 11 * (nv & 15));
		CHECK(r[1] == p3);
	}
	done(&t);
}

/*
 * The same pointers passed in different argument positions to two calls
 * (map_update_elem(map, key, value), then key and value swapped): a swapped
 * argument would write the wrong element.
 */
UNIT_TEST(call_arguments_swapped)
{
	struct prog t;

	begin(&t, "arg_cycle");
	struct ir_func *f = t.f;
	int ks = ir_slot(f, 8, 8), vs = ir_slot(f, 8, 8);
	int kp = ir_vreg(f), vp = ir_vreg(f), m = ir_vreg(f), x = input(&t, 0);
	ir_store(f, 8, ir_slotv(ks, 0), 0, ir_imm(1));
	ir_store(f, 8, ir_slotv(vs, 0), 0, ir_imm(0));
	ir_mov(f, kp, ir_slotv(ks, 0));
	ir_mov(f, vp, ir_slotv(vs, 0));
	ir_mov(f, m, ir_mapv(1));
	struct ir_val a1[] = { ir_reg(m), ir_reg(kp), ir_reg(vp), ir_imm(BPF_ANY) };
	ir_call(f, -1, BPF_FUNC_map_update_elem, 4, a1);   /* scratch[1] = 0 */
	ir_store(f, 8, ir_reg(kp), 0, ir_reg(x));           /* *kp = x, *vp = 0 */
	struct ir_val a2[] = { ir_reg(m), ir_reg(vp), ir_reg(kp), ir_imm(BPF_ANY) };
	ir_call(f, -1, BPF_FUNC_map_update_elem, 4, a2);   /* scratch[0] = x */
	finish(&t, ir_imm(0));
	CHECK(load(&t) == 0);
	if (t.fd >= 0) {
		uint64_t ctx[1] = { 0x5eed }, r[NRES], val = 99;
		uint32_t k0 = 0, k1 = 1;
		bpf_map_update_elem(scratch_fd, &k0, &val, BPF_ANY);
		bpf_map_update_elem(scratch_fd, &k1, &val, BPF_ANY);
		run(&t, ctx, 1, r);
		bpf_map_lookup_elem(scratch_fd, &k0, &val);
		CHECK(val == 0x5eed);
		bpf_map_lookup_elem(scratch_fd, &k1, &val);
		CHECK(val == 0);
	}
	done(&t);
}

/*
 * Arguments sitting in each other's registers: the context is in R1 and must
 * go to R3, the destination must go to R1 but R0, R5 and R4 are taken when
 * it is made, so it lands in R3: the moves form a cycle through R0.
 * probe_read_kernel(&buf, 8, ctx) copies ctx[0]; swapped, it would fail.
 */
UNIT_TEST(call_argument_cycle)
{
	struct ir_func *f = ir_func_new("arg_cycle");
	struct prog t = { .f = f, .fd = -1 };
	int key = ir_slot(f, 4, 4), buf = ir_slot(f, 8, 8), zs = ir_slot(f, 24, 8);
	int z[3], y = ir_vreg(f), ret = ir_vreg(f), r = ir_vreg(f);

	for (int k = 0; k < 3; k++) {
		z[k] = ir_vreg(f);
		ir_load(f, 8, z[k], ir_reg(0), 8 + 8 * k);
	}
	ir_mov(f, y, ir_slotv(buf, 0));
	for (int k = 0; k < 3; k++)
		ir_store(f, 8, ir_slotv(zs, 0), 8 * k, ir_reg(z[k]));
	struct ir_val a1[] = { ir_reg(y), ir_imm(8), ir_reg(0) };
	ir_call(f, ret, BPF_FUNC_probe_read_kernel, 3, a1);
	t.p = ir_vreg(f);
	t.lexit = ir_label(f);
	ir_store(f, 4, ir_slotv(key, 0), 0, ir_imm(0));
	struct ir_val a2[] = { ir_mapv(0), ir_slotv(key, 0) };
	ir_call(f, t.p, BPF_FUNC_map_lookup_elem, 2, a2);
	ir_br(f, COND_EQ, ir_reg(t.p), ir_imm(0), t.lexit);
	ir_load(f, 8, r, ir_slotv(buf, 0), 0);
	output(&t, 0, ir_reg(r));
	output(&t, 1, ir_reg(ret));
	for (int k = 0; k < 3; k++) {
		int w = ir_vreg(f);
		ir_load(f, 8, w, ir_slotv(zs, 0), 8 * k);
		output(&t, 2 + k, ir_reg(w));
	}
	finish(&t, ir_imm(0));
	CHECK(load(&t) == 0);
	if (t.fd >= 0) {
		uint64_t ctx[4] = { 0xabcdef, 11, 22, 33 }, res[NRES];
		run(&t, ctx, 4, res);
		CHECK(res[0] == 0xabcdef);
		CHECK(res[1] == 0);
		CHECK(res[2] == 11 && res[3] == 22 && res[4] == 33);
	}
	done(&t);
}

/* Pointers (ctx, map value, stack) kept across calls, spilled and reloaded. */
UNIT_TEST(pointers_survive_spills)
{
	struct prog t;
	enum { N = 10 };

	begin(&t, "pointer_spills");
	struct ir_func *f = t.f;
	int st = ir_slot(f, 8 * N, 8);
	int sp = ir_vreg(f), x[N];
	ir_mov(f, sp, ir_slotv(st, 0));
	for (int k = 0; k < N; k++) {
		x[k] = ir_vreg(f);
		ir_load(f, 8, x[k], ir_reg(0), 8 * (k % 4));
		ir_alu(f, ALU_ADD, x[k], ir_reg(x[k]), ir_imm(k));
	}
	for (int k = 0; k < N; k++) {
		ir_call(f, -1, BPF_FUNC_ktime_get_ns, 0, NULL);
		ir_store(f, 8, ir_reg(sp), 8 * k, ir_reg(x[k]));
	}
	int y = ir_vreg(f);
	ir_load(f, 8, y, ir_reg(0), 0);
	for (int k = 0; k < N; k++) {
		int z = ir_vreg(f);
		ir_load(f, 8, z, ir_reg(sp), 8 * k);
		output(&t, k, ir_reg(z));
	}
	output(&t, N, ir_reg(y));
	finish(&t, ir_imm(0));
	CHECK(load(&t) == 0);
	if (t.fd >= 0) {
		uint64_t ctx[4] = { 100, 200, 300, 400 }, r[NRES];
		run(&t, ctx, 4, r);
		for (int k = 0; k < N; k++)
			CHECK(r[k] == ctx[k % 4] + k);
		CHECK(r[N] == 100);
	}
	done(&t);
}

/* ---- random programs, checked against an interpreter of the IR ---- */

#define RV 12     /* variables, all output at the end: more than the registers */
#define RSLOTS 4  /* 8-byte stack slots */
#define FAKE_P 0x1000

struct rgen {
	struct prog t;
	uint64_t s;
	int var[RV];
	int slot[RSLOTS];
	int depth;
};

static uint64_t rnd(struct rgen *g)
{
	g->s ^= g->s << 13;
	g->s ^= g->s >> 7;
	g->s ^= g->s << 17;
	return g->s;
}

static int rndn(struct rgen *g, int n)
{
	return (int)(rnd(g) % (uint64_t)n);
}

static int64_t rnd_imm(struct rgen *g)
{
	static const int64_t pool[] = {
		0, 1, -1, 2, 3, 7, -8, 31, 32, 63, 64, 255, 0x7fffffff, -0x80000000ll,
		0xffffffffll, 0x100000000ll, INT64_MIN, INT64_MAX, 12345, -3,
	};
	if (rndn(g, 4) == 0)
		return (int64_t)rnd(g);
	return pool[rndn(g, ARRAY_SIZE(pool))];
}

static struct ir_val rnd_val(struct rgen *g)
{
	if (rndn(g, 3) == 0)
		return ir_imm(rnd_imm(g));
	return ir_reg(g->var[rndn(g, RV)]);
}

static void rnd_stmts(struct rgen *g, int n);

static void rnd_stmt(struct rgen *g)
{
	struct ir_func *f = g->t.f;
	int d = g->var[rndn(g, RV)], k = rndn(g, 100);

	if (k < 45) {
		enum ir_alu op = rndn(g, ALU_MAX);
		struct ir_val a = rndn(g, 8) ? ir_reg(g->var[rndn(g, RV)]) : ir_imm(rnd_imm(g));
		ir_alu(f, op, d, a, op == ALU_NEG ? ir_none() : rnd_val(g));
	} else if (k < 55) {
		ir_mov(f, d, rnd_val(g));
	} else if (k < 61) {
		ir_call(f, -1, BPF_FUNC_get_smp_processor_id, 0, NULL);
	} else if (k < 65) {
		struct ir_val args[] = { ir_slotv(g->slot[rndn(g, RSLOTS)], 0), ir_imm(8),
					 ir_slotv(g->slot[rndn(g, RSLOTS)], 0) };
		ir_call(f, -1, BPF_FUNC_probe_read_kernel, 3, args);
	} else if (k < 73) {
		ir_store(f, 1 << rndn(g, 4), ir_slotv(g->slot[rndn(g, RSLOTS)], 0), 0, rnd_val(g));
	} else if (k < 80) {
		ir_load(f, 1 << rndn(g, 4), d, ir_slotv(g->slot[rndn(g, RSLOTS)], 0), 0);
	} else if (k < 92 && g->depth < 3) {
		int l1 = ir_label(f), l2 = ir_label(f);
		ir_br(f, rndn(g, COND_MAX), ir_reg(g->var[rndn(g, RV)]), rnd_val(g), l1);
		g->depth++;
		rnd_stmts(g, 1 + rndn(g, 4));
		ir_jmp(f, l2);
		ir_place(f, l1);
		rnd_stmts(g, 1 + rndn(g, 4));
		ir_place(f, l2);
		g->depth--;
	} else if (g->depth < 2) {
		int c = ir_vreg(f), l = ir_label(f);
		ir_mov(f, c, ir_imm(0));
		ir_place(f, l);
		g->depth++;
		rnd_stmts(g, 1 + rndn(g, 5));
		g->depth--;
		ir_alu(f, ALU_ADD, c, ir_reg(c), ir_imm(1));
		ir_br(f, COND_LT, ir_reg(c), ir_imm(1 + rndn(g, 4)), l);
	} else {
		ir_mov(f, d, rnd_val(g));
	}
}

static void rnd_stmts(struct rgen *g, int n)
{
	for (int i = 0; i < n; i++)
		rnd_stmt(g);
}

static void rnd_program(struct rgen *g, uint64_t seed)
{
	char *name = xasprintf("random_%llu", (unsigned long long)seed);

	g->s = seed * 0x9e3779b97f4a7c15ull + 1;
	g->depth = 0;
	begin(&g->t, name);
	g->t.f->name = name; /* freed by the caller */
	for (int k = 0; k < RSLOTS; k++) {
		g->slot[k] = ir_slot(g->t.f, 8, 8);
		ir_store(g->t.f, 8, ir_slotv(g->slot[k], 0), 0, ir_imm(0));
	}
	/* Mostly values the verifier cannot know, so that little folds away. */
	for (int k = 0; k < RV; k++) {
		if (k < 4) {
			g->var[k] = input(&g->t, k);
		} else {
			g->var[k] = ir_vreg(g->t.f);
			if (rndn(g, 4) == 0)
				ir_mov(g->t.f, g->var[k], ir_imm(rnd_imm(g)));
			else
				ir_alu(g->t.f, rndn(g, ALU_NEG), g->var[k], ir_reg(g->var[k % 4]), ir_imm(rnd_imm(g)));
		}
	}
	rnd_stmts(g, 5 + rndn(g, 60));
	for (int k = 0; k < RV; k++)
		output(&g->t, k, ir_reg(g->var[k]));
	finish(&g->t, ir_reg(g->var[0]));
}

static int64_t ref_alu(enum ir_alu op, int64_t a, int64_t b)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;

	switch (op) {
	case ALU_ADD: return (int64_t)(ua + ub);
	case ALU_SUB: return (int64_t)(ua - ub);
	case ALU_MUL: return (int64_t)(ua * ub);
	case ALU_DIV: return (int64_t)ref_div(ua, ub);
	case ALU_MOD: return (int64_t)ref_mod(ua, ub);
	case ALU_SDIV: return ref_sdiv(a, b);
	case ALU_SMOD: return ref_smod(a, b);
	case ALU_AND: return a & b;
	case ALU_OR: return a | b;
	case ALU_XOR: return a ^ b;
	case ALU_LSH: return (int64_t)(ua << (ub & 63));
	case ALU_RSH: return (int64_t)(ua >> (ub & 63));
	case ALU_ARSH: return a >> (ub & 63);
	default: return (int64_t)(0 - ua);
	}
}

/* Runs the IR the way BPF would; returns the return value, results in res. */
static uint64_t interpret(const struct ir_func *f, const uint64_t *ctx, uint64_t *res)
{
	uint64_t *v = calloc(f->nvregs, sizeof(uint64_t));
	uint8_t (*mem)[8] = calloc(f->slots.len, 8);
	int *lab = malloc((f->nlabels + 1) * sizeof(int));
	uint64_t ret = 0;

	for (size_t i = 0; i < f->insns.len; i++) {
		if (f->insns.data[i].op == IR_LABEL)
			lab[f->insns.data[i].label] = (int)i;
	}
#define VAL(x) ((x).kind == V_REG ? v[(x).n] : (uint64_t)(x).imm)
	for (size_t pc = 0, steps = 0; pc < f->insns.len && steps < 1000000; steps++) {
		const struct ir_insn *in = &f->insns.data[pc++];
		switch (in->op) {
		case IR_MOV:
			v[in->d.n] = VAL(in->a);
			break;
		case IR_ALU:
			v[in->d.n] = (uint64_t)ref_alu(in->alu, (int64_t)VAL(in->a), (int64_t)VAL(in->b));
			break;
		case IR_LOAD:
			if (in->a.kind == V_SLOT) {
				uint64_t x = 0;
				memcpy(&x, mem[in->a.n] + in->a.imm + in->off, in->size);
				v[in->d.n] = x;
			} else {
				v[in->d.n] = ctx[in->off / 8];
			}
			break;
		case IR_STORE:
			if (in->a.kind == V_SLOT) {
				uint64_t x = VAL(in->b);
				memcpy(mem[in->a.n] + in->a.imm + in->off, &x, in->size);
			} else if (v[in->a.n] == FAKE_P) {
				res[in->off / 8] = VAL(in->b);
			}
			break;
		case IR_CALL:
			if (in->helper == BPF_FUNC_map_lookup_elem)
				v[in->d.n] = FAKE_P;
			else if (in->helper == BPF_FUNC_probe_read_kernel)
				memmove(mem[in->args[0].n], mem[in->args[2].n], 8);
			break;
		case IR_JMP:
			pc = lab[in->label];
			break;
		case IR_BR:
			if (ref_cond(in->cond, (int64_t)VAL(in->a), (int64_t)VAL(in->b)))
				pc = lab[in->label];
			break;
		case IR_RET:
			ret = VAL(in->a);
			pc = f->insns.len;
			break;
		default:
			break;
		}
	}
#undef VAL
	free(v);
	free(mem);
	free(lab);
	return ret;
}

static void random_programs(bool native, uint64_t first, int count)
{
	int too_complex = 0;

	ir_codegen_set_sdiv(native);
	for (int i = 0; i < count; i++) {
		struct rgen g = { 0 };
		uint64_t seed = first + i;
		rnd_program(&g, seed);
		g.t.quiet_e2big = true;
		char *name = (char *)g.t.f->name;
		int err = load(&g.t);
		if (err == -E2BIG) {
			too_complex++;
		} else if (err < 0) {
			fprintf(stderr, "random program %llu (sdiv %d) does not load\n", (unsigned long long)seed, native);
			unit_failed_checks++;
		}
		for (int r = 0; g.t.fd >= 0 && r < 3; r++) {
			uint64_t ctx[4], got[NRES], want[NRES] = { 0 };
			for (int k = 0; k < 4; k++)
				ctx[k] = r == 0 ? (uint64_t)samples[(seed + k) % NSAMPLES] : rnd(&g);
			int64_t ret = run(&g.t, ctx, 4, got);
			uint64_t wret = interpret(g.t.f, ctx, want);
			bool ok = ret == (int64_t)(uint32_t)wret;
			for (int k = 0; k < RV; k++)
				ok &= got[k] == want[k];
			if (!ok) {
				fprintf(stderr, "random program %llu (sdiv %d): wrong results\n", (unsigned long long)seed, native);
				for (int k = 0; k < RV; k++)
					fprintf(stderr, "  v%d: got %llx want %llx\n", g.var[k],
						(unsigned long long)got[k], (unsigned long long)want[k]);
				ir_dump(stderr, g.t.f);
				unit_failed_checks++;
				break;
			}
		}
		done(&g.t);
		free(name);
	}
	/* Nested loops around branches can exceed the verifier's budget; rarely. */
	CHECK(too_complex * 50 <= count);
}

/* CODEGEN_RANDOM=N runs N programs in each mode instead of 300. */
static int random_count(void)
{
	const char *e = getenv("CODEGEN_RANDOM");
	return e && atoi(e) > 0 ? atoi(e) : 300;
}

UNIT_TEST(random_programs_native) { random_programs(true, 1, random_count()); }
UNIT_TEST(random_programs_fallback) { random_programs(false, 1000001, random_count()); }

static void setup(void)
{
	res_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "codegen_res", 4, NRES * 8, 1, NULL);
	scratch_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "codegen_scr", 4, 8, 2, NULL);
}

/* UNIT_MAIN with the maps created first; without root there is nothing to test. */
int main(int argc, char **argv)
{
	if (geteuid() != 0) {
		printf("%s: skipped (needs root)\n", argv[0]);
		return 0;
	}
	setup();
	if (res_fd < 0 || scratch_fd < 0) {
		fprintf(stderr, "bpf_map_create: %s\n", strerror(errno));
		return 1;
	}
	for (int i = 0; i < unit_ncases; i++) {
		if (argc > 1 && !strstr(unit_cases[i].name, argv[1]))
			continue;
		int before = unit_failed_checks;
		unit_cases[i].fn();
		if (unit_failed_checks == before) {
			unit_pass++;
		} else {
			unit_fail++;
			fprintf(stderr, "FAIL %s\n", unit_cases[i].name);
		}
	}
	printf("%s: %d passed, %d failed\n", argv[0], unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}
