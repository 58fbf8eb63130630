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
 *   directio PATH N   write N blocks of 64 KiB to PATH with O_DIRECT (block I/O of
 *                     this task), then remove PATH
 *   dirty PATH MB     write MB MiB to PATH through the page cache, sync(), remove PATH
 *   bash WORD         run an interactive bash (--norc) on a pseudo-terminal, so that it reads
 *                     the line `echo NAME WORD` (NAME: this task's name) with readline, then
 *                     `exit`; bash's own name stays "bash"
 *   getaddrinfo HOST  resolve HOST with getaddrinfo(3) (libc)
 *   ssl N             N TLS client handshakes with libssl.so.3 (dlopen: no headers needed)
 *                     against a peer that has hung up: each SSL_do_handshake() returns -1
 *   udperr PORT N     N times: a UDP socket with IP_RECVERR sends to 127.0.0.1:PORT (where
 *                     nothing listens) and closes with the ICMP error unread: the kernel drops
 *                     that error's skb, owned by the socket, with a reason (skb:kfree_skb)
 *
 * -w (first) waits for SIGUSR1 (at most 10 s) before starting, as syscalls -w does.
 *
 * The task is named $SONDE_WL_COMM, else "sonde_wl"; the last call is the
 * marker close(999999) ($SONDE_WL_MARKER replaces 999999), as in syscalls.c.
 */
#define _GNU_SOURCE /* O_DIRECT */
#include "wl_start.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
	return arg;
}

/* bash reads LINE and then `exit` from a pseudo-terminal: only a terminal makes it use readline. */
static int interactive_bash(const char *name, const char *word)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);

	if (master < 0 || grantpt(master) || unlockpt(master)) {
		perror("bt_tools: pty");
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int slave = open(ptsname(master), O_RDWR);
		setsid();
		if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
			_exit(127);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		close(master);
		setenv("HISTFILE", "/dev/null", 1);	/* leave root's ~/.bash_history alone */
		execl("/bin/bash", "bash", "--norc", "--noprofile", "-i", (char *)NULL);
		_exit(127);
	}
	dprintf(master, "echo %s %s\nexit\n", name, word);
	/* drain what bash echoes until the terminal closes, so it never blocks writing */
	char buf[256];
	while (read(master, buf, sizeof(buf)) > 0)
		;
	int status;
	waitpid(pid, &status, 0);
	close(master);
	return 0;
}

/* SSL_do_handshake() on a socket whose peer is gone: libssl's entry points, no TLS traffic. */
static int failed_handshakes(long n)
{
	void *lib = dlopen("libssl.so.3", RTLD_NOW);
	if (!lib) {
		fprintf(stderr, "bt_tools: ssl: %s\n", dlerror());
		return -1;
	}
	const void *(*method)(void) = (const void *(*)(void))dlsym(lib, "TLS_client_method");
	void *(*ctx_new)(const void *) = (void *(*)(const void *))dlsym(lib, "SSL_CTX_new");
	void *(*ssl_new)(void *) = (void *(*)(void *))dlsym(lib, "SSL_new");
	int (*set_fd)(void *, int) = (int (*)(void *, int))dlsym(lib, "SSL_set_fd");
	int (*handshake)(void *) = (int (*)(void *))dlsym(lib, "SSL_do_handshake");
	void (*ssl_free)(void *) = (void (*)(void *))dlsym(lib, "SSL_free");
	if (!method || !ctx_new || !ssl_new || !set_fd || !handshake || !ssl_free)
		return -1;
	void *ctx = ctx_new(method());
	signal(SIGPIPE, SIG_IGN);	/* the ClientHello goes to a closed socket */
	for (; ctx && n > 0; n--) {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
			return -1;
		close(sv[1]);
		void *ssl = ssl_new(ctx);
		if (!ssl)
			return -1;
		set_fd(ssl, sv[0]);
		handshake(ssl);
		ssl_free(ssl);
		close(sv[0]);
	}
	return ctx ? 0 : -1;
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

	int first = 1;
	prctl(PR_SET_NAME, comm && *comm ? comm : "sonde_wl", 0, 0, 0);
	if (argc > 1 && !strcmp(argv[1], "-w")) {
		wl_wait_start("bt_tools");
		first = 2;
	}
	for (int i = first; i < argc; i++) {
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
		} else if ((!strcmp(op, "directio") || !strcmp(op, "dirty")) && need(argc, i, 2, op)) {
			const char *path = argv[i + 1];
			long n = atol(argv[i + 2]);
			bool direct = !strcmp(op, "directio");
			size_t block = direct ? 65536 : 1 << 20;
			void *mem = NULL;
			i += 2;
			if (posix_memalign(&mem, 4096, block))
				return 1;
			memset(mem, 'x', block);
			int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | (direct ? O_DIRECT : 0), 0600);
			if (fd < 0) {
				fprintf(stderr, "bt_tools: %s: %s\n", path, strerror(errno));
				return 1;
			}
			for (long k = 0; k < n; k++)
				if (write(fd, mem, block) != (ssize_t)block)
					break;
			if (!direct)
				syscall(SYS_sync);
			close(fd);
			unlink(path);
			free(mem);
		} else if (!strcmp(op, "bash") && need(argc, i, 1, op)) {
			if (interactive_bash(comm && *comm ? comm : "sonde_wl", argv[++i]))
				return 1;
		} else if (!strcmp(op, "getaddrinfo") && need(argc, i, 1, op)) {
			struct addrinfo *res = NULL;
			if (!getaddrinfo(argv[++i], NULL, NULL, &res))
				freeaddrinfo(res);
		} else if (!strcmp(op, "ssl") && need(argc, i, 1, op)) {
			if (failed_handshakes(atol(argv[++i])))
				return 1;
		} else if (!strcmp(op, "udperr") && need(argc, i, 2, op)) {
			struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[i + 1])),
						  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
			long n = atol(argv[i + 2]);
			i += 2;
			for (; n > 0; n--) {
				int one = 1, fd = socket(AF_INET, SOCK_DGRAM, 0);
				if (fd < 0 || setsockopt(fd, SOL_IP, IP_RECVERR, &one, sizeof(one)) ||
				    connect(fd, (struct sockaddr *)&to, sizeof(to)) || send(fd, "x", 1, 0) != 1) {
					fprintf(stderr, "bt_tools: udperr: %s\n", strerror(errno));
					return 1;
				}
				/* the ICMP port unreachable comes back on loopback before send() returns; wait anyway */
				struct timespec ts = { 0, 20000000 };
				nanosleep(&ts, NULL);
				close(fd);
			}
			/*
			 * UDP sockets are freed after an RCU grace period (milliseconds, more on a
			 * busy machine): the drop happens then
			 */
			struct timespec ts = { 1, 0 };
			nanosleep(&ts, NULL);
		} else {
			fprintf(stderr, "bt_tools: unknown op '%s'\n", op);
			return 2;
		}
	}
	syscall(SYS_close, marker && *marker ? atol(marker) : 999999l);
	return 0;
}
