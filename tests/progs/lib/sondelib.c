/*
 * sondelib: a shared library for uprobe and USDT tests (the e2e cases build
 * it into their work directory: cc -shared -fPIC -O1 -g). The workload
 * tests/progs/uprobe_lib.c loads it.
 *
 *   long sondelib_add(long a, long b)   returns a + b; fires sondelib:add(a, b)
 *                                        when a tracer enabled it (a semaphore)
 */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

__extension__ unsigned short sondelib_add_semaphore __attribute__((unused, section(".probes")));

__attribute__((noinline, visibility("default"))) long sondelib_add(long a, long b)
{
	if (__builtin_expect(sondelib_add_semaphore, 0))
		DTRACE_PROBE2(sondelib, add, a, b);
	return a + b;
}
