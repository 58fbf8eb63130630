/*
 * structs: a target for scripts that define C structs and read them through
 * uprobe arguments (the shapes of bpftrace's runtime test programs).
 *
 *   structs [N]
 *
 * Calls each sonde_* function below N times (default 1) with the values in
 * the comments, then sonde_done() once: scripts end with
 * `uprobe:BINARY:sonde_done { exit(); }`. The task is named $SONDE_WL_COMM,
 * else "sonde_wl".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

struct foo {
	int m, n;                       /* 2, 3 */
};

struct named {
	int a;
	char b[10];                     /* {123, "hello"}, {456, "world"} */
};

struct arrays_a {
	int x[4];                       /* 1, 2, 3, 4 */
};

struct arrays_b {
	int y[2][2];                    /* {5, 6}, {7, 8} */
};

struct bits {
	unsigned int a : 4, b : 8, c : 3, d : 1, e : 16;   /* 1 2 5 0 65535 */
};

struct bits2 {
	short a : 4, b : 8, c : 3, d : 1;          /* 1 217 5 1 (read unsigned, as bpftrace) */
	int e : 9, f : 15, g : 1, h : 2, i : 5;    /* 500 31117 1 2 27 */
};

struct complex {
	const char *a;                  /* "\x09\x08\x07\x06" */
	char b[4];                      /* 5 4 3 2 */
	uint8_t c[4];                   /* 1 2 3 4 */
	int d[4];                       /* 5 6 7 8 */
	uint16_t e[4];                  /* 9 10 11 12 */
	uint64_t f[4];                  /* 13 14 15 16 */
};

struct node {
	int value;                      /* 1 -> 2 -> 3 */
	struct node *next;
};

struct str8 {
	char s[8];                      /* "hello" */
};

struct sa_t {
	uint32_t a;                     /* i */
	uint32_t b[2];                  /* 0, 100 - 2i */
};

struct sa_w {
	uint32_t a;                     /* 100 + i */
	struct sa_t t;
};

struct sa_c {
	uint32_t a;                     /* 0 */
	void *b;                        /* NULL */
	struct sa_w w[10];              /* i = 0..9 */
};

union num {
	int i;                          /* 5 */
	float f;
};

struct with_union {
	int m;                          /* 2 */
	union num n;
	double d;                       /* 1.5 */
};

/* noinline and used: the probes need real, separate functions to attach to. */
#define PROBED __attribute__((noinline, used))
#define BARRIER() __asm__ volatile("" ::: "memory")

PROBED void sonde_simple(struct foo *f) { BARRIER(); (void)f; }
PROBED void sonde_pair(struct named *a, struct named *b) { BARRIER(); (void)a; (void)b; }
PROBED void sonde_arrays(struct arrays_a *a, struct arrays_b *b) { BARRIER(); (void)a; (void)b; }
PROBED void sonde_bits(struct bits *b) { BARRIER(); (void)b; }
PROBED void sonde_bits2(struct bits2 *b) { BARRIER(); (void)b; }
PROBED void sonde_complex(struct complex *c) { BARRIER(); (void)c; }
PROBED void sonde_list(struct node *n) { BARRIER(); (void)n; }
PROBED void sonde_string(struct str8 *s) { BARRIER(); (void)s; }
PROBED void sonde_struct_array(struct sa_c *c) { BARRIER(); (void)c; }
PROBED void sonde_ptr_to_ptr(struct named **pp) { BARRIER(); (void)pp; }
PROBED int sonde_negative(int x) { BARRIER(); return -x; }
PROBED void sonde_union(struct with_union *u) { BARRIER(); (void)u; }
PROBED void sonde_done(void) { BARRIER(); }

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	long n = argc > 1 ? atol(argv[1]) : 1;

	prctl(PR_SET_NAME, comm && *comm ? comm : "sonde_wl", 0, 0, 0);

	struct foo f = { 2, 3 };
	struct named a = { 123, "hello" }, b = { 456, "world" };
	struct arrays_a xa = { { 1, 2, 3, 4 } };
	struct arrays_b xb = { { { 5, 6 }, { 7, 8 } } };
	struct bits bits = { 1, 2, 5, 0, 65535 };
	struct bits2 bits2;
	memset(&bits2, 0, sizeof(bits2));
	bits2.a = 1;
	bits2.b = (short)217;
	bits2.c = 5;
	bits2.d = 1;
	bits2.e = 500;
	bits2.f = 31117;
	bits2.g = 1;
	bits2.h = 2;
	bits2.i = 27;
	static const char bytes[] = "\x09\x08\x07\x06";
	struct complex c = { bytes, { 5, 4, 3, 2 }, { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 },
			     { 13, 14, 15, 16 } };
	struct node n3 = { 3, NULL }, n2 = { 2, &n3 }, n1 = { 1, &n2 };
	struct str8 s = { "hello" };
	struct sa_c sa;
	struct named *pa = &a;
	struct with_union wu = { 2, { .i = 5 }, 1.5 };
	memset(&sa, 0, sizeof(sa));
	for (uint32_t i = 0; i < 10; i++) {
		sa.w[i].a = 100 + i;
		sa.w[i].t.a = i;
		sa.w[i].t.b[1] = 100 - 2 * i;
	}

	for (long i = 0; i < n; i++) {
		sonde_simple(&f);
		sonde_pair(&a, &b);
		sonde_arrays(&xa, &xb);
		sonde_bits(&bits);
		sonde_bits2(&bits2);
		sonde_complex(&c);
		sonde_list(&n1);
		sonde_string(&s);
		sonde_struct_array(&sa);
		sonde_ptr_to_ptr(&pa);
		sonde_negative(100);
		sonde_union(&wu);
	}
	sonde_done();
	return 0;
}
