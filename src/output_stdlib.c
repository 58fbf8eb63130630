/*
 * output_stdlib.c: the text of values that probes record and user space
 * resolves when it prints them: strftime() timestamps, cgroup_path() ids,
 * macaddr() bytes, username uids, strerror() and syscall_name() numbers (layouts in prog.h).
 */
#include "output_priv.h"
#include "syscall_tp.h"
#include "util.h"

#include <dirent.h>
#include <fnmatch.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static uint64_t read_u64(const uint8_t *data)
{
	uint64_t v;
	memcpy(&v, data, sizeof(v));
	return v;
}

/* ---- strftime ---- */

/*
 * Timestamps are nanoseconds of CLOCK_BOOTTIME (bpftrace's nsecs); the wall
 * clock's offset from it is measured once, so two timestamps print the same
 * distance apart as they were taken.
 */
static int64_t boot_to_realtime_ns(void)
{
	static bool known;
	static int64_t delta;

	if (!known) {
		struct timespec rt, bt;
		clock_gettime(CLOCK_REALTIME, &rt);
		clock_gettime(CLOCK_BOOTTIME, &bt);
		delta = (rt.tv_sec - bt.tv_sec) * 1000000000LL + (rt.tv_nsec - bt.tv_nsec);
		known = true;
	}
	return delta;
}

/* fmt with bpftrace's %f (microseconds, 6 digits) expanded; %% kept for strftime. */
static void expand_usec(struct sbuf *out, const char *fmt, long usec)
{
	for (const char *p = fmt; *p; p++) {
		if (*p == '%' && p[1] == 'f') {
			sb_printf(out, "%06ld", usec);
			p++;
		} else if (*p == '%' && p[1]) {
			sb_putc(out, '%');
			sb_putc(out, *++p);
		} else {
			sb_putc(out, *p);
		}
	}
}

void output_timestamp_text(struct sbuf *b, const struct type *t, const uint8_t *data)
{
	int64_t ns = (int64_t)read_u64(data) + boot_to_realtime_ns();
	time_t secs = ns / 1000000000LL;
	long usec = (ns % 1000000000LL) / 1000;
	struct sbuf f = { 0 };
	struct tm tm;

	if (ns < 0) {
		secs = 0;
		usec = 0;
	}
	tzset();
	if (!localtime_r(&secs, &tm))
		return;
	expand_usec(&f, t->fmt ? t->fmt : "", usec);
	if (!f.len)
		return;
	/* strftime returns 0 both for "too small" and for an empty result: grow a few times */
	for (size_t cap = 128; cap <= 1 << 16; cap *= 4) {
		char *buf = xmalloc(cap);
		size_t n = strftime(buf, cap, f.s, &tm);
		if (n > 0) {
			sb_put(b, buf, n);
			free(buf);
			break;
		}
		free(buf);
	}
	sb_free(&f);
}

/* ---- macaddr, username, strerror ---- */

void output_macaddr_text(struct sbuf *b, const uint8_t *data)
{
	sb_printf(b, "%02X:%02X:%02X:%02X:%02X:%02X", data[0], data[1], data[2], data[3], data[4], data[5]);
}

void output_username_text(struct sbuf *b, const uint8_t *data)
{
	uint64_t uid = read_u64(data);
	struct passwd pw, *res = NULL;
	char buf[1024];

	if (getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		sb_puts(b, res->pw_name);
	else
		sb_printf(b, "%llu", (unsigned long long)uid);
}

/* a number sonde has no name for prints as the number */
void output_syscall_name_text(struct sbuf *b, const uint8_t *data)
{
	int64_t nr = (int64_t)read_u64(data);
	const char *name = nr >= 0 && nr <= INT32_MAX ? syscall_tp_name((int)nr) : NULL;

	if (name)
		sb_puts(b, name);
	else
		sb_printf(b, "%lld", (long long)nr);
}

/* SIGKILL, SIGRTMIN+3; a number that names no signal prints as the number */
void output_signal_name_text(struct sbuf *b, const uint8_t *data)
{
	int64_t sig = (int64_t)read_u64(data);
	const char *abbrev = sig > 0 && sig < SIGRTMIN ? sigabbrev_np((int)sig) : NULL;

	if (abbrev)
		sb_printf(b, "SIG%s", abbrev);
	else if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		sb_printf(b, sig == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+%d", (int)(sig - SIGRTMIN));
	else
		sb_printf(b, "%lld", (long long)sig);
}

void output_strerror_text(struct sbuf *b, const uint8_t *data)
{
	sb_puts(b, strerror((int)read_u64(data)));
}

/* ---- cgroup_path ---- */

struct cg_root {
	char *name;   /* "unified" for cgroup2; else the mount directory's name */
	char *dir;
};

static int cg_root_cmp(const void *a, const void *b)
{
	const struct cg_root *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->dir, y->dir);
}

/* The path below root of the directory whose inode is id, into out; false if none. */
static bool cg_find(const char *root, size_t root_len, const char *dir, uint64_t id, struct sbuf *out, int depth)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	bool found = false;

	if (depth > 64 || !(d = opendir(dir)))
		return false;
	while (!found && (e = readdir(d))) {
		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *sub = xasprintf("%s/%s", dir, e->d_name);
		if (stat(sub, &st) == 0 && st.st_ino == id) {
			sb_puts(out, sub + root_len);
			found = true;
		} else {
			found = cg_find(root, root_len, sub, id, out, depth + 1);
		}
		free(sub);
	}
	closedir(d);
	return found;
}

/*
 * cgroup_path(id[, filter]): "HIERARCHY:PATH" for each cgroup hierarchy
 * mounted (filtered by a wildcard on the hierarchy's name), cgroup2 first
 * as "unified", then the v1 ones by name, joined with ",". The path is
 * empty in a hierarchy that has no such cgroup.
 */
void output_cgroup_path_text(struct sbuf *b, const struct type *t, const uint8_t *data)
{
	uint64_t id = read_u64(data);
	FILE *f = fopen("/proc/mounts", "r");
	struct cg_root *roots = NULL;
	size_t n = 0, nv2 = 0;
	char line[4096];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char dev[256], dir[2048], fstype[64];
		if (sscanf(line, "%255s %2047s %63s", dev, dir, fstype) != 3)
			continue;
		bool v2 = !strcmp(fstype, "cgroup2");
		if (!v2 && strcmp(fstype, "cgroup"))
			continue;
		const char *base = strrchr(dir, '/');
		const char *name = v2 ? "unified" : base ? base + 1 : dir;
		if (t->fmt && fnmatch(t->fmt, name, 0) != 0)
			continue;
		roots = xrealloc(roots, sizeof(*roots) * (n + 1));
		roots[n].name = xstrdup(name);
		roots[n].dir = xstrdup(dir);
		/* cgroup2 roots stay first, in mount order */
		if (v2) {
			struct cg_root r = roots[n];
			memmove(roots + nv2 + 1, roots + nv2, sizeof(*roots) * (n - nv2));
			roots[nv2++] = r;
		}
		n++;
	}
	fclose(f);
	if (n > nv2)
		qsort(roots + nv2, n - nv2, sizeof(*roots), cg_root_cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (i)
			sb_putc(b, ',');
		sb_printf(b, "%s:", roots[i].name);
		if (stat(roots[i].dir, &st) == 0 && st.st_ino == id)
			sb_putc(b, '/');
		else
			cg_find(roots[i].dir, strlen(roots[i].dir), roots[i].dir, id, b, 0);
		free(roots[i].name);
		free(roots[i].dir);
	}
	free(roots);
}
