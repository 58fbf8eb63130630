/*
 * nofp: a target for dw_ustack, built -O2 -fomit-frame-pointer (Makefile),
 * as distributions build their binaries: frame-pointer walks (ustack) stop
 * after a frame or two here.
 *
 *   nofp [-w] [N] [MS] [LIB]
 *
 * Calls main -> nofp_a -> nofp_b -> nofp_c -> nofp_d N times (default 3),
 * each function with a frame of its own size; then sorts two numbers with
 * libc's qsort, whose comparator nofp_cmp is called once from inside libc;
 * with LIB, loads that library (tests/progs/lib/sondelib.c), waits a second
 * (for a tracer to see the new mapping) and calls its sondelib_add(1, 2)
 * from nofp_lib; then nofp_done() once, then stays alive MS milliseconds (default 0) so
 * that the stacks' libraries are still mapped when they are printed.
 * -w waits for SIGUSR1 (at most 10 s) before starting (the runner's
 * workload_first). The task is named $SONDE_WL_COMM, else "sonde_wl".
 */
#include "wl_start.h"

#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

/* Frames of different sizes, and work after each call so that none is a tail call. */
__attribute__((noinline, used)) long nofp_d(long x)
{
	volatile long pad[3] = { x, x + 1, x + 2 };
	__asm__ volatile("" ::: "memory");
	return pad[0] + pad[2];
}

__attribute__((noinline, used)) long nofp_c(long x)
{
	volatile long pad[7] = { x };
	long r = nofp_d(x + pad[0]);
	__asm__ volatile("" ::: "memory");
	return r + pad[6];
}

__attribute__((noinline, used)) long nofp_b(long x)
{
	volatile char pad[100] = { 1 };
	long r = nofp_c(x * 3 + pad[0]);
	__asm__ volatile("" ::: "memory");
	return r + pad[99];
}

__attribute__((noinline, used)) long nofp_a(long x)
{
	long r = nofp_b(x + 1);
	__asm__ volatile("" ::: "memory");
	return r * 2;
}

__attribute__((noinline, used)) int nofp_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

__attribute__((noinline, used)) long nofp_lib(long (*add)(long, long))
{
	long r = add(1, 2);
	__asm__ volatile("" ::: "memory");
	return r + 1;
}

__attribute__((noinline, used)) void nofp_done(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	long sum = 0, v[2] = { 2, 1 };
	int argi = 1;

	prctl(PR_SET_NAME, comm ? comm : "sonde_wl");
	if (argi < argc && !strcmp(argv[argi], "-w")) {
		wl_wait_start("nofp");
		argi++;
	}
	int n = argi < argc ? atoi(argv[argi]) : 3;
	int ms = argi + 1 < argc ? atoi(argv[argi + 1]) : 0;
	for (int i = 0; i < n; i++)
		sum += nofp_a(i);
	qsort(v, 2, sizeof(v[0]), nofp_cmp);
	if (argi + 2 < argc) {
		void *lib = dlopen(argv[argi + 2], RTLD_NOW);
		long (*add)(long, long) = lib ? (long (*)(long, long))dlsym(lib, "sondelib_add") : NULL;
		struct timespec second = { 1, 0 };
		if (!add) {
			fprintf(stderr, "nofp: %s\n", dlerror());
			return 2;
		}
		nanosleep(&second, NULL);
		sum += nofp_lib(add);
	}
	nofp_done();
	if (ms > 0) {
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
	return sum == 42 ? 1 : 0;
}
