/*
 * uprobes: a target for uprobe, uretprobe and USDT tests.
 *
 *   uprobes [-w] [N]
 *
 * Calls sonde_add(k, 2 * k) for k = 1..N (default 10) and fires the USDT probe
 * sonde:tick with the same arguments each time, then sonde_done() once: a
 * script ends with `uprobe:BINARY:sonde_done { exit(); }`. Known results:
 * sum(arg0) of sonde_add = N(N+1)/2, sum(retval) = 3N(N+1)/2. Each k also
 * calls locked_a, locked_inc, locked_b and locked_c (below); locked_trap is
 * never called.
 * -w waits for SIGUSR1 (at most 10 s) before starting, as syscalls -w does.
 * The task is named $SONDE_WL_COMM, else "sonde_wl".
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

#if __has_include(<sys/sdt.h>)
#include <sys/sdt.h>
#define TICK(a, b) DTRACE_PROBE2(sonde, tick, a, b)
#else
#define TICK(a, b) ((void)(a), (void)(b))
#endif

/* noinline and used: the probes need real, separate functions to attach to. */
__attribute__((noinline, used)) long sonde_add(long a, long b)
{
	__asm__ volatile("" ::: "memory");
	return a + b;
}

__attribute__((noinline, used)) void sonde_done(void)
{
	__asm__ volatile("" ::: "memory");
}

/*
 * locked_a, locked_b, locked_c and locked_inc, called once each per k:
 * locked_inc starts with a lock-prefixed instruction, which x86 uprobes
 * refuse (ENOTSUPP), so a wildcard over locked_* attaches three of them.
 */
int locked_count;
void locked_inc(int *p);
__asm__(".text\n"
	".globl locked_inc\n"
	".type locked_inc, @function\n"
	"locked_inc:\n"
	"\tlock decl (%rdi)\n"
	"\tret\n"
	".size locked_inc, .-locked_inc\n");

/*
 * locked_trap, never called, starts with int3, an opcode x86 uprobes refuse
 * without a prefix to tell: sonde finds it by splitting the link.
 */
__asm__(".text\n"
	".globl locked_trap\n"
	".type locked_trap, @function\n"
	"locked_trap:\n"
	"\tint3\n"
	"\tret\n"
	".size locked_trap, .-locked_trap\n");

__attribute__((noinline, used)) void locked_a(void) { __asm__ volatile("" ::: "memory"); }
__attribute__((noinline, used)) void locked_b(void) { __asm__ volatile("" ::: "memory"); }
__attribute__((noinline, used)) void locked_c(void) { __asm__ volatile("" ::: "memory"); }

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	long n = 10, total = 0;
	int argi = 1;

	if (!comm || !*comm)
		comm = "sonde_wl";

	if (argi < argc && argv[argi][0] == '-' && argv[argi][1] == 'w') {
		sigset_t set;
		struct timespec timeout = { .tv_sec = 10 };

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		prctl(PR_SET_NAME, comm, 0, 0, 0);
		if (sigtimedwait(&set, NULL, &timeout) < 0) {
			fprintf(stderr, "uprobes: no start signal (SIGUSR1) within 10 s\n");
			return 3;
		}
		argi++;
	}
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (argi < argc)
		n = strtol(argv[argi], NULL, 0);
	for (long k = 1; k <= n; k++) {
		TICK(k, 2 * k);
		total += sonde_add(k, 2 * k);
		locked_a();
		locked_inc(&locked_count);
		locked_b();
		locked_c();
	}
	sonde_done();
	return total == 3 * n * (n + 1) / 2 ? 0 : 1;
}
