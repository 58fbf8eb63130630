/*
 * uprobe_lib: a target for uprobes and USDT probes in a shared library.
 *
 *   uprobe_lib [-w] LIBRARY [N]
 *
 * Loads LIBRARY (tests/progs/lib/sondelib.c, built by the case), then calls
 * its sondelib_add(k, 2 * k) for k = 1..N (default 10). Known results:
 * sum(arg0) = N(N+1)/2, sum(retval) = 3N(N+1)/2. The library is loaded before
 * -w waits for SIGUSR1 (at most 10 s), so that `sonde -p` finds it mapped.
 * The task is named $SONDE_WL_COMM, else "sonde_wl".
 */
#include "wl_start.h"

#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	int argi = 1;
	int wait = 0;
	long n = 10, total = 0;

	if (!comm || !*comm)
		comm = "sonde_wl";
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (argi < argc && argv[argi][0] == '-' && argv[argi][1] == 'w') {
		wait = 1;
		argi++;
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: uprobe_lib [-w] LIBRARY [N]\n");
		return 2;
	}
	void *lib = dlopen(argv[argi++], RTLD_NOW);
	long (*add)(long, long) = lib ? (long (*)(long, long))dlsym(lib, "sondelib_add") : NULL;
	if (!add) {
		fprintf(stderr, "uprobe_lib: %s\n", dlerror());
		return 2;
	}
	if (argi < argc)
		n = strtol(argv[argi], NULL, 0);
	if (wait)
		wl_wait_start("uprobe_lib");
	for (long k = 1; k <= n; k++)
		total += add(k, 2 * k);
	return total == 3 * n * (n + 1) / 2 ? 0 : 1;
}
