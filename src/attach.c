/*
 * attach.c: attaches loaded programs to their probes. One function per probe
 * kind, in a table; every attachment is an fd the runtime owns (a bpf link,
 * or a perf event on kernels without perf links), so closing the fds, or the
 * process ending, detaches everything.
 */
#include "runtime_priv.h"
#include "diag.h"
#include "uprobe_multi.h"
#include "kernel_probe.h"

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

#define DETACH_THREADS 16

/* 0: attached; -errno: failed (after a message); 1: an optional point skipped (after a warning) */
typedef int (*attach_fn)(struct runtime *rt, int prog, const struct attach_point *ap);

static void keep(struct runtime *rt, int prog, int fd)
{
	vec_push(&rt->att, ((struct rt_attachment){ .fd = fd, .prog = prog }));
}

static int attach_error(const struct attach_point *ap, int err)
{
	diag_error(&ap->loc, "cannot attach %s: %s", ap->name, strerror(err));
	if (err == EPERM || err == EACCES)
		diag_note("sonde needs to run as root (or with CAP_BPF and CAP_PERFMON)");
	return -err;
}

int rt_parse_cpulist(const char *s, int **cpus)
{
	VEC(int) v = { 0 };

	while (*s && *s != '\n') {
		char *end;
		long lo = strtol(s, &end, 10), hi = lo;
		if (end == s || lo < 0)
			goto bad;
		s = end;
		if (*s == '-') {
			hi = strtol(s + 1, &end, 10);
			if (end == s + 1 || hi < lo)
				goto bad;
			s = end;
		}
		for (long c = lo; c <= hi && c < 65536; c++)
			vec_push(&v, (int)c);
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			goto bad;
	}
	*cpus = v.data;
	return (int)v.len;
bad:
	vec_free(&v);
	*cpus = NULL;
	return -EINVAL;
}

int rt_online_cpus(int **cpus)
{
	char *text = read_file("/sys/devices/system/cpu/online", NULL);
	int n = -ENOENT;

	if (text) {
		n = rt_parse_cpulist(text, cpus);
		free(text);
	}
	if (n <= 0) {
		/* No sysfs: assume CPU 0 exists, which is always true. */
		*cpus = xmalloc(sizeof(int));
		(*cpus)[0] = 0;
		n = 1;
	}
	return n;
}

/* pid -1: every process (on one cpu); a pid: that process only (cpu -1) */
static int perf_event_open_task(struct perf_event_attr *attr, int pid, int cpu)
{
	return (int)syscall(__NR_perf_event_open, attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/*
 * Attaches the program to one perf event. A perf link holds the event's file,
 * so the event fd can be closed once linked: one fd per attach point instead
 * of two. Kernels before 5.15 have no perf links: the event fd is kept.
 */
int rt_perf_attach_task(struct runtime *rt, int prog, struct perf_event_attr *attr, int pid, int cpu)
{
	int prog_fd = rt->p->progs[prog].fd;
	int pfd = perf_event_open_task(attr, pid, cpu);
	if (pfd < 0)
		return -errno;
	int link = bpf_link_create(prog_fd, pfd, BPF_PERF_EVENT, NULL);
	if (link >= 0) {
		close(pfd);
		keep(rt, prog, link);
		return 0;
	}
	if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog_fd) < 0 || ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0) < 0) {
		int err = errno;
		close(pfd);
		return -err;
	}
	keep(rt, prog, pfd);
	return 0;
}

static int perf_attach(struct runtime *rt, int prog, struct perf_event_attr *attr, int cpu)
{
	return rt_perf_attach_task(rt, prog, attr, -1, cpu);
}

/* begin and end are run with BPF_PROG_TEST_RUN, never attached. */
static int attach_none(struct runtime *rt, int prog, const struct attach_point *ap)
{
	return 0;
}

static int attach_unsupported(struct runtime *rt, int prog, const struct attach_point *ap)
{
	const char *name = ap->name ? ap->name : "?";
	int kind_len = (int)strcspn(name, ":");
	diag_error(&ap->loc, "%.*s probes are not supported yet (%s)", kind_len, name, name);
	return -EOPNOTSUPP;
}

/*
 * tracepoint:syscalls on the raw tracepoints (syscall_tp.h): the program goes
 * in its dispatcher's slot, or attaches once for all the syscalls it tests.
 */
static int attach_raw_syscall(struct runtime *rt, int prog, const struct attach_point *ap)
{
	const struct prog_desc *pd = &rt->p->progs[prog];

	if (ap->tail_map >= 0) {
		uint32_t key = ap->sysnr, fd = pd->fd;
		if (bpf_map_update_elem(rt->p->maps[ap->tail_map].fd, &key, &fd, BPF_ANY) < 0)
			return attach_error(ap, errno);
		return 0;
	}
	if (ap != &pd->aps[0])
		return 0;
	int fd = bpf_raw_tracepoint_open(NULL, pd->fd);
	if (fd < 0)
		return attach_error(ap, errno);
	keep(rt, prog, fd);
	return 0;
}

static int attach_tracepoint(struct runtime *rt, int prog, const struct attach_point *ap)
{
	if (ap->raw_sys)
		return attach_raw_syscall(rt, prog, ap);
	if (!ap->target || !ap->func) {
		diag_error(&ap->loc, "internal error: tracepoint %s has no category or name", ap->name);
		return -EINVAL;
	}
	int id = tracefs_tp_id(ap->target, ap->func);
	if (id < 0) {
		if (id == -ENOENT) {
			diag_error(&ap->loc, "tracepoint %s does not exist", ap->name);
			return id;
		}
		return attach_error(ap, -id);
	}
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.config = id,
		.sample_period = 1,
		.wakeup_events = 1,
	};
	/* One event on CPU 0 is enough: the program runs wherever the tracepoint fires. */
	int err = perf_attach(rt, prog, &attr, 0);
	return err ? attach_error(ap, -err) : 0;
}

static int attach_rawtracepoint(struct runtime *rt, int prog, const struct attach_point *ap)
{
	const struct prog_desc *pd = &rt->p->progs[prog];
	/* tp_btf programs know their tracepoint from attach_btf_id; plain ones name it. */
	const char *name = pd->type == BPF_PROG_TYPE_TRACING ? NULL : ap->func;
	int fd = bpf_raw_tracepoint_open(name, pd->fd);
	if (fd < 0) {
		int err = errno;
		if (err == ENOENT) {
			diag_error(&ap->loc, "raw tracepoint %s does not exist", ap->name);
			return -err;
		}
		return attach_error(ap, err);
	}
	keep(rt, prog, fd);
	return 0;
}

static void cpu_clock_attr(struct perf_event_attr *attr, const struct attach_point *ap)
{
	memset(attr, 0, sizeof(*attr));
	attr->type = PERF_TYPE_SOFTWARE;
	attr->size = sizeof(*attr);
	attr->config = PERF_COUNT_SW_CPU_CLOCK;
	if (ap->freq) {
		attr->freq = 1;
		attr->sample_freq = ap->freq;
	} else {
		attr->sample_period = ap->period ? ap->period : 1000000000;
	}
}

int rt_attach_on_cpus(struct runtime *rt, int prog, const struct attach_point *ap, struct perf_event_attr *attr,
		      bool every_cpu)
{
	int *cpus, n = rt_online_cpus(&cpus), err = 0;

	if (!every_cpu)
		n = 1;
	for (int i = 0; i < n && !err; i++)
		err = perf_attach(rt, prog, attr, cpus[i]);
	free(cpus);
	return err;
}

/* interval fires on one CPU (the first online), profile on every CPU. */
static int attach_timer(struct runtime *rt, int prog, const struct attach_point *ap)
{
	struct perf_event_attr attr;

	cpu_clock_attr(&attr, ap);
	int err = rt_attach_on_cpus(rt, prog, ap, &attr, ap->kind == PROBE_PROFILE);
	return err ? attach_error(ap, -err) : 0;
}

static int attach_software(struct runtime *rt, int prog, const struct attach_point *ap)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = ap->perf_config,
		.sample_period = ap->period ? ap->period : 1,
	};
	int err = rt_attach_on_cpus(rt, prog, ap, &attr, true);
	return err ? attach_error(ap, -err) : 0;
}

static int attach_hardware(struct runtime *rt, int prog, const struct attach_point *ap)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.size = sizeof(attr),
		.config = ap->perf_config,
		.sample_period = ap->period ? ap->period : 1000000,
	};
	int err = rt_attach_on_cpus(rt, prog, ap, &attr, true);
	if (err == -ENOENT || err == -EOPNOTSUPP || err == -ENODEV || err == -EINVAL) {
		diag_error(&ap->loc, "cannot attach %s: hardware counters are not available on this machine",
			   ap->name);
		diag_note("virtual machines often have no PMU; software:cpu-clock or profile:hz:N sample "
			  "without one");
		return err;
	}
	return err ? attach_error(ap, -err) : 0;
}

/* ---- uprobe, uretprobe, usdt: perf events of the `uprobe` PMU ---- */

/* A sysfs value of the uprobe PMU: its type, or the bit a format field starts at ("config:0"). */
static int uprobe_pmu_value(const char *file, bool format_bit)
{
	char *path = xasprintf("/sys/bus/event_source/devices/uprobe/%s", file);
	char *text = read_file(path, NULL);
	int v = -ENOENT;

	free(path);
	if (!text)
		return -ENOENT;
	const char *s = text;
	if (format_bit)
		s = strncmp(s, "config:", 7) ? NULL : s + 7;
	if (s) {
		char *end;
		long n = strtol(s, &end, 10);
		if (end != s && n >= 0 && n < (format_bit ? 64 : INT32_MAX))
			v = (int)n;
	}
	free(text);
	return v;
}


static int attach_uprobe(struct runtime *rt, int prog, const struct attach_point *ap)
{
	static int type = -1, retbit = -1;

	if (uprobe_multi_used(&rt->p->progs[prog]))
		return uprobe_multi_attach(rt, prog, ap);

	if (type < 0)
		type = uprobe_pmu_value("type", false);
	if (type < 0) {
		diag_error(&ap->loc, "cannot attach %s: this kernel has no uprobe perf events "
			   "(/sys/bus/event_source/devices/uprobe)", ap->name);
		return -ENOENT;
	}
	struct perf_event_attr attr = {
		.type = type,
		.size = sizeof(attr),
		.sample_period = 1,
		.wakeup_events = 1,
		.uprobe_path = (uint64_t)(uintptr_t)ap->target,
		.probe_offset = ap->file_offset,
	};
	if (ap->kind == PROBE_URETPROBE) {
		if (retbit < 0)
			retbit = uprobe_pmu_value("format/retprobe", true);
		attr.config |= 1ULL << (retbit < 0 ? 0 : retbit);
	}
	/* the kernel increments a USDT probe's semaphore while the probe is attached */
	attr.config |= ap->ref_ctr_offset << 32;
	/* -p PID, else -c's command: only that process fires the probe */
	int pid = ap->pid > 0 ? ap->pid : rt->p->cpid > 0 ? rt->p->cpid : -1;
	int err = rt_perf_attach_task(rt, prog, &attr, pid, pid > 0 ? -1 : 0);
	if (!err)
		return 0;
	if (err == -UPROBE_ENOTSUPP) {
		/* a wildcard should not fail on the one function whose first instruction uprobes refuse */
		if (ap->optional) {
			uprobe_warn_refused(ap);
			return 1;
		}
		diag_error(&ap->loc, "cannot attach %s: the kernel cannot place a uprobe on that instruction",
			   ap->name);
		return err;
	}
	if (err == -ESRCH) {
		diag_error(&ap->loc, "cannot attach %s: process %d does not exist", ap->name, pid);
		return err;
	}
	if (err == -ENOENT) {
		diag_error(&ap->loc, "cannot attach %s: %s does not exist", ap->name, ap->target);
		return err;
	}
	if (err == -EINVAL && ap->ref_ctr_offset) {
		diag_error(&ap->loc, "cannot attach %s: %s", ap->name, strerror(-err));
		diag_note("the kernel refuses two uprobes at one instruction with different semaphores: is a "
			  "uprobe (of this script or another tracer) at the same place?");
		return err;
	}
	return attach_error(ap, -err);
}

static const attach_fn attach_fns[PROBE_KIND_MAX] = {
	[PROBE_BEGIN] = attach_none,
	[PROBE_END] = attach_none,
	[PROBE_TRACEPOINT] = attach_tracepoint,
	[PROBE_RAWTRACEPOINT] = attach_rawtracepoint,
	[PROBE_INTERVAL] = attach_timer,
	[PROBE_PROFILE] = attach_timer,
	[PROBE_SOFTWARE] = attach_software,
	[PROBE_HARDWARE] = attach_hardware,
	[PROBE_KPROBE] = kernel_attach_kprobe,
	[PROBE_KRETPROBE] = kernel_attach_kprobe,
	[PROBE_FENTRY] = kernel_attach_tracing,
	[PROBE_FEXIT] = kernel_attach_tracing,
	[PROBE_UPROBE] = attach_uprobe,
	[PROBE_URETPROBE] = attach_uprobe,
	[PROBE_USDT] = attach_uprobe,
	[PROBE_ITER] = kernel_attach_iter,
	[PROBE_WATCHPOINT] = rt_attach_watchpoint,
	[PROBE_SELF] = attach_none,
};

int runtime_attach(struct runtime *rt)
{
	struct sonde_prog *p = rt->p;

	rt->nattached = 0;
	/*
	 * begin runs before the other probes are attached, as bpftrace's does: what it
	 * sets up is there for their first event (an interval's first firing is a
	 * whole period after it), and nothing they print comes before its output.
	 */
	rt->begin_err = rt->opts.dry_run ? 0 : rt_run_special(rt, PROBE_BEGIN);
	if (rt->begin_err < 0)
		return rt->begin_err;
	/*
	 * The kernel puts a new uprobe consumer first on its list, so user-space points
	 * attach last program first: probes sharing a function then fire in script order,
	 * as bpftrace's (and as the other kinds do, attached in order).
	 */
	for (int k = 0; k < 2 * p->nprogs; k++) {
		bool user = k >= p->nprogs;
		int i = user ? 2 * p->nprogs - 1 - k : k;
		struct prog_desc *pd = &p->progs[i];
		for (int j = 0; j < pd->naps; j++) {
			const struct attach_point *ap = &pd->aps[j];
			if (user != (ap->kind == PROBE_UPROBE || ap->kind == PROBE_URETPROBE || ap->kind == PROBE_USDT))
				continue;
			attach_fn fn = ap->kind < PROBE_KIND_MAX ? attach_fns[ap->kind] : NULL;
			int err = fn ? fn(rt, i, ap) : attach_unsupported(rt, i, ap);
			if (err < 0) {
				rt_detach(rt);
				return err;
			}
			/* > 0: an optional point skipped with a warning */
			if (err == 0 && !ap->internal)
				rt->nattached++;
		}
	}
	if (rt->opts.verbose) {
		int raw = 0, dispatched = 0;
		for (int i = 0; i < p->nprogs; i++)
			for (int j = 0; j < p->progs[i].naps; j++) {
				raw += p->progs[i].aps[j].raw_sys;
				dispatched += p->progs[i].aps[j].raw_sys && p->progs[i].aps[j].tail_map >= 0;
			}
		if (raw)
			fprintf(stderr, "sonde: %d syscalls tracepoints run on the raw sys_enter/sys_exit tracepoints "
				"(%d through a dispatcher)\n", raw, dispatched);
	}
	return 0;
}

void runtime_announce(struct runtime *rt)
{
	if (rt->opts.quiet)
		return;
	bool json = rt->opts.format == OUT_JSON;
	output_attached(json ? rt->out : stderr, rt->opts.format, rt->nattached);
	fflush(json ? rt->out : stderr);
}

struct closer {
	const struct rt_attachment *att;
	size_t n, first, step;
};

static void *close_some(void *arg)
{
	struct closer *c = arg;
	for (size_t i = c->first; i < c->n; i += c->step)
		if (c->att[i].fd >= 0)
			close(c->att[i].fd);
	return NULL;
}

/*
 * Closing the last perf event of a tracepoint waits for an RCU grace period
 * (tens of milliseconds): one by one, a few hundred probes take many seconds
 * to detach. Closed from several threads at once, the waits overlap.
 */
void rt_detach(struct runtime *rt)
{
	size_t n = rt->att.len, nthreads = n / 4;
	struct closer c[DETACH_THREADS];
	pthread_t tid[DETACH_THREADS];
	size_t started = 0;
	uint64_t t0 = now_ns(CLOCK_MONOTONIC);

	if (nthreads > DETACH_THREADS)
		nthreads = DETACH_THREADS;
	for (size_t t = 1; t < nthreads; t++) {
		c[t] = (struct closer){ rt->att.data, n, t, nthreads };
		if (pthread_create(&tid[t], NULL, close_some, &c[t]) != 0)
			break;
		started = t;
	}
	/* This thread takes the first share, and the shares of threads that did not start. */
	for (size_t i = 0; i < n; i++)
		if ((nthreads <= 1 || i % nthreads == 0 || i % nthreads > started) && rt->att.data[i].fd >= 0)
			close(rt->att.data[i].fd);
	for (size_t t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	rt->att.len = 0;
	/* no uprobe can stop the process any more: it must not stay stopped (once: rt_detach runs again at the end) */
	if (!rt->detached)
		rt_watch_resume(rt);
	rt->detached = true;
	/* -v: most of a short run's time can be the kernel's wait here, not sonde's work */
	if (n && rt->opts.verbose)
		fprintf(stderr, "sonde: detached %zu attachments in %.1f ms\n", n,
			(now_ns(CLOCK_MONOTONIC) - t0) / 1e6);
}

int rt_run_special(struct runtime *rt, enum probe_kind kind)
{
	return rt_run_self(rt, kind, 0);
}

int rt_run_self(struct runtime *rt, enum probe_kind kind, int sig)
{
	struct sonde_prog *p = rt->p;

	for (int i = 0; i < p->nprogs; i++) {
		struct prog_desc *pd = &p->progs[i];
		for (int j = 0; j < pd->naps; j++) {
			if (pd->aps[j].kind != kind || (sig && pd->aps[j].perf_config != (uint32_t)sig))
				continue;
			/* A raw tracepoint program runs once under test_run: no context, no attaching. */
			LIBBPF_OPTS(bpf_test_run_opts, o);
			if (bpf_prog_test_run_opts(pd->fd, &o) < 0) {
				int err = errno;
				diag_error(&pd->aps[j].loc, "cannot run the %s probe: %s", pd->aps[j].name,
					   strerror(err));
				return -err;
			}
		}
	}
	return 0;
}
