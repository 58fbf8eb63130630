/*
 * stdlib: a target for the standard library's end-to-end tests (func_*.sh).
 *
 *   stdlib
 *
 * Calls, once each:
 *   sonde_mac(&m)            m.mac is 05:04:03:02:01:02 (macaddr)
 *   sonde_many(1, ..., 8)    arguments 7 and 8 go on the stack (sarg0, sarg1)
 *   sonde_done()             a script exits on it
 * and has the globals sonde_global_a = 0x55555555 (8 bytes) and
 * sonde_global_c = 0x33333333 (4 bytes) for uaddr(). Built as a PIE (the
 * compiler's default), so addresses move from run to run.
 * The task is named $SONDE_WL_COMM, else "sonde_wl".
 */
#include <stdlib.h>
#include <sys/prctl.h>

struct with_mac {
	const char *ignore;
	unsigned char mac[6];
};

__attribute__((used)) volatile long sonde_global_a = 0x55555555;
__attribute__((used)) volatile int sonde_global_c = 0x33333333;

/* noinline and used: the probes need real, separate functions to attach to. */
__attribute__((noinline, used)) void sonde_mac(struct with_mac *m)
{
	__asm__ volatile("" : : "r"(m) : "memory");
}

__attribute__((noinline, used)) long sonde_many(long a, long b, long c, long d, long e, long f, long g, long h)
{
	__asm__ volatile("" ::: "memory");
	return a + b + c + d + e + f + g + h;
}

__attribute__((noinline, used)) void sonde_done(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(void)
{
	const char *comm = getenv("SONDE_WL_COMM");
	struct with_mac m = { "x", { 5, 4, 3, 2, 1, 2 } };
	long r;

	prctl(PR_SET_NAME, comm && *comm ? comm : "sonde_wl", 0, 0, 0);
	sonde_mac(&m);
	r = sonde_many(1, 2, 3, 4, 5, 6, 7, 8);
	sonde_done();
	return r == 36 ? 0 : 1;
}
