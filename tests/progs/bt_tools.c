/*
 * bt_tools: a workload for bpftrace's own tool scripts (tests/e2e/cases/tool_*.sh):
 * the system calls those tools watch, made exactly as asked.
 *
 *   bt_tools OP [ARG...] [OP [ARG...]]...
 *
 * Ops (raw system calls, so the tracepoint each tool names is the one hit):
 *   stat PATH / lstat PATH / statx PATH / statfs PATH
 *   kill PID SIG      kill(PID, SIG); PID 0 means this process
 *   setuid UID / setfsuid UID / setresuid R E S
 *   sync / syncfs / fsync / fdatasync      (the last three on /dev/null)
 *   fork N            fork N children that exit at once, waiting for each
 *   sleep MS          nanosleep() of MS milliseconds
 *   threads N         create and join N threads
 *
 * The task is named $SONDE_WL_COMM, else "sonde_wl"; the last call is the
 * marker close(999999) ($SONDE_WL_MARKER replaces 999999), as in syscalls.c.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
	return arg;
}

static int need(int argc, int i, int n, const char *op)
{
	if (i + n >= argc) {
		fprintf(stderr, "bt_tools: %s needs %d argument%s\n", op, n, n == 1 ? "" : "s");
		exit(2);
	}
	return 1;
}

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	const char *marker = getenv("SONDE_WL_MARKER");
	char buf[4096];

	prctl(PR_SET_NAME, comm && *comm ? comm : "sonde_wl", 0, 0, 0);
	for (int i = 1; i < argc; i++) {
		const char *op = argv[i];
		if (!strcmp(op, "stat") && need(argc, i, 1, op)) {
			syscall(SYS_stat, argv[++i], buf);
		} else if (!strcmp(op, "lstat") && need(argc, i, 1, op)) {
			syscall(SYS_lstat, argv[++i], buf);
		} else if (!strcmp(op, "statx") && need(argc, i, 1, op)) {
			syscall(SYS_statx, AT_FDCWD, argv[++i], 0, 0xfff, buf);
		} else if (!strcmp(op, "statfs") && need(argc, i, 1, op)) {
			syscall(SYS_statfs, argv[++i], buf);
		} else if (!strcmp(op, "kill") && need(argc, i, 2, op)) {
			long pid = atol(argv[i + 1]);
			syscall(SYS_kill, pid ? pid : (long)getpid(), atol(argv[i + 2]));
			i += 2;
		} else if (!strcmp(op, "setuid") && need(argc, i, 1, op)) {
			syscall(SYS_setuid, atol(argv[++i]));
		} else if (!strcmp(op, "setfsuid") && need(argc, i, 1, op)) {
			syscall(SYS_setfsuid, atol(argv[++i]));
		} else if (!strcmp(op, "setresuid") && need(argc, i, 3, op)) {
			syscall(SYS_setresuid, atol(argv[i + 1]), atol(argv[i + 2]), atol(argv[i + 3]));
			i += 3;
		} else if (!strcmp(op, "sync")) {
			syscall(SYS_sync);
		} else if (!strcmp(op, "syncfs") || !strcmp(op, "fsync") || !strcmp(op, "fdatasync")) {
			int fd = open("/dev/null", O_WRONLY);
			syscall(!strcmp(op, "syncfs") ? SYS_syncfs : !strcmp(op, "fsync") ? SYS_fsync : SYS_fdatasync,
				fd);
			close(fd);
		} else if (!strcmp(op, "fork") && need(argc, i, 1, op)) {
			for (long n = atol(argv[++i]); n > 0; n--) {
				pid_t pid = fork();
				if (pid == 0)
					_exit(0);
				if (pid > 0)
					waitpid(pid, NULL, 0);
			}
		} else if (!strcmp(op, "sleep") && need(argc, i, 1, op)) {
			long ms = atol(argv[++i]);
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
			syscall(SYS_nanosleep, &ts, NULL);
		} else if (!strcmp(op, "threads") && need(argc, i, 1, op)) {
			for (long n = atol(argv[++i]); n > 0; n--) {
				pthread_t t;
				if (!pthread_create(&t, NULL, thread_main, NULL))
					pthread_join(t, NULL);
			}
		} else {
			fprintf(stderr, "bt_tools: unknown op '%s'\n", op);
			return 2;
		}
	}
	syscall(SYS_close, marker && *marker ? atol(marker) : 999999l);
	return 0;
}
