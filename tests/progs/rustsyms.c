/*
 * rustsyms: functions named as rustc names them, for the Rust demangling
 * cases without a Rust toolchain: C functions whose symbols are Rust-mangled
 * (asm labels), in both of rustc's schemes.
 *
 *   rustsyms [N [LINGER_MS]]
 *
 * For k = 1..N (default 3): sonde_rs::outer(k) (legacy scheme, with its
 * hash: _ZN8sonde_rs5outer17h0123456789abcdefE) calls rs_mid(k) (a C name),
 * which calls sonde_rs::v0::leaf(k) (v0 scheme: _RNvNtCs1234_8sonde_rs2v04leaf),
 * then sonde_rs_done() once. It stays LINGER_MS (default 0) before exiting,
 * so that ustack's addresses are named while its mappings are there. At
 * leaf's entry the stack reads leaf, outer, main (the frame pointer skips
 * rs_mid). The task is named $SONDE_WL_COMM, else "sonde_wl".
 */
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

#define PROBED __attribute__((noipa, used))

PROBED long rs_leaf(long k) __asm__("_RNvNtCs1234_8sonde_rs2v04leaf");
PROBED long rs_outer(long k) __asm__("_ZN8sonde_rs5outer17h0123456789abcdefE");

PROBED long rs_leaf(long k)
{
	__asm__ volatile("" ::: "memory");
	return k + 1;
}

PROBED long rs_mid(long k)
{
	return rs_leaf(k) + 1;
}

PROBED long rs_outer(long k)
{
	return rs_mid(k) + 1;
}

PROBED void sonde_rs_done(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 3;
	long linger_ms = argc > 2 ? strtol(argv[2], NULL, 0) : 0;
	long total = 0;

	prctl(PR_SET_NAME, comm && *comm ? comm : "sonde_wl", 0, 0, 0);
	for (long k = 1; k <= n; k++)
		total += rs_outer(k);
	sonde_rs_done();
	struct timespec ts = { linger_ms / 1000, linger_ms % 1000 * 1000000 };
	nanosleep(&ts, NULL);
	return total == n * (n + 1) / 2 + 3 * n ? 0 : 1;
}
