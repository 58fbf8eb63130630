/*
 * usdt_quoted: a USDT probe whose name holds quotes, as bpftrace's
 * usdt_quoted_probe test program has: provider `test`, probe `"probe1"`
 * (the quotes are part of the name in the ELF note).
 *
 *   usdt_quoted [N]
 *
 * Fires test:"probe1"(k) for k = 1..N (default 3), then exits.
 */
#include <stdlib.h>
#include <sys/sdt.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3;

	for (long k = 1; k <= n; k++)
		STAP_PROBE1(test, "probe1", k);
	return 0;
}
