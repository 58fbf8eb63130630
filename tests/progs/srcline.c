/*
 * srcline: a target for uprobes on source lines (uprobe:BIN@srcline.c:LINE).
 * The e2e case compat_dwarf_source_line names lines 21, 23 and 25 below by
 * number: keep them where they are.
 *
 *   srcline [N]
 *
 * Calls srcline_step(k) for k = 1..N (default 3), which takes the branch of
 * line 23 for odd k and that of line 25 for even k, then srcline_done().
 */
#include <stdlib.h>

volatile long srcline_odd, srcline_even;

__attribute__((noinline, used)) void srcline_done(void)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline, used)) long srcline_step(long k)
{
	if (k & 1)
		srcline_odd += k;
	else
		srcline_even += k;
	return k;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3;

	for (long k = 1; k <= n; k++)
		srcline_step(k);
	srcline_done();
	return 0;
}
