/*
 * syscalls: a workload whose system calls are known exactly, so that the
 * end-to-end tests can state the counts, sums and histograms a script must
 * print.
 *
 *   syscalls [-n COMM] [-w] [-t THREADS] [-M] OP [ARG...] [OP [ARG...]]...
 *
 * Every call is made with syscall(2), never through a libc wrapper, because
 * wrappers change which system call is made (glibc's nanosleep() is
 * clock_nanosleep, for one) and tests name tracepoints.
 *
 * Ops:
 *   write N          write(-1, buf, k) for k = 1..N   (EBADF; args.count == k)
 *   writeb N K       write(-1, buf, K), N times
 *   read N           read(-1, buf, k) for k = 1..N
 *   getppid N        getppid(), N times
 *   getpid N         getpid(), N times
 *   int80 N          the ia32 (compat) getpid, number 20, through int $0x80, N
 *                    times: 20 is writev's number in the 64-bit table
 *   openat N [TAG]   openat(AT_FDCWD, "/nonexistent/sonde-TAG", O_RDONLY), N times
 *                    (TAG defaults to "test"; ENOENT)
 *   nanosleep N NS   nanosleep() of NS nanoseconds, N times
 *   spin MS          burn MS milliseconds of CPU time in user space (at most
 *                    ten times as long in wall time)
 *   faults N         first-touch N fresh anonymous pages (N page faults or more)
 *   pause MS         sleep MS milliseconds with clock_nanosleep (not nanosleep)
 *   udp N            send N UDP datagrams over loopback to its own socket on
 *                    127.0.0.1, datagram k holding the k bytes "sonde..." (cut
 *                    from "sonde-udp-payload!"; k <= 18), then read them
 *   poke N           store k to the u64 at 0x10000000 (a page mapped there) for
 *                    k = 1..N, a getpid() after each (watchpoint tests)
 *
 * Options:
 *   -n COMM     the task name set with PR_SET_NAME (default $SONDE_WL_COMM,
 *               else "sonde_wl"), so scripts can filter with
 *               /comm == "sonde_wl"/
 *   -w          wait for SIGUSR1 (at most 10 s) before starting: lets a test
 *               start the workload first, hand its pid to sonde, then go
 *   -t THREADS  run the op list in THREADS threads at once (marker once, after)
 *   -M          no final marker
 *   -r REPEAT   run the op list REPEAT times (0: until killed), e.g. the
 *               benchmark's trigger: syscalls -M -r 0 getppid 1 pause 1
 *
 * The final marker is close(999999) (EBADF; $SONDE_WL_MARKER replaces
 * 999999), made once after everything else; scripts end with
 *   tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
 * The test runner gives each run its own name and marker through the
 * environment, so that two runs on one machine never count each other's
 * calls or end each other's scripts.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MARKER_FD 999999l
#define MAX_WRITE (1 << 20)

static int nops;
static long repeat = 1;
static char **ops;
static char *buf;

/* A compat syscall from a 64-bit process: the kernel runs it with the ia32 table. */
static void compat_getpid(void)
{
#if defined(__x86_64__)
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory");
	(void)r;
#endif
}

static void usage(void)
{
	fprintf(stderr,
		"usage: syscalls [-n COMM] [-w] [-t THREADS] [-M] [-r REPEAT] OP [ARG...]...\n"
		"ops: write N | writeb N K | read N | getppid N | getpid N | int80 N |\n"
		"     openat N [TAG] | nanosleep N NS | spin MS | faults N | pause MS | poke N | udp N\n");
	exit(2);
}

static long num(const char *s)
{
	char *end;
	long v;

	if (!s)
		usage();
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < 0) {
		fprintf(stderr, "syscalls: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * CPU time, not wall time: on a loaded machine (CI runs cases alongside
 * other jobs) the samples a profile takes follow the CPU time a thread gets.
 * Bounded at ten times as long in wall time.
 */
static void spin(long ms)
{
	uint64_t ns = (uint64_t)ms * 1000000ull;
	uint64_t end = cpu_ns() + ns, wall_end = now_ns() + 10 * ns;
	volatile uint64_t x = 0;

	while (cpu_ns() < end && now_ns() < wall_end) {
		for (int i = 0; i < 10000; i++)
			x += i;
	}
}

static void faults(long n)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, (size_t)(n + 1) * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("syscalls: mmap");
		exit(1);
	}
	for (long i = 0; i < n; i++)
		((volatile char *)p)[i * page] = 1;
	munmap(p, (size_t)(n + 1) * page);
}

static void udp(long n)
{
	static const char payload[] = "sonde-udp-payload!";
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	char rbuf[64];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || getsockname(fd, (struct sockaddr *)&a, &alen)) {
		perror("syscalls: udp socket");
		exit(1);
	}
	/* a datagram lost (loopback down) must not hang the workload */
	struct timeval tv = { .tv_sec = 1 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (long k = 1; k <= n; k++)
		if (sendto(fd, payload, (size_t)k, 0, (struct sockaddr *)&a, sizeof(a)) < 0)
			perror("syscalls: udp sendto");
	for (long k = 1; k <= n; k++)
		recv(fd, rbuf, sizeof(rbuf), 0);
	close(fd);
}

#define POKE_ADDR 0x10000000ul

/* A fixed address, so that a script can name it before the workload starts. */
static void poke(long n)
{
	volatile uint64_t *p = (volatile uint64_t *)POKE_ADDR;
	void *m = mmap((void *)POKE_ADDR, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (m != (void *)p) {
		perror("syscalls: mmap at 0x10000000");
		exit(1);
	}
	for (long k = 1; k <= n; k++) {
		*p = (uint64_t)k;
		syscall(SYS_getpid);
	}
	munmap(m, 4096);
}

static void sleep_ns(long ns, long nr)
{
	struct timespec ts = { .tv_sec = ns / 1000000000l, .tv_nsec = ns % 1000000000l };

	syscall(nr, &ts, NULL);
}

/* Parses and runs the op list; with check set, only parses (before any thread starts). */
static void run_ops(int check)
{
	for (int i = 0; i < nops;) {
		const char *op = ops[i++];
		const char *a1 = i < nops ? ops[i] : NULL;
		const char *a2 = i + 1 < nops ? ops[i + 1] : NULL;
		long n;

		if (!strcmp(op, "write") || !strcmp(op, "read")) {
			n = num(a1);
			i++;
			if (n > MAX_WRITE)
				usage();
			for (long k = 1; !check && k <= n; k++)
				syscall(!strcmp(op, "write") ? SYS_write : SYS_read, -1, buf, k);
		} else if (!strcmp(op, "writeb")) {
			n = num(a1);
			long k = num(a2);
			i += 2;
			if (k > MAX_WRITE)
				usage();
			for (long j = 0; !check && j < n; j++)
				syscall(SYS_write, -1, buf, k);
		} else if (!strcmp(op, "getppid") || !strcmp(op, "getpid")) {
			n = num(a1);
			i++;
			for (long j = 0; !check && j < n; j++)
				syscall(!strcmp(op, "getppid") ? SYS_getppid : SYS_getpid);
		} else if (!strcmp(op, "int80")) {
			n = num(a1);
			i++;
			for (long j = 0; !check && j < n; j++)
				compat_getpid();
		} else if (!strcmp(op, "openat")) {
			char path[2048];
			const char *tag = "test";

			n = num(a1);
			i++;
			/* An optional tag: anything that is not an op name. */
			if (a2 && !strchr("0123456789", a2[0]) && strcmp(a2, "write") && strcmp(a2, "writeb") &&
			    strcmp(a2, "read") && strcmp(a2, "getppid") && strcmp(a2, "getpid") &&
			    strcmp(a2, "openat") && strcmp(a2, "nanosleep") && strcmp(a2, "spin") &&
			    strcmp(a2, "faults") && strcmp(a2, "pause") && strcmp(a2, "poke") &&
			    strcmp(a2, "udp") && strcmp(a2, "int80")) {
				tag = a2;
				i++;
			}
			snprintf(path, sizeof(path), "/nonexistent/sonde-%s", tag);
			for (long j = 0; !check && j < n; j++)
				syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
		} else if (!strcmp(op, "nanosleep")) {
			n = num(a1);
			long ns = num(a2);
			i += 2;
			for (long j = 0; !check && j < n; j++)
				sleep_ns(ns, SYS_nanosleep);
		} else if (!strcmp(op, "spin")) {
			n = num(a1);
			i++;
			if (!check)
				spin(n);
		} else if (!strcmp(op, "udp")) {
			n = num(a1);
			i++;
			if (n > 18)
				usage();
			if (!check)
				udp(n);
		} else if (!strcmp(op, "poke")) {
			n = num(a1);
			i++;
			if (!check)
				poke(n);
		} else if (!strcmp(op, "faults")) {
			n = num(a1);
			i++;
			if (!check)
				faults(n);
		} else if (!strcmp(op, "pause")) {
			n = num(a1);
			i++;
			if (!check) {
				struct timespec ts = { .tv_sec = n / 1000, .tv_nsec = (n % 1000) * 1000000l };
				syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);
			}
		} else {
			fprintf(stderr, "syscalls: unknown op '%s'\n", op);
			usage();
		}
	}
}

static void run_all(void)
{
	for (long r = 0; repeat == 0 || r < repeat; r++)
		run_ops(0);
}

static void *thread_main(void *arg)
{
	(void)arg;
	run_all();
	return NULL;
}

static void wait_for_start(void)
{
	sigset_t set;
	struct timespec timeout = { .tv_sec = 10 };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigtimedwait(&set, NULL, &timeout) < 0) {
		fprintf(stderr, "syscalls: no start signal (SIGUSR1) within 10 s\n");
		exit(3);
	}
}

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	const char *marker_env = getenv("SONDE_WL_MARKER");
	long marker_fd = marker_env ? num(marker_env) : MARKER_FD;
	int wait = 0, nthreads = 0, marker = 1;
	int opt;

	if (!comm || !*comm)
		comm = "sonde_wl";

	while ((opt = getopt(argc, argv, "+n:wt:Mr:h")) != -1) {
		switch (opt) {
		case 'n':
			comm = optarg;
			break;
		case 'w':
			wait = 1;
			break;
		case 't':
			nthreads = (int)num(optarg);
			if (nthreads < 1 || nthreads > 64)
				usage();
			break;
		case 'M':
			marker = 0;
			break;
		case 'r':
			repeat = num(optarg);
			break;
		default:
			usage();
		}
	}
	ops = argv + optind;
	nops = argc - optind;
	run_ops(1);

	buf = calloc(1, MAX_WRITE);
	if (!buf)
		return 1;

	if (wait) {
		/* Blocked before anyone can send it, so the signal is never lost. */
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
	}
	/* Named before waiting: a script filtering on comm sees every counted call. */
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (wait)
		wait_for_start();

	if (nthreads) {
		pthread_t tids[64];

		for (int i = 0; i < nthreads; i++) {
			if (pthread_create(&tids[i], NULL, thread_main, NULL)) {
				fprintf(stderr, "syscalls: pthread_create failed\n");
				return 1;
			}
		}
		for (int i = 0; i < nthreads; i++)
			pthread_join(tids[i], NULL);
	} else {
		run_all();
	}

	if (marker)
		syscall(SYS_close, marker_fd);
	free(buf);
	return 0;
}
