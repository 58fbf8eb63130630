/*
 * watch.c: watchpoints, hardware breakpoints as perf events. An absolute
 * address is attached with the other probes. The address of
 * watchpoint:FUNC+argN is known only when FUNC runs: its uprobe (the program
 * lower_watch_armer builds) stops the process and sends EV_WATCH_ARM; this
 * sets the breakpoint on the address for the process, then resumes it, so
 * that the breakpoint sees the next access. asyncwatchpoint does not stop it.
 */
#include "runtime_priv.h"
#include "diag.h"

#include <errno.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/*
 * A kernel address is watched on every CPU; a user address in the process of
 * -p or -c only (perf follows the task from CPU to CPU). A function's
 * argument is watched once the function runs (rt_watch_arm).
 */
int rt_attach_watchpoint(struct runtime *rt, int prog, const struct attach_point *ap)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_BREAKPOINT,
		.size = sizeof(attr),
		.bp_addr = ap->offset,
		.bp_len = ap->perf_type,
		.bp_type = ap->perf_config,
		.sample_period = 1,
	};
	if (ap->watch_func)
		return 0;
	int pid = ap->pid > 0 ? ap->pid : rt->p->cpid > 0 ? rt->p->cpid : -1;
	size_t first = rt->att.len;
	int err = pid > 0 ? rt_perf_attach_task(rt, prog, &attr, pid, -1) : rt_attach_on_cpus(rt, prog, ap, &attr, true);

	for (size_t i = first; i < rt->att.len; i++)
		rt->att.data[i].watch_addr = ap->offset;
	if (!err)
		return 0;
	if (err == -ENODEV || err == -ENOENT || err == -EOPNOTSUPP) {
		diag_error(&ap->loc, "cannot attach %s: hardware watchpoints are not available on this machine",
			   ap->name);
		diag_note("some virtual machines do not pass the CPU's debug registers through");
		return err;
	}
	if (err == -ENOSPC) {
		diag_error(&ap->loc, "cannot attach %s: every hardware debug register is in use "
			   "(x86 has 4 per CPU)", ap->name);
		return err;
	}
	if (err == -ESRCH) {
		diag_error(&ap->loc, "cannot attach %s: process %d does not exist", ap->name, pid);
		return err;
	}
	if (err == -EINVAL) {
		diag_error(&ap->loc, "cannot attach %s: the kernel refuses a watchpoint of this address, length "
			   "and mode", ap->name);
		diag_note("a watched address must be aligned to its length");
		return err;
	}
	diag_error(&ap->loc, "cannot attach %s: %s", ap->name, strerror(-err));
	return err;
}

void rt_unwatch(struct runtime *rt, uint64_t addr)
{
	for (size_t i = 0; i < rt->att.len; i++) {
		struct rt_attachment *a = &rt->att.data[i];
		if (a->watch_addr == addr && a->fd >= 0) {
			close(a->fd);
			a->fd = -1;
		}
	}
}

/* The process a function's argument is watched in: -p's, or -c's command. */
static int watch_pid(const struct runtime *rt, const struct attach_point *w)
{
	return w->pid > 0 ? w->pid : rt->p->cpid;
}

/* The program of the watchpoint's block: the one whose attach points hold w. */
static int watch_prog(const struct runtime *rt, const struct attach_point *w)
{
	for (int i = 0; i < rt->p->nprogs; i++) {
		const struct prog_desc *pd = &rt->p->progs[i];
		if (w >= pd->aps && w < pd->aps + pd->naps)
			return i;
	}
	return -1;
}

static size_t fails_of(const struct runtime *rt, const struct attach_point *w)
{
	size_t n = 0;
	for (size_t i = 0; i < rt->watch_fails.len; i++)
		n += rt->watch_fails.data[i].w == w;
	return n;
}

/*
 * As bpftrace: an address the kernel refuses (no debug register left, most
 * often) ends the run, unless config missing_probes says warn or ignore:
 * then the address goes unwatched. Said once per attach point; the count of
 * the others comes at the end (rt_watch_report).
 */
static void arm_failed(struct runtime *rt, const struct attach_point *w, uint64_t addr, int err)
{
	bool first = fails_of(rt, w) == 0;
	const char *why = err == -ENOSPC ? "no more hardware debug registers left (x86 has 4)"
			: err == -EINVAL ? "the kernel refuses a watchpoint there (an address must be aligned to "
					   "its length)"
			: strerror(-err);

	vec_push(&rt->watch_fails, ((struct rt_watch_fail){ .w = w, .addr = addr }));
	fflush(rt->out);
	switch (rt->p->config.missing_probes) {
	case MISSING_ERROR:
		diag_error(&w->loc, "cannot attach %s to address 0x%llx: %s", w->name, (unsigned long long)addr, why);
		diag_note("config = { missing_probes = \"warn\" } skips the addresses it cannot watch");
		rt->stop = true;
		rt->exit_code = 1;
		break;
	case MISSING_WARN:
		if (!first)
			break;
		diag_warn(&w->loc, "Unable to attach probe: %s. Skipping.", w->name);
		diag_note("watching address 0x%llx: %s", (unsigned long long)addr, why);
		break;
	case MISSING_IGNORE:
		break;
	}
}

/* A breakpoint on addr for w, unless w watches it already or could not. */
static void arm(struct runtime *rt, const struct attach_point *w, uint64_t addr, int pid)
{
	for (size_t i = 0; i < rt->att.len; i++)
		if (rt->att.data[i].watch_ap == w && rt->att.data[i].watch_addr == addr && rt->att.data[i].fd >= 0)
			return;
	for (size_t i = 0; i < rt->watch_fails.len; i++)
		if (rt->watch_fails.data[i].w == w && rt->watch_fails.data[i].addr == addr)
			return;
	int prog = watch_prog(rt, w);
	if (prog < 0 || pid <= 0)
		return;
	struct perf_event_attr attr = {
		.type = PERF_TYPE_BREAKPOINT,
		.size = sizeof(attr),
		.bp_addr = addr,
		.bp_len = w->perf_type,
		.bp_type = w->perf_config,
		.sample_period = 1,
	};
	size_t at = rt->att.len;
	int err = rt_perf_attach_task(rt, prog, &attr, pid, -1);
	if (!err) {
		rt->att.data[at].watch_addr = addr;
		rt->att.data[at].watch_ap = w;
		return;
	}
	/* the process is gone: nothing left to watch */
	if (err != -ESRCH)
		arm_failed(rt, w, addr, err);
}

static void resume(int pid)
{
	if (pid > 0 && kill(pid, SIGCONT) < 0 && errno != ESRCH)
		diag_runtime_warn("cannot resume process %d (SIGCONT): %s", pid, strerror(errno));
}

void rt_watch_arm(struct runtime *rt, uint32_t id, uint64_t addr)
{
	const struct sonde_prog *p = rt->p;

	if (id >= (uint32_t)p->nprogs || p->progs[id].naps != 1 || !p->progs[id].aps[0].watch_of)
		return;
	const struct attach_point *w = p->progs[id].aps[0].watch_of;
	int pid = watch_pid(rt, w);
	/* after exit() or detaching, only the process is resumed */
	if (!rt->detached && !rt->stop)
		arm(rt, w, addr, pid);
	if (!w->async)
		resume(pid);
}

void rt_watch_resume(struct runtime *rt)
{
	const struct sonde_prog *p = rt->p;
	int last = 0;

	for (int i = 0; i < p->nprogs; i++) {
		const struct attach_point *w = p->progs[i].naps == 1 ? p->progs[i].aps[0].watch_of : NULL;
		if (!w || w->async || watch_pid(rt, w) == last)
			continue;
		last = watch_pid(rt, w);
		resume(last);
	}
}

void rt_watch_report(struct runtime *rt)
{
	if (rt->p->config.missing_probes != MISSING_WARN)
		return;
	for (size_t i = 0; i < rt->watch_fails.len; i++) {
		const struct attach_point *w = rt->watch_fails.data[i].w;
		size_t n = fails_of(rt, w);
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = rt->watch_fails.data[j].w == w;
		if (!seen && n > 1)
			diag_warn(&w->loc, "%s: %zu more addresses were not watched either", w->name, n - 1);
	}
}
