/*
 * kernel_attach.c: attaching kernel probes (the rows of attach.c's table for
 * kprobe, kretprobe, fentry, fexit and iter) and running iterators.
 *
 * kprobes are perf events of the `kprobe` PMU linked to the program, or,
 * for a wildcard's many functions, one kprobe_multi link. fentry and fexit
 * programs know their function from their BTF id and attach with a tracing
 * link; iterators attach with an iterator link, which runs the program once
 * per object each time an iterator fd made from it is read.
 */
#include "kernel_probe.h"
#include "runtime_priv.h"
#include "diag.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BPFFS "/sys/fs/bpf"

/* The kernel's "operation not supported" (ENOTSUPP), which userspace headers do not define. */
#define KERNEL_ENOTSUPP 524

static void keep(struct runtime *rt, int prog, int fd)
{
	vec_push(&rt->att, ((struct rt_attachment){ .fd = fd, .prog = prog }));
}

static int fail(const struct attach_point *ap, int err)
{
	diag_error(&ap->loc, "cannot attach %s: %s", ap->name, strerror(err));
	if (err == EPERM || err == EACCES)
		diag_note("sonde needs to run as root (or with CAP_BPF and CAP_PERFMON)");
	return -err;
}

/* ---- kprobe, kretprobe ---- */

/* A value of the kprobe PMU in sysfs: its type, or the bit a format field starts at ("config:0"). */
static int kprobe_pmu_value(const char *file, bool format_bit)
{
	char *path = xasprintf("/sys/bus/event_source/devices/kprobe/%s", file);
	char *text = read_file(path, NULL);
	int v = -ENOENT;

	free(path);
	if (!text)
		return v;
	const char *s = format_bit ? (strncmp(text, "config:", 7) ? NULL : text + 7) : text;
	if (s) {
		char *end;
		long n = strtol(s, &end, 10);
		if (end != s && n >= 0 && n < (format_bit ? 64 : INT32_MAX))
			v = (int)n;
	}
	free(text);
	return v;
}

static int kprobe_error(const struct attach_point *ap, int err)
{
	switch (err) {
	case ENOENT:
		if (kernel_probe_missing(ap) == 0)
			diag_error(&ap->loc, "cannot attach %s: the kernel has no function '%s'", ap->name, ap->func);
		return -err;
	case EADDRNOTAVAIL:
		diag_error(&ap->loc, "cannot attach %s: the kernel has several functions named '%s'", ap->name,
			   ap->func);
		diag_note("name the module (kprobe:MODULE:%s) to say which", ap->func);
		return -err;
	case EILSEQ:
		diag_error(&ap->loc, "cannot attach %s: offset %llu is not at an instruction boundary", ap->name,
			   (unsigned long long)ap->offset);
		return -err;
	case EINVAL:
		diag_error(&ap->loc, "cannot attach %s: the kernel refuses to probe this function (it is on its "
				     "kprobe blacklist, or notrace)%s", ap->name,
			   ap->offset ? ", or the offset is outside it" : "");
		return -err;
	default:
		return fail(ap, err);
	}
}

/* One link for every function of a program: the first attach point attaches them all. */
static int attach_kprobe_multi(struct runtime *rt, int prog, const struct attach_point *ap)
{
	const struct prog_desc *pd = &rt->p->progs[prog];

	if (ap != &pd->aps[0])
		return 0;
	const char **syms = xcalloc(pd->naps, sizeof(*syms));
	__u64 *cookies = xcalloc(pd->naps, sizeof(*cookies));
	for (int i = 0; i < pd->naps; i++) {
		syms[i] = pd->aps[i].func;
		cookies[i] = (__u64)i;   /* `probe` by cookie (lower.c) */
	}
	LIBBPF_OPTS(bpf_link_create_opts, o, .kprobe_multi.syms = syms, .kprobe_multi.cnt = pd->naps,
		    .kprobe_multi.cookies = cookies,
		    .kprobe_multi.flags = ap->kind == PROBE_KRETPROBE ? BPF_F_KPROBE_MULTI_RETURN : 0);
	int link = bpf_link_create(pd->fd, 0, BPF_TRACE_KPROBE_MULTI, &o);
	int err = errno;
	free(syms);
	free(cookies);
	if (link < 0) {
		diag_error(&ap->loc, "cannot attach the %d functions of %s: %s", pd->naps, ap->name, strerror(err));
		if (err == ENOENT || err == EINVAL || err == ESRCH)
			diag_note("one of them cannot be traced: name the functions, or narrow the pattern");
		return -err;
	}
	keep(rt, prog, link);
	return 0;
}

int kernel_attach_kprobe(struct runtime *rt, int prog, const struct attach_point *ap)
{
	static int type = -1, retbit = -1;
	const struct prog_desc *pd = &rt->p->progs[prog];

	if (pd->expected_attach_type == BPF_TRACE_KPROBE_MULTI)
		return attach_kprobe_multi(rt, prog, ap);
	if (type < 0)
		type = kprobe_pmu_value("type", false);
	if (type < 0) {
		diag_error(&ap->loc, "cannot attach %s: this kernel has no kprobes (no kprobe event source in "
				     "/sys/bus/event_source/devices)", ap->name);
		return -EOPNOTSUPP;
	}
	/* MOD:FN: the kernel looks the function up in that module */
	char *func = ap->target ? xasprintf("%s:%s", ap->target, ap->func) : xstrdup(ap->func);
	struct perf_event_attr attr = {
		.type = type,
		.size = sizeof(attr),
		.sample_period = 1,
		.wakeup_events = 1,
		.kprobe_func = (uint64_t)(uintptr_t)func,
		.probe_offset = ap->offset,
	};
	if (ap->kind == PROBE_KRETPROBE) {
		if (retbit < 0)
			retbit = kprobe_pmu_value("format/retprobe", true);
		attr.config |= 1ULL << (retbit < 0 ? 0 : retbit);
	}
	/* a kprobe fires on every CPU whichever CPU its event is opened on */
	int pfd = (int)syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	int err = errno;
	free(func);
	if (pfd < 0)
		return kprobe_error(ap, err);
	int link = bpf_link_create(pd->fd, pfd, BPF_PERF_EVENT, NULL);
	if (link >= 0) {
		close(pfd);
		keep(rt, prog, link);
		return 0;
	}
	/* before perf links (5.15): the event holds the program */
	if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, pd->fd) < 0 || ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0) < 0) {
		err = errno;
		close(pfd);
		return fail(ap, err);
	}
	keep(rt, prog, pfd);
	return 0;
}

/* ---- fentry, fexit ---- */

int kernel_attach_tracing(struct runtime *rt, int prog, const struct attach_point *ap)
{
	const struct prog_desc *pd = &rt->p->progs[prog];

	/* the program names its function (attach_btf_id): a raw tracepoint open without a name links it */
	int link = bpf_raw_tracepoint_open(NULL, pd->fd);
	if (link >= 0) {
		keep(rt, prog, link);
		return 0;
	}
	int err = errno;
	if (err == KERNEL_ENOTSUPP || err == EOPNOTSUPP || err == EBUSY) {
		diag_error(&ap->loc, "cannot attach %s: the kernel cannot trace '%s' with a trampoline%s", ap->name,
			   ap->func, err == EBUSY ? " (too many programs on it)" : "");
		if (kernel_has_kprobes())
			diag_note("kprobe:%s may work", ap->func);
		return -err;
	}
	return fail(ap, err);
}

/* ---- iter ---- */

int kernel_attach_iter(struct runtime *rt, int prog, const struct attach_point *ap)
{
	const struct prog_desc *pd = &rt->p->progs[prog];
	int link = bpf_link_create(pd->fd, 0, BPF_TRACE_ITER, NULL);

	if (link < 0)
		return fail(ap, errno);
	keep(rt, prog, link);
	if (!ap->func)
		return 0;
	/* iter:task:PIN: the iterator stays in bpffs; reading the file runs it */
	char *path = ap->func[0] == '/' ? xstrdup(ap->func) : xasprintf(BPFFS "/%s", ap->func);
	if (bpf_obj_pin(link, path) < 0) {
		int err = errno;
		diag_error(&ap->loc, "cannot pin %s to %s: %s", ap->name, path, strerror(err));
		if (err == ENOENT || err == EPERM)
			diag_note("the pin must be in a mounted bpffs (mount -t bpf bpf " BPFFS ")");
		free(path);
		return -err;
	}
	fprintf(rt->out, "Program pinned to %s\n", path);
	free(path);
	return 0;
}

struct reader {
	struct runtime *rt;
	int done;
};

/* Delivers events while the iterator runs: one read() can run the program for every task. */
static void *drain(void *arg)
{
	struct reader *r = arg;

	while (!__atomic_load_n(&r->done, __ATOMIC_ACQUIRE))
		ring_buffer__poll(r->rt->rb, 20);
	return NULL;
}

static int run_iter(struct runtime *rt, const struct attach_point *ap, int link)
{
	int fd = bpf_iter_create(link);
	if (fd < 0) {
		int err = errno;
		diag_error(&ap->loc, "cannot run %s: %s", ap->name, strerror(err));
		return -err;
	}
	struct reader r = { .rt = rt };
	pthread_t tid;
	bool threaded = rt->rb && pthread_create(&tid, NULL, drain, &r) == 0;
	char buf[4096];
	ssize_t n;
	int err = 0;
	/* the programs print through the ring buffer: what the iterator itself yields is nothing, or noise */
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n > 0)
			continue;
		if (errno == EAGAIN)
			continue;
		if (errno != EINTR) {
			err = -errno;
			diag_error(&ap->loc, "reading %s failed: %s", ap->name, strerror(errno));
		}
		break;
	}
	close(fd);
	if (threaded) {
		__atomic_store_n(&r.done, 1, __ATOMIC_RELEASE);
		pthread_join(tid, NULL);
	}
	if (rt->rb)
		ring_buffer__consume(rt->rb);
	return err;
}

int kernel_iter_run(struct runtime *rt)
{
	bool any = false;
	int err = 0;

	for (size_t i = 0; i < rt->att.len && !err; i++) {
		const struct prog_desc *pd = &rt->p->progs[rt->att.data[i].prog];
		if (pd->naps < 1 || pd->aps[0].kind != PROBE_ITER)
			continue;
		any = true;
		if (!pd->aps[0].func)
			err = run_iter(rt, &pd->aps[0], rt->att.data[i].fd);
	}
	if (!any)
		return 0;
	/* like bpftrace: an iterator runs once, then the script ends */
	rt->stop = true;
	return err ? err : 1;
}
