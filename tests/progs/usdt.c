/*
 * usdt: a target for USDT tests, with arguments in every kind of place.
 *
 *   usdt [-w] [N]
 *
 * For k = 1..N (default 10):
 *   sonde:regs(k, -k, 3k)            arguments computed into registers
 *   sonde:consts(5, -7, 0x7fffffffffffffff, -1 as a char)   constants ($imm)
 *   sonde:mem(rec.small, rec.big, g_counter)                memory: the stack and a global
 *   sonde:sized(char -k, short -k, int -k, uint k)          1/2/4-byte arguments, sign-extended or not
 *   sonde:site(k)                    from two call sites (site_a, site_b: 2 hits per k)
 *   sonde:guarded(k)                 only when a tracer enabled it (its semaphore is set)
 * then sonde_done() once, for a script's exit. Known sums for N: sum(k) = N(N+1)/2.
 * Prints "guarded N" on stdout: how many times the guarded probe was enabled.
 * -w waits for SIGUSR1 (at most 10 s) before starting, as syscalls -w does.
 * The task is named $SONDE_WL_COMM, else "sonde_wl".
 */
#define _SDT_HAS_SEMAPHORES 1
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/sdt.h>
#include <time.h>

/*
 * Semaphores: the kernel increments a probe's while the probe is attached.
 * sdt.h gives every probe of the file one when any has; only sonde:guarded
 * checks its own. (tests/progs/uprobes.c has a probe without a semaphore.)
 */
#define SEMAPHORE(name) \
	__extension__ unsigned short sonde_##name##_semaphore __attribute__((unused, section(".probes")))
SEMAPHORE(guarded);
SEMAPHORE(regs);
SEMAPHORE(consts);
SEMAPHORE(mem);
SEMAPHORE(sized);
SEMAPHORE(site);

long g_counter;

struct rec {
	int small;
	long big;
};

__attribute__((noinline)) void fill(struct rec *r, long k)
{
	__asm__ volatile("" ::: "memory");
	r->small = (int)(-k);
	r->big = k * 1000;
}

__attribute__((noinline, used)) void site_a(long k)
{
	DTRACE_PROBE1(sonde, site, k);
}

__attribute__((noinline, used)) void site_b(long k)
{
	DTRACE_PROBE1(sonde, site, k * 100);
}

__attribute__((noinline, used)) void sonde_done(void)
{
	__asm__ volatile("" ::: "memory");
}

static void wait_start(const char *comm)
{
	sigset_t set;
	struct timespec timeout = { .tv_sec = 10 };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (sigtimedwait(&set, NULL, &timeout) < 0) {
		fprintf(stderr, "usdt: no start signal (SIGUSR1) within 10 s\n");
		exit(3);
	}
}

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	long n = 10;
	int argi = 1, guarded = 0;

	if (!comm || !*comm)
		comm = "sonde_wl";
	if (argi < argc && argv[argi][0] == '-' && argv[argi][1] == 'w') {
		wait_start(comm);
		argi++;
	}
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (argi < argc)
		n = strtol(argv[argi], NULL, 0);
	for (long k = 1; k <= n; k++) {
		struct rec r;
		volatile long neg = -k, triple = 3 * k;
		fill(&r, k);
		g_counter += k;
		DTRACE_PROBE3(sonde, regs, k, (long)neg, (long)triple);
		DTRACE_PROBE4(sonde, consts, 5, -7, 0x7fffffffffffffffL, (signed char)-1);
		DTRACE_PROBE3(sonde, mem, r.small, r.big, g_counter);
		DTRACE_PROBE4(sonde, sized, (signed char)-k, (short)-k, (int)-k, (unsigned int)k);
		site_a(k);
		site_b(k);
		if (__builtin_expect(sonde_guarded_semaphore, 0)) {
			guarded++;
			DTRACE_PROBE1(sonde, guarded, k);
		}
	}
	sonde_done();
	printf("guarded %d\n", guarded);
	return 0;
}
