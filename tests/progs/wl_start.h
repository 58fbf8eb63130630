/* wl_start.h: a workload's -w, shared by the test programs that take it. */
#ifndef SONDE_WL_START_H
#define SONDE_WL_START_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/*
 * Waits for the runner's SIGUSR1, sent once sonde has attached (at most
 * 10 s: exit status 3 without it), so that sonde sees the whole workload.
 */
static void wl_wait_start(const char *prog)
{
	sigset_t set;
	struct timespec timeout = { .tv_sec = 10 };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (sigtimedwait(&set, NULL, &timeout) < 0) {
		fprintf(stderr, "%s: no start signal (SIGUSR1) within 10 s\n", prog);
		exit(3);
	}
}

#endif
