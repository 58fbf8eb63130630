/*
 * watchfn: the target of the watchpoint:FUNC+argN cases, doing what
 * bpftrace's watchpoint_func, watchpoint_unwatch, watchpoint_func_wildcard
 * and watchpoint_func_many_probes test programs do, a known number of times.
 *
 *   watchfn [-w] OP [ARG...]
 *
 * Ops (p, q: ints of their own on the heap; every access is one store):
 *   func N        N times: increment(0, p) (one store to *p), then one store
 *                 to *p: 2N stores to the int increment's arg1 points to
 *   async N MS    announce(0, p) (which does not touch *p), a pause of MS
 *                 milliseconds, then N stores to *p
 *   unwatch MS    bump(p) (one store), a pause of MS milliseconds, 4 stores
 *   wildcard N    increment_k(q_k) for k = 0..N-1 (N <= 21), one store each,
 *                 each to its own int
 *   many N        bump(q) for N fresh ints q: N addresses, one store each
 *                 (more than the CPU has debug registers)
 *
 * -w waits for SIGUSR1 (at most 10 s) before starting, as syscalls -w does.
 * The task is named $SONDE_WL_COMM, else "sonde_wl". Exits 0 when every
 * int holds what the stores put there.
 */
#include "wl_start.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

/* noipa: real, separate functions (no inlining, cloning or folding) with their arguments where the ABI puts them */
#define TARGET __attribute__((noipa, used))

TARGET void increment(int unused, volatile int *p)
{
	(void)unused;
	(*p)++;
}

TARGET void announce(int unused, volatile int *p)
{
	(void)unused;
	(void)p;
	__asm__ volatile("" ::: "memory");
}

TARGET void bump(volatile int *p)
{
	(*p)++;
}

#define INCREMENT(k) TARGET void increment_##k(volatile int *p) { (*p)++; }
INCREMENT(0) INCREMENT(1) INCREMENT(2) INCREMENT(3) INCREMENT(4) INCREMENT(5) INCREMENT(6)
INCREMENT(7) INCREMENT(8) INCREMENT(9) INCREMENT(10) INCREMENT(11) INCREMENT(12) INCREMENT(13)
INCREMENT(14) INCREMENT(15) INCREMENT(16) INCREMENT(17) INCREMENT(18) INCREMENT(19) INCREMENT(20)

static void (*const increments[])(volatile int *) = {
	increment_0, increment_1, increment_2, increment_3, increment_4, increment_5, increment_6,
	increment_7, increment_8, increment_9, increment_10, increment_11, increment_12, increment_13,
	increment_14, increment_15, increment_16, increment_17, increment_18, increment_19, increment_20,
};

static volatile int *fresh_int(void)
{
	volatile int *p = malloc(sizeof(int));
	if (!p) {
		perror("watchfn: malloc");
		exit(2);
	}
	*p = 0;
	return p;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) != 0)
		;
}

static int usage(void)
{
	fprintf(stderr, "usage: watchfn [-w] func N | async N MS | unwatch MS | wildcard N | many N\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	int argi = 1;

	if (!comm || !*comm)
		comm = "sonde_wl";
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (argi < argc && !strcmp(argv[argi], "-w")) {
		wl_wait_start("watchfn");
		argi++;
	}
	if (argi + 1 >= argc)
		return usage();
	const char *op = argv[argi];
	long n = strtol(argv[argi + 1], NULL, 0);
	long ms = argi + 2 < argc ? strtol(argv[argi + 2], NULL, 0) : 0;
	volatile int *p = fresh_int();
	int ok = 1;

	if (!strcmp(op, "func")) {
		for (long i = 0; i < n; i++) {
			increment(0, p);
			(*p)++;
		}
		ok = *p == 2 * n;
	} else if (!strcmp(op, "async")) {
		announce(0, p);
		pause_ms(ms);
		for (long i = 0; i < n; i++)
			(*p)++;
		ok = *p == n;
	} else if (!strcmp(op, "unwatch")) {
		bump(p);
		pause_ms(n);
		for (int i = 0; i < 4; i++)
			(*p)++;
		ok = *p == 5;
	} else if (!strcmp(op, "wildcard")) {
		if (n < 0 || n > (long)(sizeof(increments) / sizeof(increments[0])))
			return usage();
		for (long k = 0; k < n; k++) {
			volatile int *q = fresh_int();
			increments[k](q);
			ok &= *q == 1;
		}
	} else if (!strcmp(op, "many")) {
		for (long k = 0; k < n; k++) {
			volatile int *q = fresh_int();
			bump(q);
			ok &= *q == 1;
		}
	} else {
		return usage();
	}
	return ok ? 0 : 1;
}
