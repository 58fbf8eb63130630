/*
 * hot: a CPU-bound workload whose profile is known: nearly all of its time
 * is spent in hot_spin(), called as main -> run_work -> hot_spin, and a
 * little in cold_spin() (about a tenth). Built with frame pointers, so user
 * stacks walk: a profile of it must lead with hot_spin.
 *
 *   hot [-n COMM] [-M] [MS]
 *
 * MS: how long to run in total (default 1000). -n: the task name (default
 * $SONDE_WL_COMM, else "sonde_wl"); -M: no final marker. The final marker
 * is close(999999) ($SONDE_WL_MARKER replaces 999999), as in syscalls.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile uint64_t sink;

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Burns about `ms` milliseconds of CPU in this very function. */
__attribute__((noinline)) void hot_spin(uint64_t ms)
{
	uint64_t end = now_ms() + ms, x = sink;

	while (now_ms() < end)
		for (int i = 0; i < 100000; i++)
			x = x * 6364136223846793005ull + 1442695040888963407ull;
	sink = x;
}

__attribute__((noinline)) void cold_spin(uint64_t ms)
{
	uint64_t end = now_ms() + ms, x = sink;

	while (now_ms() < end)
		for (int i = 0; i < 100000; i++)
			x = x * 2862933555777941757ull + 3037000493ull;
	sink = x;
}

__attribute__((noinline)) void run_work(uint64_t total_ms)
{
	/* slices, so that both functions are sampled throughout the run */
	for (uint64_t done = 0; done < total_ms; done += 50) {
		hot_spin(45);
		cold_spin(5);
	}
}

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	const char *marker_env = getenv("SONDE_WL_MARKER");
	long marker = marker_env ? atol(marker_env) : 999999;
	int opt, no_marker = 0;

	if (!comm || !*comm)
		comm = "sonde_wl";
	while ((opt = getopt(argc, argv, "n:M")) != -1) {
		switch (opt) {
		case 'n':
			comm = optarg;
			break;
		case 'M':
			no_marker = 1;
			break;
		default:
			fprintf(stderr, "usage: hot [-n COMM] [-M] [MS]\n");
			return 2;
		}
	}
	uint64_t ms = optind < argc ? strtoull(argv[optind], NULL, 10) : 1000;
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	run_work(ms);
	if (!no_marker)
		syscall(SYS_close, marker);
	return 0;
}
