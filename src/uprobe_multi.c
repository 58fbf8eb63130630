/*
 * uprobe_multi.c: user-space probes through BPF_TRACE_UPROBE_MULTI links
 * (Linux 6.6+), one link for all of a program's functions in one file.
 *
 * The reason is detaching. A uprobe perf event unregisters when closed and
 * waits for RCU grace periods under the kernel's event mutex, so closes do
 * not overlap: about 0.1 s a probe here (80 of libc's functions took 8.5 s
 * to detach, all 2,594 about six minutes). A link unregisters all of its
 * uprobes and waits once. Attaching is faster too: no perf event a probe.
 *
 * libbpf 1.1 predates the link type, so the link is created with the bpf
 * syscall and the attribute laid out here as the kernel's uapi has it.
 */
#include "runtime_priv.h"
#include "diag.h"
#include "uprobe_multi.h"
#include "kernel_probe.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* uapi values newer than the headers sonde builds against (Linux 6.1's) */
#define SONDE_BPF_TRACE_UPROBE_MULTI 48
#define SONDE_BPF_F_UPROBE_MULTI_RETURN 1u

/* union bpf_attr's link_create as BPF_LINK_CREATE reads it for uprobe_multi */
struct uprobe_multi_attr {
	uint32_t prog_fd, target_fd, attach_type, flags;
	uint64_t path, offsets, ref_ctr_offsets, cookies;
	uint32_t cnt, multi_flags, pid;
	uint32_t pad;
};

static int link_create(int prog_fd, const char *path, const uint64_t *offsets, const uint64_t *ref_ctr,
		       const uint64_t *cookies, uint32_t cnt, bool ret, int pid)
{
	struct uprobe_multi_attr a = {
		.prog_fd = (uint32_t)prog_fd,
		.attach_type = SONDE_BPF_TRACE_UPROBE_MULTI,
		.path = (uint64_t)(uintptr_t)path,
		.offsets = (uint64_t)(uintptr_t)offsets,
		.ref_ctr_offsets = (uint64_t)(uintptr_t)ref_ctr,
		.cookies = (uint64_t)(uintptr_t)cookies,
		.cnt = cnt,
		.multi_flags = ret ? SONDE_BPF_F_UPROBE_MULTI_RETURN : 0,
		.pid = pid > 0 ? (uint32_t)pid : 0,
	};
	int fd = (int)syscall(__NR_bpf, BPF_LINK_CREATE, &a, sizeof(a));
	return fd < 0 ? -errno : fd;
}

bool uprobe_multi_available(void)
{
	static int have = -1;

	if (have >= 0)
		return have;
	have = 0;
	const char *env = getenv("SONDE_UPROBE_MULTI");
	if (env && !strcmp(env, "0"))
		return have;
	int fd = kernel_load_empty(BPF_PROG_TYPE_KPROBE, SONDE_BPF_TRACE_UPROBE_MULTI, 0);
	if (fd < 0)
		return have;
	/* a kernel with the link type looks the file up and fails to find it; one without refuses the type */
	uint64_t off = 0;
	int link = link_create(fd, "/sonde/no/such/file", &off, NULL, NULL, 1, false, 0);
	if (link >= 0)
		close(link);
	else
		have = link == -ENOENT;
	close(fd);
	return have;
}

void uprobe_warn_refused(const struct attach_point *ap)
{
	diag_warn(&ap->loc, "skipping %s: the kernel cannot place a uprobe on that instruction", ap->name);
}

static bool user_kind(enum probe_kind k)
{
	return k == PROBE_UPROBE || k == PROBE_URETPROBE || k == PROBE_USDT;
}

void uprobe_multi_prepare(struct prog_desc *pd)
{
	if (pd->naps == 0 || !user_kind(pd->aps[0].kind))
		return;
	for (int i = 1; i < pd->naps; i++) {
		const struct attach_point *a = &pd->aps[0], *b = &pd->aps[i];
		/* one link: one file, one kind (entry or return), one process filter */
		if (b->kind != a->kind || strcmp(b->target, a->target) || b->pid != a->pid)
			return;
	}
	if (uprobe_multi_available())
		pd->expected_attach_type = SONDE_BPF_TRACE_UPROBE_MULTI;
}

bool uprobe_multi_used(const struct prog_desc *pd)
{
	return pd->expected_attach_type == SONDE_BPF_TRACE_UPROBE_MULTI;
}

struct span {
	struct runtime *rt;
	int prog;
	const struct prog_desc *pd;
	int pid;
	uint64_t *offsets, *ref_ctr;
	uint64_t *cookies;        /* each attach point's index: `probe` by cookie (lower.c) */
	int *index;               /* the attach point of each entry of these arrays */
	bool any_ref_ctr;
	bool *skipped;
};

static int span_error(const struct span *s, const struct attach_point *ap, int err, uint32_t cnt)
{
	const char *what = cnt > 1 ? "the functions of " : "";
	switch (err) {
	case UPROBE_ENOTSUPP:
		diag_error(&ap->loc, "cannot attach %s%s: the kernel cannot place a uprobe on that instruction", what,
			   ap->name);
		break;
	case ESRCH:
		diag_error(&ap->loc, "cannot attach %s: process %d does not exist", ap->name, s->pid);
		break;
	case ENOENT:
		diag_error(&ap->loc, "cannot attach %s: %s does not exist", ap->name, ap->target);
		break;
	default:
		diag_error(&ap->loc, "cannot attach %s%s: %s", what, ap->name, strerror(err));
		if (err == EPERM || err == EACCES)
			diag_note("sonde needs to run as root (or with CAP_BPF and CAP_PERFMON)");
		break;
	}
	return -err;
}

/*
 * One link for aps [lo, hi). A wildcard may match a function whose first
 * instruction uprobes refuse, and the kernel then refuses the whole link
 * without saying which: the span is halved until that function stands
 * alone, is skipped with a warning, and the rest attach in a few links.
 */
static int attach_span(struct span *s, int lo, int hi)
{
	const struct attach_point *first = &s->pd->aps[s->index[lo]];
	uint32_t cnt = (uint32_t)(hi - lo);
	int fd = link_create(s->pd->fd, first->target, s->offsets + lo, s->any_ref_ctr ? s->ref_ctr + lo : NULL,
			     s->cookies + lo, cnt, first->kind == PROBE_URETPROBE, s->pid);
	if (fd >= 0) {
		vec_push(&s->rt->att, ((struct rt_attachment){ .fd = fd, .prog = s->prog }));
		return 0;
	}
	int err = -fd;
	bool optional = true;
	for (int i = lo; i < hi; i++)
		optional &= s->pd->aps[s->index[i]].optional;
	if (err != UPROBE_ENOTSUPP || !optional)
		return span_error(s, first, err, cnt);
	if (cnt == 1) {
		uprobe_warn_refused(first);
		s->skipped[s->index[lo]] = true;
		return 0;
	}
	int mid = lo + (hi - lo) / 2;
	int e = attach_span(s, lo, mid);
	return e ? e : attach_span(s, mid, hi);
}

/*
 * Whether x86-64 uprobes refuse the instruction at `off` in the file: the
 * kernel refuses a lock or segment-override prefix (uprobes.c,
 * is_prefix_bad), as at libc's pthread_spin_lock. Knowing it up front
 * spares a failed link (registering its uprobes, then waiting to
 * unregister them) for each halving; the halving still catches the rest.
 */
static bool refused_prefix(int fd, uint64_t off)
{
#if defined(__x86_64__)
	uint8_t b[15];
	ssize_t n = pread(fd, b, sizeof(b), (off_t)off);
	for (ssize_t i = 0; i < n; i++) {
		switch (b[i]) {
		case 0xf0: case 0x26: case 0x2e: case 0x36: case 0x3e:
			return true;
		case 0x66: case 0x67: case 0xf2: case 0xf3: case 0x64: case 0x65:
			continue;   /* other legacy prefixes: look further */
		default:
			return false;
		}
	}
#else
	(void)fd;
	(void)off;
#endif
	return false;
}

int uprobe_multi_attach(struct runtime *rt, int prog, const struct attach_point *ap)
{
	const struct prog_desc *pd = &rt->p->progs[prog];
	int idx = (int)(ap - pd->aps);

	/* the first attach point attaches them all; the others report how that went */
	if (idx > 0)
		return rt->multi_skipped && rt->multi_skipped[idx] ? 1 : 0;
	free(rt->multi_skipped);
	rt->multi_skipped = xcalloc(pd->naps, sizeof(bool));
	struct span s = {
		.rt = rt,
		.prog = prog,
		.pd = pd,
		/* -p PID, else -c's command: only that process fires the probes */
		.pid = ap->pid > 0 ? ap->pid : rt->p->cpid > 0 ? rt->p->cpid : 0,
		.offsets = xcalloc(pd->naps, sizeof(uint64_t)),
		.ref_ctr = xcalloc(pd->naps, sizeof(uint64_t)),
		.cookies = xcalloc(pd->naps, sizeof(uint64_t)),
		.index = xcalloc(pd->naps, sizeof(int)),
		.skipped = rt->multi_skipped,
	};
	int file = open(ap->target, O_RDONLY | O_CLOEXEC), n = 0;
	for (int i = 0; i < pd->naps; i++) {
		const struct attach_point *a = &pd->aps[i];
		if (a->optional && file >= 0 && refused_prefix(file, a->file_offset)) {
			uprobe_warn_refused(a);
			s.skipped[i] = true;
			continue;
		}
		s.offsets[n] = a->file_offset;
		s.ref_ctr[n] = a->ref_ctr_offset;
		s.any_ref_ctr |= s.ref_ctr[n] != 0;
		s.cookies[n] = (uint64_t)i;
		s.index[n++] = i;
	}
	if (file >= 0)
		close(file);
	int err = n ? attach_span(&s, 0, n) : 0;
	free(s.offsets);
	free(s.ref_ctr);
	free(s.cookies);
	free(s.index);
	return err ? err : s.skipped[0] ? 1 : 0;
}
