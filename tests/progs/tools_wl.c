/*
 * tools_wl: a workload for the tools' end-to-end tests (tests/e2e/cases/
 * tools_*.sh). Each op does one kind of thing a tool must see, in a way whose
 * rows are known in advance.
 *
 *   tools_wl [-n COMM] [-w] [-M] OP [ARG...] [OP [ARG...]]...
 *
 * Ops:
 *   open PATH N        openat(PATH, O_RDONLY) and close it, N times
 *   openfail N         openat("/nonexistent/sonde-tools", O_RDONLY), N times (ENOENT)
 *   stat PATH N        stat(PATH) (newfstatat) and statx(PATH), N times
 *   sync               sync(), then fsync, fdatasync and syncfs on a file in /tmp
 *   kill SIG           fork a child that pauses, kill(child, SIG), reap it
 *   fork N CODE        fork N children that exit(CODE) at once, reap them
 *   threads N          start N threads that exit at once, join them
 *   direct N BS        write N blocks of BS bytes with O_DIRECT to a new file
 *                      in a private directory under /tmp (on the disk here,
 *                      not tmpfs), fsync, read them back with O_DIRECT, unlink it
 *   create N MS        create "sonde_fl_K" (K = 0..N-1) in that directory,
 *                      write to it, keep it MS milliseconds, unlink it
 *   lock MS            a second thread blocks MS milliseconds on a mutex the
 *                      first holds (off-CPU time in futex)
 *   sleep MS           clock_nanosleep for MS milliseconds
 *   spin MS            burn CPU in user space for MS milliseconds
 *   contend T MS       T threads spin for MS milliseconds at once (run queue waits)
 *   malloc N SIZE      malloc(SIZE) N times and free them all
 *   leak N SIZE        malloc(SIZE) N times and free none
 *   setuid UID         a child calls setuid(UID) and exits
 *   gethost NAME       getaddrinfo(NAME) (uprobes on libc's resolver)
 *   tcp N BYTES        N TCP connections over loopback: the client sends BYTES
 *                      bytes, the server echoes them, both close
 *   refused            connect to a loopback port nobody listens on: the SYN is
 *                      dropped (no socket) and answered with a reset
 *   synbl N            a listener with backlog 77 takes N connections before it
 *                      accepts any: its accept queue holds 0, 1, ... N-1 as they join
 *   synq               a listener with a full accept queue: a second connect's
 *                      SYN is dropped and retransmitted (about 1 s)
 *   oom MB             a child in a new memory cgroup (v1, limit 16 MB) touches MB
 *                      megabytes and is OOM-killed; the cgroup is removed after
 *   bash LINE          run an interactive bash (--norc) on a pseudo-terminal and
 *                      type LINE, then "exit": readline() returns each line
 *   tls N TEXT         a TLS 1.2 session (pre-shared key, no certificate) over a
 *                      socket pair, through libssl.so.3 (dlopen: no headers needed):
 *                      the client SSL_writes TEXT N times, a server thread
 *                      SSL_reads each and SSL_writes it back, the client SSL_reads it
 *   mount              mount a tmpfs ("sonde") on the private directory, then unmount it
 *
 * Options:
 *   -n COMM   the task name (default $SONDE_WL_COMM, else "sonde_wl")
 *   -w        wait for SIGUSR1 (at most 10 s) before starting
 *   -M        no final marker
 *
 * As tests/progs/syscalls.c, it ends with the marker call close(999999)
 * ($SONDE_WL_MARKER replaces 999999). It prints nothing on success, except
 * `tcp` and `synq`, which print the listening port as "port N" so that a test
 * can look for it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARKER_FD 999999l

static const char *comm;
/* a private directory on the root file system (/tmp is no tmpfs here: O_DIRECT reaches the disk) */
static char dir[] = "/tmp/sonde-wl-XXXXXX";
static int have_dir;

static void make_dir(void);

static void die(const char *what)
{
	fprintf(stderr, "tools_wl: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: tools_wl [-n COMM] [-w] [-M] OP [ARG...]...\n"
			"ops: open PATH N | openfail N | stat PATH N | sync | kill SIG | fork N CODE |\n"
			"     threads N | direct N BS | create N MS | lock MS | sleep MS | spin MS |\n"
			"     contend T MS | malloc N SIZE | leak N SIZE | setuid UID | gethost NAME |\n"
			"     tcp N BYTES | tls N TEXT | synbl N | refused | synq | mount | oom MB | bash LINE\n");
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
		fprintf(stderr, "tools_wl: bad number '%s'\n", s);
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

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000l };

	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
		;
}

static void spin(long ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000ull;
	volatile uint64_t x = 0;

	while (now_ns() < end)
		for (int i = 0; i < 10000; i++)
			x += i;
}

static void *spin_thread(void *arg)
{
	spin((long)arg);
	return NULL;
}

static void op_open(const char *path, long n)
{
	for (long i = 0; i < n; i++) {
		long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
		if (fd < 0)
			die(path);
		close(fd);
	}
}

static void op_stat(const char *path, long n)
{
	struct stat st;
	struct statx stx;

	for (long i = 0; i < n; i++) {
		syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0);
		syscall(SYS_statx, AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx);
	}
}

static void op_sync(void)
{
	char path[] = "/tmp/sonde-sync-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		die("mkstemp");
	if (write(fd, "x", 1) != 1)
		die("write");
	sync();
	fsync(fd);
	fdatasync(fd);
	syncfs(fd);
	close(fd);
	unlink(path);
}

static void op_kill(long sig)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		pause();
		_exit(0);
	}
	/* let the child reach pause() so the signal finds it alive */
	sleep_ms(20);
	if (kill(pid, (int)sig) < 0)
		die("kill");
	if (sig == 0 || sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH)
		kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static void op_fork(long n, long code)
{
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0)
			_exit((int)code);
	}
	for (long i = 0; i < n; i++)
		wait(NULL);
}

static void *nop_thread(void *arg)
{
	return arg;
}

static void op_threads(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, nop_thread, NULL))
			die("pthread_create");
		pthread_join(t, NULL);
	}
}

static void make_dir(void)
{
	if (have_dir)
		return;
	if (!mkdtemp(dir))
		die("mkdtemp");
	have_dir = 1;
}

static void op_direct(long n, long bs)
{
	/* O_DIRECT needs a block device below: the current directory's file system */
	char path[64];
	make_dir();
	snprintf(path, sizeof(path), "%s/sonde-direct", dir);
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR | O_DIRECT, 0600);
	void *buf;

	if (fd < 0)
		die(path);
	if (posix_memalign(&buf, 4096, bs))
		die("posix_memalign");
	memset(buf, 'x', bs);
	for (long i = 0; i < n; i++)
		if (pwrite(fd, buf, bs, i * bs) != bs)
			die("pwrite O_DIRECT");
	fsync(fd);
	for (long i = 0; i < n; i++)
		if (pread(fd, buf, bs, i * bs) != bs)
			die("pread O_DIRECT");
	close(fd);
	unlink(path);
	free(buf);
}

static void op_create(long n, long ms)
{
	for (long i = 0; i < n; i++) {
		char path[64];
		make_dir();
		snprintf(path, sizeof(path), "%s/sonde_fl_%ld", dir, i);
		int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
		if (fd < 0)
			die(path);
		if (write(fd, "data", 4) != 4)
			die("write");
		close(fd);
		sleep_ms(ms);
		unlink(path);
	}
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int lock_thread_started;

static void *lock_thread(void *arg)
{
	lock_thread_started = 1;
	pthread_mutex_lock(&lock);
	pthread_mutex_unlock(&lock);
	return arg;
}

static void op_lock(long ms)
{
	pthread_t t;

	pthread_mutex_lock(&lock);
	if (pthread_create(&t, NULL, lock_thread, NULL))
		die("pthread_create");
	/* the hold is timed from when the thread runs: on a busy machine it may start late */
	while (!lock_thread_started)
		sleep_ms(1);
	sleep_ms(ms);
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
}

static void op_contend(long threads, long ms)
{
	pthread_t t[64];

	if (threads > 64)
		usage();
	for (long i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, spin_thread, (void *)ms))
			die("pthread_create");
	for (long i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
}

/* Kept in a global so the compiler cannot drop the allocations. */
static void *volatile sink[4096];

static void op_malloc(long n, long size, int leak)
{
	if (n > 4096)
		usage();
	for (long i = 0; i < n; i++) {
		sink[i] = malloc(size);
		if (!sink[i])
			die("malloc");
		memset(sink[i], 1, size);
	}
	if (!leak)
		for (long i = 0; i < n; i++)
			free(sink[i]);
}

static void op_setuid(long uid)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0)
		_exit(setuid((uid_t)uid) < 0 ? 1 : 0);
	waitpid(pid, NULL, 0);
}

static void op_gethost(const char *name)
{
	struct addrinfo *res = NULL, hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM };

	if (getaddrinfo(name, NULL, &hints, &res) == 0)
		freeaddrinfo(res);
}

static int listener(int backlog, int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket");
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, backlog) < 0)
		die("bind/listen");
	getsockname(fd, (struct sockaddr *)&a, &len);
	*port = ntohs(a.sin_port);
	printf("port %d\n", *port);
	fflush(stdout);
	return fd;
}

static int connect_to(int port, int nonblock)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);

	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 && errno != EINPROGRESS && errno != ECONNREFUSED)
		die("connect");
	return fd;
}

static void op_tcp(long n, long bytes)
{
	int port, lfd;
	char *buf;

	if (bytes < 1 || bytes > (1 << 20))
		usage();
	lfd = listener(16, &port);
	buf = calloc(1, bytes + 1);

	if (!buf)
		die("calloc");
	for (long i = 0; i < n; i++) {
		int c = connect_to(port, 0);
		int s = accept(lfd, NULL, NULL);
		long got = 0;

		if (s < 0)
			die("accept");
		if (write(c, buf, bytes) != bytes)
			die("write");
		while (got < bytes) {
			ssize_t r = read(s, buf, bytes - got);
			if (r <= 0)
				die("read");
			got += r;
		}
		if (write(s, buf, bytes) != bytes)
			die("write");
		for (got = 0; got < bytes;) {
			ssize_t r = read(c, buf, bytes - got);
			if (r <= 0)
				die("read");
			got += r;
		}
		/* the client closes first: it goes through FIN_WAIT and TIME_WAIT */
		close(c);
		close(s);
	}
	close(lfd);
	free(buf);
}

static void op_synbl(long n)
{
	int port, lfd = listener(77, &port), fds[64];

	if (n > 64)
		usage();
	for (long i = 0; i < n; i++)
		fds[i] = connect_to(port, 0);
	for (long i = 0; i < n; i++) {
		int s = accept(lfd, NULL, NULL);
		if (s < 0)
			die("accept");
		close(s);
		close(fds[i]);
	}
	close(lfd);
}

static void op_refused(void)
{
	int port, lfd = listener(1, &port);

	/* the port was free a moment ago: close the listener and connect to it */
	close(lfd);
	int c = connect_to(port, 0);
	close(c);
}

static void op_synq(void)
{
	int port, lfd = listener(0, &port);
	/* the first fills the accept queue; the second's SYN is dropped */
	int c1 = connect_to(port, 1);
	sleep_ms(100);
	int c2 = connect_to(port, 1);

	sleep_ms(1500);
	close(c2);
	close(c1);
	close(lfd);
}

/* libssl's functions, as dlsym finds them; opaque pointers stand for SSL_CTX and SSL */
static struct {
	void *(*method)(void);
	void *(*ctx_new)(void *method);
	int (*set_cipher_list)(void *ctx, const char *list);
	long (*ctx_ctrl)(void *ctx, int cmd, long larg, void *parg);
	void (*set_psk_server)(void *ctx, unsigned (*cb)(void *, const char *, unsigned char *, unsigned));
	void (*set_psk_client)(void *ctx,
			       unsigned (*cb)(void *, const char *, char *, unsigned, unsigned char *, unsigned));
	void *(*ssl_new)(void *ctx);
	int (*set_fd)(void *ssl, int fd);
	int (*accept)(void *ssl);
	int (*connect)(void *ssl);
	int (*read)(void *ssl, void *buf, int num);
	int (*write)(void *ssl, const void *buf, int num);
	void (*free)(void *ssl);
} ssl;

#define TLS_PSK "sonde-test-psk-0123456789abcdef"

static unsigned psk_server(void *s, const char *identity, unsigned char *psk, unsigned max)
{
	(void)s;
	(void)identity;
	if (max < sizeof(TLS_PSK) - 1)
		return 0;
	memcpy(psk, TLS_PSK, sizeof(TLS_PSK) - 1);
	return sizeof(TLS_PSK) - 1;
}

static unsigned psk_client(void *s, const char *hint, char *identity, unsigned max_id, unsigned char *psk,
			   unsigned max)
{
	(void)hint;
	snprintf(identity, max_id, "sonde");
	return psk_server(s, NULL, psk, max);
}

struct tls_server {
	void *ctx;
	int fd;
	long n;
};

static void *tls_server_thread(void *arg)
{
	struct tls_server *t = arg;
	void *s = ssl.ssl_new(t->ctx);
	char buf[4096];

	ssl.set_fd(s, t->fd);
	if (ssl.accept(s) != 1) {
		fprintf(stderr, "tools_wl: SSL_accept failed\n");
		exit(1);
	}
	for (long i = 0; i < t->n; i++) {
		int r = ssl.read(s, buf, sizeof(buf));
		if (r <= 0 || ssl.write(s, buf, r) != r) {
			fprintf(stderr, "tools_wl: the TLS server's read or write failed\n");
			exit(1);
		}
	}
	ssl.free(s);
	return NULL;
}

static void *tls_ctx(int server)
{
	void *ctx = ssl.ctx_new(ssl.method());

	/* TLS 1.2 (SSL_CTRL_SET_MAX_PROTO_VERSION, TLS1_2_VERSION): its PSK suites need no certificate */
	if (!ctx || ssl.ctx_ctrl(ctx, 124, 0x0303, NULL) != 1 || ssl.set_cipher_list(ctx, "PSK-AES128-GCM-SHA256") != 1) {
		fprintf(stderr, "tools_wl: cannot set up a TLS context\n");
		exit(1);
	}
	if (server)
		ssl.set_psk_server(ctx, psk_server);
	else
		ssl.set_psk_client(ctx, psk_client);
	return ctx;
}

static void op_tls(long n, const char *text)
{
	void *lib = dlopen("libssl.so.3", RTLD_NOW);
	int sv[2], len = (int)strlen(text);
	char buf[4096];
	pthread_t th;

	if (!lib) {
		fprintf(stderr, "tools_wl: %s (package libssl3)\n", dlerror());
		exit(1);
	}
#define SYM(field, name) *(void **)&ssl.field = dlsym(lib, name)
	SYM(method, "TLS_method");
	SYM(ctx_new, "SSL_CTX_new");
	SYM(set_cipher_list, "SSL_CTX_set_cipher_list");
	SYM(ctx_ctrl, "SSL_CTX_ctrl");
	SYM(set_psk_server, "SSL_CTX_set_psk_server_callback");
	SYM(set_psk_client, "SSL_CTX_set_psk_client_callback");
	SYM(ssl_new, "SSL_new");
	SYM(set_fd, "SSL_set_fd");
	SYM(accept, "SSL_accept");
	SYM(connect, "SSL_connect");
	SYM(read, "SSL_read");
	SYM(write, "SSL_write");
	SYM(free, "SSL_free");
#undef SYM
	if (!ssl.method || !ssl.ctx_new || !ssl.set_cipher_list || !ssl.ctx_ctrl || !ssl.set_psk_server ||
	    !ssl.set_psk_client || !ssl.ssl_new || !ssl.set_fd || !ssl.accept || !ssl.connect || !ssl.read ||
	    !ssl.write || !ssl.free) {
		fprintf(stderr, "tools_wl: libssl.so.3 lacks a function this op needs\n");
		exit(1);
	}
	if (len < 1 || len > (int)sizeof(buf) || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		usage();
	struct tls_server srv = { .ctx = tls_ctx(1), .fd = sv[1], .n = n };
	if (pthread_create(&th, NULL, tls_server_thread, &srv))
		die("pthread_create");
	void *c = ssl.ssl_new(tls_ctx(0));
	ssl.set_fd(c, sv[0]);
	if (ssl.connect(c) != 1) {
		fprintf(stderr, "tools_wl: SSL_connect failed\n");
		exit(1);
	}
	for (long i = 0; i < n; i++) {
		int got = 0;
		if (ssl.write(c, text, len) != len)
			die("SSL_write");
		while (got < len) {
			int r = ssl.read(c, buf + got, len - got);
			if (r <= 0)
				die("SSL_read");
			got += r;
		}
	}
	pthread_join(th, NULL);
	ssl.free(c);
	close(sv[0]);
	close(sv[1]);
}

static void op_mount(void)
{
	make_dir();
	if (mount("sonde", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m") < 0)
		die("mount");
	if (umount(dir) < 0)
		die("umount");
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die(path);
	close(fd);
}

static void op_oom(long mb)
{
	char cg[96], path[128], text[32];
	pid_t pid;
	int status;

	snprintf(cg, sizeof(cg), "/sys/fs/cgroup/memory/sonde-oom-%d", (int)getpid());
	if (mkdir(cg, 0755) < 0)
		die(cg);
	snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", cg);
	write_file(path, "16777216");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
		snprintf(text, sizeof(text), "%d", (int)getpid());
		write_file(path, text);
		for (long i = 0; i < mb; i++) {
			char *p = malloc(1 << 20);
			if (!p)
				_exit(1);
			memset(p, 1, 1 << 20);
		}
		_exit(0);
	}
	waitpid(pid, &status, 0);
	/* the cgroup must be empty before it can go: the child has been reaped */
	rmdir(cg);
	if (!WIFSIGNALED(status)) {
		fprintf(stderr, "tools_wl: the oom child was not killed (status 0x%x)\n", status);
		exit(1);
	}
}

static void op_bash(const char *line)
{
	char buf[4096];
	int master, status;
	pid_t pid = forkpty(&master, NULL, NULL, NULL);

	if (pid < 0)
		die("forkpty");
	if (pid == 0) {
		execl("/bin/bash", "bash", "--norc", "--noprofile", "-i", (char *)NULL);
		_exit(127);
	}
	/* readline reads the typed lines one by one, as from a keyboard */
	if (write(master, line, strlen(line)) < 0 || write(master, "\nexit\n", 6) != 6)
		die("write to the terminal");
	/* drain the terminal until bash exits (EIO once the slave side is gone) */
	while (read(master, buf, sizeof(buf)) > 0)
		;
	waitpid(pid, &status, 0);
	close(master);
}

static void run_ops(char **ops, int nops, int check)
{
	for (int i = 0; i < nops;) {
		const char *op = ops[i++];
		const char *a1 = i < nops ? ops[i] : NULL;
		const char *a2 = i + 1 < nops ? ops[i + 1] : NULL;
		int two = 0;

		if (!strcmp(op, "sync") || !strcmp(op, "synq") || !strcmp(op, "mount") || !strcmp(op, "refused")) {
			if (!check)
				op[0] == 'r' ? op_refused() : op[1] == 'o' ? op_mount() : op[3] == 'c' ? op_sync() : op_synq();
			continue;
		}
		if (!a1)
			usage();
		i++;
		if (!strcmp(op, "open") || !strcmp(op, "stat")) {
			long n = num(a2);
			i++;
			if (!check)
				op[0] == 'o' ? op_open(a1, n) : op_stat(a1, n);
		} else if (!strcmp(op, "openfail")) {
			long n = num(a1);
			for (long j = 0; !check && j < n; j++)
				syscall(SYS_openat, AT_FDCWD, "/nonexistent/sonde-tools", O_RDONLY);
		} else if (!strcmp(op, "kill")) {
			long sig = num(a1);
			if (!check)
				op_kill(sig);
		} else if (!strcmp(op, "synbl")) {
			long n = num(a1);
			if (!check)
				op_synbl(n);
		} else if (!strcmp(op, "tls")) {
			long n = num(a1);
			i++;
			if (!a2)
				usage();
			if (!check)
				op_tls(n, a2);
		} else if (!strcmp(op, "threads")) {
			long n = num(a1);
			if (!check)
				op_threads(n);
		} else if (!strcmp(op, "lock") || !strcmp(op, "sleep") || !strcmp(op, "spin")) {
			long ms = num(a1);
			if (!check)
				op[0] == 'l' ? op_lock(ms) : op[1] == 'l' ? sleep_ms(ms) : spin(ms);
		} else if (!strcmp(op, "setuid")) {
			long uid = num(a1);
			if (!check)
				op_setuid(uid);
		} else if (!strcmp(op, "oom")) {
			long mb = num(a1);
			if (!check)
				op_oom(mb);
		} else if (!strcmp(op, "bash")) {
			if (!check)
				op_bash(a1);
		} else if (!strcmp(op, "gethost")) {
			if (!check)
				op_gethost(a1);
		} else {
			two = 1;
		}
		if (!two)
			continue;
		long x = num(a1), y = num(a2);
		i++;
		if (check)
			continue;
		if (!strcmp(op, "fork"))
			op_fork(x, y);
		else if (!strcmp(op, "direct"))
			op_direct(x, y);
		else if (!strcmp(op, "create"))
			op_create(x, y);
		else if (!strcmp(op, "contend"))
			op_contend(x, y);
		else if (!strcmp(op, "malloc") || !strcmp(op, "leak"))
			op_malloc(x, y, op[0] == 'l');
		else if (!strcmp(op, "tcp"))
			op_tcp(x, y);
		else {
			fprintf(stderr, "tools_wl: unknown op '%s'\n", op);
			usage();
		}
	}
}

int main(int argc, char **argv)
{
	const char *marker_env = getenv("SONDE_WL_MARKER");
	long marker_fd = marker_env ? num(marker_env) : MARKER_FD;
	int wait = 0, marker = 1, opt;

	comm = getenv("SONDE_WL_COMM");
	if (!comm || !*comm)
		comm = "sonde_wl";
	while ((opt = getopt(argc, argv, "+n:wMh")) != -1) {
		switch (opt) {
		case 'n':
			comm = optarg;
			break;
		case 'w':
			wait = 1;
			break;
		case 'M':
			marker = 0;
			break;
		default:
			usage();
		}
	}
	run_ops(argv + optind, argc - optind, 1);

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (wait)
		sigprocmask(SIG_BLOCK, &set, NULL);
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (wait) {
		struct timespec timeout = { .tv_sec = 10 };
		if (sigtimedwait(&set, NULL, &timeout) < 0) {
			fprintf(stderr, "tools_wl: no start signal (SIGUSR1) within 10 s\n");
			return 3;
		}
		sigprocmask(SIG_UNBLOCK, &set, NULL);
	}
	run_ops(argv + optind, argc - optind, 0);
	if (have_dir)
		rmdir(dir);
	if (marker)
		syscall(SYS_close, marker_fd);
	return 0;
}
